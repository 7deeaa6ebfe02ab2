// Analyze: the manuscript's numbers. Chapters measured by `WordCounter` in, `ManuscriptStats`
// out, with the Git history (`GitHistory`) unless it is skipped. Emits no diagnostics: what
// the history cannot tell is said in `history_note`.
import Foundation

/// How to compute the stats.
public struct StatsOptions: Sendable {
    /// The day streaks end on; nil for `SOURCE_DATE_EPOCH`'s date, else the local date.
    public var today: CalendarDay?
    /// False skips Git entirely (`--no-history`).
    public var includeHistory: Bool
    public var environment: [String: String]
    /// Histories read by earlier builds in this process, reused while HEAD is the same commit.
    public var cache: BuildCache?

    public init(
        today: CalendarDay? = nil, includeHistory: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.today = today
        self.includeHistory = includeHistory
        self.environment = environment
    }
}

/// A chapter as the stats see it.
struct MeasuredChapter: Sendable {
    var title: String
    var file: String
    var status: FrontMatter.Status?
    var prose: ProseCount
}

/// Computes `ManuscriptStats` from measured chapters and the history.
struct StatsStage {
    /// Reading speeds for reading times (Brysbaert 2019 for words of alphabetic scripts;
    /// Trauzettel-Klosinski and Dietz 2012 for Chinese and Japanese characters).
    static let wordsPerMinute = 238
    static let chineseCharactersPerMinute = 255
    static let japaneseCharactersPerMinute = 357

    var options: StatsOptions

    /// `history` is the one `history(root:)` read, when it was read beforehand.
    func run(_ manuscript: Manuscript, chapters: [MeasuredChapter], history: HistoryReport? = nil) -> ManuscriptStats {
        let words = chapters.reduce(0) { $0 + $1.prose.words }
        let language = manuscript.config.language
        let history = history ?? self.history(root: manuscript.root)
        let today = CalendarDay.today(explicit: options.today, environment: options.environment)
        let streaks = Streaks(history.snapshots, today: today)
        return ManuscriptStats(
            wordCount: words, chapterCount: chapters.count,
            characterCount: chapters.reduce(0) { $0 + $1.prose.characters },
            lastCommitSHA: history.lastCommitSHA, lastCommitAt: history.lastCommitAt,
            totalCommits: history.totalCommits, currentStreakDays: streaks.current, longestStreakDays: streaks.longest,
            lastWriteDate: streaks.lastWrite?.description, statsHistory: history.snapshots,
            chapters: chapters.map { Self.chapterStats($0, language: language) },
            readingTimeMinutes: Self.readingTime(chapters.map(\.prose), language: language),
            targetProgress: manuscript.config.targetWordCount.map { min(1, Self.rounded(Double(words) / Double($0))) },
            uncommittedWords: history.headWordCount.map { words - $0 },
            historyComplete: history.complete, historyNote: history.note,
            generatedAt: BuildDate.iso8601(CalendarDay.sourceDateEpoch(options.environment) ?? Date()),
            wordsByScript: chapters.reduce(into: ProseCount()) { $0.addWords(byScript: $1.prose.wordsByScript) }.mixedScripts)
    }

    /// What Git says of the manuscript's past, unless the options skip it. It depends on the
    /// folder alone (each day's config is read from that day's commit), so a build reads it
    /// beside everything else.
    /// `head` answers what HEAD is when the caller already asks git (the build's context).
    func history(root: URL, head: (() -> String?)? = nil) -> HistoryReport {
        options.includeHistory
            ? GitHistory(root: root).read(cache: options.cache, head: head)
            : HistoryReport(complete: false, note: "the history was not read (--no-history)")
    }

    static func chapterStats(_ chapter: MeasuredChapter, language: String) -> ChapterStats {
        let prose = chapter.prose
        return ChapterStats(
            title: chapter.title, file: chapter.file, wordCount: prose.words, characterCount: prose.characters,
            paragraphCount: prose.paragraphs,
            dialogueShare: prose.words == 0 ? 0 : rounded(Double(prose.dialogueWords) / Double(prose.words)),
            readingTimeMinutes: readingTime([prose], language: language), status: chapter.status?.rawValue)
    }

    /// Whole minutes, rounded up (any words take at least a minute): 238 words a minute, and
    /// Han characters and kana at 255 a minute (357 in a Japanese book).
    static func readingTime(_ counts: [ProseCount], language: String) -> Int {
        let ideographs = counts.reduce(0) { $0 + $1.ideographs }
        let words = counts.reduce(0) { $0 + $1.words } - ideographs
        let perMinute = language.lowercased().hasPrefix("ja") ? japaneseCharactersPerMinute : chineseCharactersPerMinute
        let minutes = Double(max(0, words)) / Double(wordsPerMinute) + Double(ideographs) / Double(perMinute)
        return Int(minutes.rounded(.up))
    }

    /// Four decimal places, enough for a share or a progress bar.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

/// Streaks of writing days: days whose snapshot has `words_written_today > 0`.
struct Streaks: Equatable {
    /// Consecutive writing days ending today or yesterday.
    var current = 0
    var longest = 0
    var lastWrite: CalendarDay?

    init(_ snapshots: [StatsSnapshot], today: CalendarDay) {
        let days = Set(snapshots.filter { $0.wordsWrittenToday > 0 }.compactMap { CalendarDay($0.date) })
        lastWrite = days.max()
        var run = 0
        var previous: CalendarDay?
        for day in days.sorted() {
            run = previous.map { day.ordinal - $0.ordinal == 1 } == true ? run + 1 : 1
            longest = max(longest, run)
            previous = day
        }
        var day = days.contains(today) ? today : today.adding(days: -1)
        while days.contains(day) {
            current += 1
            day = day.adding(days: -1)
        }
    }
}
