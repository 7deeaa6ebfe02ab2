import Testing
@testable import DraftForgeKit

@Suite struct ForbiddenPatternRuleTests {
    let bible = """
        rules:
          - id: no-phones
            forbid: '\\b(smartphone|mobile phone)s?\\b'
            message: The story is set in 1890.
          - id: no-okay
            forbid: '\\bokay\\b'
            severity: warning
        """

    @Test func aForbiddenPatternIsFoundAcrossALineBreak() throws {
        let found = try ContinuityTesting.run(
            ForbiddenPatternRule(), "# One\n\nShe checked her mobile\nphone again. “Okay,” she said, “okay.”\n", bible: bible)
        #expect(found == [
            Found(.forbiddenPattern, .error, "chapters/01-one.md", 3, 17, "mobile\nphone"),
            Found(.forbiddenPattern, .warning, "chapters/01-one.md", 4, 33, "okay"),
        ])
    }

    @Test func codeIsNotProse() throws {
        let found = try ContinuityTesting.run(ForbiddenPatternRule(), "Use `smartphone` here.\n\n```\nsmartphone\n```\n", bible: bible)
        #expect(found == [])
    }
}

@Suite struct SpellingVariantRuleTests {
    @Test func variantsAreFlaggedWithThePreferredForm() throws {
        let found = try ContinuityTesting.run(
            SpellingVariantRule(), "The gray sea. Gray clouds. Mr. Marsh came. Mr Jory too.\n",
            bible: "spelling:\n  grey: [gray]\n  Mr: [Mr.]\n")
        #expect(found == [
            Found(.spellingVariant, .warning, "chapters/01-one.md", 1, 5, "gray"),
            Found(.spellingVariant, .warning, "chapters/01-one.md", 1, 15, "Gray"),
            Found(.spellingVariant, .warning, "chapters/01-one.md", 1, 28, "Mr."),
        ])
    }
}
