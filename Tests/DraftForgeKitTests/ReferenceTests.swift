import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Links and images")
struct ReferenceTests {
    private func twoChapters(_ first: String, _ second: String = "# Storm\n\n## The Wreck\n\n<a id=\"raw-anchor\"></a>Text\n")
        throws -> TestManuscript
    {
        try TestManuscript([
            "draftforge.yml": "title: T\n",
            "chapters/01-arrival.md": first,
            "chapters/02-storm.md": second,
        ])
    }

    @Test func crossChapterLinksResolveByFileSlugAndRawID() throws {
        let manuscript = try twoChapters("""
            # Arrival

            [file](02-storm.md), [slug](02-storm.md#the-wreck), [raw](02-storm.md#raw-anchor),
            [self](#arrival), [dot](./02-storm.md#the-wreck)
            """)
        let (book, diagnostics) = try manuscript.render()
        let body = book.chapters[0].xhtml
        #expect(diagnostics.isEmpty)
        #expect(body.contains(#"<a href="02-storm.xhtml">file</a>"#))
        #expect(body.contains(#"<a href="02-storm.xhtml#the-wreck">slug</a>"#))
        #expect(body.contains(#"<a href="02-storm.xhtml#raw-anchor">raw</a>"#))
        #expect(body.contains(##"<a href="#arrival">self</a>"##))
        #expect(body.contains(#"<a href="02-storm.xhtml#the-wreck">dot</a>"#))
    }

    /// Links written for mdBook's site name the pages it makes: `chapter.html`, and
    /// `index.html` for a folder's README.md.
    @Test func mdBookPageLinksResolveToTheirChapters() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: T\n",
            "chapters/01-arrival.md": "# Arrival\n\n[page](02-storm.html) [heading](02-storm.html#the-wreck) [readme](index.html) [gone](03-none.html)\n",
            "chapters/02-storm.md": "# Storm\n\n## The Wreck\n",
            "chapters/README.md": "# Read me\n",
        ])
        let (book, diagnostics) = try manuscript.render()
        let body = book.chapters[0].xhtml
        #expect(body.contains(#"<a href="02-storm.xhtml">page</a>"#))
        #expect(body.contains(#"<a href="02-storm.xhtml#the-wreck">heading</a>"#))
        #expect(body.contains(#"<a href="readme.xhtml">readme</a>"#), "\(body)")
        #expect(diagnostics.filter { $0.code == "manuscript.broken-link" }.map(\.message)
            == ["the link target '03-none.html' is not in the book; its text is kept without the link"])
    }

    @Test func renamedIDsAreFollowed() throws {
        // Both chapters have "# Intro": the second's id becomes intro--02-storm and links follow it.
        let manuscript = try twoChapters("# Intro\n\n[there](02-storm.md#intro)\n", "# Intro\n")
        let (book, _) = try manuscript.render()
        #expect(book.chapters[0].xhtml.contains(#"<a href="02-storm.xhtml#intro--02-storm">there</a>"#))
    }

    @Test func danglingLinksWarnAtTheirLineAndKeepTheText() throws {
        let manuscript = try twoChapters("""
            ---
            title: A
            ---
            # Arrival

            See [the std docs](../std/index.html) and
            [a gone anchor](02-storm.md#nowhere) and [gone](03-missing.md).
            """)
        let (book, diagnostics) = try manuscript.render()
        #expect(diagnostics.map(\.code) == Array(repeating: "manuscript.broken-link", count: 3))
        #expect(diagnostics.map(\.location) == [
            SourceLocation(file: "chapters/01-arrival.md", line: 6, column: 20),
            SourceLocation(file: "chapters/01-arrival.md", line: 7, column: 17),
            SourceLocation(file: "chapters/01-arrival.md", line: 7, column: 49),
        ])
        #expect(diagnostics.allSatisfy { $0.severity == .warning && !$0.isBlocking })
        #expect(book.chapters[0].xhtml.contains("See the std docs and\na gone anchor and gone."))
    }

    /// Columns count code points, whatever bytes the letters before the link take.
    @Test func danglingLinksAfterAccentsAreFoundByCodePoint() throws {
        let manuscript = try twoChapters("""
            ---
            title: A
            ---
            # Arrival

            Café — voir [ici](03-gone.md) puis [là](03-gone.md#x).
            """)
        let (_, diagnostics) = try manuscript.render()
        #expect(diagnostics.filter { $0.code == "manuscript.broken-link" }.map(\.location) == [
            SourceLocation(file: "chapters/01-arrival.md", line: 6, column: 19),
            SourceLocation(file: "chapters/01-arrival.md", line: 6, column: 41),
        ])
    }

    @Test func externalLinksStayWhenValid() throws {
        let manuscript = try twoChapters("""
            [web](https://example.com/a?b=c#d) [mail](mailto:a@example.com)
            [bad](http://../) [js](javascript:alert(1)) [file](file:///etc/passwd)
            """)
        let (book, diagnostics) = try manuscript.render()
        let body = book.chapters[0].xhtml
        #expect(body.contains(#"<a href="https://example.com/a?b=c#d">web</a>"#))
        #expect(body.contains(#"<a href="mailto:a@example.com">mail</a>"#))
        #expect(body.contains("bad js file"))
        #expect(diagnostics.map(\.code) == Array(repeating: "manuscript.invalid-url", count: 3))
        #expect(diagnostics.allSatisfy { $0.location?.line == 2 })
    }

    @Test func imagesArePackagedWithMediaTypes() throws {
        let manuscript = try twoChapters(#"![A map](images/map.svg) <img src="images/photo%20one.png" alt="P">"# + "\n")
        try manuscript.write("chapters/images/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try manuscript.write("chapters/images/photo one.png", TestImage.png(width: 4, height: 3))
        let (book, diagnostics) = try manuscript.render()
        #expect(diagnostics.isEmpty)
        #expect(book.images.map(\.href) == ["images/map.svg", "images/photo-one.png"])
        #expect(book.images.map(\.mediaType) == ["image/svg+xml", "image/png"])
        #expect(book.chapters[0].xhtml.contains(#"<img src="../images/map.svg" alt="A map"/>"#))
        #expect(book.chapters[0].hasImages)
    }

    /// An image with no alternative text is kept and marked decorative, as GitHub and mdBook
    /// show it; the accessibility check says each has no text alternative (AccessibilityTests).
    @Test func anImageWithoutAltTextIsKeptAsDecorative() throws {
        let manuscript = try twoChapters("Before.\n\n![](images/map.svg) and ![ ](images/map.svg)\n")
        try manuscript.write("chapters/images/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        let (book, diagnostics) = try manuscript.render()
        #expect(diagnostics.filter { $0.severity != .info }.map(\.code) == [DiagnosticCode.imageWithoutAlt.rawValue, DiagnosticCode.imageWithoutAlt.rawValue], "\(diagnostics)")
        #expect(book.chapters[0].xhtml.contains(#"<img src="../images/map.svg" alt="" role="presentation"/> and <img src="../images/map.svg" alt="" role="presentation"/>"#), "\(book.chapters[0].xhtml)")
    }

    @Test func badImagesAreBlockingErrorsAtTheirLine() throws {
        let outside = try TestManuscript(["secret.png": "x"])
        let manuscript = try twoChapters("""
            # Images

            ![missing](images/none.png)
            ![remote](ftp://example.com/x.png)
            ![escape](../../etc/passwd)
            ![absolute](/etc/hostname)
            ![link](images/link.png)
            ![bmp](images/pic.bmp)
            """)
        try FileManager.default.createDirectory(at: manuscript.url("chapters/images"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: manuscript.url("chapters/images/link.png"), withDestinationURL: outside.url("secret.png"))
        try manuscript.write("chapters/images/pic.bmp", "BM")
        let (book, diagnostics) = try manuscript.render()
        #expect(diagnostics.map(\.code) == [
            "manuscript.missing-image", "manuscript.remote-image", "manuscript.image-outside-root",
            "manuscript.image-outside-root", "manuscript.image-outside-root", "manuscript.unsupported-image",
        ])
        #expect(diagnostics.map { $0.location?.line } == [3, 4, 5, 6, 7, 8])
        #expect(diagnostics.allSatisfy { $0.isBlocking && $0.severity == .error })
        #expect(book.images.isEmpty)
        #expect(book.chapters[0].xhtml.contains("<p>missing\nremote\nescape\nabsolute\nlink\nbmp</p>"))
    }

    @Test func blockingImagesStopTheBuildUnlessAllowed() throws {
        let manuscript = try twoChapters("![gone](nope.png)\n")
        let failure = try #require(manuscript.failure())
        #expect(failure.kind == .blocked)
        #expect(failure.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("test-book.epub").path))
        let job = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first?.exportJobs.first)
        #expect(job.status == .failed)
        #expect(job.errorMessage?.contains("chapters/01-arrival.md:1:9: the image 'nope.png' does not exist [manuscript.missing-image]") == true)
        #expect(failure.continuity?.findings.filter(\.isBlocking).map(\.code) == ["manuscript.missing-image"])
        #expect(FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("continuity.json").path))

        let result = try manuscript.build(allowBlocking: true)
        #expect(result.outputs.map(\.format) == [.epub, .html])
        let epub = try EPUBContents(result.outputs[0].url)
        #expect(epub["OEBPS/text/01-arrival.xhtml"]?.contains("<p>gone</p>") == true)
    }

    /// Chapters are resolved side by side, but the book names their images in reading order:
    /// the same names, each page showing its own file, and a cleaned drawing's warning once, at
    /// its first use, whichever chapter finishes first.
    @Test func imagesAreNamedInReadingOrderWhateverChapterResolvesFirst() throws {
        var files = ["draftforge.yml": "title: T\n"]
        let drawing = #"<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><rect width="1" height="1"/></svg>"#
        for number in 1...12 {
            let name = String(format: "%02d", number)
            // Each chapter's own map.png, in its own folder: the names collide.
            files["chapters/\(name)-chapter.md"] = "# Chapter \(number)\n\n" + String(repeating: "Words. ", count: number * 300)
                + "\n\n![Map \(number)](\(name)/map.png)\n\n![Plan](plan.svg)\n"
            files["chapters/\(name)/map.png"] = ""
        }
        files["chapters/plan.svg"] = drawing
        let manuscript = try TestManuscript(files)
        for number in 1...12 {
            try manuscript.write(String(format: "chapters/%02d/map.png", number), TestImage.png(width: number, height: 1))
        }
        for _ in 0..<3 {
            let (book, diagnostics) = try manuscript.render()
            #expect(book.images.map(\.href) == ["images/map.png", "images/plan.svg"] + (2...12).map { "images/map-\($0).png" })
            for (index, chapter) in book.chapters.enumerated() {
                let map = index == 0 ? "map.png" : "map-\(index + 1).png"
                #expect(chapter.xhtml.contains(#"src="../images/\#(map)""#), "chapter \(index + 1)")
                #expect(chapter.xhtml.contains(#"src="../images/plan.svg""#))
                #expect(chapter.imageCount == 2)
            }
            let asset = try #require(book.images.first { $0.href == "images/map-7.png" })
            #expect(asset.source.path.hasSuffix("chapters/07/map.png"))
            let cleaned = diagnostics.filter { $0.code == DiagnosticCode.svgCleaned.rawValue }
            #expect(cleaned.map(\.location?.file) == ["chapters/01-chapter.md"])
        }
    }

    @Test func aChapterImageNamedCoverDoesNotTakeTheCoversPlace() throws {
        let manuscript = try twoChapters("![a cover in the text](images/cover.png)\n")
        try manuscript.write("chapters/images/cover.png", TestImage.png(width: 10, height: 10))
        let (book, diagnostics) = try manuscript.render()
        #expect(diagnostics.isEmpty)
        #expect(book.images.map(\.href) == ["images/cover-2.png"])
    }
}
