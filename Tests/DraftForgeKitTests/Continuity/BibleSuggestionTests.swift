import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// `draftforge bible --suggest`: characters, aliases, gender and places read off the text.
@Suite struct BibleSuggestionTests {
    static let chapters = [
        ("01-one", """
            # One

            Mr. Darcy came in at Kelsworth. Darcy said nothing to Anne Vesey, and he sat down. Anne smiled, and she
            rose. The Bingleys were at Kelsworth; the Bingleys left for Kelsworth. Anne Vesey looked at Mr. Darcy.

            On Monday Darcy went to Kelsworth. Anne laughed at her brother. Darcy wrote to Kelsworth, and his letter
            came from Kelsworth.
            """),
        ("02-two", """
            # Two

            Darcy walked on, and he was alone. Anne Vesey stayed in Kelsworth, where she read. Mr. Darcy and Anne
            dined. Anne sang, and she was happy. Darcy nodded, and he went to bed. Mr. Darcy slept. Anne slept.
            The Bingleys slept. Mr. Bingley came. Mr. Bingley went. Mr. Bingley said so; he was tired.
            Mr. Bingley laughed. Mr. Bingley left.
            """),
        ("03-three", "# Three\n\nAt dawn Mr. Bingley rode out to Kelsworth.\n"),
    ]

    @Test func recurringNamesBecomeCharactersAndPlaces() throws {
        let prose = try ContinuityTesting.chapters(Self.chapters)
        let suggestion = BibleSuggestion.suggest(prose, wordList: WordList.load(), least: 3)
        // Each named as the text most often names them.
        #expect(suggestion.characters.map(\.name) == ["Darcy", "Anne", "Mr. Bingley"])
        let darcy = suggestion.characters[0]
        #expect(darcy.aliases == ["Mr. Darcy"])
        #expect(darcy.gender == "male")
        #expect(darcy.first == "01-one.md:3", "where 'Mr. Darcy' is first")
        let anne = suggestion.characters[1]
        #expect(anne.aliases == ["Anne Vesey"])
        #expect(anne.gender == "female", "from the pronouns after her name")
        #expect(suggestion.places.map(\.name) == ["Kelsworth"])
        // Monday and the Bingleys (a family) are no one.
        #expect(!suggestion.yaml.contains("Monday") && !suggestion.yaml.contains("Bingleys"))
    }

    @Test func theYAMLIsABibleAndAnExistingOneIsNotRepeated() throws {
        let prose = try ContinuityTesting.chapters(Self.chapters)
        let suggestion = BibleSuggestion.suggest(prose, wordList: WordList.load(), least: 3)
        var warnings: [Diagnostic] = []
        let parsed = try BibleLoader.parse(suggestion.yaml, file: "bible.yml", chapters: nil, warnings: &warnings)
        #expect(parsed.characters.map(\.name) == ["Darcy", "Anne", "Mr. Bingley"])
        #expect(parsed.characters[0].attribute("gender")?.value == "male")
        #expect(parsed.characters[0].aliases == ["Mr. Darcy"])
        #expect(warnings.isEmpty)

        let existing = try BibleLoader.parse(
            "characters:\n  - name: Anne Vesey\n    aliases: [Anne]\nplaces:\n  - name: Kelsworth\n", file: "bible.yml", chapters: nil,
            warnings: &warnings)
        let additions = BibleSuggestion.suggest(prose, wordList: WordList.load(), existing: existing, least: 3)
        #expect(additions.characters.map(\.name) == ["Darcy", "Mr. Bingley"])
        #expect(additions.places.isEmpty)
    }
}

/// Nicknames, attributes and dates, from a small book.
@Suite struct BibleSuggestionFactsTests {
    @Test func nicknamesAttributesAndDatesAreProposedWithWhereTheyAre() throws {
        let chapter = """
            It was 4 March 1890. Margaret Pennow came to Kelsworth, and she sat. Later Margaret Pennow left, and she
            laughed. Margaret Pennow’s grey eyes were tired. Then Meg sang. Then Meg slept. Then Meg woke.
            """
        let root = try TestManuscript.minimal([
            "chapters/01-one.md": chapter, "chapters/02-two.md": chapter.replacingOccurrences(of: "4 March", with: "9 May"),
        ])
        let (suggestion, _) = try Pipeline.suggestBible(root.options())
        let margaret = try #require(suggestion.characters.first { $0.name == "Margaret Pennow" })
        #expect(margaret.aliases == ["Meg"] && margaret.nicknames == ["Meg"])
        #expect(margaret.attributes == [.init(key: "eyes", value: "grey", first: "01-one.md:2")])
        #expect(suggestion.dates == [
            .init(date: StoryDate(year: 1890, month: 3, day: 4), place: "01-one.md:1"),
            .init(date: StoryDate(year: 1890, month: 5, day: 9), place: "02-two.md:1"),
        ])
        #expect(suggestion.yaml.contains("    attributes: {gender: female, eyes: grey}  # eyes first at 01-one.md:2\n"), "\(suggestion.yaml)")
        #expect(suggestion.yaml.contains("#   01-one.md:1  date: 1890-03-04\n"))
    }
}

/// The same on Pride and Prejudice: its main characters and places, and nothing that is not in it.
@Suite(.corpus) struct BibleSuggestionCorpusTests {
    @Test func prideAndPrejudicesPeopleAndPlacesAreFound() throws {
        let book = sharedFolder.appendingPathComponent("corpus/pride-and-prejudice")
        let (suggestion, _) = try Pipeline.suggestBible(BuildOptions(root: book))
        func character(_ name: String) -> BibleSuggestion.Character? {
            suggestion.characters.first { $0.name == name || $0.aliases.contains(name) }
        }
        for name in ["Elizabeth", "Jane", "Lydia", "Mary", "Charlotte", "Mr. Darcy", "Mr. Bingley", "Mr. Wickham",
                     "Mr. Collins", "Mr. Bennet", "Mrs. Bennet", "Lady Catherine", "Miss Bingley", "Mrs. Gardiner"] {
            #expect(character(name) != nil, "\(name) is missing")
        }
        #expect(character("Darcy")?.name == "Mr. Darcy")
        #expect(character("George Wickham")?.name == character("Mr. Wickham")?.name)
        #expect(character("Lady Catherine de Bourgh")?.name == "Lady Catherine")
        // Nicknames join their character; Kitty (Catherine Bennet) is not Lady Catherine's.
        #expect(character("Lizzy")?.name == "Elizabeth" && character("Lizzy")?.nicknames.contains("Lizzy") == true)
        // In the same order on every run (it followed a dictionary's, which changes from run to run).
        #expect(character("Lizzy")?.nicknames == ["Eliza", "Lizzy"])
        #expect(character("Kitty")?.name == "Kitty")
        #expect(character("Mr. Darcy")?.gender == "male" && character("Lydia")?.gender == "female")
        let places = Set(suggestion.places.map(\.name))
        #expect(places.isSuperset(of: ["Longbourn", "Netherfield", "Pemberley", "Meryton", "Rosings", "London"]))

        // Nothing invented: every name is written in the book as suggested, and none is a place, a
        // day or month, or a family in the plural.
        var text = ""
        for file in try FileManager.default.contentsOfDirectory(atPath: book.appendingPathComponent("chapters").path) {
            text += try String(contentsOf: book.appendingPathComponent("chapters/" + file), encoding: .utf8)
        }
        // Standard Ebooks writes "Mr. Darcy" with a no-break space; the bible matches either.
        text = text.replacingOccurrences(of: "\u{00A0}", with: " ")
        for name in suggestion.characters.flatMap({ [$0.name] + $0.aliases }) + suggestion.places.map(\.name) {
            #expect(text.contains(name), "\(name) is not in the book")
        }
        let names = Set(suggestion.characters.flatMap { [$0.name] + $0.aliases })
        #expect(names.isDisjoint(with: places))
        #expect(!names.contains { $0.hasSuffix("s") && names.contains(String($0.dropLast())) })
        #expect(names.isDisjoint(with: ["Monday", "Saturday", "January", "November", "Christmas", "English"]))
        #expect(suggestion.characters.count < 60)
    }
}
