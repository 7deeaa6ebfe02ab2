// timeline_error.date-order: chapter story dates (front matter `date:`) that go backwards in
// reading order without `flashback: true`; timeline_error.bad-date: a date that is not a date.
//     01-arrival.md  date: 1890-10-14
//     02-storm.md    date: 1890-10-02      ← before the chapter above, and not a flashback
import Foundation

struct DateOrderRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.dateOrder, .badStoryDate]

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var latest: (date: StoryDate, chapter: ProseChapter)?
        for chapter in context.chapters {
            guard let written = chapter.chapter.frontMatter.date else { continue }
            let location = chapter.chapter.frontMatter.dateLocation ?? chapter.location(line: -1, column: 1)
            guard let date = StoryDate(written) else {
                findings.append(Diagnostic(
                    .warning, .badStoryDate, at: location, "the story date '\(written)' is not a date",
                    suggestion: "write it as YYYY-MM-DD (or YYYY-MM, or YYYY)", quote: written, confidence: 1))
                continue
            }
            if chapter.isFlashback { continue }
            if let previous = latest, date.isWhollyBefore(previous.date) {
                let line = previous.chapter.chapter.frontMatter.dateLocation?.line ?? 1
                findings.append(Diagnostic(
                    .error, .dateOrder, at: location,
                    "the story date \(date) comes before \(previous.date) in \((previous.chapter.path as NSString).lastPathComponent):\(line), and the chapter is not marked as a flashback",
                    suggestion: "add 'flashback: true' to the front matter, or correct the date",
                    quote: written, confidence: 1))
                continue
            }
            if latest.map({ $0.date < date }) ?? true { latest = (date, chapter) }
        }
        return findings
    }
}
