// manuscript.empty-chapter: a chapter with no text at all (a warning), or with nothing but its
// heading (a note: it may be meant as a part's title page).
import Foundation

struct EmptyChapterRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.emptyChapter]

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for chapter in context.chapters {
            let hasText = chapter.blocks.contains { $0.kind != .heading && $0.tokens.contains(where: \.isWord) }
            guard !hasText else { continue }
            if let heading = chapter.headingBlock, let first = chapter.blocks[heading].tokens.first(where: \.isWord),
                let last = chapter.blocks[heading].tokens.last(where: \.isWord)
            {
                findings.append(chapter.finding(
                    .info, .emptyChapter, block: heading, range: first.start..<last.end,
                    "the chapter has a heading and no text",
                    suggestion: "write the chapter; for a part's title page, use a part in the outline instead",
                    confidence: 1))
            } else {
                findings.append(Diagnostic(
                    .warning, .emptyChapter, at: SourceLocation(file: chapter.path, line: 1, column: 1), "the chapter has no text",
                    suggestion: "write the chapter, or set 'exclude: true' in its front matter", quote: "",
                    confidence: 1))
            }
        }
        return findings
    }
}
