import Testing
@testable import DraftForgeKit

@Suite struct DateOrderRuleTests {
    func chapter(_ date: String, flashback: Bool = false) -> String {
        "---\ntitle: X\ndate: \(date)\nflashback: \(flashback)\n---\n\nText.\n"
    }

    @Test func aDateBeforeAnEarlierChapterIsAnError() throws {
        let found = try ContinuityTesting.run(
            DateOrderRule(), [("01-one", chapter("1890-10-14")), ("02-two", chapter("1890-10-02"))])
        #expect(found == [Found(.dateOrder, .error, "chapters/02-two.md", 3, 7, "1890-10-02")])
    }

    @Test func aFlashbackMayGoBackAndTheStoryResumesAfterIt() throws {
        let found = try ContinuityTesting.run(
            DateOrderRule(),
            [("01-one", chapter("1890-10-14")), ("02-two", chapter("1872-04-12", flashback: true)),
             ("03-three", chapter("1890-10")), ("04-four", chapter("1890-11-01"))])
        #expect(found == [])
    }

    @Test func aDateThatIsNotADateIsAWarning() throws {
        let found = try ContinuityTesting.run(DateOrderRule(), [("01-one", chapter("1890-13-01"))])
        #expect(found == [Found(.badStoryDate, .warning, "chapters/01-one.md", 3, 7, "1890-13-01")])
    }
}

@Suite struct WeekdayRuleTests {
    @Test func aWeekdayThatDoesNotMatchTheDateIsAnError() throws {
        // 4 March 1890 was a Tuesday.
        let found = try ContinuityTesting.run(
            WeekdayRule(),
            "It was Monday, 4 March 1890, and cold.\n\nOn Tuesday, 4 March 1890, it was not.\n\nThursday the fourth of March, 1890.\n\nMonday, March 4, 1890.\n")
        #expect(found == [
            Found(.weekdayMismatch, .error, "chapters/01-one.md", 1, 8, "Monday, 4 March 1890"),
            Found(.weekdayMismatch, .error, "chapters/01-one.md", 5, 1, "Thursday the fourth of March, 1890"),
            Found(.weekdayMismatch, .error, "chapters/01-one.md", 7, 1, "Monday, March 4, 1890"),
        ])
    }

    @Test func withoutAYearTheChaptersYearIsAssumedAndItIsAWarning() throws {
        let found = try ContinuityTesting.run(
            WeekdayRule(), "---\ndate: 1900-01-01\n---\nOn Sunday, 1 January, we sailed. Monday, 1 January.\n")
        #expect(found == [Found(.weekdayMismatch, .warning, "chapters/01-one.md", 4, 4, "Sunday, 1 January")])
    }

    @Test func beforeSeptember1752TheJulianCalendarMayBeMeant() throws {
        // 2 September 1752 was a Wednesday in Britain (Julian); proleptic Gregorian says Saturday.
        let found = try ContinuityTesting.run(
            WeekdayRule(), "Wednesday, 2 September 1752.\n\nFriday, 2 September 1752.\n\nThursday, 14 September 1752.\n")
        #expect(found == [Found(.weekdayMismatch, .warning, "chapters/01-one.md", 3, 1, "Friday, 2 September 1752")])
    }
}

@Suite struct AgeRuleTests {
    let bible = "characters:\n  - name: Sarah Quill\n    aliases: [Sarah]\n    born: 1872-04-12\n"

    func run(_ text: String) throws -> [Found] {
        try ContinuityTesting.run(AgeRule(), "---\ndate: 1890-10-14\n---\n" + text, bible: bible)
    }

    @Test func aStatedAgeThatContradictsBornIsAnError() throws {
        #expect(try run("Sarah was twenty-five.\n") == [Found(.ageMismatch, .error, "chapters/01-one.md", 4, 1, "Sarah was twenty-five")])
        #expect(try run("Sarah, aged 30, came home.\n").map(\.quote) == ["Sarah, aged 30"])
        #expect(try run("Sarah is 17 years old.\n").map(\.quote) == ["Sarah is 17 years old"])
    }

    @Test func theRightAgeAndAgesAtOtherTimesAreFine() throws {
        #expect(try run("Sarah was eighteen. Sarah is 18 years old.\n") == [])
        #expect(try run("When Sarah was ten, she left. Sarah was ten years old when it happened.\n") == [])
        #expect(try run("Sarah was twenty minutes late.\n") == [])
    }
}

@Suite struct RelativeDateRuleTests {
    func run(_ markdown: String) throws -> [Found] {
        try ContinuityTesting.run(RelativeDateRule(), [("01-one", markdown)])
    }

    @Test func aWeekdayAfterDaysCountedFromADateIsChecked() throws {
        let found = try run("""
            ---
            date: 1890-03-03
            ---
            The boat left at dawn.

            Three days later the wind dropped. On Tuesday the boat came back.

            The next morning, a Friday, Sarah walked to the point.
            """)
        // 3 March 1890 was a Monday: three days later is Thursday, and the next morning Friday.
        #expect(found == [Found(.relativeDate, .warning, "chapters/01-one.md", 6, 39, "Tuesday")])
        let chapters = try ContinuityTesting.chapters([("01-one", "---\ndate: 1890-03-03\n---\nThree days later, on Tuesday, it rained.\n")])
        let message = RelativeDateRule().check(ContinuityContext(chapters: chapters, bible: nil, wordList: nil, titles: [""])).first?.message
        #expect(message == "the story's day here is Thursday 6 March 1890 (three days later, after the chapter's date 1890-03-03), not Tuesday")
    }

    @Test func weekdaysAloneKeepTheirOwnCount() throws {
        // Monday, then Tuesday (not Wednesday); the clock keeps its count: Wednesday, not Friday.
        let found = try run("On Monday the storm began.\n\nThe next day the sea was calm. It was a Wednesday.\n\nThe following morning, a Friday, they sailed.\n")
        #expect(found.map(\.quote) == ["Wednesday", "Friday"])
        #expect(found.map(\.line) == [3, 5])
    }

    @Test func speechOtherTimesAndUnknownJumpsAreNotRead() throws {
        let found = try run("""
            It was Monday, 3 March 1890.

            “I sail on Friday,” she said. On Saturday next the fair would open.

            She had left on Tuesday. Some days later, on Friday, the boat returned.

            A week later it was a Tuesday.
            """)
        // After "some days later" the clock restarts on Friday; a week later is a Friday again.
        #expect(found.map(\.quote) == ["Tuesday"])
        #expect(found.map(\.line) == [7])
    }

    /// Sentences without a clock word are skipped once the clock runs: the words are still found
    /// in capitals, and a date written in words still sets the clock.
    @Test func clockWordsAreFoundWhateverTheirCase() throws {
        let found = try run("""
            It was Monday, 3 March 1890. The sea was grey.

            Three days LATER the wind dropped. On Tuesday the boat came back.

            WEEKS PASSED. On Friday the fair opened.

            It was the fifth of March 1890 and the light was lit. On Thursday the keeper slept.
            """)
        // LATER counts (Thursday, not Tuesday); PASSED stops the clock (Friday is not checked);
        // the fifth of March 1890 was a Wednesday, so Thursday is not "today" either.
        #expect(found.map(\.quote) == ["Tuesday", "Thursday"])
        #expect(found.map(\.line) == [3, 7])
    }
}

@Suite struct TravelRuleTests {
    let bible = """
        places:
          - name: Longbourn
            distances: {London: 24 mi, Meryton: 1 mi}
          - name: London
          - name: Meryton
        """

    @Test func aJourneyFasterThanItsMeansIsFound() throws {
        let found = try ContinuityTesting.run(TravelRule(), [("01-one", """
            She walked from Longbourn to London in an hour.

            He rode to London from Longbourn in two hours.

            They walked from Longbourn to Meryton in half an hour.

            The coach left London and reached Longbourn three hours later.

            A week later she walked from Longbourn to London.
            """)], bible: bible)
        #expect(found.map(\.line) == [1])
        #expect(found.map(\.quote) == ["Longbourn to London"])
        let chapters = try ContinuityTesting.chapters([("01-one", "She walked from Longbourn to London in an hour.\n")])
        let context = ContinuityContext(chapters: chapters, bible: try ContinuityTesting.bible(bible, chapters: ["01-one"]), wordList: nil, titles: [""])
        #expect(TravelRule().check(context).first?.message == "Longbourn to London is 39 km (bible.yml:3): on foot that takes 6 hours or more, not an hour")
    }

    @Test func aDistanceMustSayItsUnit() throws {
        var warnings: [Diagnostic] = []
        #expect(throws: Diagnostic.self) {
            try BibleLoader.parse("places:\n  - name: A\n    distances: {B: far}\n", file: "bible.yml", chapters: nil, warnings: &warnings)
        }
        let bible = try BibleLoader.parse("places:\n  - name: A\n    distances: {B: 10, C: 2 miles}\n  - name: B\n  - name: C\n", file: "bible.yml", chapters: nil, warnings: &warnings)
        #expect(bible.distance("B", "A")?.value == 10)
        #expect(abs((bible.distance("A", "C")?.value ?? 0) - 3.218688) < 0.0001)
    }
}
