// Package: a `RenderedBook` becomes an EPUB 3 file. The recipe reads top to bottom: pages,
// navigation, package document, then the zip, `mimetype` first. The file is written beside
// its final name and renamed into place, so a failed build never leaves half an EPUB.
import Foundation

/// Writes EPUB 3.3 packages.
public struct EPUBPackager {
    public static let formatVersion = "3.3"

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

    public init() {}

    /// Writes the book to `destination` atomically and returns its size in bytes.
    public func write(_ book: RenderedBook, to destination: URL) throws -> Int {
        let templates = try TemplateSet(format: "epub")
        let (entries, items, spine) = try contents(of: book, templates: templates)
        let opf = templates.render("package.opf", packageContext(book, items: items, spine: spine))

        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let zip = try ZipWriter(url: temporary, modificationDate: book.modified)
        try zip.addEntry(path: "mimetype", data: Data("application/epub+zip".utf8), compression: .stored)
        try zip.addEntry(path: "META-INF/container.xml", data: Data(Self.container.utf8))
        try zip.addEntry(path: "OEBPS/content.opf", data: Data(opf.utf8))
        for entry in entries { try zip.addEntry(path: "OEBPS/" + entry.path, data: entry.data) }
        try zip.finish()

        let size = (try FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? Int) ?? 0
        guard rename(temporary.path, destination.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
        }
        return size
    }

    // MARK: - Pages and files

    private func contents(of book: RenderedBook, templates: TemplateSet) throws -> ([Entry], [Item], [String]) {
        var entries: [Entry] = []
        var items: [Item] = []
        var spine: [String] = []
        let language = XML.safe(book.config.language)

        func page(_ id: String, _ path: String, _ template: String, _ context: [String: Any], properties: String? = nil) {
            var context = context
            context["language"] = language
            context["stylesheet"] = path.hasPrefix("text/") ? "../styles/book.css" : "styles/book.css"
            entries.append(Entry(path: path, data: Data(templates.render(template, context).utf8)))
            items.append(Item(id: id, href: path, mediaType: "application/xhtml+xml", properties: properties))
            spine.append(id)
        }

        let title = XML.safe(book.config.title)
        if let cover = book.cover {
            page("cover", "cover.xhtml", "cover.xhtml", ["title": title, "coverHref": cover.href])
        }
        page("title-page", "title-page.xhtml", "title-page.xhtml", titlePageContext(book))
        page("nav", "nav.xhtml", "nav.xhtml", navigationContext(book), properties: "nav")

        var partShown = Set<Int>()
        for (number, chapter) in book.chapters.enumerated() {
            if let part = chapter.partIndex, partShown.insert(part).inserted {
                page("part-\(part + 1)", "part-\(part + 1).xhtml", "part.xhtml",
                     ["title": XML.safe(book.parts[part].title)])
            }
            page("chapter-\(number + 1)", "text/" + chapter.fileName, "chapter.xhtml",
                 ["title": XML.safe(chapter.title), "body": chapter.body])
        }

        entries.append(Entry(path: "styles/book.css", data: Data(stylesheet(book, templates).utf8)))
        items.append(Item(id: "stylesheet", href: "styles/book.css", mediaType: "text/css"))
        if let cover = book.cover {
            entries.append(Entry(path: cover.href, data: try Data(contentsOf: cover.source)))
            items.append(Item(id: "cover-image", href: cover.href, mediaType: cover.mediaType, properties: "cover-image"))
        }
        for (number, image) in book.images.enumerated() {
            entries.append(Entry(path: image.href, data: try Data(contentsOf: image.source)))
            items.append(Item(id: "image-\(number + 1)", href: image.href, mediaType: image.mediaType))
        }
        return (entries, items, spine)
    }

    private func stylesheet(_ book: RenderedBook, _ templates: TemplateSet) -> String {
        guard let extra = book.extraCSS else { return templates.stylesheet }
        return templates.stylesheet + "\n/* \(book.config.css ?? "css") */\n" + extra
    }

    // MARK: - Template contexts

    private func authors(_ book: RenderedBook) -> [[String: Any]] {
        book.config.authors.enumerated().map { ["id": "creator-\($0.offset + 1)", "name": XML.safe($0.element)] }
    }

    private func titlePageContext(_ book: RenderedBook) -> [String: Any] {
        var context: [String: Any] = ["title": XML.safe(book.config.title), "authors": authors(book)]
        if let subtitle = book.config.subtitle { context["subtitle"] = XML.safe(subtitle) }
        if let publisher = book.config.publisher { context["publisher"] = XML.safe(publisher) }
        return context
    }

    private func navigationContext(_ book: RenderedBook) -> [String: Any] {
        var toc: [[String: Any]] = []
        var partEntries: [Int: Int] = [:]
        for chapter in book.chapters {
            let entry: [String: Any] = ["href": "text/" + chapter.fileName, "title": XML.safe(chapter.title)]
            guard let part = chapter.partIndex else {
                toc.append(entry.merging(["hasChildren": false]) { $1 })
                continue
            }
            if let position = partEntries[part] {
                var children = toc[position]["children"] as? [[String: Any]] ?? []
                children.append(entry)
                toc[position]["children"] = children
            } else {
                partEntries[part] = toc.count
                toc.append([
                    "href": "part-\(part + 1).xhtml", "title": XML.safe(book.parts[part].title),
                    "hasChildren": true, "children": [entry],
                ])
            }
        }
        var landmarks: [[String: Any]] = []
        if book.cover != nil { landmarks.append(["type": "cover", "href": "cover.xhtml", "title": "Cover"]) }
        landmarks.append(["type": "titlepage", "href": "title-page.xhtml", "title": "Title Page"])
        landmarks.append(["type": "toc", "href": "nav.xhtml#toc", "title": "Contents"])
        if let first = book.chapters.first {
            landmarks.append(["type": "bodymatter", "href": "text/" + first.fileName, "title": "Start of Content"])
        }
        return ["toc": toc, "landmarks": landmarks]
    }

    private func packageContext(_ book: RenderedBook, items: [Item], spine: [String]) -> [String: Any] {
        let config = book.config
        let hasImages = book.chapters.contains(where: \.hasImages)
        var context: [String: Any] = [
            "identifier": XML.safe(book.identifier),
            "title": XML.safe(config.title),
            "authors": authors(book),
            "language": XML.safe(config.language),
            "subjects": config.subjects.map(XML.safe),
            "modified": BuildDate.iso8601(book.modified),
            "hasCover": book.cover != nil,
            "accessModes": hasImages || book.cover != nil ? ["textual", "visual"] : ["textual"],
            "accessibilityFeatures": ["structuralNavigation", "tableOfContents", "readingOrder"]
                + (hasImages ? ["alternativeText"] : []),
            "accessibilitySummary": "This publication has a table of contents and headings for navigation"
                + (hasImages ? "; its images have text alternatives." : "."),
            "items": items.map { item -> [String: Any] in
                var entry: [String: Any] = ["id": item.id, "href": item.href, "mediaType": item.mediaType]
                if let properties = item.properties { entry["properties"] = properties }
                return entry
            },
            "spine": spine,
        ]
        for (key, value) in [
            ("subtitle", config.subtitle), ("publisher", config.publisher), ("rights", config.rights),
            ("description", config.description), ("date", config.date),
        ] {
            if let value { context[key] = XML.safe(value) }
        }
        return context
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
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 ? scalar.value != 0xFFFE && scalar.value != 0xFFFF : "\t\n\r".unicodeScalars.contains(scalar)
        }))
    }
}
