import Testing
@testable import DraftForgeKit

@Suite struct AttributeRuleTests {
    let bible = """
        characters:
          - name: Sarah Quill
            aliases: [Sarah]
            attributes: {eyes: grey, hair: auburn, build: slender}
          - name: Daniel Marsh
            aliases: [Daniel]
            attributes: {build: stocky}
        """
    let file = "chapters/01-one.md"

    @Test func aPossessiveColourThatContradictsTheBibleIsAnError() throws {
        let found = try ContinuityTesting.run(AttributeRule(), "# One\n\nSarah’s green eyes were fixed on the sea.\n", bible: bible)
        #expect(found == [Found(.attributeContradiction, .error, file, 3, 1, "Sarah’s green eyes")])
    }

    @Test func eyesWereAndEyesOfAreStatementsToo() throws {
        let found = try ContinuityTesting.run(
            AttributeRule(), "Sarah’s eyes were green.\n\nDaniel watched Sarah’s hair of black.\n", bible: bible)
        #expect(found == [
            Found(.attributeContradiction, .error, file, 1, 1, "Sarah’s eyes were green"),
            Found(.attributeContradiction, .error, file, 3, 16, "Sarah’s hair of black"),
        ])
    }

    @Test func aPronounBindsOnlyWhenTheSentenceNamesOnePerson() throws {
        let found = try ContinuityTesting.run(
            AttributeRule(),
            "Sarah looked up, her green eyes bright.\n\nSarah looked at Daniel, her green eyes bright.\n", bible: bible)
        #expect(found == [Found(.attributeContradiction, .warning, file, 1, 1, "Sarah looked up, her green eyes")])
    }

    @Test func anAttributeOfANameIsBoundToIt() throws {
        let found = try ContinuityTesting.run(
            AttributeRule(),
            "The blue eyes of Sarah were fixed upon him.\n\nThe eyes of Sarah were green.\n\nSarah, whose eyes were blue, smiled.\n\nThe eyes of Sarah were fixed on the sea.\n",
            bible: bible)
        #expect(found == [
            Found(.attributeContradiction, .error, file, 1, 5, "blue eyes of Sarah"),
            Found(.attributeContradiction, .error, file, 3, 5, "eyes of Sarah were green"),
            Found(.attributeContradiction, .error, file, 5, 1, "Sarah, whose eyes were blue"),
        ])
    }

    @Test func eyesThatWereAColourAreAStatement() throws {
        let found = try ContinuityTesting.run(AttributeRule(), "Sarah had eyes that were green.\n", bible: bible)
        #expect(found == [Found(.attributeContradiction, .error, file, 1, 1, "Sarah had eyes that were green")])
    }

    @Test func aCapitalisedOrdinaryWordDoesNotStealThePronoun() throws {
        let found = try ContinuityTesting.run(
            AttributeRule(), "Sarah bit into a Russet from Kent, her green eyes closed.\n", bible: bible + "\nplaces:\n  - name: Kent\n")
        #expect(found == [Found(.attributeContradiction, .warning, file, 1, 1, "Sarah bit into a Russet from Kent, her green eyes")])
    }

    @Test func aPronounReachesBackOneSentenceAsAPossibleFinding() throws {
        let found = try ContinuityTesting.run(
            AttributeRule(), "Sarah sighed. Her green eyes closed.\n\nSarah sighed and Daniel laughed. Her green eyes closed.\n",
            bible: bible)
        #expect(found == [Found(.attributeContradiction, .info, file, 1, 1, "Sarah sighed. Her green eyes")])
    }

    @Test func aPronounTakesOnlyACharacterOfItsGender() throws {
        let gendered = bible.replacingOccurrences(of: "attributes: {build: stocky}", with: "attributes: {build: stocky, gender: male}")
        let found = try ContinuityTesting.run(
            AttributeRule(), "Sarah looked at Daniel, her green eyes bright.\n", bible: gendered)
        #expect(found == [Found(.attributeContradiction, .warning, file, 1, 1, "Sarah looked at Daniel, her green eyes")])
    }

    @Test func anAttributeThatChangesIsReadAtEachChapter() throws {
        let changing = """
            characters:
              - name: Sarah Quill
                aliases: [Sarah]
                attributes:
                  hair: [{value: auburn}, {value: grey, from: 03-three}]
                  eyes: [{value: blue, until: 02-two}]
            """
        let found = try ContinuityTesting.run(AttributeRule(), [
            ("01-one", "Sarah’s grey hair blew loose.\n"),
            ("02-two", "Sarah’s auburn hair, Sarah’s green eyes.\n"),
            ("03-three", "Sarah’s auburn hair blew loose.\n"),
            ("04-four", "Sarah’s grey hair blew loose.\n"),
        ], bible: changing)
        #expect(found == [
            Found(.attributeContradiction, .error, "chapters/01-one.md", 1, 1, "Sarah’s grey hair"),
            Found(.attributeContradiction, .error, "chapters/03-three.md", 1, 1, "Sarah’s auburn hair"),
        ])
    }

    @Test func wordsThatAreNotColoursStateNothing() throws {
        let found = try ContinuityTesting.run(
            AttributeRule(), "Sarah’s fine eyes. Sarah’s gray eyes. Sarah’s pale grey eyes. Sarah’s eyes were fixed.\n", bible: bible)
        #expect(found == [])
    }

    @Test func everyAttributeTheBibleNamesIsChecked() throws {
        let found = try ContinuityTesting.run(AttributeRule(), "Daniel’s slender build surprised them.\n", bible: bible)
        #expect(found == [Found(.attributeContradiction, .error, file, 1, 1, "Daniel’s slender build")])
    }

    @Test func withoutABibleTheFirstStatementSetsTheFact() throws {
        let found = try ContinuityTesting.run(
            AttributeRule(),
            [("01-one", "Maggie’s blue eyes.\n"), ("02-two", "Then Maggie’s brown eyes, and Maggie’s blue eyes.\n")])
        #expect(found == [Found(.attributeContradiction, .warning, "chapters/02-two.md", 1, 6, "Maggie’s brown eyes")])
    }

    @Test func whiteHairIsNotAContradictionOfGrey() throws {
        let found = try ContinuityTesting.run(
            AttributeRule(), [("01-one", "Hester’s grey hair.\n"), ("02-two", "Hester’s white hair.\n")])
        #expect(found == [])
    }
}
