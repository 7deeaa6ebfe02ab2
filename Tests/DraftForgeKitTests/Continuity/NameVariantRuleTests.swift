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

    @Test func eachUseOfARareSpellingIsFoundAgainInItsChapter() throws {
        // The counts keep no places: the three uses, a possessive among them, are looked for
        // again, in reading order across the chapters.
        let found = try ContinuityTesting.run(
            NameVariantRule(),
            [("01-one", text("Elizabeth", 40) + "Then Elizabth smiled.\n\nThen Elizabth’s hat.\n"), ("02-two", "At last Elizabth came.\n")],
            wordList: words)
        #expect(found == [
            Found(.nameVariant, .warning, "chapters/01-one.md", 3, 6, "Elizabth"),
            Found(.nameVariant, .warning, "chapters/01-one.md", 5, 6, "Elizabth"),
            Found(.nameVariant, .warning, "chapters/02-two.md", 1, 9, "Elizabth"),
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

    @Test func inflectionsEitherWayAreNotVariants() throws {
        // Jone is Jones without its "s"; Jameses is James with "es": one and two edits away.
        let markdown = text("Jones", 30) + "Then Jone smiled.\n\n" + text("James", 30) + "The Jameses came.\n"
        #expect(try run(markdown) == [])
    }

    /// The distance with rows on the stack agrees with the whole matrix written out, up to the
    /// limit (beyond it, only that it is beyond).
    @Test func distanceMatchesTheFullMatrix() {
        func reference(_ a: String, _ b: String) -> Int {
            let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
            var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { d[i][0] = i }
            for j in 0...b.count { d[0][j] = j }
            for i in stride(from: 1, through: a.count, by: 1) {
                for j in stride(from: 1, through: b.count, by: 1) {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
                }
            }
            return d[a.count][b.count]
        }
        let words = ["", "a", "ab", "ba", "Darcy", "Darcey", "Dracy", "Elizabeth", "Elizabth", "Zoë", "Zoe", "Wickham", "Wikcham", "中文名", "中名"]
        for a in words {
            for b in words {
                for limit in 1...2 {
                    let distance = NameVariantRule.distance(a, b, limit: limit)
                    #expect(min(distance, limit + 1) == min(reference(a, b), limit + 1), "\(a) / \(b), limit \(limit)")
                }
            }
        }
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
