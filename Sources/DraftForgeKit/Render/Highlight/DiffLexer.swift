// Unified diffs and patches, a line at a time: `+` lines are inserted, `-` lines deleted, hunk
// headers (`@@ -1,3 +1,4 @@`) and file headers (`diff`, `index`, `---`/`+++`) meta. The counts
// in a hunk's header say how many lines it has, so a removed line that reads `-- x` is not
// taken for a file header.

enum DiffLexer {
    static func scan(_ scanner: inout CodeScanner) {
        var hunk = HunkLines()
        while !scanner.isAtEnd {
            let start = scanner.position
            let lineEnd = scanner.lineEnd
            let kind: TokenKind?
            if hunk.isOpen, HunkLines.belongsToHunk(scanner.peek()) {
                kind = hunk.kind(ofLineStartingWith: scanner.peek())
            } else if scanner.hasPrefix("@@") {
                hunk = HunkLines(header: scanner.bytes[start..<lineEnd])
                kind = .meta
            } else if scanner.peekIs("+") || scanner.peekIs(">") {
                kind = scanner.hasPrefix("+++") ? .meta : .inserted
            } else if scanner.peekIs("-") || scanner.peekIs("<") {
                kind = scanner.hasPrefix("---") ? .meta : .deleted
            } else if scanner.peekIs("\\") {
                kind = .comment  // "\ No newline at end of file"
            } else if let first = scanner.peek(), CodeByte.isLetter(first) {
                kind = .meta  // `diff --git`, `index`, `new file mode`, `Binary files differ`
            } else {
                kind = nil
            }
            scanner.position = lineEnd
            if let kind { scanner.emit(kind, from: start) }
            scanner.position = min(lineEnd + 1, scanner.end)
        }
    }

    /// The old and new lines a hunk has left, from its header `@@ -12,3 +12,4 @@`.
    private struct HunkLines {
        var oldLines = 0
        var newLines = 0

        init() {}

        init(header: ArraySlice<UInt8>) {
            var counts: [Int] = []
            var index = header.startIndex
            // The numbers after `-` and `+`: a start line, then an optional `,count` (1 if left out).
            while index < header.endIndex, counts.count < 2 {
                let byte = header[index]
                index += 1
                guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") else { continue }
                var count = 1
                while index < header.endIndex, CodeByte.isDigit(header[index]) { index += 1 }
                if index < header.endIndex, header[index] == UInt8(ascii: ",") {
                    index += 1
                    count = 0
                    while index < header.endIndex, CodeByte.isDigit(header[index]), count < 1_000_000_000 {
                        count = count * 10 + Int(header[index] - UInt8(ascii: "0"))
                        index += 1
                    }
                }
                counts.append(count)
            }
            oldLines = counts.first ?? 0
            newLines = counts.count > 1 ? counts[1] : 0
        }

        var isOpen: Bool { oldLines > 0 || newLines > 0 }

        /// Whether a line starting with `first` can be in a hunk (a hunk cut short ends at other lines).
        static func belongsToHunk(_ first: UInt8?) -> Bool {
            first.map { " +-\\\n".utf8.contains($0) } ?? true
        }

        /// The kind of the hunk's next line, counted off the lines left.
        mutating func kind(ofLineStartingWith first: UInt8?) -> TokenKind? {
            switch first {
            case UInt8(ascii: "+"):
                newLines -= 1
                return .inserted
            case UInt8(ascii: "-"):
                oldLines -= 1
                return .deleted
            case UInt8(ascii: "\\"):
                return .comment
            default:
                oldLines -= 1
                newLines -= 1
                return nil
            }
        }
    }
}
