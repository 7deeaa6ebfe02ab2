// manuscript.duplicate-title: two chapters with the same title under the same parent (the table
// of contents would show it twice in one list). Sections of different chapters may share one.
import Foundation

struct DuplicateTitleRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.duplicateTitle]

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        var firstSeen: [String: ProseChapter] = [:]
        var findings: [Diagnostic] = []
        var parents: [Int] = []  // the chapter that opens each outline level above the current one
        for (position, (chapter, title)) in zip(context.chapters, context.titles).enumerated() {
            let level = min(chapter.chapter.outlineLevel, parents.count)
            parents.removeLast(parents.count - level)
            defer { parents.append(position) }
            let trimmed = title.trimmed.lowercased()
            guard !trimmed.isEmpty else { continue }
            let key = parents.last.map { "\($0) \(trimmed)" } ?? trimmed
            guard let earlier = firstSeen[key] else {
                firstSeen[key] = chapter
                continue
            }
            let message = "the title '\(title)' is also the title of \(earlier.path)"
            let suggestion = "give each chapter its own title"
            if let heading = chapter.headingBlock, let first = chapter.blocks[heading].tokens.first,
                let last = chapter.blocks[heading].tokens.last
            {
                findings.append(chapter.finding(
                    .warning, .duplicateTitle, block: heading, range: first.start..<last.end, message,
                    suggestion: suggestion, confidence: 1))
            } else {
                findings.append(Diagnostic(
                    .warning, .duplicateTitle, at: chapter.location(line: 0, column: 1),
                    message, suggestion: suggestion, quote: title, confidence: 1))
            }
        }
        return findings
    }
}
