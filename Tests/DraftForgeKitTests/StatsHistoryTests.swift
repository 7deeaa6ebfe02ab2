import Foundation
import Testing
@testable import DraftForgeKit

/// Histories built commit by commit with back-dated author dates in several time zones. Every
/// expected number below was counted by hand from the chapter texts written here.
@Suite("Stats from Git history")
struct StatsHistoryTests {
    static let twoV1 = "# Two\n\nWords here.\n"                                   // 3 words
    static let twoV2 = "# Two\n\nWords here. More words now.\n"                   // 6 words
    static let fourV1 = "---\nstatus: reviewing\n---\n# Four\n\n“Hello there,” she said.\n"  // 5 words
    static let fourV2 = fourV1 + "\nAnother line here.\n"                         // 8 words
    static let five = "# Five\n\nOne two.\n"                                      // 3 words

    /// The history of the suite's book, in a `book/` folder of a larger repository:
    ///
    /// | day (author's zone) | commits | what happens | words | chapters |
    /// |---|---|---|---|---|
    /// | 2024-03-01 | 2 (+01:00, and 23:30 −08:00, already 03-02 in UTC) | 01-one (4, then 5), 02-two (3) | 8 | 2 |
    /// | 2024-03-02 | 1 (+09:00) | 02-two renamed 02-second; 03-three added, excluded; 01-one gains a word | 9 | 2 |
    /// | 2024-03-03 | 1 (04:00 +05:30, still 03-02 in UTC) | 04-four (5, front matter not counted) | 14 | 3 |
    /// | 2024-03-04 | 0 on the first-parent line (a side-branch commit is dated this day) | | | |
    /// | 2024-03-05 | 2 (−03:00) | 01-one deleted; an outline that lists 02-second, 04-four, 03-three | 8 | 2 |
    /// | 2024-03-06 | 2 (a commit and the merge of the side branch, which rewrote 02-second) | 04-four 8, 02-second 6 | 14 | 2 |
    /// | 2024-03-07 | 1 | 05-five (3) added and put in the outline | 17 | 3 |
    ///
    /// Commits outside `book/` (a notes file on 2024-03-02) are not the manuscript's.
    static func makeBook() throws -> (repository: TestRepository, shas: [String]) {
        let repo = try TestRepository(manuscriptAt: "book")
        var shas: [String] = []
        try repo.write("draftforge.yml", "title: History Book\ntarget_word_count: 100\n")
        try repo.write("chapters/01-one.md", "# One\n\nAlpha beta gamma.\n")
        shas.append(try repo.commit("C1", at: "2024-03-01T09:00:00+01:00"))
        try repo.write("chapters/01-one.md", "# One\n\nAlpha beta gamma delta.\n")
        try repo.write("chapters/02-two.md", twoV1)
        shas.append(try repo.commit("C2", at: "2024-03-01T23:30:00-08:00"))
        try repo.folder.write("notes.txt", "not the manuscript\n")
        try repo.commit("outside", at: "2024-03-02T08:00:00+00:00")
        try repo.move("chapters/02-two.md", "chapters/02-second.md")
        try repo.write("chapters/03-three.md", "---\nexclude: true\n---\n# Three\n\nHidden words.\n")
        try repo.write("chapters/01-one.md", "# One\n\nAlpha beta gamma delta epsilon.\n")
        shas.append(try repo.commit("C4", at: "2024-03-02T10:00:00+09:00"))
        try repo.write("chapters/04-four.md", fourV1)
        shas.append(try repo.commit("C5", at: "2024-03-03T04:00:00+05:30"))
        try repo.remove("chapters/01-one.md")
        shas.append(try repo.commit("C6", at: "2024-03-05T08:00:00-03:00"))
        try repo.write(
            "draftforge.yml",
            "title: History Book\ntarget_word_count: 100\noutline: [02-second, 04-four, 03-three]\n")
        shas.append(try repo.commit("C7", at: "2024-03-05T20:00:00-03:00"))
        try repo.git("checkout", "-q", "-b", "side")
        try repo.write("chapters/02-second.md", twoV2)
        try repo.commit("S1", at: "2024-03-04T12:00:00+00:00")
        try repo.git("checkout", "-q", "main")
        try repo.write("chapters/04-four.md", fourV2)
        shas.append(try repo.commit("C8", at: "2024-03-06T10:00:00+00:00"))
        try repo.git(
            "merge", "-q", "--no-ff", "side", "-m", "M", authorDate: "2024-03-06T11:00:00+00:00",
            committerDate: "2030-01-01T00:00:00+00:00")
        shas.append(try repo.git("rev-parse", "HEAD").trimmed)
        try repo.write("chapters/05-five.md", five)
        try repo.write(
            "draftforge.yml",
            "title: History Book\ntarget_word_count: 100\noutline: [02-second, 04-four, 03-three, 05-five]\n")
        shas.append(try repo.commit("C9", at: "2024-03-07T09:00:00+00:00"))
        return (repo, shas)
    }

    static let history = [
        StatsSnapshot(date: "2024-03-07", wordCount: 17, chapterCount: 3, wordsWrittenToday: 3, commits: 1),
        StatsSnapshot(date: "2024-03-06", wordCount: 14, chapterCount: 2, wordsWrittenToday: 6, commits: 2),
        StatsSnapshot(date: "2024-03-05", wordCount: 8, chapterCount: 2, wordsWrittenToday: -6, commits: 2),
        StatsSnapshot(date: "2024-03-03", wordCount: 14, chapterCount: 3, wordsWrittenToday: 5, commits: 1),
        StatsSnapshot(date: "2024-03-02", wordCount: 9, chapterCount: 2, wordsWrittenToday: 1, commits: 1),
        StatsSnapshot(date: "2024-03-01", wordCount: 8, chapterCount: 2, wordsWrittenToday: 8, commits: 2),
    ]

    @Test func everyFieldMatchesTheHandCount() throws {
        let (repo, shas) = try Self.makeBook()
        // Three words written but not committed.
        try repo.write("chapters/05-five.md", Self.five + "\nUncommitted words here.\n")
        let stats = try repo.stats(today: "2024-03-08")
        let expected = ManuscriptStats(
            wordCount: 20, chapterCount: 3, characterCount: 111, lastCommitSHA: shas.last,
            lastCommitAt: "2024-03-07T09:00:00+00:00", totalCommits: 9, currentStreakDays: 2, longestStreakDays: 3,
            lastWriteDate: "2024-03-07", statsHistory: Self.history,
            chapters: [
                ChapterStats(
                    title: "Two", file: "chapters/02-second.md", wordCount: 6, characterCount: 30, paragraphCount: 1,
                    dialogueShare: 0, readingTimeMinutes: 1, status: nil),
                ChapterStats(
                    title: "Four", file: "chapters/04-four.md", wordCount: 8, characterCount: 46, paragraphCount: 2,
                    dialogueShare: 0.25, readingTimeMinutes: 1, status: "reviewing"),
                ChapterStats(
                    title: "Five", file: "chapters/05-five.md", wordCount: 6, characterCount: 35, paragraphCount: 2,
                    dialogueShare: 0, readingTimeMinutes: 1, status: nil),
            ],
            readingTimeMinutes: 1, targetProgress: 0.2, uncommittedWords: 3, historyComplete: true, historyNote: nil,
            generatedAt: "2023-11-14T22:13:20Z")
        #expect(stats == expected)
        #expect(stats.statsHistory == Self.history)
    }

    @Test func aCleanTreeAgreesWithHeadAndEachBlobIsCountedOnce() throws {
        let (repo, _) = try Self.makeBook()
        let stats = try repo.stats(today: "2024-03-08")
        #expect(stats.uncommittedWords == 0)
        #expect(stats.wordCount == Self.history[0].wordCount)
        #expect(stats.chapterCount == Self.history[0].chapterCount)
        // Measured states hold 01-one twice, 02 twice (the rename keeps its blob), 03-three once,
        // 04-four twice and 05-five once.
        let report = GitHistory(root: repo.manuscriptRoot).read()
        #expect(report.blobsCounted == 8)
    }

    @Test func todayComesFromTheFlagThenSourceDateEpoch() throws {
        let (repo, _) = try Self.makeBook()
        let onTheDay = try repo.stats(today: "2024-03-07")
        #expect(onTheDay.currentStreakDays == 2)
        let tooLate = try repo.stats(today: "2024-03-09")
        #expect(tooLate.currentStreakDays == 0)
        #expect(tooLate.longestStreakDays == 3)
        // 1709856000 is 2024-03-08T00:00:00Z: yesterday was a writing day.
        #expect(try repo.stats(epoch: "1709856000").currentStreakDays == 2)
        // 1709942399 is 2024-03-08T23:59:59Z, still the 8th in UTC whatever the local zone.
        #expect(try repo.stats(epoch: "1709942399").currentStreakDays == 2)
        #expect(try repo.stats(epoch: "1710028800").currentStreakDays == 0)
        #expect(try repo.stats(today: "2024-03-08", epoch: "1710028800").currentStreakDays == 2, "--today wins")
    }

    @Test func aShallowCloneSaysItsHistoryIsPartial() throws {
        let (repo, shas) = try Self.makeBook()
        let clone = try TestRepository(manuscriptAt: "book", initialize: false)
        try FileManager.default.removeItem(at: clone.root)
        try repo.git("clone", "-q", "--depth", "2", "file://" + repo.root.path, clone.root.path)
        let stats = try clone.stats(today: "2024-03-08")
        // The clone holds C9 and the merge. The merge is where counting starts: its 14 words were
        // written before the clone's history begins.
        #expect(stats.statsHistory == [
            StatsSnapshot(date: "2024-03-07", wordCount: 17, chapterCount: 3, wordsWrittenToday: 3, commits: 1),
            StatsSnapshot(date: "2024-03-06", wordCount: 14, chapterCount: 2, wordsWrittenToday: 0, commits: 1),
        ])
        #expect(stats.totalCommits == 2)
        #expect(stats.lastCommitSHA == shas.last)
        #expect(stats.historyComplete == false)
        #expect(stats.historyNote?.contains("shallow clone") == true)
        #expect(stats.historyNote?.contains("2024-03-06") == true)
        #expect(stats.currentStreakDays == 1)
        #expect(stats.uncommittedWords == 0)
        #expect(stats.wordCount == 17)
    }

    @Test func anEmptyRepositoryHasNoHistoryAndEverythingIsUncommitted() throws {
        let repo = try TestRepository()
        try repo.write("draftforge.yml", "title: Empty\n")
        try repo.write("chapters/01.md", "# One\n\nFour words are here.\n")
        let stats = try repo.stats(today: "2024-03-08")
        #expect(stats.wordCount == 5)
        #expect(stats.statsHistory.isEmpty)
        #expect(stats.totalCommits == 0)
        #expect(stats.lastCommitSHA == nil)
        #expect(stats.lastCommitAt == nil)
        #expect(stats.uncommittedWords == 5)
        #expect(stats.historyComplete == true)
        #expect(stats.historyNote == "the repository has no commits yet")
        #expect(stats.currentStreakDays == 0 && stats.longestStreakDays == 0 && stats.lastWriteDate == nil)
    }

    @Test func aManuscriptOutsideARepositoryHasAnEmptyHistoryAndANote() throws {
        let repo = try TestRepository(initialize: false)
        try repo.write("draftforge.yml", "title: Loose\n")
        try repo.write("chapters/01.md", "Just text.\n")
        let stats = try repo.stats()
        #expect(stats.wordCount == 2)
        #expect(stats.statsHistory.isEmpty)
        #expect(stats.uncommittedWords == nil)
        #expect(stats.historyComplete == false)
        #expect(stats.historyNote == "the manuscript is not in a Git repository")
        #expect(stats.totalCommits == 0)
    }

    @Test func noHistorySkipsGit() throws {
        let (repo, _) = try Self.makeBook()
        let stats = try repo.stats(today: "2024-03-08", history: false)
        #expect(stats.wordCount == 17)
        #expect(stats.statsHistory.isEmpty)
        #expect(stats.lastCommitSHA == nil && stats.totalCommits == 0 && stats.uncommittedWords == nil)
        #expect(stats.currentStreakDays == 0)
        #expect(stats.historyComplete == false)
        #expect(stats.historyNote == "the history was not read (--no-history)")
    }

    @Test func aConfigThatDoesNotLoadKeepsTheLastOneThatDid() throws {
        let repo = try TestRepository()
        try repo.write("draftforge.yml", "title: T\nchapters_directory: text\noutline: [a]\n")
        try repo.write("text/a.md", "One two three.\n")
        try repo.write("text/b.md", "Not in the outline.\n")
        try repo.write("chapters/c.md", "Not in the chapters folder.\n")
        try repo.commit("one", at: "2024-01-01T10:00:00+00:00")
        try repo.write("draftforge.yml", "title: T\nchapters_directory: text\noutline: [a\n")  // a YAML error
        try repo.write("text/a.md", "One two three four.\n")
        try repo.commit("two", at: "2024-01-02T10:00:00+00:00")
        try repo.write("draftforge.yml", "title: T\nsmart_punctuation: false\n")  // back to `chapters`
        try repo.commit("three", at: "2024-01-03T10:00:00+00:00")
        try repo.remove("draftforge.yml")  // no config: the defaults
        try repo.write("chapters/d.md", "Two more.\n")
        try repo.commit("four", at: "2024-01-04T10:00:00+00:00")
        let report = GitHistory(root: repo.root).read()
        #expect(report.snapshots.map(\.wordCount) == [7, 5, 4, 3])
        #expect(report.snapshots.map(\.chapterCount) == [2, 1, 1, 1])
    }

    @Test func oldChapterTextsCountAsWellAsTheyCan() {
        var counter = BlobCounter()
        func measure(_ text: String) -> BlobCounter.Measure {
            counter.measure(Data(text.utf8), path: "chapters/x.md", smartPunctuation: true)
        }
        #expect(measure("---\nexclude: true\n---\nHidden.\n") == .init(words: 0, excluded: true))
        #expect(measure("---\nexclude: true\n---\nHidden again, the same front matter.\n") == .init(words: 0, excluded: true))
        #expect(measure("---\nstatus: draft\n---\nTwo words.\n") == .init(words: 2, excluded: false))
        #expect(measure("---\nstatus: [draft\n---\nA broken block is skipped.\n") == .init(words: 5, excluded: false))
        #expect(measure("---\nstatus: banana\n---\nA bad value too.\n") == .init(words: 4, excluded: false))
        #expect(measure("---\nNot front matter, a rule.\n---\nText.\n") == .init(words: 6, excluded: false))
        #expect(measure("\u{FEFF}# Title\n") == .init(words: 1, excluded: false))
        #expect(counter.measure(Data([0x41, 0xFF, 0x42]), path: "x.md", smartPunctuation: true) == .init(words: 0, excluded: false))
    }

    @Test func streaksCountConsecutiveWritingDays() {
        func snapshot(_ date: String, _ written: Int) -> StatsSnapshot {
            StatsSnapshot(date: date, wordCount: 0, chapterCount: 1, wordsWrittenToday: written, commits: 1)
        }
        let history = [
            snapshot("2024-02-29", 10), snapshot("2024-02-28", 5), snapshot("2024-02-27", 0),
            snapshot("2024-02-26", 7), snapshot("2024-02-25", 1), snapshot("2024-02-24", 1), snapshot("2024-02-23", -4),
            snapshot("2023-12-31", 3), snapshot("2024-01-01", 3),
        ]
        let today = CalendarDay("2024-03-01")!
        #expect(Streaks(history, today: today) == Streaks(current: 2, longest: 3, lastWrite: CalendarDay("2024-02-29")))
        #expect(Streaks(history, today: CalendarDay("2024-02-29")!).current == 2)
        #expect(Streaks(history, today: CalendarDay("2024-03-02")!).current == 0)
        #expect(Streaks(history, today: CalendarDay("2024-01-02")!).current == 2, "across a new year")
        #expect(Streaks([], today: today) == Streaks(current: 0, longest: 0, lastWrite: nil))
    }

    @Test func calendarDaysParseStrictlyAndCount() throws {
        #expect(CalendarDay("2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDay("2023-02-29") == nil)
        #expect(CalendarDay("2024-3-01") == nil)
        #expect(CalendarDay("2024-03-01T00:00") == nil)
        #expect(CalendarDay("1970-01-01")?.ordinal == 0)
        #expect(CalendarDay("2024-03-01")?.adding(days: -1).description == "2024-02-29")
        #expect(CalendarDay("1969-12-31")?.ordinal == -1)
        let noon = Date(timeIntervalSince1970: 1_709_294_400)  // 2024-03-01T12:00:00Z
        #expect(CalendarDay(noon, in: TimeZone(secondsFromGMT: 13 * 3600)!).description == "2024-03-02")
        #expect(CalendarDay(noon, in: TimeZone(secondsFromGMT: -13 * 3600)!).description == "2024-02-29")
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        #expect(CalendarDay.today(explicit: nil, environment: [:], now: noon, timeZone: tokyo).description == "2024-03-01")
        #expect(CalendarDay.today(
            explicit: nil, environment: ["SOURCE_DATE_EPOCH": "1709251200"], now: noon, timeZone: tokyo).description
            == "2024-03-01")
        #expect(CalendarDay.today(
            explicit: CalendarDay("2020-01-01"), environment: ["SOURCE_DATE_EPOCH": "1709251200"]).description
            == "2020-01-01")
    }
}

extension Streaks {
    init(current: Int, longest: Int, lastWrite: CalendarDay?) {
        self.init([], today: CalendarDay(ordinal: 0))
        self.current = current
        self.longest = longest
        self.lastWrite = lastWrite
    }
}
