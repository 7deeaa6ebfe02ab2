// The print PDF's defects a new author found in the WeasyPrint PDF, each checked on the sample
// and the three corpus novels as Typst sets them: a title page not centred, part pages not
// centred, a scene break alone at a page's foot, running heads in another face than the text.
// A few pages are rendered to PNG beside the test output, for a person to look at.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

@Suite("Print defects", .serialized)
struct PrintDefectTests {
    static let books = [
        "Samples/the-lighthouse-keeper", "../shared/corpus/pride-and-prejudice",
        "../shared/corpus/a-tale-of-two-cities", "../shared/corpus/great-expectations",
    ]

    /// The book set by the default engine into a fresh folder; its PDF read back.
    /// The output folder goes when its `TestManuscript` does, so it is handed back with the PDF.
    static func printed(_ book: String) throws -> (pdf: PDFDocument, config: ManuscriptConfig, output: TestManuscript) {
        try Hermetic.require(.externalTools)
        let output = try TestManuscript()
        let source = packageRoot.appendingPathComponent(book).standardizedFileURL
        let result = try Pipeline.build(BuildOptions(root: source, outputDirectory: output.root, formats: [.pdf], allowBlocking: true))
        let file = try #require(result.outputs.first { $0.url.pathExtension == "pdf" }?.url)
        var warnings: [Diagnostic] = []
        let config = try ConfigLoader(root: source).load(warnings: &warnings)
        #expect(config.pdf.engine == .typst, "Typst is the default engine")
        return (try PDFDocument(file), config, output)
    }

    @Test(.externalTools, arguments: books)
    func theTitlePageAndPartPagesAreCentred(_ book: String) throws {
        let (pdf, config, output) = try Self.printed(book)
        defer { withExtendedLifetime(output) {} }
        // The half-title and the title page (the copyright page after them is set flush left).
        let titled = (1...min(5, pdf.pageCount ?? 0)).filter { pdf.lines(ofPage: $0).first == config.title }.prefix(2)
        #expect(titled == [1, 3], "\(book): the half-title and the title page")
        for page in titled {
            try Self.expectCentred(pdf, config: config, page: page, book: book)
        }
        for page in 1...(pdf.pageCount ?? 0) where pdf.lines(ofPage: page).count == 1 {
            let line = pdf.lines(ofPage: page)[0]
            guard line.hasPrefix("Part ") || line.hasPrefix("Book ") || line.hasPrefix("Volume ") else { continue }
            try Self.expectCentred(pdf, config: config, page: page, book: book)
        }
    }

    /// Each line of `page` is centred on the text block, which lies between the gutter (on the
    /// left of a recto) and the outside margin.
    static func expectCentred(_ pdf: PDFDocument, config: ManuscriptConfig, page: Int, book: String) throws {
        let width = try #require(Double(pdf.info["Page size"]?.split(separator: " ").first ?? ""))
        let gutter = PrintRules.gutter(forPages: try #require(pdf.pageCount)) * 72
        let outside = config.pdf.outside.points
        let (left, right) = page % 2 == 1 ? (gutter, outside) : (outside, gutter)
        let textMiddle = (left + width - right) / 2
        let lines = Dictionary(grouping: try pdf.wordBoxes(ofPage: page)) { ($0.yMin * 2).rounded() / 2 }
        for (_, words) in lines {
            let left = words.map(\.xMin).min()!, right = words.map(\.xMax).max()!
            let middle = (left + right) / 2
            #expect(abs(middle - textMiddle) < 12, "\(book) page \(page): a line from \(left) to \(right) is not centred on \(textMiddle)")
        }
    }

    @Test(.externalTools, arguments: books)
    func noSceneBreakEndsAPage(_ book: String) throws {
        let (pdf, config, output) = try Self.printed(book)
        defer { withExtendedLifetime(output) {} }
        let mark = (config.sceneBreak ?? config.theme?.sceneBreak ?? "* * *").replacingOccurrences(of: " ", with: "")
        for page in 1...(pdf.pageCount ?? 0) {
            // The last line is the folio; the one before it ends the text.
            let lines = pdf.lines(ofPage: page).map { $0.replacingOccurrences(of: " ", with: "") }
            guard lines.count >= 3 else { continue }
            #expect(lines[lines.count - 2] != mark, "\(book): page \(page) ends with a scene break")
        }
    }

    /// Pages with a running head carry no face but the text's (and the math, code and symbol
    /// faces Typst falls back to), so the head is in the body's type.
    @Test(.externalTools, arguments: books)
    func runningHeadsAreInTheBodysFace(_ book: String) throws {
        let (pdf, _, output) = try Self.printed(book)
        let count = try #require(pdf.pageCount)
        let page = count / 2 + (count / 2).isMultiple(of: 2).intValue
        let fonts = try runCommand(["pdffonts", "-f", "\(page)", "-l", "\(page)", pdf.url.path])
        let names = fonts.output.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0.contains("LibertinusSerif") }, "\(book) page \(page): \(names)")
        // For a person to look at: the title page, the first story page and the middle one.
        let shots = output.root.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        for shown in [3, page] {
            let render = try runCommand(["pdftoppm", "-r", "40", "-png", "-f", "\(shown)", "-l", "\(shown)", pdf.url.path, shots.appendingPathComponent("page").path])
            #expect(render.status == 0, "\(render.output)")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: shots.path)) ?? []).count == 2)
    }
}

private extension Bool {
    var intValue: Int { self ? 1 : 0 }
}
