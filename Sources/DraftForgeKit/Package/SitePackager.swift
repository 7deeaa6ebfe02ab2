// Package: a `RenderedBook` becomes a static site, one HTML page per chapter beside a title
// page, a print page, a 404 page, the stylesheet, the script and the search index. Every link
// is relative and every page sits in one folder, so the site works from file://, from a
// server's root and from a sub-path. The site is written into a sibling folder and swapped
// into place at the end, so a failed build leaves the earlier site whole.
import Crypto
import Foundation

/// Writes the HTML site (`--format html`).
public struct SitePackager: OutputFormat {
    static let id = ExportFormat.html
    /// HTML5.
    static let formatVersion = "5"
    static let templateFolder = "site"

    /// Ids the site's own page markup uses; the render stage keeps the book's ids clear of them.
    static let pageMarkupIDs = [
        "df-content", "df-sidebar", "df-sidebar-toggle", "df-search", "df-search-input", "df-search-results",
        "df-theme-toggle", "df-toc", "df-strings",
        // An element's id is also a global of its page: the globals site.js reads stay the site's.
        SearchIndex.globalName,
    ]
    /// Page names the site uses itself; a chapter file with such a name gets another page name.
    static let reservedPageNames = ["index", "print", "404", "search-index", "site", "sitemap", "stats", "continuity"]

    /// A page of a build report (stats, continuity): an HTML fragment in the report template.
    struct Report {
        var fileName: String
        var title: String
        var body: String
    }

    /// What was written.
    struct Written {
        var sizeBytes: Int
        var fileCount: Int
        /// Each page's text, as pieces: what the next build can compare its pages with.
        var texts: [String: [String]] = [:]
        /// The folder's SHA-256 as `Checksum.sha256(ofItemAt:)` makes it, from the files' bytes
        /// as they were written (nil when the writer keeps no records).
        var checksum: String?
    }

    /// A site written before, that a new one may link unchanged files from.
    struct EarlierSite {
        var folder: URL
        /// The pages' texts when this process wrote them; nil compares with the files themselves.
        var texts: [String: [String]]?
    }

    let templates: TemplateSet

    init(templates: TemplateSet, environment: [String: String]) { self.templates = templates }

    /// A folder, `html/`, whatever the book's name.
    static func outputName(slug: String) -> String { "html" }

    /// Writes the site, with a page for each of the context's reports, into the folder
    /// `destination`, replacing an earlier one only when the whole new site is written.
    func write(
        _ book: RenderedBook, to destination: URL, context: OutputContext, warnings: inout [Diagnostic]
    ) throws -> WrittenOutput {
        let reports = context.reports()
        let site = SiteLayout(book)
        var files: [(path: String, contents: FileContents)] = []
        func page(_ path: String, _ text: String) { files.append((path, .text(text))) }

        var index = indexContext(book, site)
        index["hasReports"] = !reports.isEmpty
        index["reports"] = reports.map { ["href": $0.fileName, "title": XML.safe($0.title)] }
        page("index.html", templates.render("index.html", index))
        for report in reports {
            var context = commonContext(book, site, page: report.fileName, title: report.title)
            context["reportTitle"] = XML.safe(report.title)
            context["reportBody"] = report.body
            context["backToBook"] = XML.safe(site.strings.format("back_to", ["book": book.config.title]))
            page(report.fileName, templates.render("report.html", context))
        }
        // A chapter's page changes with its own tree and with what every page shows of the book
        // (titles, parts, config, templates): `siteDigest` covers the latter.
        let siteDigest = book.cache == nil ? 0 : Self.siteDigest(book, site, templates)
        for (position, file) in site.pageFiles.enumerated() {
            let fingerprint = book.chapters[position].fingerprint.map { [$0, position, siteDigest].hashValue }
            let estimate = book.chapters[position].prose.words * Self.bytesPerWord
            files.append((file, .rendered(estimatedBytes: estimate) {
                [book.cache.fragment(fingerprint, "site-page-html") { templates.render("page.html", pageContext(book, site, position)) }]
            }))
        }
        let bookBytes = book.chapters.reduce(0) { $0 + $1.prose.words } * Self.bytesPerWord
        files.append(("print.html", .rendered(estimatedBytes: bookBytes) { printPage(book, site, siteDigest: siteDigest) }))
        page("404.html", templates.render("404.html", notFoundContext(book, site)))
        for redirect in SiteRedirects.pages(book, pageFiles: site.pageFiles, warnings: &warnings) { page(redirect.path, redirect.html) }
        page("site.css", stylesheet(book))
        page("site.js", templates.file("site.js"))
        files.append(("search-index.js", .rendered(estimatedBytes: bookBytes) { try SearchIndex(book, site).javaScriptPieces() }))
        if let baseURL = book.config.site.baseURL {
            page("sitemap.xml", templates.render("sitemap.xml", sitemapContext(book, site, baseURL: baseURL)))
        }
        for asset in [book.cover].compactMap({ $0 }) + book.images + book.fonts.map(\.asset) {
            files.append((asset.href, asset.contents.map { .text(String(decoding: $0, as: UTF8.self)) } ?? .copy(asset.source)))
        }
        let written = try Self.writeFolder(
            files, to: destination, reusing: book.cache?.lastSite ?? EarlierSite(folder: destination), writer: context.writer,
            keepsTexts: book.cache != nil)
        book.cache?.lastSite = EarlierSite(folder: destination, texts: written.texts)
        return WrittenOutput(
            sizeBytes: written.sizeBytes, fileCount: written.fileCount, isDirectory: true, checksum: written.checksum)
    }

    /// What every chapter page shows of the rest of the book.
    private static func siteDigest(_ book: RenderedBook, _ site: SiteLayout, _ templates: TemplateSet) -> Int {
        var hasher = Hasher()
        hasher.combine(templates.digest)
        hasher.combine(String(describing: book.config))
        hasher.combine(site.pageFiles)
        hasher.combine(book.chapters.map(\.title))
        hasher.combine(book.chapters.map { $0.partIndex ?? -1 })
        hasher.combine(book.chapters.map { $0.matter?.rawValue ?? "" })
        hasher.combine(book.parts.map(\.title))
        return hasher.finalize()
    }

    // MARK: - Where things go

    /// The page of each chapter, by position: `01-arrival.html`, never a name the site's own
    /// pages take.
    static func pageFiles(_ book: RenderedBook) -> [String] {
        var names = UniqueNames()
        for reserved in reservedPageNames { _ = names.claim(reserved, suffix: ".html") }
        return book.chapters.map { names.claim($0.stem, suffix: ".html") }
    }

    /// Page file names and the link styles that point at them.
    struct SiteLayout {
        /// The page of each chapter, by position: `01-arrival.html`.
        var pageFiles: [String]
        /// Chapter pages: book references become page files and `images/…`; `epub:type` goes.
        var pageStyle: SerializationStyle
        /// `print.html`: every reference to a chapter stays on the page.
        var printStyle: SerializationStyle
        var tableOfContents: SiteTableOfContents
        /// The interface in the book's language; `templateStrings` is what templates read as `strings.key`.
        var strings: InterfaceStrings
        var templateStrings: TemplateStrings
        /// The strings site.js shows, as JSON, when they are not English.
        var scriptStrings: String?

        init(_ book: RenderedBook) {
            strings = book.config.interfaceStrings
            templateStrings = strings.templateTable()
            scriptStrings = strings.scriptTable()
            pageFiles = SitePackager.pageFiles(book)
            tableOfContents = SiteTableOfContents(book, pageFiles: pageFiles)
            let fileByStem = Dictionary(zip(book.chapters.map(\.stem), pageFiles), uniquingKeysWith: { first, _ in first })
            let anchorByStem = Dictionary(
                book.chapters.map { ($0.stem, $0.anchorID) }, uniquingKeysWith: { first, _ in first })
            pageStyle = SerializationStyle(
                resolve: { target in
                    switch target {
                    case .chapter(let stem, let fragment):
                        return (fileByStem[stem] ?? stem + ".html") + (fragment.map { "#" + $0 } ?? "")
                    case .asset(let href): return href
                    case .remoteImage(let url): return url
                    }
                },
                omittedAttributes: ["epub:type"], voidElementEnd: ">", keepsRemoteImages: true)
            printStyle = SerializationStyle(
                resolve: { target in
                    switch target {
                    case .chapter(let stem, let fragment): return "#" + (fragment ?? anchorByStem[stem] ?? "")
                    case .asset(let href): return href
                    case .remoteImage(let url): return url
                    }
                },
                omittedAttributes: ["epub:type"], voidElementEnd: ">", keepsRemoteImages: true)
        }
    }

    // MARK: - Template contexts

    /// What every page template gets: the book, the sidebar's table of contents, the page's own
    /// title and (with `site.base_url`) its canonical address.
    private func commonContext(
        _ book: RenderedBook, _ site: SiteLayout, page: String, title: String, current: Int? = nil
    ) -> [String: Any] {
        let config = book.config
        var context: [String: Any] = [
            "language": XML.safe(config.language),
            "rtl": config.isRightToLeft,
            "bookTitle": XML.safe(config.title),
            "pageTitle": XML.safe(title == config.title ? title : "\(title) · \(config.title)"),
            "toc": site.tableOfContents.html(current: current),
            "strings": site.templateStrings,
        ]
        if let script = site.scriptStrings { context["scriptStrings"] = script }
        if let description = config.description { context["description"] = XML.safe(description) }
        if config.code.lineNumbers { context["lineNumbers"] = true }
        if !config.authors.isEmpty { context["authors"] = XML.safe(EPUBPackager.joinedNames(config.authors, site.strings)) }
        if let baseURL = config.site.baseURL {
            context["baseURL"] = XML.safe(baseURL)
            context["canonical"] = XML.safe(baseURL + (page == "index.html" ? "" : page))
        }
        return context
    }

    /// The chapter's second-level headings, for the sidebar.
    static func sections(of chapter: RenderedChapter) -> [(title: String, id: String)] {
        chapter.body.compactMap { node in
            guard case .element(let element) = node, element.name == "h2", let id = element["id"] else { return nil }
            let title = element.textContent.trimmed
            return title.isEmpty ? nil : (title, id)
        }
    }

    private func link(_ book: RenderedBook, _ site: SiteLayout, _ position: Int) -> [String: Any] {
        ["title": XML.safe(book.chapters[position].title), "href": site.pageFiles[position]]
    }

    private func pageContext(_ book: RenderedBook, _ site: SiteLayout, _ position: Int) -> [String: Any] {
        let chapter = book.chapters[position]
        let file = site.pageFiles[position]
        var context = commonContext(book, site, page: file, title: chapter.title, current: position)
        context["title"] = XML.safe(chapter.title)
        if let language = chapter.language {
            context["language"] = XML.safe(language)
            context["rtl"] = LanguageTag.isRightToLeft(language)
        }
        context["hasSidebar"] = true
        context["anchorID"] = chapter.anchorID
        context["body"] = book.cache.fragment(chapter.fingerprint, "site-page") {
            XHTMLSerializer.serialize(chapter.page, style: site.pageStyle)
        }
        context["kind"] = chapter.matter?.rawValue ?? "chapter"
        if let part = chapter.partIndex { context["partTitle"] = XML.safe(book.parts[part].title) }
        context["previous"] = position > 0
            ? link(book, site, position - 1) : ["title": XML.safe(book.config.title), "href": "index.html"]
        if position + 1 < book.chapters.count { context["next"] = link(book, site, position + 1) }
        if !chapter.isGenerated, let edit = book.config.site.editLink(for: chapter.sourcePath) { context["editURL"] = XML.safe(edit) }
        return context
    }

    private func indexContext(_ book: RenderedBook, _ site: SiteLayout) -> [String: Any] {
        let config = book.config
        var context = commonContext(book, site, page: "index.html", title: config.title)
        context["title"] = XML.safe(config.title)
        if let subtitle = config.subtitle { context["subtitle"] = XML.safe(subtitle) }
        if let cover = book.cover { context["cover"] = ["href": cover.href] }
        context["coverAlt"] = XML.safe(site.strings.format("cover_of", ["book": config.title]))
        if let publisher = config.publisher { context["publisher"] = XML.safe(publisher) }
        if let rights = config.rights { context["rights"] = XML.safe(rights) }
        if !book.chapters.isEmpty {
            context["first"] = link(book, site, 0)
            context["next"] = link(book, site, 0)
        }
        return context
    }

    /// print.html, as consecutive pieces: the template rendered with a marker for each chapter's
    /// body, cut at the markers, with the bodies between. The whole book is then never copied
    /// into one string, and the bodies stay the cached strings. The frame depends on what
    /// `siteDigest` covers and the chapters' anchors, so a rebuild reuses it. A template that
    /// does not show each body once, unescaped, is rendered the plain way.
    private func printPage(_ book: RenderedBook, _ site: SiteLayout, siteDigest: Int) -> [String] {
        let bodies = Parallel.map(book.chapters) { chapter in
            book.cache.fragment(chapter.fingerprint, "site-print") {
                XHTMLSerializer.serialize(chapter.page, style: site.printStyle)
            }
        }
        let frameDigest = book.cache == nil ? nil : [siteDigest, book.chapters.map(\.anchorID).hashValue].hashValue
        let frame = book.cache.fragment(frameDigest, "site-print-frame") {
            templates.render("print.html", printContext(book, site, bodies: bodies.indices.map(Self.printMarker)))
        }
        guard let between = Self.split(frame, atMarkers: bodies.count) else {
            return [templates.render("print.html", printContext(book, site, bodies: bodies))]
        }
        var pieces: [String] = []
        pieces.reserveCapacity(2 * bodies.count + 1)
        for (text, body) in zip(between, bodies) {
            pieces.append(text)
            pieces.append(body)
        }
        pieces.append(between[bodies.count])
        return pieces
    }

    private static let printMarkerStart = "<!--draftforge:print-body:"

    private static func printMarker(_ position: Int) -> String { printMarkerStart + "\(position)-->" }

    /// The `count + 1` texts around markers 0, 1, … `count - 1`, or nil unless each marker is
    /// there once, in order, and nothing else looks like one.
    static func split(_ frame: String, atMarkers count: Int) -> [String]? {
        var frame = frame
        return frame.withUTF8 { bytes -> [String]? in
            var texts: [String] = []
            texts.reserveCapacity(count + 1)
            var textStart = 0
            while let found = UTF8Bytes.offset(of: printMarkerStart, in: UnsafeBufferPointer(rebasing: bytes[textStart...])) {
                guard texts.count < count else { return nil }
                let markerStart = textStart + found
                let marker = printMarker(texts.count).utf8
                guard bytes[markerStart...].starts(with: marker) else { return nil }
                texts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[textStart..<markerStart]), as: UTF8.self))
                textStart = markerStart + marker.count
            }
            guard texts.count == count else { return nil }
            texts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[textStart...]), as: UTF8.self))
            return texts
        }
    }

    private func printContext(_ book: RenderedBook, _ site: SiteLayout, bodies: [String]) -> [String: Any] {
        var context = commonContext(book, site, page: "print.html", title: book.config.title)
        context["title"] = XML.safe(book.config.title)
        if let subtitle = book.config.subtitle { context["subtitle"] = XML.safe(subtitle) }
        var partShown = Set<Int>()
        context["chapters"] = zip(book.chapters, bodies).map { chapter, body -> [String: Any] in
            var entry: [String: Any] = [
                "anchorID": chapter.anchorID, "title": XML.safe(chapter.title), "body": body,
                "kind": chapter.matter?.rawValue ?? "chapter",
            ]
            if let part = chapter.partIndex, partShown.insert(part).inserted {
                entry["partTitle"] = XML.safe(book.parts[part].title)
            }
            return entry
        }
        return context
    }

    private func notFoundContext(_ book: RenderedBook, _ site: SiteLayout) -> [String: Any] {
        var context = commonContext(book, site, page: "404.html", title: site.strings["page_not_found"])
        let linkedTitle = "<a href=\"index.html\">\(XHTMLSerializer.escaped(XML.safe(book.config.title)))</a>"
        context["noSuchPage"] = site.strings.html("no_such_page", ["book": linkedTitle])
        // GitHub Pages and most servers answer any missing address with this page, at any
        // depth: with a base URL its links still find the site.
        context.removeValue(forKey: "canonical")
        if let baseURL = book.config.site.baseURL { context["base"] = XML.safe(baseURL) }
        if !book.chapters.isEmpty { context["first"] = link(book, site, 0) }
        return context
    }

    private func sitemapContext(_ book: RenderedBook, _ site: SiteLayout, baseURL: String) -> [String: Any] {
        let day = String(BuildDate.iso8601(book.modified).prefix(10))
        let pages = [""] + site.pageFiles
        return ["urls": pages.map { ["loc": XML.safe(baseURL + $0), "lastmod": day] }]
    }

    private func stylesheet(_ book: RenderedBook) -> String {
        TemplateSet.bookStylesheet(templates.stylesheet, book: book, assetPrefix: "")
    }

    // MARK: - Writing the folder

    enum FileContents {
        case text(String)
        /// A text file written piece after piece, never joined in memory.
        case pieces([String])
        /// Pieces made on the core that writes them and let go once written: a long book's
        /// pages, print page and search index are tens of MB, which were all held at once.
        /// `estimatedBytes` orders the jobs, the largest first.
        case rendered(estimatedBytes: Int, () throws -> [String])
        case copy(URL)
    }

    /// About what a word of the book takes on a page, with its markup.
    private static let bytesPerWord = 7

    /// Writes `files` into a new sibling of `destination`, which `writer` then puts in
    /// `destination`'s place. A file identical to the one at the same path in `reusing` (the site
    /// being replaced) is hard-linked instead of written: creating hundreds of new files is what
    /// a rebuild of a long book spends its time on, and a link allocates no inode. Links and
    /// writes run on every core, the largest files first. The files' texts are in the result
    /// only when `keepsTexts` (for the next build of a `serve` session to compare with).
    static func writeFolder(
        _ files: [(path: String, contents: FileContents)], to destination: URL, reusing earlier: EarlierSite? = nil,
        writer: OutputWriter, keepsTexts: Bool = false
    ) throws -> Written {
        try writer.replaceFolder(destination) { temporary in
            let manager = FileManager.default
            var written = Set<String>()
            var texts: [String: [String]] = [:]
            var folders: Set<Substring> = [""]
            var jobs: [FileJob] = []
            let base = temporary.path + "/"
            for (path, contents) in files where written.insert(path).inserted {
                let target = base + path
                if let slash = path.lastIndex(of: "/"), folders.insert(path[..<slash]).inserted {
                    try manager.createDirectory(atPath: base + path[..<slash], withIntermediateDirectories: true)
                }
                var job = FileJob(path: path, target: target, contents: contents)
                switch contents {
                case .text(let text):
                    if keepsTexts { texts[path] = [text] }
                    job.byteCount = text.utf8.count
                case .pieces(let pieces):
                    if keepsTexts { texts[path] = pieces }
                    job.byteCount = pieces.reduce(0) { $0 + $1.utf8.count }
                case .rendered(let estimate, _):
                    job.byteCount = estimate
                case .copy(let source):
                    job.byteCount = (try manager.attributesOfItem(atPath: source.path)[.size] as? Int) ?? 0
                }
                if let earlier {
                    job.earlierFile = earlier.folder.path + "/" + path
                    job.earlierTexts = earlier.texts.map { $0[path] ?? [] }
                }
                jobs.append(job)
            }
            jobs.sort { $0.byteCount > $1.byteCount }
            // Each file is hashed from the bytes it is written from, on the core writing it: the
            // manifest then need not read the site back.
            let hashes = writer.keepsRecords
            let results = Parallel.map(jobs) { job in
                Result { () throws -> (path: String, hash: String?, size: Int, rendered: [String]?) in
                    let pieces: [String]
                    switch job.contents {
                    case .text(let text): pieces = [text]
                    case .pieces(let list): pieces = list
                    case .rendered(_, let render): pieces = try render()
                    case .copy(let source):
                        guard hashes else {
                            try FileManager.default.copyItem(atPath: source.path, toPath: job.target)
                            return (job.path, nil, job.byteCount, nil)
                        }
                        // Read once, hashed and written from the same bytes.
                        let data = try Data(contentsOf: source)
                        try Self.write(data, to: job.target)
                        return (job.path, Checksum.sha256(of: data), data.count, nil)
                    }
                    let hash = hashes ? Self.sha256(pieces) : nil
                    // Counted when listed, but for what was only rendered now.
                    let size = job.isRendered ? pieces.reduce(0) { $0 + $1.utf8.count } : job.byteCount
                    let rendered = keepsTexts && job.isRendered ? pieces : nil
                    // Strings kept from the last build compare by identity, without reading the file.
                    let same = job.earlierFile.flatMap { file in
                        job.earlierTexts.map { $0 == pieces } ?? Self.fileHolds(file, pieces) ? file : nil
                    }
                    if let same, Foundation.link(same, job.target) == 0 { return (job.path, hash, size, rendered) }
                    try Self.write(pieces, to: job.target)
                    return (job.path, hash, size, rendered)
                }
            }
            var listing: [(path: String, hash: String?)] = []
            listing.reserveCapacity(results.count)
            var size = 0
            for result in results {
                let file = try result.get()
                listing.append((file.path, file.hash))
                size += file.size
                if let rendered = file.rendered { texts[file.path] = rendered }
            }
            let checksum = hashes ? Checksum.folderChecksum(listing.map { ($0.path, $0.hash ?? "") }) : nil
            return Written(sizeBytes: size, fileCount: written.count, texts: texts, checksum: checksum)
        }
    }

    private static func sha256(_ pieces: [String]) -> String {
        var digest = SHA256()
        for var piece in pieces {
            piece.withUTF8 { digest.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return Checksum.hex(digest.finalize())
    }

    /// One file of a folder being written: linked from the earlier site's copy when that is
    /// the same, otherwise written.
    private struct FileJob {
        var path: String
        var target: String
        var contents: FileContents
        /// The file's size, or an estimate of a rendered one's: the largest are written first.
        var byteCount = 0
        /// The earlier site's copy, to link when it holds the same.
        var earlierFile: String?
        /// What the earlier build wrote there, when this process kept it; else the file is read
        /// and compared (on the job's core, not while listing the jobs).
        var earlierTexts: [String]?

        var isRendered: Bool {
            if case .rendered = contents { true } else { false }
        }
    }

    /// True when the regular file at `path` holds exactly the concatenated `pieces`. Read a block
    /// at a time, not whole: the print page and the search index are megabytes each, and the
    /// write jobs compare on every core at once.
    private static func fileHolds(_ path: String, _ pieces: [String]) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
            Int(status.st_size) == pieces.reduce(0, { $0 + $1.utf8.count })
        else { return false }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { block.deallocate() }
        var filled = 0, compared = 0
        for var piece in pieces {
            let same = piece.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    if compared == filled {
                        let count = read(descriptor, block.baseAddress!, block.count)
                        if count < 0, errno == EINTR { continue }
                        guard count > 0 else { return false }
                        (filled, compared) = (count, 0)
                    }
                    let length = min(filled - compared, bytes.count - offset)
                    guard memcmp(block.baseAddress! + compared, bytes.baseAddress! + offset, length) == 0 else { return false }
                    compared += length
                    offset += length
                }
                return true
            }
            guard same else { return false }
        }
        return true
    }

    /// Creates (or empties) the file at `path` and writes the pieces one after another: small
    /// ones gathered into a buffer (a page is thousands of pieces), large ones as they are.
    private static func write(_ pieces: [String], to path: String) throws {
        try writing(to: path) { writeAll in
            let bufferSize = 1 << 16
            var buffer: [UInt8] = []
            buffer.reserveCapacity(pieces.count == 1 ? 0 : bufferSize)
            func flush() throws {
                try buffer.withUnsafeBytes(writeAll)
                buffer.removeAll(keepingCapacity: true)
            }
            for var piece in pieces {
                try piece.withUTF8 { bytes in
                    if buffer.count + bytes.count > bufferSize { try flush() }
                    if bytes.count >= bufferSize {
                        try writeAll(UnsafeRawBufferPointer(bytes))
                    } else {
                        buffer.append(contentsOf: bytes)
                    }
                }
            }
            try flush()
        }
    }

    /// Creates (or empties) the file at `path` and writes `data` (a copied image or font).
    private static func write(_ data: Data, to path: String) throws {
        try writing(to: path) { writeAll in try data.withUnsafeBytes(writeAll) }
    }

    /// Opens `path` for `body`, handing it the function that writes bytes to it whole.
    private static func writing(
        to path: String, _ body: (_ writeAll: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws {
        let descriptor = try AtomicFile.openForWriting(path)
        defer { close(descriptor) }
        try body { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw AtomicFile.failure(errno, URL(fileURLWithPath: path))
                }
                offset += count
            }
        }
    }
}
