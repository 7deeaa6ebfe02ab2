// Reads the tokens of one formula into a MathNode tree. Recursive descent: a row is a list of
// atoms, each atom may carry scripts, and groups, arguments and environments nest rows. The
// first problem stops the parse, so a formula never comes out half converted.

struct TeXParser {
    /// Why a row stopped.
    enum RowEnd: Equatable {
        case endOfInput, closeBrace, closeBracket, alignmentTab, rowBreak, end, right, middle
    }

    /// An atom before its scripts: where scripts go, and whether it names a function.
    struct Atom {
        var node: MathNode
        var placement: ScriptPlacement = .beside
        var acceptsLimitControls = false
        var isFunction = false
    }

    let tokens: [TeXToken]
    let sourceLength: Int
    var position = 0
    var nesting = 0
    var font: MathFont?
    var tag: String?
    var hasRowTags = false

    init(_ tex: String) {
        tokens = TeXLexer.tokens(tex)
        sourceLength = tex.utf8.count
    }

    mutating func parseFormula() throws(MathConversionError) -> MathNode {
        let (nodes, end, offset) = try parseRow(isTopLevel: true)
        guard end == .endOfInput else { throw unexpected(end, at: offset) }
        let formula = MathNode.row(nodes)
        return tag != nil || hasRowTags ? .tagged(formula, tag: tag) : formula
    }

    // MARK: - Rows

    /// Atoms up to the token that ends the row, which is consumed; its offset comes back too.
    mutating func parseRow(isTopLevel: Bool = false, stopsAtBracket: Bool = false)
        throws(MathConversionError) -> (nodes: [MathNode], end: RowEnd, offset: Int)
    {
        try enterNesting(at: current?.offset ?? sourceLength)
        defer { nesting -= 1 }
        var nodes: [MathNode] = []
        var functionPending = false
        while let token = current {
            if let end = rowEnd(token, stopsAtBracket: stopsAtBracket) {
                position += 1
                return (nodes, end, token.offset)
            }
            if case .command(let name) = token.kind, let styleCommand = MathStyleCommand(rawValue: name) {
                // The style holds to the end of the group, cell or fence.
                position += 1
                let rest = try parseRow(isTopLevel: isTopLevel, stopsAtBracket: stopsAtBracket)
                nodes.append(.style(styleCommand.style, .row(rest.nodes)))
                return (nodes, rest.end, rest.offset)
            }
            if token.kind == .space {
                position += 1
                continue
            }
            if token.kind == .command("tag") {
                try parseTag(at: token.offset, isTopLevel: isTopLevel)
                continue
            }
            let atom = try parseAtomWithScripts()
            if functionPending {
                nodes.append(.symbol("\u{2061}"))
                // TeX's thin space after an operator name, unless an opening delimiter follows: "sin x", "ln(x)".
                if atom.node.isOrdinary { nodes.append(.space(width: "0.1667em")) }
            }
            // TeX's thin space between an ordinary atom and an operator name: "f \max g".
            if atom.isFunction, let previous = nodes.last, previous.isOrdinary {
                nodes.append(.space(width: "0.1667em"))
            }
            functionPending = atom.isFunction
            nodes.append(atom.node)
        }
        return (nodes, .endOfInput, sourceLength)
    }

    private func rowEnd(_ token: TeXToken, stopsAtBracket: Bool) -> RowEnd? {
        switch token.kind {
        case .closeBrace: .closeBrace
        case .alignmentTab: .alignmentTab
        case .character("]") where stopsAtBracket: .closeBracket
        case .command("\\"), .command("cr"): .rowBreak
        case .command("end"): .end
        case .command("right"): .right
        case .command("middle"): .middle
        default: nil
        }
    }

    /// The error for a row that ended where it may not.
    func unexpected(_ end: RowEnd, at offset: Int) -> MathConversionError {
        switch end {
        case .endOfInput: MathConversionError("the formula ends before a group is closed", at: offset)
        case .closeBrace: MathConversionError("} has no matching {", at: offset)
        case .closeBracket: MathConversionError("] has no matching [", at: offset)
        case .alignmentTab:
            MathConversionError("& is allowed only in an environment such as aligned or matrix", at: offset)
        case .rowBreak:
            MathConversionError(
                "\\\\ is allowed only in an environment such as aligned or matrix", command: "\\\\", at: offset)
        case .end: MathConversionError("\\end has no matching \\begin", command: "\\end", at: offset)
        case .right: MathConversionError("\\right has no matching \\left", command: "\\right", at: offset)
        case .middle:
            MathConversionError("\\middle is allowed only between \\left and \\right", command: "\\middle", at: offset)
        }
    }

    // MARK: - Atoms and scripts

    mutating func parseAtomWithScripts() throws(MathConversionError) -> Atom {
        var atom: Atom
        if let token = current, token.kind == .caret || token.kind == .underscore || token.kind == .character("'") {
            atom = Atom(node: .row([]))
        } else {
            atom = try parseAtom()
        }
        var sub: MathNode?
        var sup: MathNode?
        var primes = ""
        while let token = current {
            switch token.kind {
            case .space:
                position += 1
            case .command("limits"), .command("nolimits"):
                guard atom.acceptsLimitControls else {
                    throw MathConversionError(
                        "\(command(token)) must follow an operator such as \\sum", command: command(token),
                        at: token.offset)
                }
                atom.placement = token.kind == .command("limits") ? .limits : .beside
                position += 1
            case .caret, .underscore:
                let isSuper = token.kind == .caret
                if (isSuper ? sup : sub) != nil {
                    let what = isSuper ? "superscript" : "subscript"
                    throw MathConversionError("double \(what): use braces to group", at: token.offset)
                }
                position += 1
                let script = try parseArgument(for: isSuper ? "^" : "_", at: token.offset)
                if isSuper { sup = script } else { sub = script }
            case .character("'"):
                guard sup == nil else {
                    throw MathConversionError("double superscript: a prime after ^", at: token.offset)
                }
                primes.append("'")
                position += 1
            default:
                return attach(sub: sub, sup: sup, primes: primes, to: atom)
            }
        }
        return attach(sub: sub, sup: sup, primes: primes, to: atom)
    }

    private func attach(sub: MathNode?, sup: MathNode?, primes: String, to atom: Atom) -> Atom {
        var superscript = sup
        if !primes.isEmpty {
            let marks = ["′", "″", "‴", "⁗"]
            let mark = primes.count <= marks.count ? marks[primes.count - 1] : String(repeating: "′", count: primes.count)
            let prime = MathNode.symbol(mark)
            superscript = sup.map { .row([prime, $0]) } ?? prime
        }
        guard sub != nil || superscript != nil else { return atom }
        var result = atom
        result.node = .scripts(base: atom.node, sub: sub, sup: superscript, placement: atom.placement)
        return result
    }

    /// The argument of a command or a script: a group, or a single token.
    mutating func parseArgument(for name: String, at offset: Int) throws(MathConversionError) -> MathNode {
        try enterNesting(at: offset)
        defer { nesting -= 1 }
        skipSpaces()
        guard let token = current, rowEnd(token, stopsAtBracket: false) == nil,
              token.kind != .caret, token.kind != .underscore
        else {
            let command = name.hasPrefix("\\") ? name : nil
            throw MathConversionError("\(name) is missing its argument", command: command, at: offset)
        }
        if case .character(let text) = token.kind, text.first?.isNumber == true {
            position += 1
            return number(text)
        }
        return try parseAtom().node
    }

    /// A group, a character or a command, without scripts.
    mutating func parseAtom() throws(MathConversionError) -> Atom {
        guard let token = current else {
            throw MathConversionError("the formula ends too early", at: sourceLength)
        }
        switch token.kind {
        case .openBrace:
            position += 1
            return Atom(node: .row(try parseGroupBody(openedAt: token.offset)))
        case .character(let text):
            position += 1
            return try characterAtom(text, at: token.offset)
        case .command(let name):
            position += 1
            return try commandAtom(name, at: token.offset)
        default:
            throw MathConversionError("unexpected \(describe(token))", at: token.offset)
        }
    }

    /// The nodes of a `{ }` group whose `{` is already read.
    mutating func parseGroupBody(openedAt offset: Int) throws(MathConversionError) -> [MathNode] {
        let (nodes, end, endOffset) = try parseRow()
        switch end {
        case .closeBrace: return nodes
        case .endOfInput: throw MathConversionError("{ is not closed", at: offset)
        default: throw unexpected(end, at: endOffset)
        }
    }

    mutating func characterAtom(_ text: String, at offset: Int) throws(MathConversionError) -> Atom {
        guard let first = text.unicodeScalars.first else { return Atom(node: .row([])) }
        if first.isASCII {
            if first.properties.isAlphabetic { return Atom(node: identifier(text)) }
            if first.properties.numericType != nil { return Atom(node: number(text, continuing: true)) }
            if text == "~" { return Atom(node: .space(width: "0.3333em")) }
        }
        if let symbol = TeXSymbols.symbol(for: text) { return atom(for: symbol) }
        if first.isASCII {
            throw MathConversionError("\(text) cannot be used in math", at: offset)
        }
        if first.properties.isAlphabetic {
            let isCapitalGreek = (0x391...0x3A9).contains(first.value)
            return Atom(node: font == nil && isCapitalGreek ? .identifier(text, upright: true) : identifier(text))
        }
        if first.properties.numericType != nil { return Atom(node: .number(text)) }
        return Atom(node: .symbol(text))
    }

    /// A number: with `continuing`, the digits and decimal points that follow belong to it.
    mutating func number(_ first: String, continuing: Bool = false) -> MathNode {
        var digits = first
        while continuing, let token = current, case .character(let text) = token.kind {
            let isDigit = text.count == 1 && text.first?.isASCII == true && text.first?.isNumber == true
            let isDecimalPoint = text == "." && next(1).map { token in
                guard case .character(let following) = token.kind, let digit = following.first else { return false }
                return digit.isASCII && digit.isNumber
            } == true
            guard isDigit || isDecimalPoint else { break }
            digits.append(text)
            position += 1
        }
        guard let font else { return .number(digits) }
        return .number(digits.map { font.styled(String($0)).text }.joined())
    }

    func identifier(_ text: String) -> MathNode {
        guard let font else { return .identifier(text, upright: false) }
        let styled = font.styled(text)
        return .identifier(styled.text, upright: styled.upright)
    }

    func atom(for symbol: TeXSymbol) -> Atom {
        switch symbol.kind {
        case .identifier: return Atom(node: identifier(symbol.text))
        case .uprightIdentifier:
            return Atom(node: font == nil ? .identifier(symbol.text, upright: true) : identifier(symbol.text))
        case .operator: return Atom(node: .symbol(symbol.text))
        case .delimiter:
            let isBar = symbol.text == "|" || symbol.text == "‖"
            return Atom(node: .symbol(symbol.text, OperatorStyle(stretchy: false, isUnspaced: isBar)))
        case .largeOperator(let limits):
            return Atom(
                node: .symbol(symbol.text), placement: limits ? .limitsInDisplay : .beside, acceptsLimitControls: true)
        case .function(let limits):
            return Atom(
                node: .identifier(symbol.text, upright: false), placement: limits ? .limitsInDisplay : .beside,
                acceptsLimitControls: true, isFunction: true)
        }
    }

    // MARK: - Tokens

    var current: TeXToken? { position < tokens.count ? tokens[position] : nil }

    func next(_ distance: Int) -> TeXToken? {
        position + distance < tokens.count ? tokens[position + distance] : nil
    }

    mutating func skipSpaces() {
        while current?.kind == .space { position += 1 }
    }

    mutating func enterNesting(at offset: Int) throws(MathConversionError) {
        nesting += 1
        if nesting > TeXMath.maximumNesting {
            throw MathConversionError(
                "the formula nests deeper than \(TeXMath.maximumNesting) levels", at: offset)
        }
    }

    func command(_ token: TeXToken) -> String {
        if case .command(let name) = token.kind { return "\\" + name }
        return describe(token)
    }

    func describe(_ token: TeXToken) -> String {
        switch token.kind {
        case .command(let name): "\\" + name
        case .character(let text): text
        case .openBrace: "{"
        case .closeBrace: "}"
        case .caret: "^"
        case .underscore: "_"
        case .alignmentTab: "&"
        case .space: "space"
        }
    }
}

/// \displaystyle and its kind: they set the rest of the group in another style.
enum MathStyleCommand: String {
    case displaystyle, textstyle, scriptstyle, scriptscriptstyle

    var style: MathStyle {
        switch self {
        case .displaystyle: MathStyle(isDisplay: true, scriptLevel: 0)
        case .textstyle: MathStyle(isDisplay: false, scriptLevel: 0)
        case .scriptstyle: MathStyle(isDisplay: false, scriptLevel: 1)
        case .scriptscriptstyle: MathStyle(isDisplay: false, scriptLevel: 2)
        }
    }
}
