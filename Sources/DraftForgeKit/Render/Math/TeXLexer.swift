// Splits TeX math into tokens, each with the UTF-8 offset where it starts. Works on bytes:
// formulas are short but many, and this runs for every one of them.

struct TeXToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// `\name`, or a control symbol such as `\,` or `\{`; the name has no backslash.
        case command(String)
        /// One character, with any combining marks that follow it.
        case character(String)
        case openBrace, closeBrace, caret, underscore, alignmentTab
        /// A run of white space (TeX ignores it in math, keeps one in text).
        case space
    }

    var kind: Kind
    var offset: Int
}

enum TeXLexer {
    static func tokens(_ tex: String) -> [TeXToken] {
        let bytes = Array(tex.utf8)
        var tokens: [TeXToken] = []
        tokens.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else {
                    tokens.append(TeXToken(kind: .command(""), offset: start))
                    break
                }
                if isLetter(bytes[index]) {
                    let nameStart = index
                    while index < bytes.count, isLetter(bytes[index]) { index += 1 }
                    tokens.append(TeXToken(kind: .command(text(bytes, nameStart..<index)), offset: start))
                    // TeX drops the spaces after a control word, in text as in math.
                    while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                } else if isSpace(bytes[index]) {
                    index += 1
                    tokens.append(TeXToken(kind: .command(" "), offset: start))
                } else {
                    let end = index + scalarLength(bytes[index])
                    tokens.append(TeXToken(kind: .command(text(bytes, index..<end)), offset: start))
                    index = end
                }
            case UInt8(ascii: "{"): index += 1; tokens.append(TeXToken(kind: .openBrace, offset: start))
            case UInt8(ascii: "}"): index += 1; tokens.append(TeXToken(kind: .closeBrace, offset: start))
            case UInt8(ascii: "^"): index += 1; tokens.append(TeXToken(kind: .caret, offset: start))
            case UInt8(ascii: "_"): index += 1; tokens.append(TeXToken(kind: .underscore, offset: start))
            case UInt8(ascii: "&"): index += 1; tokens.append(TeXToken(kind: .alignmentTab, offset: start))
            case UInt8(ascii: "%"):
                // A comment runs to the end of the line and takes the next line's indent with it.
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                index += 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            case let byte where isSpace(byte):
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                if tokens.last?.kind != .space { tokens.append(TeXToken(kind: .space, offset: start)) }
            default:
                index += scalarLength(bytes[index])
                while index < bytes.count, isCombiningMark(bytes, at: index) { index += scalarLength(bytes[index]) }
                tokens.append(TeXToken(kind: .character(text(bytes, start..<index)), offset: start))
            }
        }
        return tokens
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
            || byte == UInt8(ascii: "\r")
    }

    /// How many bytes the UTF-8 sequence led by `byte` takes.
    private static func scalarLength(_ byte: UInt8) -> Int {
        switch byte {
        case ..<0xC0: 1
        case ..<0xE0: 2
        case ..<0xF0: 3
        default: 4
        }
    }

    /// Combining diacritical marks (U+0300–U+036F, U+1AB0–U+1AFF, U+20D0–U+20FF) belong to
    /// the character before them: "e" followed by U+0301 is one identifier.
    private static func isCombiningMark(_ bytes: [UInt8], at index: Int) -> Bool {
        let byte = bytes[index]
        if byte == 0xCC || (byte == 0xCD && index + 1 < bytes.count && bytes[index + 1] < 0xB0) { return true }
        guard byte == 0xE1 || byte == 0xE2, index + 2 < bytes.count else { return false }
        let second = bytes[index + 1]
        return (byte == 0xE1 && (second == 0xAA || second == 0xAB) && (second == 0xAB || bytes[index + 2] >= 0xB0))
            || (byte == 0xE2 && second == 0x83 && bytes[index + 2] >= 0x90)
    }

    private static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}
