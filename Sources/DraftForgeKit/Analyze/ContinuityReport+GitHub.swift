// The report as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::…`).
// GitHub shows at most 10 annotations of each kind per step, so errors come first, each kind is
// cut at 10, and one plain line counts what was left out.
import Foundation

extension ContinuityReport {
    public static let annotationsPerKind = 10

    /// The lines to print, waived findings left out.
    public func githubAnnotations(minimum: Diagnostic.Severity = .info, pathPrefix: String = "") -> [String] {
        let open = findings(atLeast: minimum).filter { !$0.isWaived }
        var lines: [String] = []
        var omitted: [(String, Int)] = []
        for (severity, kind) in [(Diagnostic.Severity.error, "error"), (.warning, "warning"), (.info, "notice")] {
            let ofKind = open.filter { $0.severity == severity }
            for finding in ofKind.prefix(Self.annotationsPerKind) {
                var properties: [String] = []
                if let location = finding.location, !location.file.isEmpty {
                    properties.append("file=" + Self.escapeProperty(pathPrefix + location.file))
                    if let line = location.line, line >= 1 {
                        properties.append("line=\(line)")
                        if let column = location.column { properties.append("col=\(column)") }
                    }
                }
                properties.append("title=" + Self.escapeProperty("\(finding.code) \(finding.id ?? "")".trimmed))
                var message = finding.message
                if let quote = finding.quote, !quote.isEmpty { message = "“\(quote)”: " + message }
                if let suggestion = finding.suggestion { message += "\nSuggestion: " + suggestion }
                lines.append("::\(kind) \(properties.joined(separator: ","))::\(Self.escapeData(message))")
            }
            if ofKind.count > Self.annotationsPerKind {
                omitted.append((kind == "notice" ? "notice" : kind, ofKind.count - Self.annotationsPerKind))
            }
        }
        if !omitted.isEmpty {
            let total = omitted.reduce(0) { $0 + $1.1 }
            let parts = omitted.map { "\($0.1) \($0.0)\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
            lines.append("DraftForge continuity: \(total) more finding\(total == 1 ? "" : "s") not shown as annotations (\(parts)); see continuity.json or continuity.sarif")
        }
        return lines
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// The manuscript's folder relative to the GitHub workspace ("" at its root), so annotation
    /// and SARIF paths are relative to the repository.
    public static func repositoryPrefix(root: URL, environment: [String: String]) -> String {
        guard let workspace = environment["GITHUB_WORKSPACE"], !workspace.isEmpty else { return "" }
        let base = URL(fileURLWithPath: workspace).standardizedFileURL.resolvingSymlinksInPath().path
        let path = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard path.hasPrefix(base + "/") else { return "" }
        return String(path.dropFirst(base.count + 1)) + "/"
    }
}
