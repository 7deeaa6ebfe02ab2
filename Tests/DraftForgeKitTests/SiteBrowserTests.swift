import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// The sample's site in a real browser: Debian's Chromium, headless, from file://. It runs the
/// site's script, so what these tests read is the page a reader gets. scripts/test installs
/// Chromium; without it these tests fail rather than skip.
@Suite("Site in Chromium", .serialized, .externalTools)
struct SiteBrowserTests {
    static let sample = "Samples/the-lighthouse-keeper"

    /// The page as the browser left it, parsed.
    static func parse(_ dom: String, in folder: URL) throws -> HTMLPage {
        let file = folder.appendingPathComponent("dom-\(UUID().uuidString).html")
        try Data(dom.utf8).write(to: file)
        return try HTMLPage(file)
    }

    @Test func chapterTextIsThereAndNextLeadsToTheNextChapter() throws {
        let work = try TestManuscript()
        let site = try SiteLinkTests.buildSite(Self.sample, into: work.url("out"))
        let browser = try HeadlessChromium(profile: work.url("profile"))
        let index = try DecodedSearchIndex(site.appendingPathComponent("search-index.js"))

        let first = try Self.parse(try browser.dom(site.appendingPathComponent("01-arrival.html")), in: work.root)
        #expect(first.first("html")?.classes.contains("js") == true, "the site's script did not run")
        #expect(first.text.contains("The railway ran out at Polwenna, as it always had"), "the chapter's text is missing")

        // Follow "next" from the title page to the end: each page is the next chapter in order.
        var url = site.appendingPathComponent("index.html")
        var visited: [String] = []
        for _ in 0...index.chapters.count {
            let page = try Self.parse(try browser.dom(url), in: work.root)
            guard let next = page.first("a", where: { $0["rel"] == "next" })?["href"] else { break }
            url = URL(string: next, relativeTo: url)!.absoluteURL
            let arrived = try Self.parse(try browser.dom(url), in: work.root)
            visited.append(url.lastPathComponent)
            let title = index.chapters.first { $0.url == url.lastPathComponent }?.title ?? "?"
            #expect(arrived.first("h1")?.text == title, "\(url.lastPathComponent) does not open with its title")
        }
        #expect(visited == index.chapters.map(\.url))
    }

    @Test func searchFindsAWordOnlyTheLastChapterHas() throws {
        let work = try TestManuscript()
        let site = try SiteLinkTests.buildSite(Self.sample, into: work.url("out"))
        let browser = try HeadlessChromium(profile: work.url("profile"))
        let index = try DecodedSearchIndex(site.appendingPathComponent("search-index.js"))
        let last = index.chapters.count - 1
        func words(_ sections: [DecodedSearchIndex.Section]) -> Set<String> {
            Set(sections.flatMap { ($0.h + " " + $0.t).lowercased().split { !$0.isLetter }.map(String.init) })
        }
        let elsewhere = words(index.sections.filter { $0.c != last }) .union(
            index.chapters.dropLast().flatMap { $0.title.lowercased().split { !$0.isLetter }.map(String.init) })
        let word = try #require(words(index.sections.filter { $0.c == last }).filter { $0.count >= 7 && !elsewhere.contains($0) }.min())

        var components = URLComponents(url: site.appendingPathComponent("index.html"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "q", value: word)]
        let dom = try browser.dom(components.url!)
        let results = try #require(dom.range(of: #"<ol class="df-search-list">[\s\S]*?</ol>"#, options: .regularExpression)
            .map { String(dom[$0]) }, "no search results for '\(word)' in the page")
        let page = try Self.parse("<html><body>\(results)</body></html>", in: work.root)
        let links = page.all("a").compactMap { $0["href"] }
        #expect(!links.isEmpty)
        #expect(links.allSatisfy { $0.hasPrefix(index.chapters[last].url) }, "'\(word)' found in \(links)")
        #expect(page.all("mark").contains { $0.text.lowercased() == word }, "the match is not highlighted")
        #expect(dom.contains(#"value="\#(word)""#) || dom.contains("df-search-status"))
    }

    /// An element's id is also a global of its page: a raw `id="draftforgeSearchIndex"` made
    /// search read the element instead of the index, and stop working on that page.
    @Test func anAuthorIDNamedLikeTheSearchIndexLeavesSearchWorking() throws {
        let book = try TestManuscript.minimal([
            "chapters/01-one.md": "# One\n\n<p id=\"draftforgeSearchIndex\">Clobbering paragraph.</p>\n\nThe word zanzibarite is here.\n",
        ])
        let result = try Pipeline.build(BuildOptions(root: book.root, outputDirectory: book.url("out"), formats: [.html]))
        let site = try #require(result.outputs.first { $0.format == .html }).url
        let page = try String(contentsOf: site.appendingPathComponent("01-one.html"), encoding: .utf8)
        #expect(!page.contains(#"id="draftforgeSearchIndex""#), "the author's id kept the site's global name")
        let browser = try HeadlessChromium(profile: book.url("profile"))
        var components = URLComponents(url: site.appendingPathComponent("01-one.html"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "q", value: "zanzibarite")]
        let dom = try browser.dom(components.url!)
        #expect(dom.contains(#"<ol class="df-search-list">"#), "no search results on the page")
        #expect(dom.contains("<mark>zanzibarite</mark>"), "the match is not highlighted")
    }

    /// The result links of a search for `query` on the first page of `book`'s site.
    static func searchResults(_ book: TestManuscript, _ query: String) throws -> [String] {
        let result = try Pipeline.build(BuildOptions(root: book.root, outputDirectory: book.url("out"), formats: [.html]))
        let site = try #require(result.outputs.first { $0.format == .html }).url
        let browser = try HeadlessChromium(profile: book.url("profile"))
        var components = URLComponents(url: site.appendingPathComponent("01-one.html"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "q", value: query)]
        let dom = try browser.dom(components.url!)
        guard let list = dom.range(of: #"<ol class="df-search-list">[\s\S]*?</ol>"#, options: .regularExpression) else { return [] }
        let page = try parse("<html><body>\(dom[list])</body></html>", in: book.root)
        return page.all("a").compactMap { $0["href"] }
    }

    /// Latin, Greek and Cyrillic are searched without case or accents, on both sides.
    @Test func aQueryWithoutAccentsOrInOtherCaseFindsTheAccentedText() throws {
        let book = try TestManuscript.minimal([
            "chapters/01-one.md": "# Un\n\nLe matin commence.\n",
            "chapters/02-two.md": "# Deux\n\nElle entre à l'École normale.\n",
            "chapters/03-three.md": "# Trois\n\nОн живёт в МОСКВЕ.\n",
        ], config: "title: Livre\nauthors: [Ann]\nlanguage: fr\n")
        #expect(try Self.searchResults(book, "ecole").allSatisfy { $0.hasPrefix("02-two.html") })
        #expect(try !Self.searchResults(book, "ecole").isEmpty, "'ecole' does not find 'École'")
        #expect(try Self.searchResults(book, "ÉCOLE").first?.hasPrefix("02-two.html") == true)
        #expect(try Self.searchResults(book, "москве").first?.hasPrefix("03-three.html") == true)
    }

    /// The script's own words come from the book's language: the search status with French
    /// plural and digit grouping, the heading links and the theme button.
    @Test func theScriptSpeaksTheBooksLanguage() throws {
        let french = InterfaceStrings(language: "fr")
        let book = try TestManuscript.minimal([
            "chapters/01-one.md": "# Un\n\n## Le port\n\nLe matin, la mer.\n",
            "chapters/02-two.md": "# Deux\n\nLa mer encore.\n",
        ], config: "title: Livre\nauthors: [Ann]\nlanguage: fr\n")
        let result = try Pipeline.build(BuildOptions(root: book.root, outputDirectory: book.url("out"), formats: [.html]))
        let site = try #require(result.outputs.first { $0.format == .html }).url
        let browser = try HeadlessChromium(profile: book.url("profile"))
        func dom(_ query: String) throws -> String {
            var components = URLComponents(url: site.appendingPathComponent("01-one.html"), resolvingAgainstBaseURL: false)!
            components.queryItems = [URLQueryItem(name: "q", value: query)]
            return try browser.dom(components.url!).replacingOccurrences(of: "&nbsp;", with: "\u{00A0}")
        }
        let found = try dom("mer")
        let status = try #require(found.range(of: #"<p class="df-search-status">[^<]*</p>"#, options: .regularExpression).map { String(found[$0]) })
        #expect(status.contains(french.count("results", 2)), "\(status)")
        #expect(found.contains("aria-label=\"\(french["link_to_section"])\""))
        #expect(found.contains(french["use_dark_theme"]) || found.contains(french["use_light_theme"]))
        let nothing = try dom("zanzibar")
        #expect(nothing.contains(french.format("nothing_found", ["query": "zanzibar"])), "\(nothing)")
    }

    /// A CJK query of two characters finds them in the middle of a sentence, with no spaces.
    @Test func aTwoCharacterChineseQueryFindsItMidSentence() throws {
        let book = try TestManuscript.minimal([
            "chapters/01-one.md": "# 第一章\n\n今天早上下雨了。\n",
            "chapters/02-two.md": "# 第二章\n\n我们在图书馆里读书到很晚。\n",
        ], config: "title: 书\nauthors: [作者]\nlanguage: zh-Hans\n")
        let links = try Self.searchResults(book, "书馆")
        #expect(!links.isEmpty, "'书馆' found nothing")
        #expect(links.allSatisfy { $0.hasPrefix("02-two.html") }, "'书馆' found \(links)")
    }

    /// An SVG image opened from the site runs in the site's origin: its scripts must be gone.
    @Test func anSVGImageOpenedFromTheSiteRunsNoScript() throws {
        let svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" onload="document.documentElement.setAttribute('data-onload','ran')"><script>document.documentElement.setAttribute('data-script','ran')</script><rect width="20" height="20"/></svg>"#
        let book = try TestManuscript.minimal([
            "chapters/01-one.md": "# One\n\n![A square](images/square.svg)\n", "chapters/images/square.svg": svg,
        ])
        let result = try Pipeline.build(BuildOptions(root: book.root, outputDirectory: book.url("out"), formats: [.html]))
        #expect(result.diagnostics.contains { $0.code == DiagnosticCode.svgCleaned.rawValue })
        let site = try #require(result.outputs.first { $0.format == .html }).url
        let browser = try HeadlessChromium(profile: book.url("profile"))
        let dom = try browser.dom(site.appendingPathComponent("images/square.svg"))
        #expect(dom.contains("<rect"), "the image did not load: \(dom)")
        #expect(!dom.contains("data-onload") && !dom.contains("data-script"), "a script ran: \(dom)")
    }

    @Test func screenshotsOfAChapterOnAWideAndANarrowScreen() throws {
        let work = try TestManuscript()
        let site = try SiteLinkTests.buildSite(Self.sample, into: work.url("out"))
        let browser = try HeadlessChromium(profile: work.url("profile"))
        let shots = [
            ("wide.png", 1280, 900, false), ("phone.png", 390, 844, false), ("dark.png", 1280, 900, true),
        ]
        for (name, width, height, dark) in shots {
            let file = work.url(name)
            try browser.screenshot(site.appendingPathComponent("02-storm.html"), to: file, width: width, height: height, dark: dark)
            let data = try Data(contentsOf: file)
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is not a PNG")
            #expect(data.count > 20_000, "\(name) is nearly empty (\(data.count) bytes)")
            if let keep = ProcessInfo.processInfo.environment["DRAFTFORGE_SCREENSHOTS"] {
                try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(atPath: keep + "/" + name)
                try FileManager.default.copyItem(at: file, to: URL(fileURLWithPath: keep).appendingPathComponent(name))
            }
        }
    }
}
