// The print edition's pages in the EPUB: when one build writes both, Typst reports where each
// block of the book fell, and the EPUB gets a page-break marker where each printed page begins
// and a page list to go to them, as EPUB Accessibility asks of a book with a print edition.
// A page is placed at block precision: a page that begins inside a paragraph has its marker
// before that paragraph.
import Foundation

/// Where a printed page begins: before block `block` (an index of `RenderedChapter.body`) of
/// chapter `chapter` (an index of `RenderedBook.chapters`).
public struct PrintPageStart: Sendable, Equatable {
    /// The number printed on the page.
    public var label: String
    public var chapter: Int
    public var block: Int
}

enum PrintPages {
    /// One block mark as Typst placed it.
    struct BlockPlace: Equatable {
        var chapter: Int
        /// Nil for the mark after a chapter's last block.
        var block: Int?
        var page: Int
        /// The number printed on that page; nil where pages are unnumbered.
        var number: Int?
        /// Points from the top of the page.
        var y: Double

        /// From `[name, page, number or none, y]`, the name `<chapter>-<block>` or `<chapter>-end`.
        init?(typst: [Any]) {
            guard typst.count == 4, let name = typst[0] as? String, let page = (typst[1] as? NSNumber)?.intValue,
                let y = (typst[3] as? NSNumber)?.doubleValue
            else { return nil }
            let parts = name.split(separator: "-")
            guard parts.count == 2, let chapter = Int(parts[0]) else { return nil }
            self.init(chapter: chapter, block: parts[1] == "end" ? nil : Int(parts[1]), page: page,
                      number: (typst[2] as? NSNumber)?.intValue, y: y)
            if parts[1] != "end", block == nil { return nil }
        }

        init(chapter: Int, block: Int?, page: Int, number: Int?, y: Double) {
            self.chapter = chapter
            self.block = block
            self.page = page
            self.number = number
            self.y = y
        }
    }

    /// Where each numbered page begins: with the block at the top of its text area (`top`
    /// points down, give or take `tolerance`) or opening a chapter; else inside the block before
    /// it. Blank pages, part pages and unnumbered pages have no start.
    static func starts(_ places: [BlockPlace], top: Double, tolerance: Double = 3) -> [PrintPageStart] {
        guard let numbered = places.first(where: { $0.number != nil }), let number = numbered.number,
            let lastPage = places.last?.page
        else { return [] }
        let offset = numbered.page - number
        var starts: [PrintPageStart] = []
        var next = 0
        var previous: BlockPlace?
        for page in max(1, numbered.page)...max(numbered.page, lastPage) {
            while next < places.count, places[next].page < page {
                previous = places[next]
                next += 1
            }
            let first = next < places.count && places[next].page == page ? places[next] : nil
            // An unnumbered page (front matter) is not in the print book's page list either.
            if let first, first.number == nil { continue }
            if previous?.number == nil, first == nil { continue }
            let label = String(page - offset)
            if let first, let block = first.block,
                previous == nil || previous!.chapter != first.chapter || first.y <= top + tolerance
            {
                starts.append(PrintPageStart(label: label, chapter: first.chapter, block: block))
            } else if let previous, let block = previous.block, first.map({ $0.y > top + tolerance }) ?? true {
                // The page goes on with the block begun on an earlier page.
                starts.append(PrintPageStart(label: label, chapter: previous.chapter, block: block))
            }
        }
        return starts
    }

    /// The id of the marker of the page printed `label`.
    static func markerID(_ label: String) -> String { "df-page-" + label }

    /// The book with a page-break marker before each block a printed page begins in.
    static func marked(_ book: RenderedBook) -> RenderedBook {
        var book = book
        let byChapter = Dictionary(grouping: book.printPageStarts, by: \.chapter)
        for (chapter, starts) in byChapter where book.chapters.indices.contains(chapter) {
            var body = book.chapters[chapter].body
            // From the end, so earlier indices stay where they were.
            for start in starts.reversed() where start.block <= body.count {
                let marker = HTMLElement("span", [
                    ("epub:type", "pagebreak"), ("role", "doc-pagebreak"), ("id", markerID(start.label)), ("aria-label", start.label),
                ])
                body.insert(.element(marker), at: start.block)
            }
            book.chapters[chapter].body = body
            book.chapters[chapter].fingerprint = nil
        }
        return book
    }
}
