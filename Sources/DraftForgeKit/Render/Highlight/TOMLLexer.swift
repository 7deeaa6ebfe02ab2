// TOML: `[table]` and `[[array]]` headers name types, keys before `=` are attributes, and values
// are strings, numbers (dates and times too), booleans (keywords), arrays and inline tables,
// whose keys are attributes again.

enum TOMLLexer {
    private static let strings = [
        StringStyle("\"\"\"", multiline: true), StringStyle("'''", escape: .none, multiline: true),
        StringStyle("\""), StringStyle("'", escape: .none),
    ]

    private enum Container { case array, inlineTable }

    static func scan(_ scanner: inout CodeScanner) {
        var containers: [Container] = []
        var expectsKey = true
        while !scanner.isAtEnd {
            let byte = scanner.bytes[scanner.position]
            let start = scanner.position
            if byte == CodeByte.newline {
                scanner.position += 1
                if containers.isEmpty { expectsKey = true }
            } else if CodeByte.isSpace(byte) {
                scanner.position += 1
            } else if byte == UInt8(ascii: "#") {
                scanner.skipToLineEnd()
                scanner.emit(.comment, from: start)
            } else if expectsKey, containers.isEmpty, byte == UInt8(ascii: "[") {
                scanTableHeader(&scanner)
            } else if let style = strings.first(where: { scanner.hasPrefix($0.open) }) {
                var style = style
                if expectsKey { style.kind = .attribute }
                scanner.scanString(style)
            } else if byte == UInt8(ascii: "=") {
                scanner.emit(.operator, length: 1)
                expectsKey = false
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                containers.append(byte == UInt8(ascii: "[") ? .array : .inlineTable)
                expectsKey = byte == UInt8(ascii: "{")
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                _ = containers.popLast()
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: ",") {
                expectsKey = containers.last == .inlineTable
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: ".") {
                scanner.emit(.punctuation, length: 1)
            } else if isBareByte(byte) || byte == UInt8(ascii: "+") {
                scanBareWord(&scanner, isKey: expectsKey)
            } else {
                scanner.advanceScalar()
            }
        }
    }

    /// `[server.http]` or `[[products]]`: brackets are punctuation, the name a type.
    private static func scanTableHeader(_ scanner: inout CodeScanner) {
        let brackets = scanner.peekIs("[", at: 1) ? 2 : 1
        scanner.emit(.punctuation, length: brackets)
        let start = scanner.position
        while !scanner.isAtEnd, !scanner.peekIs("]"), !scanner.peekIs("\n") { scanner.advanceScalar() }
        scanner.emit(.type, from: start)
        if scanner.peekIs("]") { scanner.emit(.punctuation, length: scanner.peekIs("]", at: 1) ? brackets : 1) }
    }

    private static func scanBareWord(_ scanner: inout CodeScanner, isKey: Bool) {
        let start = scanner.position
        if isKey {
            scanner.skip(while: isBareByte)
            if scanner.position == start { scanner.position += 1 }  // a `+` where a key belongs
            scanner.emit(.attribute, from: start)
            return
        }
        // Values: numbers, dates (`1979-05-27T07:32:00Z`), times, `inf`, `nan`, `true`, `false`.
        scanner.skip(while: { isBareByte($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
        let range = start..<scanner.position
        if scanner.bytes(range, equal: "true") || scanner.bytes(range, equal: "false") {
            scanner.emit(.keyword, from: start)
        } else if scanner.bytes[range].contains(where: CodeByte.isDigit) || scanner.bytes[range].contains(UInt8(ascii: "n")) {
            scanner.emit(.number, from: start)
        }
    }

    private static func isBareByte(_ byte: UInt8) -> Bool {
        CodeByte.isLetter(byte) || CodeByte.isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
