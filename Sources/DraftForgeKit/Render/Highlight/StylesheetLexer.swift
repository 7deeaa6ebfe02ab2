// CSS. Whether a stretch is a selector or a declaration is decided by what ends it: a selector
// runs to `{`, a declaration to `;` or `}`. Selectors: element names are keywords, classes and
// ids types, pseudo-classes keywords; declarations: property names are attributes, custom
// properties (`--gap`) variables, and in values numbers keep their units (`1.5rem`, `50%`, `#fff`).

enum StylesheetLexer {
    private static let strings = [StringStyle("\""), StringStyle("'")]

    static func scan(_ scanner: inout CodeScanner) {
        // Found once per statement, not once per word: a long run of words stays linear.
        var terminator = (index: -1, isBrace: false)
        while !scanner.isAtEnd {
            let byte = scanner.bytes[scanner.position]
            if CodeByte.isSpace(byte) {
                scanner.position += 1
            } else if scanCommentOrString(&scanner) {
                continue
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ";") {
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: "@") {
                let start = scanner.position
                scanner.position += 1
                scanner.skip(while: isNameByte)
                scanner.emit(.keyword, from: start)
                scanValue(&scanner)
            } else {
                if terminator.index < scanner.position { terminator = nextTerminator(scanner) }
                if terminator.isBrace {
                    scanSelector(&scanner)
                } else {
                    scanDeclaration(&scanner)
                }
            }
        }
    }

    private static func scanCommentOrString(_ scanner: inout CodeScanner) -> Bool {
        if scanner.hasPrefix("/*") {
            let start = scanner.position
            scanner.position += 2
            while !scanner.isAtEnd, !scanner.hasPrefix("*/") { scanner.advanceScalar() }
            scanner.position = min(scanner.position + 2, scanner.end)
            scanner.emit(.comment, from: start)
            return true
        }
        if let style = strings.first(where: { scanner.hasPrefix($0.open) }) {
            scanner.scanString(style)
            return true
        }
        return false
    }

    /// The next `{`, `;` or `}`: when it is a `{`, the text before it is a selector.
    private static func nextTerminator(_ scanner: CodeScanner) -> (index: Int, isBrace: Bool) {
        var index = scanner.position
        while index < scanner.end {
            switch scanner.bytes[index] {
            case UInt8(ascii: "{"): return (index, true)
            case UInt8(ascii: ";"), UInt8(ascii: "}"): return (index, false)
            default: index += 1
            }
        }
        return (index, false)
    }

    private static func scanSelector(_ scanner: inout CodeScanner) {
        while !scanner.isAtEnd, !scanner.peekIs("{") {
            let byte = scanner.bytes[scanner.position]
            let start = scanner.position
            if CodeByte.isSpace(byte) {
                scanner.position += 1
            } else if scanCommentOrString(&scanner) {
                continue
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "#") {
                scanner.position += 1
                scanner.skip(while: isNameByte)
                scanner.emit(.type, from: start)
            } else if byte == UInt8(ascii: ":") {
                scanner.skip(while: { $0 == UInt8(ascii: ":") })
                scanner.skip(while: isNameByte)
                scanner.emit(.keyword, from: start)
            } else if byte == UInt8(ascii: "[") {
                scanner.emit(.punctuation, length: 1)
                let nameStart = scanner.position
                scanner.skip(while: isNameByte)
                scanner.emit(.attribute, from: nameStart)
            } else if isNameByte(byte) {
                scanner.skip(while: isNameByte)
                scanner.emit(.keyword, from: start)
            } else if ">+~*=|^$".utf8.contains(byte) {
                scanner.emit(.operator, length: 1)
            } else if ",()]".utf8.contains(byte) {
                scanner.emit(.punctuation, length: 1)
            } else {
                scanner.advanceScalar()
            }
        }
    }

    private static func scanDeclaration(_ scanner: inout CodeScanner) {
        let start = scanner.position
        scanner.skip(while: isNameByte)
        if scanner.position == start {
            scanner.advanceScalar()
            return
        }
        scanner.emit(scanner.hasPrefix("--", at: start - scanner.position) ? .variable : .attribute, from: start)
        scanner.skipSpacesAndTabs()
        if scanner.peekIs(":") {
            scanner.emit(.punctuation, length: 1)
            scanValue(&scanner)
        }
    }

    /// A property's value or an at-rule's prelude, up to `;`, `{` or `}`.
    private static func scanValue(_ scanner: inout CodeScanner) {
        while !scanner.isAtEnd {
            let byte = scanner.bytes[scanner.position]
            let start = scanner.position
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") {
                return
            } else if CodeByte.isSpace(byte) {
                scanner.position += 1
            } else if scanCommentOrString(&scanner) {
                continue
            } else if CodeByte.isDigit(byte)
                || ((byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")) && (scanner.peek(1).map(CodeByte.isDigit) ?? false))
            {
                scanner.position += 1
                scanner.skip(while: { CodeByte.isDigit($0) || $0 == UInt8(ascii: ".") })
                scanner.skip(while: { CodeByte.isLetter($0) || $0 == UInt8(ascii: "%") })
                scanner.emit(.number, from: start)
            } else if byte == UInt8(ascii: "#") {
                scanner.position += 1
                scanner.skip(while: { CodeByte.isIdentifierContinue($0) && $0 < 0x80 })
                scanner.emit(.number, from: start)
            } else if byte == UInt8(ascii: "!") {
                scanner.position += 1
                scanner.skip(while: CodeByte.isLetter)
                scanner.emit(.keyword, from: start)
            } else if isNameByte(byte) {
                scanner.skip(while: isNameByte)
                if scanner.peekIs("(") {
                    scanner.emit(.function, from: start)
                } else if scanner.hasPrefix("--", at: start - scanner.position) {
                    scanner.emit(.variable, from: start)
                }
            } else if "(),:/".utf8.contains(byte) {
                scanner.emit(.punctuation, length: 1)
            } else if "+*=<>".utf8.contains(byte) {
                scanner.emit(.operator, length: 1)
            } else {
                scanner.advanceScalar()
            }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        CodeByte.isIdentifierContinue(byte) || byte == UInt8(ascii: "-")
    }
}
