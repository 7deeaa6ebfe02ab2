// Who speaks: each paragraph's quotation given to a character, from its attribution before,
// after or between the quoted parts (“…,” said Thomas / “…,” Thomas replied / Thomas said, “…” /
// “…,” said Thomas, “…”), or, for a line with no attribution in a run of quoted paragraphs
// between two people, from the turn of the exchange (the speaker before the last). Being named
// inside someone's quotation is not speaking.
import Foundation

/// One speaker of a chapter's dialogue.
struct Speech {
    var block: Int
    var speaker: StoryBible.Character
    /// The attribution's tokens, or the paragraph's first sentence for a turn.
    var tokens: ClosedRange<Int>
    /// False when the speaker is inferred from the turns of a two-person exchange.
    var attributed: Bool
}

enum Dialogue {
    static let speechVerbs: Set<String> = [
        "said", "says", "asked", "asks", "replied", "replies", "cried", "answered", "whispered", "shouted",
        "called", "added", "continued", "exclaimed", "murmured", "returned", "observed", "remarked", "muttered",
        "laughed", "sighed", "snapped", "growled", "repeated", "insisted", "demanded", "declared", "began",
        "rejoined", "retorted", "pursued", "resumed", "urged", "pleaded", "protested", "suggested", "told",
    ]

    /// Every speech of the chapter, in reading order.
    static func speeches(in chapter: ProseChapter, context: ContinuityContext) -> [Speech] {
        var speeches: [Speech] = []
        // The speakers of the current run of quoted paragraphs, latest last.
        var turns: [StoryBible.Character] = []
        for (b, block) in chapter.blocks.enumerated() {
            let quoted = opensWithQuote(block)
            var found: [Speech] = []
            for (t, mention) in context.characterMentions(in: block) where !mention.possessive {
                if insideQuotation(block, before: block.tokens[t].start) { continue }
                if let range = attribution(block, mention: t, end: t + mention.length) {
                    found.append(Speech(block: b, speaker: mention.character, tokens: range, attributed: true))
                }
            }
            speeches += found
            guard quoted else {
                turns = []
                continue
            }
            if let speaker = found.first?.speaker {
                turns.append(speaker)
            } else if !hasAttribution(block) && !namesAnyoneOutsideQuotes(block),
                turns.count >= 2, turns[turns.count - 1].name != turns[turns.count - 2].name,
                Set(turns.suffix(4).map(\.name)).count == 2
            {
                // A line of a two-person exchange: the one who spoke before the last.
                let speaker = turns[turns.count - 2]
                let first = block.sentence(containing: 0)
                speeches.append(Speech(block: b, speaker: speaker, tokens: 0...max(0, first.upperBound - 1), attributed: false))
                turns.append(speaker)
            } else {
                turns = []  // someone unnamed speaks ("said he"), or the narration names others
            }
        }
        return speeches
    }

    /// A dialogue attribution naming the mention (tokens `mention..<end`) as the speaker.
    static func attribution(_ block: ProseBlock, mention: Int, end: Int) -> ClosedRange<Int>? {
        let tokens = block.tokens
        func word(_ i: Int) -> String? { i >= 0 && i < tokens.count && tokens[i].isWord ? block.text(of: tokens[i]) : nil }
        // ” said Thomas
        if let verb = word(mention - 1), speechVerbs.contains(verb), isClosingQuote(block, mention - 2) {
            return (mention - 1)...(end - 1)
        }
        // ” Thomas said
        if isClosingQuote(block, mention - 1), let verb = word(end), speechVerbs.contains(verb) {
            return mention...end
        }
        // Thomas said, “
        if let verb = word(end), speechVerbs.contains(verb) {
            var i = end + 1
            if i < tokens.count, !tokens[i].isWord, [",", ":"].contains(block.text(of: tokens[i])) { i += 1 }
            if isOpeningQuote(block, i) { return mention...end }
        }
        return nil
    }

    static func insideQuotation(_ block: ProseBlock, before offset: Int) -> Bool {
        var depth = 0
        for scalar in block.text[..<offset] {
            if scalar == "“" { depth += 1 } else if scalar == "”" { depth = max(0, depth - 1) }
        }
        return depth > 0
    }

    static func isClosingQuote(_ block: ProseBlock, _ i: Int) -> Bool {
        guard i >= 0, i < block.tokens.count, !block.tokens[i].isWord else { return false }
        let c = block.text[block.tokens[i].start]
        if c == "”" { return true }
        if c == "\"" || c == "’" || c == "'" {
            return !ProseText.isOpeningQuote(block.text, at: block.tokens[i].start)
        }
        return false
    }

    static func isOpeningQuote(_ block: ProseBlock, _ i: Int) -> Bool {
        guard i >= 0, i < block.tokens.count, !block.tokens[i].isWord else { return false }
        return ProseText.isOpeningQuote(block.text, at: block.tokens[i].start)
    }

    private static func opensWithQuote(_ block: ProseBlock) -> Bool {
        block.kind != .heading && block.tokens.first.map { !$0.isWord && isOpeningQuote(block, 0) } == true
    }

    /// A speech verb outside the quotation ("said he", "she replied"): someone speaks whom the
    /// check may not know.
    private static func hasAttribution(_ block: ProseBlock) -> Bool {
        block.tokens.indices.contains { i in
            block.tokens[i].isWord && speechVerbs.contains(block.text(of: block.tokens[i])) && !insideQuotation(block, before: block.tokens[i].start)
        }
    }

    /// Narration outside the quotation with a capitalised word in mid-sentence: a character, or
    /// someone the check does not know.
    private static func namesAnyoneOutsideQuotes(_ block: ProseBlock) -> Bool {
        block.tokens.indices.contains { i in
            let token = block.tokens[i]
            return token.isWord && token.isCapitalized && !token.isSentenceInitial && !insideQuotation(block, before: token.start)
        }
    }
}
