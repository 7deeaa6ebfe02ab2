// Unified diffs and patches, a line at a time: `+` lines are inserted, `-` lines deleted, hunk
// headers (`@@ -1,3 +1,4 @@`) and file headers (`diff`, `index`, `---`/`+++`) meta.

enum DiffLexer {
    private static let headerPrefixes: [StaticString] = [
        "diff ", "index ", "new file mode", "deleted file mode", "similarity index", "rename from", "rename to",
        "old mode", "new mode", "Only in ", "Binary files ",
    ]

    static func scan(_ scanner: inout CodeScanner) {
        while !scanner.isAtEnd {
            let start = scanner.position
            let lineEnd = scanner.lineEnd
            let kind: TokenKind?
            if scanner.hasPrefix("@@") || headerPrefixes.contains(where: { scanner.hasPrefix($0) }) {
                kind = .meta
            } else if scanner.hasPrefix("+++ ") || (scanner.hasPrefix("--- ") && nextLineStarts(with: "+++ ", after: lineEnd, scanner)) {
                kind = .meta
            } else if scanner.peekIs("+") || scanner.peekIs(">") {
                kind = .inserted
            } else if scanner.peekIs("-") || scanner.peekIs("<") {
                kind = .deleted
            } else if scanner.peekIs("\\") {
                kind = .comment  // "\ No newline at end of file"
            } else {
                kind = nil
            }
            scanner.position = lineEnd
            if let kind { scanner.emit(kind, from: start) }
            scanner.position = min(lineEnd + 1, scanner.end)
        }
    }

    private static func nextLineStarts(with prefix: StaticString, after lineEnd: Int, _ scanner: CodeScanner) -> Bool {
        scanner.hasPrefix(prefix, at: lineEnd + 1 - scanner.position)
    }
}
