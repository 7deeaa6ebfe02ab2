// world_rules.forbidden: text matching a bible rule's `forbid` pattern (a regular expression,
// matched against the prose; a line break inside a paragraph counts as a space).
//     rules: [{id: no-phones, forbid: '\bsmartphones?\b', message: The story is set in 1890.}]
import Foundation

struct ForbiddenPatternRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.forbiddenPattern]

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        guard let bible = context.bible, !bible.rules.isEmpty else { return [] }
        let compiled = bible.rules.compactMap { rule in
            (try? NSRegularExpression(pattern: rule.pattern)).map { (rule, $0) }
        }
        var findings: [Diagnostic] = []
        for chapter in context.chapters {
            // The chapter's own text, with line breaks as spaces so a phrase may wrap; a match
            // counts only where it starts in prose (not in code, a URL or a comment).
            let body = String(decoding: chapter.chapter.body.utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
            let utf16 = body.utf16
            let whole = NSRange(location: 0, length: utf16.count)
            for (rule, expression) in compiled {
                for match in expression.matches(in: body, range: whole) where match.range.length > 0 {
                    guard let range = Range(match.range, in: body) else { continue }
                    let start = body.unicodeScalars.distance(from: body.unicodeScalars.startIndex, to: range.lowerBound)
                    let length = body.unicodeScalars.distance(from: range.lowerBound, to: range.upperBound)
                    guard let (b, text) = chapter.textRange(ofBody: start..<(start + length)),
                        !ProseText.isBlank(chapter.blocks[b].text[text.lowerBound])
                    else { continue }
                    let quote = chapter.source(block: b, range: text)
                    let because = rule.message.map { ": \($0)" } ?? ""
                    findings.append(chapter.finding(
                        rule.severity, .forbiddenPattern, block: b, range: text,
                        "'\(quote)' is forbidden by the bible's rule '\(rule.id)'\(because)",
                        suggestion: "rewrite the passage without it (rule \(rule.id) in \(rule.location.fileAndLine))",
                        confidence: 1))
                }
            }
        }
        return findings
    }
}
