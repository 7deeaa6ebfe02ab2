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

    /// The problems of a chapter written in `language` (its own, else the book's).
    static func problems(in document: MarkdownDocument, language: String) -> [AccessibilityProblem] {
        var problems: [AccessibilityProblem] = []
        var lastHeading: (level: Int, line: Int)?
        var rawHTML = RawHTMLScan(language: language)
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
                let alt = inlineText(node.children).trimmed
                let decorative = title.lowercased() == "decorative" || node.attributes?.classes.contains("decorative") == true
                if alt.isEmpty, !decorative {
                    problems.append(AccessibilityProblem(
                        code: .imageWithoutAlt, line: at.line, column: at.column,
                        message: "the image \(source) has no text alternative: a reader who cannot see it learns nothing of it",
                        suggestion: "describe it between the brackets, ![what it shows](\(source)); for an ornament, mark it ![](\(source) \"decorative\")",
                        quote: nil))
                }
            case .link(let destination, _):
                let text = inlineText(node.children).trimming { linkTextEdges.contains($0) }
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
                if !rawHTML.inOtherLanguage, let problem = languageChange(in: text, language: language, at: at) {
                    problems.append(problem)
                }
            case .htmlBlock(let html), .htmlInline(let html):
                problems += rawHTML.scan(html, at: at)
            default:
                break
            }
            for child in node.children { visit(child, parent: at) }
        }
        visit(document.root, parent: nil)
        return problems
    }

    /// Text in a script `language` is not written in, with no `lang` saying what it is.
    static func languageChange(in text: String, language: String, at: SourcePoint) -> AccessibilityProblem? {
        guard let (run, script) = ForeignScript.firstRun(in: text, language: language) else { return nil }
        return AccessibilityProblem(
            code: .languageChange, line: at.line, column: at.column,
            message: "“\(run)” is in \(script.name) script, which a reader's voice for '\(language)' cannot read: nothing says its language",
            suggestion: "say its language: <span lang=\"…\">\(run)</span>, or 'language:' in the front matter of a chapter written in it",
            quote: run)
    }

    /// What a link's text is read without, to compare it with the vague ones: made once, not
    /// for each link.
    private static let linkTextEdges = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)

    /// "see page 12", "cf. p. 4", "(page 7)", "see pages 3–5": a reference to a printed page
    /// ("on page 12 of the letter" is a story's own and is left alone).
    static func pageReferences(in text: String) -> [String] {
        // Every reference has a number after "page", "pages", "p." or "pp.": most text has
        // none, and needs no expression at all.
        guard mayReferToPage(text) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return pageReference.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    /// Whether a number follows "page", "pages" or "p." (any case, spaces between) somewhere:
    /// where the expression can match. Generous (a non-ASCII byte may be a digit or a space, as
    /// `\d` and `\s` read Unicode): it only spares the expression text that cannot match it.
    static func mayReferToPage(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            func isDigit(_ byte: UInt8) -> Bool { CodeByte.isDigit(byte) || byte >= 0x80 }
            /// Whether the bytes up to `end` (included) spell `word`, letters in any case.
            func spell(_ word: StaticString, endingAt end: Int) -> Bool {
                let count = word.utf8CodeUnitCount
                guard end + 1 >= count else { return false }
                return word.withUTF8Buffer { letters in
                    for offset in 0..<count {
                        let byte = bytes[end + 1 - count + offset], letter = letters[offset]
                        guard byte == letter || (letter >= 0x61 && byte | 0x20 == letter) else { return false }
                    }
                    return true
                }
            }
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time past ASCII without a digit: most of a book.
                if index + 8 <= bytes.count {
                    let word = UTF8Bytes.word(bytes, at: index)
                    if UTF8Bytes.isASCII(word), !UTF8Bytes.asciiWordHoldsDigit(word) {
                        index += 8
                        continue
                    }
                }
                guard isDigit(bytes[index]) else {
                    index += 1
                    continue
                }
                var before = index - 1
                while before >= 0, CodeByte.isSpace(bytes[before]) || bytes[before] >= 0x80 {
                    before -= 1
                }
                if spell("page", endingAt: before) || spell("pages", endingAt: before) || spell("p.", endingAt: before) {
                    return true
                }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            return false
        }
    }

    /// Compiled once: compiling it for each paragraph was a fifth of `check`.
    private static let pageReference = try! NSRegularExpression(
        pattern: #"(?i)\b(?:see|cf\.?)\s+(?:pages?|pp?\.)\s*\d+(?:\s*[-–]\s*\d+)?|\((?:pages?|pp?\.)\s*\d+(?:\s*[-–]\s*\d+)?\)"#)

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

/// The chapter's raw HTML, tag by tag across its blocks: images without `alt`, tables without
/// `<th>`, the elements whose `lang` covers the text inside them, and foreign text outside them.
struct RawHTMLScan {
    let language: String
    /// The open elements that carry a `lang`, innermost last.
    private var languageElements: [String] = []
    private var openTable: SourcePoint?
    private var tableHasHeader = false

    init(language: String) { self.language = language }

    /// Inside an element that says its language.
    var inOtherLanguage: Bool { !languageElements.isEmpty }

    /// A tag as `<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>` finds it.
    struct Tag {
        var whole: Range<String.Index>
        var isClosing: Bool
        var name: Substring
        var attributes: Substring
    }

    /// The tags of `html`, left to right, as that expression finds them; read on bytes (the
    /// expression, through NSString, was most of the audit of a book with much raw HTML).
    static func tags(in html: String) -> [Tag] {
        var tags: [Tag] = []
        var copy = html
        copy.withUTF8 { bytes in
            func index(_ offset: Int) -> String.Index { html.utf8.index(html.utf8.startIndex, offsetBy: offset) }
            var start = 0
            while let open = bytes[start...].firstIndex(of: UInt8(ascii: "<")) {
                start = open + 1
                var cursor = open + 1
                let isClosing = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "/")
                if isClosing { cursor += 1 }
                guard cursor < bytes.count, CodeByte.isLetter(bytes[cursor]) else { continue }
                let nameStart = cursor
                while cursor < bytes.count, CodeByte.isLetter(bytes[cursor]) || CodeByte.isDigit(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "-") {
                    cursor += 1
                }
                // No `>` after it: none after any later `<` either.
                guard let close = bytes[cursor...].firstIndex(of: UInt8(ascii: ">")) else { break }
                tags.append(Tag(
                    whole: index(open)..<index(close + 1), isClosing: isClosing, name: html[index(nameStart)..<index(cursor)],
                    attributes: html[index(cursor)..<index(close)]))
                start = close + 1
            }
        }
        return tags
    }

    mutating func scan(_ html: String, at: SourcePoint) -> [AccessibilityProblem] {
        guard html.contains("<") else { return [] }
        var problems: [AccessibilityProblem] = []
        var textStart = html.startIndex
        func checkText(upTo end: String.Index) {
            guard !inOtherLanguage, textStart < end else { return }
            if let problem = AccessibilityAudit.languageChange(in: String(html[textStart..<end]), language: language, at: at) {
                problems.append(problem)
            }
        }
        for tag in Self.tags(in: html) {
            checkText(upTo: tag.whole.lowerBound)
            textStart = tag.whole.upperBound
            let name = tag.name.lowercased()
            let attributes = tag.attributes.lowercased()
            if tag.isClosing {
                if languageElements.last == name { languageElements.removeLast() }
                if name == "table", let start = openTable {
                    if !tableHasHeader {
                        problems.append(AccessibilityProblem(
                            code: .tableWithoutHeader, line: start.line, column: start.column,
                            message: "this table has no header cell (<th>): nothing tells a listener what its columns hold",
                            suggestion: "make the cells of its first row <th>", quote: nil))
                    }
                    openTable = nil
                }
                continue
            }
            switch name {
            case "img" where !Self.names("alt", in: attributes):
                let source = attributes.firstMatch(of: /src\s*=\s*["']?([^"'\s>]+)/).map { String($0.1) } ?? "image"
                problems.append(AccessibilityProblem(
                    code: .imageWithoutAlt, line: at.line, column: at.column,
                    message: "the image \(source) has no alt attribute: a reader who cannot see it learns nothing of it",
                    suggestion: "describe it in alt=\"…\"; for an ornament, write alt=\"\"", quote: nil))
            case "table":
                openTable = at
                tableHasHeader = false
            case "th":
                tableHasHeader = true
            default:
                break
            }
            let selfClosing = attributes.hasSuffix("/") || HTMLVocabulary.html5VoidElements.contains(name)
            if !selfClosing, Self.names("lang", in: attributes) {
                languageElements.append(name)
            }
        }
        checkText(upTo: html.endIndex)
        return problems
    }

    /// Whether a tag's attribute text names `name` (`\bname\s*=`): after a character that is
    /// not a letter, digit or underscore, then spaces and `=`. On bytes: a regular expression
    /// compiled for every tag of a book was most of this scan.
    static func names(_ name: String, in attributes: String) -> Bool {
        guard !name.isEmpty else { return false }
        var text = attributes
        return text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count,
                let found = UTF8Bytes.offset(of: name, in: UnsafeBufferPointer(rebasing: bytes[start...]))
            {
                let at = start + found
                start = at + 1
                guard at == 0 || !CodeByte.isIdentifierContinue(bytes[at - 1]) else { continue }
                var after = at + name.utf8.count
                while after < bytes.count, bytes[after] == 0x20 || (0x09...0x0D).contains(bytes[after]) { after += 1 }
                if after < bytes.count, bytes[after] == UInt8(ascii: "=") { return true }
            }
            return false
        }
    }
}
