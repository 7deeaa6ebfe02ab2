import Foundation
import Testing
@testable import DraftForgeKit

@Suite struct BibleLoaderTests {
    func parse(_ yaml: String, chapters: [String]? = ["01-one", "02-two"]) throws(Diagnostic) -> (StoryBible, [Diagnostic]) {
        var warnings: [Diagnostic] = []
        let bible = try BibleLoader.parse(yaml, file: "bible.yml", chapters: chapters, warnings: &warnings)
        return (bible, warnings)
    }

    func error(_ yaml: String) -> Diagnostic? {
        do {
            _ = try parse(yaml)
            Issue.record("the bible parsed")
            return nil
        } catch {
            return error
        }
    }

    @Test func theIssuesExampleBibleParses() throws {
        let (bible, warnings) = try parse("""
            characters:
              - name: Sarah Quill
                aliases: [Sarah, Miss Quill, Sal]
                attributes: {eyes: grey, hair: auburn}
                born: 1989-04-12
                dies: 02-two
            places:
              - name: Harrow Point
                aliases: [the Point]
            rules:
              - id: no-phones
                forbid: '\\b(smartphone|mobile phone)s?\\b'
                message: The story is set in 1890.
            spelling:
              grey: [gray]
              Mr: [Mr.]
            """)
        #expect(warnings.isEmpty)
        #expect(bible.characters.map(\.name) == ["Sarah Quill"])
        #expect(bible.characters[0].aliases == ["Sarah", "Miss Quill", "Sal"])
        #expect(bible.characters[0].attribute("eyes")?.value == "grey")
        #expect(bible.characters[0].attribute("eyes")?.location == SourceLocation(file: "bible.yml", line: 4, column: 24))
        #expect(bible.characters[0].born?.value == StoryDate(year: 1989, month: 4, day: 12))
        #expect(bible.characters[0].dies?.value == "02-two")
        #expect(bible.places[0].aliases == ["the Point"])
        #expect(bible.rules[0].id == "no-phones" && bible.rules[0].severity == .error)
        #expect(bible.spelling.map(\.preferred) == ["grey", "Mr"])
        #expect(bible.spelling[1].variants == ["Mr."])
    }

    @Test func anAttributeThatChangesHasPeriodsThatNameChapters() throws {
        let (bible, warnings) = try parse("""
            characters:
              - name: Sarah Quill
                attributes:
                  hair: [{value: Auburn}, {value: grey, from: 02-two.md}]
                  eyes: [{value: blue, until: 02-two, season: spring}]
            """)
        let sarah = try #require(bible.characters.first)
        #expect(sarah.attribute("hair")?.value == "auburn")
        #expect(sarah.periods["hair"]?.map(\.value.value) == ["auburn", "grey"])
        #expect(sarah.periods["hair"]?.map(\.from) == [nil, .chapter("02-two")])
        #expect(sarah.attribute("hair", at: 0, of: ["01-one", "02-two"])?.value == "auburn")
        #expect(sarah.attribute("hair", at: 1, of: ["01-one", "02-two"])?.value == "grey")
        #expect(sarah.attribute("eyes", at: 1, of: ["01-one", "02-two"]) == nil)
        #expect(warnings.map(\.message) == ["unknown bible key 'season'"])
        #expect(warnings.first?.location?.line == 5)

        let unknown = error("characters:\n  - name: S\n    attributes:\n      hair: [{value: grey, from: 02-tow}]\n")
        #expect(unknown?.message == "'attributes.hair.from' names the chapter '02-tow', which is not in the book")
        #expect(unknown?.suggestion == "did you mean '02-two'?")
        #expect(unknown?.location?.line == 4)
        let valueless = error("characters:\n  - name: S\n    attributes:\n      hair: [{from: 02-two}]\n")
        #expect(valueless?.message == "each value of 'attributes.hair' needs a 'value'")
    }

    @Test func aMarriageKeepsTheNameAsWrittenAndMayStartOnADate() throws {
        let (bible, warnings) = try parse("""
            characters:
              - name: Anne
                married_to: [{value: Harold Weller, until: 02-two}, {value: Tom, from: 1891-06}]
              - name: Mary
                married_to: Ned
            """)
        #expect(warnings.isEmpty)
        let anne = bible.characters[0]
        #expect(anne.periods["married_to"]?.map(\.value.value) == ["Harold Weller", "Tom"])
        #expect(anne.periods["married_to"]?.map(\.until) == [.chapter("02-two"), nil])
        #expect(anne.periods["married_to"]?.map(\.from) == [nil, .date(StoryDate(year: 1891, month: 6))])
        #expect(bible.characters[1].periods["married_to"]?.map(\.value.value) == ["Ned"])
        let chapters = ["01-one", "02-two"]
        let july = StoryBible.StoryMoment(position: 1, date: StoryDate("1891-07-02"))
        let undated = StoryBible.StoryMoment(position: 1)
        #expect(anne.attribute("married_to", at: july, of: chapters)?.value == "Tom")
        #expect(anne.attribute("married_to", at: undated, of: chapters) == nil)
        if case .unknown = anne.fact("married_to", at: undated, of: chapters) {} else { Issue.record("an undated chapter cannot say") }
        if case .none = anne.fact("married_to", at: StoryBible.StoryMoment(position: 1, date: StoryDate("1890")), of: chapters) {} else {
            Issue.record("between the marriages there is none")
        }
    }

    @Test func aFlashbackTakesThePlaceOfItsDate() {
        let moments = StoryBible.StoryMoment.of([
            (StoryDate("1890-01-01"), false), (nil, false), (StoryDate("1890-05-01"), false),
            (StoryDate("1890-02-01"), true), (nil, true), (StoryDate("1889-01-01"), true),
        ])
        // The flashback to February is placed after the one chapter known to come before it.
        #expect(moments.map(\.position) == [0, 1, 2, 0, nil, -1])
        #expect(moments[1].notBefore == StoryDate("1890-01-01"))
    }

    @Test func aSyntaxErrorNamesItsLine() {
        let diagnostic = error("characters:\n  - name: Sarah\n    aliases: [Sarah\n")
        #expect(diagnostic?.code == "bible.syntax")
        #expect(diagnostic?.location?.file == "bible.yml")
        #expect(diagnostic?.location?.line == 4)
    }

    @Test func wrongTypesAndValuesNameLineAndColumn() {
        #expect(error("characters: Sarah\n")?.location == SourceLocation(file: "bible.yml", line: 1, column: 13))
        #expect(error("characters: Sarah\n")?.code == "bible.type")
        let born = error("characters:\n  - name: Sarah\n    born: April 1989\n")
        #expect(born?.code == "bible.value")
        #expect(born?.location == SourceLocation(file: "bible.yml", line: 3, column: 11))
        let dies = error("characters:\n  - name: Sarah\n    dies: 02-tow\n")
        #expect(dies?.code == "bible.value")
        #expect(dies?.suggestion == "did you mean '02-two'?")
        let regex = error("rules:\n  - id: x\n    forbid: '(unclosed'\n")
        #expect(regex?.code == "bible.value")
        #expect(regex?.location?.line == 3)
        #expect(error("characters:\n  - aliases: [Sarah]\n")?.code == "bible.type")
    }

    @Test func anUnknownKeyIsAWarningWithASuggestion() throws {
        let (_, warnings) = try parse("characters:\n  - name: Sarah\n    alias: [Sal]\n")
        #expect(warnings.map(\.code) == ["bible.unknown-key"])
        #expect(warnings.first?.location?.line == 3)
        #expect(warnings.first?.suggestion == "did you mean 'aliases'?")
    }

    @Test func theConfigNamesTheBiblePathAndAMissingOneIsAnError() throws {
        let manuscript = try TestManuscript.minimal(
            ["story/bible.yml": "characters:\n  - name: Sarah\n    born: nope\n"],
            config: "title: T\nbible: story/bible.yml\n")
        let failure = try #require(manuscript.failure())
        #expect(failure.kind == .badInput)
        #expect(failure.diagnostics.last?.location == SourceLocation(file: "story/bible.yml", line: 3, column: 11))

        let missing = try TestManuscript.minimal(config: "title: T\nbible: nowhere.yml\n")
        #expect(missing.failure()?.diagnostics.last?.location == SourceLocation(file: "draftforge.yml", line: 2, column: 8))
    }

    @Test func waiversNeedAnIdAndAReason() throws {
        let waivers = try Waivers.parse("- id: cont-1a2b3c4d\n  reason: a ghost\n", file: "waivers.yml")
        #expect(waivers.entries.map(\.id) == ["cont-1a2b3c4d"])
        let keyed = try Waivers.parse("waivers:\n  - id: cont-1a2b3c4d\n    reason: a ghost\n", file: "waivers.yml")
        #expect(keyed.entries.map(\.reason) == ["a ghost"])
        #expect(throws: Diagnostic.self) { try Waivers.parse("- id: cont-1a2b3c4d\n", file: "waivers.yml") }
        #expect(throws: Diagnostic.self) { try Waivers.parse("- id: 42\n  reason: x\n", file: "waivers.yml") }
    }
}
