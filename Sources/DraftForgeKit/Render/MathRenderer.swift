// Puts each formula where its placeholder is (`MathSpans`): MathML when the TeX converts, else
// the TeX source in code style and a warning naming the command. ```` ```math ```` blocks are
// display formulas too. A formula is never dropped and never half converted.
import Foundation

struct MathRenderer {
    /// A formula the converter could not read.
    struct Failure: Error, Equatable, Sendable {
        var message: String
        /// Where the problem starts in the TeX, in UTF-8 bytes.
        var offset: Int
    }

    /// TeX and whether it is displayed → a `<math>` element as XML, or why not.
    typealias Converter = @Sendable (_ tex: String, _ isDisplay: Bool) -> Result<String, Failure>

    let spans: [MathSpan]
    let convert: Converter
    private(set) var problems: [(span: MathSpan, failure: Failure)] = []
    /// Whether a formula was set as MathML.
    private(set) var rendersFormulas = false

    init(spans: [MathSpan], convert: @escaping Converter) {
        self.spans = spans
        self.convert = convert
    }

    /// `nodes` with every placeholder and math block replaced.
    mutating func render(_ nodes: [HTMLNode]) -> [HTMLNode] {
        nodes.map { render($0) }
    }

    private mutating func render(_ node: HTMLNode) -> HTMLNode {
        guard case .element(var element) = node else { return node }
        if element.name == "code", case .text(let text)? = element.children.first, element.children.count == 1,
            let index = MathSpans.spanIndex(inCode: text), spans.indices.contains(index)
        {
            let span = spans[index]
            return formula(span.tex, isDisplay: span.isDisplay, written: span, line: element.sourceLine)
        }
        if element.name == "pre", case .element(let code)? = element.children.first, code.name == "code",
            code["class"] == "language-math"
        {
            var tex = code.textContent
            if tex.hasSuffix("\n") { tex.removeLast() }
            // The TeX starts on the line after the fence.
            let block = formula(tex, isDisplay: true, written: MathSpan(tex: tex, isDisplay: true, line: (element.sourceLine ?? 0) + 1, column: 1, openingLength: 0), line: element.sourceLine)
            guard case .element(let math) = block, math.name == "math" else { return block }
            return .element(HTMLElement("div", [("class", "math-display")], children: [.element(math)], sourceLine: element.sourceLine))
        }
        element.children = element.children.map { render($0) }
        return .element(element)
    }

    private mutating func formula(_ tex: String, isDisplay: Bool, written span: MathSpan, line: Int?) -> HTMLNode {
        switch convert(tex, isDisplay) {
        case .success(let xml):
            if let math = XMLFragment.element(xml) {
                rendersFormulas = true
                return .element(math)
            }
            problems.append((span, Failure(message: "the formula's MathML could not be read", offset: 0)))
        case .failure(let failure):
            problems.append((span, failure))
        }
        let delimiter = isDisplay ? "$$" : "$"
        return .element(HTMLElement("code", [("class", "math-tex")], children: [.text(delimiter + tex + delimiter)], sourceLine: line))
    }

    /// Each problem as a warning at the place in the chapter where the TeX goes wrong;
    /// `location` maps a body line and column to the file's.
    static func diagnostics(
        _ problems: [(span: MathSpan, failure: Failure)], location: (Int, Int) -> SourceLocation
    ) -> [Diagnostic] {
        problems.map { span, failure in
            let before = span.tex.utf8.prefix(failure.offset)
            let lines = before.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let opening = span.openingLength
            let line = span.line + lines.count - 1
            let column = lines.count == 1 ? span.column + opening + before.count : (lines.last?.count ?? 0) + 1
            return Diagnostic(
                .warning, .mathUnsupported, at: location(line, column),
                "\(failure.message); the formula is shown as TeX",
                suggestion: "write it with the commands the guide's Math section lists")
        }
    }
}

/// Well-formed XML as written by the math converter, read into the document's nodes.
enum XMLFragment {
    static func element(_ xml: String) -> HTMLElement? {
        var reader = Reader(bytes: Array(xml.utf8))
        guard case .element(let element)? = reader.node(), reader.atEnd else { return nil }
        return element
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool {
            mutating get {
                skipSpaces()
                return index == bytes.count
            }
        }

        mutating func node(depth: Int = 0) -> HTMLNode? {
            guard depth < 500, index < bytes.count else { return nil }
            guard bytes[index] == UInt8(ascii: "<") else { return text() }
            index += 1
            let name = word()
            guard !name.isEmpty else { return nil }
            var element = HTMLElement(name)
            while true {
                skipSpaces()
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: "/") {
                    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else { return nil }
                    index += 2
                    return .element(element)
                }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    break
                }
                let attribute = word()
                skipSpaces()
                guard !attribute.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count else { return nil }
                let quote = bytes[index + 1]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
                index += 2
                let start = index
                while index < bytes.count, bytes[index] != quote { index += 1 }
                guard index < bytes.count else { return nil }
                element.attributes.append((attribute, Self.decoded(bytes[start..<index])))
                index += 1
            }
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                    index += 2
                    guard word() == name else { return nil }
                    skipSpaces()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return nil }
                    index += 1
                    return .element(element)
                }
                guard let child = node(depth: depth + 1) else { return nil }
                element.children.append(child)
            }
            return nil
        }

        private mutating func text() -> HTMLNode {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
            return .text(Self.decoded(bytes[start..<index]))
        }

        private mutating func word() -> String {
            let start = index
            while index < bytes.count, !Self.isSpace(bytes[index]),
                ![UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "<")].contains(bytes[index])
            {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        private mutating func skipSpaces() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        private static func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
        }

        /// Text with XML's five entities and character references decoded.
        private static func decoded(_ bytes: ArraySlice<UInt8>) -> String {
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.contains("&") else { return text }
            var result = ""
            var rest = text[...]
            while let amp = rest.firstIndex(of: "&") {
                result += rest[..<amp]
                guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
                let name = rest[rest.index(after: amp)..<semicolon]
                switch name {
                case "lt": result += "<"
                case "gt": result += ">"
                case "amp": result += "&"
                case "quot": result += "\""
                case "apos": result += "'"
                default:
                    let value = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16)
                        : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                    if let scalar = value.flatMap(Unicode.Scalar.init) {
                        result.unicodeScalars.append(scalar)
                    } else {
                        result += rest[amp...semicolon]
                    }
                }
                rest = rest[rest.index(after: semicolon)...]
            }
            return result + rest
        }
    }
}

extension RenderedChapter {
    /// The chapter with each formula as its TeX source in code style (from its `alttext`), for
    /// the formats that cannot show MathML: nothing is lost, and the reader sees what was written.
    func withFormulasAsTeX() -> RenderedChapter {
        guard hasMath else { return self }
        func replaced(_ nodes: [HTMLNode]) -> [HTMLNode] {
            nodes.map { node in
                guard case .element(var element) = node else { return node }
                if element.name == "math" {
                    let delimiter = element["display"] == "block" ? "$$" : "$"
                    let tex = (element["alttext"] ?? element.textContent).trimmingCharacters(in: .whitespacesAndNewlines)
                    return .element(HTMLElement("code", [("class", "math-tex")], children: [.text(delimiter + tex + delimiter)]))
                }
                element.children = replaced(element.children)
                return .element(element)
            }
        }
        var chapter = self
        chapter.body = replaced(body)
        chapter.notes = notes.map { note in
            var note = note
            note.content = replaced(note.content)
            return note
        }
        chapter.hasMath = false
        return chapter
    }

    /// The warning that a format shows this chapter's formulas as TeX.
    func formulasAsTeXWarning(_ format: String, reason: String) -> Diagnostic {
        Diagnostic(
            .warning, .mathAsTeX, at: SourceLocation(file: sourcePath),
            "\(reason): the \(format) shows this chapter's formulas as their TeX source",
            suggestion: "the EPUB and the site show them typeset")
    }
}
