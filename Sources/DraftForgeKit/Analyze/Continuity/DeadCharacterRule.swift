// dead_character.acts: after the chapter in which the bible says a character dies (`dies:`, or
// `status: dead` from a chapter or date), outside a flashback (or in one whose story date is
// after the death), the character speaks (an attribution: “…,” said Thomas / “…,” Thomas replied /
// Thomas said, “…”) or acts (the subject of a sentence, followed by a verb in the past tense).
// Being remembered, mourned or mentioned is not acting: sentences with words of memory, and
// "Thomas had …" (a past before the story's now), are left alone, and so is anything inside
// another speaker's quotation (a story told or a letter read aloud).
// dead_character.missing: the same, while the bible's `status:` says the character is missing.
import Foundation

struct DeadCharacterRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.actsAfterDeath, .actsWhileMissing]

    static let speechVerbs: Set<String> = [
        "said", "says", "asked", "asks", "replied", "replies", "cried", "answered", "whispered", "shouted",
        "called", "added", "continued", "exclaimed", "murmured", "returned", "observed", "remarked", "muttered",
        "laughed", "sighed", "snapped", "growled", "repeated", "insisted", "demanded", "declared", "began",
        "rejoined", "retorted", "pursued", "resumed", "urged", "pleaded", "protested", "suggested", "told",
    ]
    /// Irregular past tenses of actions (regular ones end in -ed).
    static let pastVerbs: Set<String> = [
        "went", "came", "took", "stood", "sat", "ran", "spoke", "rose", "gave", "put", "held", "saw", "lit",
        "shook", "wrote", "told", "began", "set", "left", "got", "made", "brought", "threw", "drew", "knelt",
        "climbed", "bent", "caught", "kept", "led", "struck", "swung", "taught", "thought", "walked", "smiled",
        "nodded", "laughed", "turned", "looked", "opened", "closed", "lifted", "waved", "wept", "said", "says",
        "goes", "comes", "takes", "stands", "sits", "runs", "speaks", "laughs", "smiles", "nods", "walks",
    ]
    /// Words that make a line of dialogue remembered rather than spoken now.
    static let rememberedSpeech: Set<String> = [
        "remember", "remembered", "remembers", "remembering", "recall", "recalled", "recalls", "memory",
        "dream", "dreamed", "dreamt", "ghost", "imagined", "imagine", "fancied", "once", "used", "would", "if",
    ]
    /// Words that make a sentence a memory of the character rather than an act.
    static let memoryWords: Set<String> = [
        "remember", "remembered", "remembers", "remembering", "recall", "recalled", "recalls", "memory", "memories",
        "dream", "dreamed", "dreamt", "dreams", "grave", "graves", "buried", "bury", "burial", "funeral", "mourn",
        "mourned", "mourning", "missed", "late", "ghost", "spirit", "portrait", "died", "dead", "death", "used",
        "would", "once", "ago", "always", "never", "thought", "imagined", "imagine", "fancied", "wished", "if",
        "before", "years", "letter", "wrote", "written", "log", "stone", "churchyard", "had", "taught", "told",
        "whom",
    ]

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        guard let bible = context.bible else { return [] }
        let watched = bible.characters.filter { $0.periods["status"] != nil || $0.dies != nil }
        guard !watched.isEmpty else { return [] }
        let names = Set(watched.map(\.name))
        var findings: [Diagnostic] = []
        for (c, chapter) in context.chapters.enumerated() {
            // Who is dead or missing as the chapter opens; a character who dies in it may act in it.
            var absent: [String: Absence] = [:]
            for character in watched {
                if let absence = self.absence(of: character, inChapter: c, context: context) { absent[character.name] = absence }
            }
            guard !absent.isEmpty else { continue }
            for (b, block) in chapter.blocks.enumerated() {
                let tokens = block.tokens
                for (t, mention) in context.characterMentions(in: block) {
                    guard names.contains(mention.character.name), let absence = absent[mention.character.name],
                        !mention.possessive
                    else { continue }
                    // Inside someone's quoted speech ("“ ‘Is she dead?’ asked the Marquis …" in a
                    // letter read aloud) the character is recounted, not present.
                    if insideQuotation(block, before: tokens[t].start) { continue }
                    let sentence = block.sentence(containing: t)
                    let words = Set(tokens[sentence].lazy.filter(\.isWord).map { $0.text.lowercased() })
                    let end = t + mention.length
                    let name = mention.character.name
                    if words.isDisjoint(with: Self.rememberedSpeech), let range = speech(block, mention: t, end: end) {
                        findings.append(chapter.finding(
                            absence.dead ? .error : .warning, absence.dead ? .actsAfterDeath : .actsWhileMissing, block: b, tokens: range,
                            "\(name) speaks here, \(absence.description)",
                            suggestion: absence.dead ? "give the words to another character, or mark the chapter 'flashback: true'"
                                : "give the words to another character, or end the absence in the bible's 'status'",
                            confidence: 0.9))
                    } else if words.isDisjoint(with: Self.memoryWords),
                        let range = action(block, mention: t, end: end, sentence: sentence)
                    {
                        findings.append(chapter.finding(
                            absence.dead ? .warning : .info, absence.dead ? .actsAfterDeath : .actsWhileMissing, block: b, tokens: range,
                            "\(name) acts here, \(absence.description)",
                            suggestion: "check who acts here, or mark the chapter 'flashback: true'",
                            confidence: 0.7))
                    }
                }
            }
        }
        return findings
    }

    /// Why a character cannot be present: dead since a chapter, or missing.
    private struct Absence {
        var dead: Bool
        var since: String
        var stated: SourceLocation

        var description: String {
            dead ? "after dying in \(since) (\(stated.fileAndLine))" : "while missing from \(since) (\(stated.fileAndLine))"
        }
    }

    /// The character's status all through the chapter: `status:` in force at the end of the
    /// chapter before and in the chapter itself (a change happens during the chapter it names),
    /// or dead after `dies:`. A flashback
    /// is read at its story date; one without a date is not read.
    private func absence(of character: StoryBible.Character, inChapter c: Int, context: ContinuityContext) -> Absence? {
        let moment = context.moments[c]
        guard let position = moment.position else { return nil }
        if let periods = character.periods["status"] {
            var opening = moment
            opening.position = position - 1
            // Absent all through the chapter: as it opens, and as it ends (a return "until" it).
            guard let status = character.attribute("status", at: opening, of: context.chapterNames),
                status.value != "alive",
                let closing = character.attribute("status", at: moment, of: context.chapterNames), closing.value != "alive"
            else { return nil }
            let period = periods.last { $0.value.value == status.value && $0.value.location == status.location }
            return Absence(dead: status.value == "dead", since: period?.from?.description ?? "the start", stated: status.location)
        }
        guard let dies = character.dies, let death = context.chapters.firstIndex(where: { $0.name == dies.value }),
            position > death
        else { return nil }
        return Absence(dead: true, since: dies.value, stated: dies.location)
    }

    private func insideQuotation(_ block: ProseBlock, before offset: Int) -> Bool {
        var depth = 0
        for scalar in block.text[..<offset] {
            if scalar == "“" { depth += 1 } else if scalar == "”" { depth = max(0, depth - 1) }
        }
        return depth > 0
    }

    private func isClosingQuote(_ block: ProseBlock, _ i: Int) -> Bool {
        guard i >= 0, i < block.tokens.count, !block.tokens[i].isWord else { return false }
        let c = block.text[block.tokens[i].start]
        if c == "”" { return true }
        if c == "\"" || c == "’" || c == "'" {
            return !ProseText.isOpeningQuote(block.text, at: block.tokens[i].start)
        }
        return false
    }

    private func isOpeningQuote(_ block: ProseBlock, _ i: Int) -> Bool {
        guard i >= 0, i < block.tokens.count, !block.tokens[i].isWord else { return false }
        return ProseText.isOpeningQuote(block.text, at: block.tokens[i].start)
    }

    /// A dialogue attribution naming the mention as the speaker.
    private func speech(_ block: ProseBlock, mention: Int, end: Int) -> ClosedRange<Int>? {
        let tokens = block.tokens
        func word(_ i: Int) -> String? { i >= 0 && i < tokens.count && tokens[i].isWord ? tokens[i].text : nil }
        // ” said Thomas
        if let verb = word(mention - 1), Self.speechVerbs.contains(verb), isClosingQuote(block, mention - 2) {
            return (mention - 1)...(end - 1)
        }
        // ” Thomas said
        if isClosingQuote(block, mention - 1), let verb = word(end), Self.speechVerbs.contains(verb) {
            return mention...end
        }
        // Thomas said, “
        if let verb = word(end), Self.speechVerbs.contains(verb) {
            var i = end + 1
            if i < tokens.count, !tokens[i].isWord, [",", ":"].contains(tokens[i].text) { i += 1 }
            if isOpeningQuote(block, i) { return mention...end }
        }
        return nil
    }

    /// The mention as the subject of a sentence, followed by a verb in the past tense.
    private func action(_ block: ProseBlock, mention: Int, end: Int, sentence: Range<Int>) -> ClosedRange<Int>? {
        let tokens = block.tokens
        guard tokens[mention].isSentenceInitial, mention > sentence.lowerBound || mention == sentence.lowerBound
        else { return nil }
        var i = end
        if i < tokens.count, tokens[i].isWord, tokens[i].text.hasSuffix("ly") { i += 1 }
        guard i < tokens.count, tokens[i].isWord else { return nil }
        let verb = tokens[i].text
        guard Self.pastVerbs.contains(verb) || Self.speechVerbs.contains(verb)
            || (verb.hasSuffix("ed") && verb.count > 3 && verb.lowercased() == verb)
        else { return nil }
        return mention...i
    }
}
