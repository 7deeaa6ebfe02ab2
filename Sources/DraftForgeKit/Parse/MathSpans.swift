// TeX math in a chapter, found before cmark-gfm reads the Markdown: Markdown would eat its
// backslashes and underscores (`\,` becomes `,`, `a_1_` emphasis) and read `[a](b)` in it as a
// link. Each span is replaced by a code span of the same number of lines holding a placeholder,
// which cmark keeps verbatim and the prose counters skip; the renderer puts the MathML there.
// Delimiters follow pandoc: `$…$` (a non-space right after the opening `$`, a non-space right
// before the closing one, and no digit after it, so "$5 and $10" stays text), `$$…$$`, `\(…\)`
// and `\[…\]`; none crosses a blank line, and none is found in code or raw HTML. Prose about
// shells is stricter than pandoc: an inline formula holds no backtick, and its closing `$` is
// not followed by a letter either (`*$HOME/bin*` … `` `$PATH` `` is not a formula).
import Foundation

/// One formula as written.
struct MathSpan: Sendable, Equatable {
    var tex: String
    var isDisplay: Bool
    /// Where its opening delimiter is in the body: 1-based line, 1-based UTF-8 column.
    var line: Int
    var column: Int
    /// The opening delimiter's length in bytes (`$` 1, `\[` 2, mdBook's `\\(` 3).
    var openingLength = 1
}

enum MathSpans {
    /// Starts each placeholder's text; the span's number follows.
    static let marker: Unicode.Scalar = "\u{E000}"
    /// Fills the placeholder's further lines, so a formula over several lines keeps the line count.
    static let continuation: Unicode.Scalar = "\u{E001}"

    /// Whether `body` has a character that could open math: most chapters do not, and skip the scan.
    static func mayHoldMath(_ body: String, syntax: ManuscriptConfig.MathSyntax = .tex) -> Bool {
        switch syntax {
        case .none: false
        case .tex: body.containsBytes("$") || body.containsBytes("\\(") || body.containsBytes("\\[")
        case .mathJax: body.containsBytes("$$") || body.containsBytes("\\\\(") || body.containsBytes("\\\\[")
        }
    }

    /// The body with each formula replaced by its placeholder, and the formulas in order; nil
    /// when there is none. `document` is the body as parsed without protection: its code and
    /// HTML blocks are left alone.
    static func protect(
        _ body: String, document: MarkdownDocument, syntax: ManuscriptConfig.MathSyntax = .tex
    ) -> (body: String, spans: [MathSpan])? {
        guard syntax != .none else { return nil }
        let bytes = Array(body.utf8)
        var skippedLines = SkippedLines()
        // Code and HTML blocks sit only in blocks that hold blocks: paragraphs, headings and
        // tables are not entered.
        func collect(_ node: MarkdownNode) {
            for child in node.children {
                switch child.kind {
                case .codeBlock, .htmlBlock:
                    if let start = child.start?.line, let end = child.end?.line, end >= start { skippedLines.insert(start...end) }
                case .blockQuote, .list, .item, .footnoteDefinition:
                    collect(child)
                default:
                    continue
                }
            }
        }
        collect(document.root)
        var scanner = Scanner(bytes: bytes, skippedLines: skippedLines, isMathJax: syntax == .mathJax)
        let found = scanner.spans()
        guard !found.isEmpty else { return nil }

        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + found.count * 8)
        var spans: [MathSpan] = []
        var last = 0
        for span in found {
            output += bytes[last..<span.range.lowerBound]
            var text = String(decoding: bytes[span.content], as: UTF8.self)
            if syntax == .mathJax { text = Self.unescapingMarkdown(text) }
            spans.append(MathSpan(
                tex: text, isDisplay: span.isDisplay, line: span.line, column: span.column,
                openingLength: span.content.lowerBound - span.range.lowerBound))
            var placeholder = "`" + String(Character(marker)) + String(spans.count - 1)
            for byte in bytes[span.range] where byte == UInt8(ascii: "\n") {
                placeholder += "\n" + String(Character(continuation))
            }
            output += Array((placeholder + "`").utf8)
            last = span.range.upperBound
        }
        output += bytes[last...]
        return (String(decoding: output, as: UTF8.self), spans)
    }

    private static let markdownEscapable = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    /// The text MathJax reads in an mdBook: Markdown's backslash escapes of ASCII punctuation
    /// resolved (`\\` is one backslash, `\_` an underscore).
    static func unescapingMarkdown(_ text: String) -> String {
        guard text.containsBytes("\\") else { return text }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else {
                output.append(scalar)
                continue
            }
            guard let next = scalars.next() else {
                output.append(scalar)
                break
            }
            if !Self.markdownEscapable.contains(next) { output.append(scalar) }
            output.append(next)
        }
        return String(output)
    }

    /// The span a code span's text stands for: its number after the marker.
    static func spanIndex(inCode text: String) -> Int? {
        var scalars = text.unicodeScalars[...]
        guard scalars.first == marker else { return nil }
        scalars = scalars.dropFirst()
        let digits = scalars.prefix { $0.properties.numericType == .decimal && $0.isASCII }
        guard !digits.isEmpty, scalars.dropFirst(digits.count).allSatisfy({ $0 == continuation || $0 == " " }) else {
            return nil
        }
        return Int(String(String.UnicodeScalarView(digits)))
    }

    /// The lines of code and HTML blocks: a flag per line, asked once a line by the scanner.
    struct SkippedLines {
        private var flags: [Bool] = []

        mutating func insert(_ lines: ClosedRange<Int>) {
            if flags.count <= lines.upperBound { flags += repeatElement(false, count: lines.upperBound + 1 - flags.count) }
            for line in lines { flags[line] = true }
        }

        func contains(_ line: Int) -> Bool { line >= 0 && line < flags.count && flags[line] }
    }

    private struct Found {
        var range: Range<Int>
        var content: Range<Int>
        var isDisplay: Bool
        var line: Int
        var column: Int
    }

    /// Walks the body's bytes once, outside skipped lines, code spans, escapes and HTML tags.
    private struct Scanner {
        let bytes: [UInt8]
        let skippedLines: SkippedLines
        /// mdBook's MathJax: `\\(…\\)`, `\\[…\\]` and `$$…$$`; a single `$` is text.
        let isMathJax: Bool
        var index = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8], skippedLines: SkippedLines, isMathJax: Bool) {
            self.bytes = bytes
            self.skippedLines = skippedLines
            self.isMathJax = isMathJax
        }

        mutating func spans() -> [Found] {
            var found: [Found] = []
            // Asked once a line, not at every byte: hashing the line number was a third of the scan.
            var lineChecked = 0
            while index < bytes.count {
                if line != lineChecked {
                    lineChecked = line
                    if skippedLines.contains(line) {
                        skipLine()
                        continue
                    }
                }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\n"):
                    newline(at: index)
                    index += 1
                case UInt8(ascii: "\\") where isMathJax:
                    let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                    let third = index + 2 < bytes.count ? bytes[index + 2] : 0
                    let backslash = UInt8(ascii: "\\")
                    if next == backslash, third == UInt8(ascii: "("), let span = closed(by: [backslash, backslash, UInt8(ascii: ")")], open: 3, display: false) {
                        found.append(span)
                    } else if next == backslash, third == UInt8(ascii: "["), let span = closed(by: [backslash, backslash, UInt8(ascii: "]")], open: 3, display: true) {
                        found.append(span)
                    } else {
                        index += next == UInt8(ascii: "\n") ? 1 : 2
                    }
                case UInt8(ascii: "\\"):
                    let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                    if next == UInt8(ascii: "("), let span = closed(by: [UInt8(ascii: "\\"), UInt8(ascii: ")")], open: 2, display: false) {
                        found.append(span)
                    } else if next == UInt8(ascii: "["), let span = closed(by: [UInt8(ascii: "\\"), UInt8(ascii: "]")], open: 2, display: true) {
                        found.append(span)
                    } else {
                        index += next == UInt8(ascii: "\n") ? 1 : 2  // an escape: the next character is literal
                    }
                case UInt8(ascii: "`"):
                    skipCodeSpan()
                case UInt8(ascii: "<"):
                    skipTag()
                case UInt8(ascii: "$"):
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "$") {
                        if let span = closed(by: [UInt8(ascii: "$"), UInt8(ascii: "$")], open: 2, display: true) {
                            found.append(span)
                        } else {
                            index += 2
                        }
                    } else if !isMathJax, let span = inlineDollars() {
                        found.append(span)
                    } else {
                        index += 1
                    }
                default:
                    index = nextInteresting(after: index)
                }
            }
            return found
        }

        /// The bytes the scan stops at: a line break, and what may open an escape, a code span, a
        /// tag or a formula.
        private static let interesting: [Bool] = {
            var table = [Bool](repeating: false, count: 256)
            for byte in "\n\\`<$".utf8 { table[Int(byte)] = true }
            return table
        }()

        /// The first byte after `position` the scan must look at: the text between, most of a
        /// chapter, is passed over in a tight loop.
        private func nextInteresting(after position: Int) -> Int {
            Self.interesting.withUnsafeBufferPointer { interesting in
                bytes.withUnsafeBufferPointer { bytes in
                    var index = position + 1
                    while index < bytes.count, !interesting[Int(bytes[index])] { index += 1 }
                    return index
                }
            }
        }

        private mutating func newline(at position: Int) {
            line += 1
            lineStart = position + 1
        }

        private mutating func skipLine() {
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            if index < bytes.count {
                newline(at: index)
                index += 1
            }
        }

        /// The span from `index` to the next `closing` before a blank line, with a non-empty content.
        private mutating func closed(by closing: [UInt8], open: Int, display: Bool) -> Found? {
            let contentStart = index + open
            var cursor = contentStart
            var lines = 0
            var lastNewline = -1
            while cursor + closing.count <= bytes.count {
                let byte = bytes[cursor]
                if byte == UInt8(ascii: "\n") {
                    if lastNewline >= 0, bytes[(lastNewline + 1)..<cursor].allSatisfy(Self.isBlank) { return nil }
                    if skippedLines.contains(line + lines + 1) { return nil }
                    lines += 1
                    lastNewline = cursor
                } else if byte == UInt8(ascii: "\\"), closing[0] != UInt8(ascii: "\\") {
                    cursor += 2
                    continue
                } else if bytes[cursor..<(cursor + closing.count)].elementsEqual(closing), cursor > contentStart {
                    let content = contentStart..<cursor
                    guard !bytes[content].allSatisfy(Self.isBlankOrNewline) else { return nil }
                    return finish(content: content, end: cursor + closing.count, display: display, lines: lines, lastNewline: lastNewline)
                }
                cursor += 1
            }
            return nil
        }

        /// `$…$` by pandoc's rules.
        private mutating func inlineDollars() -> Found? {
            let contentStart = index + 1
            guard contentStart < bytes.count, !Self.isBlankOrNewline(bytes[contentStart]) else { return nil }
            if index > 0, bytes[index - 1] == UInt8(ascii: "$") { return nil }
            var cursor = contentStart
            var lines = 0
            var lastNewline = -1
            while cursor < bytes.count {
                let byte = bytes[cursor]
                switch byte {
                case UInt8(ascii: "\n"):
                    if lastNewline >= 0, bytes[(lastNewline + 1)..<cursor].allSatisfy(Self.isBlank) { return nil }
                    if skippedLines.contains(line + lines + 1) { return nil }
                    lines += 1
                    lastNewline = cursor
                case UInt8(ascii: "\\"):
                    cursor += 2
                    continue
                case UInt8(ascii: "`"):
                    return nil  // a code span starts: `$HOME … `$PATH` is not a formula
                case UInt8(ascii: "$"):
                    let before = bytes[cursor - 1]
                    let after = cursor + 1 < bytes.count ? bytes[cursor + 1] : 0
                    // Nor is a `$` that opens a word (`$PATH`), besides pandoc's digit rule.
                    if !Self.isBlankOrNewline(before), !Self.isWordByte(after), after != UInt8(ascii: "$") {
                        return finish(content: contentStart..<cursor, end: cursor + 1, display: false, lines: lines, lastNewline: lastNewline)
                    }
                    if after == UInt8(ascii: "$") { return nil }
                default:
                    break
                }
                cursor += 1
            }
            return nil
        }

        private mutating func finish(content: Range<Int>, end: Int, display: Bool, lines: Int, lastNewline: Int) -> Found {
            let found = Found(range: index..<end, content: content, isDisplay: display, line: line, column: index - lineStart + 1)
            if lines > 0 {
                line += lines
                lineStart = lastNewline + 1
            }
            index = end
            return found
        }

        /// A code span: its backtick run and everything to the closing run of the same length,
        /// before a blank line; an unmatched run is literal backticks.
        private mutating func skipCodeSpan() {
            let runStart = index
            while index < bytes.count, bytes[index] == UInt8(ascii: "`") { index += 1 }
            let length = index - runStart
            var cursor = index
            var lines = 0
            var lastNewline = -1
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == UInt8(ascii: "\n") {
                    if lastNewline >= 0, bytes[(lastNewline + 1)..<cursor].allSatisfy(Self.isBlank) { return }
                    lines += 1
                    lastNewline = cursor
                    cursor += 1
                } else if byte == UInt8(ascii: "`") {
                    let closeStart = cursor
                    while cursor < bytes.count, bytes[cursor] == UInt8(ascii: "`") { cursor += 1 }
                    if cursor - closeStart == length {
                        index = cursor
                        if lines > 0 {
                            line += lines
                            lineStart = lastNewline + 1
                        }
                        return
                    }
                } else {
                    cursor += 1
                }
            }
        }

        /// An HTML tag or autolink (`<a href="$x$">`, `<https://…>`) on one line is not text.
        private mutating func skipTag() {
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let opensTag = (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || (next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z"))
                || next == UInt8(ascii: "/") || next == UInt8(ascii: "!")
            var cursor = index + 1
            if opensTag {
                while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "\n") {
                    if bytes[cursor] == UInt8(ascii: ">") {
                        index = cursor + 1
                        return
                    }
                    cursor += 1
                }
            }
            index += 1
        }

        private static func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
        }

        private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") }
        private static func isBlankOrNewline(_ byte: UInt8) -> Bool { isBlank(byte) || byte == UInt8(ascii: "\n") }
    }
}
