// Editions: the same book for each store it is sold in, and in large print. A store's EPUB
// (`<slug>-kobo.epub`) links the books of the Also By page to that store; the `print` store's
// links go in the PDF; the large-print edition sets the EPUB and the PDF in bigger type with
// more leading. Each is its own file and its own export job; the rendered book is shared.
import Foundation

struct Edition: Sendable, Equatable {
    /// The stores an edition can be for (`editions:` in the config).
    static let stores = ["kindle", "apple", "kobo", "google", "nook", "print"]

    /// What the file name adds after the slug (`kobo`, `large-print`); nil for the book's own file.
    var name: String?
    /// The store whose links the Also By page takes; nil keeps each book's `url`.
    var store: String?
    var largePrint = false
    /// The print cover (`<slug>-cover.pdf`) instead of the interior.
    var printCover = false

    /// Every edition `format` is written in, the plain one first.
    static func all(for format: ExportFormat, config: ManuscriptConfig) -> [Edition] {
        // The print store's links belong in the print book.
        let printStore = format == .pdf && config.editions.contains("print") ? "print" : nil
        var editions = [Edition(store: printStore)]
        if format == .epub {
            editions += config.editions.filter { $0 != "print" }.map { Edition(name: $0, store: $0) }
        }
        if config.largePrint && (format == .epub || format == .pdf) {
            editions.append(Edition(name: "large-print", store: printStore, largePrint: true))
        }
        if format == .pdf, config.printCover != nil {
            editions.append(Edition(name: "cover", printCover: true))
        }
        return editions
    }

    /// The book as this edition prints it.
    func apply(to book: RenderedBook) -> RenderedBook {
        var book = book
        if let store, let alsoBy = book.config.alsoBy,
            let position = book.chapters.firstIndex(where: { $0.isGenerated && $0.matter == .alsoBy })
        {
            // The generated page links the books that have an address, in the config's order.
            var hrefs = alsoBy.books.compactMap { $0.defaultLink == nil ? nil : $0.links[store] ?? $0.defaultLink }[...]
            book.chapters[position].body = book.chapters[position].body.map { Self.relink($0, &hrefs) }
            book.chapters[position].fingerprint = nil
        }
        if largePrint {
            book.extraCSS = Self.largePrintCSS + (book.extraCSS.map { "\n" + $0 } ?? "")
            book.isLargePrint = true
        }
        book.isPrintCover = printCover
        // Only the plain print edition gives the EPUB its page numbers.
        if largePrint || printCover { book.marksPrintPages = false }
        return book
    }

    /// Large print as readers' groups and publishers set it: type about a third bigger (16 pt
    /// in print), more space between lines and paragraphs; the author's stylesheet still follows.
    static let largePrintCSS = """
        /* large print */
        html { font-size: 133%; }
        body { line-height: 1.6; }
        p { margin-bottom: 0.2em; }
        """

    private static func relink(_ node: HTMLNode, _ hrefs: inout ArraySlice<String>) -> HTMLNode {
        guard case .element(var element) = node else { return node }
        if element.name == "a", element["href"] != nil, let href = hrefs.popFirst() {
            element["href"] = href
            return .element(element)
        }
        element.children = element.children.map { relink($0, &hrefs) }
        return .element(element)
    }
}

extension ManuscriptConfig.AlsoBy.Book {
    /// The address the book's own edition links: its `url`, else its first store's.
    var defaultLink: String? { url ?? links.sorted { $0.key < $1.key }.first?.value }
}
