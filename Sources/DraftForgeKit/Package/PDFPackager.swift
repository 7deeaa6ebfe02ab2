// Package: a `RenderedBook` becomes the print PDF. One HTML document laid out for paged media
// (title page, copyright page, contents with page numbers, parts and chapters) goes with its
// stylesheet, images and fonts into a private temporary folder; WeasyPrint lays it out into a
// file beside the destination, which is renamed into place only when it is a whole PDF, so a
// failed run never leaves half a PDF or damages an earlier one.
import Foundation

/// Writes the print PDF (`--format pdf`).
public struct PDFPackager: OutputFormat {
    /// The PDF version WeasyPrint writes.
    public static let formatVersion = "1.7"
    static let id = ExportFormat.pdf
    static let templateFolder = "pdf"
    static let documentName = "book.html"

    /// The page geometry, as the manifest's job settings record it.
    static func settings(_ book: RenderedBook) -> [String: JSONValue] {
        let options = book.config.pdf
        let automatic = options.engine == .typst && options.insideIsAutomatic
        var settings: [String: JSONValue] = [
            "engine": .string(options.engine.rawValue),
            "trim": .string("\(options.width) x \(options.height)"),
            "margins": .object([
                "inside": .string(automatic ? "auto" : options.inside.description), "outside": .string(options.outside.description),
                "top": .string(options.top.description), "bottom": .string(options.bottom.description),
            ]),
            "running_heads": .bool(options.runningHeads),
            // The cover image is for the EPUB and the site; the PDF opens on its title page.
            "include_cover": .bool(false),
        ]
        if options.engine == .typst {
            settings["bleed"] = .bool(options.bleed)
            settings["recto_chapters"] = .bool(options.rectoChapters)
        }
        return settings
    }
    static let stylesheetName = "book.css"

    let templates: TemplateSet
    /// WeasyPrint, or why it cannot be used; only `pdf.engine: weasyprint` needs it.
    let weasyprint: Result<PDFEngine, Diagnostic>
    let environment: [String: String]

    init(templates: TemplateSet, engine: PDFEngine) {
        self.templates = templates
        weasyprint = .success(engine)
        environment = engine.environment
    }

    /// With the engines found in `environment`; the book's `pdf.engine` decides which it needs.
    init(templates: TemplateSet, environment: [String: String]) throws {
        self.templates = templates
        self.environment = environment
        do {
            weasyprint = .success(try PDFEngine.locate(environment: environment))
        } catch {
            weasyprint = .failure(error)
        }
    }

    static func outputName(slug: String) -> String { "\(slug).pdf" }

    /// Writes the book to `destination` through the context's writer. An image the engine could
    /// not place is added to `warnings`.
    func write(
        _ book: RenderedBook, to destination: URL, context: OutputContext, warnings: inout [Diagnostic]
    ) throws -> WrittenOutput {
        let manager = FileManager.default
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        let work = manager.temporaryDirectory.appendingPathComponent("draftforge-pdf-\(unique)")
        try manager.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        Interruption.remove(folder: work)
        defer { Interruption.removeNow(folder: work) }
        if book.config.pdf.engine == .typst || book.isPrintCover {
            return try writeWithTypst(book, to: destination, work: work, context: context, warnings: &warnings)
        }

        var engine = try weasyprint.get()
        let words = book.chapters.reduce(0) { $0 + $1.prose.words }
        if !engine.timeoutIsExplicit {
            engine.timeout = PDFEngine.timeout(forWords: words, images: book.images.count)
        }
        if !engine.memoryIsExplicit {
            engine.memoryLimit = PDFEngine.memoryLimit(forWords: words, images: book.images.count)
        }

        for chapter in book.chapters where chapter.hasMath {
            warnings.append(chapter.formulasAsTeXWarning("PDF", reason: "the PDF engine (WeasyPrint) cannot typeset MathML"))
        }
        var outside: [String] = []
        let html = EngineInput.confine(html: document(book), removed: &outside)
        let css = EngineInput.confine(css: stylesheet(book), removed: &outside)
        var seen = Set<String>()
        for reference in outside where seen.insert(reference).inserted {
            warnings.append(Diagnostic(
                .warning, .engineReferenceRemoved, at: nil,
                "the PDF would have read '\(reference.prefix(200))', which is not a file of the book; the reference was removed",
                suggestion: "copy the file into the manuscript and name it by a relative path in the css or the PDF template"))
        }
        try Data(html.utf8).write(to: work.appendingPathComponent(Self.documentName))
        try Data(css.utf8).write(to: work.appendingPathComponent(Self.stylesheetName))
        for asset in book.images + book.fonts.map(\.asset) {
            let copy = work.appendingPathComponent(asset.href)
            try manager.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard !manager.fileExists(atPath: copy.path) else { continue }
            if let contents = asset.contents { try contents.write(to: copy) } else { try manager.copyItem(at: asset.source, to: copy) }
        }

        var log = ""
        let size = try context.writer.replace(destination) { partial in
            log = try engine.render(work.appendingPathComponent(Self.documentName), to: partial)
            guard Self.isWholePDF(partial) else {
                throw Diagnostic(
                    .error, .outputFailed, at: nil, "the PDF engine \(engine.executable.lastPathComponent) wrote no complete PDF",
                    suggestion: "run '\(engine.executable.path) --info' to check the engine")
            }
            return (try manager.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? 0
        }
        let sources = Dictionary(book.images.map { ($0.href, $0.source.lastPathComponent) }, uniquingKeysWith: { first, _ in first })
        for (path, reason) in PDFEngine.refusedImages(in: log, folder: work) {
            let name = sources[path].map { "'\($0)'" } ?? "'\(path)'"
            warnings.append(Diagnostic(
                .warning, .imageDropped, at: nil,
                "the PDF engine could not place the image \(name), so the PDF lacks it"
                    + (reason.isEmpty ? "" : ": " + String(reason.prefix(200))),
                suggestion: "export the image again at a usual size (under 89 million pixels) as PNG or JPEG"))
        }
        return WrittenOutput(sizeBytes: size)
    }

    /// A PDF header at the start and an end-of-file marker in the last bytes.
    static func isWholePDF(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 5), head == Data("%PDF-".utf8),
            let end = try? handle.seekToEnd(), end > 64
        else { return false }
        try? handle.seek(toOffset: end - 64)
        let tail = (try? handle.readToEnd()) ?? Data()
        return tail.range(of: Data("%%EOF".utf8)) != nil
    }

    // MARK: - The document

    func document(_ book: RenderedBook) -> String {
        let config = book.config
        // The EPUB's title and copyright pages say the same things.
        let frontPages = EPUBPackager(templates: templates)
        var context: [String: Any] = [
            "language": XML.safe(config.language),
            "rtl": config.isRightToLeft,
            "title": XML.safe(config.title),
            "generator": "DraftForge \(DraftForgeVersion.current)",
            "modified": BuildDate.iso8601(book.modified),
            "stylesheet": Self.stylesheetName,
            "runningHeads": config.pdf.runningHeads,
            "titlePage": frontPages.titlePageContext(book),
            "copyright": frontPages.copyrightContext(book),
            "contents": contents(book),
            "chapters": chapters(book),
            "strings": config.interfaceStrings.templateTable(),
        ]
        if !config.authors.isEmpty { context["authors"] = XML.safe(EPUBPackager.joinedNames(config.authors, config.interfaceStrings)) }
        if let description = config.description { context["description"] = XML.safe(description) }
        if !config.subjects.isEmpty { context["keywords"] = XML.safe(config.subjects.joined(separator: ", ")) }
        return templates.render("pdf.html", context)
    }

    /// Front matter before the first story chapter is numbered in roman numerals; the story
    /// starts again at 1, on its first part or chapter.
    private func chapters(_ book: RenderedBook) -> [[String: Any]] {
        // The site's print page keeps web images; the PDF engine is never let fetch them.
        var style = SitePackager.SiteLayout(book).printStyle
        style.keepsRemoteImages = false
        let divisions = EPUBPackager.divisions(of: book.chapters)
        let bodyStart = divisions.firstIndex(of: .bodymatter)
        var partShown = Set<Int>()
        return book.chapters.enumerated().map { position, chapter -> [String: Any] in
            let chapter = chapter.withFormulasAsTeX()
            let front = divisions[position] == .frontmatter
            var entry: [String: Any] = [
                "anchorID": chapter.anchorID, "title": XML.safe(chapter.title),
                "body": XHTMLSerializer.serialize(chapter.page, style: style),
                "kind": chapter.matter?.rawValue ?? "chapter",
                "pageClass": front ? "df-front-chapter" : "df-chapter",
                "inPart": chapter.partIndex != nil,
            ]
            if let language = chapter.language {
                entry["chapterLanguage"] = XML.safe(language)
                entry["chapterDirection"] = LanguageTag.isRightToLeft(language) ? "rtl" : "ltr"
            }
            if let part = chapter.partIndex, partShown.insert(part).inserted {
                entry["part"] = ["title": XML.safe(book.parts[part].title), "bodyStart": position == bodyStart]
            } else if position == bodyStart {
                entry["bodyStart"] = true
            }
            return entry
        }
    }

    /// The table of contents: parts with their chapters nested, each with its page number.
    private func contents(_ book: RenderedBook) -> [[String: Any]] {
        let divisions = EPUBPackager.divisions(of: book.chapters)
        var contents: [[String: Any]] = []
        var partPositions: [Int: Int] = [:]
        for (position, chapter) in book.chapters.enumerated() where !chapter.isUntitled {
            let entry: [String: Any] = [
                "title": XML.safe(chapter.title), "anchorID": chapter.anchorID,
                "entryClass": divisions[position] == .frontmatter ? "df-contents-front" : "df-contents-chapter",
            ]
            guard let part = chapter.partIndex else {
                contents.append(entry)
                continue
            }
            if let index = partPositions[part] {
                var chapters = contents[index]["chapters"] as? [[String: Any]] ?? []
                chapters.append(entry)
                contents[index]["chapters"] = chapters
            } else {
                partPositions[part] = contents.count
                contents.append(["isPart": true, "title": XML.safe(book.parts[part].title), "chapters": [entry]])
            }
        }
        return contents
    }

    // MARK: - The stylesheet

    /// The default (or the manuscript's) `pdf.css`, then the page geometry of `pdf:` in the
    /// config, then the fonts and the manuscript's `css`.
    func stylesheet(_ book: RenderedBook) -> String {
        let options = book.config.pdf
        let geometry = """

            /* pdf: in \(book.config.file) */
            @page { size: \(options.width) \(options.height); margin-top: \(options.top); margin-bottom: \(options.bottom); }
            @page :right { margin-left: \(options.inside); margin-right: \(options.outside); }
            @page :left { margin-left: \(options.outside); margin-right: \(options.inside); }

            """
        return TemplateSet.bookStylesheet(templates.stylesheet + geometry, book: book, assetPrefix: "", print: true)
    }
}
