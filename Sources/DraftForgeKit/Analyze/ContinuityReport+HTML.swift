// The report as an HTML fragment for the site's continuity page: findings grouped by chapter
// in reading order, each with its place (linked when the caller can link lines), severity,
// quote, message and suggestion. The fragment has no <html> or <body>; the site wraps it.
import Foundation

extension ContinuityReport {
    /// `link` turns a location into an href (a chapter page's line anchor, a repository URL);
    /// when it returns nil the place is plain text.
    public func htmlFragment(
        minimum: Diagnostic.Severity = .info, strings: InterfaceStrings = .english,
        link: (SourceLocation) -> String? = { _ in nil }
    ) -> String {
        let shown = findings(atLeast: minimum)
        var html = "<section class=\"continuity-report\">\n"
        html += "<p class=\"continuity-summary\">\(escape(summary(shown, strings)))</p>\n"
        var groups: [(title: String, path: String?, findings: [Diagnostic])] = chapters.map { ($0.title, $0.path, []) }
        var position = Dictionary(uniqueKeysWithValues: chapters.enumerated().map { ($1.path, $0) })
        for finding in shown {
            let file = finding.location?.file
            if let file, let index = position[file] {
                groups[index].findings.append(finding)
            } else {
                let title = file ?? strings["whole_book"]
                position[file ?? ""] = groups.count
                groups.append((title, file, [finding]))
            }
        }
        for group in groups where !group.findings.isEmpty {
            html += "<section class=\"continuity-chapter\">\n<h2>\(escape(group.title))"
            if let path = group.path, path != group.title { html += " <small>\(escape(path))</small>" }
            html += "</h2>\n<ol class=\"continuity-findings\">\n"
            for finding in group.findings {
                let classes = "finding finding-\(finding.severity.rawValue)\(finding.isWaived ? " finding-waived" : "")"
                html += "<li class=\"\(classes)\" id=\"\(escape(finding.id ?? ""))\">\n"
                if let location = finding.location {
                    if let href = link(location) {
                        html += "<a class=\"finding-place\" href=\"\(escape(href))\">\(escape(location.description))</a>\n"
                    } else {
                        html += "<span class=\"finding-place\">\(escape(location.description))</span>\n"
                    }
                }
                html += "<span class=\"finding-severity\">\(escape(strings["severity_" + finding.severity.rawValue]))</span> "
                html += "<code class=\"finding-code\">\(escape(finding.code))</code>"
                if finding.isBlocking { html += " <span class=\"finding-blocking\">\(escape(strings["blocks_export"]))</span>" }
                if finding.isWaived { html += " <span class=\"finding-status\">\(escape(strings["waived"]))</span>" }
                html += "\n"
                if let quote = finding.quote, !quote.isEmpty {
                    html += "<blockquote class=\"finding-quote\">\(escape(quote))</blockquote>\n"
                }
                html += "<p class=\"finding-message\">\(escape(finding.message))</p>\n"
                if let suggestion = finding.suggestion {
                    html += "<p class=\"finding-suggestion\">\(escape(strings.format("suggestion", ["text": suggestion])))</p>\n"
                }
                if let reason = finding.waiverReason {
                    html += "<p class=\"finding-waiver\">\(escape(strings.format("waiver", ["text": reason])))</p>\n"
                }
                html += "</li>\n"
            }
            html += "</ol>\n</section>\n"
        }
        html += "</section>\n"
        return html
    }

    /// The page's first line: "3 findings in 6 files: 1 error, 2 warnings, 0 notes. 1 finding blocks export."
    private func summary(_ shown: [Diagnostic], _ strings: InterfaceStrings) -> String {
        let files = strings.count("file_count", stats.filesAnalyzed)
        guard !shown.isEmpty else { return strings.format("no_findings", ["files": files]) }
        let counts = SeverityCounts(shown)
        var text = strings.format("continuity_summary", [
            "findings": strings.count("finding_count", shown.count), "files": files,
            "errors": strings.count("error_count", counts.error), "warnings": strings.count("warning_count", counts.warning),
            "notes": strings.count("note_count", counts.info),
        ])
        let blocking = shown.count(where: \.isBlocking)
        let waived = shown.count(where: \.isWaived)
        if blocking > 0 { text += " " + strings.count("blocking_summary", blocking) }
        if waived > 0 { text += " " + strings.count("waived_summary", waived) }
        return text
    }

    private func escape(_ text: String) -> String {
        // Most text has nothing to escape: look at the bytes before walking the characters.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
