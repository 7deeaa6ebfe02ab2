// Rules several grammars share, for what their data cannot say.

extension CodeGrammar {
    /// C's `#include`, `#define` and C#'s `#region`: a `#` first on its line makes the line (and its
    /// backslash continuations) meta.
    static let preprocessorLine: Rule = { _, scanner in
        guard scanner.peekIs("#"), scanner.isAtLineStart else { return false }
        let start = scanner.position
        repeat {
            scanner.skipToLineEnd()
            let continues = scanner.position > start && scanner.bytes[scanner.position - 1] == UInt8(ascii: "\\")
            guard continues, !scanner.isAtEnd else { break }
            scanner.position += 1
        } while true
        scanner.emit(.meta, from: start)
        return true
    }

    /// Rust's and PHP's attributes, `#[derive(Debug)]` and `#![allow(unused)]`, up to the matching `]`.
    static let hashBracketAttribute: Rule = { _, scanner in
        guard scanner.peekIs("#"), scanner.peekIs("[", at: 1) || (scanner.peekIs("!", at: 1) && scanner.peekIs("[", at: 2))
        else { return false }
        let start = scanner.position
        scanner.skipBracketed(open: UInt8(ascii: "["), close: UInt8(ascii: "]"))
        scanner.emit(.attribute, from: start)
        return true
    }

    /// A `/` where a value is expected starts a regular expression (`x = /a+/g`); after a value it divides.
    static let regularExpressionLiteral: Rule = { _, scanner in
        guard scanner.peekIs("/"), !scanner.peekIs("/", at: 1), !scanner.peekIs("*", at: 1) else { return false }
        if let index = scanner.previousNonSpaceIndex {
            let previous = scanner.bytes[index]
            // `return /x/`: a keyword ending right there is not a value.
            let followsKeyword = scanner.tokens.last.map { $0.kind == .keyword && $0.range.upperBound == index + 1 } ?? false
            if (CodeByte.isIdentifierContinue(previous) && !followsKeyword) || ")]}\"'`".utf8.contains(previous) {
                return false
            }
        }
        var index = scanner.position + 1
        var inClass = false
        while index < scanner.end {
            let byte = scanner.bytes[index]
            if byte == CodeByte.newline { return false }
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "[") { inClass = true }
            if byte == UInt8(ascii: "]") { inClass = false }
            if byte == UInt8(ascii: "/"), !inClass { break }
            index += 1
        }
        guard index < scanner.end else { return false }
        let start = scanner.position
        scanner.position = index + 1
        scanner.skip(while: CodeByte.isLetter)
        scanner.emit(.string, from: start)
        return true
    }

    /// Swift's compiler directives, `#if` or `#available`: `#` and the name are meta.
    static let hashDirective: Rule = { _, scanner in
        guard scanner.peekIs("#"), scanner.peek(1).map(CodeByte.isLetter) ?? false else { return false }
        let start = scanner.position
        scanner.position += 1
        scanner.skipIdentifier()
        scanner.emit(.meta, from: start)
        return true
    }

    /// Where the single-line string whose quote is `offset` bytes after the cursor ends (past its quote),
    /// for rules that must know what follows a string before scanning it.
    static func endOfSimpleString(_ scanner: CodeScanner, quoteAt offset: Int) -> Int {
        let quote = scanner.bytes[scanner.position + offset]
        var index = scanner.position + offset + 1
        while index < scanner.end {
            let byte = scanner.bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == quote { return index + 1 }
            if byte == CodeByte.newline { return index }
            index += 1
        }
        return scanner.end
    }
}
