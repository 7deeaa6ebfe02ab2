// Raw HTML that `DocumentRenderer` can build into the tree itself, without libxml2: start and
// end tags of a few well-behaved elements with quoted attributes, text without character
// references, and comments. Anything else gives nil and the chapter goes through libxml2, so
// the rules only need to be right for what they accept; `DocumentRendererTests` compares both
// ways on the GFM spec, real books and generated combinations.
import Foundation

enum RawHTMLReader {
    enum Token: Equatable {
        case start(name: String, attributes: [Attribute], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    struct Attribute: Equatable {
        var name: String
        var value: String
    }

    /// Phrasing elements that libxml2 2.9 neither empties nor closes when another inline starts
    /// (`a` aside: a new `a` closes an open one).
    static let inlineElements: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark",
        "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var",
    ]
    /// Elements no start tag closes (`div` and `blockquote` close an open `p`).
    static let containerElements: Set<String> = [
        "article", "aside", "blockquote", "details", "div", "figcaption", "figure", "footer", "header",
        "section", "summary",
    ]
    /// Void elements libxml2 also knows as empty.
    static let voidElements: Set<String> = ["br", "img"]

    static func isReadable(_ name: String) -> Bool {
        inlineElements.contains(name) || containerElements.contains(name) || voidElements.contains(name)
    }

    /// The tokens of one raw HTML piece, comments left out; nil when it holds anything else.
    static func tokens(_ html: String) -> [Token]? {
        var html = html
        return html.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            return scanner.tokens()
        }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        private func byte(at position: Int) -> UInt8 { position < bytes.count ? bytes[position] : 0 }

        private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }
        private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        mutating func tokens() -> [Token]? {
            var tokens: [Token] = []
            var textStart = 0
            while index < bytes.count {
                let current = bytes[index]
                switch current {
                case UInt8(ascii: "<"):
                    if index > textStart { tokens.append(.text(text(textStart..<index))) }
                    if byte(at: index + 1) == UInt8(ascii: "!") {
                        guard skipComment() else { return nil }
                    } else {
                        guard let token = tag() else { return nil }
                        tokens.append(token)
                    }
                    textStart = index
                // Character references (libxml2 decodes them), control characters and carriage
                // returns (it drops or folds them), and the non-characters U+FFFE and U+FFFF.
                case UInt8(ascii: "&"): return nil
                case 0x00..<0x20 where current != 0x0A && current != 0x09: return nil
                case 0xEF where byte(at: index + 1) == 0xBF && byte(at: index + 2) >= 0xBE: return nil
                default: index += 1
                }
            }
            if index > textStart { tokens.append(.text(text(textStart..<index))) }
            return tokens
        }

        private func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// `<!--` to the first `-->`; libxml2 also ends one at `--!>` and cmark does not start one
        /// at `<!-->` or `<!--->`: those are left to libxml2.
        private mutating func skipComment() -> Bool {
            guard byte(at: index + 2) == UInt8(ascii: "-"), byte(at: index + 3) == UInt8(ascii: "-") else { return false }
            let bodyStart = index + 4
            if byte(at: bodyStart) == UInt8(ascii: ">") { return false }
            if byte(at: bodyStart) == UInt8(ascii: "-"), byte(at: bodyStart + 1) == UInt8(ascii: ">") { return false }
            var cursor = bodyStart
            while cursor + 2 < bytes.count {
                if bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-") {
                    if bytes[cursor + 2] == UInt8(ascii: ">") {
                        index = cursor + 3
                        return true
                    }
                    if bytes[cursor + 2] == UInt8(ascii: "!") { return false }
                }
                cursor += 1
            }
            return false
        }

        /// A name of ASCII letters and digits, lowercased as libxml2 does; short, since libxml2
        /// cuts names at 100 bytes.
        private mutating func name() -> String? {
            guard Self.isLetter(byte(at: index)) else { return nil }
            let start = index
            while index < bytes.count, Self.isLetter(bytes[index]) || Self.isDigit(bytes[index]) { index += 1 }
            guard index - start <= 40 else { return nil }
            return text(start..<index).lowercased()
        }

        private mutating func skipBlanks() {
            while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
        }

        private mutating func tag() -> Token? {
            index += 1
            let isEnd = byte(at: index) == UInt8(ascii: "/")
            if isEnd { index += 1 }
            guard let name = name() else { return nil }
            let afterName = byte(at: index)
            guard Self.isBlank(afterName) || afterName == UInt8(ascii: ">") || afterName == UInt8(ascii: "/") else { return nil }
            if isEnd {
                skipBlanks()
                guard byte(at: index) == UInt8(ascii: ">") else { return nil }
                index += 1
                return .end(name: name)
            }
            var attributes: [Attribute] = []
            while true {
                skipBlanks()
                switch byte(at: index) {
                case UInt8(ascii: ">"):
                    index += 1
                    return .start(name: name, attributes: attributes, selfClosing: false)
                case UInt8(ascii: "/"):
                    guard byte(at: index + 1) == UInt8(ascii: ">") else { return nil }
                    index += 2
                    return .start(name: name, attributes: attributes, selfClosing: true)
                default:
                    guard let attribute = attribute(), !attributes.contains(where: { $0.name == attribute.name }) else { return nil }
                    attributes.append(attribute)
                }
            }
        }

        /// `name="value"` or `name='value'`; a value without quotes or without `=` is left to libxml2.
        private mutating func attribute() -> Attribute? {
            guard Self.isLetter(byte(at: index)) else { return nil }
            let start = index
            while index < bytes.count,
                Self.isLetter(bytes[index]) || Self.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "-")
                    || bytes[index] == UInt8(ascii: "_")
            {
                index += 1
            }
            guard index - start <= 40 else { return nil }
            let name = text(start..<index).lowercased()
            // Where cmark's renderer puts each block's line: the sanitizer would read an author's as one.
            guard name != "data-sourcepos" else { return nil }
            skipBlanks()
            guard byte(at: index) == UInt8(ascii: "=") else { return nil }
            index += 1
            skipBlanks()
            let quote = byte(at: index)
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            index += 1
            let valueStart = index
            while index < bytes.count, bytes[index] != quote {
                let current = bytes[index]
                if current == UInt8(ascii: "&") || current == UInt8(ascii: "<") || (current < 0x20 && current != 0x0A && current != 0x09)
                    || (current == 0xEF && byte(at: index + 1) == 0xBF && byte(at: index + 2) >= 0xBE)
                {
                    return nil
                }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let value = text(valueStart..<index)
            index += 1
            return Attribute(name: name, value: value)
        }
    }
}
