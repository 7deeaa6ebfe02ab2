// Runs a `CodeGrammar` over a code block. Interpolated code inside strings (`${a + "}"}`) is
// scanned by the same lexer, recursively, up to the brace or parenthesis that closes it.

struct GrammarLexer {
    let grammar: CodeGrammar
    /// Set by a defining keyword (`fn`, `class`): what the next identifier is.
    private var pendingDefinition: TokenKind?
    private var interpolationDepth = 0
    /// Deeper interpolations are left inside the string, so hostile input cannot exhaust the stack.
    private let maximumInterpolationDepth = 32

    init(grammar: CodeGrammar) { self.grammar = grammar }

    mutating func scan(_ scanner: inout CodeScanner) { scanCode(&scanner, until: nil) }

    /// Scans code to the end, or to `closer` where it closes more than it opened.
    mutating func scanCode(_ scanner: inout CodeScanner, until closer: UInt8?) {
        scanner.scanTokens(until: closer) { scanToken(&$0) }
    }

    private mutating func scanToken(_ scanner: inout CodeScanner) {
        let byte = scanner.bytes[scanner.position]
        if CodeByte.isSpace(byte) {
            scanner.position += 1
            return
        }
        let definition = pendingDefinition
        pendingDefinition = nil
        for rule in grammar.rules where rule(&self, &scanner) { return }
        if scanComment(&scanner) { return }
        if let style = grammar.strings.first(where: { scanner.hasPrefix($0.open) }) {
            scanString(style, &scanner)
        } else if CodeByte.isDigit(byte) || startsFraction(scanner) {
            scanner.scanNumber()
        } else if CodeByte.isIdentifierStart(byte) {
            scanIdentifier(&scanner, definition: definition)
        } else if byte == grammar.attributeSigil, scanner.peek(1).map(CodeByte.isIdentifierStart) ?? false {
            let start = scanner.position
            scanner.position += 1
            scanner.skipIdentifier(extra: { $0 == UInt8(ascii: ".") })
            scanner.emit(.attribute, from: start)
        } else if grammar.variableSigils.contains(byte), let next = scanner.peek(1),
            CodeByte.isIdentifierContinue(next) || next == byte
        {
            let start = scanner.position
            scanner.skip(while: { $0 == byte })
            scanner.skipIdentifier()
            scanner.emit(.variable, from: start)
        } else {
            scanSymbol(&scanner)
        }
    }

    /// `.5`, but not the `.2` of `1..2` or `x.2`.
    private func startsFraction(_ scanner: CodeScanner) -> Bool {
        guard scanner.peekIs("."), scanner.peek(1).map(CodeByte.isDigit) ?? false else { return false }
        guard let previous = scanner.peek(-1) else { return true }
        return !CodeByte.isIdentifierContinue(previous) && !".)]".utf8.contains(previous)
    }

    /// Operators run together (`->`, `>>=`); each punctuation byte is its own token; other bytes are plain.
    mutating func scanSymbol(_ scanner: inout CodeScanner) {
        let start = scanner.position
        let byte = scanner.bytes[start]
        if Self.isOperator(byte) {
            scanner.skip(while: Self.isOperator)
            scanner.emit(.operator, from: start)
        } else if Self.isPunctuation(byte) {
            scanner.emit(.punctuation, length: 1)
        } else {
            scanner.advanceScalar()
        }
    }

    static func isOperator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"),
            UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "!"), UInt8(ascii: "&"),
            UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "~"), UInt8(ascii: "?"):
            true
        default: false
        }
    }

    static func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
            UInt8(ascii: "}"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    private mutating func scanIdentifier(_ scanner: inout CodeScanner, definition: TokenKind?) {
        let start = scanner.position
        let extras = grammar.identifierExtras
        scanner.skipIdentifier(extra: { extras.contains($0) })
        let range = start..<scanner.position
        // After a `.`, a name is a member (`map.get`, `handlers.set`), never a keyword.
        let isMember = start > 0 && scanner.bytes[start - 1] == UInt8(ascii: ".")
        if !isMember, let kind = grammar.words.kind(of: range, in: scanner.bytes) {
            scanner.emit(kind, from: start)
            pendingDefinition = grammar.definitions.kind(of: range, in: scanner.bytes)
        } else if let definition {
            scanner.emit(definition, from: start)
        } else if grammar.macrosEndWithBang, scanner.peekIs("!"), !scanner.peekIs("=", at: 1) {
            scanner.position += 1
            scanner.emit(.function, from: start)
        } else if (grammar.callsMayHaveSpaceBeforeParenthesis ? scanner.nextNonBlank() : scanner.peek()) == UInt8(ascii: "(") {
            scanner.emit(.function, from: start)
        } else if grammar.capitalizedAreTypes, CodeByte.isUppercase(scanner.bytes[start]) {
            scanner.emit(.type, from: start)
        }
    }

    private func scanComment(_ scanner: inout CodeScanner) -> Bool {
        for comment in grammar.blockComments where scanner.hasPrefix(comment.open) {
            scanBlockComment(comment, &scanner)
            return true
        }
        for marker in grammar.lineComments where scanner.hasPrefix(marker) {
            let start = scanner.position
            scanner.skipToLineEnd()
            scanner.emit(.comment, from: start)
            return true
        }
        return false
    }

    private func scanBlockComment(_ comment: CodeGrammar.BlockComment, _ scanner: inout CodeScanner) {
        let start = scanner.position
        scanner.position += comment.open.count
        var depth = 1
        while !scanner.isAtEnd {
            if comment.nests, scanner.hasPrefix(comment.open) {
                depth += 1
                scanner.position += comment.open.count
            } else if scanner.hasPrefix(comment.close) {
                scanner.position += comment.close.count
                depth -= 1
                if depth == 0 { break }
            } else {
                scanner.advanceScalar()
            }
        }
        scanner.emit(.comment, from: start)
    }

    /// Scans a string literal opening at the cursor, and the code interpolated in it.
    mutating func scanString(_ style: StringStyle, _ scanner: inout CodeScanner) {
        var style = style
        if interpolationDepth >= maximumInterpolationDepth { style.interpolation = nil }
        let closer = style.interpolationCloser
        scanner.scanString(style) { scanner in
            scanInterpolation(opening: style.interpolation?.count ?? 0, closer: closer, &scanner)
        }
    }

    /// The code inside `${…}`: its opening and closing marks are punctuation.
    mutating func scanInterpolation(opening length: Int, closer: UInt8, _ scanner: inout CodeScanner) {
        scanner.emit(.punctuation, length: length)
        interpolationDepth += 1
        let savedDefinition = pendingDefinition
        scanCode(&scanner, until: closer)
        pendingDefinition = savedDefinition
        interpolationDepth -= 1
        if scanner.peek() == closer { scanner.emit(.punctuation, length: 1) }
    }
}
