// Package: a `RenderedBook` becomes an EPUB 3 file. The recipe reads top to bottom: pages,
// navigation, package document, then the zip, `mimetype` first. The file is written beside
// its final name and renamed into place (`OutputWriter`), so neither a failed build nor
// a crash leaves half an EPUB.
import Foundation

/// Writes EPUB 3.3 packages.
public struct EPUBPackager: OutputFormat {
    public static let formatVersion = "3.3"
    static let id = ExportFormat.epub
    static let templateFolder = "epub"

    /// The EPUB structural division of each page.
    enum Division: String { case frontmatter, bodymatter, backmatter }

    private struct Entry {
        var path: String
        var data: Data
    }

    private struct Item {
        var id: String
        var href: String
        var mediaType: String
        var properties: String?
    }

    let templates: TemplateSet

    package init(templates: TemplateSet) { self.templates = templates }

    init(templates: TemplateSet, environment: [String: String]) { self.init(templates: templates) }

    static func outputName(slug: String) -> String { "\(slug).epub" }

    /// Chapters live in `text/`, images and fonts beside it.
    static let chapterStyle = SerializationStyle(resolve: { target in
        switch target {
        case .chapter(let stem, let fragment): return stem + ".xhtml" + (fragment.map { "#" + $0 } ?? "")
        case .asset(let href): return "../" + href
        case .remoteImage(let url): return url  // never written: the image becomes its alt text
        }
    })

    static func fileName(_ chapter: RenderedChapter) -> String { chapter.stem + ".xhtml" }

    /// Writes the book to `destination` through the context's writer.
    func write(
        _ book: RenderedBook, to destination: URL, context: OutputContext, warnings: inout [Diagnostic]
    ) throws -> WrittenOutput {
        let files = try files(of: book)
        let (size, checksum) = try context.writer.replace(destination) { temporary in
            let zip = try ZipWriter(url: temporary, modificationDate: book.modified)
            // `mimetype` comes first and stored (OCF); the rest are deflated on every core.
            let stored = files.prefix { $0.path == "mimetype" }
            for file in stored { try zip.addEntry(path: file.path, data: file.data, compression: .stored) }
            try zip.addEntries(Array(files.dropFirst(stored.count)))
            try zip.finish()
            return (zip.size, zip.checksum)
        }
        return WrittenOutput(sizeBytes: size, checksum: checksum)
    }

    /// Every file of the package by its path in the zip, in the zip's order.
    package func files(of book: RenderedBook) throws -> [(path: String, data: Data)] {
        var package = Contents()
        // Once for the book: every page's template gets the same table.
        let strings = book.config.interfaceStrings.templateTable()
        let slots = addPages(of: book, strings: strings, to: &package)
        try addResources(of: book, to: &package)
        let ncxSlot = package.add("toc.ncx", Data(), id: "ncx", mediaType: "application/x-dtbncx+xml")
        // The navigation page, the NCX and the package document each render the whole table of
        // contents through Mustache, one serial render apiece: the first job of one core while
        // the other makes chapter pages, instead of with a core idle after them.
        let listed = package
        let divisions = Self.divisions(of: book.chapters)
        let (pages, lists) = Parallel.map(Array(book.chapters.indices), { number in
            chapterPage(book, number, division: divisions[number], strings: strings)
        }, beside: {
            let navigation = navigationEntries(book)
            return (
                navigation: renderedPage(book, strings, "nav.xhtml", "nav.xhtml", navigationContext(book, navigation)),
                ncx: Data(templates.render("toc.ncx", ncxContext(book, navigation)).utf8),
                opf: Data(templates.render("package.opf", packageContext(book, listed)).utf8))
        })
        package.entries[slots.navigation].data = lists.navigation
        package.entries[ncxSlot].data = lists.ncx
        for (slot, page) in zip(slots.chapters, pages) { package.entries[slot].data = page }
        return [
            ("mimetype", Data("application/epub+zip".utf8)),
            ("META-INF/container.xml", Data(Self.container.utf8)),
            ("OEBPS/content.opf", lists.opf),
        ] + package.entries.map { ("OEBPS/" + $0.path, $0.data) }
    }

    // MARK: - Pages, in reading order

    /// The files of the package, with manifest items and the spine.
    private struct Contents {
        var entries: [Entry] = []
        var items: [Item] = []
        var spine: [String] = []

        mutating func add(_ path: String, _ text: String, id: String, mediaType: String, properties: String? = nil) {
            add(path, Data(text.utf8), id: id, mediaType: mediaType, properties: properties)
        }

        /// The entry's index, for data made later.
        @discardableResult
        mutating func add(_ path: String, _ data: Data, id: String, mediaType: String, properties: String? = nil) -> Int {
            entries.append(Entry(path: path, data: data))
            items.append(Item(id: id, href: path, mediaType: mediaType, properties: properties))
            return entries.count - 1
        }
    }

    /// The entries whose data `addPages` leaves to be made.
    private struct PageSlots {
        var navigation: Int
        var chapters: [Int] = []
    }

    /// The pages in reading order, the navigation page's and the chapters' entries left empty.
    private func addPages(of book: RenderedBook, strings templateStrings: TemplateStrings, to package: inout Contents) -> PageSlots {
        func page(_ id: String, _ path: String, _ template: String, _ context: [String: Any], properties: String? = nil) {
            add(id, path, renderedPage(book, templateStrings, path, template, context), properties: properties)
        }
        @discardableResult
        func add(_ id: String, _ path: String, _ page: Data, properties: String? = nil) -> Int {
            package.spine.append(id)
            return package.add(path, page, id: id, mediaType: "application/xhtml+xml", properties: properties)
        }

        let title = XML.safe(book.config.title)
        if let cover = book.cover {
            page("cover", "cover.xhtml", "cover.xhtml", [
                "title": title, "coverHref": cover.href,
                "coverAlt": XML.safe(book.config.interfaceStrings.format("cover_of", ["book": book.config.title])),
            ])
        }
        page("title-page", "title-page.xhtml", "title-page.xhtml", titlePageContext(book))
        page("copyright", "copyright.xhtml", "copyright.xhtml", copyrightContext(book))
        var slots = PageSlots(navigation: add("nav", "nav.xhtml", Data(), properties: "nav"))

        var partShown = Set<Int>()
        for (number, chapter) in book.chapters.enumerated() {
            if let part = chapter.partIndex, partShown.insert(part).inserted {
                page("part-\(part + 1)", "part-\(part + 1).xhtml", "part.xhtml",
                     ["title": XML.safe(book.parts[part].title)])
            }
            slots.chapters.append(add(
                "chapter-\(number + 1)", "text/" + Self.fileName(chapter), Data(), properties: chapter.hasMath ? "mathml" : nil))
        }
        return slots
    }

    /// A chapter's page, serialized and filled into its template.
    private func chapterPage(_ book: RenderedBook, _ number: Int, division: Division, strings: TemplateStrings) -> Data {
        let chapter = book.chapters[number]
        let body = book.cache.fragment(chapter.fingerprint, "epub") {
            XHTMLSerializer.serializedBytes(chapter.page, style: Self.chapterStyle)
        }
        var context: [String: Any] = [
            "title": XML.safe(chapter.title),
            "language": XML.safe(chapter.language ?? book.config.language),
            "division": division.rawValue,
            "kind": chapter.matter?.rawValue ?? "chapter",
        ]
        if chapter.language.map(LanguageTag.isRightToLeft) ?? book.config.isRightToLeft { context["rtl"] = true }
        if let matter = chapter.matter {
            if let type = matter.epubType { context["epubType"] = type }
            if let role = matter.role { context["role"] = role }
        } else {
            context["epubType"] = "chapter"
            context["role"] = "doc-chapter"
        }
        return renderedPage(book, strings, "text/" + Self.fileName(chapter), "chapter.xhtml", context, body: body)
    }

    /// An XHTML page of the package: `context` with what every page's template gets.
    /// `body`, when given, is the page's `{{{body}}}` as serialized bytes: they are copied once,
    /// into the page, rather than decoded into a String, rendered into a larger one and encoded.
    private func renderedPage(
        _ book: RenderedBook, _ strings: TemplateStrings, _ path: String, _ template: String, _ context: [String: Any],
        body: [UInt8]? = nil
    ) -> Data {
        var context = context
        if context["language"] == nil {
            context["language"] = XML.safe(book.config.language)
            if book.config.isRightToLeft { context["rtl"] = true }
        }
        context["strings"] = strings
        context["stylesheet"] = path.hasPrefix("text/") ? "../styles/book.css" : "styles/book.css"
        guard let body else { return Data(templates.render(template, context).utf8) }
        context["body"] = Self.bodyMarker
        if let page = Self.page(templates.render(template, context), with: body) { return page }
        // An author's own template may show the body twice, or not at all.
        context["body"] = String(decoding: body, as: UTF8.self)
        return Data(templates.render(template, context).utf8)
    }

    /// Stands for the body while the page renders; U+0001 cannot be in XML, so no other value
    /// or template text holds it. Its `&` is escaped where a template escapes the body, which
    /// then renders the usual way.
    static let bodyMarker = "\u{1}draftforge&body\u{1}"

    /// `page` with its one `bodyMarker` replaced by `body`, or nil when it has none or several.
    static func page(_ page: String, with body: [UInt8]) -> Data? {
        var page = page
        return page.withUTF8 { text -> Data? in
            guard let found = UTF8Bytes.offset(of: bodyMarker, in: text) else { return nil }
            let after = found + bodyMarker.utf8.count
            let rest = UnsafeBufferPointer(rebasing: text[after...])
            if UTF8Bytes.offset(of: bodyMarker, in: rest) != nil { return nil }
            var data = Data(capacity: text.count - bodyMarker.utf8.count + body.count)
            data.append(UnsafeBufferPointer(rebasing: text[..<found]))
            data.append(contentsOf: body)
            data.append(rest)
            return data
        }
    }

    /// Matter before the first story chapter is front matter, after the last one back matter.
    static func divisions(of chapters: [RenderedChapter]) -> [Division] {
        let story = chapters.indices.filter { chapters[$0].matter == nil }
        guard let first = story.first, let last = story.last else {
            return chapters.map { _ in .frontmatter }
        }
        return chapters.indices.map { $0 < first ? .frontmatter : $0 > last ? .backmatter : .bodymatter }
    }

    private func addResources(of book: RenderedBook, to package: inout Contents) throws {
        package.add("styles/book.css", stylesheet(book), id: "stylesheet", mediaType: "text/css")
        if let cover = book.cover {
            package.add(cover.href, try Data(contentsOf: cover.source), id: "cover-image",
                        mediaType: cover.mediaType, properties: "cover-image")
        }
        for (number, image) in book.images.enumerated() {
            package.add(image.href, try image.data(), id: "image-\(number + 1)",
                        mediaType: image.mediaType)
        }
        for (number, font) in book.fonts.enumerated() {
            package.add(font.asset.href, try Data(contentsOf: font.asset.source), id: "font-\(number + 1)",
                        mediaType: font.asset.mediaType)
        }
    }

    private func stylesheet(_ book: RenderedBook) -> String {
        var css = TemplateSet.bookStylesheet(templates.stylesheet, book: book, assetPrefix: "../")
        if book.config.isVertical {
            css += "\n/* writing_mode: vertical */\nhtml { -epub-writing-mode: vertical-rl; writing-mode: vertical-rl; }\n"
        }
        return css
    }

    // MARK: - Template contexts

    private func authors(_ book: RenderedBook) -> [[String: Any]] {
        book.config.authors.enumerated().map { ["id": "creator-\($0.offset + 1)", "name": XML.safe($0.element)] }
    }

    private func contributors(_ book: RenderedBook) -> [[String: Any]] {
        book.config.contributors.enumerated().map { offset, contributor in
            let roleName = ManuscriptConfig.Contributor.roles.first { $0.value == contributor.role }?.key
            return [
                "id": "contributor-\(offset + 1)", "name": XML.safe(contributor.name), "role": contributor.role,
                "roleName": (roleName ?? contributor.role).capitalized,
            ]
        }
    }

    private func series(_ book: RenderedBook) -> [String: Any]? {
        guard let series = book.config.series else { return nil }
        var context: [String: Any] = ["name": XML.safe(series.name)]
        if let position = series.position { context["position"] = position }
        let strings = book.config.interfaceStrings
        context["line"] = XML.safe(series.position.map {
            strings.format("series_position", ["series": series.name, "position": $0])
        } ?? series.name)
        return context
    }

    func titlePageContext(_ book: RenderedBook) -> [String: Any] {
        var context: [String: Any] = ["title": XML.safe(book.config.title), "authors": authors(book)]
        if let subtitle = book.config.subtitle { context["subtitle"] = XML.safe(subtitle) }
        if let publisher = book.config.publisher { context["publisher"] = XML.safe(publisher) }
        return context
    }

    func copyrightContext(_ book: RenderedBook) -> [String: Any] {
        let config = book.config
        let year = Self.copyrightYear(book)
        let strings = config.interfaceStrings
        var context: [String: Any] = [
            "title": XML.safe(config.title), "year": year, "contributors": contributors(book),
            "copyrightLine": XML.safe(strings.format("copyright_line", ["year": year])),
        ]
        if !config.authors.isEmpty { context["authorLine"] = XML.safe(Self.joinedNames(config.authors, strings)) }
        if let publisher = config.publisher { context["publisherLine"] = XML.safe(strings.format("published_by", ["publisher": publisher])) }
        if let version = book.bookVersion { context["versionLine"] = XML.safe(strings.format("version", ["version": version])) }
        for (key, value) in [
            ("subtitle", config.subtitle), ("rights", config.rights), ("edition", config.edition),
            ("publisher", config.publisher),
        ] {
            if let value { context[key] = XML.safe(value) }
        }
        if book.identifier.hasPrefix("urn:isbn:") { context["isbn"] = String(book.identifier.dropFirst("urn:isbn:".count)) }
        if let series = series(book) { context["series"] = series }
        if let version = book.bookVersion { context["bookVersion"] = XML.safe(version) }
        return context
    }

    /// The copyright page's year: the config's `date`, else the year the book was last changed.
    static func copyrightYear(_ book: RenderedBook) -> String {
        book.config.date.map { String($0.prefix(4)) }
            ?? String(Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: book.modified).year ?? 2000)
    }

    /// "A", "A and B", "A, B and C".
    static func joinedNames(_ names: [String], _ strings: InterfaceStrings = .english) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return strings.format("names_and", ["names": names.dropLast().joined(separator: strings["list_separator"]), "last": names.last!])
    }

    /// The table of contents: parts with their chapters nested, as nav.xhtml and toc.ncx show it.
    private struct NavigationEntry {
        var title: String
        var href: String
        var children: [NavigationEntry] = []
    }

    private func navigationEntries(_ book: RenderedBook) -> [NavigationEntry] {
        var toc: [NavigationEntry] = []
        var partPositions: [Int: Int] = [:]
        for chapter in book.chapters {
            let entry = NavigationEntry(title: XML.safe(chapter.listedTitle), href: "text/" + Self.fileName(chapter))
            guard let part = chapter.partIndex else {
                if !chapter.isUntitled { Self.append(entry, level: chapter.outlineLevel, to: &toc) }
                continue
            }
            if partPositions[part] == nil {
                partPositions[part] = toc.count
                toc.append(NavigationEntry(title: XML.safe(book.parts[part].title), href: "part-\(part + 1).xhtml"))
            }
            if !chapter.isUntitled { Self.append(entry, level: chapter.outlineLevel, to: &toc[partPositions[part]!].children) }
        }
        return toc
    }

    /// A chapter nested `level` deep goes under the last entry of the level above it.
    private static func append(_ entry: NavigationEntry, level: Int, to entries: inout [NavigationEntry]) {
        guard level > 0, !entries.isEmpty else { return entries.append(entry) }
        append(entry, level: level - 1, to: &entries[entries.count - 1].children)
    }

    /// Every level names `hasChildren` and `children`, so a template never finds its parent's.
    private static func templateContext(_ entry: NavigationEntry) -> [String: Any] {
        ["title": entry.title, "href": entry.href, "hasChildren": !entry.children.isEmpty,
         "children": entry.children.map(templateContext)]
    }

    private func navigationContext(_ book: RenderedBook, _ navigation: [NavigationEntry]) -> [String: Any] {
        let toc = navigation.map(Self.templateContext)
        var landmarks: [[String: Any]] = []
        let strings = book.config.interfaceStrings
        if book.cover != nil { landmarks.append(["type": "cover", "href": "cover.xhtml", "title": XML.safe(strings["cover"])]) }
        landmarks.append(["type": "titlepage", "href": "title-page.xhtml", "title": XML.safe(strings["title_page"])])
        landmarks.append(["type": "copyright-page", "href": "copyright.xhtml", "title": XML.safe(strings["copyright"])])
        landmarks.append(["type": "toc", "href": "nav.xhtml#toc", "title": XML.safe(strings["contents"])])
        let divisions = Self.divisions(of: book.chapters)
        if let body = divisions.firstIndex(of: .bodymatter) {
            landmarks.append(["type": "bodymatter", "href": "text/" + Self.fileName(book.chapters[body]), "title": XML.safe(strings["start_of_content"])])
        }
        if let back = divisions.firstIndex(of: .backmatter) {
            landmarks.append(["type": "backmatter", "href": "text/" + Self.fileName(book.chapters[back]), "title": XML.safe(strings["back_matter"])])
        }
        let pageList = book.printPageStarts.map { start in
            ["href": "text/" + Self.fileName(book.chapters[start.chapter]) + "#" + PrintPages.markerID(start.label), "label": start.label]
        }
        return ["toc": toc, "landmarks": landmarks, "hasPageList": !pageList.isEmpty, "pageList": pageList]
    }

    private func ncxContext(_ book: RenderedBook, _ navigation: [NavigationEntry]) -> [String: Any] {
        var playOrder = 0
        var playOrderByHref: [String: Int] = [:]
        func point(_ entry: NavigationEntry) -> [String: Any] {
            let order = playOrderByHref[entry.href] ?? {
                playOrder += 1
                playOrderByHref[entry.href] = playOrder
                return playOrder
            }()
            return ["title": entry.title, "href": entry.href, "navID": "nav-\(order)", "playOrder": order]
        }
        func points(_ entries: [NavigationEntry]) -> [[String: Any]] {
            entries.map { entry in
                var context = point(entry)
                context["children"] = points(entry.children)
                return context
            }
        }
        func depth(_ entries: [NavigationEntry]) -> Int { entries.map { 1 + depth($0.children) }.max() ?? 0 }
        return [
            "toc": points(navigation), "language": XML.safe(book.config.language), "identifier": XML.safe(book.identifier),
            "title": XML.safe(book.config.title), "depth": max(1, depth(navigation)),
        ]
    }

    private func packageContext(_ book: RenderedBook, _ package: Contents) -> [String: Any] {
        let config = book.config
        let hasImages = book.chapters.contains(where: \.hasImages)
        let images = book.chapters.reduce(0) { $0 + $1.imageCount }
        var context: [String: Any] = [
            "identifier": XML.safe(book.identifier),
            "title": XML.safe(config.title),
            "authors": authors(book),
            "contributors": contributors(book),
            "language": XML.safe(config.language),
            "rtl": config.turnsRightToLeft,
            "subjects": config.subjects.map(XML.safe),
            "modified": BuildDate.iso8601(book.modified),
            "hasCover": book.cover != nil,
            "accessModes": hasImages || book.cover != nil ? ["textual", "visual"] : ["textual"],
            "accessibilityFeatures": Self.accessibilityFeatures(book, images: images),
            "accessibilitySummary": XML.safe(Self.accessibilitySummary(book, images: images)),
            "items": package.items.map { item -> [String: Any] in
                var entry: [String: Any] = ["id": item.id, "href": item.href, "mediaType": item.mediaType]
                if let properties = item.properties { entry["properties"] = properties }
                return entry
            },
            "spine": package.spine,
        ]
        if let claim = book.accessibility {
            if let certifier = claim.certifiedBy {
                context["conformsTo"] = AccessibilityClaim.conformance
                context["certifiedBy"] = XML.safe(certifier)
                if let report = claim.certifierReport { context["certifierReport"] = XML.safe(report) }
            }
            if let exemption = claim.exemption { context["exemption"] = exemption.rawValue }
        }
        if !book.printPageStarts.isEmpty {
            // The print edition has no identifier of its own here: it is named by its title and trim.
            let inches = { (points: Double) in String(format: "%g", (points / 72 * 100).rounded() / 100) }
            context["pageBreakSource"] = XML.safe(
                "\(config.title), print edition, \(inches(config.pdf.width.points)) × \(inches(config.pdf.height.points)) in")
        }
        if let series = series(book) { context["series"] = series }
        if let version = book.bookVersion { context["bookVersion"] = XML.safe(version) }
        for (key, value) in [
            ("subtitle", config.subtitle), ("publisher", config.publisher), ("rights", config.rights),
            ("description", config.description), ("date", config.date),
        ] {
            if let value { context[key] = XML.safe(value) }
        }
        return context
    }

    /// The features the book really has: text alternatives only when every image has one.
    static func accessibilityFeatures(_ book: RenderedBook, images: Int) -> [String] {
        var features = ["structuralNavigation", "tableOfContents", "readingOrder"]
        if images > 0, book.accessibility?.openProblems.contains(where: { $0.code == DiagnosticCode.imageWithoutAlt.rawValue }) != true {
            features.append("alternativeText")
        }
        if book.chapters.contains(where: \.hasMath) { features.append("MathML") }
        if !book.printPageStarts.isEmpty { features += ["printPageNumbers", "pageNavigation"] }
        return features
    }

    /// A sentence or three on what is really in the book, for a reader deciding whether it suits them.
    static func accessibilitySummary(_ book: RenderedBook, images: Int) -> String {
        var sentences = ["This publication has a table of contents and headings for navigation, and its text can be resized and read aloud."]
        let missing = book.accessibility?.openProblems.first { $0.code == DiagnosticCode.imageWithoutAlt.rawValue }?.count ?? 0
        if images > 0 {
            sentences.append(missing == 0
                ? "Its \(images.counting("image")) \(images == 1 ? "has a text alternative" : "have text alternatives")."
                : "\(missing) of its \(images.counting("image")) \(missing == 1 ? "has" : "have") no text alternative.")
        }
        if book.chapters.contains(where: \.hasMath) { sentences.append("Its formulas are in MathML, which screen readers can speak.") }
        if !book.printPageStarts.isEmpty {
            sentences.append("Its page list and page-break markers follow the print edition's \(book.printPageStarts.count.counting("numbered page")).")
        }
        if let claim = book.accessibility {
            if claim.conforms {
                sentences.append("It meets WCAG 2.2 Level AA.")
            } else if !claim.openProblems.isEmpty {
                sentences.append("It is not known to meet WCAG 2.2 Level AA.")
            }
        }
        return sentences.joined(separator: " ")
    }

    private static let container = """
        <?xml version="1.0" encoding="UTF-8"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
        <rootfiles>
        <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
        </rootfiles>
        </container>

        """
}

/// Text that templates escape themselves but that must first lose what XML cannot hold.
enum XML {
    static func safe(_ text: String) -> String {
        // Nearly all text is already safe: look at the bytes before building a new string.
        // Over the contiguous bytes when there are (always, for a native string): the search
        // index asks this of every chapter's whole text.
        func isUnsafe(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0xEF }
        let mayBeUnsafe = text.utf8.withContiguousStorageIfAvailable { $0.contains(where: isUnsafe) }
        guard mayBeUnsafe ?? text.utf8.contains(where: isUnsafe) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 ? scalar.value != 0xFFFE && scalar.value != 0xFFFF : "\t\n\r".unicodeScalars.contains(scalar)
        }))
    }
}
