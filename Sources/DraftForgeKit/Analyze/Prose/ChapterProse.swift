// A chapter's prose, read off its parsed document. cmark gives blocks exact lines but inline
// positions only as hints (wrong after hard breaks and on lazy lines), so each literal is
// matched to the source from a cursor that only moves forward: escapes, entities and smart
// punctuation are recognised, markup between literals is skipped.
import Foundation

/// The prose blocks of one chapter, and what the rules need besides them.
public struct ChapterProse: Sendable {
    var blocks: [ProseBlock] = []
    /// HTML comments standing on lines of their own: the 0-based body line where each ends →
    /// its text (for waivers).
    var comments: [Int: String] = [:]
    /// `[^label]` written in the text: cmark leaves a reference with no definition as text.
    var unresolvedFootnotes: [(label: String, block: Int, offset: Int)] = []
    var lines: SourceLines
    /// What rules read out of this chapter's text, kept with the prose so that a build which
    /// reuses the parse (`BuildCache`) reuses it too.
    let memo = ChapterMemo()

    init(document: MarkdownDocument, body: String) {
        var extractor = ProseExtractor(ScalarBody(body))
        extractor.visit(document.root, ProseExtractor.Context())
        lines = extractor.lines
        comments = extractor.comments
        blocks = extractor.blocks
        // A marker is written `[^`: a chapter without those two bytes has none to look for.
        let mayHoldMarkers = body.containsBytes("[^")
        for index in blocks.indices where mayHoldMarkers {
            for offset in Self.footnoteMarkers(in: blocks[index].text) {
                unresolvedFootnotes.append((offset.label, index, offset.offset))
            }
        }
    }

    /// No prose: what a built chapter keeps once the rules have read it.
    init() {
        lines = SourceLines(starts: [0, 1])
    }

    /// Parses `markdown` and reads its prose: for callers that have no parse to share.
    init(markdown: String, smartPunctuation: Bool) {
        self.init(document: CMarkParser.document(markdown, smartPunctuation: smartPunctuation), body: markdown)
    }

    /// `[^label]` in a block's text, with no space in the label.
    private static func footnoteMarkers(in text: [Unicode.Scalar]) -> [(label: String, offset: Int)] {
        var found: [(String, Int)] = []
        var i = 0
        while i + 3 < text.count {
            guard text[i] == "[", text[i + 1] == "^" else {
                i += 1
                continue
            }
            var j = i + 2
            while j < text.count, text[j] != "]", text[j] != "[", !ProseText.isBlank(text[j]), j - i < 1000 { j += 1 }
            if j < text.count, text[j] == "]", j > i + 2 {
                found.append((ProseText.string(text[(i + 2)..<j]), i))
                i = j + 1
            } else {
                i += 2
            }
        }
        return found
    }
}

/// A chapter body as scalars (a carriage return read as a space), where its lines start, and
/// which lines are only ASCII: made in one pass over the bytes, which is a third of the time
/// `Array(body.unicodeScalars)` and two more passes took.
struct ScalarBody {
    var scalars: [Unicode.Scalar]
    var lines: SourceLines
    var asciiLines: [Bool]

    init(_ body: String) {
        var body = body
        var starts = [0]
        var asciiLines: [Bool] = []
        scalars = body.withUTF8 { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                var lineIsASCII = true
                var index = 0
                var written = 0
                while index < bytes.count {
                    // Eight bytes at a time while they are ASCII and no line ends among them.
                    while index + 8 <= bytes.count {
                        let word = UTF8Bytes.word(bytes, at: index)
                        guard UTF8Bytes.isASCII(word), !UTF8Bytes.asciiWord(word, holds: 0x0A), !UTF8Bytes.asciiWord(word, holds: 0x0D)
                        else { break }
                        for k in 0..<8 {
                            buffer.initializeElement(at: written + k, to: Unicode.Scalar(UInt8(truncatingIfNeeded: word >> UInt64(8 * k))))
                        }
                        written += 8
                        index += 8
                    }
                    guard index < bytes.count else { break }
                    let lead = bytes[index]
                    var scalar: Unicode.Scalar
                    if lead < 0x80 {
                        scalar = Unicode.Scalar(lead)
                        index += 1
                        if lead == 0x0A {
                            starts.append(written + 1)
                            asciiLines.append(lineIsASCII)
                            lineIsASCII = true
                        } else if lead == 0x0D {
                            scalar = " "
                        }
                    } else {
                        lineIsASCII = false
                        let width: Int
                        (scalar, width) = UTF8Bytes.scalar(in: bytes, at: index)
                        index += width
                    }
                    buffer.initializeElement(at: written, to: scalar)
                    written += 1
                }
                asciiLines.append(lineIsASCII)
                count = written
            }
        }
        starts.append(scalars.count + 1)
        lines = SourceLines(starts: starts)
        self.asciiLines = asciiLines
    }
}

/// Walks the document's blocks and builds a `ProseBlock` for each that holds prose.
private struct ProseExtractor {
    let body: [Unicode.Scalar]
    let lines: SourceLines
    /// Per line: only ASCII, so cmark's byte columns are scalar columns.
    let asciiLines: [Bool]
    var blocks: [ProseBlock] = []
    var comments: [Int: String] = [:]

    struct Context {
        var inQuote = false
        var inItem = false
        /// Directly inside an item of a tight list: paragraphs there are not `<p>`s.
        var inTightItem = false
        var tightList = false
    }

    init(_ body: ScalarBody) {
        self.body = body.scalars
        lines = body.lines
        asciiLines = body.asciiLines
    }

    mutating func visit(_ node: MarkdownNode, _ context: Context) {
        var inner = context
        inner.inTightItem = false
        switch node.kind {
        case .document, .footnoteDefinition:
            for child in node.children { visit(child, inner) }
        case .blockQuote:
            inner.inQuote = true
            for child in node.children { visit(child, inner) }
        case .list(_, _, let tight):
            inner.tightList = tight
            for child in node.children { visit(child, inner) }
        case .item:
            inner.inItem = true
            inner.inTightItem = context.tightList
            for child in node.children { visit(child, inner) }
        case .paragraph:
            let kind: ProseBlock.Kind = context.inQuote ? .quote : context.inItem ? .listItem : .paragraph
            guard var builder = builder(for: node) else { return }
            builder.inlines(node.children)
            add(builder, kind: kind, isParagraph: !context.inTightItem)
        case .heading:
            guard var builder = builder(for: node) else { return }
            builder.inlines(node.children)
            add(builder, kind: .heading, isParagraph: false)
        case .table:
            if let caption = node.caption?.first { visit(caption, inner) }
            for row in node.children {
                guard var builder = builder(for: row) else { continue }
                for (index, cell) in row.children.enumerated() {
                    if index > 0 { builder.marker(ProseText.barrier) }
                    builder.inlines(cell.children)
                }
                add(builder, kind: .tableRow, isParagraph: false)
            }
        case .htmlBlock(let html):
            rawHTML(html, node)
        default:
            return  // code blocks, thematic breaks
        }
    }

    private mutating func add(_ builder: BlockBuilder, kind: ProseBlock.Kind, isParagraph: Bool) {
        guard !builder.text.isEmpty else { return }
        blocks.append(ProseBlock(
            kind: kind, text: builder.text.withExactCapacity, sources: builder.sources, sourceWidths: builder.widths, lines: lines,
            isParagraph: isParagraph))
    }

    /// A builder whose cursor starts where the block does and may not pass the end of its last line.
    private func builder(for node: MarkdownNode) -> BlockBuilder? {
        guard let start = node.start, start.line <= lines.count else { return nil }
        let line = start.line - 1
        let lastLine = max(line, min((node.end?.line ?? start.line) - 1, lines.count - 1))
        let cursor = offset(line: line, byteColumn: start.column) ?? lines.starts[line]
        return BlockBuilder(
            body: body, cursor: cursor, limit: max(cursor, lines.end(ofLine: lastLine)), lines: lines, asciiLines: asciiLines)
    }

    /// The body offset of cmark's (1-based line, byte column), walking the line when it is not ASCII.
    private func offset(line: Int, byteColumn: Int) -> Int? {
        guard line >= 0, line < lines.count else { return nil }
        let start = lines.starts[line], end = lines.end(ofLine: line)
        if asciiLines[line] { return min(start + byteColumn - 1, end) }
        var bytes = 1
        var offset = start
        while offset < end, bytes < byteColumn {
            bytes += UTF8.width(body[offset])
            offset += 1
        }
        return offset
    }

    /// A raw HTML block: a comment is kept for waivers; other blocks are prose between their tags.
    private mutating func rawHTML(_ html: String, _ node: MarkdownNode) {
        guard let start = node.start else { return }
        let trimmed = html.trimmingCharacters(in: .whitespacesAndNewlines)
        if DocumentRenderer.isOnlyComments(trimmed) {
            let endLine = start.line - 1 + trimmed.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            comments[endLine] = trimmed
            return
        }
        guard var builder = builder(for: MarkdownNode(
            kind: .paragraph, start: start,
            end: SourcePoint(line: start.line + html.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, column: 0)))
        else { return }
        builder.html(html)
        add(builder, kind: .html, isParagraph: false)
    }
}

/// Builds one block's text, matching each literal to the source.
private struct BlockBuilder {
    let body: [Unicode.Scalar]
    var cursor: Int
    let limit: Int
    let lines: SourceLines
    let asciiLines: [Bool]
    var text: [Unicode.Scalar] = []
    var sources = SourceOffsets()
    var widths: [Int: Int] = [:]
    /// A raw element whose content is not prose (`<rt>`, `<code>`) is open: its text is skipped.
    var skippedElement: String?

    /// How far a literal's first scalar is looked for past the cursor (markup in between).
    private static let searchWindow = 4096

    /// Inline elements of a line that do not end a word when written as raw HTML.
    private static let inlineTags: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "ruby",
        "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr",
    ]
    /// Raw HTML whose content is not prose.
    private static let skippedTags: Set<String> = ["code", "pre", "script", "style", "rt", "rp", "template", "textarea"]

    mutating func inlines(_ nodes: [MarkdownNode]) {
        for node in nodes { inline(node) }
    }

    private mutating func inline(_ node: MarkdownNode) {
        switch node.kind {
        case .text(let literal):
            jump(to: node.start, ifItHolds: literal.unicodeScalars.first)
            align(literal, emit: skippedElement == nil)
        case .softBreak:
            marker("\n")
        case .lineBreak:
            marker(ProseText.hardBreak)
        case .emphasis, .strong, .strikethrough, .tableCell:
            inlines(node.children)
        case .link(let destination, _):
            let shown = Self.plainText(node.children)
            if shown == destination || "mailto:" + shown == destination || "http://" + shown == destination {
                marker(ProseText.skipped)  // an autolink: an address, not prose
                align(shown, emit: false)
                skip(">")
            } else {
                inlines(node.children)
                skipLinkTail()
            }
        case .image:
            marker(ProseText.skipped)
            if let at = find("!", then: "[") {
                cursor = skipBalanced(from: at + 1, open: "[", close: "]")
                skipLinkTail(afterBracket: true)
            }
        case .code:
            marker(ProseText.skipped)
            skipCodeSpan()
        case .htmlInline(let tag):
            let name = Self.tagName(tag)
            if !(tag.hasPrefix("<!--") || Self.inlineTags.contains(name)) { marker(ProseText.skipped) }
            if skippedElement == name, tag.hasPrefix("</") {
                skippedElement = nil
            } else if skippedElement == nil, Self.skippedTags.contains(name), !tag.hasPrefix("</"), !tag.hasSuffix("/>") {
                skippedElement = name
            }
            if let at = find("<", then: nil) {
                cursor = at
                for _ in 0..<tag.unicodeScalars.reduce(0, { $0 + ($1 == ">" ? 1 : 0) }) { skip(">") }
            }
        case .footnoteReference:
            marker(ProseText.skipped)
            if let at = find("[", then: "^") {
                cursor = at
                skip("]")
            }
        default:
            inlines(node.children)
        }
    }

    /// Adds a scalar the parser made (a line break, a marker) at the cursor, with no width.
    mutating func marker(_ scalar: Unicode.Scalar) {
        widths[text.count] = 0
        text.append(scalar)
        sources.append(Int32(cursor))
    }

    /// A raw HTML block's text between its tags; code and scripts are skipped, entities too.
    mutating func html(_ html: String) {
        let scalars = Array(html.unicodeScalars)
        var i = 0
        var skippedUntil: String?
        var run: [Unicode.Scalar] = []
        func flush(_ builder: inout BlockBuilder) {
            guard !run.isEmpty else { return }
            builder.align(String(String.UnicodeScalarView(run)), emit: skippedUntil == nil)
            run = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if c == "<", i + 1 < scalars.count, scalars[i + 1] == "!" || scalars[i + 1] == "/" || scalars[i + 1].properties.isAlphabetic {
                flush(&self)
                let isComment = scalars[i...].starts(with: "<!--".unicodeScalars)
                var j = i + 1
                if isComment {
                    while j + 2 < scalars.count, !(scalars[j] == "-" && scalars[j + 1] == "-" && scalars[j + 2] == ">") { j += 1 }
                    j = min(scalars.count, j + 3)
                } else {
                    while j < scalars.count, scalars[j] != ">" { j += 1 }
                    j = min(scalars.count, j + 1)
                }
                let tag = String(String.UnicodeScalarView(scalars[i..<j]))
                let name = Self.tagName(tag)
                if let until = skippedUntil {
                    if tag.hasPrefix("</"), name == until { skippedUntil = nil }
                } else if !isComment, Self.skippedTags.contains(name), !tag.hasPrefix("</"), !tag.hasSuffix("/>") {
                    skippedUntil = name
                }
                if !isComment, !Self.inlineTags.contains(name) { marker(ProseText.skipped) }
                align(tag, emit: false)
                i = j
            } else if c == "&", let end = Self.entityEnd(scalars, at: i) {
                flush(&self)
                if skippedUntil == nil { marker(ProseText.skipped) }
                align(String(String.UnicodeScalarView(scalars[i..<end])), emit: false)
                i = end
            } else {
                run.append(c)
                i += 1
            }
        }
        flush(&self)
    }

    // MARK: - Matching literals to the source

    /// Moves the cursor to cmark's position for a node when that position is believable: ahead
    /// of the cursor, inside the block, and holding the literal's first scalar.
    private mutating func jump(to point: SourcePoint?, ifItHolds first: Unicode.Scalar?) {
        guard let point, let first, point.line >= 1, point.line <= lines.count, asciiLines[point.line - 1] else { return }
        let offset = lines.starts[point.line - 1] + point.column - 1
        guard offset >= cursor, offset < limit, offset < lines.end(ofLine: point.line - 1), width(of: first, at: offset) != nil
        else { return }
        cursor = offset
    }

    /// Appends `literal` (or only moves past it), each scalar where the source writes it.
    private mutating func align(_ literal: String, emit: Bool = true) {
        var literal = literal
        literal.withUTF8 { align(utf8: $0, emit: emit) }
    }

    /// `align` on the literal's bytes, decoded here: the scalar view's iteration cost several
    /// times the matching itself, on every scalar of the book.
    private mutating func align(utf8 bytes: UnsafeBufferPointer<UInt8>, emit: Bool) {
        var first = true
        // Most scalars are written as themselves, right at the cursor: such a run is added at once.
        var runStart = cursor
        func endRun(_ builder: inout BlockBuilder) {
            if emit, runStart < builder.cursor {
                builder.text.append(contentsOf: builder.body[runStart..<builder.cursor])
                builder.sources.append(consecutiveFrom: Int32(runStart), length: builder.cursor - runStart)
            }
        }
        var index = 0
        while index < bytes.count {
            let (scalar, byteCount) = UTF8Bytes.scalar(in: bytes, at: index)
            index += byteCount
            if cursor < limit, body[cursor] == scalar, scalar != "&" {
                cursor += 1
                first = false
                continue
            }
            endRun(&self)
            let window = first ? Self.searchWindow : 8
            first = false
            var at = cursor
            var found: Int?
            while at < limit, at - cursor <= window {
                if let width = width(of: scalar, at: at) {
                    found = width
                    break
                }
                at += 1
            }
            if let width = found {
                if emit {
                    if width != 1 { widths[text.count] = width }
                    text.append(scalar)
                    sources.append(Int32(at))
                }
                cursor = at + width
            } else if emit {
                marker(scalar)
            }
            runStart = cursor
        }
        endRun(&self)
    }

    /// How many source scalars at `offset` the literal scalar `scalar` stands for, if it is written there.
    private func width(of scalar: Unicode.Scalar, at offset: Int) -> Int? {
        let source = body[offset]
        if source == "&", let end = Self.entityEnd(body, at: offset, limit: limit) {
            let entity = body[offset..<end]
            // A literal '&' is written as itself unless the source spells it as an entity.
            if scalar != "&" || entity.elementsEqual("&amp;".unicodeScalars) || entity.elementsEqual("&#38;".unicodeScalars) {
                return end - offset
            }
        }
        if source == scalar { return 1 }
        switch scalar {
        case "“", "”", "‘", "’":
            return source == "\"" || source == "'" ? 1 : nil
        case "–":
            return source == "-" && offset + 1 < limit && body[offset + 1] == "-" ? 2 : nil
        case "—":
            return offset + 2 < limit && body[offset...(offset + 2)].allSatisfy({ $0 == "-" }) ? 3 : nil
        case "…":
            return offset + 2 < limit && body[offset...(offset + 2)].allSatisfy({ $0 == "." }) ? 3 : nil
        default:
            if source == "\\", offset + 1 < limit, body[offset + 1] == scalar { return 2 }
            return nil
        }
    }

    /// The end of an entity (`&amp;`, `&#233;`, `&#xE9;`) starting at `offset`.
    private static func entityEnd(_ scalars: [Unicode.Scalar], at offset: Int, limit: Int? = nil) -> Int? {
        let end = min(limit ?? scalars.count, offset + 34)
        var j = offset + 1
        guard j < end else { return nil }
        if scalars[j] == "#" { j += 1 }
        let first = j
        while j < end, scalars[j].value < 0x80, scalars[j].properties.isAlphabetic || ("0"..."9").contains(scalars[j]) { j += 1 }
        return j > first && j < end && scalars[j] == ";" ? j + 1 : nil
    }

    // MARK: - Skipping markup

    /// The offset of `first` (followed by `second`, if given) at or after the cursor, nearby.
    private func find(_ first: Unicode.Scalar, then second: Unicode.Scalar?) -> Int? {
        var at = cursor
        while at < limit, at - cursor <= Self.searchWindow {
            if body[at] == first, second == nil || (at + 1 < limit && body[at + 1] == second!) { return at }
            at += 1
        }
        return nil
    }

    /// Moves the cursor past the next `scalar`, when there is one nearby.
    private mutating func skip(_ scalar: Unicode.Scalar) {
        if let at = find(scalar, then: nil) { cursor = at + 1 }
    }

    /// Past `](destination "title")` or `][label]` after a link's text.
    private mutating func skipLinkTail(afterBracket: Bool = false) {
        var at = cursor
        if !afterBracket {
            while at < limit, "*_~".unicodeScalars.contains(body[at]) { at += 1 }
            guard at < limit, body[at] == "]" else { return }
            at += 1
        }
        if at < limit, body[at] == "(" {
            at = skipBalanced(from: at, open: "(", close: ")")
        } else if at < limit, body[at] == "[" {
            at = skipBalanced(from: at, open: "[", close: "]")
        }
        cursor = max(cursor, at)
    }

    /// The offset past the bracket that closes the one at `start`, escapes respected.
    private func skipBalanced(from start: Int, open: Unicode.Scalar, close: Unicode.Scalar) -> Int {
        var depth = 0
        var at = start
        while at < limit {
            let c = body[at]
            if c == "\\" {
                at += 2
                continue
            }
            if c == open { depth += 1 }
            if c == close {
                depth -= 1
                if depth == 0 { return at + 1 }
            }
            at += 1
        }
        return limit
    }

    /// Past a code span: its opening backtick run, and the next run of the same length.
    private mutating func skipCodeSpan() {
        guard let open = find("`", then: nil) else { return }
        var at = open
        while at < limit, body[at] == "`" { at += 1 }
        let length = at - open
        while at < limit {
            guard body[at] == "`" else {
                at += 1
                continue
            }
            var end = at
            while end < limit, body[end] == "`" { end += 1 }
            if end - at == length {
                cursor = end
                return
            }
            at = end
        }
    }

    // MARK: - Helpers

    private static func plainText(_ nodes: [MarkdownNode]) -> String {
        nodes.map { node in
            switch node.kind {
            case .text(let text), .code(let text): text
            default: plainText(node.children)
            }
        }.joined()
    }

    private static func tagName(_ tag: String) -> String {
        String(tag.unicodeScalars.drop { $0 == "<" || $0 == "/" }.prefix { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            .lowercased()
    }
}
