// timeline_error.weekday: a date written with a weekday it did not fall on. With the year
// written, a mismatch is certain (an error); a date before September 1752 may be Julian, and a
// date without a year is read in the chapter's story year: those are warnings.
//     It was Monday, 4 March 1890.        ← 4 March 1890 was a Tuesday
//     on Thursday the fourth of March, 1890
//     Monday, March 4, 1890
import Foundation

struct WeekdayRule: ChapterRule {
    static let codes: [DiagnosticCode] = [.weekdayMismatch]

    func check(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for (b, block) in chapter.blocks.enumerated() {
            let tokens = block.tokens
            for t in tokens.indices where tokens[t].isWord {
                // every weekday ends in "day": a cheap test before the names are compared
                let end = tokens[t].end
                guard end - tokens[t].start >= 6, block.text[end - 1] == "y", block.text[end - 2] == "a",
                    block.text[end - 3] == "d",
                    let weekday = StoryCalendar.weekdays.firstIndex(of: block.text(of: tokens[t])),
                    let date = parseDate(block, after: t)
                else { continue }
                let year = date.year ?? chapter.storyDate?.year
                guard let year, date.day <= Calendar.daysIn(month: date.month, year: year) else { continue }
                let actual = StoryCalendar.gregorianWeekday(year: year, month: date.month, day: date.day)
                guard actual != weekday else { continue }
                let julian = StoryCalendar.mayBeJulian(year: year, month: date.month, day: date.day)
                if julian, StoryCalendar.julianWeekday(year: year, month: date.month, day: date.day) == weekday {
                    continue
                }
                let written = "\(date.day) \(StoryCalendar.months[date.month - 1]) \(year)"
                let actualName = StoryCalendar.weekdays[actual]
                var message = "\(written) was a \(actualName), not a \(block.text(of: tokens[t]))"
                var severity = Diagnostic.Severity.error
                var confidence = 1.0
                if date.year == nil {
                    message += " (reading the year as the chapter's story year)"
                    severity = .warning
                    confidence = 0.7
                }
                if julian {
                    let julianName = StoryCalendar.weekdays[
                        StoryCalendar.julianWeekday(year: year, month: date.month, day: date.day)]
                    message += " in the Gregorian calendar, and a \(julianName) in the Julian calendar Britain used until 1752"
                    severity = .warning
                    confidence = 0.6
                }
                findings.append(chapter.finding(
                    severity, .weekdayMismatch, block: b, tokens: t...date.lastToken, message,
                    suggestion: "write \(actualName), or correct the date", confidence: confidence))
            }
        }
        return findings
    }

    /// Reads the date after the weekday at `index` ("Monday, 4 March 1890").
    private func parseDate(_ block: ProseBlock, after index: Int) -> (day: Int, month: Int, year: Int?, lastToken: Int)? {
        let tokens = block.tokens
        var i = index + 1
        if i < tokens.count, block.text(of: tokens[i]) == "," { i += 1 }
        return StoryCalendar.readDate(block, from: i)
    }
}
