// world_rules.spelling: a variant spelling the bible replaces with its preferred form. A
// lower-case variant also matches when capitalized at the start of a sentence.
//     spelling: {grey: [gray], Mr: [Mr.]}
//     The sky was gray.   ← write "grey"
import Foundation

struct SpellingVariantRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.spellingVariant]

    /// A variant split into tokens, each with whether a space comes before it.
    private struct Pattern {
        var parts: [(text: String, spaced: Bool)]
        var preferred: String
        var variant: String
        var location: SourceLocation
    }

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        guard let bible = context.bible, !bible.spelling.isEmpty else { return [] }
        var patterns: [String: [Pattern]] = [:]
        for entry in bible.spelling {
            for variant in entry.variants {
                var forms = [(variant, entry.preferred)]
                if let first = variant.unicodeScalars.first, first.properties.isLowercase {
                    forms.append((variant.prefix(1).uppercased() + variant.dropFirst(),
                                  entry.preferred.prefix(1).uppercased() + entry.preferred.dropFirst()))
                }
                for (form, preferred) in forms {
                    let parts = TokenPattern.parts(of: form)
                    guard let first = parts.first else { continue }
                    patterns[first.text, default: []].append(
                        Pattern(parts: parts, preferred: preferred, variant: form, location: entry.location))
                }
            }
        }
        let firstScalars = Set(patterns.keys.compactMap(\.unicodeScalars.first))
        var findings: [Diagnostic] = []
        for chapter in context.chapters {
            for (b, block) in chapter.blocks.enumerated() {
                let tokens = block.tokens
                for t in tokens.indices {
                    guard firstScalars.contains(block.text[tokens[t].start]) else { continue }
                    guard let candidates = patterns[block.text(of: tokens[t])] ?? (tokens[t].isPossessive ? patterns[block.base(of: tokens[t])] : nil)
                    else { continue }
                    for pattern in candidates where matches(pattern, block: block, at: t) {
                        let end = t + pattern.parts.count - 1
                        findings.append(chapter.finding(
                            .warning, .spellingVariant, block: b, tokens: t...end,
                            "'\(pattern.variant)' is spelled '\(pattern.preferred)' in this book (\(pattern.location.fileAndLine))",
                            suggestion: "write '\(pattern.preferred)'", confidence: 1))
                        break
                    }
                }
            }
        }
        return findings
    }

    private func matches(_ pattern: Pattern, block: ProseBlock, at start: Int) -> Bool {
        guard start + pattern.parts.count <= block.tokens.count else { return false }
        for (offset, part) in pattern.parts.enumerated() {
            let token = block.tokens[start + offset]
            var text = block.text(of: token)
            if offset == pattern.parts.count - 1, token.isPossessive, part.text != text { text = block.base(of: token) }
            guard text == part.text else { return false }
            if offset > 0 {
                let spaced = token.start > block.tokens[start + offset - 1].end
                if spaced != part.spaced { return false }
            }
        }
        return true
    }
}
