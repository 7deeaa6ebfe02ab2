// A `MarkdownDocument` as the HTML tree every output reads. One walk over the document feeds a
// sink that builds the tree directly, raw HTML included when `RawHTMLReader` can read it and
// libxml2 would not restructure anything around it. Other raw HTML can close or reopen anything
// around it: such a chapter is written as HTML and sanitized by libxml2 as a whole
// (`HTMLFragmentParser`). Either way the tree is the one cmark-gfm's HTML renderer and libxml2
// used to make: same elements, same text, the same line breaks between blocks (the tests compare
// them on the GFM spec's examples).
import Foundation

enum DocumentRenderer {
    /// `rawHTMLLines` are the document's (`MarkdownDocument.rawHTMLLines`), when the caller has them.
    static func render(_ document: MarkdownDocument, rawHTMLLines: [Int]? = nil) -> HTMLFragmentParser.Parsed {
        let rawHTMLLines = rawHTMLLines ?? document.rawHTMLLines
        if let nodes = renderWithoutLibXML(document, readingRawHTML: !rawHTMLLines.isEmpty) {
            return HTMLFragmentParser.Parsed(nodes: nodes, flattenedLine: document.flattenedLine)
        }
        var walker = Walker(sink: HTMLTextSink())
        walker.document(document.root)
        var parsed = HTMLFragmentParser.parseReporting(walker.sink.html, rawHTMLLines: rawHTMLLines)
        if parsed.flattenedLine == nil { parsed.flattenedLine = document.flattenedLine }
        return parsed
    }

    /// The tree built in one walk; nil when the document's raw HTML needs libxml2.
    static func renderWithoutLibXML(_ document: MarkdownDocument, readingRawHTML: Bool) -> [HTMLNode]? {
        var walker = Walker(sink: TreeSink(readsRawHTML: readingRawHTML))
        walker.document(document.root)
        return walker.sink.needsLibXML ? nil : walker.sink.finish()
    }

    static func isOnlyComments(_ html: String) -> Bool {
        var rest = Substring(html)
        while true {
            rest = rest.drop(while: \.isWhitespace)
            if rest.isEmpty { return true }
            guard rest.hasPrefix("<!--"), let end = rest.range(of: "-->", range: rest.index(rest.startIndex, offsetBy: 2)..<rest.endIndex)
            else { return false }
            rest = rest[end.upperBound...]
        }
    }

    /// The text outside comments: what a comment-only raw HTML node leaves in the page.
    static func textOutsideComments(_ html: String) -> String {
        var result = ""
        var rest = Substring(html)
        while let start = rest.range(of: "<!--") {
            result += rest[..<start.lowerBound]
            guard let end = rest.range(of: "-->", range: start.upperBound..<rest.endIndex) else { return result }
            rest = rest[end.upperBound...]
        }
        return result + rest
    }
}

/// Where the walk's output goes. Attribute values are as the tree holds them (decoded).
protocol HTMLSink {
    mutating func open(_ name: String, _ attributes: [(name: String, value: String)], at start: SourcePoint?, end: SourcePoint?)
    mutating func close(_ name: String)
    mutating func void(_ name: String, _ attributes: [(name: String, value: String)], at start: SourcePoint?, end: SourcePoint?)
    mutating func text(_ text: String)
    /// Raw HTML, as written; a comment-only piece where no raw HTML is.
    mutating func raw(_ html: String)
}

/// Walks the document as cmark-gfm's HTML renderer does, line breaks between blocks included.
private struct Walker<Sink: HTMLSink> {
    var sink: Sink
    /// The output so far ends with a line break (or is empty): cmark's `cr()` adds none then.
    private var atLineStart = true
    /// How often each note has been referenced so far.
    private var references: [String: Int] = [:]
    private var inFootnotes = false

    init(sink: Sink) { self.sink = sink }

    mutating func document(_ root: MarkdownNode) {
        for child in root.children { block(child, tight: false, backReferences: nil) }
        if inFootnotes {
            cr()
            close("ol")
            newline()
            close("section")
            newline()
        }
    }

    // MARK: - Output

    private mutating func cr() {
        if !atLineStart { newline() }
    }

    private mutating func newline() {
        sink.text("\n")
        atLineStart = true
    }

    private mutating func text(_ text: String) {
        guard !text.isEmpty else { return }
        sink.text(text)
        atLineStart = text.hasSuffix("\n")
    }

    private mutating func open(_ name: String, _ attributes: [(name: String, value: String)] = [], _ node: MarkdownNode? = nil) {
        sink.open(name, attributes, at: node?.start, end: node?.end)
        atLineStart = false
    }

    private mutating func close(_ name: String) {
        sink.close(name)
        atLineStart = false
    }

    private mutating func void(_ name: String, _ attributes: [(name: String, value: String)] = [], _ node: MarkdownNode? = nil) {
        sink.void(name, attributes, at: node?.start, end: node?.end)
        atLineStart = false
    }

    // MARK: - Blocks

    /// `backReferences`: the note whose links back go at the end of this block (its last paragraph).
    private mutating func block(_ node: MarkdownNode, tight: Bool, backReferences: String?) {
        switch node.kind {
        case .blockQuote:
            cr()
            open("blockquote", [], node)
            newline()
            blocks(node.children, tight: false)
            cr()
            close("blockquote")
            newline()
        case .list(let ordered, let start, let isTight):
            cr()
            open(ordered ? "ol" : "ul", ordered && start != 1 ? [("start", String(start))] : [], node)
            newline()
            for item in node.children { block(item, tight: isTight, backReferences: nil) }
            cr()
            close(ordered ? "ol" : "ul")
            newline()
        case .item(let checked):
            cr()
            open("li", [], node)
            if let checked {
                void("input", [("type", "checkbox")] + (checked ? [("checked", "checked")] : []) + [("disabled", "disabled")])
                text(" ")
            }
            blocks(node.children, tight: tight)
            close("li")
            newline()
        case .paragraph:
            if tight {
                inlines(node.children)
                if let backReferences { self.backReferences(backReferences, leadingSpace: true) }
            } else {
                cr()
                open("p", [], node)
                inlines(node.children)
                if let backReferences { self.backReferences(backReferences, leadingSpace: true) }
                close("p")
                newline()
            }
        case .heading(let level):
            cr()
            open("h\(level)", Self.attributes(node.attributes), node)
            inlines(node.children)
            close("h\(level)")
            newline()
        case .codeBlock(let info, let code):
            cr()
            open("pre", [], node)
            let language = info.prefix { !$0.isWhitespace }
            open("code", language.isEmpty ? [] : [("class", "language-" + language)])
            text(code)
            close("code")
            close("pre")
            newline()
        case .htmlBlock(let html):
            cr()
            sink.raw(html)
            atLineStart = html.hasSuffix("\n") || html.isEmpty && atLineStart
            cr()
        case .thematicBreak:
            cr()
            void("hr", [], node)
            newline()
        case .table(let alignments):
            table(node, alignments: alignments)
        case .footnoteDefinition(let label):
            if !inFootnotes {
                inFootnotes = true
                cr()
                open("section", [("class", "footnotes")])
                newline()
                open("ol")
                newline()
            }
            cr()
            open("li", [("id", "fn-" + HrefEscape.escape(label))])
            newline()
            let endsWithParagraph = if case .paragraph = node.children.last?.kind { true } else { false }
            for (index, child) in node.children.enumerated() {
                let isLast = index == node.children.count - 1
                block(child, tight: false, backReferences: isLast && endsWithParagraph ? label : nil)
            }
            if !endsWithParagraph {
                self.backReferences(label, leadingSpace: false)
                newline()
            }
            close("li")
            newline()
        case .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong, .strikethrough, .link, .image,
            .footnoteReference:
            inline(node)
        case .document, .tableRow, .tableCell:
            blocks(node.children, tight: tight)
        }
    }

    private mutating func blocks(_ nodes: [MarkdownNode], tight: Bool) {
        for node in nodes { block(node, tight: tight, backReferences: nil) }
    }

    private mutating func table(_ node: MarkdownNode, alignments: [TableAlignment]) {
        cr()
        open("table", [], node)
        cr()
        if let caption = node.caption?.first {
            open("caption")
            inlines(caption.children)
            close("caption")
            newline()
        }
        var inBody = false
        for row in node.children {
            guard case .tableRow(let isHeader) = row.kind else { continue }
            if isHeader {
                cr()
                open("thead")
                cr()
            } else if !inBody {
                cr()
                open("tbody")
                cr()
                inBody = true
            }
            cr()
            open("tr", [], row)
            cr()
            for (index, cell) in row.children.enumerated() {
                let name = isHeader ? "th" : "td"
                cr()
                let alignment = index < alignments.count ? alignments[index] : .none
                let align: [(name: String, value: String)] =
                    switch alignment {
                    case .none: []
                    case .left: [("align", "left")]
                    case .center: [("align", "center")]
                    case .right: [("align", "right")]
                    }
                open(name, align, cell)
                inlines(cell.children)
                close(name)
                cr()
            }
            cr()
            close("tr")
            cr()
            if isHeader {
                cr()
                close("thead")
                cr()
            }
        }
        if inBody {
            cr()
            close("tbody")
            cr()
        }
        cr()
        close("table")
        cr()
    }

    /// The links from a note back to each place that references it.
    private mutating func backReferences(_ label: String, leadingSpace: Bool) {
        let count = references[label] ?? 0
        let escaped = HrefEscape.escape(label)
        for index in 0..<max(count, 1) {
            if leadingSpace || index > 0 { text(" ") }
            let target = "#fnref-" + escaped + (index > 0 ? "-\(index + 1)" : "")
            open("a", [("href", target), ("class", "footnote-backref")])
            text("↩")
            if index > 0 {
                open("sup", [("class", "footnote-ref")])
                text(String(index + 1))
                close("sup")
            }
            close("a")
        }
    }

    // MARK: - Inlines

    private mutating func inlines(_ nodes: [MarkdownNode]) {
        for node in nodes { inline(node) }
    }

    private mutating func inline(_ node: MarkdownNode) {
        switch node.kind {
        case .text(let literal): text(literal)
        case .softBreak: text("\n")
        case .lineBreak:
            void("br")
            newline()
        case .code(let literal):
            open("code")
            text(literal)
            close("code")
        case .htmlInline(let html):
            sink.raw(html)
            atLineStart = html.hasSuffix("\n")
        case .emphasis: wrap("em", node)
        case .strong: wrap("strong", node)
        case .strikethrough: wrap("del", node)
        case .link(let destination, let title):
            open("a", [("href", HrefEscape.escape(destination))] + (title.isEmpty ? [] : [("title", title)]))
            inlines(node.children)
            close("a")
        case .image:
            image(node, attributes: node.attributes)
        case .footnoteReference(let label, let number):
            let count = (references[label] ?? 0) + 1
            references[label] = count
            let escaped = HrefEscape.escape(label)
            open("sup", [("class", "footnote-ref")])
            open("a", [("href", "#fn-" + escaped), ("id", "fnref-" + escaped + (count > 1 ? "-\(count)" : ""))])
            text(String(number))
            close("a")
            close("sup")
        default:
            block(node, tight: false, backReferences: nil)
        }
    }

    private mutating func wrap(_ name: String, _ node: MarkdownNode) {
        open(name)
        inlines(node.children)
        close(name)
    }

    /// An image's alt text: the literal text of what it holds, line breaks as spaces.
    private mutating func image(_ node: MarkdownNode, attributes: NodeAttributes?) {
        guard case .image(let source, let title) = node.kind else { return }
        let alt = Self.altText(node.children)
        void("img", [("src", HrefEscape.escape(source)), ("alt", alt)] + (title.isEmpty ? [] : [("title", title)])
            + Self.attributes(attributes))
    }

    private static func attributes(_ attributes: NodeAttributes?) -> [(name: String, value: String)] {
        guard let attributes else { return [] }
        return (attributes.id.map { [("id", $0)] } ?? []) + (attributes.classes.isEmpty ? [] : [("class", attributes.classes.joined(separator: " "))])
    }

    private static func altText(_ nodes: [MarkdownNode]) -> String {
        nodes.map { node in
            switch node.kind {
            case .text(let text), .code(let text), .htmlInline(let text): text
            case .softBreak, .lineBreak: " "
            default: altText(node.children)
            }
        }.joined()
    }
}

/// cmark-gfm's escaping of link destinations: what is not safe in a URL becomes `%XX`.
enum HrefEscape {
    private static let safe: [Bool] = (0..<128).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || "-_.+!*'(),%#@?=;:/,+&$~".unicodeScalars.contains(scalar)
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 128 || !safe[Int($0)] }) else { return text }
        var result = ""
        for byte in text.utf8 {
            if byte < 128, safe[Int(byte)] {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

/// Builds the tree as libxml2 builds it from cmark's HTML (which keeps the line breaks between
/// blocks as text).
private struct TreeSink: HTMLSink {
    private var stack: [HTMLElement] = [HTMLElement("body")]
    /// Per open element: opened by the author's raw HTML, not by the walk.
    private var openedByRaw: [Bool] = [false]
    private var pending = ""
    /// Without raw HTML, a raw piece is only comments and leaves its text outside them.
    private let readsRawHTML: Bool
    /// Set at the first raw piece, or Markdown around one, whose tree only libxml2 can tell.
    private(set) var needsLibXML = false

    init(readsRawHTML: Bool) { self.readsRawHTML = readsRawHTML }

    mutating func open(_ name: String, _ attributes: [(name: String, value: String)], at start: SourcePoint?, end: SourcePoint?) {
        guard !needsLibXML else { return }
        guard !closesRawElement(name) else { return needsLibXML = true }
        flush()
        var element = HTMLElement(name, Self.sanitized(attributes, element: name))
        element.sourceLine = start?.line
        stack.append(element)
        openedByRaw.append(false)
    }

    mutating func close(_ name: String) {
        guard !needsLibXML else { return }
        // libxml2 closes the author's unclosed elements with it, or ignores the end tag.
        guard openedByRaw.last != true else { return needsLibXML = true }
        closeInnermost()
    }

    /// No void element the walk writes (`br`, `hr`, `img`, `input`) closes anything libxml2-wise.
    mutating func void(_ name: String, _ attributes: [(name: String, value: String)], at start: SourcePoint?, end: SourcePoint?) {
        guard !needsLibXML else { return }
        flush()
        var element = HTMLElement(name, Self.sanitized(attributes, element: name))
        element.sourceLine = start?.line
        stack[stack.count - 1].children.append(.element(element))
    }

    mutating func text(_ text: String) {
        guard !needsLibXML else { return }
        pending += text
    }

    mutating func raw(_ html: String) {
        guard !needsLibXML else { return }
        guard readsRawHTML else { return pending += DocumentRenderer.textOutsideComments(html) }
        guard let tokens = RawHTMLReader.tokens(html) else { return needsLibXML = true }
        for token in tokens {
            switch token {
            case .text(let text):
                pending += text
            case .start(let name, let attributes, let selfClosing):
                let innermost = stack[stack.count - 1].name
                guard RawHTMLReader.isReadable(name), stack.count < 1_000,
                    !(name == "a" && innermost == "a"),
                    !(innermost == "p" && (name == "div" || name == "blockquote"))
                else { return needsLibXML = true }
                flush()
                let element = HTMLElement(name, Self.sanitized(attributes.map { ($0.name, $0.value) }, element: name))
                if selfClosing || RawHTMLReader.voidElements.contains(name) {
                    stack[stack.count - 1].children.append(.element(element))
                } else {
                    stack.append(element)
                    openedByRaw.append(true)
                }
            case .end(let name):
                guard RawHTMLReader.isReadable(name), !RawHTMLReader.voidElements.contains(name) else { return needsLibXML = true }
                if stack[stack.count - 1].name == name, openedByRaw[openedByRaw.count - 1] {
                    closeInnermost()
                } else if stack.contains(where: { $0.name == name }) {
                    return needsLibXML = true
                }  // else libxml2 ignores it: nothing of that name is open
            }
        }
    }

    /// Whether libxml2 would close the author's innermost element when the walk opens `name`:
    /// a paragraph, table, cell or link closes some inline elements (`<b>`, `<span>`, `<a>`).
    private func closesRawElement(_ name: String) -> Bool {
        guard openedByRaw[openedByRaw.count - 1], RawHTMLReader.inlineElements.contains(stack[stack.count - 1].name) else {
            return false
        }
        switch name {
        case "p", "table", "td", "th", "a": return true
        default: return false
        }
    }

    mutating func finish() -> [HTMLNode] {
        flush()
        while stack.count > 1 { closeInnermost() }
        return stack[0].children
    }

    private mutating func closeInnermost() {
        flush()
        guard stack.count > 1, let element = stack.popLast() else { return }
        openedByRaw.removeLast()
        stack[stack.count - 1].children.append(.element(element))
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        // Indexed in place: a copy of the parent would make every append copy its children.
        let top = stack.count - 1
        if case .text(let earlier)? = stack[top].children.last {
            stack[top].children[stack[top].children.count - 1] = .text(earlier + pending)
        } else {
            stack[top].children.append(.text(pending))
        }
        pending = ""
    }

    /// Only what `HTMLVocabulary` keeps, as the sanitizer keeps it.
    private static func sanitized(_ attributes: [(name: String, value: String)], element: String) -> [(name: String, value: String)] {
        attributes.compactMap { attribute in
            HTMLVocabulary.sanitizedAttribute(attribute.name, attribute.value, element: element).map { (attribute.name, $0) }
        }
    }
}

/// Writes HTML for libxml2, with cmark's `data-sourcepos` on blocks so the sanitizer knows lines.
private struct HTMLTextSink: HTMLSink {
    var html = ""

    mutating func open(_ name: String, _ attributes: [(name: String, value: String)], at start: SourcePoint?, end: SourcePoint?) {
        html += "<" + name
        write(attributes, start: start, end: end)
        html += ">"
    }

    mutating func close(_ name: String) { html += "</" + name + ">" }

    mutating func void(_ name: String, _ attributes: [(name: String, value: String)], at start: SourcePoint?, end: SourcePoint?) {
        html += "<" + name
        write(attributes, start: start, end: end)
        html += " />"
    }

    mutating func text(_ text: String) { html += Self.escaped(text) }

    /// GFM's tag filter: these elements' tags are written as text, so they open nothing.
    mutating func raw(_ html: String) {
        guard html.contains("<") else {
            self.html += html
            return
        }
        var result = ""
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            let name = after.drop { $0 == "/" }.prefix { $0.isLetter }.lowercased()
            let next = after.drop { $0 == "/" }.dropFirst(name.count).first
            if Self.filteredTags.contains(name), next == nil || next!.isWhitespace || next == ">" || next == "/" {
                result += "&lt;"
            } else {
                result += "<"
            }
            rest = after
        }
        self.html += result + rest
    }

    private static let filteredTags: Set<String> = [
        "title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext",
    ]

    private mutating func write(_ attributes: [(name: String, value: String)], start: SourcePoint?, end: SourcePoint?) {
        for (name, value) in attributes { html += " " + name + "=\"" + Self.escaped(value) + "\"" }
        if let start {
            html += " data-sourcepos=\"\(start.line):\(start.column)-\(end?.line ?? 0):\(end?.column ?? 0)\""
        }
    }

    /// Not `XHTMLSerializer.escaped`: libxml2 must get the text as cmark would have written it,
    /// control characters and carriage returns included, which that serializer drops or encodes.
    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
