import Testing
@testable import DraftForgeKit

@Suite struct NameVariantRuleTests {
    let words = WordList(words: ["then", "smiled", "June", "Zoe", "Jane"])

    func text(_ name: String, _ times: Int) -> String {
        String(repeating: "Then \(name) smiled. ", count: times) + "\n\n"
    }

    func run(_ markdown: String) throws -> [Found] {
        try ContinuityTesting.run(NameVariantRule(), [("01-one", markdown)], wordList: words)
    }

    @Test func aRareSpellingBesideAFrequentNameIsFlagged() throws {
        let found = try run(text("Elizabeth", 30) + "Then Elizabth smiled.\n\n" + text("Darcy", 20) + "And Darcey.\n")
        #expect(found == [
            Found(.nameVariant, .warning, "chapters/01-one.md", 3, 6, "Elizabth"),
            Found(.nameVariant, .warning, "chapters/01-one.md", 7, 5, "Darcey"),
        ])
    }

    @Test func transpositionsCountAsOneEdit() throws {
        let found = try run(text("Wickham", 30) + "Then Wikcham smiled.\n")
        #expect(found.map(\.quote) == ["Wikcham"])
    }

    @Test func wordsPluralsAndBibleAliasesAreNotVariants() throws {
        let markdown = text("Jane", 30) + "In June. The Janes came.\n\n" + text("Bingley", 30) + "The Bingleys.\n\n"
            + text("Sarah", 30) + "Sal waved.\n\n" + text("Sal", 0)
        let found = try ContinuityTesting.run(
            NameVariantRule(), [("01-one", markdown + "Then Sara smiled.\n")],
            bible: "characters:\n  - name: Sarah\n    aliases: [Sara]\n", wordList: words)
        #expect(found == [])
    }

    @Test func aBibleNameThatIsAlsoAWordHasVariantsToo() throws {
        // "cruncher" is in the word list, so without the bible Cruncher is an ordinary word.
        let words = WordList(words: ["then", "smiled", "cruncher"])
        let markdown = text("Cruncher", 30) + "Then Crncher smiled.\n"
        let withBible = try ContinuityTesting.run(
            NameVariantRule(), [("01-one", markdown)], bible: "characters:\n  - name: Jerry Cruncher\n    aliases: [Cruncher]\n",
            wordList: words)
        #expect(withBible.map(\.quote) == ["Crncher"])
        let withoutBible = try ContinuityTesting.run(NameVariantRule(), [("01-one", markdown)], wordList: words)
        #expect(withoutBible == [])
    }

    @Test func aDiacriticVariantIsFlaggedEvenWhenItIsAWord() throws {
        let found = try run(text("Zoë", 30) + "Then Zoe smiled.\n")
        #expect(found.map(\.quote) == ["Zoe"])
    }

    @Test func withoutAWordListTheCheckSaysSoAndStops() throws {
        let found = try ContinuityTesting.run(
            NameVariantRule(), [("01-one", text("Elizabeth", 30) + "Elizabth.\n")], wordList: nil)
        #expect(found == [Found(.noWordList, .info, "", 0, 0, "")])
        #expect(WordList.load(paths: ["/nonexistent/words"]) == nil)
    }
}
