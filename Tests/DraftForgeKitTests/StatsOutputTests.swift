import Foundation
import Testing
@testable import DraftForgeKit

/// stats.json: its exact shape, and that the build and `stats` agree on every number.
@Suite("stats.json")
struct StatsOutputTests {
    static let topLevelKeys: Set<String> = [
        // project_stats, with the platform's names
        "word_count", "chapter_count", "character_count", "last_commit_sha", "last_commit_at", "total_commits",
        "current_streak_days", "longest_streak_days", "last_write_date", "stats_history",
        // and only what the issue adds
        "chapters", "reading_time_minutes", "target_progress", "uncommitted_words", "history_complete",
        "history_note", "generated_at", "word_count_by_script",
    ]

    @Test func theBuildWritesExactlyTheseFieldsWithNullsSpelledOut() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/02-two.md": "---\nstatus: draft\n---\n“Yes,” she said.\n",
        ])
        let result = try manuscript.build()
        #expect(result.statsURL == manuscript.dist.appendingPathComponent("stats.json"))
        let data = try Data(contentsOf: result.statsURL)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == Self.topLevelKeys)
        for key in ["last_commit_sha", "last_commit_at", "last_write_date", "target_progress", "uncommitted_words", "word_count_by_script"] {
            #expect(object[key] is NSNull, "\(key) is not null")
        }
        #expect(object["history_note"] as? String == "the manuscript is not in a Git repository")
        #expect(object["history_complete"] as? Bool == false)
        #expect(object["generated_at"] as? String == "2023-11-14T22:13:20Z")
        let chapters = try #require(object["chapters"] as? [[String: Any]])
        #expect(chapters.count == 2)
        #expect(Set(chapters[0].keys) == [
            "title", "file", "word_count", "character_count", "paragraph_count", "dialogue_share",
            "reading_time_minutes", "status",
        ])
        #expect(chapters[0]["status"] is NSNull)
        #expect(chapters[1]["status"] as? String == "draft")
        #expect(chapters[1]["dialogue_share"] as? Double == 0.3333)
        #expect(chapters[1]["title"] as? String == "02-two")
        #expect(String(decoding: data, as: UTF8.self).hasSuffix("}\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: manuscript.dist.path).sorted()
            .filter { $0.hasSuffix(".partial") } == [], "a temporary file was left behind")
    }

    @Test func snapshotsHaveExactlyTheirFiveFields() throws {
        let snapshot = StatsSnapshot(date: "2024-03-01", wordCount: 1, chapterCount: 2, wordsWrittenToday: 3, commits: 4)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(snapshot)) as? [String: Any])
        #expect(Set(object.keys) == ["date", "word_count", "chapter_count", "words_written_today", "commits"])
        #expect(object["words_written_today"] as? Int == 3)
    }

    @Test func statsRoundTripThroughJSON() throws {
        let (repo, _) = try StatsHistoryTests.makeBook()
        let stats = try repo.stats(today: "2024-03-08")
        #expect(try JSONDecoder().decode(ManuscriptStats.self, from: stats.json()) == stats)
    }

    @Test func buildAndStatsAgreeOnTheSample() throws {
        let copy = try TestManuscript()
        try FileManager.default.removeItem(at: copy.root)
        try FileManager.default.copyItem(at: EPUBPackagerTests.sample, to: copy.root)
        let result = try copy.build()
        let report = try Pipeline.stats(
            root: copy.root, options: StatsOptions(environment: ["SOURCE_DATE_EPOCH": "1700000000"]))
        #expect(try Data(contentsOf: result.statsURL) == report.stats.json())
        let (book, _) = try copy.render()
        #expect(result.wordCount == book.wordCount)
        #expect(report.stats.chapters.map(\.title) == book.chapters.map(\.title))
        #expect(report.stats.chapters.map(\.wordCount) == book.chapters.map(\.wordCount))
        #expect(report.stats.wordCount == report.stats.chapters.reduce(0) { $0 + $1.wordCount })
        #expect(report.stats.targetProgress == StatsStage.rounded(Double(result.wordCount) / 80_000))
        #expect(report.stats.readingTimeMinutes == (result.wordCount + 237) / 238)
    }

    @Test func frontMatterAndTheInsertedTitleAreNotCounted() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "---\ntitle: A Long Front Matter Title\npov: Someone Else\n---\nTwo words.\n",
        ])
        let result = try manuscript.build()
        #expect(result.wordCount == 2)
        #expect(result.stats.chapters[0].title == "A Long Front Matter Title")
        #expect(result.stats.chapters[0].characterCount == 10)
    }

    @Test func excludedChaptersAreLeftOut() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/02-cut.md": "---\nexclude: true\n---\nMany words that do not count.\n",
        ])
        let result = try manuscript.build()
        #expect(result.stats.chapterCount == 1)
        #expect(result.stats.chapters.map(\.file) == ["chapters/01-one.md"])
        #expect(result.wordCount == 3)
    }

    @Test func readingTimeRoundsUpAt238WordsAMinute() {
        func minutes(_ words: Int) -> Int { StatsStage.readingTime([ProseCount(words: words)], language: "en") }
        #expect(minutes(0) == 0)
        #expect(minutes(1) == 1)
        #expect(minutes(238) == 1)
        #expect(minutes(239) == 2)
        #expect(minutes(80_000) == 337)
    }

    /// Han characters and kana are read by the character: the same text reads about as long in
    /// Chinese as in English, not 1.7 times as long.
    @Test func readingTimeCountsCharactersInChineseAndJapanese() {
        let chinese = ProseCount(words: 2_550, ideographs: 2_550)
        #expect(StatsStage.readingTime([chinese], language: "zh") == 10)
        #expect(StatsStage.readingTime([ProseCount(words: 3_570, ideographs: 3_570)], language: "ja") == 10)
        let mixed = ProseCount(words: 238 + 255, ideographs: 255)
        #expect(StatsStage.readingTime([mixed, mixed], language: "zh-Hans") == 4)
    }

    @Test func targetProgressStopsAtOne() throws {
        let manuscript = try TestManuscript.minimal(config: "title: T\ntarget_word_count: 2\n")
        #expect(try manuscript.build().stats.targetProgress == 1)
    }
}
