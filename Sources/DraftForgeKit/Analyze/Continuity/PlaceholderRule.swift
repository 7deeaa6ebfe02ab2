// manuscript.placeholder: a TK, TODO or FIXME left in the prose (code is not prose). XXX is
// not one: it is also a Roman numeral ("Chapter XXX").
//     The keeper had kept the light for TK years.
//     TODO: check the tide tables
import Foundation

struct PlaceholderRule: ChapterRule {
    static let codes: [DiagnosticCode] = [.placeholder]
    static let markers: Set<String> = ["TK", "TKTK", "TODO", "FIXME"]

    func check(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for (b, block) in chapter.blocks.enumerated() {
            for (t, token) in block.tokens.enumerated() where token.isWord && token.end - token.start <= 5
                && (block.text[token.start] == "T" || block.text[token.start] == "F")
                && Self.markers.contains(block.text(of: token))
            {
                findings.append(chapter.finding(
                    .warning, .placeholder, block: b, tokens: t...t,
                    "the placeholder '\(block.text(of: token))' is still in the text",
                    suggestion: "write the missing text, or remove '\(block.text(of: token))'", confidence: 0.95))
            }
        }
        return findings
    }
}
