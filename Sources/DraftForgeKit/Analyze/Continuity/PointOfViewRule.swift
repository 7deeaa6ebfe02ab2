// character_consistency.pov: a chapter's `pov:` (front matter) against the text and the bible.
//     pov: Sarh                         the bible knows no such character (warning)
//     pov: Thomas, after he dies        the dead (error) or the missing (warning) narrate
//     pov: Sarah, first person          narration names her in the third person: "Sarah turned",
//                                       "“Go,” said Sarah" — the narrator is "I" (warning)
//     pov: Sarah, third person          Sarah is never named in the chapter (warning)
// A chapter is in the first person when "I", "me" and "my" outside quotation marks are at least
// one word in a hundred of its narration. What a POV character knows without having witnessed it
// is out of reach of a deterministic check, and is not read.
import Foundation

struct PointOfViewRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.pointOfView]
    static let firstPerson = ProseWordSet(["I", "me", "my", "Me", "My", "myself"])

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        guard let bible = context.bible else { return [] }
        var findings: [Diagnostic] = []
        for (c, chapter) in context.chapters.enumerated() {
            guard let pov = chapter.chapter.frontMatter.pov else { continue }
            let location = chapter.chapter.frontMatter.povLocation ?? chapter.location(line: -1, column: 1)
            guard let character = context.character(named: pov) else {
                let nearest = bible.characters.flatMap(\.allNames).min { EditDistance.between($0, pov) < EditDistance.between($1, pov) }
                findings.append(Diagnostic(
                    .warning, .pointOfView, at: location, "the point-of-view character '\(pov)' is not in \(bible.file)",
                    suggestion: nearest.map { "did you mean '\($0)'? Or add '\(pov)' to the bible" } ?? "add '\(pov)' to the bible",
                    quote: pov, confidence: 0.9))
                continue
            }
            if let absence = context.absence(of: character, inChapter: c) {
                findings.append(Diagnostic(
                    absence.status == "dead" ? .error : .warning, .pointOfView, at: location,
                    "\(character.name) narrates this chapter, but the bible says they are \(absence.status) here (\(absence.stated.fileAndLine))",
                    suggestion: "mark the chapter 'flashback: true' with its story date, or change the point of view",
                    quote: pov, confidence: 0.85))
                continue
            }
            let narration = narrationWords(chapter)
            let isFirstPerson = narration.firstPerson >= 3 && narration.firstPerson * 100 >= narration.total
            var named = false
            for (b, block) in chapter.blocks.enumerated() {
                for (t, mention) in context.characterMentions(in: block) where mention.character.name == character.name {
                    named = true
                    guard isFirstPerson, !Dialogue.insideQuotation(block, before: block.tokens[t].start), !mention.possessive else { continue }
                    let end = t + mention.length
                    let range = Dialogue.attribution(block, mention: t, end: end) ?? subjectOfAction(block, mention: t, end: end)
                    guard let range else { continue }
                    findings.append(chapter.finding(
                        .warning, .pointOfView, block: b, tokens: range,
                        "the chapter is told by \(character.name) in the first person, but the narration names them here",
                        suggestion: "write it in the first person (“I”), or check the chapter's 'pov'", confidence: 0.7))
                }
            }
            if !named, !isFirstPerson, narration.total >= 100 {
                findings.append(Diagnostic(
                    .warning, .pointOfView, at: location,
                    "the chapter is told from \(character.name)’s point of view, but never names them",
                    suggestion: "check the chapter's 'pov', or the aliases in the bible", quote: pov, confidence: 0.7))
            }
        }
        return findings
    }

    /// Words of narration (outside quotation marks), and how many are "I", "me", "my".
    private func narrationWords(_ chapter: ProseChapter) -> (total: Int, firstPerson: Int) {
        var total = 0, first = 0
        for block in chapter.blocks where block.kind != .heading {
            var depth = 0
            var next = 0
            for token in block.tokens {
                while next < token.start {
                    let scalar = block.text[next]
                    if scalar == "“" { depth += 1 } else if scalar == "”" { depth = max(0, depth - 1) }
                    next += 1
                }
                guard depth == 0, token.isWord else { continue }
                total += 1
                if Self.firstPerson.contains(token, in: block) { first += 1 }
            }
        }
        return (total, first)
    }

    /// The mention beginning a sentence and followed by a verb in the past tense.
    private func subjectOfAction(_ block: ProseBlock, mention: Int, end: Int) -> ClosedRange<Int>? {
        let tokens = block.tokens
        guard tokens[mention].isSentenceInitial, end < tokens.count, tokens[end].isWord else { return nil }
        guard DeadCharacterRule.isPastAction(block.text(of: tokens[end])) else { return nil }
        return mention...end
    }
}
