import Foundation
import Testing
@testable import DraftForgeKit

/// Also By and About the Author pages written from the config: in every output as matter
/// pages, out of the stats and the checks, and never instead of a page the author wrote.
@Suite("Generated pages")
struct GeneratedPagesTests {
    static let config = """
        title: Harrow
        authors: [Ann Author]
        also_by:
          - {title: The Harbour Light, series: Harrow Point, url: "https://example.com/harbour"}
          - {title: The Long Winter, series: Harrow Point}
          - "Salt & *Iron*"
        author_bio: |
          **Ann Author** lives by the the sea.
        author_photo: images/ann.svg

        """
    static var files: [String: String] {
        [
            "draftforge.yml": config,
            "images/ann.svg": #"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#,
            "chapters/01-one.md": "# One\n\nThe lamp was lit.\n",
        ]
    }

    @Test func alsoByAndAboutTheAuthorComeAfterTheStory() throws {
        let manuscript = try TestManuscript(Self.files)
        let (book, diagnostics) = try manuscript.render()
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(book.chapters.map(\.stem) == ["01-one", "also-by", "about-the-author"])
        let alsoBy = book.chapters[1]
        #expect(alsoBy.matter == .alsoBy && alsoBy.title == "Also by Ann Author" && alsoBy.isGenerated)
        #expect(alsoBy.xhtml.contains(
            "<p><em>Harrow Point</em></p>\n<ul>\n<li><a href=\"https://example.com/harbour\">The Harbour Light</a></li>\n<li>The Long Winter</li>\n</ul>"),
            "\(alsoBy.xhtml)")
        #expect(alsoBy.xhtml.contains("<ul>\n<li>Salt &amp; *Iron*</li>\n</ul>"), "a title is text, never Markdown")
        let about = book.chapters[2]
        #expect(about.matter == .aboutTheAuthor && about.title == "About the Author")
        #expect(about.xhtml.contains(#"alt="Ann Author""#) && about.xhtml.contains("<strong>Ann Author</strong> lives"))
    }

    @Test func theyAreNotCountedOrChecked() throws {
        let manuscript = try TestManuscript(Self.files)
        let result = try manuscript.build()
        #expect(!result.diagnostics.contains { $0.code == "manuscript.doubled-word" }, "the bio is not checked")
        let stats = try JSONValue.parse(Data(contentsOf: manuscript.dist.appendingPathComponent("stats.json")))
        guard case .object(let fields) = stats else { Issue.record("no stats"); return }
        #expect(fields["word_count"] == .number(5), "only the chapter's words: \(fields["word_count"] as Any)")
        #expect(fields["chapter_count"] == .number(1))
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        #expect(try #require(epub["OEBPS/nav.xhtml"]).contains(#"<a href="text/also-by.xhtml">Also by Ann Author</a>"#))
        #expect(try #require(epub["OEBPS/text/about-the-author.xhtml"]).contains(#"<body epub:type="backmatter">"#))
    }

    @Test func alsoByCanStandInTheFrontMatter() throws {
        var files = Self.files
        files["draftforge.yml"] = "title: Harrow\nalso_by:\n  position: front\n  books: [The Harbour Light]\n"
        let (book, _) = try TestManuscript(files).render()
        #expect(book.chapters.map(\.stem) == ["also-by", "01-one"])
        // With no author to name, the page takes the kind's title, as a page of the kind written by hand does.
        #expect(book.chapters[0].title == "Also By")
    }

    @Test func aPageTheAuthorWroteIsKept() throws {
        var files = Self.files
        files["chapters/99-about-the-author.md"] = "# About Me\n\nI write.\n"
        let (book, diagnostics) = try TestManuscript(files).render()
        #expect(book.chapters.filter { $0.matter == .aboutTheAuthor }.map(\.title) == ["About Me"])
        let warning = try #require(diagnostics.first { $0.message.hasPrefix("'author_bio' is not used") })
        #expect(warning.location?.description == "draftforge.yml:7:13", "\(warning)")
    }

    @Test func aLinkThatIsNotAWebAddressIsRefused() throws {
        let manuscript = try TestManuscript.minimal(config: "title: T\nalso_by:\n  - {title: X, url: \"javascript:alert(1)\"}\n")
        let failure = try #require(throws: BuildFailure.self) { try manuscript.build() }
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.message == "'javascript:alert(1)' is not a web address (http or https)")
        #expect(error.location?.description == "draftforge.yml:3:21", "\(error)")
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.path))
    }

    @Test(.externalTools) func epubCheckAndTheNuCheckerPassIt() throws {
        try expectEPUBCheckAndNuPass(try TestManuscript(Self.files), sitePages: ["also-by.html", "about-the-author.html"])
    }
}
