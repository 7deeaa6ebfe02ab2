// `pdf:` in the config: the print PDF's trim size, margins and running heads.
import Foundation

extension ConfigLoader {
    /// The keys of `pdf:`, and of `pdf.margins:`.
    static let pdfKeys = ["trim", "margins", "running_heads", "engine", "bleed", "recto_chapters"]
    static let marginKeys = ["inside", "outside", "top", "bottom"]

    func pdfOptions(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> PDFOptions {
        guard let pairs = value.pairs else {
            throw Diagnostic(
                .error, .configType, at: value.location, "'pdf' must be a mapping",
                suggestion: "write the PDF's options on their own lines, such as '  trim: 6x9in'")
        }
        var options = PDFOptions()
        for (key, keyLocation, field) in pairs where !field.isNull {
            switch key {
            case "trim":
                let text = try field.string("pdf.trim", code: .configType)
                guard let (width, height) = PDFOptions.parseTrim(text) else {
                    throw Diagnostic(
                        .error, .configValue, at: field.location, "'pdf.trim' must be a page size, not '\(text)'",
                        suggestion: "write width x height with a unit, such as 6x9in, 5.5x8.5in or 148x210mm, or A4, A5, B5, letter")
                }
                for side in [width, height] where !PDFOptions.trimRange.contains(side.points) {
                    throw Diagnostic(
                        .error, .configValue, at: field.location,
                        "'pdf.trim' sides must be between 2 and 17 inches, not '\(text)'")
                }
                options.width = width
                options.height = height
            case "margins":
                try margins(field, into: &options, warnings: &warnings)
            case "running_heads":
                options.runningHeads = try field.bool("pdf.running_heads", code: .configType)
            case "bleed":
                options.bleed = try field.bool("pdf.bleed", code: .configType)
            case "recto_chapters":
                options.rectoChapters = try field.bool("pdf.recto_chapters", code: .configType)
            case "engine":
                let text = try field.string("pdf.engine", code: .configType)
                guard let engine = PDFEngineKind(rawValue: text.trimmed.lowercased()) else {
                    let names = PDFEngineKind.allCases.map(\.rawValue)
                    let near = EditDistance.nearest(to: text.lowercased(), in: names, limit: 4)
                    throw Diagnostic(
                        .error, .configValue, at: field.location, "'pdf.engine' must be typst or weasyprint, not '\(text)'",
                        suggestion: near.map { "did you mean '\($0)'?" } ?? "write 'engine: typst' or 'engine: weasyprint'")
                }
                options.engine = engine
            default:
                warnings.append(unknownKey(key, in: "pdf", at: keyLocation, known: Self.pdfKeys))
            }
        }
        let textWidth = options.width.points - options.inside.points - options.outside.points
        let textHeight = options.height.points - options.top.points - options.bottom.points
        guard textWidth >= 72, textHeight >= 72 else {
            throw Diagnostic(
                .error, .configValue, at: value.location,
                "the PDF's margins leave less than an inch for the text on a \(options.width) × \(options.height) page",
                suggestion: "make 'pdf.margins' smaller or 'pdf.trim' larger")
        }
        return options
    }

    static let printCoverKeys = ["back", "spine", "paper"]

    /// `cover_print: {back: …, spine: …, paper: white}`, or `cover_print: true` for the defaults.
    func printCover(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> PrintCoverOptions {
        var options = PrintCoverOptions()
        guard let pairs = value.pairs else {
            guard try value.bool("cover_print", code: .configType) else {
                throw Diagnostic(
                    .error, .configValue, at: value.location, "'cover_print' is false; leave it out for no print cover")
            }
            return options
        }
        for (key, keyLocation, field) in pairs where !field.isNull {
            switch key {
            case "back": options.back = try field.string("cover_print.back", code: .configType).trimmed.nonEmpty
            case "spine": options.spine = try field.string("cover_print.spine", code: .configType).trimmed.nonEmpty
            case "paper":
                let text = try field.string("cover_print.paper", code: .configType)
                guard let paper = PrintCoverOptions.Paper(rawValue: text.trimmed.lowercased()) else {
                    throw Diagnostic(
                        .error, .configValue, at: field.location, "'cover_print.paper' must be white or cream, not '\(text)'",
                        suggestion: "KDP's black-and-white paperbacks are printed on white or cream paper")
                }
                options.paper = paper
            default: warnings.append(unknownKey(key, in: "cover_print", at: keyLocation, known: Self.printCoverKeys))
            }
        }
        return options
    }

    /// `margins: 0.75in` for all four, or `{inside: …, outside: …, top: …, bottom: …}`.
    private func margins(_ value: YAMLValue, into options: inout PDFOptions, warnings: inout [Diagnostic]) throws(Diagnostic) {
        guard let pairs = value.pairs else {
            let all = try length(value, "pdf.margins")
            (options.inside, options.outside, options.top, options.bottom) = (all, all, all, all)
            options.insideIsAutomatic = false
            return
        }
        for (key, keyLocation, field) in pairs where !field.isNull {
            switch key {
            case "inside":
                if (try? field.string("pdf.margins.inside", code: .configType))?.trimmed.lowercased() == "auto" { continue }
                options.inside = try length(field, "pdf.margins.inside")
                options.insideIsAutomatic = false
            case "outside": options.outside = try length(field, "pdf.margins.outside")
            case "top": options.top = try length(field, "pdf.margins.top")
            case "bottom": options.bottom = try length(field, "pdf.margins.bottom")
            default: warnings.append(unknownKey(key, in: "pdf.margins", at: keyLocation, known: Self.marginKeys))
            }
        }
    }

    /// A margin: a length with a unit, at most 3 inches.
    private func length(_ value: YAMLValue, _ key: String) throws(Diagnostic) -> PageLength {
        let text = try value.string(key, code: .configType)
        guard let length = PageLength.parse(text) else {
            throw Diagnostic(
                .error, .configValue, at: value.location, "'\(key)' must be a length with a unit, not '\(text)'",
                suggestion: "write a number and in, mm, cm or pt, such as 0.75in or 20mm")
        }
        guard length.points <= 216 else {
            throw Diagnostic(.error, .configValue, at: value.location, "'\(key)' must be at most 3in, not '\(text)'")
        }
        return length
    }

    /// A key a config section does not know, with the nearest known one.
    func unknownKey(_ key: String, in section: String, at location: SourceLocation, known: [String]) -> Diagnostic {
        // A near spelling, or a known key the unknown one starts with (`trim_size`).
        let near = known.min { EditDistance.between(key, $0) < EditDistance.between(key, $1) }
            .flatMap { EditDistance.between(key, $0) <= 3 ? $0 : nil } ?? known.first { key.hasPrefix($0) }
        let suggestion = near.map { "did you mean '\($0)'?" }
        return Diagnostic(
            .warning, .configUnknownKey, at: location, "unknown key '\(key)' in '\(section)'",
            suggestion: suggestion ?? "use \(known.joined(separator: ", "))")
    }
}
