// HTML and XML: tag names are keywords, attribute names attributes, their values strings;
// comments, `<!DOCTYPE>` and `<?xml?>` declarations and entities (`&amp;`) stand apart from the
// text, which is plain. In HTML the contents of `<script>` and `<style>` are JavaScript and CSS.

enum MarkupLexer {
    private static let quotedValues = [StringStyle("\"", multiline: true), StringStyle("'", multiline: true)]

    static func scan(_ scanner: inout CodeScanner, embedsScriptsAndStyles: Bool) {
        while !scanner.isAtEnd {
            if scanner.hasPrefix("<!--") {
                scanDelimited(to: "-->", as: .comment, &scanner)
            } else if scanner.hasPrefix("<![CDATA[") {
                scanDelimited(to: "]]>", as: .string, &scanner)
            } else if scanner.hasPrefix("<?") {
                scanDelimited(to: "?>", as: .meta, &scanner)
            } else if scanner.hasPrefix("<!") {
                scanDelimited(to: ">", as: .meta, &scanner)
            } else if scanner.peekIs("<"), let next = scanner.peek(scanner.peekIs("/", at: 1) ? 2 : 1), CodeByte.isLetter(next) {
                scanTag(&scanner, embedsScriptsAndStyles: embedsScriptsAndStyles)
            } else if scanner.peekIs("&") {
                scanEntity(&scanner)
            } else {
                scanner.advanceScalar()
            }
        }
    }

    private static func scanDelimited(to close: StaticString, as kind: TokenKind, _ scanner: inout CodeScanner) {
        let start = scanner.position
        scanner.position += 2
        while !scanner.isAtEnd, !scanner.hasPrefix(close) { scanner.advanceScalar() }
        scanner.position = min(scanner.position + close.utf8CodeUnitCount, scanner.end)
        scanner.emit(kind, from: start)
    }

    /// `&amp;`, `&#169;`, `&#x1F600;`; a lone `&` is text.
    private static func scanEntity(_ scanner: inout CodeScanner) {
        var length = 1
        if scanner.peekIs("#", at: 1) { length += 1 }
        while let byte = scanner.peek(length), CodeByte.isLetter(byte) || CodeByte.isDigit(byte) { length += 1 }
        if length > 1, scanner.peekIs(";", at: length) {
            scanner.emit(.meta, length: length + 1)
        } else {
            scanner.position += 1
        }
    }

    private static func scanTag(_ scanner: inout CodeScanner, embedsScriptsAndStyles: Bool) {
        let isClosing = scanner.peekIs("/", at: 1)
        scanner.emit(.punctuation, length: isClosing ? 2 : 1)
        let nameStart = scanner.position
        scanner.skip(while: isNameByte)
        let name = nameStart..<scanner.position
        scanner.emit(.keyword, from: nameStart)
        var selfClosing = false
        while !scanner.isAtEnd {
            let byte = scanner.bytes[scanner.position]
            if CodeByte.isSpace(byte) {
                scanner.position += 1
            } else if byte == UInt8(ascii: ">") {
                scanner.emit(.punctuation, length: 1)
                break
            } else if scanner.hasPrefix("/>") {
                scanner.emit(.punctuation, length: 2)
                selfClosing = true
                break
            } else if byte == UInt8(ascii: "=") {
                scanner.emit(.operator, length: 1)
                scanValue(&scanner)
            } else if byte == UInt8(ascii: "<") {
                return  // an unclosed tag; the next one starts here
            } else if isNameByte(byte) {
                let start = scanner.position
                scanner.skip(while: isNameByte)
                scanner.emit(.attribute, from: start)
            } else {
                scanner.advanceScalar()
            }
        }
        guard embedsScriptsAndStyles, !isClosing, !selfClosing else { return }
        let language: CodeLanguage? =
            scanner.bytes(name, equalIgnoringCase: "script") ? .javascript
            : scanner.bytes(name, equalIgnoringCase: "style") ? .css : nil
        if let language { scanEmbedded(language, &scanner) }
    }

    private static func scanValue(_ scanner: inout CodeScanner) {
        scanner.skipSpacesAndTabs()
        if let style = quotedValues.first(where: { scanner.hasPrefix($0.open) }) {
            scanner.scanString(style)
        } else {
            let start = scanner.position
            scanner.skip(while: { !CodeByte.isSpace($0) && $0 != UInt8(ascii: ">") })
            scanner.emit(.string, from: start)
        }
    }

    /// A script's or style sheet's text up to its closing tag, scanned as its own language.
    private static func scanEmbedded(_ language: CodeLanguage, _ scanner: inout CodeScanner) {
        let closing: StaticString = language == .css ? "</style" : "</script"
        var contentEnd = scanner.position
        while contentEnd < scanner.end {
            if scanner.bytes[contentEnd] == UInt8(ascii: "<"), scanner.hasWordIgnoringCase(closing, at: contentEnd - scanner.position) {
                break
            }
            contentEnd += 1
        }
        let end = scanner.end
        scanner.end = contentEnd
        if language == .css {
            StylesheetLexer.scan(&scanner)
        } else if let grammar = CodeGrammar.forLanguage(language) {
            var lexer = GrammarLexer(grammar: grammar)
            lexer.scan(&scanner)
        }
        scanner.position = contentEnd
        scanner.end = end
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        CodeByte.isIdentifierContinue(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
    }
}
