// What a build tells GitHub Actions when it runs there (GITHUB_ACTIONS=true): a job summary in
// $GITHUB_STEP_SUMMARY and step outputs in $GITHUB_OUTPUT.
import Foundation

public enum GitHubActions {
    public static func isActive(_ environment: [String: String]) -> Bool {
        environment["GITHUB_ACTIONS"] == "true"
    }

    /// Appends the summary and the step outputs for a finished build.
    public static func report(
        _ result: BuildResult, title: String, manifest: URL?, environment: [String: String]
    ) throws {
        if let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            try append(summary(result, title: title), to: path)
        }
        if let path = environment["GITHUB_OUTPUT"], !path.isEmpty {
            try append(outputs(result, manifest: manifest), to: path)
        }
    }

    /// Markdown for the job summary: the book's numbers, findings by severity with the first few,
    /// and the outputs with sizes and checksums.
    static func summary(_ result: BuildResult, title: String) -> String {
        var text = "## \(title)\(result.bookVersion.map { " \($0)" } ?? "")\n\n"
        text += "\(result.chapterCount.counting("chapter")), \(result.wordCount.counting("word")), build \(result.version).\n\n"
        let errors = result.diagnostics.filter { $0.severity == .error }
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        text += "**Findings:** \(errors.count.counting("error")), \(warnings.count.counting("warning"))\n\n"
        for diagnostic in (errors + warnings).prefix(5) {
            text += "- `\(diagnostic.location.map(\.description) ?? "-")` \(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        }
        text += "\n| output | size | SHA-256 |\n|---|---:|---|\n"
        for output in result.outputs {
            text += "| \(output.url.lastPathComponent) | \(output.sizeBytes) | `\(output.checksum)` |\n"
        }
        return text + "\n"
    }

    /// `name=value` lines: `epub`, `html`, `manifest`, `version`, `word_count`.
    static func outputs(_ result: BuildResult, manifest: URL?) -> String {
        var lines: [String] = result.outputs.map { "\($0.format.rawValue)=\($0.url.path)" }
        if let manifest { lines.append("manifest=\(manifest.path)") }
        lines.append("version=\(result.bookVersion ?? String(result.version))")
        lines.append("word_count=\(result.wordCount)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// GitHub shows at most this many annotations of each kind per step.
    public static let annotationsPerKind = 10

    /// The one writer of workflow annotations: errors first, at most `annotationsPerKind` of
    /// each kind, then one plain line counting the rest (`subject` names what they are, `see`
    /// where to find them). Paths get `pathPrefix`, the manuscript's folder in the repository.
    public static func annotations(
        _ diagnostics: [Diagnostic], pathPrefix: String = "", subject: String = "DraftForge",
        see: String = "the build log or continuity.sarif"
    ) -> [String] {
        var lines: [String] = []
        var omitted: [(kind: String, count: Int)] = []
        for severity in [Diagnostic.Severity.error, .warning, .info] {
            let ofKind = diagnostics.filter { $0.severity == severity }
            lines += ofKind.prefix(annotationsPerKind).map { annotation($0, pathPrefix: pathPrefix) }
            if ofKind.count > annotationsPerKind { omitted.append((kind(severity), ofKind.count - annotationsPerKind)) }
        }
        if !omitted.isEmpty {
            let total = omitted.reduce(0) { $0 + $1.count }
            let parts = omitted.map { "\($0.count) \($0.kind)\($0.count == 1 ? "" : "s")" }.joined(separator: ", ")
            lines.append("\(subject): \(total) more finding\(total == 1 ? "" : "s") not shown as annotations (\(parts)); see \(see)")
        }
        return lines
    }

    /// A workflow annotation (`::error file=…,line=…,col=…,title=code id::“quote”: message`).
    public static func annotation(_ diagnostic: Diagnostic, pathPrefix: String = "") -> String {
        var properties: [String] = []
        if let location = diagnostic.location, !location.file.isEmpty {
            properties.append("file=" + escapeProperty(pathPrefix + location.file))
            if let line = location.line, line >= 1 {
                properties.append("line=\(line)")
                if let column = location.column { properties.append("col=\(column)") }
            }
        }
        properties.append("title=" + escapeProperty("\(diagnostic.code) \(diagnostic.id ?? "")".trimmed))
        var message = diagnostic.message
        if let quote = diagnostic.quote, !quote.isEmpty { message = "“\(quote)”: " + message }
        if let suggestion = diagnostic.suggestion { message += "\nSuggestion: " + suggestion }
        return "::\(kind(diagnostic.severity)) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    private static func kind(_ severity: Diagnostic.Severity) -> String { severity == .info ? "notice" : severity.rawValue }

    /// GitHub's escaping of a workflow command's message, then every other control character
    /// escaped, so nothing in it starts a command or reaches the log viewer as an escape sequence.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A").escapingControlCharacters
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    private static func append(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
