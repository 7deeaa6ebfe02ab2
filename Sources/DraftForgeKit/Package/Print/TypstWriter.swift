// Walks the rendered chapters' `HTMLNode` trees and writes Typst source for the print PDF: the
// book's text as string literals, its structure as calls of the functions `draftforge.typ`
// defines (`df-chapter-start`, `df-scene-break`, `df-callout`, …) or of Typst's own (`heading`,
// `list`, `table`, `figure`, `footnote`). Every note becomes a Typst footnote at its reference,
// every formula Typst math, every element with an id a label links can land on. An element
// Typst has no form for keeps its text.
import Foundation

struct TypstWriter {
    /// What a raster image is printed at: its size in inches and its resolution there.
    struct PlacedImage: Equatable {
        var href: String
        var widthInches: Double
        var pixelsPerInch: Double
    }

    /// The width and height text may fill, in inches, for sizing images.
    let textWidth: Double
    let textHeight: Double
    /// The trim width (with bleed, if any), for a picture printed across the page.
    var pageWidth: Double
    /// Whether the book has parts, which are level-1 headings: a chapter's `h1` in a part is
    /// then level 2.
    let hasParts: Bool
    /// 1 in a chapter of a part, 0 elsewhere.
    private var headingOffset = 0
    private let assets: [String: BookAsset]
    private let chapterAnchors: [String: String]
    private let pixelSizes: [String: ImageInfo.PixelSize]

    private(set) var output = ""
    /// Raster images in the order they are placed, with the resolution each prints at.
    private(set) var placedImages: [PlacedImage] = []
    /// Formulas whose TeX could not be typeset: the chapter and the TeX.
    private(set) var unconvertedFormulas: [(chapter: String, tex: String)] = []

    /// Marks where each top-level block of a chapter starts (`<df-block>`), for the EPUB's page list.
    var marksBlocks = false
    private var chapterPosition = 0
    private var chapterPath = ""
    private var notes: [String: ChapterNote] = [:]
    private var inNote = false

    init(book: RenderedBook, textWidth: Double, textHeight: Double) {
        self.textWidth = textWidth
        self.textHeight = textHeight
        pageWidth = book.config.pdf.width.points / 72 + (book.config.pdf.bleed ? PrintRules.bleed : 0)
        hasParts = !book.parts.isEmpty
        assets = Dictionary(book.images.map { ($0.href, $0) }, uniquingKeysWith: { first, _ in first })
        chapterAnchors = Dictionary(book.chapters.map { ($0.stem, $0.anchorID) }, uniquingKeysWith: { first, _ in first })
        var sizes: [String: ImageInfo.PixelSize] = [:]
        for asset in book.images {
            if let size = ImageInfo.read(asset.source)?.pixelSize { sizes[asset.href] = size }
        }
        pixelSizes = sizes
    }

    // MARK: - Chapters

    /// Source the book's outline adds between chapters (a part's page, the body's start).
    mutating func append(_ source: String) { output += source }

    /// Writes one chapter: its start (a new page, a recto for a story chapter when the template
    /// asks), its anchor, then its blocks.
    mutating func appendChapter(_ chapter: RenderedChapter, position: Int, isFrontMatter: Bool) {
        chapterPath = chapter.sourcePath
        chapterPosition = position
        headingOffset = hasParts && chapter.partIndex != nil ? 1 : 0
        notes = Dictionary(chapter.notes.compactMap { note in note.id.map { ($0, note) } }, uniquingKeysWith: { first, _ in first })
        var arguments = "running: " + TypstMarkup.string(chapter.title) + ", anchor: " + TypstMarkup.string(chapter.anchorID)
        if isFrontMatter { arguments += ", front: true" }
        if chapter.isUntitled { arguments += ", untitled: true" }
        if let language = chapter.language {
            arguments += ", lang: " + TypstMarkup.string(Self.typstLanguage(language))
            if LanguageTag.isRightToLeft(language) { arguments += ", dir: rtl" }
        }
        output += "#df-chapter(" + arguments + ")[\n"
        blocks(chapter.body, marking: marksBlocks)
        if marksBlocks { output += "#metadata(\"\(position)-end\")<df-block>\n" }
        output += "]\n\n"
    }

    /// Typst that gathers every block mark with the page it fell on, the page's number (none
    /// where pages are unnumbered) and its height on the page, as `<df-pages>`.
    static let blockPageQuery = """
        #context [#metadata(query(<df-block>).map(m => {
          let at = m.location()
          (m.value, at.page(), if at.page-numbering() == none { none } else { counter(page).at(at).first() }, at.position().y.pt())
        }))<df-pages>]

        """

    /// A BCP 47 tag's language, which is what Typst's `lang` takes (its hyphenation patterns).
    static func typstLanguage(_ tag: String) -> String {
        String(tag.split(separator: "-").first ?? "en").lowercased()
    }

    // MARK: - Blocks

    private static let blockElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "hr", "table", "section",
        "aside", "div", "figure", "figcaption", "header", "footer", "article", "details", "summary", "address",
        "dl", "dt", "dd", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "nav", "main",
    ]

    /// `marking`: each block (and run of loose inline nodes) is preceded by its mark, named
    /// `<chapter>-<index of its first node>`.
    private mutating func blocks(_ nodes: [HTMLNode], marking: Bool = false) {
        var inline: [HTMLNode] = []
        var inlineStart = 0
        let position = chapterPosition
        func mark(_ index: Int) -> String {
            marking ? "#metadata(\"\(position)-\(index)\")<df-block>\n" : ""
        }
        func flush(_ writer: inout TypstWriter) {
            defer { inline.removeAll() }
            guard Self.hasContent(inline) else { return }
            writer.output += mark(inlineStart) + writer.inlineMarkup(HTMLNode.trimmed(inline)) + "\n\n"
        }
        for (index, node) in nodes.enumerated() {
            if case .element(let element) = node, element.name == "math", element["display"] == "block" {
                flush(&self)
                output += mark(index) + formula(element) + "\n\n"
                continue
            }
            guard case .element(let element) = node, Self.blockElements.contains(element.name) else {
                if inline.isEmpty { inlineStart = index }
                inline.append(node)
                continue
            }
            flush(&self)
            output += mark(index)
            block(element)
        }
        flush(&self)
    }

    private mutating func block(_ element: HTMLElement) {
        // Headings and figures take their label; anything else is marked where it starts, as
        // links can only land on an element Typst can locate.
        var label = element["id"].map(Self.label) ?? ""
        if !label.isEmpty, !["h1", "h2", "h3", "h4", "h5", "h6", "figure"].contains(element.name) {
            output += "#metadata(none)" + label + "\n"
            label = ""
        }
        switch element.name {
        case "p":
            let classes = element.classes
            if let style = ["df-chapter-number", "df-chapter-subtitle", "callout-title", "df-epigraph-source"]
                .first(where: classes.contains)
            {
                output += "#" + style + "[" + inlineMarkup(HTMLNode.trimmed(element.children)) + "]" + label + "\n\n"
            } else if classes.contains("df-small-caps") || classes.contains("df-drop-cap") {
                output += openingParagraph(HTMLNode.trimmed(element.children)) + label + "\n\n"
            } else if Self.isOnlyImage(element.children) {
                output += "#align(center)[" + inlineMarkup(HTMLNode.trimmed(element.children)) + "]" + label + "\n\n"
            } else {
                output += inlineMarkup(HTMLNode.trimmed(element.children)) + "\n\n"
            }
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = (element.name.last?.wholeNumberValue ?? 1)
            let body = inlineMarkup(HTMLNode.trimmed(element.children))
            if level == 1, !inNote {
                let id = element["id"].map { ", id: " + TypstMarkup.string($0) } ?? ""
                output += "#df-chapter-title(level: \(1 + headingOffset)" + id + ")[" + body + "]\n\n"
            } else {
                output += "#heading(level: \(min(level + headingOffset, 6)), outlined: false)[" + body + "]" + label + "\n\n"
            }
        case "blockquote":
            let function = element.classes.contains("df-chapter-epigraph") ? "df-epigraph" : "df-quote"
            output += "#" + function + "[\n"
            blocks(element.children)
            output += "]" + label + "\n\n"
        case "aside" where element.classes.contains("callout"):
            let kind = element.classes.first { $0.hasPrefix("callout-") }.map { String($0.dropFirst("callout-".count)) } ?? "note"
            output += "#df-callout(" + TypstMarkup.string(kind) + ")[\n"
            blocks(element.children)
            output += "]" + label + "\n\n"
        case "ul", "ol":
            list(element)
        case "pre":
            code(element)
        case "hr":
            output += "#df-scene-break()\n\n"
        case "table":
            table(element)
        case "figure":
            figure(element)
        case "dl":
            output += "#df-terms[\n"
            blocks(element.children)
            output += "]\n\n"
        case "dt", "summary":
            output += "#df-term[" + inlineMarkup(HTMLNode.trimmed(element.children)) + "]" + label + "\n\n"
        case "dd":
            output += "#df-definition[\n"
            blocks(element.children)
            output += "]" + label + "\n\n"
        default:
            blocks(element.children)
        }
    }

    /// A story chapter's first paragraph: its first words in small capitals, as print books
    /// open a chapter (a drop cap has no Typst form of its own).
    private mutating func openingParagraph(_ nodes: [HTMLNode]) -> String {
        guard case .text(let text) = nodes.first else { return inlineMarkup(nodes) }
        var words = 0
        var end = text.startIndex
        var index = text.startIndex
        while index < text.endIndex, words < Self.openingWords {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            guard index < text.endIndex else { break }
            while index < text.endIndex, !text[index].isWhitespace { index = text.index(after: index) }
            words += 1
            end = index
        }
        return "#df-opening-words[" + TypstMarkup.text(String(text[..<end])) + "]" + TypstMarkup.text(String(text[end...]))
            + inlineMarkup(Array(nodes.dropFirst()))
    }

    private static let openingWords = 4

    private mutating func list(_ element: HTMLElement) {
        let items = element.children.compactMap { node -> HTMLElement? in
            if case .element(let item) = node, item.name == "li" { item } else { nil }
        }
        // A tight list's items hold their text directly; a loose one's, paragraphs.
        let isTight = !items.contains { item in item.children.contains { if case .element(let e) = $0 { e.name == "p" } else { false } } }
        if element.name == "ol" {
            let start = Int(element["start"] ?? "") ?? 1
            output += "#enum(tight: \(isTight), start: \(start),\n"
        } else {
            output += "#list(tight: \(isTight),\n"
        }
        for item in items {
            output += "["
            if let id = item["id"] { output += "#metadata(none)" + Self.label(id) }
            let saved = output
            output = ""
            blocks(item.children)
            let body = output.trimmingCharacters(in: .whitespacesAndNewlines)
            output = saved + body + "],\n"
        }
        output += ")\n\n"
    }

    /// A code block, its highlighted tokens in the print theme's colours (`CodeTheme`); each
    /// token is raw text, so spaces and indentation stay as written.
    private mutating func code(_ element: HTMLElement) {
        let pieces = CodeTheme.tokens(of: element)
        var lines: [String] = [""]
        for (text, kind) in pieces {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if index > 0 { lines.append("") }
                guard !line.isEmpty else { continue }
                let raw = "#raw(" + TypstMarkup.string(String(line)) + ")"
                if let kind, let color = CodeTheme.light[kind] {
                    let style = CodeTheme.italic.contains(kind) ? ", style: \"italic\"" : ""
                    lines[lines.count - 1] += "#text(fill: rgb(\"#" + color + "\")" + style + ")[" + raw + "]"
                } else {
                    lines[lines.count - 1] += raw
                }
            }
        }
        output += "#df-code[" + lines.joined(separator: "#linebreak()\n") + "]\n\n"
    }

    // MARK: - Tables and figures

    private mutating func table(_ element: HTMLElement) {
        var header: [[HTMLElement]] = []
        var body: [[HTMLElement]] = []
        var caption: [HTMLNode]?
        func collect(_ nodes: [HTMLNode], isHeader: Bool) {
            for case .element(let child) in nodes {
                switch child.name {
                case "thead": collect(child.children, isHeader: true)
                case "tbody", "tfoot": collect(child.children, isHeader: false)
                case "caption": caption = child.children
                case "tr":
                    let cells = child.children.compactMap { node -> HTMLElement? in
                        if case .element(let cell) = node, cell.name == "td" || cell.name == "th" { cell } else { nil }
                    }
                    let isHeaderRow = isHeader || (!cells.isEmpty && cells.allSatisfy { $0.name == "th" } && body.isEmpty && header.isEmpty)
                    if isHeaderRow { header.append(cells) } else { body.append(cells) }
                default: break
                }
            }
        }
        collect(element.children, isHeader: false)
        let columns = (header + body).map { row in row.reduce(0) { $0 + (Int($1["colspan"] ?? "") ?? 1) } }.max() ?? 1
        guard columns > 0 else { return }
        let alignments = (0..<columns).map { column -> String in
            let sample = (header + body).first { $0.count > column }?[column]
            return Self.alignment(of: sample) ?? "auto"
        }
        var text = "#df-table(columns: \(columns), align: (" + alignments.joined(separator: ", ") + ",),\n"
        if !header.isEmpty {
            text += "table.header(" + header.map { $0.map { cell($0) }.joined(separator: ", ") }.joined(separator: ", ") + "),\n"
        }
        for row in body {
            var cells = row.map { cell($0) }
            let spanned = row.reduce(0) { $0 + (Int($1["colspan"] ?? "") ?? 1) }
            if spanned < columns { cells += Array(repeating: "[]", count: columns - spanned) }
            text += cells.joined(separator: ", ") + ",\n"
        }
        text += ")"
        if let caption {
            text = "#figure(kind: table, caption: [" + inlineMarkup(HTMLNode.trimmed(caption)) + "], " + String(text.dropFirst()) + ")"
        }
        output += text + "\n\n"
    }

    private mutating func cell(_ element: HTMLElement) -> String {
        let saved = output
        output = ""
        if element.children.contains(where: { if case .element(let e) = $0 { Self.blockElements.contains(e.name) } else { false } }) {
            blocks(element.children)
        } else {
            output = inlineMarkup(HTMLNode.trimmed(element.children))
        }
        let body = "[" + output.trimmingCharacters(in: .whitespacesAndNewlines) + "]"
        output = saved
        if let span = Int(element["colspan"] ?? ""), span > 1 {
            return "table.cell(colspan: \(min(span, 1000)))" + body
        }
        return body
    }

    private static func alignment(of cell: HTMLElement?) -> String? {
        guard let cell else { return nil }
        let style = (cell["style"] ?? "") + " " + (cell["align"] ?? "")
        if style.contains("center") { return "center" }
        if style.contains("right") { return "right" }
        if style.contains("left") { return "left" }
        return nil
    }

    private mutating func figure(_ element: HTMLElement) {
        var content: [HTMLNode] = []
        var caption: [HTMLNode]?
        for node in element.children {
            if case .element(let child) = node, child.name == "figcaption" { caption = child.children } else { content.append(node) }
        }
        if element.classes.contains(where: { $0 == Self.fullPageClass }), let page = fullPage(content, caption: caption, id: element["id"]) {
            output += page
            return
        }
        let saved = output
        output = ""
        blocks(content)
        let body = output.trimmingCharacters(in: .whitespacesAndNewlines)
        output = saved
        output += "#figure([" + body + "]"
        if let caption { output += ", caption: [" + inlineMarkup(HTMLNode.trimmed(caption)) + "]" }
        output += ")" + (element["id"].map(Self.label) ?? "") + "\n\n"
    }

    /// The class that puts a picture on a page of its own (`![Map](map.png){.full-page}`).
    static let fullPageClass = "full-page"

    /// A lone image on a page of its own; nil when the content is not one packaged image.
    private mutating func fullPage(_ content: [HTMLNode], caption: [HTMLNode]?, id: String?) -> String? {
        let images = content.compactMap { node -> HTMLElement? in if case .element(let e) = node, e.name == "img" { e } else { nil } }
        guard images.count == 1, let source = images[0]["src"], case .asset(let href) = BookReference.parse(source),
            assets[href] != nil
        else { return nil }
        if let size = pixelSizes[href] {
            // Printed across the page: its resolution at the page's width.
            let inches = pageWidth
            placedImages.append(PlacedImage(href: href, widthInches: inches, pixelsPerInch: Double(size.width) / inches))
        }
        var text = (id.map { "#metadata(none)" + Self.label($0) + "\n" } ?? "") + "#df-full-page(" + TypstMarkup.string(href)
            + ", alt: " + TypstMarkup.string(images[0]["alt"] ?? "")
        if let caption { text += ", caption: [" + inlineMarkup(HTMLNode.trimmed(caption)) + "]" }
        return text + ")\n\n"
    }

    // MARK: - Inline

    private mutating func inlineMarkup(_ nodes: [HTMLNode]) -> String {
        var text = ""
        for node in nodes {
            switch node {
            case .text(let string): text += TypstMarkup.text(string)
            case .element(let element): text += inlineElement(element)
            }
        }
        return text
    }

    private mutating func inlineElement(_ element: HTMLElement) -> String {
        let label = element["id"].map { "#metadata(none)" + Self.label($0) } ?? ""
        let inner = { (writer: inout TypstWriter) in writer.inlineMarkup(element.children) }
        switch element.name {
        case "em", "i", "cite", "dfn", "var": return label + "#emph[" + inner(&self) + "]"
        case "strong", "b": return label + "#strong[" + inner(&self) + "]"
        case "del", "s": return label + "#strike[" + inner(&self) + "]"
        case "u", "ins": return label + "#underline[" + inner(&self) + "]"
        case "mark": return label + "#highlight[" + inner(&self) + "]"
        case "small": return label + "#text(size: 0.85em)[" + inner(&self) + "]"
        case "code", "kbd", "samp", "tt": return label + "#raw(" + TypstMarkup.string(element.textContent) + ")"
        case "sub": return label + "#sub[" + inner(&self) + "]"
        case "sup":
            if element.classes.contains("footnote-ref"), let note = footnote(element) { return label + note }
            return label + "#super[" + inner(&self) + "]"
        case "br": return "#linebreak()"
        case "wbr": return ""
        case "img": return label + image(element)
        case "input":
            guard element["type"] == "checkbox" else { return "" }
            return "#df-checkbox(\(element["checked"] != nil)) "
        case "a": return label + link(element)
        case "math": return label + formula(element)
        case "span" where element.classes.contains("df-small-caps") || element.classes.contains("smallcaps"):
            return label + "#smallcaps[" + inner(&self) + "]"
        default: return label + inner(&self)
        }
    }

    private mutating func link(_ element: HTMLElement) -> String {
        let body = inlineMarkup(element.children)
        guard let href = element["href"] else { return body }
        switch BookReference.parse(href) {
        case .chapter(let stem, let fragment):
            guard let target = fragment ?? chapterAnchors[stem] else { return body }
            return "#df-link(" + TypstMarkup.string(target) + ")[" + body + "]"
        case .asset, .remoteImage:
            return body
        case nil:
            if href.hasPrefix("#") {
                return "#df-link(" + TypstMarkup.string(String(href.dropFirst())) + ")[" + body + "]"
            }
            guard href.contains(":") else { return body }
            return "#link(" + TypstMarkup.string(href) + ")[" + body + "]"
        }
    }

    /// A raster image of known pixel size is printed at its CSS size (96 to the inch), no wider
    /// than the text nor taller than most of the page; other images fit the text's width.
    private mutating func image(_ element: HTMLElement) -> String {
        let alt = element["alt"] ?? ""
        guard let source = element["src"], case .asset(let href) = BookReference.parse(source), assets[href] != nil else {
            return alt.isEmpty ? "" : TypstMarkup.text(alt)
        }
        let path = TypstMarkup.string(href)
        let altArgument = ", alt: " + TypstMarkup.string(alt)
        guard let size = pixelSizes[href], size.width > 0, size.height > 0 else {
            return "#df-image(" + path + altArgument + ")"
        }
        var width = min(Double(size.width) / 96, textWidth)
        let maximumHeight = textHeight * 0.85
        if width * Double(size.height) / Double(size.width) > maximumHeight {
            width = maximumHeight * Double(size.width) / Double(size.height)
        }
        placedImages.append(PlacedImage(href: href, widthInches: width, pixelsPerInch: Double(size.width) / width))
        return "#box(image(" + path + ", width: " + TypstMarkup.points(width * 72) + altArgument + "))"
    }

    /// A formula as Typst math, made again from its TeX (the `alttext`); its TeX is also its
    /// alternative text. One that cannot be typeset is printed as its TeX.
    private mutating func formula(_ math: HTMLElement) -> String {
        let tex = math["alttext"] ?? math.textContent
        let isBlock = math["display"] == "block"
        let alt = TypstMarkup.string(tex)
        guard case .success(let result) = TeXMath.typst(tex, display: isBlock ? .block : .inline) else {
            unconvertedFormulas.append((chapterPath, tex))
            let delimiter = isBlock ? "$$" : "$"
            return "#raw(" + TypstMarkup.string(delimiter + tex + delimiter) + ")"
        }
        let equation = "#math.equation(block: \(isBlock), alt: " + alt + ", " + result.math + ")"
        guard isBlock, let tag = result.tag else { return equation }
        return "#df-tagged-equation(" + TypstMarkup.string("(" + tag + ")") + ")[" + equation + "]"
    }

    /// A Typst footnote holding the note, at its reference; a reference inside a note stays a
    /// superscript number.
    private mutating func footnote(_ sup: HTMLElement) -> String? {
        guard !inNote else { return nil }
        var target: String?
        for case .element(let link) in sup.children where link.name == "a" {
            if let href = link["href"], href.hasPrefix("#") { target = String(href.dropFirst()) }
        }
        guard let target, let note = notes[target] else { return nil }
        inNote = true
        let saved = output
        output = ""
        blocks(note.content)
        let body = output.trimmingCharacters(in: .whitespacesAndNewlines)
        output = saved
        inNote = false
        // Only the first reference to a note carries its label; a second reference repeats it.
        return "#footnote[" + body + "]"
    }

    // MARK: - Helpers

    static func label(_ id: String) -> String { "#label(" + TypstMarkup.string(id) + ")" }

    private static func hasContent(_ nodes: [HTMLNode]) -> Bool {
        nodes.contains { node in
            if case .text(let text) = node { return !text.allSatisfy(\.isWhitespace) }
            return true
        }
    }

    private static func isOnlyImage(_ nodes: [HTMLNode]) -> Bool {
        let elements = nodes.filter { if case .text(let text) = $0 { !text.allSatisfy(\.isWhitespace) } else { true } }
        return elements.count == 1 && { if case .element(let e) = elements[0] { e.name == "img" } else { false } }()
    }

}
