import Testing
@testable import DraftForgeKit

@Suite struct PlaceholderRuleTests {
    @Test func placeholdersInProseAreFoundAtTheirFileLine() throws {
        let markdown = "---\ntitle: One\n---\n# One\n\nThe tower was *TK* feet tall. `TODO` in code.\n\n```\nFIXME\n```\n\nChapter XXX.\n"
        let found = try ContinuityTesting.run(PlaceholderRule(), markdown)
        #expect(found == [Found(.placeholder, .warning, "chapters/01-one.md", 6, 16, "TK")])
    }
}

@Suite struct DoubledWordRuleTests {
    @Test func aWordWrittenTwiceIsFound() throws {
        let found = try ContinuityTesting.run(
            DoubledWordRule(), "She walked to the the door.\n\nHe had had enough. It was\nwas late. No, no.\n")
        #expect(found == [
            Found(.doubledWord, .warning, "chapters/01-one.md", 1, 15, "the the"),
            Found(.doubledWord, .warning, "chapters/01-one.md", 3, 23, "was\nwas"),
        ])
    }

    /// Only blanks between the words in the file count: a comment or an entity between them is
    /// written on purpose, though the prose shows a plain space.
    @Test func wordsWithMoreThanBlanksBetweenThemInTheFileAreLeftAlone() throws {
        let found = try ContinuityTesting.run(
            DoubledWordRule(), "To the <!-- x --> the door, and the&#32;the end, the   the hall.\n")
        #expect(found == [Found(.doubledWord, .warning, "chapters/01-one.md", 1, 50, "the   the")])
    }

    /// What a reader of the language writes on purpose is no finding; a real slip still is.
    @Test func eachLanguagesOwnDoublesAreLeftAlone() throws {
        let french = try ContinuityTesting.run(
            DoubledWordRule(), "---\nlanguage: fr\n---\nVous vous connectez. Nous nous levons. Le le chat.\n")
        #expect(french.map(\.quote) == ["Le le"])
        let german = try ContinuityTesting.run(
            DoubledWordRule(), "---\nlanguage: de\n---\nDie Frauen, die die Kinder sahen, dass sie sie kannte. Und und.\n")
        #expect(german.map(\.quote) == ["Und und"])
        let english = try ContinuityTesting.run(DoubledWordRule(), "Vous vous connectez.\n")
        #expect(english.map(\.quote) == ["Vous vous"], "French doubles are French only")
    }

    @Test func reduplicationAndLinesOfVerseAreLeftAlone() throws {
        let found = try ContinuityTesting.run(
            DoubledWordRule(), "---\nlanguage: zh\n---\n谢谢你。人人都来了。ここです。\n\nThe road goes on and on\\\non till the sea.\n\nthe road goes on  \non and on.\n")
        #expect(found.isEmpty, "\(found)")
    }
}

@Suite struct UnclosedQuoteRuleTests {
    @Test func aQuotationLeftOpenIsFound() throws {
        let found = try ContinuityTesting.run(UnclosedQuoteRule(), "“Come home, she said.\n\nThe next morning she left.\n")
        #expect(found == [Found(.unclosedQuote, .warning, "chapters/01-one.md", 1, 1, "“Come home, she said.")])
    }

    @Test func aSpeechRunningOverParagraphsIsFine() throws {
        let found = try ContinuityTesting.run(
            UnclosedQuoteRule(), "“First paragraph.\n\n“Second paragraph.”\n\n> “Dear Sarah,\n>\n> Come home.”\n")
        #expect(found == [])
    }
}

@Suite struct MissingFootnoteRuleTests {
    @Test func aReferenceWithoutADefinitionIsFound() throws {
        let found = try ContinuityTesting.run(MissingFootnoteRule(), "The light.[^1] And more.[^2]\n\n[^1]: A note.\n")
        #expect(found == [Found(.missingFootnote, .warning, "chapters/01-one.md", 1, 25, "[^2]")])
    }
}

@Suite struct EmptyChapterRuleTests {
    @Test func anEmptyChapterIsAWarningAndAHeadingAloneANote() throws {
        let found = try ContinuityTesting.run(
            EmptyChapterRule(), [("01-one", "---\ntitle: One\n---\n\n"), ("02-two", "# Book the First\n"), ("03-three", "# Three\n\nText.\n")])
        #expect(found == [
            Found(.emptyChapter, .warning, "chapters/01-one.md", 1, 1, ""),
            Found(.emptyChapter, .info, "chapters/02-two.md", 1, 3, "Book the First"),
        ])
    }
}

@Suite struct DuplicateTitleRuleTests {
    @Test func twoChaptersWithOneTitleAreFound() throws {
        let found = try ContinuityTesting.run(
            DuplicateTitleRule(), [("01-one", "# Arrival\n\nText.\n"), ("02-two", "# Arrival\n\nMore.\n")],
            titles: ["Arrival", "Arrival"])
        #expect(found == [Found(.duplicateTitle, .warning, "chapters/02-two.md", 1, 3, "Arrival")])
    }
}
