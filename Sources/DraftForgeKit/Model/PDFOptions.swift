// The print PDF's page geometry (`pdf:` in the config): trim size, mirrored margins, running heads.
import Foundation

/// A length on the page, kept in PostScript points (1/72 in) as PDF measures pages.
public struct PageLength: Sendable, Equatable, CustomStringConvertible {
    public var points: Double

    public init(points: Double) { self.points = points }

    static func inches(_ value: Double) -> PageLength { PageLength(points: value * 72) }
    static func millimetres(_ value: Double) -> PageLength { PageLength(points: value * 72 / 25.4) }

    static let unitPoints: [String: Double] = ["in": 72, "mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1]

    /// `0.75in`, `20mm`, `2cm` or `54pt`; nil for anything else.
    static func parse(_ text: String) -> PageLength? {
        guard let match = text.trimmed.lowercased().wholeMatch(of: #/([0-9]+(?:\.[0-9]+)?)\s*(in|mm|cm|pt)/#),
            let number = Double(match.output.1), let unit = unitPoints[String(match.output.2)]
        else { return nil }
        return PageLength(points: number * unit)
    }

    /// As CSS writes it, in points with at most three decimals, so the same config always gives
    /// the same stylesheet.
    public var description: String {
        let rounded = (points * 1000).rounded() / 1000
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + "pt"
    }
}

/// The program that lays out the print PDF (`pdf.engine`).
public enum PDFEngineKind: String, Sendable, Equatable, CaseIterable {
    /// WeasyPrint: HTML and CSS for paged media; the book's css styles it.
    case weasyprint
    /// Typst: whole-paragraph justification, math, tagged PDF, about ten times WeasyPrint's speed.
    case typst
}

/// How the print PDF is laid out.
public struct PDFOptions: Sendable, Equatable {
    /// The page (trim) size.
    public var width = PageLength.inches(6)
    public var height = PageLength.inches(9)
    /// Inside is the binding edge: the left margin of a right-hand page, the right of a left-hand one.
    public var inside = PageLength.inches(0.875)
    public var outside = PageLength.inches(0.625)
    public var top = PageLength.inches(0.75)
    public var bottom = PageLength.inches(0.75)
    /// The book's title on left-hand pages and the chapter's on right-hand pages.
    public var runningHeads = true
    /// What lays the pages out.
    public var engine = PDFEngineKind.typst
    /// No `pdf.margins.inside`: the Typst engine sets the gutter from the page count, as KDP's
    /// table asks (`PrintRules.gutter(forPages:)`); WeasyPrint keeps `inside`.
    public var insideIsAutomatic = true
    /// 0.125 in more on the three outer sides, for images printed to the edge.
    public var bleed = false
    /// Story chapters open on a right-hand page (Typst engine).
    public var rectoChapters = true

    public init() {}

    /// Trim sizes known by name: ISO A4, A5, B5, US letter.
    static let namedTrims: [String: (PageLength, PageLength)] = [
        "a4": (.millimetres(210), .millimetres(297)), "a5": (.millimetres(148), .millimetres(210)),
        "b5": (.millimetres(176), .millimetres(250)), "letter": (.inches(8.5), .inches(11)),
    ]

    /// `6x9in`, `5.5 x 8.5 in`, `152x229mm`, `6in x 9in`, or a name such as `A5`.
    static func parseTrim(_ text: String) -> (width: PageLength, height: PageLength)? {
        let lowered = text.trimmed.lowercased()
        if let named = namedTrims[lowered] { return named }
        guard let match = lowered.wholeMatch(
            of: #/([0-9]+(?:\.[0-9]+)?)\s*(in|mm|cm|pt)?\s*[x×]\s*([0-9]+(?:\.[0-9]+)?)\s*(in|mm|cm|pt)/#),
            let width = PageLength.parse(String(match.output.1 + (match.output.2 ?? match.output.4))),
            let height = PageLength.parse(String(match.output.3 + match.output.4))
        else { return nil }
        return (width, height)
    }

    /// Sides from 2 to 17 inches: from a pocket booklet to a tabloid sheet.
    static let trimRange = 144.0...1224.0
}

/// The print cover (`cover_print:`): one PDF of back, spine and front, the spine as wide as the
/// interior's pages are thick on the chosen paper.
public struct PrintCoverOptions: Sendable, Equatable {
    /// Paper as KDP sells it, with the thickness of one sheet side (a page) in inches.
    public enum Paper: String, Sendable, Equatable, CaseIterable {
        case white, cream

        public var inchesPerPage: Double { self == .white ? 0.002252 : 0.0025 }
    }

    /// The back's text (a blurb); nil leaves the back blank.
    public var back: String?
    /// What the spine says; nil says the title and the authors.
    public var spine: String?
    public var paper = Paper.white

    public init() {}

    /// KDP prints text on the spine of a book of more than 79 pages.
    public static let spineTextPages = 80
}
