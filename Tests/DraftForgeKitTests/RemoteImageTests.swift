import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// Images given by their web address (README badges): the site keeps them, the formats that
/// cannot embed what the build does not have print their alt text, and a warning says so.
@Suite("Remote images")
struct RemoteImageTests {
    static let chapter = """
        # One

        Status: ![build passing](https://example.com/badge.svg?branch=main) and ![](https://example.com/img/logo.png).
        """

    @Test func theSiteKeepsThemTheBookFormatsPrintTheirAltText() throws {
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": Self.chapter])
        let result = try manuscript.build()
        let warnings = result.diagnostics.filter { $0.code == "manuscript.remote-image" }
        #expect(warnings.map(\.location?.description) == ["chapters/01-one.md:3:26", "chapters/01-one.md:3:77"])
        #expect(warnings.allSatisfy { $0.severity == .warning && !$0.isBlocking })
        #expect(warnings.first?.message == "the image 'https://example.com/badge.svg?branch=main' is on the web, not in the manuscript: the site loads it from there; the EPUB, DOCX and PDF show its alt text instead")

        let page = try String(contentsOf: manuscript.dist.appendingPathComponent("html/01-one.html"), encoding: .utf8)
        #expect(page.contains(#"<img src="https://example.com/badge.svg?branch=main" alt="build passing">"#))
        #expect(page.contains(#"<img src="https://example.com/img/logo.png" alt="" role="presentation">"#))

        let epub = try EPUBContents(manuscript.dist.appendingPathComponent("test-book.epub"))
        let xhtml = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(xhtml.contains("<p>Status: build passing and logo.png.</p>"), "\(xhtml)")
        #expect(!xhtml.contains("example.com"))

        let (book, _) = try manuscript.render()
        let templates = try TemplateSet(format: "pdf", manuscriptRoot: manuscript.root)
        let engine = try PDFEngine.locate(environment: [PDFEngine.overrideVariable: "/bin/false"])
        let document = PDFPackager(templates: templates, engine: engine).document(book)
        #expect(document.contains("Status: build passing and logo.png."))
        #expect(!document.contains("example.com"))

        let (_, docx) = try buildDOCX(manuscript)
        #expect(try docx.paragraphs().map(\.text).contains("Status: build passing and logo.png."))
    }

    @Test func remoteImagesBlockMakesThemBlockingErrors() throws {
        let manuscript = try TestManuscript.minimal(
            ["chapters/01-one.md": Self.chapter], config: "title: Test Book\nremote_images: block\n")
        let failure = try #require(manuscript.failure())
        let errors = failure.diagnostics.filter { $0.code == "manuscript.remote-image" }
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.severity == .error && $0.isBlocking })
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("test-book.epub").path))
    }

    @Test func aValueOtherThanAllowOrBlockIsAConfigError() throws {
        let manuscript = try TestManuscript.minimal([:], config: "title: Test Book\nremote_images: fetch\n")
        let failure = try #require(manuscript.failure())
        #expect(failure.diagnostics.first?.code == "config.value")
        #expect(failure.diagnostics.first?.location?.line == 2)
    }
}
