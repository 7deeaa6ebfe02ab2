// The report as SARIF 2.1.0 (`continuity.sarif`), one rule per check, so GitHub code scanning
// shows the findings on their lines. Paths are relative to the repository root when
// `pathPrefix` (the manuscript's folder in the repository) is given.
import Foundation

extension ContinuityReport {
    /// The SARIF level of a severity.
    static func sarifLevel(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// The severity a check's findings usually have, for the rule's default level.
    static func defaultSeverity(_ code: DiagnosticCode) -> Diagnostic.Severity {
        switch code {
        case .attributeContradiction, .dateOrder, .weekdayMismatch, .ageMismatch, .actsAfterDeath, .forbiddenPattern,
            .missingImage, .remoteImage, .imageOutsideRoot, .unsupportedImage:
            return .error
        case .noWordList: return .info
        default: return .warning
        }
    }

    public func sarif(minimum: Diagnostic.Severity = .info, pathPrefix: String = "") -> Data {
        sarifText(minimum: minimum, pathPrefix: pathPrefix).file()
    }

    func sarifText(minimum: Diagnostic.Severity = .info, pathPrefix: String = "") -> JSONTextWriter {
        let codes = DiagnosticCode.findingCodes
        let ruleIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1.rawValue, $0) })
        let rules: [JSONValue] = codes.map { code in
            [
                "id": .string(code.rawValue),
                "name": .string(code.rawValue.split(whereSeparator: { !$0.isLetter }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()),
                "shortDescription": ["text": .string(code.summary)],
                "defaultConfiguration": ["level": .string(Self.sarifLevel(Self.defaultSeverity(code)))],
                "properties": ["category": .string(code.category.rawValue)],
            ]
        }
        // Written as text as it goes, not built as JSONValues: with tens of thousands of findings
        // a dictionary for each of their objects was most of the build. A result a line: half
        // the bytes of indented ones, and still a line to grep or diff per finding.
        let shown = findings(atLeast: minimum)
        var json = JSONTextWriter()
        json.openObject()
        json.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        json.key("runs")
        json.openArray()
        json.openObject()
        json.member("columnKind", "unicodeCodePoints")
        json.key("results")
        json.openArray()
        Self.writeItems(shown, into: &json, bytesEach: 560) { findings, json in
            var uris: [String: String] = [:]
            for finding in findings {
                var text = finding.message
                if let suggestion = finding.suggestion { text += ". Suggestion: " + suggestion }
                json.openInlineObject()
                json.member("level", Self.sarifLevel(finding.severity))
                if let location = finding.location, !location.file.isEmpty {
                    let path = pathPrefix + location.file
                    let uri = uris[path] ?? Self.uri(path)
                    uris[path] = uri
                    json.key("locations")
                    json.openArray()
                    json.openObject()
                    json.key("physicalLocation")
                    json.openObject()
                    json.key("artifactLocation")
                    json.openObject()
                    json.member("uri", uri)
                    json.member("uriBaseId", "%SRCROOT%")
                    json.closeObject()
                    if let line = location.line, line >= 1 {
                        json.key("region")
                        json.openObject()
                        if let quote = finding.quote, !quote.isEmpty {
                            json.key("snippet")
                            json.openObject()
                            json.member("text", quote)
                            json.closeObject()
                        }
                        if let column = location.column, column >= 1 { json.member("startColumn", column) }
                        json.member("startLine", line)
                        json.closeObject()
                    }
                    json.closeObject()
                    json.closeObject()
                    json.closeArray()
                }
                json.key("message")
                json.openObject()
                json.member("text", text)
                json.closeObject()
                json.key("partialFingerprints")
                json.openObject()
                json.member("draftforgeId/v1", finding.id ?? "")
                json.closeObject()
                json.key("properties")
                json.openObject()
                json.member("category", finding.category.rawValue)
                json.member("confidence", finding.confidence ?? 1)
                json.member("id", finding.id ?? "")
                json.member("is_blocking", finding.isBlocking)
                json.member("status", (finding.status ?? .open).rawValue)
                json.closeObject()
                json.member("ruleId", finding.code)
                if let index = ruleIndex[finding.code] { json.member("ruleIndex", index) }
                if finding.isWaived {
                    json.key("suppressions")
                    json.openArray()
                    json.openObject()
                    json.member("justification", finding.waiverReason ?? "")
                    json.member("kind", (finding.waiverReason ?? "").hasPrefix("waived in the text") ? "inSource" : "external")
                    json.member("status", "accepted")
                    json.closeObject()
                    json.closeArray()
                }
                json.closeObject()
            }
        }
        json.closeArray()
        json.member("tool", json: ["driver": [
            "name": "DraftForge continuity", "semanticVersion": .string(DraftForgeVersion.current),
            "version": .string(DraftForgeVersion.current), "rules": .array(rules),
        ]])
        json.closeObject()
        json.closeArray()
        json.member("version", "2.1.0")
        json.closeObject()
        return json
    }

    /// A relative URI reference: each path segment percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]@!$&'()*+,;=:")
        return path.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0)
        }.joined(separator: "/")
    }
}
