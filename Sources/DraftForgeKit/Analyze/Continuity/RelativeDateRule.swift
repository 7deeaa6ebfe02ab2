// timeline_error.relative-date: a weekday the narration gives that the story's own clock
// contradicts. The clock starts at the chapter's story date (or at a date the text writes, or a
// weekday it names) and moves with "the next morning", "the following day", "three days later",
// "a week later", "a fortnight later":
//     It was Monday, 3 March 1890. … Three days later … On Tuesday the boat came back.
//                                                        ← three days after Monday is a Thursday
// Only narration is read (not quotations), and only plain statements of the day: "On Tuesday",
// "It was a Tuesday", "…, a Tuesday,". A jump of unknown length ("some days later", "weeks
// passed", a scene of another time with "had") stops the clock until a date or a weekday
// sets it again.
import Foundation

struct RelativeDateRule: ChapterRule {
    static let codes: [DiagnosticCode] = [.relativeDate]

    /// What the narration knows of "today": a date, or only a weekday, and where it was set.
    private struct Clock {
        var day: Int?  // a Julian day number
        var weekday: Int?
        var since: String

        mutating func advance(by days: Int, _ how: String) {
            day = day.map { $0 + days }
            weekday = weekday.map { ($0 + days) % 7 }
            since = "\(how) \(since)"
        }

        var description: String {
            if let day {
                let date = StoryCalendar.date(dayNumber: day)
                return "\(StoryCalendar.weekdays[day % 7]) \(date.day) \(StoryCalendar.months[date.month - 1]) \(date.year)"
            }
            return weekday.map { StoryCalendar.weekdays[$0] } ?? "unknown"
        }
    }

    static let calendarWords = ProseWordSet(StoryCalendar.weekdays + StoryCalendar.months)
    static let partsOfDay: Set<String> = ["morning", "day", "evening", "night", "afternoon"]
    static let unknownJump: Set<String> = ["later", "afterwards", "afterward", "passed", "elapsed", "went"]
    static let notToday: Set<String> = [
        "next", "last", "every", "following", "until", "till", "by", "since", "before", "after", "each", "previous",
        "coming", "past", "from", "to", "between",
    ]

    func check(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic] {
        var clock: Clock?
        if let date = chapter.storyDate, let month = date.month, let day = date.day {
            let number = StoryCalendar.dayNumber(year: date.year, month: month, day: day)
            clock = Clock(day: number, weekday: number % 7, since: "the chapter's date \(date)")
        }
        var findings: [Diagnostic] = []
        for (b, block) in chapter.blocks.enumerated() where block.kind != .heading {
            let tokens = block.tokens
            var depth = 0
            var scanned = 0
            for sentence in block.sentences {
                // Without a clock only a weekday or a month can start one: most sentences name neither.
                if clock == nil, !tokens[sentence].contains(where: {
                    $0.isWord && ProseText.mayBeCapital(block.text[$0.start]) && Self.calendarWords.contains($0, in: block)
                }) { continue }
                // Nor can a sentence without a word that moves, stops or sets the clock.
                if clock != nil, !Self.mayMoveTheClock(block, sentence) { continue }
                let words = sentence.filter { tokens[$0].isWord }
                guard !words.isEmpty else { continue }
                // Narration only: a sentence that starts inside a quotation is someone speaking.
                while scanned < tokens[sentence.lowerBound].start {
                    let scalar = block.text[scanned]
                    if scalar == "“" { depth += 1 } else if scalar == "”" { depth = max(0, depth - 1) }
                    scanned += 1
                }
                let first = tokens[sentence.lowerBound]
                if depth > 0 || (!first.isWord && ProseText.isOpeningQuote(block.text, at: first.start)) { continue }
                let lower = words.map { block.text(of: tokens[$0]).lowercased() }
                if lower.contains("had") { continue }  // another time than the scene's
                // A date written out sets the clock.
                if let dated = StoryCalendar.firstFullDate(block, in: sentence)?.dayNumber {
                    clock = Clock(day: dated, weekday: dated % 7, since: "the date at line \(line(chapter, block, sentence.lowerBound))")
                    continue
                }
                // The day moves on.
                if let (days, phrase) = advance(lower) {
                    clock?.advance(by: days, "\(phrase) after")
                } else if !Set(lower).isDisjoint(with: Self.unknownJump), !lower.contains("hours"), !lower.contains("minutes"),
                    !lower.contains("hour"), !lower.contains("moment")
                {
                    clock = nil
                }
                // A weekday named as the scene's day.
                guard let (weekday, index) = statedWeekday(block, in: sentence) else { continue }
                if let known = clock?.weekday, known != weekday, let clock {
                    findings.append(chapter.finding(
                        .warning, .relativeDate, block: b, tokens: index...index,
                        "the story's day here is \(clock.description) (\(clock.since)), not \(StoryCalendar.weekdays[weekday])",
                        suggestion: "write \(StoryCalendar.weekdays[known]), or correct the days between", confidence: 0.7))
                    continue
                }
                if clock == nil { clock = Clock(day: nil, weekday: weekday, since: "\(StoryCalendar.weekdays[weekday]) at line \(line(chapter, block, index))") }
            }
        }
        return findings
    }

    /// The words `advance` and `unknownJump` read, lowercase.
    static let clockWords = ProseWordSet(unknownJump.union(["next", "following", "after", "later", "afterwards"]))

    /// False when no word of `sentence` is a weekday, a month or (lowercased) one of
    /// `clockWords`: such a sentence leaves the clock as it is.
    static func mayMoveTheClock(_ block: ProseBlock, _ sentence: Range<Int>) -> Bool {
        block.tokens[sentence].contains { token in
            token.isWord && (calendarWords.contains(token, in: block) || clockWords.containsLowercased(token, in: block))
        }
    }

    /// The file line of a token, for messages that point back at where the clock was set.
    private func line(_ chapter: ProseChapter, _ block: ProseBlock, _ token: Int) -> Int {
        let position = block.position(of: block.tokens[token].start)
        return chapter.location(line: position.line, column: position.column).line ?? position.line + 1
    }

    /// "the next morning" (1), "the following day" (1), "the day after" (1), "three days later"
    /// (3), "a week later" (7), "a fortnight later" (14), with the words that said it.
    private func advance(_ words: [String]) -> (Int, String)? {
        for (i, word) in words.enumerated() {
            let next = i + 1 < words.count ? words[i + 1] : ""
            if (word == "next" || word == "following"), Self.partsOfDay.contains(next) { return (1, "the \(word) \(next)") }
            if word == "day", next == "after", i >= 1, words[i - 1] == "the" { return (1, "the day after") }
            guard i + 2 < words.count, words[i + 2] == "later" || words[i + 2] == "afterwards" else { continue }
            let count = word == "a" || word == "one" ? 1 : StoryCalendar.cardinal(word)
            guard let count, count > 0, count <= 60 else { continue }
            switch next {
            case "day", "days": return (count, "\(word) \(next) later,")
            case "week", "weeks": return (7 * count, "\(word) \(next) later,")
            case "fortnight": return (14 * count, "\(word) fortnight later,")
            default: continue
            }
        }
        return nil
    }

    /// "On Tuesday", "It was (a) Tuesday", ", a Tuesday": the weekday and its token.
    private func statedWeekday(_ block: ProseBlock, in sentence: Range<Int>) -> (Int, Int)? {
        let tokens = block.tokens
        for i in sentence where tokens[i].isWord {
            guard let weekday = StoryCalendar.weekdays.firstIndex(of: block.text(of: tokens[i])) else { continue }
            let before = i - 1 >= sentence.lowerBound ? block.text(of: tokens[i - 1]).lowercased() : ""
            let before2 = i - 2 >= sentence.lowerBound ? block.text(of: tokens[i - 2]).lowercased() : ""
            let after = i + 1 < sentence.upperBound ? block.text(of: tokens[i + 1]) : ""
            // A date after it is the weekday check's; "Tuesday next", "Tuesdays" are other days.
            if StoryCalendar.readDate(block, from: after == "," ? i + 2 : i + 1) != nil { continue }
            if ["next", "week", "last", "fortnight", "'s", "’s"].contains(after) { continue }
            if Self.notToday.contains(before) || Self.notToday.contains(before2) { continue }
            let plain = (before == "on" && (i - 1 == sentence.lowerBound || tokens[i - 1].isSentenceInitial || before2 == ","))
                || (before == "was" && before2 == "it") || (before == "a" && (before2 == "was" || before2 == ","))
            if plain { return (weekday, i) }
        }
        return nil
    }
}
