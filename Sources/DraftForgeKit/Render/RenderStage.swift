// Render: Markdown → XHTML bodies, in two passes so a link can name a heading in any chapter.
// Emits manuscript.* diagnostics and the cover's warnings; config errors (cover, css) throw
// before anything is written.
import Foundation

/// Turns a loaded manuscript into a `RenderedBook`.
public struct RenderStage {
    /// What the rendered book is for.
    public enum Purpose: Sendable {
        /// Pages to write: every step.
        case pages
        /// Only the findings (`check`, which writes no page): no code colours, no content-model
        /// repairs or chapter openings, and each chapter's words counted but not its characters,
        /// paragraphs or dialogue. None of those steps reports anything.
        case findings

        /// A build may keep and reuse the parse: a findings render's counts and trees are partial.
        var sharesCache: Bool { self == .pages }
        /// Every count of a chapter (characters, paragraphs, dialogue), not only its words.
        var countsAll: Bool { self == .pages }
        /// Content-model repairs, chapter openings and code colours: what only a page shows.
        var shapesPages: Bool { self == .pages }
    }

    public var buildDate: Date
    public var purpose: Purpose

    public init(buildDate: Date, purpose: Purpose = .pages) {
        self.buildDate = buildDate
        self.purpose = purpose
    }

    /// `progress` is told of each chapter parsed: (done, total).
    public func run(
        _ manuscript: Manuscript, context: BuildContext, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(BuildFailure) -> RenderedBook {
        var diagnostics: [Diagnostic] = []
        var laps = ProfileLaps("render, ")
        let config = manuscript.config
        let strings = config.interfaceStrings
        var structure = ChapterStructure(registry: IDRegistry(reserved: SitePackager.pageMarkupIDs))
        var stems = UniqueNames()
        var trees: [(body: [HTMLNode], notes: [ChapterNote])] = []
        var titles: [String] = []
        var storyNumber = 0
        var hasOpenings = false
        var anchorIDs: [String] = []
        var counts: [ProseCount] = []
        var rawHTMLLocations: [[SourceLocation]] = []
        var index = BookIndex(chapters: [:])
        var crossReferences = CrossReferences(figures: config.figures)

        // Parsing and counting are independent per chapter (cmark-gfm itself takes a lock);
        // ids must be claimed in reading order, so the structure pass is serial: it takes each
        // chapter as soon as it and those before it are parsed.
        // Parses kept from an earlier build in this process; without one every chapter is parsed.
        let cache = purpose.sharesCache ? context.memo : nil
        let parseOptions = BuildCache.ParseOptions(config)
        var parsed: [BuildCache.ParsedChapter] = []
        parsed.reserveCapacity(manuscript.chapters.count)
        Parallel.map(manuscript.chapters, { chapter in
            // A chapter in another language (front matter, or its part's) quotes as that language does.
            var parseOptions = parseOptions
            parseOptions.language = chapter.frontMatter.language ?? config.language
            if config.smartPunctuation, let language = chapter.frontMatter.language {
                if config.quotes == nil { parseOptions.quotes = QuotationMarks.forLanguage(language) }
                parseOptions.frenchSpacing = FrenchSpacing.applies(to: language)
            }
            func parse() -> BuildCache.ParsedChapter {
                var body = chapter.body
                var document = CMarkParser.parse(body, smartPunctuation: config.smartPunctuation).document
                // Math is taken out before Markdown can read it, so the text is parsed again.
                var math = MathRenderer(spans: [], convert: Self.convertMath)
                if MathSpans.mayHoldMath(body, syntax: config.math), let (protected, spans) = MathSpans.protect(body, document: document, syntax: config.math) {
                    body = protected
                    document = CMarkParser.parse(body, smartPunctuation: config.smartPunctuation).document
                    math = MathRenderer(spans: spans, convert: Self.convertMath)
                }
                if PandocSyntax.mayApply(to: body) { document = PandocSyntax.apply(to: document) }
                let rawHTMLLines = document.rawHTMLLines
                let shown = HiddenCodeLines.removing(from: document, prefixes: config.hiddenLinePrefixes)
                let parsed = DocumentRenderer.render(shown, rawHTMLLines: rawHTMLLines)
                var nodes = parseOptions.quotes?.apply(to: parsed.nodes) ?? parsed.nodes
                if parseOptions.frenchSpacing { nodes = FrenchSpacing.apply(to: nodes) }
                // A ```math block is a formula only where TeX is this book's math syntax.
                if !math.spans.isEmpty || (config.math == .tex && body.containsBytes("math")) { nodes = math.render(nodes) }
                let prose = ChapterProse(document: document, body: body)
                let count = purpose.countsAll ? WordCounter.count(prose) : ProseCount(words: WordCounter.words(in: prose))
                // Titled as parsed, before rendering adds note numbers or a heading.
                var chapterParse = BuildCache.ParsedChapter(
                    nodes: nodes, prose: prose, count: count, heading: Chapter.firstHeading(in: nodes),
                    rawHTMLLines: rawHTMLLines, removedHTML: parsed.removed, flattenedLine: parsed.flattenedLine, revision: 0)
                chapterParse.mathProblems = math.problems
                chapterParse.accessibilityProblems = AccessibilityAudit.problems(in: document, language: parseOptions.language)
                chapterParse.hasMath = math.rendersFormulas
                return chapterParse
            }
            return cache?.parsed(path: chapter.path, body: chapter.body, options: parseOptions, make: parse)
                ?? parse()
        }, consumingInOrder: { position, parsedChapter in
            let chapter = manuscript.chapters[position]
            // Each tree is kept once: the parsed one goes as its structured one is made (a
            // build's cache keeps its own), and the structured one as it is resolved below.
            var kept = parsedChapter
            kept.nodes = []
            parsed.append(kept)
            let stem = stems.claim(Slug.fileStem(chapter.name, fallback: "chapter"))
            anchorIDs.append(structure.registry.claim("chapter-" + stem))
            structure.scope = stem
            counts.append(parsedChapter.count)
            let opening = ChapterOpeningRenderer(
                options: config.chapterOpening, language: chapter.frontMatter.language ?? config.language)
            if chapter.matter == nil { storyNumber += 1 }
            // A story chapter without a heading or a title is titled by its number, when numbered.
            let numberTitle = chapter.matter == nil && chapter.frontMatter.title == nil && parsedChapter.heading == nil
                ? opening.label(storyNumber) : nil
            let title = numberTitle ?? chapter.title(heading: parsedChapter.heading, strings: strings)
            let shownTitle = chapter.isUntitled(heading: parsedChapter.heading) ? nil : title
            rawHTMLLocations.append(parsedChapter.rawHTMLLines.map { chapter.sourceMap.location(ofBodyLine: $0) })
            diagnostics += Self.removedHTMLWarnings(parsedChapter.removedHTML, in: chapter)
            diagnostics += MathRenderer.diagnostics(parsedChapter.mathProblems) { chapter.sourceMap.location(ofBodyLine: $0, column: $1) }
            if !chapter.isGenerated {
                diagnostics += parsedChapter.accessibilityProblems.map { problem in
                    Diagnostic(
                        .warning, problem.code, at: chapter.sourceMap.location(ofBodyLine: problem.line, column: problem.column),
                        problem.message, suggestion: problem.suggestion, quote: problem.quote, confidence: 1)
                }
            }
            if let line = parsedChapter.flattenedLine {
                diagnostics.append(Diagnostic(
                    .warning, .nestingFlattened, at: chapter.sourceMap.location(ofBodyLine: line),
                    "lists, quotes or HTML here nest over \(HTMLSanitizer.maxDepth.formatted()) levels deep; the deeper levels are kept as plain text",
                    suggestion: "nest less deeply"))
            }
            var body: [HTMLNode]
            let notes: [ChapterNote]
            let anchors: ChapterAnchors
            // Ids are claimed in reading order, so a chapter's earlier result stands only when
            // its claims get the same ids again.
            if let done = cache?.structured(path: chapter.path, revision: parsedChapter.revision, title: shownTitle),
                structure.registry.replay(done.claims, scope: stem)
            {
                (body, notes, anchors) = (done.body, done.notes, done.anchors)
            } else {
                if cache != nil { structure.registry.startJournal() }
                (body, notes, anchors) = Self.structure(
                    parsedChapter.nodes, title: shownTitle, repairs: purpose.shapesPages, with: &structure)
                if let cache {
                    cache.setStructured(
                        BuildCache.StructuredChapter(
                            revision: parsedChapter.revision, title: shownTitle, claims: structure.registry.endJournal(),
                            body: body, notes: notes, anchors: anchors),
                        path: chapter.path)
                }
            }
            let front = chapter.frontMatter
            if purpose.shapesPages, chapter.matter == nil, !config.chapterOpening.isPlain || front.subtitle != nil || front.epigraph != nil {
                opening.apply(to: &body, number: storyNumber, numberIsTitle: numberTitle != nil, frontMatter: front)
                hasOpenings = true
            }
            index.labels[chapter.path] = crossReferences.label(&body, of: chapter, storyChapter: storyNumber)
            index.chapters[chapter.path] = (stem, anchors)
            trees.append((body, notes))
            titles.append(title)
            progress(trees.count, manuscript.chapters.count)
        })

        laps.lap("parse, structure and labels")
        // Each chapter resolved and highlighted on both cores; its images get their names in the
        // book in reading order, as the chapters come out. Highlighted after resolving: the
        // resolver then walks one text node per code block instead of its token spans.
        let lookups = ResolverLookups()
        let bookIndex = index
        let highlights = config.code.highlight && purpose.shapesPages
        let unresolved = trees
        trees = []
        var images = ImageCollector()
        var resolved: [(body: [HTMLNode], notes: [ChapterNote])] = []
        resolved.reserveCapacity(unresolved.count)
        var imageHrefs: [[String]] = []
        var imageCounts: [Int] = []
        var requestedImages: [String] = []
        Parallel.map(Array(manuscript.chapters.indices), { position in
            var resolver = ReferenceResolver(
                manuscript.chapters[position], root: manuscript.root, index: bookIndex, lookups: lookups,
                remoteImages: config.remoteImages)
            var (body, notes) = resolver.resolve(unresolved[position].body, notes: unresolved[position].notes)
            if highlights {
                body = CodeHighlighting.apply(to: body, cache: cache)
                notes = notes.map { note in
                    var note = note
                    note.content = CodeHighlighting.apply(to: note.content, cache: cache)
                    return note
                }
            }
            return (body, notes, resolver)
        }, consumingInOrder: { _, chapter in
            let (body, notes, resolver) = chapter
            var repeated = Set<Int>()
            imageHrefs.append(resolver.images.map { image in
                let (href, isFirst) = images.register(image.file, requestedPath: image.requestedPath)
                if !isFirst, let warning = image.cleanedWarning { repeated.insert(warning) }
                return href
            })
            diagnostics += resolver.diagnostics.indices.lazy.filter { !repeated.contains($0) }.map { resolver.diagnostics[$0] }
            requestedImages += resolver.requestedPaths
            imageCounts.append(resolver.imageCount)
            resolved.append((body, notes))
        })
        laps.lap("links")
        resolved = Self.withImageAddresses(resolved, hrefs: imageHrefs)
        laps.lap("images")
        let fingerprints = cache == nil ? nil : Self.fingerprints(
            manuscript, parsed: parsed, titles: titles, anchorIDs: anchorIDs, index: index, images: images.assets)
        var chapters: [RenderedChapter] = []
        for (position, chapter) in manuscript.chapters.enumerated() {
            let (body, notes) = resolved[position]
            chapters.append(RenderedChapter(
                title: titles[position], stem: index.chapters[chapter.path]!.stem,
                anchorID: anchorIDs[position], sourcePath: chapter.path, body: body, notes: notes,
                partIndex: chapter.partIndex, matter: chapter.matter, prose: counts[position], text: parsed[position].prose,
                imageCount: imageCounts[position], rawHTMLLocations: rawHTMLLocations[position],
                outlineLevel: chapter.outlineLevel, outlineNumber: chapter.outlineNumber, fingerprint: fingerprints?[position]))
            chapters[chapters.count - 1].hasMath = parsed[position].hasMath
            chapters[chapters.count - 1].isUntitled = chapter.isUntitled(heading: parsed[position].heading)
            chapters[chapters.count - 1].isGenerated = chapter.isGenerated
            if let language = chapter.frontMatter.language, language != config.language {
                chapters[chapters.count - 1].language = language
            }
        }
        for path in requestedImages { context.read(path) }
        for path in [config.cover, config.css].compactMap({ $0 }) + config.fonts.map(\.path) { context.read(path) }

        var book: RenderedBook
        do throws(BuildFailure) {
            book = RenderedBook(
                config: config, identifier: BookIdentifier.make(for: config), modified: buildDate,
                chapters: chapters, parts: manuscript.parts, images: images.assets,
                cover: try cover(manuscript, diagnostics: &diagnostics), fonts: try fonts(manuscript),
                extraCSS: try extraCSS(manuscript))
        } catch {
            context.report(diagnostics)
            throw context.failure(error.kind, error.diagnostics)
        }
        laps.lap("assembled")
        context.report(diagnostics)
        book.cache = cache
        book.hasChapterOpenings = hasOpenings
        do throws(BuildFailure) {
            book.themeCSS = try themeCSS(manuscript, context: context)
        } catch {
            throw context.failure(error.kind, error.diagnostics)
        }
        // The author's colours: their stylesheet, and a theme they copied to change.
        let copiedTheme = TemplateSet.overrideFolder + "/" + BookTheme.overrideFile
        let themeIsCopied = FileManager.default.fileExists(atPath: manuscript.root.appendingPathComponent(copiedTheme).path)
        for (path, css) in [(config.css, book.extraCSS), (themeIsCopied ? copiedTheme : nil, book.themeCSS)] {
            guard let path, let css else { continue }
            context.report(ContrastCheck.problems(in: css).map { problem in
                Diagnostic(
                    .warning, .lowContrast, at: SourceLocation(file: path, line: problem.line),
                    "text in \(problem.selector) is \(problem.foreground) on \(problem.background): a contrast of \(String(format: "%.2f", problem.ratio)):1, under WCAG's 4.5:1",
                    suggestion: "darken the text or lighten the background until they contrast at least 4.5:1",
                    quote: problem.selector, confidence: 1)
            })
        }
        return book
    }

    /// The chapters with their images' addresses in the book in place of the placeholders
    /// (`hrefs`, by chapter), on both cores; chapters without images stay as they are.
    private static func withImageAddresses(
        _ chapters: [(body: [HTMLNode], notes: [ChapterNote])], hrefs: [[String]]
    ) -> [(body: [HTMLNode], notes: [ChapterNote])] {
        let withImages = hrefs.indices.filter { !hrefs[$0].isEmpty }
        let filled = Parallel.map(withImages) { position in
            (ImagePlaceholder.fill(chapters[position].body, hrefs: hrefs[position]),
             chapters[position].notes.map { note in
                 var note = note
                 note.content = ImagePlaceholder.fill(note.content, hrefs: hrefs[position])
                 return note
             })
        }
        var result = chapters
        for (position, chapter) in zip(withImages, filled) { result[position] = chapter }
        return result
    }

    /// One warning per raw element and line: what the sanitizer removed is the author's, so it is
    /// never removed in silence.
    private static func removedHTMLWarnings(_ removed: [RemovedElement], in chapter: Chapter) -> [Diagnostic] {
        var seen = Set<RemovedElement>()
        return removed.filter { seen.insert($0).inserted }.map { element in
            Diagnostic(
                .warning, .rawHTMLRemoved,
                at: element.line.map { chapter.sourceMap.location(ofBodyLine: $0) } ?? SourceLocation(file: chapter.path),
                "raw HTML <\(element.name)> cannot be shown in a book and was removed",
                suggestion: "delete the <\(element.name)> tag, or replace it with text or an image")
        }
    }

    /// Notes, ids, alignment and (with `repairs`) the content model's repairs; a heading with the
    /// title when the chapter has none and shows one (`title` is nil for an untitled dedication
    /// or epigraph).
    private static func structure(
        _ parsed: [HTMLNode], title: String?, repairs: Bool, with structure: inout ChapterStructure
    ) -> ([HTMLNode], [ChapterNote], ChapterAnchors) {
        var body = parsed
        var (anchors, notes) = structure.apply(to: &body)
        if repairs {
            body = ContentModel.repair(body)
            for index in notes.indices { notes[index].content = ContentModel.repair(notes[index].content, parent: "aside") }
        }
        if structure.firstHeading == nil, let title {
            body.insert(.element(HTMLElement("h1", children: [.text(title)])), at: 0)
        }
        return (body, notes, anchors)
    }

    /// What each chapter's final tree is made from: its own text (the parse's revision), and the
    /// book-wide inputs of ids and links, which any chapter's headings or images can change.
    private static func fingerprints(
        _ manuscript: Manuscript, parsed: [BuildCache.ParsedChapter], titles: [String], anchorIDs: [String],
        index: BookIndex, images: [BookAsset]
    ) -> [Int] {
        var book = Hasher()
        for chapter in manuscript.chapters {
            book.combine(chapter.path)
            if let entry = index.chapters[chapter.path] {
                book.combine(entry.stem)
                book.combine(entry.anchors.ids)
                book.combine(entry.anchors.headingIDs)
            }
            book.combine(index.labels[chapter.path])
        }
        for image in images {
            book.combine(image.href)
            book.combine(image.source)
        }
        book.combine(manuscript.config.remoteImages.rawValue)
        book.combine(manuscript.config.chapterOpening)
        let bookDigest = book.finalize()
        return manuscript.chapters.indices.map { position in
            var hasher = Hasher()
            hasher.combine(bookDigest)
            hasher.combine(parsed[position].revision)
            hasher.combine(manuscript.chapters[position].path)
            hasher.combine(titles[position])
            hasher.combine(anchorIDs[position])
            // What the chapter's opening shows besides its text.
            let front = manuscript.chapters[position].frontMatter
            hasher.combine(front.subtitle)
            hasher.combine(front.epigraph)
            hasher.combine(front.epigraphSource)
            hasher.combine(manuscript.chapters[position].isUntitled(heading: parsed[position].heading))
            return hasher.finalize()
        }
    }

    /// TeX to MathML, for `MathRenderer`.
    static let convertMath: MathRenderer.Converter = { tex, isDisplay in
        // `$$` on lines of their own leave line breaks around the TeX: not part of the formula.
        let leading = tex.utf8.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t") }.count
        let trimmed = tex.trimmingCharacters(in: .whitespacesAndNewlines)
        return TeXMath.mathML(trimmed, display: isDisplay ? .block : .inline).mapError {
            MathRenderer.Failure(message: $0.message, offset: $0.offset + leading)
        }
    }

    /// Stores take a JPEG or PNG cover of at least 1400 px on the short side and at most 4 MB.
    private static let coverFormats: [String: ImageInfo.Format] = ["jpg": .jpeg, "jpeg": .jpeg, "png": .png]
    private static let coverMinimumShortSide = 1400
    private static let coverMaximumBytes = 4 * 1024 * 1024

    /// The cover must really be the JPEG or PNG its name says; a small or heavy one is a warning.
    private func cover(_ manuscript: Manuscript, diagnostics: inout [Diagnostic]) throws(BuildFailure) -> BookAsset? {
        let config = manuscript.config
        guard let path = config.cover else { return nil }
        func failure(_ message: String, suggestion: String? = nil) -> BuildFailure {
            BuildFailure(.badInput, [Diagnostic(.error, .configValue, at: config.coverLocation, message, suggestion: suggestion)])
        }
        var collector = ImageCollector()
        if case .failure(let problem) = collector.add(path: path, root: manuscript.root, checkFormat: false) {
            throw failure("cover: " + problem.message(path))
        }
        let asset = collector.assets[0]
        let fileExtension = (asset.href as NSString).pathExtension
        let named = Self.coverFormats[fileExtension]
        let info = ImageInfo.read(asset.source)
        guard let named, let info, info.format == named else {
            let message =
                if let named, let info {
                    "the cover '\(path)' is \(info.format.withArticle) image, not \(named.withArticle)"
                } else if let named {
                    "the cover '\(path)' is not \(named.withArticle) image: its first bytes match no image format"
                } else {
                    "the cover '\(path)' must be a JPEG or PNG image"
                }
            let stem = (path as NSString).deletingPathExtension
            let suggestion =
                switch info?.format {
                case .jpeg: "rename it to '\(stem).jpg'"
                case .png: "rename it to '\(stem).png'"
                default: "export the cover again as a JPEG or PNG"
                }
            throw failure(message, suggestion: suggestion)
        }

        if let size = info.pixelSize, size.shortSide < Self.coverMinimumShortSide {
            diagnostics.append(Diagnostic(
                .warning, .coverSmall, at: config.coverLocation,
                "the cover is \(size.width)×\(size.height) px; stores ask for at least \(Self.coverMinimumShortSide) px on the short side",
                suggestion: "export the cover larger, such as 1600×2560 px"))
        }
        if info.byteCount > Self.coverMaximumBytes {
            let megabytes = String(format: "%.1f", Double(info.byteCount) / Double(1024 * 1024))
            diagnostics.append(Diagnostic(
                .warning, .coverLarge, at: config.coverLocation,
                "the cover is \(megabytes) MB; stores ask for at most \(Self.coverMaximumBytes / (1024 * 1024)) MB",
                suggestion: "save the cover as a JPEG, at a lower quality or a smaller size"))
        }
        return BookAsset(source: asset.source, href: "images/cover.\(fileExtension)", mediaType: asset.mediaType)
    }

    private func fonts(_ manuscript: Manuscript) throws(BuildFailure) -> [EmbeddedFont] {
        var names = UniqueNames()
        var fonts: [EmbeddedFont] = []
        for font in manuscript.config.fonts {
            let url = manuscript.root.appendingPathComponent(font.path)
            guard RootCheck.isInside(url, root: manuscript.root), fileExists(url), let real = RootCheck.realPath(url) else {
                throw BuildFailure(.badInput, [Diagnostic(
                    .error, .configValue, at: font.location,
                    "the font '\(font.path)' does not exist inside the manuscript folder")])
            }
            let stem = Slug.fileStem(((font.path as NSString).lastPathComponent as NSString).deletingPathExtension, fallback: "font")
            let href = "fonts/" + names.claim(stem, suffix: "." + font.fileExtension)
            let asset = BookAsset(
                source: URL(fileURLWithPath: real), href: href,
                mediaType: ManuscriptConfig.FontFile.mediaTypes[font.fileExtension] ?? "font/ttf")
            fonts.append(EmbeddedFont(asset: asset, family: font.family, weight: font.weight, style: font.style))
        }
        return fonts
    }

    private func extraCSS(_ manuscript: Manuscript) throws(BuildFailure) -> String? {
        let config = manuscript.config
        guard let path = config.css else { return nil }
        let url = manuscript.root.appendingPathComponent(path)
        guard RootCheck.isInside(url, root: manuscript.root), fileExists(url) else {
            throw BuildFailure(.badInput, [Diagnostic(
                .error, .configValue, at: config.cssLocation,
                "the stylesheet '\(path)' does not exist inside the manuscript folder")])
        }
        do {
            return try readText(url, name: path)
        } catch {
            throw BuildFailure(.badInput, [error])
        }
    }

    /// The theme's stylesheet: the manuscript's `templates/theme.css` when there is one (a
    /// theme copied to change it), else the named theme's.
    private func themeCSS(_ manuscript: Manuscript, context: BuildContext) throws(BuildFailure) -> String? {
        context.read(TemplateSet.overrideFolder + "/" + BookTheme.overrideFile)
        do throws(Diagnostic) {
            if let copied = try TemplateSet.override(BookTheme.overrideFile, in: manuscript.root) { return copied }
        } catch {
            throw BuildFailure(.badInput, [error])
        }
        guard let theme = manuscript.config.theme else { return nil }
        do {
            return try TemplateSet.themeStylesheet(theme)
        } catch {
            throw BuildFailure(.badInput, [Diagnostic(
                .error, .templateInvalid, at: nil, "the theme '\(theme.rawValue)' is missing from DraftForge's templates: \(error.localizedDescription)")])
        }
    }
}
