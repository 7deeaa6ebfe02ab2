// manuscript.placeholder: a TK, TODO or FIXME left in the prose (code is not prose). XXX is
// not one: it is also a Roman numeral ("Chapter XXX").
//     The keeper had kept the light for TK years.
//     TODO: check the tide tables
import Foundation

struct PlaceholderRule: ChapterRule {
    static let codes: [DiagnosticCode] = [.placeholder]
    /// Asked of every word: "The", "That" and "For" start as the markers do.
    static let markers = ProseWordSet(["TK", "TKTK", "TODO", "FIXME"])

    func check(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let markers = Self.markers
        for (b, block) in chapter.blocks.enumerated() {
            let text = block.text
            // Every marker starts with T or F: asked inline first, that skips the set's call on
            // most words (16M instructions of `check` on ~1M words).
            for (t, token) in block.tokens.enumerated()
            where token.isWord && (text[token.start] == "T" || text[token.start] == "F") && markers.contains(token.start..<token.end, in: text) {
                findings.append(chapter.finding(
                    .warning, .placeholder, block: b, tokens: t...t,
                    "the placeholder '\(block.text(of: token))' is still in the text",
                    suggestion: "write the missing text, or remove '\(block.text(of: token))'", confidence: 0.95))
            }
        }
        return findings
    }
}
