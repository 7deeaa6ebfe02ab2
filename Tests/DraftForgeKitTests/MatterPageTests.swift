import Foundation
import Testing
@testable import DraftForgeKit

/// Front and back matter as books set it: a dedication or an epigraph without a heading shows
/// no title and no contents lists it; a preface or acknowledgments without one gets its usual
/// title; a prologue and an epilogue are matter, not numbered chapters.
@Suite("Matter pages")
struct MatterPageTests {
    static let files = [
        "draftforge.yml": "title: Harrow\nauthors: [Ann Author]\n",
        "chapters/00-dedication.md": "For my father, who kept the light.\n",
        "chapters/00b-epigraph.md": "> The sea is the sea.\n",
        "chapters/00c-prologue.md": "# Before\n\nFog.\n",
        "chapters/01-arrival.md": "# Arrival\n\nShe came home.\n",
        "chapters/02-storm.md": "# Storm\n\nThe wind rose.\n",
        "chapters/03-acknowledgments.md": "Thanks to the keepers.\n",
    ]

    private func render() throws -> (TestManuscript, RenderedBook) {
        let manuscript = try TestManuscript(Self.files)
        let (book, _) = try manuscript.render()
        return (manuscript, book)
    }

    @Test func matterIsRecognisedWithAnOrderingLetterAndAsPrologueOrEpilogue() {
        #expect(MatterType.detect(fileName: "00b-epigraph") == .epigraph)
        #expect(MatterType.detect(fileName: "00a_dedication") == .dedication)
        #expect(MatterType.detect(fileName: "00c-prologue") == .prologue)
        #expect(MatterType.detect(fileName: "99-epilogue") == .epilogue)
        #expect(MatterType.detect(fileName: "about the author") == .aboutTheAuthor)
        #expect(MatterType.detect(fileName: "b-epigraph") == nil, "a letter alone is part of the name")
        #expect(MatterType.detect(fileName: "01a-arrival") == nil)
    }

    @Test func anUntitledDedicationOrEpigraphShowsNoTitleAndNoEntry() throws {
        let (_, book) = try render()
        let byStem = Dictionary(uniqueKeysWithValues: book.chapters.map { ($0.stem, $0) })
        let dedication = try #require(byStem["00-dedication"])
        #expect(dedication.isUntitled && dedication.title == "Dedication")
        #expect(!dedication.xhtml.contains("<h1"), "\(dedication.xhtml)")
        #expect(try #require(byStem["00b-epigraph"]).isUntitled)
        let thanks = try #require(byStem["03-acknowledgments"])
        #expect(!thanks.isUntitled && thanks.title == "Acknowledgments")
        #expect(thanks.xhtml.contains("<h1>Acknowledgments</h1>"), "a title shown by convention")
        let prologue = try #require(byStem["00c-prologue"])
        #expect(prologue.matter == .prologue && prologue.title == "Before")
    }

    @Test func theEPUBTheSiteAndThePDFListOnlyTitledPages() throws {
        let (manuscript, book) = try render()
        let result = try manuscript.build()
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        let dedication = try #require(epub["OEBPS/text/00-dedication.xhtml"])
        #expect(dedication.contains("<title>Dedication</title>"))
        #expect(dedication.contains(#"epub:type="dedication""#) && !dedication.contains("<h1"))
        #expect(try #require(epub["OEBPS/text/00c-prologue.xhtml"]).contains(#"epub:type="prologue" role="doc-prologue""#))
        let nav = try #require(epub["OEBPS/nav.xhtml"])
        let ncx = try #require(epub["OEBPS/toc.ncx"])
        for contents in [nav, ncx] {
            #expect(!contents.contains("00-dedication.xhtml\">") && !contents.contains("<text>Dedication</text>"))
            #expect(!contents.contains("00b-epigraph"))
            #expect(contents.contains("Acknowledgments") && contents.contains("Before"))
        }
        #expect(try #require(epub["OEBPS/content.opf"]).contains(#"<itemref idref="chapter-1"/>"#), "still in the spine")

        let site = manuscript.dist.appendingPathComponent("html")
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!index.contains(">Dedication</a>") && !index.contains("00b-epigraph.html\""))
        #expect(index.contains(">Acknowledgments</a>"))
        let page = try String(contentsOf: site.appendingPathComponent("00-dedication.html"), encoding: .utf8)
        #expect(page.contains("For my father") && !page.contains("<h1>Dedication"))

        let templates = try TemplateSet(format: "pdf", manuscriptRoot: manuscript.root)
        let engine = try PDFEngine.locate(environment: [PDFEngine.overrideVariable: "/bin/false"])
        let document = PDFPackager(templates: templates, engine: engine).document(book)
        let contents = try #require(document.components(separatedBy: "df-contents-title").last?.components(separatedBy: "</nav>").first)
        #expect(!contents.contains("Dedication") && contents.contains("Acknowledgments"), "\(contents)")
        #expect(document.contains("For my father"))
    }

    /// The same text in two chapters is parsed once; each keeps its own title.
    @Test func twoChaptersWithTheSameTextKeepTheirOwnTitles() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: T\n",
            "chapters/01-one.md": "To be written.\n",
            "chapters/02-two.md": "To be written.\n",
            "chapters/03-three.md": "---\ntitle: Third\n---\nTo be written.\n",
        ])
        let (book, _) = try manuscript.render()
        #expect(book.chapters.map(\.title) == ["01-one", "02-two", "Third"])
    }

    @Test(.externalTools) func epubCheckAndTheNuCheckerPassIt() throws {
        try expectEPUBCheckAndNuPass(try TestManuscript(Self.files), sitePages: ["index.html", "00-dedication.html", "00b-epigraph.html", "03-acknowledgments.html"])
    }
}
