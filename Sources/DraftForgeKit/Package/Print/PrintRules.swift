// What print-on-demand printers (Amazon KDP, IngramSpark) ask of an interior PDF, as numbers:
// the inside margin for a page count, the page counts they bind, the outside margin, bleed and
// the resolution of images. The Typst engine sets the gutter from these and the build warns
// where a book breaks one.

enum PrintRules {
    /// KDP's minimum inside margin (gutter) by page count: up to 150 pages 0.375 in, up to 300
    /// 0.5 in, up to 500 0.625 in, up to 700 0.75 in, beyond 0.875 in.
    static let gutters: [(mostPages: Int, inches: Double)] = [
        (150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (Int.max, 0.875),
    ]

    static func gutter(forPages pages: Int) -> Double {
        gutters.first { pages <= $0.mostPages }!.inches
    }

    /// Pages KDP binds in paperback (white paper).
    static let pageCounts = 24...828
    /// The least outside, top and bottom margin KDP accepts, and with bleed.
    static let outsideMargin = 0.25
    static let outsideMarginWithBleed = 0.375
    /// What bleed adds on the three outer sides.
    static let bleed = 0.125
    /// Resolution KDP and IngramSpark ask of images at their printed size.
    static let imagePixelsPerInch = 300.0

    /// About how many pages the book will take: 8 of front matter, 2 per part page, one per
    /// chapter for its last page and the blank before a recto opening (half that without recto
    /// openings), and the words at 445 a page of 11 pt type on a 6 × 9 in page, in proportion
    /// to the text area and to the type's size. Fitted on the three corpus novels, each within
    /// 2% of the pages Typst sets.
    static func estimatedPages(_ book: RenderedBook) -> Int {
        let options = book.config.pdf
        let area = (options.width.points - gutters[2].inches * 72 - options.outside.points)
            * (options.height.points - options.top.points - options.bottom.points)
        let referenceArea = (432 - 45 - 45) * (648 - 108.0)
        let typeScale = book.isLargePrint ? (11 / 14.5) * (11 / 14.5) : 1
        let wordsPerPage = max(50, 445 * area / referenceArea * typeScale)
        let perChapter = options.rectoChapters ? 1.0 : 0.5
        return 8 + 2 * book.parts.count + Int(perChapter * Double(book.chapters.count) + Double(book.wordCount) / wordsPerPage)
    }
}
