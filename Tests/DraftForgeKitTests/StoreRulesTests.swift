import Foundation
import Testing
@testable import DraftForgeKit

/// What each store would refuse or ask to change, as `check --store` and the build's editions
/// report it.
@Suite("Store checks")
struct StoreRulesTests {
    static let config = """
        title: Harrow Point
        authors: [Ann Author]
        publisher: Harbour Press
        cover: cover.jpg
        """

    static func book(
        _ config: String = config, cover: Data? = TestImage.jpeg(width: 1600, height: 2560),
        chapter: String = "# One\n\nThe sea rose.\n"
    ) throws -> TestManuscript {
        let book = try TestManuscript.minimal(["chapters/01-one.md": chapter], config: config)
        if let cover { try book.write("cover.jpg", cover) }
        return book
    }

    static func check(_ book: TestManuscript, _ stores: [Store]) throws -> [Diagnostic] {
        var options = book.options()
        options.stores = stores
        return try Pipeline.check(options).diagnostics.filter { $0.category == .store }
    }

    @Test func aBookMadeToTheRulesPassesEveryStore() throws {
        #expect(try Self.check(Self.book(), Store.allCases.filter { $0 != .ingram }) == [])
    }

    @Test func theCoverIsMeasuredByEachStoresRule() throws {
        let small = try Self.book(cover: TestImage.jpeg(width: 900, height: 1300))
        let problems = try Self.check(small, [.kdp, .apple, .kobo, .google])
        let messages = problems.map(\.message)
        // 900 px is enough for KDP (625) and Google (640), not for Apple or Kobo (1400).
        #expect(messages == [
            "Amazon KDP: the cover is 900×1300 px; KDP asks for 2500 px or more on the long side for sharp screens",
            "Apple Books: the cover is 900×1300 px, under the 1400 px on the short side the store asks for",
            "Kobo: the cover is 900×1300 px, under the 1400 px on the short side the store asks for",
        ])
        #expect(problems.map(\.severity) == [.warning, .error, .warning])
        #expect(problems.allSatisfy { $0.code == "store.cover" && $0.location?.file == "draftforge.yml" && $0.location?.line == 4 })

        let tiny = try Self.book(cover: TestImage.jpeg(width: 600, height: 900))
        let refused = try Self.check(tiny, [.kdp, .google])
        #expect(refused.map(\.severity) == [.error, .error])
        #expect(refused[0].message.contains("under the 625×1000 px KDP takes"))
        #expect(refused[1].message.contains("under the 640 px"))
    }

    @Test func kdpWantsItsMarketingCoverAsAJPEG() throws {
        let book = try Self.book(Self.config.replacingOccurrences(of: "cover.jpg", with: "cover.png"), cover: nil)
        try book.write("cover.png", TestImage.png(width: 1600, height: 2560))
        let problems = try Self.check(book, [.kdp, .apple])
        #expect(problems.map(\.message) == [
            "Amazon KDP: KDP takes the marketing cover, uploaded beside the EPUB, as a JPEG or TIFF; this one is a PNG"
        ])
        #expect(problems.first?.suggestion == "upload a JPEG export of the cover as the marketing cover")
    }

    @Test func storesWantAnAuthorAndAppleAndKoboAPublisher() throws {
        let book = try Self.book("title: Harrow Point\ncover: cover.jpg\n")
        let problems = try Self.check(book, [.apple, .google])
        #expect(problems.map(\.code) == ["store.metadata", "store.metadata", "store.metadata"])
        #expect(problems.map(\.severity) == [.error, .warning, .error])
        #expect(problems[1].message == "Apple Books: the book names no publisher, which the store shows on the book's page")
        #expect(problems.allSatisfy { $0.location?.file == "draftforge.yml" })
    }

    @Test func aLinkToAnotherStoreIsRefusedWhereItWasWritten() throws {
        let chapter = "# One\n\nThe sea rose.\n\nAlso on [Kobo](https://www.kobo.com/ebook/harrow).\n"
        let book = try Self.book(chapter: chapter)
        let problems = try Self.check(book, [.kdp, .kobo])
        // The Kobo link is fine in the Kobo edition, refused in the Kindle one.
        #expect(problems.count == 1)
        let link = try #require(problems.first)
        #expect(link.code == "store.other-store-link" && link.severity == .error)
        #expect(link.message == "Amazon KDP: the link https://www.kobo.com/ebook/harrow leads to Kobo, and the store refuses books that send readers to another store")
        #expect(link.location == SourceLocation(file: "chapters/01-one.md", line: 5))
    }

    @Test func theAlsoByPageTakesEachStoresLinkOrIsRefused() throws {
        let config = Self.config + """

            also_by:
              books:
                - {title: The Harbour Light, url: https://books.apple.com/book/harbour, links: {kindle: https://www.amazon.com/dp/B0HARBOUR}}
                - {title: The Long Winter, url: https://www.amazon.co.uk/dp/B0WINTER}
            """
        let problems = try Self.check(try Self.book(config), [.kdp, .apple])
        // The Kindle edition links each book to Amazon; Apple's keeps the second book's Amazon page.
        #expect(problems.map(\.message) == [
            "Apple Books: the link https://www.amazon.co.uk/dp/B0WINTER leads to Amazon KDP, and the store refuses books that send readers to another store"
        ])
        #expect(problems.first?.suggestion == "give the book in 'also_by' a link for this store: links: {apple: https://…}")
        #expect(problems.first?.location?.file == "draftforge.yml" && problems.first?.location?.line == 6)
    }

    @Test func kindleBooksHaveNoPagesToReferTo() throws {
        let book = try Self.book(chapter: "# One\n\nSee page 12 for the map.\n\nSee page 40 for the tide.\n")
        let problems = try Self.check(book, [.kdp])
        #expect(problems.map(\.message) == [
            "Amazon KDP: the book refers to page numbers 2 times, and Kindle books have no fixed pages"
        ])
        #expect(problems.first?.location == SourceLocation(file: "chapters/01-one.md", line: 3, column: 1))
    }

    @Test func ingramWantsEnoughPagesAndAPrintCover() throws {
        let problems = try Self.check(try Self.book(), [.ingram])
        #expect(problems.map(\.code) == ["store.print", "store.print"])
        #expect(problems[0].severity == .error)
        #expect(problems[0].message.hasPrefix("IngramSpark: the print book would take about "))
        #expect(problems[1].message == "IngramSpark: a print cover PDF whose spine fits the page count is needed, and 'cover_print:' is not set")
    }

    @Test func theBuildChecksItsEditionsStoresAndStillWritesTheBook() throws {
        let config = Self.config + "\neditions: [kindle]\n"
        let book = try Self.book(config, chapter: "# One\n\nAlso on [Apple Books](https://books.apple.com/book/harrow).\n")
        var options = book.options()
        options.formats = [.epub]
        let result = try Pipeline.build(options)
        let store = result.diagnostics.filter { $0.category == .store }
        // Refused by the store, but the book is built: a warning here, an error in `check --store`.
        #expect(store.map(\.code) == ["store.other-store-link"])
        #expect(store.map(\.severity) == [.warning])
        #expect(result.outputs.map(\.url.lastPathComponent) == ["harrow-point.epub", "harrow-point-kindle.epub"])
    }

    @Test func anImageInsideTheBookOverFourMillionPixelsIsRefusedByApple() throws {
        let book = try Self.book(chapter: "# One\n\n![The harbour at dawn](../images/harbour.png)\n")
        try book.write("images/harbour.png", TestImage.png(width: 2500, height: 2000))
        let problems = try Self.check(book, [.apple, .kobo])
        #expect(problems.map(\.message) == [
            "Apple Books: the image is 2500×2000 px, over the 4 million pixels Apple takes for an image inside the book"
        ])
        #expect(problems.first?.location?.file == "images/harbour.png")
    }

    @Test func aStoreLinkIsKnownByItsHost() {
        #expect(Store.kdp.owns(host: "www.amazon.co.uk") && Store.kdp.owns(host: "amzn.to"))
        #expect(!Store.kdp.owns(host: "amazonia.example") && !Store.kdp.owns(host: "example.com"))
        #expect(Store.google.owns(host: "play.google.com") && Store.google.owns(host: "books.google.fr"))
        #expect(!Store.google.owns(host: "www.google.com"))
        #expect(Store.kobo.owns(host: "www.kobo.com") && !Store.kobo.owns(host: "kobo.example"))
        #expect(Store(edition: "print") == .ingram && Store(edition: "nook") == nil)
    }
}
