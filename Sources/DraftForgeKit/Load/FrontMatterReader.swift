// Splits YAML front matter from a chapter's Markdown.
import Foundation

package enum FrontMatterReader {
    static let knownKeys: Set<String> = ["title", "subtitle", "epigraph", "epigraph_source", "type", "status", "date", "pov", "flashback", "exclude", "language"]

    /// Returns the front matter and the body. A leading `---` block is front matter only when it
    /// closes and its first line looks like a YAML key; otherwise it is a thematic break.
    package static func split(
        _ text: String, file: String, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> (FrontMatter, body: String, lineOffset: Int) {
        guard let (yaml, body, close) = fence(text) else { return (FrontMatter(), text, 0) }
        guard let document = try YAMLValue.parse(yaml, file: file, lineOffset: 1, code: .frontMatterSyntax),
            let pairs = document.pairs
        else { return (FrontMatter(), text, 0) }
        return (try decode(pairs, warnings: &warnings), body, close + 1)
    }

    /// The front matter block's YAML and the body after it, or nil when the text has none.
    /// Reads only as far as the closing line: chapters are long, front matter is short.
    static func fence(_ text: String) -> (yaml: String, body: String, closingLine: Int)? {
        var lineStart = text.startIndex
        var lineNumber = 0
        var yamlStart = text.endIndex
        while lineStart < text.endIndex || lineNumber == 0 {
            let newline = text[lineStart...].firstIndex(of: "\n")
            let lineEnd = newline ?? text.endIndex
            let line = text[lineStart..<lineEnd].trimmingTrailingCR
            let next = newline.map(text.index(after:)) ?? text.endIndex
            if lineNumber == 0 {
                guard line == "---", newline != nil else { return nil }
                yamlStart = next
            } else if line == "---" || line == "..." {
                // The YAML is the lines in between, without the newline before the closing line.
                let yaml = String(text[yamlStart..<max(yamlStart, text.index(before: lineStart))])
                let firstContent = yaml.split(separator: "\n", omittingEmptySubsequences: false)
                    .first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                let looksLikeYAML = firstContent.map {
                    $0.range(of: #"^[A-Za-z_][A-Za-z0-9_ -]*:(\s|$)"#, options: .regularExpression) != nil
                } ?? false
                guard looksLikeYAML else { return nil }
                return (yaml, String(text[next...]), lineNumber)
            }
            lineNumber += 1
            lineStart = next
            if newline == nil { break }
        }
        return nil
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
            case "pov":
                matter.pov = try value.string(key, code: code).nonEmpty
                matter.povLocation = value.location
            case "subtitle": matter.subtitle = try value.string(key, code: code).trimmed.nonEmpty
            case "epigraph": matter.epigraph = try value.string(key, code: code).trimmed.nonEmpty
            case "epigraph_source": matter.epigraphSource = try value.string(key, code: code).trimmed.nonEmpty
            case "language":
                let tag = try value.string(key, code: code).trimmed
                guard LanguageTag.isValid(tag) else {
                    throw Diagnostic(
                        .error, code, at: value.location, "'\(tag)' is not a BCP 47 language tag",
                        suggestion: "write a tag such as en, fr or zh-Hans")
                }
                matter.language = tag
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
