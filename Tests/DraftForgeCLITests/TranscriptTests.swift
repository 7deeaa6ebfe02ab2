// Command transcripts (pandoc's test/command/*.md): each file in Transcripts/ is one case, a
// newcomer's mistake, with the manuscript it runs in, the command, and what the built binary
// printed. The format:
//
//     # Comment lines first: what the case shows, and what is poor about today's output.
//     <<< draftforge.yml            a file of the manuscript, up to the next <<< or % line
//     title: A Book
//     % draftforge build            the command, run in the manuscript's folder ([ROOT])
//     a line of standard output
//     2> a line of standard error
//     => 2                          the exit code
//
// Standard output comes first, then standard error, each in order (their interleaving is not
// kept). Paths are written as [ROOT], output sizes as [SIZE], the build's duration as
// [DURATION]. RECORD_GOLDEN=1 rewrites every transcript from its command on; the tests then
// fail once, so review the diff.
import DraftForgeTestSupport
import Foundation
import Testing

@Suite("Command transcripts")
struct TranscriptTests {
    static let folder = CommandLineTests.packageRoot.appendingPathComponent("Tests/DraftForgeCLITests/Transcripts")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// A transcript file, split into the part the test keeps and the output it checks.
    struct Transcript {
        /// The comments, files and command, as written.
        var input: [String] = []
        var files: [(path: String, text: String)] = []
        var arguments: [String] = []

        init(_ text: String) throws {
            var current: (path: String, lines: [String])?
            func finishFile() {
                if let file = current { files.append((file.path, file.lines.map { $0 + "\n" }.joined())) }
                current = nil
            }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasPrefix("<<< ") {
                    finishFile()
                    current = (String(line.dropFirst(4)), [])
                } else if line.hasPrefix("% draftforge") {
                    finishFile()
                    input.append(line)
                    arguments = line.split(separator: " ").dropFirst(2).map(String.init)
                    return
                } else if current != nil {
                    current?.lines.append(line)
                } else if !line.hasPrefix("#") && !line.isEmpty {
                    throw TestError("a line before the first file is not a comment: \(line)")
                }
                input.append(line)
            }
            throw TestError("the transcript has no '% draftforge' line")
        }
    }

    /// The lines of a command's output; a last line without a newline counts too.
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// What `draftforge --version` prints, masked as [VERSION].
    static func toolVersion() throws -> String {
        try CommandLineTests().draftforge(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: cases)
    func transcript(_ name: String) throws {
        let url = Self.folder.appendingPathComponent("\(name).txt")
        let transcript = try Transcript(try String(contentsOf: url, encoding: .utf8))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-transcript-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in transcript.files {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let arguments = transcript.arguments.map { $0.replacingOccurrences(of: "[ROOT]", with: root.path) }
        let run = try CommandLineTests().draftforge(
            arguments, in: root, environment: ["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "COLUMNS": "100"])
        var output = transcript.input.map { $0 + "\n" }.joined()
        output += Self.lines(run.stdout).map { $0 + "\n" }.joined()
        output += Self.lines(run.stderr).map { "2> \($0)\n" }.joined()
        output += "=> \(run.status)\n"
        let masks = GoldenMask.root(root) + GoldenMask.volatile(toolVersion: try Self.toolVersion())
            + [
                GoldenMask.pattern(#"\(([0-9]+ files?, )?[0-9.,]+ (bytes|KB|MB)\)"#, "($1[SIZE])"),
                GoldenMask.pattern(#"(?m)(, in )[0-9]+(\.[0-9]+)? (s|ms)$"#, "$1[DURATION]"),
            ]
        try Golden.verify(output, matches: url, masks: masks)
    }
}
