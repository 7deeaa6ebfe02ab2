import Testing
@testable import DraftForgeKit

@Suite struct DialogueTests {
    let bible = """
        characters:
          - name: Thomas
          - name: Anne
          - name: Mary
        """

    /// Each speech as "block speaker" ("?" after a speaker inferred from the turns).
    func speakers(_ markdown: String) throws -> [String] {
        let chapters = try ContinuityTesting.chapters([("01-one", markdown)])
        let bible = try ContinuityTesting.bible(bible, chapters: ["01-one"])
        let context = ContinuityContext(chapters: chapters, bible: bible, wordList: nil, titles: ["One"])
        return Dialogue.speeches(in: chapters[0], context: context).map { "\($0.block) \($0.speaker.name)\($0.attributed ? "" : "?")" }
    }

    @Test func anAttributionBeforeAfterOrBetweenTheQuotedPartsNamesTheSpeaker() throws {
        let found = try speakers("""
            “Go,” said Thomas.

            “Where?” Anne asked.

            Mary said, “Home.”

            “Now,” said Thomas, “before the tide.”

            “Ask Mary,” said Anne.
            """)
        #expect(found == ["0 Thomas", "1 Anne", "2 Mary", "3 Thomas", "4 Anne"])
    }

    @Test func anUnattributedLineOfATwoPersonExchangeIsTheTurnBeforeTheLast() throws {
        let found = try speakers("""
            “Go,” said Thomas.

            “Where?” said Anne.

            “Home.”

            “Why?”

            Thomas looked away.

            “Because.”
            """)
        // Narration ends the exchange: the last line has no speaker.
        #expect(found == ["0 Thomas", "1 Anne", "2 Thomas?", "3 Anne?"])
    }

    @Test func someoneUnnamedOrAThirdPersonEndsTheTurns() throws {
        let found = try speakers("""
            “Go,” said Thomas.

            “Where?” said Anne.

            “Home,” said he.

            “Why?”
            """)
        #expect(found == ["0 Thomas", "1 Anne"])
    }
}
