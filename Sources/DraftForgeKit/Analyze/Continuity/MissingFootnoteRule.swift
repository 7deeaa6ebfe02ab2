// manuscript.missing-footnote: a footnote reference with no definition in its chapter (cmark
// prints such a reference as plain text).
//     The light was red.[^2]      ← and no "[^2]: …" below
import Foundation

struct MissingFootnoteRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.missingFootnote]

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for chapter in context.chapters {
            for reference in chapter.prose.unresolvedFootnotes {
                findings.append(chapter.finding(
                    .warning, .missingFootnote, block: reference.block,
                    range: reference.offset..<(reference.offset + reference.label.unicodeScalars.count + 3),
                    "the footnote [^\(reference.label)] has no definition",
                    suggestion: "add a line '[^\(reference.label)]: …' to the chapter, or remove the reference",
                    confidence: 1))
            }
        }
        return findings
    }
}
