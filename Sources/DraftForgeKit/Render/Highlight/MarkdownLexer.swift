// Markdown, a line at a time: headings are keywords, fences and thematic breaks meta, fenced
// code and code spans strings, emphasis and strong emphasis variables, block-quote and list
// markers punctuation, and a link's destination meta (its text stays plain).

enum MarkdownLexer {
    static func scan(_ scanner: inout CodeScanner) {
        // The byte and length of the open code fence.
        var openFence: (byte: UInt8, count: Int)?
        while !scanner.isAtEnd {
            let lineStart = scanner.position
            let lineEnd = scanner.lineEnd
            scanner.skipSpacesAndTabs()
            let fence = fenceRun(scanner)
            if let open = openFence {
                if let fence, fence.byte == open.byte, fence.count >= open.count {
                    let start = scanner.position
                    scanner.position = lineEnd
                    scanner.emit(.meta, from: start)
                    openFence = nil
                } else {
                    scanner.position = lineEnd
                    scanner.emit(.string, from: lineStart)
                }
            } else if let fence {
                openFence = fence
                let start = scanner.position
                scanner.position = lineEnd
                scanner.emit(.meta, from: start)
            } else if isHeading(scanner) || isThematicBreak(scanner, lineEnd: lineEnd) {
                let start = scanner.position
                let kind: TokenKind = scanner.peekIs("#") ? .keyword : .meta
                scanner.position = lineEnd
                scanner.emit(kind, from: start)
            } else {
                scanBlockMarkers(&scanner)
                scanInline(&scanner, to: lineEnd)
            }
            scanner.position = min(lineEnd + 1, scanner.end)
        }
    }

    /// A run of three or more backticks or tildes at the cursor.
    private static func fenceRun(_ scanner: CodeScanner) -> (byte: UInt8, count: Int)? {
        guard let byte = scanner.peek(), byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~") else { return nil }
        var count = 0
        while scanner.peek(count) == byte { count += 1 }
        return count >= 3 ? (byte, count) : nil
    }

    private static func isHeading(_ scanner: CodeScanner) -> Bool {
        var level = 0
        while scanner.peekIs("#", at: level) { level += 1 }
        return level >= 1 && level <= 6 && (scanner.peek(level).map(CodeByte.isSpace) ?? true)
    }

    /// `---`, `***` or `___`, spaces allowed between.
    private static func isThematicBreak(_ scanner: CodeScanner, lineEnd: Int) -> Bool {
        guard let byte = scanner.peek(), "-*_".utf8.contains(byte) else { return false }
        let line = scanner.bytes[scanner.position..<lineEnd]
        return line.allSatisfy { $0 == byte || CodeByte.isSpace($0) } && line.filter { $0 == byte }.count >= 3
    }

    /// `>` quote markers and a list item's `-`, `*`, `+`, `1.` or `1)`.
    private static func scanBlockMarkers(_ scanner: inout CodeScanner) {
        while scanner.peekIs(">") {
            scanner.emit(.punctuation, length: 1)
            scanner.skipSpacesAndTabs()
        }
        var markerLength = 0
        if let byte = scanner.peek(), "-*+".utf8.contains(byte) {
            markerLength = 1
        } else {
            while scanner.peek(markerLength).map(CodeByte.isDigit) ?? false { markerLength += 1 }
            if markerLength > 0, scanner.peekIs(".", at: markerLength) || scanner.peekIs(")", at: markerLength) {
                markerLength += 1
            } else {
                markerLength = 0
            }
        }
        if markerLength > 0, scanner.peek(markerLength).map(CodeByte.isSpace) ?? true {
            scanner.emit(.punctuation, length: markerLength)
        }
    }

    private static func scanInline(_ scanner: inout CodeScanner, to lineEnd: Int) {
        // Marker runs (byte and length) found unclosed on this line: a later one cannot close
        // either, so `*a *a *a …` is searched once, not once per star.
        var unclosedRuns = Set<Int>()
        while scanner.position < lineEnd {
            let byte = scanner.bytes[scanner.position]
            if byte == UInt8(ascii: "\\") {
                scanner.position = min(scanner.position + 1, lineEnd)
                if scanner.position < lineEnd { scanner.advanceScalar() }
            } else if byte == UInt8(ascii: "`") {
                scanCodeSpan(&scanner, lineEnd: lineEnd, unclosedRuns: &unclosedRuns)
            } else if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") {
                scanEmphasis(&scanner, lineEnd: lineEnd, unclosedRuns: &unclosedRuns)
            } else if byte == UInt8(ascii: "]"), scanner.peekIs("(", at: 1) {
                scanLinkDestination(&scanner, lineEnd: lineEnd)
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") {
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: "!"), scanner.peekIs("[", at: 1) {
                scanner.emit(.punctuation, length: 1)
            } else if byte == UInt8(ascii: "<"), scanner.hasPrefix("<http") {
                let start = scanner.position
                while scanner.position < lineEnd, !scanner.peekIs(">") { scanner.advanceScalar() }
                scanner.position = min(scanner.position + 1, lineEnd)
                scanner.emit(.meta, from: start)
            } else {
                scanner.advanceScalar()
            }
        }
    }

    /// `` `code` `` or ``` `` a ` b `` ```: a run of backticks closed by a run of the same length.
    private static func scanCodeSpan(_ scanner: inout CodeScanner, lineEnd: Int, unclosedRuns: inout Set<Int>) {
        let start = scanner.position
        scanner.skip(while: { $0 == UInt8(ascii: "`") })
        let runLength = scanner.position - start
        let key = runKey(UInt8(ascii: "`"), runLength)
        guard !unclosedRuns.contains(key) else { return }
        var index = scanner.position
        while index < lineEnd {
            if scanner.bytes[index] == UInt8(ascii: "`") {
                var run = 0
                while index + run < lineEnd, scanner.bytes[index + run] == UInt8(ascii: "`") { run += 1 }
                if run == runLength {
                    scanner.position = index + run
                    scanner.emit(.string, from: start)
                    return
                }
                index += run
            } else {
                index += 1
            }
        }
        unclosedRuns.insert(key)
    }

    private static func runKey(_ marker: UInt8, _ length: Int) -> Int { Int(marker) << 32 | length }

    /// `*a*`, `**a**`, `_a_`: closed by the same run on the same line, with no space inside the markers.
    private static func scanEmphasis(_ scanner: inout CodeScanner, lineEnd: Int, unclosedRuns: inout Set<Int>) {
        let start = scanner.position
        let marker = scanner.bytes[start]
        scanner.skip(while: { $0 == marker })
        let runLength = scanner.position - start
        let key = runKey(marker, runLength)
        guard !unclosedRuns.contains(key) else { return }
        let opensAtWordStart = start == 0 || !CodeByte.isIdentifierContinue(scanner.bytes[start - 1]) || marker == UInt8(ascii: "*")
        guard opensAtWordStart, scanner.position < lineEnd, !CodeByte.isSpace(scanner.bytes[scanner.position]) else { return }
        var index = scanner.position + 1
        while index + runLength <= lineEnd {
            if scanner.bytes[index..<index + runLength].allSatisfy({ $0 == marker }), !CodeByte.isSpace(scanner.bytes[index - 1]),
                index + runLength == lineEnd || scanner.bytes[index + runLength] != marker
            {
                scanner.position = index + runLength
                scanner.emit(.variable, from: start)
                return
            }
            index += 1
        }
        unclosedRuns.insert(key)
    }

    /// The `(url "title")` after a link's or image's text.
    private static func scanLinkDestination(_ scanner: inout CodeScanner, lineEnd: Int) {
        scanner.emit(.punctuation, length: 2)
        let start = scanner.position
        var depth = 0
        while scanner.position < lineEnd {
            let byte = scanner.bytes[scanner.position]
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
            }
            scanner.advanceScalar()
        }
        scanner.emit(.meta, from: start)
        if scanner.position < lineEnd { scanner.emit(.punctuation, length: 1) }
    }
}
