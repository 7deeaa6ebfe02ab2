// Splits YAML front matter from a chapter's Markdown.
import Foundation

enum FrontMatterReader {
    static let knownKeys: Set<String> = ["title", "type", "status", "date", "pov", "flashback", "exclude"]

    /// Returns the front matter and the body. A leading `---` block is front matter only when it
    /// closes and its first line looks like a YAML key; otherwise it is a thematic break.
    static func split(
        _ text: String, file: String, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> (FrontMatter, body: String, lineOffset: Int) {
        let lines = text.lineSlices
        guard let first = lines.first, first.trimmingTrailingCR == "---" else {
            return (FrontMatter(), text, 0)
        }
        guard let close = lines.dropFirst().firstIndex(where: { ["---", "..."].contains($0.trimmingTrailingCR) })
        else { return (FrontMatter(), text, 0) }
        let yamlLines = lines[1..<close]
        let firstContent = yamlLines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let looksLikeYAML = firstContent.map {
            $0.range(of: #"^[A-Za-z_][A-Za-z0-9_ -]*:(\s|$)"#, options: .regularExpression) != nil
        } ?? false
        guard looksLikeYAML else { return (FrontMatter(), text, 0) }

        let body = lines[(close + 1)...].joined(separator: "\n")
        let yaml = yamlLines.joined(separator: "\n")
        guard let document = try YAMLValue.parse(yaml, file: file, lineOffset: 1, code: .frontMatterSyntax),
            let pairs = document.pairs
        else { return (FrontMatter(), text, 0) }
        return (try decode(pairs, warnings: &warnings), body, close + 1)
    }

    private static func decode(
        _ pairs: [(key: String, keyLocation: SourceLocation, value: YAMLValue)],
        warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> FrontMatter {
        var matter = FrontMatter()
        let code = DiagnosticCode.frontMatterType
        for (key, keyLocation, value) in pairs where !value.isNull {
            switch key {
            case "title": matter.title = try value.string(key, code: code).nonEmpty
            case "type":
                matter.type = .init(rawValue: try value.oneOf(MatterType.allCases.map(\.rawValue), key, code: code))
            case "status":
                matter.status = .init(rawValue: try value.oneOf(
                    FrontMatter.Status.allCases.map(\.rawValue), key, code: code))
            case "date":
                matter.date = try value.string(key, code: code)
                matter.dateLocation = value.location
            case "pov": matter.pov = try value.string(key, code: code).nonEmpty
            case "flashback": matter.flashback = try value.bool(key, code: code)
            case "exclude": matter.exclude = try value.bool(key, code: code)
            default:
                warnings.append(Diagnostic(
                    .info, .frontMatterUnknownKey, at: keyLocation,
                    "unknown front matter key '\(key)'",
                    suggestion: "known keys: \(knownKeys.sorted().joined(separator: ", "))"))
            }
        }
        return matter
    }
}

extension Substring {
    var trimmingTrailingCR: Substring { hasSuffix("\r") ? dropLast() : self }
}
