// The cursor every lexer in this folder moves over a code block's UTF-8 bytes, and the tokens it
// has found. Lexers never build Strings while scanning: they compare bytes and record ranges.
// Token boundaries stay on scalar boundaries because non-ASCII bytes only ever belong to
// identifiers, strings, comments or plain text, which are consumed a whole scalar at a time.

struct CodeScanner {
    let bytes: [UInt8]
    var position = 0
    /// Where the current lexer stops; a lexer run on part of a line (a console command) lowers it.
    var end: Int
    private(set) var tokens: [CodeToken] = []

    init(_ code: String) {
        bytes = Array(code.utf8)
        end = bytes.count
    }

    var isAtEnd: Bool { position >= end }

    /// The byte `offset` places from the cursor, or nil outside the scanned range (or before the code).
    func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index >= 0 && index < end ? bytes[index] : nil
    }

    func peekIs(_ character: Unicode.Scalar, at offset: Int = 0) -> Bool {
        peek(offset) == UInt8(ascii: character)
    }

    /// Whether the bytes at the cursor spell `text` (ASCII).
    func hasPrefix(_ text: StaticString, at offset: Int = 0) -> Bool {
        text.withUTF8Buffer { hasPrefix($0, at: offset) }
    }

    func hasPrefix<Bytes: Collection<UInt8>>(_ text: Bytes, at offset: Int = 0) -> Bool {
        var index = position + offset
        guard index >= 0, index + text.count <= end else { return false }
        for byte in text {
            if bytes[index] != byte { return false }
            index += 1
        }
        return true
    }

    /// Whether the bytes `offset` places from the cursor spell the lower-case `word` ignoring ASCII
    /// case, and no identifier goes on after it.
    func hasWordIgnoringCase(_ word: StaticString, at offset: Int = 0) -> Bool {
        let start = position + offset
        return start >= 0 && start + word.utf8CodeUnitCount <= end
            && bytes(start..<start + word.utf8CodeUnitCount, equalIgnoringCase: word)
            && !(peek(offset + word.utf8CodeUnitCount).map(CodeByte.isIdentifierContinue) ?? false)
    }

    /// Records `start..<position` as a token of `kind`; nothing when empty or when it would overlap
    /// the previous token (a lexer's rule, never a reason to break the invariant).
    mutating func emit(_ kind: TokenKind, from start: Int) {
        let start = max(start, tokens.last?.range.upperBound ?? 0)
        guard start < position else { return }
        tokens.append(CodeToken(range: start..<position, kind: kind))
    }

    /// Moves past `length` bytes and records them as a token of `kind`.
    mutating func emit(_ kind: TokenKind, length: Int) {
        let start = position
        position = min(position + length, end)
        emit(kind, from: start)
    }

    /// Moves past one Unicode scalar.
    mutating func advanceScalar() {
        position += 1
        while position < end, CodeByte.isContinuation(bytes[position]) { position += 1 }
    }

    mutating func skip(while predicate: (UInt8) -> Bool) {
        while position < end, predicate(bytes[position]) { position += 1 }
    }

    /// Moves past a bracketed stretch starting at the next `open` (`${a{b}}`, `#[x[1]]`), brackets
    /// nested inside included; to the end when it never closes.
    mutating func skipBracketed(open: UInt8, close: UInt8) {
        skip(while: { $0 != open })
        var depth = 0
        while !isAtEnd {
            let byte = bytes[position]
            advanceScalar()
            if byte == open { depth += 1 }
            if byte == close {
                depth -= 1
                if depth == 0 { return }
            }
        }
    }

    /// Calls `scanToken`, which moves past one token, to the end, or up to the `closer` (`}` or
    /// `)`) that closes more brackets than the code opened: the end of `${ f({}) }`.
    mutating func scanTokens(until closer: UInt8?, _ scanToken: (inout CodeScanner) -> Void) {
        let opener = closer == UInt8(ascii: ")") ? UInt8(ascii: "(") : UInt8(ascii: "{")
        var depth = 0
        while !isAtEnd {
            let byte = bytes[position]
            if byte == closer {
                if depth == 0 { return }
                depth -= 1
            } else if byte == opener, closer != nil {
                depth += 1
            }
            scanToken(&self)
        }
    }

    /// Moves past text up to and including the next `quote`, or to the end.
    mutating func skipPast(_ quote: UInt8) {
        skip(while: { $0 != quote })
        if !isAtEnd { position += 1 }
    }

    mutating func skipSpacesAndTabs() { skip(while: CodeByte.isBlank) }

    /// Moves to the next line feed (not past it).
    mutating func skipToLineEnd() { skip(while: { $0 != CodeByte.newline }) }

    /// Where the current line ends (its line feed, or the end).
    var lineEnd: Int {
        var index = position
        while index < end, bytes[index] != CodeByte.newline { index += 1 }
        return index
    }

    /// Where the current line ends, counting the lines after a backslash at the end of a line
    /// as part of it (shell commands, Dockerfile instructions, Makefile lines).
    var lineEndAfterContinuations: Int {
        var index = position
        while index < end {
            if bytes[index] == CodeByte.newline {
                var last = index - 1
                if last >= position, bytes[last] == UInt8(ascii: "\r") { last -= 1 }
                if last < position || bytes[last] != UInt8(ascii: "\\") { return index }
            }
            index += 1
        }
        return index
    }

    /// Whether only spaces and tabs stand between the start of the line and the cursor.
    var isAtLineStart: Bool {
        var index = position - 1
        while index >= 0, CodeByte.isBlank(bytes[index]) { index -= 1 }
        return index < 0 || bytes[index] == CodeByte.newline
    }

    /// The first byte after the spaces and tabs from the cursor on.
    func nextNonBlank(from offset: Int = 0) -> UInt8? {
        var index = position + offset
        while index < end, CodeByte.isBlank(bytes[index]) { index += 1 }
        return index < end ? bytes[index] : nil
    }

    /// Where the last byte before the cursor that is not white space is, or nil at the start.
    var previousNonSpaceIndex: Int? {
        var index = position - 1
        while index >= 0, CodeByte.isSpace(bytes[index]) { index -= 1 }
        return index >= 0 ? index : nil
    }

    /// Moves past an identifier (letters, digits, `_`, any non-ASCII scalar, and `extra`).
    mutating func skipIdentifier(extra: (UInt8) -> Bool = { _ in false }) {
        skip(while: { CodeByte.isIdentifierContinue($0) || extra($0) })
    }

    /// Scans a number literal at the cursor: `0x1F`, `0b1010_0101`, `1_000.5e-3`, `10u32`, `.5f`, `12px`.
    /// Digits, underscores and a trailing suffix are one token.
    mutating func scanNumber() {
        let start = position
        if peekIs("0"), let radix = peek(1).map(CodeByte.lowercased),
            radix == UInt8(ascii: "x") || radix == UInt8(ascii: "b") || radix == UInt8(ascii: "o")
        {
            position += 2
            skip(while: { CodeByte.isIdentifierContinue($0) && $0 < 0x80 })
        } else {
            skipDigits()
            if peekIs("."), peek(1).map(CodeByte.isDigit) ?? false {
                position += 1
                skipDigits()
            }
            if let e = peek().map(CodeByte.lowercased), e == UInt8(ascii: "e") {
                let signLength = peekIs("+", at: 1) || peekIs("-", at: 1) ? 1 : 0
                if peek(1 + signLength).map(CodeByte.isDigit) ?? false { position += 1 + signLength }
            }
            // Suffixes (u32, f, L, n, px) and exponent digits.
            skip(while: { CodeByte.isIdentifierContinue($0) && $0 < 0x80 })
        }
        emit(.number, from: start)
    }

    /// Scans a string literal opening at the cursor. An unterminated one ends at the end of the
    /// code, or of the line when the style is single-line. `interpolate` scans the code after an
    /// interpolation's opening (`${`), from the cursor on it, through its close.
    mutating func scanString(_ style: StringStyle, interpolate: (inout CodeScanner) -> Void = { _ in }) {
        var segmentStart = position
        position += style.open.count
        while !isAtEnd {
            if style.escape == .doubledDelimiter, hasPrefix(style.close), hasPrefix(style.close, at: style.close.count) {
                position += 2 * style.close.count
                continue
            }
            if hasPrefix(style.close) {
                position += style.close.count
                break
            }
            let byte = bytes[position]
            if let interpolation = style.interpolation, hasPrefix(interpolation) {
                // `{{` in a Python or C# format string is a literal brace.
                if interpolation.count == 1, hasPrefix(interpolation, at: 1) {
                    position += 2
                    continue
                }
                emit(style.kind, from: segmentStart)
                let opening = position
                interpolate(&self)
                if position == opening { position += interpolation.count }
                segmentStart = position
                continue
            }
            // After interpolation, which may start with the escape character (Swift's `\(`).
            if (style.escape == .backslash && byte == UInt8(ascii: "\\"))
                || (style.escape == .backtick && byte == UInt8(ascii: "`"))
            {
                position += 1
                if !isAtEnd { advanceScalar() }
                continue
            }
            if byte == style.variableSigil, peek(1).map(CodeByte.isIdentifierStart) ?? false {
                emit(style.kind, from: segmentStart)
                let start = position
                position += 1
                skipIdentifier()
                emit(.variable, from: start)
                segmentStart = position
                continue
            }
            if byte == CodeByte.newline, !style.multiline { break }
            advanceScalar()
        }
        emit(style.kind, from: segmentStart)
    }

    /// Digits with the separators languages allow: `1_000`, and C++'s `1'000` (a quote between digits).
    private mutating func skipDigits() {
        while let byte = peek() {
            if CodeByte.isDigit(byte) || byte == UInt8(ascii: "_") {
                position += 1
            } else if byte == UInt8(ascii: "'"), peek(-1).map(CodeByte.isDigit) ?? false, peek(1).map(CodeByte.isDigit) ?? false {
                position += 1
            } else {
                return
            }
        }
    }

    /// Whether the bytes of `range` are `word` (ASCII, exact case).
    func bytes(_ range: Range<Int>, equal word: StaticString) -> Bool {
        word.withUTF8Buffer { word in
            word.count == range.count && zip(bytes[range], word).allSatisfy { $0 == $1 }
        }
    }

    /// Whether the bytes of `range` are the lower-case `word`, ignoring ASCII case.
    func bytes(_ range: Range<Int>, equalIgnoringCase word: StaticString) -> Bool {
        word.withUTF8Buffer { word in
            word.count == range.count && zip(bytes[range], word).allSatisfy { CodeByte.lowercased($0) == $1 }
        }
    }
}

/// What the lexers need to know about a byte.
enum CodeByte {
    static let newline = UInt8(ascii: "\n")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    static func isUppercase(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }

    static func lowercased(_ byte: UInt8) -> UInt8 { isUppercase(byte) ? byte | 0x20 : byte }

    /// Letters, `_` and every non-ASCII scalar (so `größe` and `名前` are identifiers).
    static func isIdentifierStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == UInt8(ascii: "_") || byte >= 0x80 }

    static func isIdentifierContinue(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    static func isSpace(_ byte: UInt8) -> Bool { isBlank(byte) || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B }
}
