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
            // Speech, from the dialogue's speakers (attributed, or by the turns of an exchange).
            for speech in Dialogue.speeches(in: chapter, context: context) {
                guard let absence = absent[speech.speaker.name] else { continue }
                let block = chapter.blocks[speech.block]
                let sentence = block.sentence(containing: speech.tokens.lowerBound)
                let words = Set(block.tokens[sentence].lazy.filter(\.isWord).map { block.text(of: $0).lowercased() })
                guard words.isDisjoint(with: Self.rememberedSpeech) else { continue }
                let name = speech.speaker.name
                if speech.attributed {
                    findings.append(chapter.finding(
                        absence.dead ? .error : .warning, absence.dead ? .actsAfterDeath : .actsWhileMissing, block: speech.block,
                        tokens: speech.tokens, "\(name) speaks here, \(absence.description)",
                        suggestion: absence.dead ? "give the words to another character, or mark the chapter 'flashback: true'"
                            : "give the words to another character, or end the absence in the bible's 'status'",
                        confidence: 0.9))
                } else {
                    findings.append(chapter.finding(
                        .info, absence.dead ? .actsAfterDeath : .actsWhileMissing, block: speech.block, tokens: speech.tokens,
                        "\(name) may speak here (the turn of a two-person exchange), \(absence.description)",
                        suggestion: "name the speaker, or check who speaks", confidence: 0.5))
                }
            }
            for (b, block) in chapter.blocks.enumerated() {
                let tokens = block.tokens
                for (t, mention) in context.characterMentions(in: block) {
                    guard names.contains(mention.character.name), let absence = absent[mention.character.name],
                        !mention.possessive
                    else { continue }
                    // Inside someone's quoted speech ("“ ‘Is she dead?’ asked the Marquis …" in a
                    // letter read aloud) the character is recounted, not present.
                    if Dialogue.insideQuotation(block, before: tokens[t].start) { continue }
                    let end = t + mention.length
                    if Dialogue.attribution(block, mention: t, end: end) != nil { continue }  // speech, above
                    let sentence = block.sentence(containing: t)
                    let words = Set(tokens[sentence].lazy.filter(\.isWord).map { block.text(of: $0).lowercased() })
                    if words.isDisjoint(with: Self.memoryWords), let range = action(block, mention: t, end: end, sentence: sentence) {
                        findings.append(chapter.finding(
                            absence.dead ? .warning : .info, absence.dead ? .actsAfterDeath : .actsWhileMissing, block: b, tokens: range,
                            "\(mention.character.name) acts here, \(absence.description)",
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

    private func absence(of character: StoryBible.Character, inChapter c: Int, context: ContinuityContext) -> Absence? {
        context.absence(of: character, inChapter: c).map { Absence(dead: $0.status == "dead", since: $0.since, stated: $0.stated) }
    }

    /// The mention as the subject of a sentence, followed by a verb in the past tense.
    private func action(_ block: ProseBlock, mention: Int, end: Int, sentence: Range<Int>) -> ClosedRange<Int>? {
        let tokens = block.tokens
        guard tokens[mention].isSentenceInitial else { return nil }
        var i = end
        if i < tokens.count, tokens[i].isWord, block.text(of: tokens[i]).hasSuffix("ly") { i += 1 }
        guard i < tokens.count, tokens[i].isWord else { return nil }
        let verb = block.text(of: tokens[i])
        guard Self.isPastAction(verb) || Dialogue.speechVerbs.contains(verb) else { return nil }
        return mention...i
    }

    /// A verb of action in the past tense: an irregular one, or a lower-case word in -ed.
    static func isPastAction(_ verb: String) -> Bool {
        pastVerbs.contains(verb) || (verb.hasSuffix("ed") && verb.count > 3 && verb.lowercased() == verb)
    }
}
