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
            // One string per chapter: blocks joined by blank lines, with their UTF-16 starts.
            var text = String.UnicodeScalarView()
            var starts: [Int] = []
            var utf16Count = 0
            for block in chapter.blocks {
                starts.append(utf16Count)
                for scalar in block.text {
                    let mapped: Unicode.Scalar = scalar == "\n" ? " " : scalar
                    text.append(mapped)
                    utf16Count += mapped.utf16.count
                }
                text.append("\n")
                text.append("\n")
                utf16Count += 2
            }
            let string = String(text)
            let whole = NSRange(location: 0, length: utf16Count)
            for (rule, expression) in compiled {
                for match in expression.matches(in: string, range: whole) where match.range.length > 0 {
                    let location = match.range.location
                    var b = 0
                    while b + 1 < starts.count, starts[b + 1] <= location { b += 1 }
                    let block = chapter.blocks[b]
                    let start = scalarOffset(block.text, utf16: location - starts[b])
                    let end = scalarOffset(block.text, utf16: location + match.range.length - starts[b])
                    guard start < end, end <= block.text.count else { continue }
                    let quote = block.source(start..<end)
                    let because = rule.message.map { ": \($0)" } ?? ""
                    findings.append(chapter.finding(
                        rule.severity, .forbiddenPattern, block: b, range: start..<end,
                        "'\(quote)' is forbidden by the bible's rule '\(rule.id)'\(because)",
                        suggestion: "rewrite the passage without it (rule \(rule.id) in \(bible.file):\(rule.location.line ?? 0))",
                        confidence: 1))
                }
            }
        }
        return findings
    }

    private func scalarOffset(_ scalars: [Unicode.Scalar], utf16 target: Int) -> Int {
        var units = 0
        var index = 0
        while index < scalars.count, units < target {
            units += scalars[index].utf16.count
            index += 1
        }
        return index
    }
}
