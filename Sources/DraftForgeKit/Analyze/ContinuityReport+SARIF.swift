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
        let rules: [[String: Any]] = codes.map { code in
            [
                "id": code.rawValue,
                "name": code.rawValue.split(whereSeparator: { !$0.isLetter }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
                "shortDescription": ["text": code.summary],
                "defaultConfiguration": ["level": Self.sarifLevel(Self.defaultSeverity(code))],
                "properties": ["category": code.category.rawValue],
            ]
        }
        let results: [[String: Any]] = findings(atLeast: minimum).map { finding in
            var text = finding.message
            if let suggestion = finding.suggestion { text += ". Suggestion: " + suggestion }
            var result: [String: Any] = [
                "ruleId": finding.code,
                "level": Self.sarifLevel(finding.severity),
                "message": ["text": text],
                "partialFingerprints": ["draftforgeId/v1": finding.id ?? ""],
                "properties": [
                    "id": finding.id ?? "", "category": finding.category.rawValue,
                    "confidence": finding.confidence ?? 1, "is_blocking": finding.isBlocking,
                    "status": (finding.status ?? .open).rawValue,
                ] as [String: Any],
            ]
            if let index = ruleIndex[finding.code] { result["ruleIndex"] = index }
            if let location = finding.location, !location.file.isEmpty {
                var region: [String: Any] = [:]
                if let line = location.line, line >= 1 {
                    region["startLine"] = line
                    if let column = location.column, column >= 1 { region["startColumn"] = column }
                }
                if let quote = finding.quote, !quote.isEmpty { region["snippet"] = ["text": quote] }
                var physical: [String: Any] = [
                    "artifactLocation": ["uri": Self.uri(pathPrefix + location.file), "uriBaseId": "%SRCROOT%"]
                ]
                if region["startLine"] != nil { physical["region"] = region }
                result["locations"] = [["physicalLocation": physical]]
            }
            if finding.isWaived {
                result["suppressions"] = [[
                    "kind": (finding.waiverReason ?? "").hasPrefix("waived in the text") ? "inSource" : "external",
                    "status": "accepted",
                    "justification": finding.waiverReason ?? "",
                ]]
            }
            return result
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "DraftForge continuity", "semanticVersion": DraftForgeVersion.current,
                    "version": DraftForgeVersion.current, "rules": rules,
                ] as [String: Any]],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ] as [String: Any]],
        ]
        return JSONValue(plain: document).prettyPrinted() + Data("\n".utf8)
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
