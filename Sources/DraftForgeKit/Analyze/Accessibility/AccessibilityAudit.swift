// The accessibility checks of one chapter, read off its parsed document as the author wrote it:
// images without a text alternative, headings that skip a level, tables without header cells,
// links whose text says nothing, and page numbers referred to in a book without fixed pages.
// Each problem is a finding (`accessibility.*`), and any open one withholds the EPUB's claim
// of WCAG 2.2 AA conformance (`AccessibilityClaim`). The colours are checked apart, in the
// stylesheets (`ContrastCheck`).
import Foundation

/// A problem in a chapter body, at a 1-based line and column of the body.
struct AccessibilityProblem: Sendable, Equatable {
    var code: DiagnosticCode
    var line: Int
    var column: Int
    var message: String
    var suggestion: String
    var quote: String?
}

enum AccessibilityAudit {
    /// Link texts that say nothing of where the link leads, lower-cased, in the languages
    /// DraftForge has interface strings for.
    static let vagueLinkTexts: Set<String> = [
        "here", "click here", "click", "this", "this link", "link", "more", "read more", "learn more", "see here",
        "there", "go", "ici", "cliquez ici", "ce lien", "lien", "hier", "klicken sie hier", "dieser link", "mehr",
        "aquí", "haga clic aquí", "este enlace", "enlace", "qui", "clicca qui", "questo link", "aqui", "clique aqui",
    ]

    static func problems(in document: MarkdownDocument) -> [AccessibilityProblem] {
        var problems: [AccessibilityProblem] = []
        var lastHeading: (level: Int, line: Int)?
        func place(_ node: MarkdownNode, _ parent: SourcePoint?) -> SourcePoint {
            node.start ?? parent ?? SourcePoint(line: 1, column: 1)
        }
        func visit(_ node: MarkdownNode, parent: SourcePoint?) {
            let at = place(node, parent)
            switch node.kind {
            case .heading(let level):
                if let last = lastHeading, level > last.level + 1 {
                    problems.append(AccessibilityProblem(
                        code: .headingSkip, line: at.line, column: at.column,
                        message: "this heading is level \(level) after a level \(last.level) heading (line \(last.line)): level \(last.level + 1) is skipped",
                        suggestion: "make it level \(last.level + 1) (\(String(repeating: "#", count: last.level + 1))), or add the level between",
                        quote: inlineText(node.children)))
                }
                lastHeading = (level, at.line)
            case .image(let source, let title):
                let alt = inlineText(node.children).trimmingCharacters(in: .whitespacesAndNewlines)
                let decorative = title.lowercased() == "decorative" || node.attributes?.classes.contains("decorative") == true
                if alt.isEmpty, !decorative {
                    problems.append(AccessibilityProblem(
                        code: .imageWithoutAlt, line: at.line, column: at.column,
                        message: "the image \(source) has no text alternative: a reader who cannot see it learns nothing of it",
                        suggestion: "describe it between the brackets, ![what it shows](\(source)); for an ornament, mark it ![](\(source) \"decorative\")",
                        quote: nil))
                }
            case .link(let destination, _):
                let text = inlineText(node.children).trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                if vagueLinkTexts.contains(text.lowercased()), !containsImage(node) {
                    problems.append(AccessibilityProblem(
                        code: .vagueLinkText, line: at.line, column: at.column,
                        message: "the link text “\(text)” does not say where it leads (\(destination))",
                        suggestion: "put the link on words that say where it leads, not on “\(text)”",
                        quote: text))
                }
            case .table:
                let header = node.children.first { if case .tableRow(isHeader: true) = $0.kind { true } else { false } }
                let named = header?.children.contains { !inlineText($0.children).trimmingCharacters(in: .whitespaces).isEmpty } ?? false
                if !named {
                    problems.append(AccessibilityProblem(
                        code: .tableWithoutHeader, line: at.line, column: at.column,
                        message: "this table's header row is empty: nothing tells a listener what its columns hold",
                        suggestion: "name each column in the table's first row", quote: nil))
                }
            case .text(let text):
                for match in pageReferences(in: text) {
                    problems.append(AccessibilityProblem(
                        code: .pageReference, line: at.line, column: at.column,
                        message: "“\(match)” refers to a page, and an ebook's pages change with the reader's screen and type size",
                        suggestion: "refer to the chapter or section instead, with a link to it", quote: match))
                }
            default:
                break
            }
            for child in node.children { visit(child, parent: at) }
        }
        visit(document.root, parent: nil)
        return problems
    }

    /// "see page 12", "cf. p. 4", "(page 7)", "see pages 3–5": a reference to a printed page
    /// ("on page 12 of the letter" is a story's own and is left alone).
    static func pageReferences(in text: String) -> [String] {
        guard text.range(of: "p", options: .caseInsensitive) != nil else { return [] }
        let pattern = #"(?i)\b(?:see|cf\.?)\s+(?:pages?|pp?\.)\s*\d+(?:\s*[-–]\s*\d+)?|\((?:pages?|pp?\.)\s*\d+(?:\s*[-–]\s*\d+)?\)"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    /// The text a reader gets from inline nodes: words, code, and images' alternatives.
    static func inlineText(_ nodes: [MarkdownNode]) -> String {
        nodes.map { node in
            switch node.kind {
            case .text(let text), .code(let text): text
            case .softBreak, .lineBreak: " "
            default: inlineText(node.children)
            }
        }.joined()
    }

    private static func containsImage(_ node: MarkdownNode) -> Bool {
        node.children.contains { if case .image = $0.kind { true } else { containsImage($0) } }
    }
}
