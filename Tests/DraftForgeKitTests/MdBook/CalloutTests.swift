import Foundation
import Testing
@testable import DraftForgeKit

/// GitHub's alerts (and mdBook 0.5's admonitions) become callouts in every format.
@Suite("Callouts")
struct CalloutTests {
    static let chapter = """
        # One

        > [!NOTE]
        > Useful information.

        > [!tip]
        >
        > Lower case, and a blank line after the marker.
        >
        > Two paragraphs.

        > [!WARNING] Text on the marker's line is not an alert.

        > [!UNKNOWN]
        > Not an alert either.

        > A plain quote.

        > \u{A0}[!CAUTION]
        > A no-break space before the marker.

        > A long first line of an ordinary quote, with [!NOTE] in the middle of it, is no alert.
        """

    @Test func alertsBecomeTitledCallouts() throws {
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": Self.chapter])
        let (book, _) = try manuscript.render()
        let page = book.chapters[0].xhtml
        #expect(page.contains("""
            <aside class="callout callout-note" role="note">
            <p class="callout-title">Note</p>
            <p>Useful information.</p>
            </aside>
            """), "\(page)")
        #expect(page.contains("""
            <aside class="callout callout-tip" role="note">
            <p class="callout-title">Tip</p>
            <p>Lower case, and a blank line after the marker.</p>
            <p>Two paragraphs.</p>
            </aside>
            """), "\(page)")
        #expect(page.contains("<blockquote>\n<p>[!WARNING] Text on the marker’s line is not an alert.</p>\n</blockquote>"))
        #expect(page.contains("<blockquote>\n<p>[!UNKNOWN]\nNot an alert either.</p>\n</blockquote>"))
        #expect(page.contains("<blockquote>\n<p>A plain quote.</p>\n</blockquote>"))
        #expect(page.contains("<p class=\"callout-title\">Caution</p>\n<p>A no-break space before the marker.</p>"), "\(page)")
        #expect(page.contains("<blockquote>\n<p>A long first line of an ordinary quote, with [!NOTE] in the middle of it, is no alert.</p>"))
    }

    /// mdBook's warning box and GitHub's collapsible sections are raw HTML that EPUB 3 allows:
    /// kept as written in the EPUB and the site, and styled like a callout.
    @Test func mdBooksWarningBoxAndDetailsAreKept() throws {
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": """
            # One

            <div class="warning">

            Do not run this as root.

            </div>

            <details>
            <summary>Show the answer</summary>

            Forty-two.

            </details>
            """])
        let result = try manuscript.build()
        #expect(result.diagnostics.filter { $0.severity != .info }.isEmpty, "\(result.diagnostics)")
        let epub = try EPUBContents(manuscript.dist.appendingPathComponent("test-book.epub"))
        let xhtml = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(xhtml.contains("<div class=\"warning\">\n<p>Do not run this as root.</p>\n</div>"), "\(xhtml)")
        #expect(xhtml.contains("<details>\n<summary>Show the answer</summary>\n<p>Forty-two.</p>\n</details>"), "\(xhtml)")
        #expect(try #require(epub["OEBPS/styles/book.css"]).contains("div.warning"))
        let site = try String(contentsOf: manuscript.dist.appendingPathComponent("html/site.css"), encoding: .utf8)
        #expect(site.contains(":where(.df-chapter) div.warning"))
    }

    @Test func theDOCXWritesTheTitleBoldInAQuoteParagraph() throws {
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": Self.chapter])
        let (_, docx) = try buildDOCX(manuscript)
        let paragraphs = try docx.paragraphs()
        #expect(paragraphs.first { $0.text == "Note" }?.style == "BlockQuote")
        #expect(paragraphs.first { $0.text == "Useful information." }?.style == "BlockQuote")
        let title = try #require(try docx.xml("word/document.xml").descendants("w:p").first { $0.text == "Note" })
        #expect(!title.descendants("w:b").isEmpty)
    }
}
