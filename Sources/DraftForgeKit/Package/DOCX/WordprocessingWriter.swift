// Walks the rendered chapters' `HTMLNode` trees and writes WordprocessingML: paragraphs with
// named styles, runs with bold and italic, lists, tables, images, links and bookmarks, and each
// `ChapterNote` as a real Word footnote at its reference. Raw HTML has no Word form: its tags
// are dropped and its text kept.
import Foundation

struct WordprocessingWriter {
    /// The parts that hold content, each with relationships of its own.
    enum Part { case document, footnotes }

    /// A list as Word numbers it: its own `w:num`, so every list restarts.
    struct ListInstance {
        var ordered: Bool
        var level: Int
        var start: Int
    }

    /// An image placed in the document, its bytes read when the package is written.
    struct Media {
        var path: String
        /// The file to copy, or the bytes themselves (an SVG's PNG rendering).
        var source: URL?
        var data: Data?
    }

    let layout: DOCXLayout
    private let assets: [String: BookAsset]
    private let chapterAnchors: [String: String]

    /// The body of `word/document.xml` so far.
    private(set) var body = ""
    /// Each `<w:footnote>`, numbered from 1.
    private(set) var footnotes: [String] = []
    private(set) var lists: [ListInstance] = []
    private(set) var relationships: [Part: DOCXRelationships] = [.document: DOCXRelationships(), .footnotes: DOCXRelationships()]
    private(set) var media: [Media] = []
    /// Images the DOCX cannot hold: the chapter and the image.
    private(set) var droppedImages: [(chapter: String, href: String)] = []

    // Where the walk is.
    private var output = ""
    private var part = Part.document
    private var chapterPath = ""
    /// The chapter's notes by id.
    private var notes: [String: ChapterNote] = [:]
    /// Set after a heading or a scene break: the next paragraph is a First Paragraph.
    private var startsSection = false
    /// The chapter's bookmark and page break, placed on the next paragraph.
    private var pendingChapterStart: (bookmark: String, breaksPage: Bool)?
    /// Inside a footnote, its first paragraph opens with the note's number.
    private var pendingFootnoteMark = false
    private var bookmarkNames: [String: String] = [:]
    private var bookmarkCount = 0
    private var drawingCount = 0
    private var mediaByHref: [String: PlacedImage] = [:]
    /// Each SVG image's PNG for readers without SVG, by href; nil where none could be made.
    private let svgFallbacks: [String: Data?]

    private struct PlacedImage {
        var name: String
        var relationships: [Part: String] = [:]
        var extent: (Int, Int)
        /// For an SVG: the raster image Word needs beside it, under `media/`.
        var fallback: String?
        var fallbackRelationships: [Part: String] = [:]
    }

    init(layout: DOCXLayout, book: RenderedBook) {
        self.layout = layout
        assets = Dictionary(book.images.map { ($0.href, $0) }, uniquingKeysWith: { first, _ in first })
        svgFallbacks = Self.svgFallbacks(of: book.images)
        chapterAnchors = Dictionary(book.chapters.map { ($0.stem, $0.anchorID) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: - Book structure

    /// A run of plain text, for the cover, title and part pages.
    static func plainRun(_ text: String) -> String {
        var xml = "<w:r><w:t xml:space=\"preserve\">"
        XHTMLSerializer.appendEscaped(text, to: &xml, inAttribute: false)
        return xml + "</w:t></w:r>"
    }

    /// A paragraph written as given, for the cover and part pages.
    mutating func appendParagraph(style: String, _ runs: String, extraProperties: String = "") {
        body += "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>\(extraProperties)</w:pPr>\(runs)</w:p>"
    }

    /// Writes one chapter; it starts on a new page.
    mutating func appendChapter(_ chapter: RenderedChapter) {
        chapterPath = chapter.sourcePath
        notes = Dictionary(chapter.notes.compactMap { note in note.id.map { ($0, note) } }, uniquingKeysWith: { first, _ in first })
        let first = chapter.body.first { if case .text(let text) = $0 { !text.allSatisfy(\.isWhitespace) } else { true } }
        var breaksPage = true
        var pageBreakParagraphNeeded = false
        if case .element(let element) = first {
            if element.name == "h1" { breaksPage = false }  // Heading 1 starts a page by its style
            else if !["p", "h2", "h3", "h4", "h5", "h6"].contains(element.name) { pageBreakParagraphNeeded = true }
        }
        output = ""
        part = .document
        startsSection = true
        if pageBreakParagraphNeeded {
            output += "<w:p><w:pPr>\(pageBreak)</w:pPr>\(bookmark(chapter.anchorID))</w:p>"
        } else {
            pendingChapterStart = (chapter.anchorID, breaksPage)
        }
        blocks(chapter.body, Context())
        pendingChapterStart = nil
        body += output
        output = ""
    }

    private var pageBreak: String {
        "<w:pageBreakBefore/><w:spacing w:before=\"\(layout.chapterSpaceBefore)\"/>"
    }

    // MARK: - Blocks

    /// How paragraphs are written where the walk is.
    private struct Context {
        var style = "BodyText"
        var quoteDepth = 0
        var listLevel = -1
        var alignment: String?
        var bold = false
        var inFootnote = false
    }

    private static let blockElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "hr", "table", "section",
        "aside", "div", "figure", "figcaption", "header", "footer", "article", "details", "summary", "address",
        "dl", "dt", "dd", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
    ]

    private mutating func blocks(_ nodes: [HTMLNode], _ context: Context) {
        var inline: [HTMLNode] = []
        func flush(_ writer: inout WordprocessingWriter) {
            defer { inline.removeAll() }
            guard inline.contains(where: { node in
                if case .text(let text) = node { return !text.allSatisfy(\.isWhitespace) }
                return true
            }) else { return }
            writer.paragraph(HTMLNode.trimmed(inline), context)
        }
        for node in nodes {
            guard case .element(let element) = node, Self.blockElements.contains(element.name) else {
                inline.append(node)
                continue
            }
            flush(&self)
            block(element, context)
        }
        flush(&self)
    }

    private mutating func block(_ element: HTMLElement, _ context: Context) {
        switch element.name {
        case "p" where element.classes.contains("callout-title"):
            var inner = context
            inner.bold = true
            paragraph(element.children, inner)
        case "p":
            paragraph(element.children, context)
        case "h1", "h2", "h3", "h4", "h5", "h6":
            heading(element)
        case "aside" where element.classes.contains("callout"), "blockquote":
            var inner = context
            inner.style = context.inFootnote ? context.style : "BlockQuote"
            inner.quoteDepth += 1
            blocks(element.children, inner)
            startsSection = false
        case "ul", "ol":
            list(element, context)
        case "pre":
            code(element, context)
        case "hr":
            writeParagraph(style: "SceneBreak", runs: run(layout.sceneBreak, RunFormat()))
            startsSection = true
        case "table":
            table(element, context)
        case "dt":
            var inner = context
            inner.bold = true
            blocks(element.children, inner)
        case "dd", "li":
            var inner = context
            inner.style = context.inFootnote ? context.style : "ListParagraph"
            blocks(element.children, inner)
        case "figcaption", "caption", "summary":
            var inner = context
            inner.alignment = "center"
            blocks(element.children, inner)
        default:
            blocks(element.children, context)
        }
    }

    private mutating func heading(_ element: HTMLElement) {
        let level = element.name.last?.wholeNumberValue ?? 1
        var runs = ""
        if let id = element["id"] { runs += bookmark(id) }
        runs += inlineRuns(element.children, RunFormat())
        writeParagraph(style: "Heading\(min(level, 3))", runs: runs)
        startsSection = true
    }

    private mutating func paragraph(_ children: [HTMLNode], _ context: Context) {
        var format = RunFormat()
        format.bold = context.bold
        let onlyImage = children.count == 1 && { if case .element(let e) = children[0] { e.name == "img" } else { false } }()
        var style = context.style
        if onlyImage {
            style = "Figure"
        } else if style == "BodyText", startsSection {
            style = "FirstParagraph"
        }
        var properties = ""
        if context.quoteDepth > 1 {
            properties += "<w:ind w:left=\"\(720 * context.quoteDepth)\" w:right=\"720\" w:firstLine=\"0\"/>"
        }
        if let alignment = context.alignment { properties += "<w:jc w:val=\"\(alignment)\"/>" }
        writeParagraph(style: style, runs: inlineRuns(children, format), properties: properties)
        startsSection = false
    }

    /// Writes `<w:p>`, adding a pending chapter start or note number. `numbering` and
    /// `properties` are pPr children in schema order (numPr before spacing, ind and jc).
    private mutating func writeParagraph(style: String, runs: String, numbering: String = "", properties: String = "") {
        var pageBreakProperty = ""
        var opening = ""
        if let start = pendingChapterStart {
            if start.breaksPage { pageBreakProperty = pageBreak }
            opening = bookmark(start.bookmark)
            pendingChapterStart = nil
        }
        if pendingFootnoteMark {
            opening += "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"
            pendingFootnoteMark = false
        }
        // pageBreakBefore comes before numPr, and its spacing before the paragraph's own ind/jc.
        let breakFirst = pageBreakProperty.isEmpty ? "" : "<w:pageBreakBefore/>"
        let spacing = pageBreakProperty.isEmpty ? "" : "<w:spacing w:before=\"\(layout.chapterSpaceBefore)\"/>"
        output += "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>\(breakFirst)\(numbering)\(spacing)\(properties)</w:pPr>"
        output += opening + runs + "</w:p>"
    }

    /// A code block, its highlighted tokens in the print theme's colours (`CodeTheme`).
    private mutating func code(_ element: HTMLElement, _ context: Context) {
        let pieces = CodeTheme.tokens(of: element)
        var runs = ""
        for (text, kind) in pieces {
            var format = RunFormat()
            if let kind {
                format.color = CodeTheme.light[kind]
                format.italic = CodeTheme.italic.contains(kind)
            }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if index > 0 { runs += "<w:r><w:br/></w:r>" }
                if !line.isEmpty { runs += run(String(line), format) }
            }
        }
        writeParagraph(style: "Code", runs: runs)
        startsSection = false
    }

    // MARK: - Lists

    private mutating func list(_ element: HTMLElement, _ context: Context) {
        let level = min(context.listLevel + 1, 8)
        let start = element.name == "ol" ? Int(element["start"] ?? "") ?? 1 : 1
        lists.append(ListInstance(ordered: element.name == "ol", level: level, start: start))
        let numID = lists.count
        var inner = context
        inner.listLevel = level
        inner.style = "ListParagraph"
        for case .element(let item) in element.children where item.name == "li" {
            listItem(item.children, inner, numID: numID)
        }
        startsSection = false
    }

    /// The item's first paragraph carries the number, even when the item opens with a nested list.
    private mutating func listItem(_ children: [HTMLNode], _ context: Context, numID: Int) {
        var numbered = false
        var inline: [HTMLNode] = []
        func flush(_ writer: inout WordprocessingWriter, evenIfEmpty: Bool) {
            let content = HTMLNode.trimmed(inline)
            inline.removeAll()
            guard !content.isEmpty || (evenIfEmpty && !numbered) else { return }
            writer.listParagraph(content, context, numID: numbered ? nil : numID)
            numbered = true
        }
        for child in children {
            guard case .element(let element) = child, Self.blockElements.contains(element.name) else {
                inline.append(child)
                continue
            }
            flush(&self, evenIfEmpty: false)
            if element.name == "p" {
                inline = element.children
                flush(&self, evenIfEmpty: true)
            } else {
                flush(&self, evenIfEmpty: true)
                block(element, context)
            }
        }
        flush(&self, evenIfEmpty: true)
    }

    /// A list item's paragraph: the first carries the number, the rest align with its text.
    private mutating func listParagraph(_ children: [HTMLNode], _ context: Context, numID: Int?) {
        let numbering = numID.map { "<w:numPr><w:ilvl w:val=\"\(context.listLevel)\"/><w:numId w:val=\"\($0)\"/></w:numPr>" } ?? ""
        let indent = numID == nil ? "<w:ind w:left=\"\(720 * (context.listLevel + 1))\"/>" : ""
        writeParagraph(style: "ListParagraph", runs: inlineRuns(children, RunFormat()), numbering: numbering, properties: indent)
    }

    // MARK: - Tables

    private mutating func table(_ element: HTMLElement, _ context: Context) {
        var rows: [(cells: [HTMLElement], header: Bool)] = []
        func collect(_ nodes: [HTMLNode], header: Bool) {
            for case .element(let child) in nodes {
                switch child.name {
                case "thead": collect(child.children, header: true)
                case "tbody", "tfoot": collect(child.children, header: false)
                case "tr":
                    let cells = child.children.compactMap { node -> HTMLElement? in
                        if case .element(let cell) = node, cell.name == "td" || cell.name == "th" { return cell }
                        return nil
                    }
                    if !cells.isEmpty { rows.append((cells, header)) }
                default: break
                }
            }
        }
        collect(element.children, header: false)
        guard !rows.isEmpty else { return }
        let span = { (cell: HTMLElement) in max(1, min(Int(cell["colspan"] ?? "") ?? 1, 63)) }
        let columns = rows.map { $0.cells.reduce(0) { $0 + span($1) } }.max() ?? 1
        let columnWidth = layout.textWidth / columns

        var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += "<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
        }
        xml += "</w:tblBorders><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        xml += String(repeating: "<w:gridCol w:w=\"\(columnWidth)\"/>", count: columns)
        xml += "</w:tblGrid>"
        output += xml
        for row in rows {
            output += "<w:tr>" + (row.header ? "<w:trPr><w:tblHeader/></w:trPr>" : "")
            var used = 0
            for cell in row.cells {
                let cellSpan = min(span(cell), columns - used)
                guard cellSpan > 0 else { break }
                used += cellSpan
                tableCell(cell.children, span: cellSpan, width: columnWidth * cellSpan,
                          header: row.header || cell.name == "th", alignment: Self.alignment(of: cell), context)
            }
            while used < columns {
                tableCell([], span: 1, width: columnWidth, header: false, alignment: nil, context)
                used += 1
            }
            output += "</w:tr>"
        }
        output += "</w:tbl>"
        // Two tables in a row would merge into one, and a cell or the body must end in a paragraph.
        output += "<w:p><w:pPr><w:pStyle w:val=\"Compact\"/></w:pPr></w:p>"
        startsSection = false
    }

    private mutating func tableCell(
        _ children: [HTMLNode], span: Int, width: Int, header: Bool, alignment: String?, _ context: Context
    ) {
        output += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if span > 1 { output += "<w:gridSpan w:val=\"\(span)\"/>" }
        output += "</w:tcPr>"
        var inner = Context()
        inner.style = "Compact"
        inner.bold = header
        inner.alignment = alignment
        inner.inFootnote = context.inFootnote
        let before = output.utf8.count
        blocks(children, inner)
        if output.utf8.count == before || !output.hasSuffix("</w:p>") {
            output += "<w:p><w:pPr><w:pStyle w:val=\"Compact\"/></w:pPr></w:p>"
        }
        output += "</w:tc>"
    }

    private static func alignment(of cell: HTMLElement) -> String? {
        for name in cell.classes where name.hasPrefix("align-") {
            switch name.dropFirst("align-".count) {
            case "center": return "center"
            case "right": return "right"
            case "justify": return "both"
            default: return "left"
            }
        }
        return nil
    }

    // MARK: - Runs

    private struct RunFormat {
        var bold = false, italic = false, strike = false, underline = false, highlight = false
        var code = false, raised = false, lowered = false, link = false
        /// A highlighted code token's colour, as `RRGGBB`.
        var color: String?
    }

    /// Runs for inline content; `\n` in text is a soft line break, so a space.
    private mutating func inlineRuns(_ nodes: [HTMLNode], _ format: RunFormat) -> String {
        var xml = ""
        for node in nodes {
            switch node {
            case .text(let text):
                xml += run(text.replacingOccurrences(of: "\n", with: " "), format)
            case .element(let element):
                xml += inlineElement(element, format)
            }
        }
        return xml
    }

    private mutating func inlineElement(_ element: HTMLElement, _ format: RunFormat) -> String {
        var inner = format
        switch element.name {
        case "em", "i", "cite", "dfn", "var": inner.italic.toggle()
        case "strong", "b": inner.bold = true
        case "del", "s": inner.strike = true
        case "u", "ins": inner.underline = true
        case "mark": inner.highlight = true
        case "code", "kbd", "samp": inner.code = true
        case "sub": inner.lowered = true
        case "sup":
            if element.classes.contains("footnote-ref"), let note = footnoteReference(element) { return note }
            inner.raised = true
        case "br": return "<w:r><w:br/></w:r>"
        case "wbr": return ""
        case "img": return image(element)
        case "input":
            guard element["type"] == "checkbox" else { return "" }
            return run(element["checked"] != nil ? "\u{2612}" : "\u{2610}", format)
        case "q": return run("\u{201C}", format) + inlineRuns(element.children, format) + run("\u{201D}", format)
        case "a": return hyperlink(element, format)
        case "math": return formula(element, format)
        default: break
        }
        var xml = ""
        if let id = element["id"] { xml += bookmark(id) }
        return xml + inlineRuns(element.children, inner)
    }

    /// A formula as Word's own equation, made again from its TeX (the `alttext`); a block
    /// formula is a math paragraph of its own.
    private func formula(_ math: HTMLElement, _ format: RunFormat) -> String {
        let tex = math["alttext"] ?? math.textContent
        let isBlock = math["display"] == "block"
        if case .success(let xml) = TeXMath.omml(tex, display: isBlock ? .block : .inline) { return xml }
        var code = format
        code.code = true
        let delimiter = isBlock ? "$$" : "$"
        return run(delimiter + tex + delimiter, code)
    }

    private func run(_ text: String, _ format: RunFormat) -> String {
        guard !text.isEmpty else { return "" }
        var xml = "<w:r>" + runProperties(format)
        var first = true
        for piece in text.split(separator: "\t", omittingEmptySubsequences: false) {
            if !first { xml += "<w:tab/>" }
            first = false
            guard !piece.isEmpty else { continue }
            xml += "<w:t xml:space=\"preserve\">"
            XHTMLSerializer.appendEscaped(String(piece), to: &xml, inAttribute: false)
            xml += "</w:t>"
        }
        return xml + "</w:r>"
    }

    /// rPr children in schema order.
    private func runProperties(_ format: RunFormat) -> String {
        var xml = ""
        if format.code { xml += "<w:rStyle w:val=\"CodeChar\"/>" } else if format.link { xml += "<w:rStyle w:val=\"Hyperlink\"/>" }
        if format.bold { xml += "<w:b/><w:bCs/>" }
        if format.italic { xml += "<w:i/><w:iCs/>" }
        if format.strike { xml += "<w:strike/>" }
        if let color = format.color { xml += "<w:color w:val=\"" + color + "\"/>" }
        if format.highlight { xml += "<w:highlight w:val=\"yellow\"/>" }
        if format.underline { xml += "<w:u w:val=\"single\"/>" }
        if format.raised { xml += "<w:vertAlign w:val=\"superscript\"/>" } else if format.lowered { xml += "<w:vertAlign w:val=\"subscript\"/>" }
        return xml.isEmpty ? "" : "<w:rPr>" + xml + "</w:rPr>"
    }

    // MARK: - Links and bookmarks

    private mutating func hyperlink(_ element: HTMLElement, _ format: RunFormat) -> String {
        var inner = format
        inner.link = true
        guard let href = element["href"] else { return inlineRuns(element.children, format) }
        let fragment: String?
        switch BookReference.parse(href) {
        case .chapter(let stem, let target): fragment = target ?? chapterAnchors[stem]
        case .asset, .remoteImage: return inlineRuns(element.children, format)
        case nil:
            if href.hasPrefix("#") {
                fragment = String(href.dropFirst())
            } else {
                let id = relationships[part]!.add(type: DOCXRelationships.hyperlink, target: href, external: true)
                return "<w:hyperlink r:id=\"\(id)\">" + inlineRuns(element.children, inner) + "</w:hyperlink>"
            }
        }
        guard let fragment, !fragment.isEmpty else { return inlineRuns(element.children, format) }
        return "<w:hyperlink w:anchor=\"\(bookmarkName(fragment))\">" + inlineRuns(element.children, inner) + "</w:hyperlink>"
    }

    /// A zero-width bookmark where an id stood, so links to it land there.
    private mutating func bookmark(_ id: String) -> String {
        bookmarkCount += 1
        return "<w:bookmarkStart w:id=\"\(bookmarkCount)\" w:name=\"\(bookmarkName(id))\"/><w:bookmarkEnd w:id=\"\(bookmarkCount)\"/>"
    }

    /// Word's bookmark names: a letter first, then letters, digits and `_`, at most 40 in all.
    private mutating func bookmarkName(_ id: String) -> String {
        if let name = bookmarkNames[id] { return name }
        let cleaned = String(id.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) ? Character(scalar) : "_"
        }.prefix(30))
        let name = "d" + cleaned + "_\(bookmarkNames.count + 1)"
        bookmarkNames[id] = name
        return name
    }

    // MARK: - Footnotes

    /// A Word footnote for a note reference; a reference inside a note stays a superscript.
    private mutating func footnoteReference(_ sup: HTMLElement) -> String? {
        guard part == .document else { return nil }
        var target: String?
        for case .element(let link) in sup.children where link.name == "a" {
            if let href = link["href"], href.hasPrefix("#") { target = String(href.dropFirst()) }
        }
        guard let target, let content = notes[target]?.content else { return nil }
        let id = footnotes.count + 1
        // The note is written into its own buffer, with the walk's state put back afterwards.
        // The document is swapped out, not copied: a copy kept beside it made the next append
        // copy the whole document, once per reference (4,000 references: 2 GB and two minutes).
        var document = ""
        swap(&document, &output)
        let saved = (startsSection, pendingChapterStart)
        part = .footnotes
        pendingChapterStart = nil
        pendingFootnoteMark = true
        var context = Context()
        context.style = "FootnoteText"
        context.inFootnote = true
        blocks(content, context)
        if pendingFootnoteMark { writeParagraph(style: "FootnoteText", runs: "") }
        footnotes.append("<w:footnote w:id=\"\(id)\">" + output + "</w:footnote>")
        swap(&document, &output)
        (startsSection, pendingChapterStart) = saved
        part = .document
        return "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"\(id)\"/></w:r>"
    }

    // MARK: - Images

    private mutating func image(_ element: HTMLElement) -> String {
        let alt = element["alt"] ?? ""
        if let source = element["src"], case .remoteImage(let url) = BookReference.parse(source) {
            return run(BookReference.standIn(forRemoteImage: url, alt: alt), RunFormat())
        }
        guard let source = element["src"], case .asset(let href) = BookReference.parse(source),
            let asset = assets[href]
        else { return run(alt, RunFormat()) }
        let format = ImageCollector.formats[(href as NSString).pathExtension.lowercased()]
        guard format != .webp else {
            droppedImages.append((chapterPath, href))
            return run(alt, RunFormat())
        }
        var placed = mediaByHref[href] ?? placeImage(asset, href: href, format: format)
        if placed.relationships[part] == nil {
            placed.relationships[part] = relationships[part]!.add(type: DOCXRelationships.image, target: "media/" + placed.name)
        }
        if let fallback = placed.fallback, placed.fallbackRelationships[part] == nil {
            placed.fallbackRelationships[part] = relationships[part]!.add(type: DOCXRelationships.image, target: "media/" + fallback)
        }
        mediaByHref[href] = placed
        var (width, height) = placed.extent
        if let pixels = Int(element["width"] ?? ""), pixels > 0 {
            let requested = pixels * DOCXImageSize.emuPerPixel
            height = height * requested / max(width, 1)
            width = requested
        }
        (width, height) = DOCXImageSize.fit(width: width, height: height, maxWidth: layout.textWidthEMU, maxHeight: layout.textHeightEMU)
        drawingCount += 1
        let relationship = placed.relationships[part]!
        let blip: String
        if let fallback = placed.fallbackRelationships[part] {
            // Word 2016 and later draw the SVG; older readers (and LibreOffice 7) the PNG.
            blip = "<a:blip r:embed=\"\(fallback)\"><a:extLst><a:ext uri=\"{96DAC541-7B7A-43D3-8B79-37D633B846F1}\"><asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"\(relationship)\"/></a:ext></a:extLst></a:blip>"
        } else {
            blip = "<a:blip r:embed=\"\(relationship)\"/>"
        }
        var description = ""
        XHTMLSerializer.appendEscaped(alt, to: &description, inAttribute: true)
        return "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
            + "<wp:extent cx=\"\(width)\" cy=\"\(height)\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
            + "<wp:docPr id=\"\(drawingCount)\" name=\"Picture \(drawingCount)\" descr=\"\(description)\"/>"
            + "<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
            + "<a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
            + "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"\(drawingCount)\" name=\"\((href as NSString).lastPathComponent)\" descr=\"\(description)\"/><pic:cNvPicPr/></pic:nvPicPr>"
            + "<pic:blipFill>\(blip)<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(width)\" cy=\"\(height)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
            + "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    }

    /// The PNGs of the book's SVG images, made side by side: each is a run of `rsvg-convert`,
    /// and a book with dozens of diagrams spent seconds on them one after another.
    private static func svgFallbacks(of images: [BookAsset]) -> [String: Data?] {
        let svgs = images.filter { ImageCollector.formats[($0.href as NSString).pathExtension.lowercased()] == .svg }
        let pngs = Parallel.map(svgs, rasterize)
        return Dictionary(zip(svgs.map(\.href), pngs), uniquingKeysWith: { first, _ in first })
    }

    /// The SVG as a PNG twice as wide, in pixels, as it is shown (at most 2,400).
    private static func rasterize(_ asset: BookAsset) -> Data? {
        let extent = DOCXImageSize.extent(of: asset.source, format: .svg)
        return DOCXImageSize.rasterize(asset, pixelWidth: min(2400, max(1, 2 * extent.0 / DOCXImageSize.emuPerPixel)))
    }

    /// Adds the image's file (and an SVG's PNG rendering) to the package, once.
    private mutating func placeImage(_ asset: BookAsset, href: String, format: ImageInfo.Format?) -> PlacedImage {
        let name = (href as NSString).lastPathComponent
        let extent = DOCXImageSize.extent(of: asset.source, format: format)
        media.append(asset.contents.map { Media(path: "media/" + name, data: $0) } ?? Media(path: "media/" + name, source: asset.source))
        var placed = PlacedImage(name: name, extent: extent)
        guard format == .svg else { return placed }
        if let png = svgFallbacks[href] ?? Self.rasterize(asset) {
            let fallback = "fallback/" + (name as NSString).deletingPathExtension + ".png"
            media.append(Media(path: "media/" + fallback, data: png))
            placed.fallback = fallback
        } else {
            if !media.contains(where: { $0.path == "media/" + DOCXImageSize.svgFallbackName }) {
                media.append(Media(path: "media/" + DOCXImageSize.svgFallbackName, data: DOCXImageSize.svgFallbackPNG))
            }
            placed.fallback = DOCXImageSize.svgFallbackName
        }
        return placed
    }

    // MARK: - Helpers

}

/// The relationships of one part, each target once.
struct DOCXRelationships {
    static let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    static let image = base + "image"
    static let hyperlink = base + "hyperlink"

    private(set) var entries: [(id: String, type: String, target: String, external: Bool)] = []
    private var idByTarget: [String: String] = [:]

    /// The id of the relationship, added when new.
    mutating func add(type: String, target: String, external: Bool = false) -> String {
        let key = type + " " + target
        if let id = idByTarget[key] { return id }
        let id = "rId\(entries.count + 1)"
        entries.append((id, type, target, external))
        idByTarget[key] = id
        return id
    }

    var xml: String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for entry in entries {
            xml += "<Relationship Id=\"\(entry.id)\" Type=\"\(entry.type)\" Target=\""
            XHTMLSerializer.appendEscaped(entry.target, to: &xml, inAttribute: true)
            xml += "\"" + (entry.external ? " TargetMode=\"External\"" : "") + "/>"
        }
        return xml + "</Relationships>"
    }
}
