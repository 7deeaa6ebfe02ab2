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
}
