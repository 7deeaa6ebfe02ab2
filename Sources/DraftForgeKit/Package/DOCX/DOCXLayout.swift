// The page and type of each DOCX style, in Word's units: twips (1/1440 inch) for lengths,
// half-points for type sizes, 240ths of a line for line spacing, EMUs (1/914400 inch) for images.
import Foundation

struct DOCXLayout {
    typealias Options = ManuscriptConfig.DOCXOptions

    let style: Options.Style
    let pageWidth: Int
    let pageHeight: Int
    let margin = 1440
    let font: String
    let codeFont = "Courier New"
    let language: String

    init(_ options: Options, language: String) {
        style = options.style
        font = options.font
        self.language = language
        switch options.paper {
        case .letter: (pageWidth, pageHeight) = (12240, 15840)
        case .a4: (pageWidth, pageHeight) = (11906, 16838)
        }
    }

    var isManuscript: Bool { style == .manuscript }
    var textWidth: Int { pageWidth - 2 * margin }

    /// Standard manuscript format starts each chapter a third of the way down the page.
    var chapterSpaceBefore: Int { isManuscript ? pageHeight / 3 - margin : 1440 }

    /// The centred mark between scenes.
    var sceneBreak: String { isManuscript ? "#" : "*\u{2003}*\u{2003}*" }

    /// The width an image may take, in EMUs.
    var textWidthEMU: Int { textWidth * 635 }
    /// The height an image may take: most of a page, so a tall image still fits on one.
    var textHeightEMU: Int { (pageHeight - 2 * margin) * 635 * 4 / 5 }

    /// The values `styles.xml.mustache` is rendered with (all XML-safe).
    var stylesContext: [String: Any] {
        let bodySize = isManuscript ? 24 : 22
        return [
            "font": XML.safe(font), "codeFont": codeFont, "language": XML.safe(language),
            "bodySize": bodySize,
            // Double spacing for the manuscript; 1.15 lines for the book.
            "line": isManuscript ? 480 : 276,
            "firstLine": isManuscript ? 720 : 360,
            "firstParagraphIndent": isManuscript ? 720 : 0,
            "justify": !isManuscript,
            "titleSize": isManuscript ? bodySize : 56,
            "titleBold": !isManuscript,
            "titleCaps": isManuscript,
            // The manuscript's title sits about halfway down its cover page; the book's a third down.
            "titleBefore": isManuscript ? 0 : pageHeight / 3 - margin,
            "titleAfter": isManuscript ? 0 : 240,
            "subtitleSize": isManuscript ? bodySize : 32,
            "subtitleAfter": isManuscript ? 0 : 480,
            "chapterBefore": chapterSpaceBefore,
            "chapterAfter": isManuscript ? 480 : 720,
            "headingBold": !isManuscript,
            "heading1Size": isManuscript ? bodySize : 36,
            "heading2Size": isManuscript ? bodySize : 28,
            "headingBefore": isManuscript ? 0 : 360,
            "codeSize": isManuscript ? 22 : 18,
            "footnoteSize": 20,
            "linkColor": isManuscript ? "000000" : "1F4E79",
            "textWidth": textWidth,
        ]
    }

    /// The section properties that end the document body: the running header (manuscript) or
    /// footer (book), a blank one on the first page, the page and its margins.
    func sectionProperties(kind: String, running: String, first: String) -> String {
        var xml = "<w:sectPr>"
        xml += "<w:\(kind)Reference w:type=\"default\" r:id=\"\(running)\"/>"
        xml += "<w:\(kind)Reference w:type=\"first\" r:id=\"\(first)\"/>"
        xml += "<w:pgSz w:w=\"\(pageWidth)\" w:h=\"\(pageHeight)\"/>"
        xml += "<w:pgMar w:top=\"\(margin)\" w:right=\"\(margin)\" w:bottom=\"\(margin)\" w:left=\"\(margin)\""
        xml += " w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>"
        // The cover or title page has no header or footer; it is page 1.
        xml += "<w:pgNumType w:start=\"1\"/><w:titlePg/></w:sectPr>"
        return xml
    }
}
