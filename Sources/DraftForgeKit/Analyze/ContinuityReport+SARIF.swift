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
        case .attributeContradiction, .relationContradiction, .dateOrder, .weekdayMismatch, .ageMismatch, .actsAfterDeath,
            .forbiddenPattern,
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
        // Written as text as it goes, not built as JSONValues: with tens of thousands of findings
        // a dictionary for each of their objects was most of the build. A result a line: half
        // the bytes of indented ones, and still a line to grep or diff per finding.
        let rules = SARIFRules()
        var json = JSONTextWriter()
        startSARIF(in: &json)
        Self.writeItems(findings(atLeast: minimum), into: &json, bytesEach: 560) { findings, json in
            var writer = SARIFResultWriter(pathPrefix: pathPrefix, rules: rules)
            for finding in findings { writer.write(finding, to: &json) }
        }
        finishSARIF(in: &json, rules: rules)
        return json
    }

    /// The SARIF up to its open list of results.
    func startSARIF(in json: inout JSONTextWriter) {
        json.openObject()
        json.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
        json.key("runs")
        json.openArray()
        json.openObject()
        json.member("columnKind", "unicodeCodePoints")
        json.key("results")
        json.openArray()
    }

    /// The SARIF after its list of results.
    func finishSARIF(in json: inout JSONTextWriter, rules: SARIFRules) {
        json.closeArray()
        json.member("tool", json: ["driver": [
            "name": "DraftForge continuity", "semanticVersion": .string(DraftForgeVersion.current),
            "version": .string(DraftForgeVersion.current), "rules": .array(rules.descriptions),
        ]])
        json.closeObject()
        json.closeArray()
        json.member("version", "2.1.0")
        json.closeObject()
    }

    /// One rule per finding code, in `DiagnosticCode.findingCodes` order.
    struct SARIFRules: Sendable {
        let index: [String: Int]
        var descriptions: [JSONValue] {
            DiagnosticCode.findingCodes.map { code in
                [
                    "id": .string(code.rawValue),
                    "name": .string(code.rawValue.split(whereSeparator: { !$0.isLetter }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()),
                    "shortDescription": ["text": .string(code.summary)],
                    "defaultConfiguration": ["level": .string(ContinuityReport.sarifLevel(ContinuityReport.defaultSeverity(code)))],
                    "properties": ["category": .string(code.category.rawValue)],
                ]
            }
        }

        init() {
            index = Dictionary(uniqueKeysWithValues: DiagnosticCode.findingCodes.enumerated().map { ($1.rawValue, $0) })
        }
    }

    /// Writes findings as SARIF results, one a line, remembering what the next one likely repeats.
    struct SARIFResultWriter {
        let pathPrefix: String
        let rules: SARIFRules
        // By file, not by path: the prefix is the same for all, and joining it made a string
        // for every finding.
        private var uris: [String: String] = [:]
        private var lastRule: (code: String, index: Int?)?

        init(pathPrefix: String, rules: SARIFRules) {
            self.pathPrefix = pathPrefix
            self.rules = rules
        }

        /// One result, on a line of its own, keys in UTF-8 order.
        mutating func write(_ finding: Diagnostic, to json: inout JSONTextWriter) {
            // Findings come in runs of one rule.
            if lastRule?.code != finding.code { lastRule = (finding.code, rules.index[finding.code]) }
            var uri: String?
            if let file = finding.location?.file, !file.isEmpty {
                uri = uris[file] ?? ContinuityReport.uri(pathPrefix + file)
                uris[file] = uri
            }
            json.line { line in
                line.text(#"{"level":"#)
                line.value(ContinuityReport.sarifLevel(finding.severity))
                if let uri, let location = finding.location {
                    line.text(#","locations":[{"physicalLocation":{"artifactLocation":{"uri":"#)
                    line.value(uri)
                    line.text(#","uriBaseId":"%SRCROOT%"}"#)
                    if let lineNumber = location.line, lineNumber >= 1 {
                        line.text(#","region":{"#)
                        if let quote = finding.quote, !quote.isEmpty {
                            line.text(#""snippet":{"text":"#)
                            line.value(quote)
                            line.text("},")
                        }
                        if let column = location.column, column >= 1 {
                            line.text(#""startColumn":"#)
                            line.value(column)
                            line.text(",")
                        }
                        line.text(#""startLine":"#)
                        line.value(lineNumber)
                        line.text("}")
                    }
                    line.text("}}]")
                }
                line.text(#","message":{"text":""#)
                line.escaped(finding.message)
                if let suggestion = finding.suggestion {
                    line.text(". Suggestion: ")
                    line.escaped(suggestion)
                }
                line.text(#""},"partialFingerprints":{"draftforgeId/v1":"#)
                line.value(finding.id ?? "")
                line.text(#"},"properties":{"category":"#)
                line.value(finding.category.rawValue)
                line.text(#","confidence":"#)
                line.value(finding.confidence ?? 1)
                line.text(#","id":"#)
                line.value(finding.id ?? "")
                line.text(#","is_blocking":"#)
                line.value(finding.isBlocking)
                line.text(#","status":"#)
                line.value((finding.status ?? .open).rawValue)
                line.text(#"},"ruleId":"#)
                line.value(finding.code)
                if let index = lastRule?.index {
                    line.text(#","ruleIndex":"#)
                    line.value(index)
                }
                if finding.isWaived {
                    let reason = finding.waiverReason ?? ""
                    line.text(#","suppressions":[{"justification":"#)
                    line.value(reason)
                    line.text(#","kind":"#)
                    line.value(reason.hasPrefix("waived in the text") ? "inSource" : "external")
                    line.text(#","status":"accepted"}]"#)
                }
                line.text("}")
            }
        }
    }

    /// A relative URI reference: each path segment percent-encoded, every byte but the
    /// unreserved ones (letters, digits, `-._~`) and the `/` between segments. On the bytes:
    /// Foundation's `addingPercentEncoding` and the character set it needs took ~30 µs a file.
    static func uri(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
