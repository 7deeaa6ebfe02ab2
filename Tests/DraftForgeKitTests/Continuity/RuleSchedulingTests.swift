import Testing
@testable import DraftForgeKit

/// The analyze stage runs the chapter rules chapter by chapter and the whole-book rules after
/// their reading of each chapter: each rule's findings, in its own order, must be what the rule
/// finds when it runs alone.
@Suite struct RuleSchedulingTests {
    @Test func eachRuleFindsWhatItFindsAlone() throws {
        let names = String(repeating: "Then Elizabeth smiled. ", count: 30)
        let sources = [
            ("01-one", "# Arrival\n\nThe the boat came. It was TK.\n\n\(names)\n\n“Come in, she said.\n"),
            ("02-two", "# Arrival\n\nThen Elizabth smiled. The lamp was was lit.\n"),
            ("03-three", "# Storm\n\nTODO: the storm. \(names)\n\nAnd and the sea rose.\n"),
        ]
        let rules: [any ContinuityRule] = [
            DoubledWordRule(), NameVariantRule(), PlaceholderRule(), DuplicateTitleRule(), UnclosedQuoteRule(),
        ]
        let words = WordList(words: ["then", "smiled", "the", "boat"])
        func context() throws -> ContinuityContext {
            ContinuityContext(
                chapters: try ContinuityTesting.chapters(sources), bible: nil, wordList: words,
                titles: ["Arrival", "Arrival", "Storm"])
        }
        let scheduled = AnalyzeStage.findings(of: rules, in: try context(), laps: ProfileLaps()).map { $0.map(Found.init) }
        let alone = try rules.map { try $0.check(context()).map(Found.init) }
        #expect(scheduled == alone)
        // Every rule found something, in more than one chapter where it can: the order is tested.
        #expect(alone.allSatisfy { !$0.isEmpty })
        #expect(Set(alone[0].map(\.file)).count == 3)
    }
}
