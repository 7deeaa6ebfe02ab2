import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// Editions for each store (their own file, the store's links on the Also By page) and the
/// large-print edition, each an export job.
@Suite("Editions")
struct EditionTests {
    static let config = """
        title: Harrow Point
        authors: [Ann Author]
        editions: [kobo, apple, print]
        also_by:
          books:
            - {title: The Harbour Light, url: https://example.com/harbour, links: {kobo: https://kobo.example/harbour, print: https://print.example/harbour}}
            - {title: The Long Winter, links: {apple: https://apple.example/winter}}
            - The Unlinked Book
        """

    static func manuscript(_ config: String = config, chapter: String = "# One\n\nThe sea rose.\n") throws -> TestManuscript {
        try TestManuscript.minimal(["chapters/01-one.md": chapter], config: config)
    }

    /// The Also By page's links, in order.
    static func alsoByLinks(_ epub: EPUBContents) throws -> [String] {
        let page = try #require(epub["OEBPS/text/also-by.xhtml"], "\(epub.names)")
        return page.matches(of: /<a [^>]*href="([^"]+)"/).map { String($0.1) }
    }

    @Test func eachStoreGetsItsOwnEPUBWithItsLinksAndItsJob() throws {
        let book = try Self.manuscript()
        var options = book.options()
        options.formats = [.epub]
        let result = try Pipeline.build(options)
        #expect(result.outputs.map(\.url.lastPathComponent) == ["harrow-point.epub", "harrow-point-kobo.epub", "harrow-point-apple.epub"])
        // Only what the stores would ask of this bare book (no cover, no publisher, a few pages).
        #expect(result.diagnostics.allSatisfy { $0.category == .store && $0.severity == .warning }, "\(result.diagnostics)")

        let plain = try Self.alsoByLinks(EPUBContents(book.dist.appendingPathComponent("harrow-point.epub")))
        let kobo = try Self.alsoByLinks(EPUBContents(book.dist.appendingPathComponent("harrow-point-kobo.epub")))
        let apple = try Self.alsoByLinks(EPUBContents(book.dist.appendingPathComponent("harrow-point-apple.epub")))
        // A book without a store's link keeps its own address; one with no address at all has no link.
        #expect(plain == ["https://example.com/harbour", "https://apple.example/winter"])
        #expect(kobo == ["https://kobo.example/harbour", "https://apple.example/winter"])
        #expect(apple == ["https://example.com/harbour", "https://apple.example/winter"])

        let jobs = try #require(ManifestStore.read(in: book.dist)?.builds.first?.exportJobs)
        #expect(jobs.map(\.outputURL) == ["harrow-point.epub", "harrow-point-kobo.epub", "harrow-point-apple.epub"])
        #expect(jobs.map { $0.settings["edition"] } == [nil, .string("kobo"), .string("apple")])
        #expect(Set(jobs.map(\.id)).count == 3)
    }

    @Test func thePrintStoresLinksGoInThePrintBook() throws {
        let (book, _) = try Self.manuscript().render()
        let printed = Edition.all(for: .pdf, config: book.config)
        #expect(printed == [Edition(store: "print")])
        let page = try #require(printed[0].apply(to: book).chapters.first { $0.matter == .alsoBy })
        let html = XHTMLSerializer.serialize(page.body, style: EPUBPackager.chapterStyle)
        #expect(html.contains("https://print.example/harbour") && !html.contains("https://example.com/harbour"))
        #expect(Edition.all(for: .html, config: book.config) == [Edition()])
    }

    @Test func largePrintAddsAnEditionOfTheEPUBInBiggerType() throws {
        let book = try Self.manuscript("title: Harrow Point\nauthors: [Ann Author]\nlarge_print: true\n")
        var options = book.options()
        options.formats = [.epub, .html]
        let result = try Pipeline.build(options)
        #expect(result.outputs.map(\.url.lastPathComponent) == ["harrow-point.epub", "harrow-point-large-print.epub", "html"])
        let large = try EPUBContents(book.dist.appendingPathComponent("harrow-point-large-print.epub"))
        let plain = try EPUBContents(book.dist.appendingPathComponent("harrow-point.epub"))
        #expect(try #require(large["OEBPS/styles/book.css"]).contains(Edition.largePrintCSS))
        #expect(try #require(plain["OEBPS/styles/book.css"]).contains("large print") == false)
        let jobs = try #require(ManifestStore.read(in: book.dist)?.builds.first?.exportJobs)
        #expect(jobs.first { $0.settings["edition"] == .string("large-print") }?.settings["large_print"] == .bool(true))
    }

    @Test func anUnknownStoreIsAnErrorWithTheNearestOne() {
        let error = configError("title: T\neditions: [kobo, aple]\n")
        #expect(error?.code == "config.value")
        #expect(error?.message == "'aple' in 'editions' is not a store DraftForge makes an edition for")
        #expect(error?.suggestion == "did you mean 'apple'?")
        #expect(error?.location?.line == 2)
        let link = configError("title: T\nalso_by:\n  - {title: A, links: {kobbo: https://k.example/a}}\n")
        #expect(link?.suggestion == "did you mean 'kobo'?")
        #expect(link?.location?.line == 3)
        let address = configError("title: T\nalso_by:\n  - {title: A, links: {kobo: 'ftp://k.example/a'}}\n")
        #expect(address?.message == "'ftp://k.example/a' is not a web address (http or https)")
    }

    @Test(.externalTools) func everyEditionPassesEPUBCheck() throws {
        let book = try Self.manuscript(Self.config + "\nlarge_print: true\n")
        var options = book.options()
        options.formats = [.epub]
        let result = try Pipeline.build(options)
        #expect(result.outputs.count == 4)
        for output in result.outputs {
            let problems = try EPUBCheckTests.problems(in: output.url, report: book.url("\(output.url.lastPathComponent).json"))
            #expect(problems == nil, "\(output.url.lastPathComponent): \(problems ?? "")")
        }
    }

    @Test(.externalTools) func theLargePrintPDFTakesMorePages() throws {
        let chapter = "# One\n\n" + String(repeating: "The sea rose over the harbour wall and the boats strained at their ropes. ", count: 400) + "\n"
        let book = try Self.manuscript("title: Harrow Point\nauthors: [Ann Author]\nlarge_print: true\n", chapter: chapter)
        let result = try PDFTests.build(book)
        #expect(result.outputs.map(\.url.lastPathComponent) == ["harrow-point.pdf", "harrow-point-large-print.pdf"])
        let plain = try PDFDocument(book.dist.appendingPathComponent("harrow-point.pdf"))
        let large = try PDFDocument(book.dist.appendingPathComponent("harrow-point-large-print.pdf"))
        #expect(large.pages.count > plain.pages.count + plain.pages.count / 4, "\(plain.pages.count) → \(large.pages.count) pages")
        #expect(large.pages.joined().contains("The sea rose over the harbour wall"))
    }
}
