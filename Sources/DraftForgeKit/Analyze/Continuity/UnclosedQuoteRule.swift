// manuscript.unclosed-quote: a paragraph opens a quotation (“ or ") and never closes it. A
// paragraph that ends inside a quotation is fine when the next one opens with a quotation mark:
// that is how a speech running over several paragraphs is printed.
//     “Come home if you can, she wrote.
//
//     The next morning…
import Foundation

struct UnclosedQuoteRule: ChapterRule {
    static let codes: [DiagnosticCode] = [.unclosedQuote]

    func check(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let blocks = chapter.blocks
        for (b, block) in blocks.enumerated() where block.kind != .heading && block.kind != .tableRow {
            guard let open = unclosedQuote(block) else { continue }
            if continues(blocks, after: b) { continue }
            var end = open + 1
            while end < block.text.count, end - open < 60, block.text[end] != "\n", block.text[end] != ProseText.hardBreak { end += 1 }
            findings.append(chapter.finding(
                .warning, .unclosedQuote, block: b, range: open..<end,
                "this quotation is not closed before the paragraph ends",
                suggestion: "add the closing quotation mark where the speech ends", confidence: 0.75))
        }
        return findings
    }

    /// The offset of the outermost opening mark left open at the end, if any. Quotation marks
    /// are punctuation tokens of their own: the block's tokens are read, not its every scalar.
    private func unclosedQuote(_ block: ProseBlock) -> Int? {
        var curly: [Int] = []
        var straightOpen: Int?
        let text = block.text
        for token in block.tokens where !token.isWord {
            let i = token.start
            switch text[i] {
            case "“": curly.append(i)
            case "”": if !curly.isEmpty { curly.removeLast() }
            case "\"":
                if let _ = straightOpen { straightOpen = nil } else { straightOpen = i }
            default: continue
            }
        }
        if let first = curly.first { return first }
        return straightOpen
    }

    /// A speech or a quoted letter may run on: the next paragraph opens with a quotation mark or
    /// closes the quotation first; in a block quote, a later paragraph of the same quote closes it.
    private func continues(_ blocks: [ProseBlock], after b: Int) -> Bool {
        guard b + 1 < blocks.count else { return false }
        let next = blocks[b + 1]
        if startsWithQuote(next.text) || closesFirst(next.text) { return true }
        if blocks[b].kind == .quote {
            var k = b + 1
            while k < blocks.count, blocks[k].kind == .quote {
                if blocks[k].text.contains("”") || blocks[k].text.contains("\"") { return true }
                k += 1
            }
        }
        return false
    }

    private func closesFirst(_ text: [Unicode.Scalar]) -> Bool {
        for c in text {
            if c == "“" { return false }
            if c == "”" { return true }
        }
        return false
    }

    private func startsWithQuote(_ text: [Unicode.Scalar]) -> Bool {
        guard let first = text.first(where: { !ProseText.isBlank($0) }) else { return false }
        return first == "“" || first == "\"" || first == "‘"
    }
}
