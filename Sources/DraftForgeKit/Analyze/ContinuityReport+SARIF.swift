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
        // Built as JSONValues, not [String: Any]: with tens of thousands of findings the casts
        // from Any were a third of the build.
        var uris: [String: String] = [:]
        let results: [JSONValue] = findings(atLeast: minimum).map { finding in
            var text = finding.message
            if let suggestion = finding.suggestion { text += ". Suggestion: " + suggestion }
            var result: [String: JSONValue] = [
                "ruleId": .string(finding.code),
                "level": .string(Self.sarifLevel(finding.severity)),
                "message": ["text": .string(text)],
                "partialFingerprints": ["draftforgeId/v1": .string(finding.id ?? "")],
                "properties": [
                    "id": .string(finding.id ?? ""), "category": .string(finding.category.rawValue),
                    "confidence": .number(finding.confidence ?? 1), "is_blocking": .bool(finding.isBlocking),
                    "status": .string((finding.status ?? .open).rawValue),
                ],
            ]
            if let index = ruleIndex[finding.code] { result["ruleIndex"] = .number(Double(index)) }
            if let location = finding.location, !location.file.isEmpty {
                var region: [String: JSONValue] = [:]
                if let line = location.line, line >= 1 {
                    region["startLine"] = .number(Double(line))
                    if let column = location.column, column >= 1 { region["startColumn"] = .number(Double(column)) }
                }
                if let quote = finding.quote, !quote.isEmpty { region["snippet"] = ["text": .string(quote)] }
                let path = pathPrefix + location.file
                let uri = uris[path] ?? Self.uri(path)
                uris[path] = uri
                var physical: [String: JSONValue] = [
                    "artifactLocation": ["uri": .string(uri), "uriBaseId": "%SRCROOT%"]
                ]
                if region["startLine"] != nil { physical["region"] = .object(region) }
                result["locations"] = [["physicalLocation": .object(physical)]]
            }
            if finding.isWaived {
                result["suppressions"] = [[
                    "kind": (finding.waiverReason ?? "").hasPrefix("waived in the text") ? "inSource" : "external",
                    "status": "accepted",
                    "justification": .string(finding.waiverReason ?? ""),
                ]]
            }
            return .object(result)
        }
        let document: JSONValue = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "DraftForge continuity", "semanticVersion": .string(DraftForgeVersion.current),
                    "version": .string(DraftForgeVersion.current), "rules": .array(rules),
                ]],
                "columnKind": "unicodeCodePoints",
                "results": .array(results),
            ]],
        ]
        return document.prettyPrinted() + Data("\n".utf8)
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
