// YAML, a line at a time: a scalar followed by `: ` is a key (attribute), any other scalar a
// value: booleans and null are keywords, numbers numbers, the rest strings. Anchors and aliases
// are variables, tags and document markers meta, and the lines of a `|` or `>` block scalar
// strings.

enum YAMLLexer {
    private static let doubleQuoted = StringStyle("\"")
    private static let singleQuoted = StringStyle("'", escape: .doubledDelimiter)
    private static let constants = WordTable([
        (.keyword, "true false True False TRUE FALSE null Null NULL ~ yes no Yes No on off On Off"),
    ])

    static func scan(_ scanner: inout CodeScanner) {
        // The indentation of the line that opened a block scalar; deeper lines belong to it.
        var blockScalarParentIndent: Int?
        while !scanner.isAtEnd {
            let lineStart = scanner.position
            scanner.skip(while: { $0 == UInt8(ascii: " ") })
            let indent = scanner.position - lineStart
            let isBlank = scanner.isAtEnd || scanner.peekIs("\n") || scanner.peekIs("\r")
            if let parentIndent = blockScalarParentIndent {
                if isBlank || indent > parentIndent {
                    scanner.skipToLineEnd()
                    scanner.emit(.string, from: lineStart + indent)
                    if !scanner.isAtEnd { scanner.position += 1 }
                    continue
                }
                blockScalarParentIndent = nil
            }
            if indent == 0, scanner.hasPrefix("---") || scanner.hasPrefix("..."),
                scanner.peek(3).map(CodeByte.isSpace) ?? true
            {
                scanner.emit(.meta, length: 3)
            } else if indent == 0, scanner.peekIs("%") {
                let start = scanner.position
                scanner.skipToLineEnd()
                scanner.emit(.meta, from: start)
            }
            if scanLine(&scanner) { blockScalarParentIndent = indent }
            if !scanner.isAtEnd { scanner.position += 1 }
        }
    }

    /// Scans the rest of a line; true when it opens a block scalar.
    private static func scanLine(_ scanner: inout CodeScanner) -> Bool {
        var flowDepth = 0
        while !scanner.isAtEnd, !scanner.peekIs("\n") {
            let byte = scanner.bytes[scanner.position]
            let start = scanner.position
            let isWordStart = start == 0 || CodeByte.isSpace(scanner.bytes[start - 1])
            let isFollowedByBlank = scanner.peek(1).map(CodeByte.isSpace) ?? true
            if CodeByte.isSpace(byte) {
                scanner.position += 1
            } else if byte == UInt8(ascii: "#"), isWordStart {
                scanner.skipToLineEnd()
                scanner.emit(.comment, from: start)
            } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?")) && isFollowedByBlank {
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: ":"), isFollowedByBlank || flowDepth > 0 {
                scanner.emit(.punctuation, length: 1)
            } else if "[{".utf8.contains(byte) {
                flowDepth += 1
                scanner.emit(.punctuation, length: 1)
            } else if "]}".utf8.contains(byte) {
                flowDepth = max(0, flowDepth - 1)
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: ","), flowDepth > 0 {
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "*") {
                scanner.position += 1
                scanner.skip(while: { !CodeByte.isSpace($0) && !",[]{}".utf8.contains($0) })
                scanner.emit(.variable, from: start)
            } else if byte == UInt8(ascii: "!") {
                scanner.skip(while: { !CodeByte.isSpace($0) })
                scanner.emit(.meta, from: start)
            } else if (byte == UInt8(ascii: "|") || byte == UInt8(ascii: ">")), flowDepth == 0 {
                scanner.skip(while: { "|>+-0123456789".utf8.contains($0) })
                scanner.emit(.operator, from: start)
                return true
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let isKey = isFollowedByColon(from: CodeGrammar.endOfSimpleString(scanner, quoteAt: 0), scanner)
                var style = byte == UInt8(ascii: "\"") ? doubleQuoted : singleQuoted
                style.kind = isKey ? .attribute : .string
                scanner.scanString(style)
            } else {
                scanPlainScalar(&scanner, inFlow: flowDepth > 0)
            }
        }
        return false
    }

    private static func isFollowedByColon(from index: Int, _ scanner: CodeScanner) -> Bool {
        var index = index
        while index < scanner.end, CodeByte.isBlank(scanner.bytes[index]) { index += 1 }
        return index < scanner.end && scanner.bytes[index] == UInt8(ascii: ":")
            && (index + 1 == scanner.end || CodeByte.isSpace(scanner.bytes[index + 1]))
    }

    /// An unquoted scalar runs to `: `, ` #`, the line's end, or in a flow to `,`, `]` or `}`.
    private static func scanPlainScalar(_ scanner: inout CodeScanner, inFlow: Bool) {
        let start = scanner.position
        var end = start
        while scanner.position < scanner.end {
            let byte = scanner.bytes[scanner.position]
            let next = scanner.peek(1)
            if byte == CodeByte.newline || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: ":"), next.map(CodeByte.isSpace) ?? true { break }
            if byte == UInt8(ascii: "#"), CodeByte.isBlank(scanner.bytes[scanner.position - 1]) { break }
            if inFlow, ",[]{}".utf8.contains(byte) { break }
            if !CodeByte.isBlank(byte) { end = scanner.position + 1 }
            scanner.advanceScalar()
            if !CodeByte.isBlank(byte) { end = scanner.position }
        }
        scanner.position = end
        let range = start..<end
        guard !range.isEmpty else {
            scanner.advanceScalar()
            return
        }
        if isFollowedByColon(from: end, scanner) {
            scanner.emit(.attribute, from: start)
        } else if let kind = constants.kind(of: range, in: scanner.bytes) {
            scanner.emit(kind, from: start)
        } else if isNumber(scanner.bytes[range]) {
            scanner.emit(.number, from: start)
        } else {
            scanner.emit(.string, from: start)
        }
    }

    /// `42`, `-3.5`, `1e6`, `0x1F`, `.inf`; not `978-3-16` or `2024-01-01`.
    private static func isNumber(_ text: ArraySlice<UInt8>) -> Bool {
        let unsigned = text.first == UInt8(ascii: "-") || text.first == UInt8(ascii: "+") ? text.dropFirst() : text
        if unsigned.elementsEqual(".inf".utf8) || unsigned.elementsEqual(".nan".utf8) { return true }
        guard let first = unsigned.first, CodeByte.isDigit(first) || first == UInt8(ascii: ".") else { return false }
        var scanner = CodeScanner(String(decoding: unsigned, as: UTF8.self))
        scanner.scanNumber()
        // scanNumber takes suffixes (`1920s`); in YAML those are strings.
        let isHex = unsigned.starts(with: "0x".utf8) || unsigned.starts(with: "0o".utf8)
        return scanner.isAtEnd && (isHex || unsigned.last.map(CodeByte.isDigit) == true)
    }
}
