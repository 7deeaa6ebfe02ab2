// The print PDF through Typst (`pdf.engine: typst`): `book.typ` is written from the rendered
// book beside the layout `draftforge.typ` (DraftForge's, or the manuscript's templates/) and
// the book's images, in a private folder; `typst_compile.py` runs Typst (PyPI `typst`) there,
// sets the book again while the page count calls for another gutter, and writes the PDF,
// which is renamed into place only when whole.
import DraftForgeTemplates
import Foundation

struct TypstPrint {
    static let pythonVariable = "DRAFTFORGE_PYTHON"
    /// A folder to copy the book's Typst source into, for whoever writes a layout.
    static let sourceVariable = "DRAFTFORGE_TYPST_SOURCE"
    static let installHint = "install Typst's Python package with 'pip install typst' (PyPI), or run 'scripts/bootstrap pdf'"
    static let layoutName = "draftforge.typ"
    static let documentName = "book.typ"

    let templates: TemplateSet
    let environment: [String: String]

    /// The book's Typst source, with what the writer found on the way.
    func source(_ book: RenderedBook) -> (text: String, writer: TypstWriter) {
        let config = book.config
        let options = config.pdf
        let strings = config.interfaceStrings
        let bleed = options.bleed ? PrintRules.bleed * 72 : 0
        let widestGutter = options.insideIsAutomatic ? PrintRules.gutters.last!.inches * 72 : options.inside.points
        let textWidth = (options.width.points - widestGutter - options.outside.points) / 72
        let textHeight = (options.height.points - options.top.points - options.bottom.points) / 72
        var writer = TypstWriter(book: book, textWidth: textWidth, textHeight: textHeight)
        writer.marksBlocks = book.marksPrintPages

        let authors = EPUBPackager.joinedNames(config.authors, strings)
        var text = "// Written by DraftForge \(DraftForgeVersion.current) from \(config.file); the layout is \(Self.layoutName).\n"
        text += "#import \"\(Self.layoutName)\": *\n"
        var settings = [
            "title: " + TypstMarkup.string(config.title),
            "authors: " + TypstMarkup.string(authors),
            "lang: " + TypstMarkup.string(TypstWriter.typstLanguage(config.language)),
            "width: " + TypstMarkup.points(options.width.points), "height: " + TypstMarkup.points(options.height.points),
            "inside: " + TypstMarkup.points(options.insideIsAutomatic ? PrintRules.gutters[0].inches * 72 : options.inside.points),
            "outside: " + TypstMarkup.points(options.outside.points),
            "top: " + TypstMarkup.points(options.top.points), "bottom: " + TypstMarkup.points(options.bottom.points),
            "bleed: " + TypstMarkup.points(bleed),
            // Large print: about a third bigger than the 11 pt body.
            "font-size: " + (book.isLargePrint ? "14.5pt" : "11pt"),
            "running-heads: \(options.runningHeads)", "recto-chapters: \(options.rectoChapters)",
            "theme: " + TypstMarkup.string(config.theme?.rawValue ?? "plain"),
            "scene-break: " + TypstMarkup.string(config.sceneBreak ?? config.theme?.sceneBreak ?? "* * *"),
            "keywords: (" + config.subjects.map(TypstMarkup.string).joined(separator: ", ") + (config.subjects.count == 1 ? ",)" : ")"),
        ]
        let subtags: [Substring] = config.language.split(separator: "-")
        if let region = subtags.dropFirst().first(where: { $0.count == 2 }) {
            settings.append("region: " + TypstMarkup.string(region.lowercased()))
        }
        if config.isRightToLeft { settings.append("dir: rtl") }
        // The book's own font (`fonts:`) sets its text; Typst finds it in the fonts folder.
        if let font = book.fonts.first(where: { $0.style == "normal" }) ?? book.fonts.first {
            settings.append("body-font: " + TypstMarkup.string(font.family))
        }
        if let description = config.description { settings.append("description: " + TypstMarkup.string(description)) }
        if let subtitle = config.subtitle { settings.append("subtitle: " + TypstMarkup.string(subtitle)) }
        text += "#show: df-book.with(\n  " + settings.joined(separator: ",\n  ") + ",\n)\n\n"

        text += "#df-half-title(" + TypstMarkup.string(config.title) + ")\n"
        var title = ["title: " + TypstMarkup.string(config.title), "authors: " + TypstMarkup.string(authors)]
        if let subtitle = config.subtitle { title.append("subtitle: " + TypstMarkup.string(subtitle)) }
        if let publisher = config.publisher { title.append("publisher: " + TypstMarkup.string(publisher)) }
        text += "#df-title-page(" + title.joined(separator: ", ") + ")\n"
        text += "#df-copyright-page((" + copyrightLines(book).map { "[" + $0 + "]" }.joined(separator: ", ") + ",))\n"
        if book.chapters.contains(where: { !$0.isUntitled }) {
            text += "#df-contents(" + TypstMarkup.string(strings["contents"]) + ")\n\n"
        }

        let divisions = EPUBPackager.divisions(of: book.chapters)
        let bodyStart = divisions.firstIndex(of: .bodymatter)
        var partShown = Set<Int>()
        for (position, chapter) in book.chapters.enumerated() {
            if position == bodyStart { writer.append("#df-body-start()\n#set page(numbering: \"1\")\n#counter(page).update(1)\n\n") }
            if let part = chapter.partIndex, partShown.insert(part).inserted {
                writer.append("#df-part(" + TypstMarkup.string(book.parts[part].title) + ")\n\n")
            }
            writer.appendChapter(chapter, position: position, isFrontMatter: divisions[position] == .frontmatter)
        }
        if book.marksPrintPages { writer.append(TypstWriter.blockPageQuery) }
        text += writer.output
        return (text, writer)
    }

    /// The print cover's Typst source for an interior of `pages` pages, and its spine width in inches.
    func coverSource(_ book: RenderedBook, pages: Int) -> (text: String, spine: Double) {
        let config = book.config
        let options = config.printCover ?? PrintCoverOptions()
        let spine = Double(pages) * options.paper.inchesPerPage
        let authors = EPUBPackager.joinedNames(config.authors, config.interfaceStrings)
        var arguments = [
            "trim-width: " + TypstMarkup.points(config.pdf.width.points), "trim-height: " + TypstMarkup.points(config.pdf.height.points),
            "spine: " + TypstMarkup.points(spine * 72), "bleed: " + TypstMarkup.points(PrintRules.bleed * 72),
            "title: " + TypstMarkup.string(config.title), "authors: " + TypstMarkup.string(authors),
        ]
        if let subtitle = config.subtitle { arguments.append("subtitle: " + TypstMarkup.string(subtitle)) }
        if let cover = book.cover { arguments.append("front: " + TypstMarkup.string(cover.href)) }
        if let back = options.back {
            let paragraphs = back.components(separatedBy: "\n\n").map { TypstMarkup.text($0.trimmed) }
            arguments.append("back: [" + paragraphs.joined(separator: "\n\n") + "]")
        }
        if pages >= PrintCoverOptions.spineTextPages {
            let text = options.spine ?? (authors.isEmpty ? config.title : config.title + "    " + authors)
            arguments.append("spine-text: " + TypstMarkup.string(text))
        }
        let text = "#import \"\(Self.layoutName)\": *\n#set document(title: " + TypstMarkup.string(config.title)
            + ", author: " + TypstMarkup.string(authors) + ")\n#df-print-cover(" + arguments.joined(separator: ", ") + ")\n"
        return (text, spine)
    }

    /// The copyright page's lines as Typst markup, in the EPUB's order.
    private func copyrightLines(_ book: RenderedBook) -> [String] {
        let config = book.config
        let strings = config.interfaceStrings
        let year = EPUBPackager.copyrightYear(book)
        var lines = ["#emph[" + TypstMarkup.text(config.title) + "]" + (config.subtitle.map { TypstMarkup.text(": " + $0) } ?? "")]
        if let series = config.series {
            lines.append(TypstMarkup.text(series.position.map {
                strings.format("series_position", ["series": series.name, "position": $0])
            } ?? series.name))
        }
        if let rights = config.rights {
            lines.append(TypstMarkup.text(rights))
        } else {
            let authors = config.authors.isEmpty ? "" : " " + EPUBPackager.joinedNames(config.authors, strings)
            lines.append(TypstMarkup.text(strings.format("copyright_line", ["year": year]) + authors))
        }
        if let version = book.bookVersion { lines.append(TypstMarkup.text(strings.format("version", ["version": version]))) }
        if let edition = config.edition { lines.append(TypstMarkup.text(edition)) }
        for contributor in config.contributors {
            let role = ManuscriptConfig.Contributor.roles.first { $0.value == contributor.role }?.key ?? contributor.role
            lines.append(TypstMarkup.text(role.capitalized + ": " + contributor.name))
        }
        if book.identifier.hasPrefix("urn:isbn:") { lines.append(TypstMarkup.text("ISBN " + book.identifier.dropFirst("urn:isbn:".count))) }
        if let publisher = config.publisher { lines.append(TypstMarkup.text(strings.format("published_by", ["publisher": publisher]))) }
        return lines
    }

    // MARK: - Running Typst

    /// What a run of Typst reported.
    struct Outcome {
        var pages: Int
        /// The inside margin it was set with, in points.
        var gutter: Double
        var warnings: [String]
        /// The PDF standards the file claims (`ua-1`), and why one asked for was dropped.
        var standards: [String] = []
        var standardProblem: String?
        /// Where each marked block fell (`TypstWriter.marksBlocks`), in the book's order.
        var blockPlaces: [PrintPages.BlockPlace] = []
    }

    /// Where Typst's problem is, when it is in the manuscript's own layout; DraftForge's
    /// `book.typ` and layout have no place the author could edit.
    private func location(of place: [String: Any]?) -> SourceLocation? {
        guard let place, place["file"] as? String == Self.layoutName, templates.overridden.contains(Self.layoutName) else { return nil }
        return SourceLocation(
            file: "\(TemplateSet.overrideFolder)/\(Self.layoutName)", line: place["line"] as? Int, column: place["column"] as? Int)
    }

    /// The Python that runs Typst: `DRAFTFORGE_PYTHON`, else `python3` on PATH.
    func python() throws(Diagnostic) -> URL {
        if let named = environment[Self.pythonVariable], !named.isEmpty {
            let url = URL(fileURLWithPath: named)
            guard PDFEngine.isExecutable(url) else {
                throw Diagnostic(
                    .error, .engineMissing, at: nil, "\(Self.pythonVariable) names '\(named)', which is not an executable file",
                    suggestion: "point \(Self.pythonVariable) at a Python 3 with the typst package, or unset it")
            }
            return url
        }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, build in build }
        if let found = PDFEngine.onPath("python3", environment: merged) { return found }
        throw Diagnostic(
            .error, .engineMissing, at: nil, "the PDF engine Typst needs Python 3, and there is no python3 on PATH; \(Self.installHint)",
            suggestion: "or set 'pdf.engine: weasyprint'; the other formats do not need it")
    }

    /// Runs Typst on `folder/<document>`, writing `output`; the interior with the gutter its page
    /// count calls for, a cover as it is.
    func run(
        folder: URL, document: String = documentName, output: URL, book: RenderedBook, timeout: Double, memoryLimit: Int?
    ) throws(Diagnostic) -> Outcome {
        let python = try python()
        let options = book.config.pdf
        var request: [String: Any] = [
            "input": folder.appendingPathComponent(document).path,
            "output": output.path, "root": folder.path,
            "fonts": [folder.appendingPathComponent("fonts").path],
            "timestamp": Int(book.modified.timeIntervalSince1970.rounded(.down)),
        ]
        if document != Self.documentName {
            request["gutter"] = 0
        } else if options.insideIsAutomatic {
            request["gutters"] = PrintRules.gutters.map { [min($0.mostPages, 1 << 30), $0.inches * 72] as [Any] }
            // The first setting starts from the page count the words suggest, so a book is
            // mostly set once.
            request["gutter"] = PrintRules.gutter(forPages: PrintRules.estimatedPages(book)) * 72
        } else {
            request["gutter"] = options.inside.points
        }
        // PDF/UA-1 where Typst can vouch for it; the cover is an image and a few words.
        if document == Self.documentName { request["pdf_standards"] = ["ua-1"] }
        if document == Self.documentName, book.marksPrintPages { request["block_pages"] = true }
        let requestText = (try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let script = TemplateBundle.resourceURL.appendingPathComponent("engines/typst_compile.py")
        // No network: a package a layout imports (`@preview/…`) would be downloaded.
        var environment = PDFEngine.offline(self.environment)
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let process = ChildProcess(
            executable: python, arguments: ["-I", script.path, requestText], environment: environment,
            currentDirectory: folder, errors: .captured, stopsWithBuild: true,
            timeout: timeout, memoryLimit: memoryLimit)
        let outcome: ChildProcess.Outcome
        do {
            outcome = try process.run()
        } catch {
            throw Diagnostic(
                .error, .engineMissing, at: nil, "Python (\(python.path)) could not be started: \(error.localizedDescription)",
                suggestion: Self.installHint)
        }
        if outcome.timedOut {
            throw Diagnostic(
                .error, .outputFailed, at: nil, "the PDF engine Typst did not finish in time and was stopped",
                suggestion: "set \(PDFEngine.timeoutVariable) to allow it longer, in seconds")
        }
        let said = String(decoding: outcome.output, as: UTF8.self)
        let report = said.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        if outcome.exited, outcome.status == 3 {
            throw Diagnostic(
                .error, .engineMissing, at: nil, "the PDF engine Typst is not installed for \(python.path) (no Python module typst); \(Self.installHint)",
                suggestion: "or set \(Self.pythonVariable) to a Python that has it, or 'pdf.engine: weasyprint'")
        }
        guard outcome.exited, outcome.status == 0, let report, let pages = report["pages"] as? Int,
            let gutter = (report["gutter"] as? NSNumber)?.doubleValue
        else {
            let error = report?["error"] as? [String: Any]
            let problem = (error?["message"] as? String)
                ?? String(decoding: outcome.errors, as: UTF8.self).split(separator: "\n").suffix(4).joined(separator: " ")
            let hints = (error?["hints"] as? [String]) ?? []
            throw Diagnostic(
                .error, .outputFailed, at: location(of: error?["where"] as? [String: Any]),
                "the PDF engine Typst could not set the book: \(String(problem.prefix(400)).escapingControlCharacters)",
                suggestion: hints.first.map { "Typst says: " + String($0.prefix(200)).escapingControlCharacters }
                    ?? "if templates/\(Self.layoutName) is the manuscript's own, check it; otherwise report this with the book")
        }
        let warnings = (report["warnings"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
        let standardProblem = ((report["standard_error"] as? [String: Any])?["message"] as? String)
        var typeset = Outcome(
            pages: pages, gutter: gutter, warnings: warnings, standards: report["standards"] as? [String] ?? [],
            standardProblem: standardProblem)
        if let places = report["block_pages"] as? [[Any]] {
            typeset.blockPlaces = places.compactMap(PrintPages.BlockPlace.init(typst:))
        }
        return typeset
    }
}
