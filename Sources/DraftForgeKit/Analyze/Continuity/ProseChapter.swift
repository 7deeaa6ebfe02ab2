// A chapter's Markdown reduced to prose for the continuity checks, without losing a single
// position: everything that is not prose (code, raw HTML, comments, link targets, emphasis
// markers, block markers) is blanked out in place, so offset N of a block's text is still
// column N of its source line. Findings therefore name the exact line and column of the
// Markdown file and quote the source text as written.
import Foundation

/// A word or a punctuation mark of a block, by its offsets in the block's text.
struct ProseToken {
    enum Kind { case word, punctuation }
    var kind: Kind
    var start: Int
    var end: Int
    /// The word as written (`Sarah’s`), or the punctuation scalar.
    var text: String
    /// First word of a sentence, or first word after an opening quotation mark.
    var isSentenceInitial = false
    /// The word ends in a possessive `’s` / `'s`.
    var isPossessive = false

    var isWord: Bool { kind == .word }
    var isCapitalized: Bool { text.unicodeScalars.first?.properties.isUppercase ?? false }
    /// The word without a possessive `’s` / `'s`.
    var base: String { isPossessive ? String(text.unicodeScalars.dropLast(2)) : text }
}

/// A paragraph, heading, list item, quoted paragraph or table row.
struct ProseBlock {
    enum Kind { case paragraph, heading, quote, listItem, tableRow }
    var kind: Kind
    /// 0-based line in the chapter body where the block starts.
    var firstLine: Int
    /// The source text of the block's lines, joined with "\n", with everything that is not prose replaced by spaces (or a barrier, U+0001,
    /// between table cells).
    var text: [Unicode.Scalar]
    /// The offset in `text` where each of its lines starts.
    var lineStarts: [Int]
    var tokens: [ProseToken] = []
    /// Token index ranges, one per sentence.
    var sentences: [Range<Int>] = []

    /// 0-based body line and 1-based column of an offset.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (firstLine + low, offset - lineStarts[low] + 1)
    }


    /// The sentence that holds token `index`.
    func sentence(containing index: Int) -> Range<Int> {
        sentences.first { $0.contains(index) } ?? (index..<index + 1)
    }
}

/// One chapter, ready for the rules.
struct ProseChapter {
    var chapter: Chapter
    /// The chapter's place in reading order.
    var index: Int
    var blocks: [ProseBlock] = []
    /// HTML comments standing on lines of their own: the 0-based body line where each ends →
    /// its text (for waivers).
    var comments: [Int: String] = [:]
    /// `[^label]` references: label, block and offset.
    var footnoteReferences: [(label: String, block: Int, offset: Int)] = []
    var footnoteDefinitions: Set<String> = []
    /// The body's lines (for locating quotes of findings that are not in prose).
    var bodyLines: [Substring]
    /// What rules read out of this chapter's text, kept with the prose so that a build which
    /// reuses the prose (`BuildCache`) reuses it too.
    let memo = ChapterMemo()

    var name: String { chapter.name }
    var path: String { chapter.path }
    var isFlashback: Bool { chapter.frontMatter.flashback }
    var storyDate: StoryDate? { chapter.frontMatter.date.flatMap(StoryDate.init) }
    /// The first heading block, if any.
    var headingBlock: Int? { blocks.firstIndex { $0.kind == .heading } }

    /// The source text at `range` of block `b`'s text, exactly as the file has it (line breaks
    /// as "\n"). Blanked text keeps its offsets, so the range maps straight onto the lines.
    func source(block b: Int, range: Range<Int>) -> String {
        let block = blocks[b]
        var result = String.UnicodeScalarView()
        var offset = max(0, range.lowerBound)
        let upper = min(range.upperBound, block.text.count)
        while offset < upper {
            let (line, column) = block.position(of: offset)
            let index = line - block.firstLine
            let lineEnd = index + 1 < block.lineStarts.count ? block.lineStarts[index + 1] - 1 : block.text.count
            let scalars = lineScalars(line)
            let from = column - 1
            let to = min(upper, lineEnd) - block.lineStarts[index]
            if from < min(to, scalars.count) { result.append(contentsOf: scalars[from..<min(to, scalars.count)]) }
            offset = lineEnd
            if offset < upper {
                result.append("\n")
                offset += 1
            }
        }
        return String(result)
    }

    /// A body line's scalars. A long line's are made once: a one-paragraph chapter with tens of
    /// thousands of candidate findings made them again for each (quadratic: 43 s for 140 KB).
    private func lineScalars(_ line: Int) -> [Unicode.Scalar] {
        guard bodyLines[line].utf8.count > 256 else { return Array(bodyLines[line].unicodeScalars) }
        return memo.value("line-scalars-\(line)") { Array(bodyLines[line].unicodeScalars) }
    }

    /// The block and offset of the body's `scalar`-th Unicode scalar, if it lies in a block.
    func blockOffset(ofBodyScalar scalar: Int) -> (block: Int, offset: Int)? {
        // Line starts in scalars, computed on demand (only for matches).
        var lineStart = 0
        var line = 0
        for bodyLine in bodyLines {
            let length = bodyLine.unicodeScalars.count
            if scalar <= lineStart + length { break }
            lineStart += length + 1
            line += 1
        }
        guard let b = blocks.lastIndex(where: { $0.firstLine <= line }) else { return nil }
        let within = line - blocks[b].firstLine
        guard within < blocks[b].lineStarts.count else { return nil }
        return (b, blocks[b].lineStarts[within] + scalar - lineStart)
    }

    /// The file location of a body line (0-based) and column.
    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: chapter.path, line: line + 1 + chapter.bodyLineOffset, column: column)
    }

    /// A finding spanning `range` of block `block`'s text; its quote is the source text there.
    func finding(
        _ severity: Diagnostic.Severity, _ code: DiagnosticCode, block: Int, range: Range<Int>,
        _ message: String, suggestion: String, confidence: Double
    ) -> Diagnostic {
        let (line, column) = blocks[block].position(of: range.lowerBound)
        return Diagnostic(
            severity, code, at: location(line: line, column: column), message, suggestion: suggestion,
            quote: source(block: block, range: range), confidence: confidence)
    }

    /// A finding spanning tokens `tokens` of block `block`.
    func finding(
        _ severity: Diagnostic.Severity, _ code: DiagnosticCode, block: Int, tokens: ClosedRange<Int>,
        _ message: String, suggestion: String, confidence: Double
    ) -> Diagnostic {
        let list = blocks[block].tokens
        return finding(
            severity, code, block: block, range: list[tokens.lowerBound].start..<list[tokens.upperBound].end,
            message, suggestion: suggestion, confidence: confidence)
    }

    /// Where a token is, as `file:line`, for messages that point back at an earlier statement.
    func place(block: Int, token: Int) -> String {
        let (line, _) = blocks[block].position(of: blocks[block].tokens[token].start)
        return "\((chapter.path as NSString).lastPathComponent):\(line + 1 + chapter.bodyLineOffset)"
    }

    init(_ chapter: Chapter, index: Int) {
        self.chapter = chapter
        self.index = index
        bodyLines = chapter.body.lineSlices
        var parser = ProseParser(lines: bodyLines)
        parser.parse()
        blocks = parser.blocks
        comments = parser.comments
        footnoteReferences = parser.footnoteReferences
        footnoteDefinitions = parser.footnoteDefinitions
    }
}

/// Per-chapter results of the rules, by a key naming the rule and whatever else they depend on.
/// They must depend only on the chapter's text (and the key), never on its position.
final class ChapterMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]

    func value<Value>(_ key: String, make: () -> Value) -> Value {
        if let value = lock.withLock({ values[key] as? Value }) { return value }
        let value = make()
        lock.withLock { values[key] = value }
        return value
    }
}
