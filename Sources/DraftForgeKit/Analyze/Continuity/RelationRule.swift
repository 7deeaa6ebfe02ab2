// character_consistency.relation: a marriage the text states that the bible's `married_to`
// contradicts at that point of the story: a spouse where the bible has none yet (or no longer),
// or another spouse than the bible's. Read only for characters the bible gives a marriage to
// (either side of it), and only from certain constructions:
//     Anne’s husband, Harold / Harold, Anne’s husband / Anne’s husband (someone, unnamed)
//     the wife of Harold / Anne, the wife of Harold
// The spouse word must follow the name or "the" at once, so "Anne’s late husband" and "her
// future husband" are not read; nor is a sentence of wishes or conditions ("if", "would", "must").
import Foundation

struct RelationRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.relationContradiction]

    static let spouseWords: Set<String> = ["husband", "wife", "spouse"]
    /// Words that make a sentence a wish, a condition or a prediction.
    static let unreal: Set<String> = [
        "if", "would", "will", "shall", "should", "must", "may", "might", "could", "wish", "wished", "hope", "hoped",
        "imagine", "imagined", "fancied", "suppose", "supposed", "perhaps", "when", "whoever", "once", "never", "ever",
    ]

    private struct Statement {
        var person: StoryBible.Character
        var spouse: StoryBible.Character?
        var block: Int
        var tokens: ClosedRange<Int>
    }

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        guard let bible = context.bible else { return [] }
        // Everyone the bible marries, from either side: person → the entries that name a spouse.
        var married: [String: [(owner: StoryBible.Character, spouse: String)]] = [:]
        for character in bible.characters {
            for period in character.periods["married_to"] ?? [] {
                let spouse = context.character(named: period.value.value)?.name ?? period.value.value
                married[character.name, default: []].append((character, spouse))
                married[spouse, default: []].append((character, character.name))
            }
        }
        guard !married.isEmpty else { return [] }
        var findings: [Diagnostic] = []
        for (c, chapter) in context.chapters.enumerated() {
            for statement in statements(in: chapter, context: context) where married[statement.person.name] != nil {
                guard let finding = judge(statement, in: c, chapter: chapter, context: context, bible: bible) else { continue }
                findings.append(finding)
            }
        }
        return findings
    }

    /// Who is married to `person` in the chapter, by the bible: nil when it cannot say.
    private func spouses(
        of person: StoryBible.Character, inChapter c: Int, context: ContinuityContext
    ) -> [(name: String, location: SourceLocation)]? {
        var found: [(name: String, location: SourceLocation)] = []
        for character in context.bible?.characters ?? [] where character.periods["married_to"] != nil {
            let isPerson = character.name == person.name
            switch character.fact("married_to", at: context.moments[c], of: context.chapterNames) {
            case .unknown: return nil
            case .none: continue
            case .value(let value):
                let spouse = context.character(named: value.value)?.name ?? value.value
                if isPerson { found.append((spouse, value.location)) } else if spouse == person.name {
                    found.append((character.name, value.location))
                }
            }
        }
        return found
    }

    private func judge(
        _ statement: Statement, in c: Int, chapter: ProseChapter, context: ContinuityContext, bible: StoryBible
    ) -> Diagnostic? {
        guard let spouses = spouses(of: statement.person, inChapter: c, context: context) else { return nil }
        let person = statement.person.name
        let line = { (location: SourceLocation) in location.fileAndLine }
        if spouses.isEmpty {
            let periods = (bible.characters.first { $0.name == person }?.periods["married_to"] ?? [])
                + bible.characters.flatMap { other in
                    (other.periods["married_to"] ?? []).filter { context.character(named: $0.value.value)?.name == person }
                }
            let when = periods.first.map { period in
                [period.from.map { "from \($0)" }, period.until.map { "until \($0)" }].compactMap(\.self).joined(separator: " ")
            } ?? ""
            let place = periods.first.map { line($0.value.location) } ?? bible.file
            return chapter.finding(
                .error, .relationContradiction, block: statement.block, tokens: statement.tokens,
                "\(person) is married here, but the bible gives no marriage at this point (\(when.isEmpty ? place : "\(when), \(place)"))",
                suggestion: "check the chapter, or the dates of 'married_to' in the bible", confidence: 0.85)
        }
        guard let stated = statement.spouse, !spouses.contains(where: { $0.name == stated.name }) else { return nil }
        let actual = spouses[0]
        return chapter.finding(
            .error, .relationContradiction, block: statement.block, tokens: statement.tokens,
            "\(stated.name) is \(person)’s spouse here, but the bible gives \(actual.name) at this point (\(line(actual.location)))",
            suggestion: "write \(actual.name), or correct 'married_to' in the bible", confidence: 0.9)
    }

    /// The marriages one chapter states.
    private func statements(in chapter: ProseChapter, context: ContinuityContext) -> [Statement] {
        var statements: [Statement] = []
        for (b, block) in chapter.blocks.enumerated() {
            let tokens = block.tokens
            // Cheap test first, on the first letter and the length before any hashing: most
            // paragraphs name no spouse.
            func isSpouseWord(_ token: ProseToken) -> Bool {
                let first = block.text[token.start], length = token.end - token.start
                return token.isWord && (first == "h" || first == "w" || first == "s") && (4...7).contains(length)
                    && Self.spouseWords.contains(block.text(of: token))
            }
            guard tokens.contains(where: isSpouseWord) else { continue }
            let mentions = context.characterMentions(in: block)
            func mention(at index: Int) -> (character: StoryBible.Character, length: Int, possessive: Bool)? {
                mentions.first { $0.index == index }?.mention
            }
            func mention(endingAt index: Int) -> (start: Int, character: StoryBible.Character, possessive: Bool)? {
                mentions.first { $0.index + $0.mention.length - 1 == index }.map { ($0.index, $0.mention.character, $0.mention.possessive) }
            }
            for (t, token) in tokens.enumerated() where isSpouseWord(token) {
                let sentence = block.sentence(containing: t)
                let words = Set(tokens[sentence].lazy.filter(\.isWord).map { block.text(of: $0).lowercased() })
                guard words.isDisjoint(with: Self.unreal) else { continue }
                // Anne’s husband … / Harold, Anne’s husband
                if t >= 1, let owner = mention(endingAt: t - 1), owner.possessive {
                    var spouse: StoryBible.Character?
                    var last = t
                    var next = t + 1
                    if next < tokens.count, block.text(of: tokens[next]) == "," { next += 1 }
                    if next < tokens.count, let named = mention(at: next), !named.possessive {
                        spouse = named.character
                        last = next + named.length - 1
                    }
                    var first = owner.start
                    if spouse == nil, owner.start >= 2, block.text(of: tokens[owner.start - 1]) == ",",
                        let before = mention(endingAt: owner.start - 2), !before.possessive
                    {
                        spouse = before.character
                        first = before.start
                    }
                    statements.append(Statement(person: owner.character, spouse: spouse, block: b, tokens: first...last))
                    continue
                }
                // the wife of Harold / Anne, the wife of Harold
                if t >= 1, block.text(of: tokens[t - 1]).lowercased() == "the", t + 2 < tokens.count, block.text(of: tokens[t + 1]) == "of",
                    let owner = mention(at: t + 2), !owner.possessive
                {
                    var spouse: StoryBible.Character?
                    var first = t - 1
                    if t >= 3, block.text(of: tokens[t - 2]) == ",", let before = mention(endingAt: t - 3), !before.possessive {
                        spouse = before.character
                        first = before.start
                    }
                    statements.append(Statement(person: owner.character, spouse: spouse, block: b, tokens: first...(t + 2 + owner.length - 1)))
                }
            }
        }
        return statements
    }
}
