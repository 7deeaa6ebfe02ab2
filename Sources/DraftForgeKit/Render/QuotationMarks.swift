// Quotation marks in the book's language. Smart punctuation (cmark-gfm's) writes English marks,
// “ ” and ‘ ’; a German book wants „ “ ‚ ‘, a French one « » with narrow no-break spaces inside,
// a Japanese one 「」『』. The marks are swapped in the rendered text, outside code and math.
// An apostrophe (’ between letters, or with no single quotation open) stays an apostrophe.

/// The four marks of a language: outer and inner, opening and closing.
struct QuotationMarks: Equatable, Sendable, Hashable {
    var open: String
    var close: String
    var innerOpen: String
    var innerClose: String

    static let english = QuotationMarks(open: "“", close: "”", innerOpen: "‘", innerClose: "’")
    private static let narrowSpace = "\u{202F}"

    /// The marks for a BCP 47 tag; English marks for a language not listed.
    static func forLanguage(_ tag: String) -> QuotationMarks {
        let lower = tag.lowercased()
        let primary = LanguageTag.primary(lower)
        switch primary {
        case "de", "cs", "sk", "sl", "et", "lt", "is": return .init(open: "„", close: "“", innerOpen: "‚", innerClose: "‘")
        case "fr": return .init(open: "«" + narrowSpace, close: narrowSpace + "»", innerOpen: "“", innerClose: "”")
        case "es", "it", "el", "ca": return .init(open: "«", close: "»", innerOpen: "“", innerClose: "”")
        case "pt": return lower.hasPrefix("pt-br") ? .english : .init(open: "«", close: "»", innerOpen: "“", innerClose: "”")
        case "ru", "uk", "be": return .init(open: "«", close: "»", innerOpen: "„", innerClose: "“")
        case "pl", "ro", "hu", "hr", "bg": return .init(open: "„", close: "”", innerOpen: "«", innerClose: "»")
        case "sv", "fi": return .init(open: "”", close: "”", innerOpen: "’", innerClose: "’")
        case "da": return .init(open: "»", close: "«", innerOpen: "›", innerClose: "‹")
        case "ja": return .init(open: "「", close: "」", innerOpen: "『", innerClose: "』")
        case "zh":
            let traditional = lower.contains("hant") || lower.hasSuffix("-tw") || lower.hasSuffix("-hk") || lower.hasSuffix("-mo")
            return traditional ? .init(open: "「", close: "」", innerOpen: "『", innerClose: "』") : .english
        default: return .english
        }
    }

    /// `quotes:` in the config: two marks (outer) or four (outer, then inner), such as `„“‚‘`.
    init?(written: String) {
        let marks = written.filter { !$0.isWhitespace }.map(String.init)
        guard marks.count == 2 || marks.count == 4 else { return nil }
        open = marks[0]
        close = marks[1]
        innerOpen = marks.count == 4 ? marks[2] : "‘"
        innerClose = marks.count == 4 ? marks[3] : "’"
    }

    init(open: String, close: String, innerOpen: String, innerClose: String) {
        (self.open, self.close, self.innerOpen, self.innerClose) = (open, close, innerOpen, innerClose)
    }

    /// `nodes` with English marks made these, block by block.
    func apply(to nodes: [HTMLNode]) -> [HTMLNode] {
        guard self != .english else { return nodes }
        var state = State()
        return nodes.map { swap($0, &state) }
    }

    private struct State {
        /// Inner quotations open in the current block.
        var openInner = 0
        /// The last scalar seen, to tell an apostrophe from a closing mark.
        var previous: Unicode.Scalar = " "
    }

    /// Elements whose text is never typeset: code, formulas, scripts.
    static let untouched: Set<String> = ["code", "pre", "kbd", "samp", "math", "script", "style"]
    private static let blocks: Set<String> = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "figcaption", "caption", "blockquote"]

    private func swap(_ node: HTMLNode, _ state: inout State) -> HTMLNode {
        switch node {
        case .text(let text):
            guard text.unicodeScalars.contains(where: { $0 == "“" || $0 == "”" || $0 == "‘" || $0 == "’" }) else {
                state.previous = text.unicodeScalars.last ?? state.previous
                return node
            }
            return .text(swapped(text, &state))
        case .element(var element):
            guard !Self.untouched.contains(element.name) else { return node }
            if Self.blocks.contains(element.name) { state = State() }
            element.children = element.children.map { swap($0, &state) }
            return .element(element)
        }
    }

    private func swapped(_ text: String, _ state: inout State) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = ""
        for (index, scalar) in scalars.enumerated() {
            let next: Unicode.Scalar = index + 1 < scalars.count ? scalars[index + 1] : " "
            switch scalar {
            case "“": output += open
            case "”": output += close
            case "‘":
                state.openInner += 1
                output += innerOpen
            case "’" where state.openInner > 0 && !(Self.isLetter(state.previous) && Self.isLetter(next)):
                state.openInner -= 1
                output += innerClose
            default: output.unicodeScalars.append(scalar)
            }
            state.previous = scalar
        }
        // French spacing: a space typed inside the marks is the narrow one already added.
        if open.hasSuffix(Self.narrowSpace) {
            output = output.replacingOccurrences(of: Self.narrowSpace + " ", with: Self.narrowSpace)
                .replacingOccurrences(of: " " + Self.narrowSpace, with: Self.narrowSpace)
        }
        return output
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }
}

/// French typography: the space an author types before `;`, `!` and `?` becomes a narrow
/// no-break space, and before `:` a no-break space, so the mark never starts a line. Only typed
/// spaces change: "Quoi?" stays as written.
enum FrenchSpacing {
    static func applies(to language: String) -> Bool {
        LanguageTag.primary(language) == "fr"
    }

    static func apply(to nodes: [HTMLNode]) -> [HTMLNode] {
        nodes.map { node in
            switch node {
            case .text(let text): return .text(spaced(text))
            case .element(var element):
                guard !QuotationMarks.untouched.contains(element.name) else { return node }
                element.children = apply(to: element.children)
                return .element(element)
            }
        }
    }

    static func spaced(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == ";" || $0 == "!" || $0 == "?" || $0 == ":" }) else { return text }
        var scalars = Array(text.unicodeScalars)
        for index in scalars.indices.dropFirst() where scalars[index - 1] == " " || scalars[index - 1] == "\u{00A0}" {
            switch scalars[index] {
            case ";", "!", "?": scalars[index - 1] = "\u{202F}"
            case ":": scalars[index - 1] = "\u{00A0}"
            default: break
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}
