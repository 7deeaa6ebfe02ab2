// `stats.json`: the platform's `project_stats` record, with its exact field names, plus the
// few fields the issue adds. Optional fields are written as null, never left out, so every
// file has the same shape.
import Foundation

/// The writing statistics of a manuscript, as `stats.json` holds them.
public struct ManuscriptStats: Codable, Sendable, Equatable {
    public var wordCount: Int
    public var chapterCount: Int
    public var characterCount: Int
    /// The newest first-parent commit that changes the manuscript folder.
    public var lastCommitSHA: String?
    /// Its author date, ISO 8601 in the author's time zone.
    public var lastCommitAt: String?
    /// First-parent commits from HEAD that change the manuscript folder.
    public var totalCommits: Int
    public var currentStreakDays: Int
    public var longestStreakDays: Int
    /// The newest day with `words_written_today > 0`.
    public var lastWriteDate: String?
    /// One snapshot per day with a commit, newest first.
    public var statsHistory: [StatsSnapshot]
    public var chapters: [ChapterStats]
    public var readingTimeMinutes: Int
    /// `word_count / target_word_count`, at most 1; nil without a target.
    public var targetProgress: Double?
    /// Words in the working tree minus words at HEAD; nil when Git was not read.
    public var uncommittedWords: Int?
    /// False for a shallow clone, outside a repository, or when history was skipped.
    public var historyComplete: Bool
    public var historyNote: String?
    /// When the stats were made: `SOURCE_DATE_EPOCH` if set, else the clock, in UTC.
    public var generatedAt: String
    /// Words per script (`{"Latin": 1200, "Han": 3400}`) in a book that mixes scripts; nil in a
    /// book written in one.
    public var wordsByScript: [String: Int]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case wordCount = "word_count", chapterCount = "chapter_count", characterCount = "character_count"
        case lastCommitSHA = "last_commit_sha", lastCommitAt = "last_commit_at", totalCommits = "total_commits"
        case currentStreakDays = "current_streak_days", longestStreakDays = "longest_streak_days"
        case lastWriteDate = "last_write_date", statsHistory = "stats_history", chapters
        case readingTimeMinutes = "reading_time_minutes", targetProgress = "target_progress"
        case uncommittedWords = "uncommitted_words", historyComplete = "history_complete"
        case historyNote = "history_note", generatedAt = "generated_at"
        case wordsByScript = "word_count_by_script"
    }

    public init(
        wordCount: Int, chapterCount: Int, characterCount: Int, lastCommitSHA: String?, lastCommitAt: String?,
        totalCommits: Int, currentStreakDays: Int, longestStreakDays: Int, lastWriteDate: String?,
        statsHistory: [StatsSnapshot], chapters: [ChapterStats], readingTimeMinutes: Int, targetProgress: Double?,
        uncommittedWords: Int?, historyComplete: Bool, historyNote: String?, generatedAt: String,
        wordsByScript: [String: Int]? = nil
    ) {
        self.wordsByScript = wordsByScript
        self.wordCount = wordCount
        self.chapterCount = chapterCount
        self.characterCount = characterCount
        self.lastCommitSHA = lastCommitSHA
        self.lastCommitAt = lastCommitAt
        self.totalCommits = totalCommits
        self.currentStreakDays = currentStreakDays
        self.longestStreakDays = longestStreakDays
        self.lastWriteDate = lastWriteDate
        self.statsHistory = statsHistory
        self.chapters = chapters
        self.readingTimeMinutes = readingTimeMinutes
        self.targetProgress = targetProgress
        self.uncommittedWords = uncommittedWords
        self.historyComplete = historyComplete
        self.historyNote = historyNote
        self.generatedAt = generatedAt
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(wordCount, forKey: .wordCount)
        try container.encode(chapterCount, forKey: .chapterCount)
        try container.encode(characterCount, forKey: .characterCount)
        try container.encode(lastCommitSHA, forKey: .lastCommitSHA)
        try container.encode(lastCommitAt, forKey: .lastCommitAt)
        try container.encode(totalCommits, forKey: .totalCommits)
        try container.encode(currentStreakDays, forKey: .currentStreakDays)
        try container.encode(longestStreakDays, forKey: .longestStreakDays)
        try container.encode(lastWriteDate, forKey: .lastWriteDate)
        try container.encode(statsHistory, forKey: .statsHistory)
        try container.encode(chapters, forKey: .chapters)
        try container.encode(readingTimeMinutes, forKey: .readingTimeMinutes)
        try container.encode(targetProgress, forKey: .targetProgress)
        try container.encode(uncommittedWords, forKey: .uncommittedWords)
        try container.encode(historyComplete, forKey: .historyComplete)
        try container.encode(historyNote, forKey: .historyNote)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(wordsByScript, forKey: .wordsByScript)
    }

    /// The JSON `stats.json` holds: sorted keys, two-space indents, a final newline.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values cannot fail.
        var data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    public static let fileName = "stats.json"
}

/// One day of the history: the state after that day's last commit.
public struct StatsSnapshot: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD`: the author date's day in the author's own time zone.
    public var date: String
    public var wordCount: Int
    public var chapterCount: Int
    /// This snapshot's words minus the previous snapshot's (the first counts from zero).
    public var wordsWrittenToday: Int
    /// Commits made that day.
    public var commits: Int

    enum CodingKeys: String, CodingKey {
        case date, wordCount = "word_count", chapterCount = "chapter_count"
        case wordsWrittenToday = "words_written_today", commits
    }

    public init(date: String, wordCount: Int, chapterCount: Int, wordsWrittenToday: Int, commits: Int) {
        self.date = date
        self.wordCount = wordCount
        self.chapterCount = chapterCount
        self.wordsWrittenToday = wordsWrittenToday
        self.commits = commits
    }
}

/// One chapter's numbers.
public struct ChapterStats: Codable, Sendable, Equatable {
    public var title: String
    /// The chapter file, relative to the manuscript root.
    public var file: String
    public var wordCount: Int
    public var characterCount: Int
    public var paragraphCount: Int
    /// Words inside quotation marks over all words, rounded to 4 places; 0 without words.
    public var dialogueShare: Double
    public var readingTimeMinutes: Int
    /// `draft`, `reviewing` or `approved` from front matter; nil when not given.
    public var status: String?

    enum CodingKeys: String, CodingKey {
        case title, file, wordCount = "word_count", characterCount = "character_count"
        case paragraphCount = "paragraph_count", dialogueShare = "dialogue_share"
        case readingTimeMinutes = "reading_time_minutes", status
    }

    public init(
        title: String, file: String, wordCount: Int, characterCount: Int, paragraphCount: Int,
        dialogueShare: Double, readingTimeMinutes: Int, status: String?
    ) {
        self.title = title
        self.file = file
        self.wordCount = wordCount
        self.characterCount = characterCount
        self.paragraphCount = paragraphCount
        self.dialogueShare = dialogueShare
        self.readingTimeMinutes = readingTimeMinutes
        self.status = status
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(file, forKey: .file)
        try container.encode(wordCount, forKey: .wordCount)
        try container.encode(characterCount, forKey: .characterCount)
        try container.encode(paragraphCount, forKey: .paragraphCount)
        try container.encode(dialogueShare, forKey: .dialogueShare)
        try container.encode(readingTimeMinutes, forKey: .readingTimeMinutes)
        try container.encode(status, forKey: .status)
    }
}
