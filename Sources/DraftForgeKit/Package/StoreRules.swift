// What each store asks of a book beyond the EPUB standard, checked before the author uploads
// it: the cover's format and size, the metadata the store shows, links to other stores, page
// references, the file's size, and for IngramSpark the printers' page count and cover. Every
// rule names its source in the README ("Store checks"). A rule the store enforces is an error;
// one it advises is a warning. `check --store` runs them; `build` runs them for its `editions:`.
import Foundation

/// A store or distributor the book can be checked for.
public enum Store: String, CaseIterable, Sendable {
    case kdp, apple, kobo, google, ingram

    public var displayName: String {
        switch self {
        case .kdp: "Amazon KDP"
        case .apple: "Apple Books"
        case .kobo: "Kobo"
        case .google: "Google Play Books"
        case .ingram: "IngramSpark"
        }
    }

    /// The store an edition (`editions:` in the config) is sold through; nil for `nook`.
    public init?(edition: String) {
        switch edition {
        case "kindle": self = .kdp
        case "apple": self = .apple
        case "kobo": self = .kobo
        case "google": self = .google
        case "print": self = .ingram
        default: return nil
        }
    }

    /// The edition whose links this store's file carries.
    var edition: String { self == .kdp ? "kindle" : self == .ingram ? "print" : rawValue }

    /// The hosts of the store's own pages; a link to another store's is refused.
    func owns(host: String) -> Bool {
        let labels = host.lowercased().split(separator: ".").map(String.init)
        func under(_ domain: String) -> Bool {
            let parts = domain.split(separator: ".").map(String.init)
            return labels.count >= parts.count && Array(labels.suffix(parts.count)) == parts
        }
        switch self {
        case .kdp: return labels.contains("amazon") || under("amzn.to") || under("a.co") || under("audible.com")
        case .apple: return under("books.apple.com") || under("itunes.apple.com") || under("apple.co")
        case .kobo: return under("kobo.com")
        case .google: return under("play.google.com") || (labels.contains("google") && labels.first == "books")
        case .ingram: return false
        }
    }

    /// The stores (and Barnes & Noble) a link may point to, by host.
    fileprivate static func selling(host: String) -> String? {
        if let store = allCases.first(where: { $0.owns(host: host) }) { return store.displayName }
        let labels = host.lowercased().split(separator: ".")
        return labels.suffix(2) == ["barnesandnoble", "com"] ? "Barnes & Noble" : nil
    }
}

enum StoreRules {
    /// KDP's marketing cover: at least 1000 × 625 px, at most 10,000 on a side, ideally 2560 × 1600.
    static let kdpCoverLeast = (long: 1000, short: 625)
    static let kdpCoverGreatest = 10_000
    static let kdpCoverIdealLong = 2500
    static let kdpCoverBytes = 50 * 1_000_000
    /// Apple and Kobo: 1400 px on the short side; Google Play: 640.
    static let coverShortSide: [Store: Int] = [.apple: 1400, .kobo: 1400, .google: 640]
    /// Apple Books refuses an image inside the book of more than 4 million pixels.
    static let applePixelsPerImage = 4_000_000
    /// The largest file each store takes.
    static let fileBytes: [Store: Int] = [.kdp: 650 * 1_000_000, .apple: 2_000_000_000, .google: 2_000_000_000]
    /// IngramSpark's fewest pages for a paperback.
    static let ingramLeastPages = 18

    /// What `store` would refuse or ask to change in the book. `findings` are the build's
    /// (for the page references); `epubBytes` is the size of the largest EPUB written, when one was.
    static func problems(
        for store: Store, book: RenderedBook, findings: [Diagnostic], epubBytes: Int?, root: URL
    ) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        func add(_ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ at: SourceLocation?, _ message: String, _ suggestion: String) {
            problems.append(Diagnostic(severity, code, at: at, "\(store.displayName): \(message)", suggestion: suggestion))
        }
        let config = book.config
        let configFile = SourceLocation(file: config.file)
        if store == .ingram {
            let pages = PrintRules.estimatedPages(book)
            if pages < ingramLeastPages {
                add(.error, .storePrint, configFile,
                    "the print book would take about \(pages) pages; IngramSpark prints paperbacks of \(ingramLeastPages) pages or more",
                    "choose a smaller trim size ('pdf.trim'), or add to the book")
            }
            if config.printCover == nil {
                add(.warning, .storePrint, configFile,
                    "a print cover PDF whose spine fits the page count is needed, and 'cover_print:' is not set",
                    "set 'cover_print:' and build with --format pdf: DraftForge sets the cover from the interior's pages")
            }
            return problems
        }

        if config.authors.isEmpty {
            add(.error, .storeMetadata, configFile, "the book names no author, and the store lists every book under one",
                "set 'authors:' in the config")
        }
        if config.publisher == nil, store == .apple || store == .kobo {
            add(.warning, .storeMetadata, configFile, "the book names no publisher, which the store shows on the book's page",
                "set 'publisher:' (an author publishing alone gives an imprint or their own name)")
        }
        checkCover(store, book: book, add: add)
        if store == .apple {
            for image in book.images {
                guard let size = ImageInfo.read(image.source)?.pixelSize, size.width * size.height > applePixelsPerImage else { continue }
                add(.error, .storeCover, SourceLocation(file: relativePath(image.source, root: root)),
                    "the image is \(size.width)×\(size.height) px, over the 4 million pixels Apple takes for an image inside the book",
                    "export it smaller, such as \(Int(Double(size.width) * (Double(applePixelsPerImage) / Double(size.width * size.height)).squareRoot())) px wide")
            }
        }
        for link in otherStoreLinks(store, book: book) {
            let at = link.generated ? config.alsoBy?.location ?? configFile : location(of: link.href, in: link.sourcePath, root: root)
            add(.error, .storeOtherLink, at, "the link \(link.href) leads to \(link.store), and the store refuses books that send readers to another store",
                link.generated
                    ? "give the book in 'also_by' a link for this store: links: {\(store.edition): https://…}"
                    : "link to the author's own site instead, or leave the link out of the \(store.edition) edition")
        }
        if store == .kdp {
            let references = findings.filter { $0.code == DiagnosticCode.pageReference.rawValue && !$0.isWaived }
            if let first = references.first {
                add(.warning, .storePageReference, first.location,
                    "the book refers to page numbers \(references.count == 1 ? "once" : "\(references.count) times"), and Kindle books have no fixed pages",
                    "refer to chapters instead: 'draftforge check' lists each (accessibility.page-reference)")
            }
        }
        if let epubBytes, let limit = fileBytes[store], epubBytes > limit {
            add(.error, .storeFileSize, nil,
                "the EPUB is \(epubBytes / 1_000_000) MB; the store takes files up to \(limit / 1_000_000) MB",
                "make the images smaller, or split the book")
        }
        return problems
    }

    private static func checkCover(
        _ store: Store, book: RenderedBook,
        add: (Diagnostic.Severity, DiagnosticCode, SourceLocation?, String, String) -> Void
    ) {
        let at = book.config.coverLocation ?? SourceLocation(file: book.config.file)
        guard let cover = book.cover else {
            add(store == .kdp ? .warning : .error, .storeCover, at, "the book has no cover image",
                "set 'cover:' to a JPEG of 1600×2560 px")
            return
        }
        guard let info = ImageInfo.read(cover.source) else { return }
        guard let size = info.pixelSize else { return }
        let long = max(size.width, size.height)
        switch store {
        case .kdp:
            if info.format != .jpeg {
                add(.warning, .storeCover, at, "KDP takes the marketing cover, uploaded beside the EPUB, as a JPEG or TIFF; this one is \(info.format.withArticle)",
                    "upload a JPEG export of the cover as the marketing cover")
            }
            if size.shortSide < kdpCoverLeast.short || long < kdpCoverLeast.long {
                add(.error, .storeCover, at, "the cover is \(size.width)×\(size.height) px, under the 625×1000 px KDP takes",
                    "export the cover at 1600×2560 px")
            } else if long > kdpCoverGreatest {
                add(.error, .storeCover, at, "the cover is \(size.width)×\(size.height) px, over the 10,000 px a side KDP takes",
                    "export the cover at 1600×2560 px")
            } else if long < kdpCoverIdealLong {
                add(.warning, .storeCover, at, "the cover is \(size.width)×\(size.height) px; KDP asks for 2500 px or more on the long side for sharp screens",
                    "export the cover at 1600×2560 px")
            }
            if info.byteCount > kdpCoverBytes {
                add(.error, .storeCover, at, "the cover is \(info.byteCount / 1_000_000) MB, over the 50 MB KDP takes",
                    "save the cover as a JPEG at a lower quality")
            }
        case .apple, .kobo, .google:
            if let least = coverShortSide[store], size.shortSide < least {
                add(store == .kobo ? .warning : .error, .storeCover, at,
                    "the cover is \(size.width)×\(size.height) px, under the \(least) px on the short side the store asks for",
                    "export the cover at 1600×2560 px")
            }
        case .ingram:
            break
        }
    }

    struct StoreLink: Equatable {
        var href: String
        var store: String
        var sourcePath: String
        var generated: Bool
    }

    /// Links in the store's edition of the book that lead to another store.
    static func otherStoreLinks(_ store: Store, book: RenderedBook) -> [StoreLink] {
        let edition = Edition(name: store.edition, store: store.edition).apply(to: book)
        var links: [StoreLink] = []
        for chapter in edition.chapters {
            HTMLNode.forEachElement(in: chapter.body + chapter.notes.flatMap(\.content)) { element in
                guard element.name == "a", let href = element["href"], let host = URLComponents(string: href)?.host,
                    !store.owns(host: host), let seller = Store.selling(host: host)
                else { return }
                links.append(StoreLink(href: href, store: seller, sourcePath: chapter.sourcePath, generated: chapter.isGenerated))
            }
        }
        return links
    }

    /// The line of the chapter that holds `href`, found in its source.
    private static func location(of href: String, in sourcePath: String, root: URL) -> SourceLocation {
        guard let text = try? String(contentsOf: root.appendingPathComponent(sourcePath), encoding: .utf8),
            let range = text.range(of: href)
        else { return SourceLocation(file: sourcePath) }
        let line = text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        return SourceLocation(file: sourcePath, line: line)
    }

    private static func relativePath(_ url: URL, root: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : url.lastPathComponent
    }
}
