// A chapter as the continuity rules read it: its prose blocks (`ChapterProse`, read off the
// parsed document), each scalar tied to where it is written, so findings name the exact line
// and column of the Markdown file and quote the source text as written.
import Foundation

/// One chapter, ready for the rules.
struct ProseChapter {
    var chapter: Chapter
    /// The chapter's place in reading order.
    var index: Int
    var prose: ChapterProse

    var blocks: [ProseBlock] { prose.blocks }
    var comments: [Int: String] { prose.comments }
    var memo: ChapterMemo { prose.memo }
    var name: String { chapter.name }
    var path: String { chapter.path }
    var isFlashback: Bool { chapter.frontMatter.flashback }
    var storyDate: StoryDate? { chapter.frontMatter.date.flatMap(StoryDate.init) }
    /// The first heading block, if any.
    var headingBlock: Int? { blocks.firstIndex { $0.kind == .heading } }

    init(_ chapter: Chapter, index: Int, prose: ChapterProse) {
        self.chapter = chapter
        self.index = index
        self.prose = prose
    }

    /// The body's lines (for quoting findings as written), split when first asked for: most
    /// chapters have no finding, and `serve` splits an unchanged chapter's body only once.
    var bodyLines: [Substring] { memo.bodyLines { chapter.body.lineSlices } }

    /// Parses the chapter itself, with smart punctuation: for callers with no build to share.
    init(_ chapter: Chapter, index: Int) {
        self.init(chapter, index: index, prose: ChapterProse(markdown: chapter.body, smartPunctuation: true))
    }

    /// The source text at `range` of block `b`'s text, exactly as the file has it (line breaks
    /// as "\n").
    func source(block b: Int, range: Range<Int>, lines cache: LineCache? = nil) -> String {
        // Encoded into bytes and made a string once: appending to a `String.UnicodeScalarView`
        // scalar by scalar was most of the time a finding's quote took.
        var utf8: [UInt8] = []
        _ = forEachSourceSpan(block: b, span: blocks[b].sourceRange(of: range), cache: cache) { span in
            for scalar in span { UTF8.encode(scalar) { utf8.append($0) } }
            return true
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// True when the source text at `range` of block `b`'s text holds only blanks: the question
    /// the doubled-word rule asks of the gap between two words, without making it a string.
    func sourceIsBlank(block b: Int, range: Range<Int>) -> Bool {
        forEachSourceSpan(block: b, span: blocks[b].sourceRange(of: range), cache: nil) { span in span.allSatisfy(ProseText.isBlank) }
    }

    /// Whether the source between two non-empty text ranges of block `b` holds only blanks: no
    /// markup either, so `***title*** Title` (a term and its definition) is not a doubled word.
    func sourceIsBlank(block b: Int, between first: Range<Int>, and second: Range<Int>, lines cache: LineCache? = nil) -> Bool {
        let start = blocks[b].sourceRange(of: (first.upperBound - 1)..<first.upperBound).upperBound
        let end = blocks[b].sourceRange(of: second.lowerBound..<(second.lowerBound + 1)).lowerBound
        return forEachSourceSpan(block: b, span: start..<max(start, end), cache: cache) { span in span.allSatisfy(ProseText.isBlank) }
    }

    /// Hands `body` the body's source scalars at `span` a line at a time, with "\n" between
    /// lines, while it returns true; false when it stopped early.
    private func forEachSourceSpan(
        block b: Int, span: Range<Int>, cache: LineCache?, _ body: (ArraySlice<Unicode.Scalar>) -> Bool
    ) -> Bool {
        guard !span.isEmpty else { return true }
        let lines = prose.lines
        let (firstLine, firstColumn) = lines.position(of: span.lowerBound)
        let (lastLine, lastColumn) = lines.position(of: span.upperBound)
        let lineCount = bodyLines.count
        for line in firstLine...lastLine where line < lineCount {
            if line > firstLine, !body(Self.lineBreak[...]) { return false }
            let scalars = cache?.scalars(of: line, in: self) ?? lineScalars(line)
            let from = line == firstLine ? firstColumn - 1 : 0
            let to = line == lastLine ? min(lastColumn - 1, scalars.count) : scalars.count
            if from < to, !body(scalars[from..<to]) { return false }
        }
        return true
    }

    private static let lineBreak: [Unicode.Scalar] = ["\n"]

    /// A body line's scalars. A long line's are made once: a one-paragraph chapter with tens of
    /// thousands of candidate findings made them again for each (quadratic: 43 s for 140 KB).
    fileprivate func lineScalars(_ line: Int) -> [Unicode.Scalar] {
        let text = bodyLines[line]
        let scalars = text.unicodeScalars
        guard text.utf8.count > 256 else { return scalars.map { $0 == "\r" ? " " : $0 } }
        return memo.lineScalars(line) { scalars.map { $0 == "\r" ? " " : $0 } }
    }

    /// The block and text range where the body's scalars `range` are written as prose; nil when
    /// its first scalar is not prose (code, a link target, a comment).
    func textRange(ofBody range: Range<Int>) -> (block: Int, range: Range<Int>)? {
        let order = memo.value("blocks-by-source") {
            blocks.indices.filter { !blocks[$0].sources.isEmpty }.sorted { blocks[$0].sources[0] < blocks[$1].sources[0] }
        }
        // The last block starting at or before the range.
        var low = 0, high = order.count - 1
        var found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if Int(blocks[order[mid]].sources[0]) <= range.lowerBound {
                found = order[mid]
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        guard let b = found, let first = Self.offset(of: range.lowerBound, in: blocks[b]), Int(blocks[b].sources[first]) == range.lowerBound
        else { return nil }
        let last = Self.offset(of: max(range.lowerBound, range.upperBound - 1), in: blocks[b]) ?? first
        return (b, first..<max(first + 1, last + 1))
    }

    /// The last text offset written at or before body offset `source`.
    private static func offset(of source: Int, in block: ProseBlock) -> Int? {
        var low = 0, high = block.sources.count - 1
        var found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if Int(block.sources[mid]) <= source {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        // Markers the parser added share their source with the scalar after them: take the first.
        while let index = found, index > 0, block.sources[index - 1] == block.sources[index] { found = index - 1 }
        return found
    }

    /// The file location of a body line (0-based) and column.
    func location(line: Int, column: Int) -> SourceLocation {
        chapter.sourceMap.location(ofBodyLine: line + 1, column: column)
    }

    /// A finding spanning `range` of block `block`'s text; its quote is the source text there.
    func finding(
        _ severity: Diagnostic.Severity, _ code: DiagnosticCode, block: Int, range: Range<Int>,
        _ message: String, suggestion: String, confidence: Double, lines cache: LineCache? = nil
    ) -> Diagnostic {
        let (line, column) = blocks[block].position(of: range.lowerBound)
        return Diagnostic(
            severity, code, at: location(line: line, column: column), message, suggestion: suggestion,
            quote: source(block: block, range: range, lines: cache), confidence: confidence)
    }

    /// A finding spanning tokens `tokens` of block `block`.
    func finding(
        _ severity: Diagnostic.Severity, _ code: DiagnosticCode, block: Int, tokens: ClosedRange<Int>,
        _ message: String, suggestion: String, confidence: Double, lines cache: LineCache? = nil
    ) -> Diagnostic {
        let list = blocks[block].tokens
        return finding(
            severity, code, block: block, range: list[tokens.lowerBound].start..<list[tokens.upperBound].end,
            message, suggestion: suggestion, confidence: confidence, lines: cache)
    }

    /// Where a token is, as `file:line`, for messages that point back at an earlier statement.
    func place(block: Int, token: Int) -> String {
        let (line, _) = blocks[block].position(of: blocks[block].tokens[token].start)
        let location = chapter.sourceMap.location(ofBodyLine: line + 1)
        return "\((location.file as NSString).lastPathComponent):\(location.line ?? line + 1)"
    }
}

/// The last body line a rule asked about, kept by a rule that asks about one long line many
/// times (a paragraph of tens of thousands of words): no lock and no reference count shared
/// between threads per question. One per thread.
final class LineCache {
    private var line = -1
    private var scalars: [Unicode.Scalar] = []

    fileprivate func scalars(of line: Int, in chapter: ProseChapter) -> [Unicode.Scalar] {
        if line != self.line {
            self.line = line
            scalars = chapter.lineScalars(line)
        }
        return scalars
    }
}

/// Per-chapter results of the rules, by a key naming the rule and whatever else they depend on.
/// They must depend only on the chapter's text (and the key), never on its position.
final class ChapterMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]

    /// Long lines' scalars, by line: looked up for every finding on the line, so by number, not
    /// by a string key and a cast.
    private var lines: [Int: [Unicode.Scalar]] = [:]
    private var splitBody: [Substring]?

    func bodyLines(make: () -> [Substring]) -> [Substring] {
        if let lines = lock.withLock({ splitBody }) { return lines }
        let lines = make()
        lock.withLock { splitBody = lines }
        return lines
    }

    func value<Value>(_ key: String, make: () -> Value) -> Value {
        if let value = lock.withLock({ values[key] as? Value }) { return value }
        let value = make()
        lock.withLock { values[key] = value }
        return value
    }

    func lineScalars(_ line: Int, make: () -> [Unicode.Scalar]) -> [Unicode.Scalar] {
        if let scalars = lock.withLock({ lines[line] }) { return scalars }
        let scalars = make()
        lock.withLock { lines[line] = scalars }
        return scalars
    }
}
