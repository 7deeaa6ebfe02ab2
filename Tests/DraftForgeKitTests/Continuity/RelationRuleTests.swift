import Testing
@testable import DraftForgeKit

@Suite struct RelationRuleTests {
    let bible = """
        characters:
          - name: Anne Weller
            aliases: [Anne]
            married_to: [{value: Harold, until: 03-three}, {value: Tom Ash, from: 04-four}]
          - name: Harold Weller
            aliases: [Harold]
          - name: Tom Ash
            aliases: [Tom]
          - name: Mary Pike
            aliases: [Mary]
        """
    let chapters = ["01-one", "02-two", "03-three", "04-four"]

    func run(_ texts: [String: String]) throws -> [Found] {
        try ContinuityTesting.run(RelationRule(), chapters.map { ($0, texts[$0] ?? "Nothing here.\n") }, bible: bible)
    }

    @Test func aSpouseTheBibleDoesNotGiveThenIsAnError() throws {
        let found = try run([
            "01-one": "Anne’s husband, Tom, came in.\n\nAnne’s husband, Harold, came in.\n",
            "04-four": "Harold, Anne’s husband, came in.\n\nTom, Anne’s husband, came in.\n",
        ])
        #expect(found == [
            Found(.relationContradiction, .error, "chapters/01-one.md", 1, 1, "Anne’s husband, Tom"),
            Found(.relationContradiction, .error, "chapters/04-four.md", 1, 1, "Harold, Anne’s husband"),
        ])
    }

    @Test func aMarriageWhereTheBibleHasNoneIsAnError() throws {
        let found = try run(["03-three": "Anne’s husband was out.\n\nThe wife of Harold sat alone.\n"])
        #expect(found.map(\.quote) == ["Anne’s husband", "The wife of Harold"])
        #expect(found.allSatisfy { $0.code == .relationContradiction && $0.severity == .error })
    }

    @Test func theMarriageIsReadFromEitherSide() throws {
        // The bible names the marriage on Anne; Tom's wife is Anne from chapter four.
        let found = try run(["02-two": "Tom’s wife was away.\n", "04-four": "Mary, the wife of Tom, smiled.\n"])
        #expect(found.map(\.quote) == ["Tom’s wife", "Mary, the wife of Tom"])
    }

    @Test func wishesOtherTimesAndUnmarriedPeopleStateNothing() throws {
        let found = try run([
            "01-one": "If Anne’s husband, Tom, were here.\n\nAnne’s late husband, Tom, was kind.\n\nMary’s husband left.\n",
            "04-four": "Anne’s husband, Tom Ash, came in.\n",
        ])
        #expect(found == [])
    }

    @Test func aFlashbackIsReadAtItsStoryDate() throws {
        let dated = """
            characters:
              - name: Anne Weller
                aliases: [Anne]
                married_to: {value: Harold, from: 1890-06-01}
              - name: Harold Weller
                aliases: [Harold]
            """
        let found = try ContinuityTesting.run(RelationRule(), [
            ("01-one", "---\ndate: 1890-03-01\n---\nAnne’s husband, Harold, came in.\n"),
            ("02-two", "---\ndate: 1890-07-01\n---\nAnne’s husband, Harold, came in.\n"),
            ("03-three", "---\ndate: 1890-01-01\nflashback: true\n---\nAnne’s husband, Harold, came in.\n"),
            ("04-four", "---\nflashback: true\n---\nAnne’s husband, Harold, came in.\n"),
        ], bible: dated)
        // Chapter one is before the wedding; the flashback to January too; the undated one is not read.
        #expect(found.map(\.file) == ["chapters/01-one.md", "chapters/03-three.md"])
    }
}
