import Testing
@testable import DraftForgeKit

/// The bible's names found in the prose, as every character rule finds them.
@Suite struct CharacterMentionTests {
    @Test func everyNameIsFoundWhateverItsFirstScalar() throws {
        let chapters = try ContinuityTesting.chapters([("01-one", """
            Thomas met Élodie at the quay. The keeper saw 9Lives and Zoë, then Thomas’s boat. thomas is no name.
            """)])
        let bible = try ContinuityTesting.bible("""
            characters:
              - name: Thomas
              - name: Élodie
              - name: Keeper Hale
                aliases: [the keeper]
              - name: 9Lives
              - name: Zoë
            """, chapters: ["01-one"])
        let context = ContinuityContext(chapters: chapters, bible: bible, wordList: nil, titles: ["One"])
        let block = chapters[0].blocks[0]
        let found = context.characterMentions(in: block).map { "\(block.text(of: block.tokens[$0.index])) \($0.mention.character.name)" }
        #expect(found == ["Thomas Thomas", "Élodie Élodie", "The Keeper Hale", "9Lives 9Lives", "Zoë Zoë", "Thomas’s Thomas"])
    }
}
