// Package: a `RenderedBook` becomes a Word document (Office Open XML, ECMA-376 transitional),
// written with the EPUB's zip writer. The recipe reads top to bottom: styles, the cover or
// title page, the chapters (parts between them), then the parts around the document and the
// zip. The file is written beside its final name and renamed into place (`OutputWriter`).
import Foundation

/// Writes `.docx` files (`--format docx`).
public struct DOCXPackager: OutputFormat {
    public static let formatVersion = "ECMA-376 transitional"
    static let id = ExportFormat.docx
    static let templateFolder = "docx"

    /// A failure that names what to fix, shown as "could not write book.docx: …".
    struct Failure: LocalizedError {
        var errorDescription: String?
    }

    let templates: TemplateSet

    init(templates: TemplateSet, environment: [String: String]) { self.templates = templates }

    static func outputName(slug: String) -> String { "\(slug).docx" }

    /// The layout the manifest records beside the template.
    static func settings(_ book: RenderedBook) -> [String: JSONValue] {
        let options = book.config.docx
        return [
            "docx_style": .string(options.style.rawValue), "paper": .string(options.paper.rawValue),
            "font": .string(options.font),
            // The manuscript has a cover page of text; the cover image is for the EPUB and the site.
            "include_cover": .bool(false), "fonts": .array([]),
        ]
    }

    /// Writes the book to `destination` through the context's writer. What the DOCX cannot carry
    /// (raw HTML, WebP images) is added to `warnings`, once per chapter.
    func write(
        _ book: RenderedBook, to destination: URL, context: OutputContext, warnings: inout [Diagnostic]
    ) throws -> WrittenOutput {
        let layout = DOCXLayout(book.config.docx, language: book.config.language)
        let styles = templates.render("styles.xml", layout.stylesContext)
        if let problem = XMLCheck.problem(in: styles) {
            let file = templates.overridden.contains("styles.xml.mustache") ? "templates/styles.xml.mustache" : "styles.xml.mustache"
            throw Failure(errorDescription: "\(file) does not give well-formed XML (\(problem))")
        }

        var writer = WordprocessingWriter(layout: layout, book: book)
        if layout.isManuscript { coverPage(book, layout, &writer) } else { titlePage(book, &writer) }
        var partShown = Set<Int>()
        for chapter in book.chapters {
            if let part = chapter.partIndex, partShown.insert(part).inserted {
                writer.appendParagraph(style: "PartTitle", WordprocessingWriter.plainRun(book.parts[part].title))
            }
            writer.appendChapter(chapter)
        }
        warnings += Self.warnings(book, droppedImages: writer.droppedImages)

        var files: [(path: String, data: Data)] = []
        var documentRelationships = writer.relationships[.document]!
        for (type, target) in [("styles", "styles.xml"), ("settings", "settings.xml"), ("numbering", "numbering.xml"), ("footnotes", "footnotes.xml")] {
            _ = documentRelationships.add(type: DOCXRelationships.base + type, target: target)
        }
        let header = Self.headerText(book)
        let headerFooter: (element: String, style: String, text: String) =
            layout.isManuscript ? ("hdr", "Header", header) : ("ftr", "Footer", "")
        let kind = layout.isManuscript ? "header" : "footer"
        let running = documentRelationships.add(type: DOCXRelationships.base + kind, target: "\(kind)1.xml")
        let blank = documentRelationships.add(type: DOCXRelationships.base + kind, target: "\(kind)2.xml")
        files.append(("word/\(kind)1.xml", Data(DOCXParts.headerFooter(
            headerFooter.element, style: headerFooter.style, text: headerFooter.text, pageNumber: true).utf8)))
        files.append(("word/\(kind)2.xml", Data(DOCXParts.headerFooter(
            headerFooter.element, style: headerFooter.style, text: "", pageNumber: false).utf8)))

        let sectionProperties = layout.sectionProperties(kind: kind, running: running, first: blank)
        let document = DOCXParts.declaration + "<w:document \(DOCXParts.namespaces)><w:body>"
            + writer.body + sectionProperties + "</w:body></w:document>"
        files.insert(contentsOf: [
            ("word/document.xml", Data(document.utf8)),
            ("word/_rels/document.xml.rels", Data(documentRelationships.xml.utf8)),
            ("word/styles.xml", Data(styles.utf8)),
            ("word/settings.xml", Data(DOCXParts.settings(language: book.config.language).utf8)),
            ("word/numbering.xml", Data(DOCXParts.numbering(writer.lists).utf8)),
            ("word/footnotes.xml", Data(DOCXParts.footnotes(writer.footnotes).utf8)),
        ], at: 0)
        if let footnoteRelationships = writer.relationships[.footnotes], !footnoteRelationships.entries.isEmpty {
            files.append(("word/_rels/footnotes.xml.rels", Data(footnoteRelationships.xml.utf8)))
        }
        for media in writer.media {
            files.append(("word/" + media.path, try media.data ?? Data(contentsOf: media.source!)))
        }
        let packageFiles: [(path: String, data: Data)] = [
            ("_rels/.rels", Data(DOCXParts.packageRelationships().utf8)),
            ("docProps/core.xml", Data(DOCXParts.coreProperties(book).utf8)),
            ("docProps/app.xml", Data(DOCXParts.appProperties(book).utf8)),
        ]
        let all = packageFiles + files
        let contentTypes = DOCXParts.contentTypesXML(parts: all.map(\.path))
        let (size, checksum) = try Self.writeZip(
            [("[Content_Types].xml", Data(contentTypes.utf8))] + all, to: destination, date: book.modified,
            writer: context.writer)
        return WrittenOutput(sizeBytes: size, checksum: checksum)
    }

    private static func writeZip(
        _ files: [(path: String, data: Data)], to destination: URL, date: Date, writer: OutputWriter
    ) throws -> (size: Int, checksum: String?) {
        try writer.replace(destination) { temporary in
            let zip = try ZipWriter(url: temporary, modificationDate: date)
            for file in files { try zip.addEntry(path: file.path, data: file.data) }
            try zip.finish()
            return (zip.size, zip.checksum)
        }
    }

    // MARK: - Cover and title page

    /// Standard manuscript format: contact details top left, the word count top right, the
    /// title and byline halfway down.
    private func coverPage(_ book: RenderedBook, _ layout: DOCXLayout, _ writer: inout WordprocessingWriter) {
        let config = book.config
        let contact = config.docx.contact
        let name = contact.name ?? config.authors.first ?? ""
        let lines = contact.address + [contact.phone, contact.email, contact.website].compactMap { $0 }
        writer.appendParagraph(
            style: "Contact",
            WordprocessingWriter.plainRun(name) + "<w:r><w:tab/></w:r>"
                + WordprocessingWriter.plainRun("about \(Self.roundedWordCount(book.wordCount)) words"))
        for line in lines { writer.appendParagraph(style: "Contact", WordprocessingWriter.plainRun(line)) }
        // Single-spaced contact lines are about 276 twips each; the title goes halfway down.
        let halfway = layout.pageHeight / 2 - layout.margin
        let before = max(480, halfway - (lines.count + 1) * 276)
        writer.appendParagraph(style: "Title", WordprocessingWriter.plainRun(config.title),
                               extraProperties: "<w:spacing w:before=\"\(before)\"/>")
        if let subtitle = config.subtitle { writer.appendParagraph(style: "Subtitle", WordprocessingWriter.plainRun(subtitle)) }
        if !config.authors.isEmpty {
            writer.appendParagraph(style: "Author", WordprocessingWriter.plainRun("by " + EPUBPackager.joinedNames(config.authors)))
        }
    }

    /// The book layout: title, subtitle and authors a third down the first page.
    private func titlePage(_ book: RenderedBook, _ writer: inout WordprocessingWriter) {
        let config = book.config
        writer.appendParagraph(style: "Title", WordprocessingWriter.plainRun(config.title))
        if let subtitle = config.subtitle { writer.appendParagraph(style: "Subtitle", WordprocessingWriter.plainRun(subtitle)) }
        if !config.authors.isEmpty {
            writer.appendParagraph(style: "Author", WordprocessingWriter.plainRun(EPUBPackager.joinedNames(config.authors)))
        }
        if let publisher = config.publisher {
            writer.appendParagraph(style: "Author", WordprocessingWriter.plainRun(publisher),
                                   extraProperties: "<w:spacing w:before=\"2880\"/>")
        }
    }

    /// "Holt / LIGHTHOUSE / " before the page number: the surname, then the short title in capitals.
    static func headerText(_ book: RenderedBook) -> String {
        let options = book.config.docx
        let surname = options.surname ?? book.config.authors.first?.split(separator: " ").last.map(String.init)
        let title = (options.shortTitle ?? book.config.title).uppercased()
        return ([surname, title].compactMap { $0 } + [""]).joined(separator: " / ")
    }

    /// Manuscripts give their length to the nearest thousand words (a hundred below a thousand),
    /// as "9,000".
    static func roundedWordCount(_ words: Int) -> String {
        let step = words < 1000 ? 100 : 1000
        let rounded = max(step, (words + step / 2) / step * step)
        var digits = String(rounded)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped
    }

    // MARK: - What the DOCX leaves out

    private static func warnings(_ book: RenderedBook, droppedImages: [(chapter: String, href: String)]) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for chapter in book.chapters {
            guard let first = chapter.rawHTMLLocations.first else { continue }
            let count = chapter.rawHTMLLocations.count
            warnings.append(Diagnostic(
                .warning, .rawHTMLDropped, at: first,
                "the DOCX drops raw HTML and keeps its text: \(count) tag\(count == 1 ? "" : "s") in this chapter, the first here",
                suggestion: "write it in Markdown, or leave it: the EPUB and the site keep it"))
        }
        var seen = Set<String>()
        for (chapter, href) in droppedImages where seen.insert(chapter + "\n" + href).inserted {
            warnings.append(Diagnostic(
                .warning, .imageDropped, at: SourceLocation(file: chapter),
                "Word cannot show the WebP image \((href as NSString).lastPathComponent); the DOCX has its alt text instead",
                suggestion: "save the image as PNG or JPEG"))
        }
        return warnings
    }
}
