// Golden files: an output compared with a file, or a whole output tree compared with an
// `expected/` folder holding one file per entry. `RECORD_GOLDEN=1` rewrites them instead, and the
// check then fails once, so the change is reviewed as a diff. Volatile text (paths, dates,
// durations, versions, commit ids) is masked before it is compared or recorded.
import Foundation

/// One rewrite applied to text before it is compared or recorded, such as an absolute path
/// becoming `[ROOT]`.
public struct GoldenMask: Sendable {
    public let apply: @Sendable (String) -> String

    public init(_ apply: @escaping @Sendable (String) -> String) { self.apply = apply }

    /// Every occurrence of `text` becomes `placeholder`; nothing when `text` is empty.
    public static func literal(_ text: String, _ placeholder: String) -> GoldenMask {
        GoldenMask { text.isEmpty ? $0 : $0.replacingOccurrences(of: text, with: placeholder) }
    }

    /// Every match of the regular expression `pattern` becomes `template` (`$1` names a group).
    public static func pattern(_ pattern: String, _ template: String) -> GoldenMask {
        let regex = try! NSRegularExpression(pattern: pattern)
        return GoldenMask { text in
            regex.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
    }

    /// The value of every JSON member `key` (a string, number or null) becomes `"placeholder"`.
    public static func jsonValue(_ key: String, _ placeholder: String) -> GoldenMask {
        pattern(
            #"("\#(NSRegularExpression.escapedPattern(for: key))"\s*:\s*)("(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|null)"#,
            "$1\"\(NSRegularExpression.escapedTemplate(for: placeholder))\"")
    }

    /// An absolute folder (and its symlink-resolved spelling) becomes `[ROOT]`.
    public static func root(_ folder: URL, _ placeholder: String = "[ROOT]") -> [GoldenMask] {
        let paths = Set([folder.path, folder.resolvingSymlinksInPath().path, folder.standardizedFileURL.path])
        // Longest first, so that /private/tmp/x is not half-masked as /private[ROOT].
        return paths.sorted { $0.count > $1.count }.map { literal($0, placeholder) }
    }

    /// What every build output hides: timestamps (the manifest's, the continuity run's, the stats'
    /// and `dcterms:modified`), durations, export job ids, Git commits and branches, the
    /// outputs' checksums and byte sizes (zlib's output may differ between machines; the
    /// entries themselves are compared), and the tool's version.
    public static func volatile(toolVersion: String) -> [GoldenMask] {
        let dates = ["started_at", "completed_at", "created_at", "expires_at", "generated_at", "last_commit_at"]
        let uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        return dates.map { jsonValue($0, "[DATE]") }
            + [
                jsonValue("duration_seconds", "[DURATION]"),
                jsonValue("source_ref", "[COMMIT]"), jsonValue("last_commit_sha", "[COMMIT]"),
                jsonValue("source_branch", "[BRANCH]"),
                jsonValue("output_checksum", "[CHECKSUM]"), jsonValue("output_size_bytes", "[SIZE]"),
                pattern(#"\(([0-9]+ files?, )?[0-9]+ bytes\)"#, "($1[SIZE])"),
                pattern(#"("id"\s*:\s*)"\#(uuid)""#, #"$1"[ID]""#),
                pattern(#"(<meta property="dcterms:modified">)[^<]*(</meta>)"#, "$1[DATE]$2"),
                pattern(#"(<dcterms:(modified|created)[^>]*>)[^<]*(</dcterms:(modified|created)>)"#, "$1[DATE]$3"),
                literal("DraftForge \(toolVersion)", "DraftForge [VERSION]"),
                pattern(
                    #"("(tool_version|semanticVersion|version)"\s*:\s*)"\#(NSRegularExpression.escapedPattern(for: toolVersion))""#,
                    #"$1"[VERSION]""#),
            ]
    }
}

/// Golden-file checks. Each throws a `TestError` naming the first difference, or, when
/// `RECORD_GOLDEN` is set, records the output and throws once so the test shows it was recorded.
public enum Golden {
    /// True when `RECORD_GOLDEN` is set: the checks write their golden files instead.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil }

    /// Compares `text`, masked, with the file `expected`.
    public static func verify(_ text: String, matches expected: URL, masks: [GoldenMask] = []) throws {
        let actual = mask(text, masks)
        if isRecording {
            try write(Data(actual.utf8), to: expected)
            throw TestError("recorded \(expected.path); review the diff and run again without RECORD_GOLDEN")
        }
        guard let data = FileManager.default.contents(atPath: expected.path) else {
            throw TestError("no golden file \(expected.path); RECORD_GOLDEN=1 records it")
        }
        if let difference = firstDifference(expected: String(decoding: data, as: UTF8.self), actual: actual) {
            throw TestError("\(expected.lastPathComponent) differs from the golden file \(expected.path): \(difference)\nRECORD_GOLDEN=1 re-records it")
        }
    }

    /// Compares a whole output tree (relative path → bytes) with the folder `expected`, which
    /// holds one file per entry. Text entries are masked and compared as text (line endings
    /// normalised); a binary entry, or one `digestOnly` picks (a stylesheet copied from
    /// Templates/, say), is pinned by `<name>.sha256`, its digest and size. Recording replaces
    /// the folder.
    public static func verify(
        tree: [String: Data], matches expected: URL, masks: [GoldenMask] = [],
        digestOnly: (String) -> Bool = { _ in false }
    ) throws {
        var actual: [String: String] = [:]
        for (path, data) in tree {
            if isText(data) && !digestOnly(path) {
                actual[path] = mask(String(decoding: data, as: UTF8.self), masks)
            } else {
                actual[path + ".sha256"] = "sha256 \(SHA256.hex(data))\nbytes \(data.count)\n"
            }
        }
        if isRecording {
            try? FileManager.default.removeItem(at: expected)
            for (path, text) in actual { try write(Data(text.utf8), to: expected.appendingPathComponent(path)) }
            throw TestError("recorded \(actual.count) files in \(expected.path); review the diff and run again without RECORD_GOLDEN")
        }
        guard FileManager.default.fileExists(atPath: expected.path) else {
            throw TestError("no golden folder \(expected.path); RECORD_GOLDEN=1 records it")
        }
        let golden = try files(in: expected).mapValues { String(decoding: $0, as: UTF8.self) }
        var problems: [String] = []
        let missing = Set(golden.keys).subtracting(actual.keys).sorted()
        let extra = Set(actual.keys).subtracting(golden.keys).sorted()
        if !missing.isEmpty { problems.append("missing from the output: \(missing.joined(separator: ", "))") }
        if !extra.isEmpty { problems.append("not in the golden folder: \(extra.joined(separator: ", "))") }
        for path in Set(golden.keys).intersection(actual.keys).sorted() {
            if let difference = firstDifference(expected: golden[path] ?? "", actual: actual[path] ?? "") {
                problems.append("\(path): \(difference)")
            }
        }
        guard problems.isEmpty else {
            throw TestError(
                "the output differs from \(expected.path):\n" + problems.joined(separator: "\n")
                    + "\nRECORD_GOLDEN=1 re-records it; review the diff")
        }
    }

    /// Every regular file under `folder` by relative path, with its bytes.
    public static func files(in folder: URL) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard FileManager.default.fileExists(atPath: base),
            let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { throw TestError("no folder \(folder.path)") }
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            contents[String(path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
        }
        return contents
    }

    /// The entries of a zip archive (unpacked with `unzip`) by name, with their bytes.
    public static func unzip(_ archive: URL) throws -> [String: Data] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-unzip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runCommand(["unzip", "-q", "-o", archive.path, "-d", folder.path])
        guard result.status == 0 else { throw TestError("unzip \(archive.path) failed: \(result.output)") }
        return try files(in: folder)
    }

    /// The entries of a zip archive in stored order, one line each: `name method`, where the
    /// method is `stored` or `deflated` (what the container rules care about). Read from the
    /// central directory here, so no tool's messages or locale can leak in.
    public static func zipListing(_ archive: URL) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: archive))
        func integer(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        guard bytes.count >= 22,
            let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { integer($0, 4) == 0x0605_4b50 })
        else { throw TestError("\(archive.path) has no end of central directory") }
        var offset = integer(end + 16, 4)
        var lines = ""
        for _ in 0..<integer(end + 10, 2) {
            guard offset + 46 <= bytes.count, integer(offset, 4) == 0x0201_4b50 else {
                throw TestError("\(archive.path): bad central directory entry at \(offset)")
            }
            let method = integer(offset + 10, 2)
            let (nameLength, extraLength, commentLength) = (integer(offset + 28, 2), integer(offset + 30, 2), integer(offset + 32, 2))
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            lines += "\(name) \(method == 0 ? "stored" : method == 8 ? "deflated" : "method-\(method)")\n"
            offset += 46 + nameLength + extraLength + commentLength
        }
        return lines
    }

    /// Text is valid UTF-8 without NUL bytes; everything else is compared as bytes.
    static func isText(_ data: Data) -> Bool {
        !data.contains(0) && String(data: data, encoding: .utf8) != nil
    }

    static func mask(_ text: String, _ masks: [GoldenMask]) -> String {
        masks.reduce(text.replacingOccurrences(of: "\r\n", with: "\n")) { $1.apply($0) }
    }

    /// Where two texts first differ, as a line number with both lines; nil when they are equal.
    public static func firstDifference(expected: String, actual: String) -> String? {
        let want = expected.replacingOccurrences(of: "\r\n", with: "\n")
        let got = actual.replacingOccurrences(of: "\r\n", with: "\n")
        guard want != got else { return nil }
        let wantLines = want.split(separator: "\n", omittingEmptySubsequences: false)
        let gotLines = got.split(separator: "\n", omittingEmptySubsequences: false)
        let index = zip(wantLines, gotLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(wantLines.count, gotLines.count)
        // The column where the lines part; long lines are shown from a little before it.
        var column: Int?
        if index < wantLines.count, index < gotLines.count {
            let (a, b) = (wantLines[index], gotLines[index])
            column = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        }
        let start = max(0, (column ?? 0) - 60)
        func line(_ lines: [Substring]) -> String {
            guard index < lines.count else { return "(end of text)" }
            let text = lines[index]
            let excerpt = text.dropFirst(start).prefix(200)
            return "\"" + (start > 0 ? "…" : "") + excerpt + (text.count > start + 200 ? "…" : "") + "\""
        }
        var message = "first difference at line \(index + 1)\n  expected: \(line(wantLines))\n  actual:   \(line(gotLines))"
        if let column { message += "\n  (column \(column + 1))" }
        return message
    }

    private static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
}
