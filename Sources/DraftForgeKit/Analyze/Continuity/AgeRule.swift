// timeline_error.age: a stated age that contradicts the character's `born` date at the
// chapter's story date. Only plain statements count: "Sarah was eighteen.", "Sarah is 18 years
// old", "Sarah, aged eighteen,", "the eighteen-year-old Sarah"; an age in a clause about
// another time ("when Sarah was ten") is not read.
import Foundation

struct AgeRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.ageMismatch]
    /// Words that put a clause at another time than the chapter's.
    static let otherTime: Set<String> = [
        "when", "When", "while", "While", "since", "Since", "until", "Until", "till", "after", "After", "before",
        "Before", "by", "By", "if", "If", "once", "Once", "ago", "then", "remembered", "recalled", "used",
    ]

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        guard let bible = context.bible, bible.characters.contains(where: { $0.born != nil }) else { return [] }
        var findings: [Diagnostic] = []
        for chapter in context.chapters {
            guard let date = chapter.storyDate else { continue }
            for (b, block) in chapter.blocks.enumerated() {
                let tokens = block.tokens
                for (t, mention) in context.characterMentions(in: block) {
                    guard let born = mention.character.born, !mention.possessive else { continue }
                    guard let (age, first, last) = statedAge(block, mention: t, length: mention.length) else { continue }
                    let sentence = block.sentence(containing: t)
                    let context = tokens[sentence.lowerBound..<first].contains { Self.otherTime.contains(block.text(of: $0)) }
                        || (last + 1 < tokens.count && Self.otherTime.contains(block.text(of: tokens[last + 1])))
                    if context { continue }
                    let expected = StoryCalendar.ages(born: born.value, on: date)
                    guard !expected.contains(age) else { continue }
                    let should = expected.count == 1 ? "\(expected.lowerBound)" : "\(expected.lowerBound) or \(expected.upperBound)"
                    findings.append(chapter.finding(
                        .error, .ageMismatch, block: b, tokens: first...last,
                        "\(mention.character.name) is \(should) on \(date) (born \(born.value) in \(born.location.fileAndLine)), not \(age)",
                        suggestion: "write \(should), or correct 'born' in the bible or the chapter's date",
                        confidence: 0.9))
                }
            }
        }
        return findings
    }

    /// The age stated about the mention at `index`, with the tokens of the statement.
    private func statedAge(_ block: ProseBlock, mention index: Int, length: Int) -> (Int, Int, Int)? {
        let tokens = block.tokens
        let after = index + length
        func word(_ i: Int) -> String? { i >= 0 && i < tokens.count ? block.text(of: tokens[i]) : nil }
        func endsClause(_ i: Int) -> Bool {
            guard let next = word(i) else { return true }
            return !tokens[i].isWord && next != "-" || next == "and"
        }
        // "the eighteen-year-old Sarah"
        if let before = word(index - 1), before.hasSuffix("-year-old"),
            let age = StoryCalendar.cardinal(String(before.dropLast("-year-old".count)))
        {
            return (age, index - 1, after - 1)
        }
        // "Sarah was eighteen." / "Sarah is 18 years old"
        if let verb = word(after), verb == "was" || verb == "is", let number = word(after + 1),
            tokens[after + 1].isWord, let age = StoryCalendar.cardinal(number)
        {
            if word(after + 2) == "years", word(after + 3) == "old" { return endsClause(after + 4) ? (age, index, after + 3) : nil }
            return endsClause(after + 2) ? (age, index, after + 1) : nil
        }
        // "Sarah, aged eighteen,"
        if word(after) == ",", word(after + 1) == "aged", let number = word(after + 2),
            let age = StoryCalendar.cardinal(number)
        {
            return (age, index, after + 2)
        }
        return nil
    }
}
