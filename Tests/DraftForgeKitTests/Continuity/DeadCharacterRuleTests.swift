import Testing
@testable import DraftForgeKit

@Suite struct DeadCharacterRuleTests {
    let bible = """
        characters:
          - name: Thomas Quill
            aliases: [Thomas, the keeper]
            dies: 02-two
        """

    func run(_ third: String, flashback: Bool = false) throws -> [Found] {
        try ContinuityTesting.run(
            DeadCharacterRule(),
            [("01-one", "“Go,” said Thomas.\n"), ("02-two", "Thomas died.\n"),
             ("03-three", "---\nflashback: \(flashback)\n---\n" + third)],
            bible: bible)
    }

    @Test func speakingAfterDeathIsAnError() throws {
        let found = try run("“Go,” said Thomas.\n\n“Mind the stile,” the keeper said.\n\nThomas said, “Light it.”\n")
        #expect(found == [
            Found(.actsAfterDeath, .error, "chapters/03-three.md", 4, 7, "said Thomas"),
            Found(.actsAfterDeath, .error, "chapters/03-three.md", 6, 19, "the keeper said"),
            Found(.actsAfterDeath, .error, "chapters/03-three.md", 8, 1, "Thomas said"),
        ])
    }

    @Test func aStatusThatTurnsToDeadIsADeath() throws {
        let status = bible.replacingOccurrences(
            of: "dies: 02-two", with: "status: [{value: alive}, {value: missing, from: 01-one}, {value: dead, from: 02-two}]")
        let found = try ContinuityTesting.run(
            DeadCharacterRule(),
            [("01-one", "Thomas was gone.\n"), ("02-two", "Thomas died.\n"), ("03-three", "“Go,” said Thomas.\n")],
            bible: status)
        #expect(found == [Found(.actsAfterDeath, .error, "chapters/03-three.md", 1, 7, "said Thomas")])
        var warnings: [Diagnostic] = []
        #expect(throws: Diagnostic.self) {
            _ = try BibleLoader.parse(
                "characters:\n  - name: T\n    status: [{value: asleep}]\n", file: "bible.yml", chapters: nil, warnings: &warnings)
        }
    }

    @Test func actingAfterDeathIsAWarning() throws {
        #expect(try run("Thomas turned to the window.\n") == [
            Found(.actsAfterDeath, .warning, "chapters/03-three.md", 4, 1, "Thomas turned")
        ])
    }

    @Test func beingRememberedOrMentionedIsFine() throws {
        #expect(try run("“He told me,” she said, “how ‘Go,’ said Thomas, ‘and mind the stile.’ ”\n") == [])
        let text = "Sarah remembered how Thomas laughed.\n\nThey buried Thomas Quill.\n\nThomas had kept the light.\n\nThomas’s pipe lay on the desk.\n"
        #expect(try run(text) == [])
    }

    @Test func aFlashbackMayShowTheDead() throws {
        #expect(try run("“Go,” said Thomas.\n", flashback: true) == [])
    }

    @Test func aMissingCharacterWhoSpeaksIsAWarning() throws {
        let missing = """
            characters:
              - name: Thomas Quill
                aliases: [Thomas]
                status: [{value: alive}, {value: missing, from: 02-two, until: 04-four}]
            """
        let found = try ContinuityTesting.run(DeadCharacterRule(), [
            ("01-one", "“Go,” said Thomas.\n"), ("02-two", "“Go,” said Thomas. He left.\n"),
            ("03-three", "“Go,” said Thomas.\n\nThomas turned away.\n"), ("04-four", "“Home,” said Thomas.\n"),
        ], bible: missing)
        #expect(found == [
            Found(.actsWhileMissing, .warning, "chapters/03-three.md", 1, 7, "said Thomas"),
            Found(.actsWhileMissing, .info, "chapters/03-three.md", 3, 1, "Thomas turned"),
        ])
    }

    @Test func aDeathOnAStoryDateCountsFromTheChaptersAfterIt() throws {
        let dated = """
            characters:
              - name: Thomas Quill
                aliases: [Thomas]
                status: [{value: alive}, {value: dead, from: 1890-05-01}]
            """
        let found = try ContinuityTesting.run(DeadCharacterRule(), [
            ("01-one", "---\ndate: 1890-04-01\n---\n“Go,” said Thomas.\n"),
            ("02-two", "“Go,” said Thomas.\n"),
            ("03-three", "---\ndate: 1890-06-01\n---\n“Go,” said Thomas.\n"),
            ("04-four", "---\ndate: 1890-02-01\nflashback: true\n---\n“Go,” said Thomas.\n"),
        ], bible: dated)
        // Chapter two has no date of its own and may come before May; the flashback is before it.
        #expect(found == [Found(.actsAfterDeath, .error, "chapters/03-three.md", 4, 7, "said Thomas")])
    }

    @Test func theDeadWhoTakeTheirTurnInAnExchangeArePossible() throws {
        let found = try ContinuityTesting.run(DeadCharacterRule(), [
            ("01-one", "Thomas died.\n"),
            ("02-two", "“Go,” said Anne.\n\n“Where?” said Mary.\n\n“Home.”\n\n“Why?”\n"),
            ("03-three", "“Go,” said Anne.\n\n“Where?” said Thomas.\n\n“Home.”\n\n“Why?”\n"),
        ], bible: "characters:\n  - name: Thomas\n    dies: 01-one\n  - name: Anne\n  - name: Mary\n")
        #expect(found == [
            Found(.actsAfterDeath, .error, "chapters/03-three.md", 3, 10, "said Thomas"),
            Found(.actsAfterDeath, .info, "chapters/03-three.md", 7, 1, "“Why?”"),
        ])
    }
}
