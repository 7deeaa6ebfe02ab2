import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// The HTML site (`--format html`) of a small book with parts, a footnote, a cross-chapter
/// link, an image, a cover, and a chapter whose name is one the site uses itself.
@Suite("HTML site")
struct SiteTests {
    static let config = """
        title: "Salt & Stone"
        authors: [Ann One]
        description: A short book about the sea.
        cover: cover.png
        site:
          base_url: https://example.com/salt
          edit_url: https://github.com/ann/salt/edit/main/{path}
        outline:
          - 00-preface
          - part: Part One
            chapters: [01-one, 02-two]
          - index
        """
    static let chapters = [
        "chapters/00-preface.md": "# Preface\n\nA word about the harbour.[^n]\n\n[^n]: A note that links back.\n",
        "chapters/01-one.md": """
            # One

            See [the wreck](02-two.md#the-wreck), [the next part](02-two.md) and ![a map](images/map.png).

            <span id="df-sidebar">A raw id the site's own markup uses.</span>

            ## Morning

            Text of the morning.
            """,
        "chapters/02-two.md": "# Two\n\n## The Wreck\n\nThe albatross came down on the rocks.\n",
        "chapters/index.md": "# Last Words\n\nThe end.\n",
    ]
    /// Page files in reading order: `index.md` may not take the title page's name.
    static let pages = ["00-preface.html", "01-one.html", "02-two.html", "index-2.html"]

    static func manuscript(config: String = config, extra: [String: String] = [:]) throws -> TestManuscript {
        var files = chapters
        for (path, text) in extra { files[path] = text }
        let manuscript = try TestManuscript(files.merging(["draftforge.yml": config]) { $1 })
        try manuscript.write("cover.png", TestImage.png(width: 1600, height: 2560))
        try manuscript.write("chapters/images/map.png", TestImage.png(width: 40, height: 30))
        return manuscript
    }

    /// A built site; it holds on to its manuscript, whose folder goes when the manuscript does.
    struct BuiltSite {
        let manuscript: TestManuscript
        let url: URL
        let result: BuildResult
    }

    /// Builds only the site.
    static func site(_ manuscript: TestManuscript) throws -> BuiltSite {
        var options = manuscript.options()
        options.formats = [.html]
        let result = try Pipeline.build(options)
        let output = try #require(result.outputs.first)
        #expect(output.format == .html && output.isDirectory)
        return BuiltSite(manuscript: manuscript, url: output.url, result: result)
    }

    /// The print page's frame is cut at one marker per chapter; anything else means the
    /// template did its own thing, and the page is rendered whole instead.
    @Test func thePrintFrameIsCutOnlyAtEachMarkerOnceInOrder() {
        let marker = { (position: Int) in "<!--draftforge:print-body:\(position)-->" }
        #expect(SitePackager.split("<a>" + marker(0) + "é" + marker(1) + "</a>", atMarkers: 2) == ["<a>", "é", "</a>"])
        #expect(SitePackager.split(marker(0) + marker(1), atMarkers: 2) == ["", "", ""])
        #expect(SitePackager.split("<a>" + marker(0), atMarkers: 2) == nil, "a body left out")
        #expect(SitePackager.split(marker(1) + marker(0), atMarkers: 2) == nil, "out of order")
        #expect(SitePackager.split(marker(0) + marker(0), atMarkers: 1) == nil, "shown twice")
        #expect(SitePackager.split(marker(0) + "<!--draftforge:print-body:x-->", atMarkers: 1) == nil)
        #expect(SitePackager.split("no chapters", atMarkers: 0) == ["no chapters"])
    }

    @Test func writesEveryPageAndFileAndNothingElse() throws {
        let manuscript = try Self.manuscript()
        let built = try Self.site(manuscript)
        let (site, result) = (built.url, built.result)
        #expect(site.path == manuscript.dist.appendingPathComponent("html").path)
        let files = try folderContents(site)
        #expect(files.keys.sorted() == ([
            "404.html", "images/cover.png", "images/map.png", "index.html", "print.html", "search-index.js",
            "site.css", "site.js", "sitemap.xml",
        ] + Self.pages).sorted())
        #expect(result.outputs[0].fileCount == files.count)
        #expect(result.outputs[0].sizeBytes == files.values.reduce(0) { $0 + $1.count })
        #expect(try FileManager.default.contentsOfDirectory(atPath: manuscript.dist.path).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".json") && !$0.hasSuffix(".sarif") } == ["html"])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(files["index.html"].map { String(decoding: $0, as: UTF8.self) }?.contains("stats.html") == false)
    }

    /// The stats and continuity pages are the author's notes: published only with `site.reports: true`.
    @Test func theReportPagesArePublishedWhenTheBookAsks() throws {
        let manuscript = try Self.manuscript(config: Self.config.replacingOccurrences(of: "site:\n", with: "site:\n  reports: true\n"))
        let files = try folderContents(try Self.site(manuscript).url)
        let stats = try #require(files["stats.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(stats.contains("<h1>Writing statistics</h1>"))
        #expect(stats.contains("id=\"df-words-over-time-title\"") && stats.contains("id=\"df-words-per-day-title\""))
        #expect(stats.contains("<table class=\"df-stats-table\">"))
        let continuity = try #require(files["continuity.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(continuity.contains("<h1>Continuity report</h1>"))
        #expect(continuity.contains("<section class=\"continuity-report\">"))
        #expect(files["index.html"].map { String(decoding: $0, as: UTF8.self) }?.contains("<a href=\"stats.html\">Writing statistics</a>") == true)
    }

    /// `serve`'s preview is the author's own: it shows the report pages whatever the config says.
    @Test func thePreviewShowsTheReportPagesWithoutBeingAsked() throws {
        let manuscript = try Self.manuscript()
        var options = manuscript.options(output: manuscript.root.appendingPathComponent("preview"))
        options.formats = [.html]
        options.writer = .preview
        options.includeHistory = false
        _ = try Pipeline.build(options)
        let site = options.outputDirectory!.appendingPathComponent("html")
        for page in ["stats.html", "continuity.html"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(page).path), "\(page)")
        }
    }

    @Test func previousAndNextFollowTheReadingOrder() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        let order = ["index.html"] + Self.pages
        for (position, name) in order.enumerated() {
            let page = try HTMLPage(site.appendingPathComponent(name))
            let previous = page.all("a") { $0["rel"] == "prev" }.map { $0["href"] }
            let next = page.all("a") { $0["rel"] == "next" }.map { $0["href"] }
            #expect(previous == (position > 0 ? [order[position - 1]] : []), "\(name)")
            #expect(next == (position + 1 < order.count ? [order[position + 1]] : []), "\(name)")
        }
    }

    @Test func sidebarMarksTheCurrentChapterAndListsItsSections() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        for name in Self.pages {
            let page = try HTMLPage(site.appendingPathComponent(name))
            let current = page.all("a") { $0["aria-current"] == "page" }
            #expect(current.map { $0["href"] } == [name], "\(name)")
            #expect(current.first?.classes.contains("df-current") == true)
            #expect(page.first("nav") { $0["id"] == "df-sidebar" }?.text.contains("Part One") == true)
        }
        let one = try HTMLPage(site.appendingPathComponent("01-one.html"))
        #expect(one.all("a") { $0["href"] == "#morning" }.count == 1)
        let two = try HTMLPage(site.appendingPathComponent("02-two.html"))
        #expect(two.all("a") { $0["href"] == "#morning" }.isEmpty)
    }

    @Test func bookReferencesBecomePagesAndImages() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        let one = try HTMLPage(site.appendingPathComponent("01-one.html"))
        let hrefs = one.all("a").compactMap { $0["href"] }
        #expect(hrefs.contains("02-two.html#the-wreck"))
        #expect(hrefs.contains("02-two.html"))
        #expect(one.first("img") { $0["alt"] == "a map" }?["src"] == "images/map.png")
        for (name, data) in try folderContents(site) where name.hasSuffix(".html") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("draftforge:"), "\(name) keeps a neutral reference")
            #expect(!text.contains(".xhtml"), "\(name) links to an EPUB page")
            #expect(!text.contains("epub:type"), "\(name) has epub:type, which HTML5 does not allow")
            #expect(!text.contains("alt=\"a map\"/>"), "\(name) closes a void element the XHTML way")
        }
    }

    @Test func idsAreUniqueOnEveryPageEvenWhenTheTextUsesTheSitesOwn() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        for name in Self.pages + ["index.html", "print.html", "404.html"] {
            let ids = try HTMLPage(site.appendingPathComponent(name)).ids
            #expect(Set(ids).count == ids.count, "\(name) repeats an id: \(ids)")
        }
        let one = try HTMLPage(site.appendingPathComponent("01-one.html"))
        #expect(one.first("nav") { $0["id"] == "df-sidebar" } != nil)
        let raw = try #require(one.first("span") { $0.text.hasPrefix("A raw id") })
        #expect(raw["id"] != "df-sidebar")
    }

    @Test func footnotesLinkBothWays() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        let page = try HTMLPage(site.appendingPathComponent("00-preface.html"))
        let reference = try #require(page.first("a") { $0["role"] == "doc-noteref" })
        let noteID = try #require(reference["href"].map { String($0.dropFirst()) })
        let note = try #require(page.first("aside") { $0["id"] == noteID })
        #expect(note.text.contains("A note that links back."))
        let back = try #require(page.first("a") { $0.classes.contains("footnote-number") })
        let referenceID = try #require(back["href"].map { String($0.dropFirst()) })
        #expect(page.first("a") { $0["id"] == referenceID } != nil)
    }

    /// The index's sections are written by hand for speed: byte for byte what `JSONEncoder`
    /// writes, for every character that JSON escapes and a few it does not.
    @Test func searchSectionsAreWrittenAsJSONEncoderWritesThem() throws {
        let awkward = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }.joined()
            + "café — “quoted” / back\\slash 三体 \u{1F600} \u{2028}"
        let sections = [
            SearchIndex.Section(chapter: 0, heading: awkward, url: "a/b.html#c", text: awkward),
            SearchIndex.Section(chapter: 12, heading: "", url: "x.html", text: ""),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(sections), as: UTF8.self)
        #expect("[" + SearchIndex.elementsJSON(sections) + "]" == expected)
    }

    @Test func searchIndexHoldsEverySectionWithItsAddress() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        let index = try DecodedSearchIndex(site.appendingPathComponent("search-index.js"))
        #expect(index.chapters.map(\.title) == ["Preface", "One", "Two", "Last Words"])
        #expect(index.chapters.map(\.url) == Self.pages)
        let wreck = try #require(index.sections.first { $0.h == "The Wreck" })
        #expect(wreck.u == "02-two.html#the-wreck")
        #expect(wreck.c == 2)
        #expect(wreck.t == "The albatross came down on the rocks.")
        let preface = try #require(index.sections.first { $0.c == 0 })
        #expect(preface.u == "00-preface.html#preface")
        #expect(preface.t == "A word about the harbour. A note that links back.")
        #expect(index.sections.contains { $0.h == "Morning" && $0.u == "01-one.html#morning" && $0.t == "Text of the morning." })
    }

    @Test func printPageHoldsEveryChapterWithLinksInsideIt() throws {
        let manuscript = try Self.manuscript()
        let (book, _) = try manuscript.render()
        let built = try Self.site(manuscript)
        let site = built.url
        let page = try HTMLPage(site.appendingPathComponent("print.html"))
        let articles = page.all("article")
        #expect(articles.map { $0["id"] } == book.chapters.map(\.anchorID))
        #expect(zip(articles, ["Preface", "One", "Two", "Last Words"]).allSatisfy { $0.text.contains($1) })
        #expect(page.first("section") { $0.classes.contains("df-print-part") }?.text.contains("Part One") == true)
        let ids = Set(page.ids)
        let hrefs = page.all("a").compactMap { $0["href"] }
        #expect(hrefs.contains("#the-wreck"))
        #expect(hrefs.contains("#" + book.chapters[2].anchorID))
        for href in hrefs where href.hasPrefix("#") {
            #expect(ids.contains(String(href.dropFirst())), "print.html links to a missing \(href)")
        }
        #expect(!hrefs.contains { $0.hasPrefix("02-two.html") })
    }

    @Test func notFoundPageAndSitemapUseTheBaseURL() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        let notFound = try HTMLPage(site.appendingPathComponent("404.html"))
        #expect(notFound.first("base")?["href"] == "https://example.com/salt/")
        #expect(notFound.first("h1")?.text == "Page not found")
        #expect(notFound.first("link") { $0["rel"] == "canonical" } == nil)
        let sitemap = try String(contentsOf: site.appendingPathComponent("sitemap.xml"), encoding: .utf8)
        let locations = sitemap.components(separatedBy: "<loc>").dropFirst().map { $0.components(separatedBy: "</loc>")[0] }
        #expect(locations == ["https://example.com/salt/"] + Self.pages.map { "https://example.com/salt/" + $0 })
        #expect(sitemap.contains("<lastmod>2023-11-14</lastmod>"))
        #expect(XMLCheck.problem(in: sitemap) == nil)
        let one = try HTMLPage(site.appendingPathComponent("01-one.html"))
        #expect(one.first("link") { $0["rel"] == "canonical" }?["href"] == "https://example.com/salt/01-one.html")
    }

    @Test func withoutSiteOptionsThereIsNoSitemapBaseOrEditLink() throws {
        let config = Self.config.components(separatedBy: "\n").filter { !$0.contains("site:") && !$0.contains("_url:") }
            .joined(separator: "\n")
        let built = try Self.site(try Self.manuscript(config: config))
        let site = built.url
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("sitemap.xml").path))
        let notFound = try HTMLPage(site.appendingPathComponent("404.html"))
        #expect(notFound.first("base") == nil)
        let one = try HTMLPage(site.appendingPathComponent("01-one.html"))
        #expect(one.first("link") { $0["rel"] == "canonical" } == nil)
        #expect(one.first("a") { $0.text == "Edit this page" } == nil)
    }

    @Test func editLinkFollowsThePattern() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        for (name, source) in zip(Self.pages, ["00-preface", "01-one", "02-two", "index"]) {
            let page = try HTMLPage(site.appendingPathComponent(name))
            #expect(page.first("a") { $0.text == "Edit this page" }?["href"]
                == "https://github.com/ann/salt/edit/main/chapters/\(source).md")
        }
        let options = ManuscriptConfig.SiteOptions(editURL: "https://example.com/edit/{path}?plain=1")
        #expect(options.editLink(for: "chapters/my chapter #2.md") == "https://example.com/edit/chapters/my%20chapter%20%232.md?plain=1")
    }

    @Test func titlePageHasCoverDescriptionAndNestedContents() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        let index = try HTMLPage(site.appendingPathComponent("index.html"))
        #expect(index.first("title")?.text == "Salt & Stone")
        #expect(index.first("img") { $0.classes.contains("df-cover") }?["src"] == "images/cover.png")
        #expect(index.first("p") { $0.classes.contains("df-description") }?.text == "A short book about the sea.")
        let part = try #require(index.first("li") { $0.classes.contains("df-toc-part") })
        #expect(part.text.contains("Part One") && part.text.contains("One") && part.text.contains("Two"))
        #expect(!part.text.contains("Preface") && !part.text.contains("Last Words"))
        #expect(index.first("a") { $0.classes.contains("df-start") }?["href"] == "00-preface.html")
    }

    @Test func aNewBuildReplacesTheWholeSite() throws {
        let manuscript = try Self.manuscript()
        _ = try Self.site(manuscript)
        try FileManager.default.removeItem(at: manuscript.url("chapters/index.md"))
        try manuscript.write("draftforge.yml", Self.config.replacingOccurrences(of: "\n  - index", with: ""))
        let built = try Self.site(manuscript)
        let site = built.url
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("index-2.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: manuscript.dist.path).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".json") && !$0.hasSuffix(".sarif") } == ["html"])
    }

    /// A site that fails half-way through writing leaves the earlier one whole, and no
    /// half-written folder beside it.
    @Test func aFailedWriteKeepsTheEarlierSite() throws {
        let folder = try TestManuscript()
        let destination = folder.url("dist/html")
        _ = try SitePackager.writeFolder([("index.html", .text("old"))], to: destination, writer: .durable)
        #expect(throws: (any Error).self) {
            try SitePackager.writeFolder(
                [("index.html", .text("new")), ("images/gone.png", .copy(folder.url("gone.png")))], to: destination,
                writer: .durable)
        }
        #expect(try folderContents(destination) == ["index.html": Data("old".utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url("dist").path) == ["html"])
        let written = try SitePackager.writeFolder([("index.html", .text("new"))], to: destination, writer: .durable)
        #expect(written.fileCount == 1 && written.sizeBytes == 3)
        #expect(try folderContents(destination) == ["index.html": Data("new".utf8)])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url("dist").path) == ["html"])
    }

    /// A rendered file is made while the folder is written and let go of: the files' texts are
    /// in the result only for a caller that compares the next site with them (`serve`), and a
    /// rendering that fails leaves the earlier site.
    @Test func renderedFilesAreWrittenAndKeptOnlyWhenAsked() throws {
        struct RenderFailed: Error {}
        let folder = try TestManuscript()
        let destination = folder.url("dist/html")
        let files: [(path: String, contents: SitePackager.FileContents)] = [
            ("index.html", .text("home")), ("01-one.html", .rendered(estimatedBytes: 10) { ["<p>", "one", "</p>"] }),
        ]
        let plain = try SitePackager.writeFolder(files, to: destination, writer: .durable)
        #expect(try folderContents(destination) == ["index.html": Data("home".utf8), "01-one.html": Data("<p>one</p>".utf8)])
        #expect(plain.sizeBytes == 14 && plain.fileCount == 2)
        #expect(plain.texts.isEmpty, "texts kept though nothing asked for them")
        #expect(plain.checksum == (try Checksum.sha256(ofItemAt: destination)))
        let kept = try SitePackager.writeFolder(files, to: destination, writer: .durable, keepsTexts: true)
        #expect(kept.texts["01-one.html"] == ["<p>", "one", "</p>"] && kept.texts["index.html"] == ["home"])
        #expect(kept.sizeBytes == 14)
        #expect(throws: RenderFailed.self) {
            try SitePackager.writeFolder(
                [("01-one.html", .rendered(estimatedBytes: 1) { throw RenderFailed() })], to: destination, writer: .durable)
        }
        #expect(try folderContents(destination).count == 2)
    }

    @Test func templatesFolderOverridesSiteFilesByName() throws {
        let manuscript = try Self.manuscript(extra: [
            "templates/page.html.mustache": "<!DOCTYPE html>\n<title>{{title}}</title>\n<main class=\"mine\">{{{body}}}</main>\n",
            "templates/site.css": "body { color: black; }\n",
            "templates/site.js": "// mine\n",
            "templates/chapter.xhtml.mustache": "{{{body}}}\n",
            "templates/pgae.html.mustache": "typo\n",
        ])
        let built = try Self.site(manuscript)
        let (site, result) = (built.url, built.result)
        let one = try String(contentsOf: site.appendingPathComponent("01-one.html"), encoding: .utf8)
        #expect(one.hasPrefix("<!DOCTYPE html>\n<title>One</title>\n<main class=\"mine\"><h1 id=\"one\">One</h1>"))
        #expect(try String(contentsOf: site.appendingPathComponent("site.css"), encoding: .utf8) == "body { color: black; }\n")
        #expect(try String(contentsOf: site.appendingPathComponent("site.js"), encoding: .utf8) == "// mine\n")
        // Only the name no format knows is a warning; the EPUB's override is not.
        #expect(result.diagnostics.map(\.code) == ["config.template-unused"])
        #expect(result.diagnostics.first?.location?.file == "templates/pgae.html.mustache")
        #expect(result.diagnostics.first?.suggestion?.contains("page.html.mustache") == true)
    }

    @Test func brokenSiteTemplateStopsOnlyABuildOfTheSite() throws {
        let manuscript = try Self.manuscript(extra: ["templates/header.html.mustache": "{{#bookTitle}} never closed\n"])
        var options = manuscript.options()
        options.formats = [.epub]
        #expect(try Pipeline.build(options).outputs.map(\.format) == [.epub])
        let failure = try #require(manuscript.failure())
        #expect(failure.exitCode == 2)
        #expect(failure.diagnostics.last?.code == "config.template")
        #expect(failure.diagnostics.last?.location?.file == "templates/header.html.mustache")
    }

    @Test func htmlIsADefaultFormat() {
        #expect(ExportFormat.defaults == [.epub, .html])
        #expect(BuildOptions(root: URL(fileURLWithPath: "/x")).formats == [.epub, .html])
    }

    /// One whole chapter page kept on disk, so a change to the page's markup shows in review.
    @Test func goldenPage() throws {
        let built = try Self.site(try Self.manuscript())
        let site = built.url
        let page = try String(contentsOf: site.appendingPathComponent("01-one.html"), encoding: .utf8)
        try Golden.verify(page, matches: packageRoot.appendingPathComponent("Tests/DraftForgeKitTests/Fixtures/site-page/expected.html"))
    }
}
