// The print edition's pages in the EPUB: page-break markers where Typst set each page's start,
// a page list, and the metadata EPUB Accessibility asks for, when one build writes both.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

@Suite("Print pages in the EPUB")
struct PrintPagesTests {
    typealias Place = PrintPages.BlockPlace

    @Test func aPageBeginsWithTheBlockAtItsTopOrInsideTheOneBefore() {
        let top = 54.0
        let places = [
            // Front matter, unnumbered: no page of the list.
            Place(chapter: 0, block: 0, page: 5, number: nil, y: 140),
            Place(chapter: 0, block: nil, page: 5, number: nil, y: 300),
            // Chapter 1 opens page 7 (numbered 1) low on the page; its block 3 runs onto page 8;
            // block 4 opens page 9 at the top.
            Place(chapter: 1, block: 0, page: 7, number: 1, y: 130),
            Place(chapter: 1, block: 2, page: 7, number: 1, y: 400),
            Place(chapter: 1, block: 3, page: 7, number: 1, y: 560),
            Place(chapter: 1, block: 4, page: 9, number: 3, y: 54.5),
            Place(chapter: 1, block: nil, page: 9, number: 3, y: 200),
            // Page 10 is the blank verso before chapter 2's recto.
            Place(chapter: 2, block: 0, page: 11, number: 5, y: 130),
        ]
        let starts = PrintPages.starts(places, top: top)
        #expect(starts == [
            PrintPageStart(label: "1", chapter: 1, block: 0),
            PrintPageStart(label: "2", chapter: 1, block: 3),
            PrintPageStart(label: "3", chapter: 1, block: 4),
            PrintPageStart(label: "5", chapter: 2, block: 0),
        ])
    }

    @Test func typstsReportIsReadAndAnythingElseIsLeftOut() {
        #expect(Place(typst: ["3-12", 40, 34, 60.5]) == Place(chapter: 3, block: 12, page: 40, number: 34, y: 60.5))
        #expect(Place(typst: ["3-end", 41, NSNull(), 90]) == Place(chapter: 3, block: nil, page: 41, number: nil, y: 90))
        #expect(Place(typst: ["3-x", 41, 1, 90]) == nil)
        #expect(Place(typst: ["3-1", 41]) == nil)
    }

    @Test func markersGoBeforeTheirBlocks() throws {
        let (book, _) = try TestManuscript.minimal(["chapters/01-one.md": "# One\n\nFirst.\n\nSecond.\n"]).render()
        var marked = book
        marked.printPageStarts = [PrintPageStart(label: "1", chapter: 0, block: 0), PrintPageStart(label: "2", chapter: 0, block: 2)]
        marked = PrintPages.marked(marked)
        let html = XHTMLSerializer.serialize(marked.chapters[0].body, style: EPUBPackager.chapterStyle)
        let one = try #require(html.range(of: #"<span epub:type="pagebreak" role="doc-pagebreak" id="df-page-1" aria-label="1"></span>"#))
        let two = try #require(html.range(of: #"<span epub:type="pagebreak" role="doc-pagebreak" id="df-page-2" aria-label="2"></span>"#))
        let heading = try #require(html.range(of: "<h1"))
        let second = try #require(html.range(of: "Second."))
        #expect(one.upperBound <= heading.lowerBound && heading.upperBound <= two.lowerBound && two.upperBound <= second.lowerBound)
    }

    /// A novel of about 40 pages: 8 chapters of 12 paragraphs, each sentence naming its chapter,
    /// paragraph and place, so a line of the PDF belongs to one paragraph only.
    static func novel() throws -> TestManuscript {
        var files = ["draftforge.yml": "title: Long Watch\nauthors: [A. Writer]\npublisher: Harbour Press\npdf:\n  engine: typst\n"]
        for chapter in 1...8 {
            let paragraphs = (1...12).map { paragraph in
                (1...12).map { "In watch \(chapter) hour \(paragraph) minute \(paragraph * 100 + $0) the keeper climbed the steps and trimmed the wick." }
                    .joined(separator: " ")
            }
            files["chapters/\(chapter).md"] = "# Watch \(chapter)\n\n" + paragraphs.joined(separator: "\n\n")
        }
        return try TestManuscript(files)
    }

    @Test(.externalTools) func theEPUBTakesThePrintEditionsPagesWhenBothAreBuilt() throws {
        let manuscript = try Self.novel()
        let result = try PDFTests.build(manuscript, formats: [.epub, .pdf])
        #expect(result.outputs.map(\.format) == [.pdf, .epub], "the PDF is set first")
        let epubURL = try #require(result.outputs.first { $0.format == .epub }).url
        let epub = try EPUBContents(epubURL)
        let nav = try #require(epub["OEBPS/nav.xhtml"])
        let entries = nav.matches(of: #/<li><a href="text/([^"#]+)#df-page-(\d+)">(\d+)</a></li>/#)
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("long-watch.pdf"))
        // Every numbered page of the story in order; only the blank versos before recto chapter
        // openings are left out.
        let pageOne = try #require(pdf.pages.firstIndex { $0.contains("minute 101 the keeper") })
        let story = pdf.pages[pageOne...]
        let printed = story.indices.filter { story[$0].contains("keeper") }.map { $0 - pageOne + 1 }
        #expect(entries.map { Int($0.output.2)! } == printed)
        #expect(printed.count >= 30 && printed.count < story.count, "\(printed.count) of \(story.count)")

        // Each marker stands before the paragraph its printed page begins in.
        let sampled = entries.filter { Int($0.output.2)! % 7 == 3 }
        #expect(sampled.count >= 4)
        for entry in sampled {
            let number = Int(entry.output.2)!
            let chapter = try #require(epub["OEBPS/text/" + entry.output.1])
            let marker = try #require(chapter.range(of: "id=\"df-page-\(number)\""))
            let following = chapter[marker.upperBound...].split(separator: "</p>", maxSplits: 1).first ?? ""
            let page = pdf.pages[pageOne + number - 1]
            let firstLine = page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.count > 20 } ?? ""
            let words = firstLine.split(separator: " ").prefix(6).joined(separator: " ")
            #expect(following.replacingOccurrences(of: "\n", with: " ").contains(words), "page \(number): '\(words)'")
        }

        let opf = try #require(epub["OEBPS/content.opf"])
        #expect(opf.contains(#"<meta property="pageBreakSource">Long Watch, print edition, 6 × 9 in</meta>"#))
        #expect(opf.contains("<meta property=\"schema:accessibilityFeature\">printPageNumbers</meta>"))
        #expect(opf.contains("<meta property=\"schema:accessibilityFeature\">pageNavigation</meta>"))
        let problems = try EPUBCheckTests.problems(in: epubURL, report: manuscript.url("epubcheck.json"))
        #expect(problems == nil, "\(problems ?? "")")
    }

    @Test(.externalTools) func markingTheBlocksChangesNothingInThePrintBook() throws {
        let together = try Self.novel()
        _ = try PDFTests.build(together, formats: [.epub, .pdf])
        let alone = try Self.novel()
        _ = try PDFTests.build(alone, formats: [.pdf])
        let marked = try PDFDocument(together.dist.appendingPathComponent("long-watch.pdf"))
        let plain = try PDFDocument(alone.dist.appendingPathComponent("long-watch.pdf"))
        #expect(marked.pages == plain.pages)
        // Without the PDF there are no pages to give.
        let epubOnly = try Self.novel()
        let result = try epubOnly.build()
        let epub = try #require(result.outputs.first { $0.format == .epub })
        let opf = try #require(try EPUBContents(epub.url)["OEBPS/content.opf"])
        #expect(!opf.contains("pageBreakSource") && !opf.contains("printPageNumbers"))
    }
}
