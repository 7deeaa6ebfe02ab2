// The commands that build structure: fractions, roots, fences, accents, fonts, text, spacing.
// Symbols come from TeXSymbols; anything else is refused with its name and offset.

extension TeXParser {
    mutating func commandAtom(_ name: String, at offset: Int) throws(MathConversionError) -> Atom {
        let command = "\\" + name
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom":
            let numerator = try parseArgument(for: command, at: offset)
            let denominator = try parseArgument(for: command, at: offset)
            let isBinomial = name.hasSuffix("binom")
            var node = MathNode.fraction(numerator: numerator, denominator: denominator, hasRule: !isBinomial)
            if isBinomial {
                let stretchy = OperatorStyle(stretchy: true)
                node = .row([.symbol("(", stretchy), node, .symbol(")", stretchy)])
            }
            if name.hasPrefix("d") || name == "cfrac" {
                node = .style(MathStyle(isDisplay: true, scriptLevel: 0), node)
            } else if name.hasPrefix("t") {
                node = .style(MathStyle(isDisplay: false, scriptLevel: 0), node)
            }
            return Atom(node: node)
        case "sqrt":
            let index = try parseOptionalArgument()
            let radicand = try parseArgument(for: command, at: offset)
            return Atom(node: index.map { .root(radicand, index: $0) } ?? .squareRoot(radicand))
        case "left":
            return Atom(node: try parseFence(at: offset))
        case "not":
            return try parseNegation(at: offset)
        case "begin":
            return Atom(node: try parseEnvironment(at: offset))
        case "substack":
            return Atom(node: try parseSubstack(at: offset))
        case "overset", "underset", "stackrel":
            let script = try parseArgument(for: command, at: offset)
            let base = try parseArgument(for: command, at: offset)
            let isOver = name != "underset"
            return Atom(
                node: .scripts(base: base, sub: isOver ? nil : script, sup: isOver ? script : nil, placement: .limits))
        case "xrightarrow", "xleftarrow":
            // An arrow that stretches under its label: `\xrightarrow[below]{above}`.
            let below = try parseOptionalArgument()
            let above = try parseArgument(for: command, at: offset)
            let arrow = MathNode.symbol(name == "xrightarrow" ? "→" : "←", OperatorStyle(stretchy: true))
            return Atom(node: .scripts(base: arrow, sub: below, sup: above, placement: .limits))
        case "pmod":
            let argument = try parseArgument(for: command, at: offset)
            let parenthesis = OperatorStyle(stretchy: false)
            return Atom(node: .row([
                .space(width: "1em"), .symbol("(", parenthesis), .identifier("mod", upright: false),
                .space(width: "0.3333em"), argument, .symbol(")", parenthesis),
            ]))
        case "operatorname":
            // `\operatorname*` takes limits in display style, as \lim does.
            let starred = current?.kind == .character("*")
            if starred { position += 1 }
            let operatorName = try parseTextArgument(for: command, at: offset)
            return Atom(
                node: .identifier(operatorName, upright: operatorName.count == 1),
                placement: starred ? .limitsInDisplay : .beside, acceptsLimitControls: true, isFunction: true)
        default:
            break
        }
        if let symbol = TeXSymbols.symbol(named: name) { return atom(for: symbol) }
        if let width = Self.spaces[name] { return Atom(node: .space(width: width)) }
        if let size = Self.delimiterSize(for: name) {
            let delimiter = try parseDelimiter(after: command, at: offset)
            return Atom(node: delimiter.map { .symbol($0, OperatorStyle(stretchy: true, size: size)) } ?? .row([]))
        }
        if let accent = Self.accents[name] {
            let base = try parseArgument(for: command, at: offset)
            let mark = MathNode.symbol(accent.mark, OperatorStyle(stretchy: accent.stretchy))
            let isBrace = name.hasSuffix("brace")
            return Atom(
                node: .accent(base: base, mark: mark, isOver: !name.hasPrefix("under"), isAccent: !isBrace),
                placement: isBrace ? .limits : .beside)
        }
        if let font = Self.fonts[name] {
            let outer = self.font
            self.font = font
            defer { self.font = outer }
            return Atom(node: Self.mergingLetters(try parseArgument(for: command, at: offset)))
        }
        if let style = Self.textStyles[name] {
            return Atom(node: .text(try parseTextArgument(for: command, at: offset), style: style))
        }
        if name.isEmpty {
            throw MathConversionError("the formula ends with a lone \\", command: "\\", at: offset)
        }
        throw MathConversionError("\(command) is not supported", command: command, at: offset)
    }

    /// A `[…]` argument, as `\sqrt[3]` has; nil when the next token is not `[`.
    mutating func parseOptionalArgument() throws(MathConversionError) -> MathNode? {
        skipSpaces()
        guard let open = current, open.kind == .character("[") else { return nil }
        position += 1
        let (nodes, end, endOffset) = try parseRow(stopsAtBracket: true)
        switch end {
        case .closeBracket: return .row(nodes)
        case .endOfInput: throw MathConversionError("[ is not closed", at: open.offset)
        default: throw unexpected(end, at: endOffset)
        }
    }

    // MARK: - Fences

    /// `\left` … `\middle` … `\right`, whose `\left` is read.
    mutating func parseFence(at offset: Int) throws(MathConversionError) -> MathNode {
        let stretchy = OperatorStyle(stretchy: true)
        var nodes: [MathNode] = []
        if let open = try parseDelimiter(after: "\\left", at: offset) { nodes.append(.symbol(open, stretchy)) }
        while true {
            let (inner, end, endOffset) = try parseRow()
            nodes += inner
            switch end {
            case .middle:
                if let middle = try parseDelimiter(after: "\\middle", at: endOffset) {
                    nodes.append(.symbol(middle, stretchy))
                }
            case .right:
                if let close = try parseDelimiter(after: "\\right", at: endOffset) {
                    nodes.append(.symbol(close, stretchy))
                }
                return .row(nodes)
            case .endOfInput:
                throw MathConversionError("\\left has no matching \\right", command: "\\left", at: offset)
            default:
                throw unexpected(end, at: endOffset)
            }
        }
    }

    /// The delimiter after `\left`, `\right`, `\middle` or `\big`; nil for `.`, which is none.
    mutating func parseDelimiter(after command: String, at offset: Int) throws(MathConversionError) -> String? {
        skipSpaces()
        let notADelimiter = MathConversionError(
            "\(command) must be followed by a delimiter such as ( or \\langle", command: command, at: offset)
        guard let token = current else { throw notADelimiter }
        let symbol: TeXSymbol?
        switch token.kind {
        case .character("."): position += 1; return nil
        case .character("<"): symbol = TeXSymbols.symbol(named: "langle")
        case .character(">"): symbol = TeXSymbols.symbol(named: "rangle")
        case .character("/"): symbol = TeXSymbol(text: "/", kind: .delimiter)
        case .character(let text): symbol = TeXSymbols.symbol(for: text)
        case .command(let name): symbol = TeXSymbols.symbol(named: name)
        default: symbol = nil
        }
        guard let symbol, symbol.kind == .delimiter else { throw notADelimiter }
        position += 1
        return symbol.text
    }

    /// `\not` before a relation: its negated character, or the relation with a long solidus overlay.
    mutating func parseNegation(at offset: Int) throws(MathConversionError) -> Atom {
        skipSpaces()
        let relation: String? = switch current?.kind {
        case .character(let text): TeXSymbols.symbol(for: text)?.text
        case .command(let name): TeXSymbols.symbol(named: name)?.text
        default: nil
        }
        guard let relation else {
            throw MathConversionError("\\not must be followed by a relation such as =", command: "\\not", at: offset)
        }
        position += 1
        return Atom(node: .symbol(TeXSymbols.negations[relation] ?? relation + "\u{0338}"))
    }

    // MARK: - Text

    /// `\text{…}`'s argument as plain text: spaces kept, `\{ \} \% \$ \& \# \_`, `~` and `\,` read
    /// as characters, and no other commands, since text mode has its own.
    mutating func parseTextArgument(for command: String, at offset: Int) throws(MathConversionError) -> String {
        skipSpaces()
        guard let first = current else {
            throw MathConversionError("\(command) is missing its argument", command: command, at: offset)
        }
        if case .character(let text) = first.kind {
            position += 1
            return text
        }
        guard first.kind == .openBrace else {
            throw MathConversionError("\(command) needs its text in braces", command: command, at: offset)
        }
        position += 1
        var text = ""
        var depth = 1
        while let token = current {
            position += 1
            switch token.kind {
            case .character("~"): text.append("\u{00A0}")
            case .character("$"):
                throw MathConversionError("$ is not supported in \(command)", at: token.offset)
            case .character(let character): text.append(character)
            case .space, .command(" "): text.append(" ")
            case .command(","): text.append("\u{2009}")
            case .openBrace: depth += 1
            case .closeBrace:
                depth -= 1
                if depth == 0 { return Self.keepingEdgeSpaces(text) }
            case .command(let name) where ["{", "}", "%", "$", "&", "#", "_"].contains(name): text.append(name)
            case .command(let name):
                throw MathConversionError(
                    "\\\(name) is not supported in \(command)", command: "\\" + name, at: token.offset)
            case .caret, .underscore, .alignmentTab:
                throw MathConversionError("\(describe(token)) cannot be used in \(command)", at: token.offset)
            }
        }
        throw MathConversionError("\(command){ is not closed", command: command, at: offset)
    }

    /// Spaces at the ends of `<mtext>` would collapse; no-break spaces keep them, as TeX does.
    static func keepingEdgeSpaces(_ text: String) -> String {
        var result = text
        if result.hasPrefix(" ") { result = "\u{00A0}" + result.dropFirst() }
        if result.hasSuffix(" ") { result = result.dropLast() + "\u{00A0}" }
        return result
    }

    /// Adjacent letters under a font command make one name: `\mathrm{max}` is `<mi>max</mi>`.
    static func mergingLetters(_ node: MathNode) -> MathNode {
        guard case .row(let nodes) = node else { return node }
        var merged: [MathNode] = []
        for node in nodes {
            if case .identifier(let text, let upright) = node,
               case .identifier(let previous, let wasUpright)? = merged.last {
                merged[merged.count - 1] = .identifier(previous + text, upright: upright && wasUpright)
            } else {
                merged.append(node)
            }
        }
        return .row(merged)
    }

    // MARK: - Tags

    /// `\tag{…}` or `\tag*{…}`: kept for the writer, which sets it at the right.
    mutating func parseTag(at offset: Int, isTopLevel: Bool) throws(MathConversionError) {
        position += 1
        guard isTopLevel else {
            throw MathConversionError(
                "\\tag is supported only at the top level of a formula", command: "\\tag", at: offset)
        }
        guard tag == nil else {
            throw MathConversionError("a formula may have only one \\tag", command: "\\tag", at: offset)
        }
        let starred = current?.kind == .character("*")
        if starred { position += 1 }
        let text = try parseTextArgument(for: "\\tag", at: offset)
        tag = starred ? text : "(\(text))"
    }

    // MARK: - Tables

    static let spaces: [String: String] = [
        ",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em", "medspace": "0.2222em",
        ";": "0.2778em", "thickspace": "0.2778em", "!": "-0.1667em", "negthinspace": "-0.1667em",
        " ": "0.3333em", "enspace": "0.5em", "quad": "1em", "qquad": "2em",
    ]

    /// The height `\big`, `\Big`, `\bigg` and `\Bigg` give a delimiter, with or without the l, r
    /// or m that says which side it is on.
    static func delimiterSize(for name: String) -> String? {
        let sizes = ["big": "1.2em", "Big": "1.8em", "bigg": "2.4em", "Bigg": "3em"]
        if let size = sizes[name] { return size }
        guard let side = name.last, "lrm".contains(side) else { return nil }
        return sizes[String(name.dropLast())]
    }

    /// The mark each accent sets over (or under) its base, and whether it stretches to the base's
    /// width. Fixed marks are spacing characters (a combining mark, having no width, is drawn off
    /// centre); the wide ones are combining marks, which math fonts give horizontal variants.
    static let accents: [String: (mark: String, stretchy: Bool)] = [
        "hat": ("ˆ", false), "widehat": ("\u{0302}", true), "check": ("ˇ", false), "tilde": ("˜", false),
        "widetilde": ("\u{0303}", true), "bar": ("¯", false), "overline": ("‾", true),
        "underline": ("\u{0332}", true),
        "vec": ("→", false), "overrightarrow": ("→", true), "overleftarrow": ("←", true),
        "overleftrightarrow": ("↔", true), "dot": ("˙", false), "ddot": ("¨", false), "acute": ("´", false),
        "grave": ("`", false), "breve": ("˘", false), "mathring": ("˚", false), "overbrace": ("⏞", true),
        "underbrace": ("⏟", true),
    ]

    static let fonts: [String: MathFont] = [
        "mathrm": .roman, "mathup": .roman, "mathit": .italic, "mathbf": .bold, "boldsymbol": .boldItalic,
        "bm": .boldItalic, "mathbb": .doubleStruck, "mathcal": .script, "mathscr": .script,
        "mathfrak": .fraktur, "mathsf": .sansSerif, "mathtt": .monospace,
    ]

    /// `\text` and its kind, with the CSS each sets on `<mtext>`.
    static let textStyles: [String: String?] = [
        "text": nil, "textrm": nil, "textnormal": nil, "mbox": nil, "textup": nil,
        "textbf": "font-weight: bold", "textit": "font-style: italic", "emph": "font-style: italic",
        "textsf": "font-family: sans-serif", "texttt": "font-family: monospace",
    ]
}
