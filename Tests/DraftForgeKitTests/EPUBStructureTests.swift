import Foundation
import Testing
@testable import DraftForgeKit

/// What stores and older readers expect beyond a valid package: toc.ncx, front and back matter
/// semantics, a copyright page, series and contributor metadata, fonts, template overrides.
@Suite("EPUB structure")
struct EPUBStructureTests {
    private func build(_ files: [String: String], config: String) throws -> EPUBContents {
        let manuscript = try TestManuscript.minimal(files, config: config)
        return try EPUBContents(try manuscript.build().outputs[0].url)
    }

    @Test func ncxMirrorsTheTableOfContents() throws {
        let epub = try build(
            ["chapters/02-two.md": "# Two\n"],
            config: "title: T\noutline:\n  - part: Part One\n    chapters: [01-one, 02-two]\n")
        let ncx = try #require(epub["OEBPS/toc.ncx"])
        #expect(ncx.contains(#"<meta name="dtb:uid" content="urn:uuid:"#))
        #expect(ncx.contains(#"<meta name="dtb:depth" content="2"/>"#))
        #expect(ncx.contains("""
            <navPoint id="nav-1" playOrder="1">
            <navLabel><text>Part One</text></navLabel>
            <content src="part-1.xhtml"/>
            <navPoint id="nav-2" playOrder="2">
            <navLabel><text>One</text></navLabel>
            <content src="text/01-one.xhtml"/>
            """))
        #expect(ncx.contains(#"<content src="text/02-two.xhtml"/>"#))
        let opf = try #require(epub["OEBPS/content.opf"])
        #expect(opf.contains(#"<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>"#))
        #expect(opf.contains(#"<spine toc="ncx">"#))
        #expect(XMLCheck.problem(in: ncx) == nil)
    }

    @Test func frontAndBackMatterAreMarkedAndLandmarked() throws {
        let epub = try build(
            [
                "chapters/00-dedication.md": "For M.\n",
                "chapters/00b-opening.md": "---\ntype: epigraph\n---\nA quote.\n",
                "chapters/02-two.md": "# Two\n",
                "chapters/03-thanks.md": "# Thanks\n",
                "chapters/04-about-the-author.md": "# About\n",
            ],
            config: """
                title: T
                outline: [00-dedication, 00b-opening, 01-one, 02-two, {acknowledgements: 03-thanks}, 04-about-the-author]
                """)
        func chapter(_ name: String) -> String { epub["OEBPS/text/\(name).xhtml"] ?? "" }
        #expect(chapter("00-dedication").contains(#"<body epub:type="frontmatter">"#))
        #expect(chapter("00-dedication").contains(#"<section class="dedication" epub:type="dedication" role="doc-dedication">"#))
        #expect(chapter("00b-opening").contains(#"epub:type="epigraph" role="doc-epigraph""#))
        #expect(chapter("01-one").contains(#"<body epub:type="bodymatter">"#))
        #expect(chapter("01-one").contains(#"<section class="chapter" epub:type="chapter" role="doc-chapter">"#))
        #expect(chapter("03-thanks").contains(#"<body epub:type="backmatter">"#))
        #expect(chapter("03-thanks").contains(#"epub:type="acknowledgments" role="doc-acknowledgments""#))
        #expect(chapter("04-about-the-author").contains(#"<section class="about-the-author">"#))
        let nav = try #require(epub["OEBPS/nav.xhtml"])
        #expect(nav.contains(#"<a epub:type="bodymatter" href="text/01-one.xhtml">"#))
        #expect(nav.contains(#"<a epub:type="backmatter" href="text/03-thanks.xhtml">"#))
        #expect(nav.contains(#"<a epub:type="copyright-page" href="copyright.xhtml">"#))
    }

    @Test func matterIsRecognisedByFileName() {
        #expect(MatterType.detect(fileName: "00-preface") == .preface)
        #expect(MatterType.detect(fileName: "acknowledgments") == .acknowledgements)
        #expect(MatterType.detect(fileName: "99_also-by") == .alsoBy)
        #expect(MatterType.detect(fileName: "98 About_the author") == .aboutTheAuthor)
        #expect(MatterType.detect(fileName: "0100-a-tale-of-two-cities-1-39-chapter-v") == nil)
        #expect(MatterType.detect(fileName: "01-acknowledgements-and-more") == nil)
        #expect(MatterType.detect(fileName: "01-arrival") == nil)
    }

    @Test func copyrightPageComesFromTheConfig() throws {
        let epub = try build([:], config: """
            title: Salt
            authors: [Ann One, Bob Two, Cy Three]
            identifier: "ISBN 978-0-306-40615-7"
            publisher: Harbour Press
            edition: First edition, 2026
            date: 2026-03-01
            series: {name: The Point, position: 2}
            contributors: [{name: Ed Itor, role: editor}]
            """)
        let page = try #require(epub["OEBPS/copyright.xhtml"])
        for expected in [
            #"<section class="copyright" epub:type="copyright-page">"#, "<p>Copyright © 2026 Ann One, Bob Two and Cy Three</p>",
            #"<p class="edition">First edition, 2026</p>"#, #"<p class="isbn">ISBN 9780306406157</p>"#,
            #"<p class="publisher">Published by Harbour Press</p>"#, #"<p class="series">The Point, book 2</p>"#,
            #"<p class="contributor">Editor: Ed Itor</p>"#,
        ] {
            #expect(page.contains(expected), "copyright page lacks \(expected)")
        }
        let withRights = try build([:], config: "title: S\nrights: All rights reserved.\n")
        #expect(withRights["OEBPS/copyright.xhtml"]?.contains("<p>All rights reserved.</p>") == true)
        #expect(withRights["OEBPS/copyright.xhtml"]?.contains("Copyright ©") == false)
    }

    @Test func seriesAndContributorsInTheMetadata() throws {
        let epub = try build([:], config: """
            title: S
            series: {name: The Point, position: 2.5}
            contributors: [{name: Ed Itor, role: editor}, {name: Tra Nslator, role: translator}, {name: Ill Ustrator, role: illustrator}, {name: Co Ver, role: cover designer}]
            """)
        let opf = try #require(epub["OEBPS/content.opf"])
        for expected in [
            #"<meta property="belongs-to-collection" id="series">The Point</meta>"#,
            ##"<meta refines="#series" property="collection-type">series</meta>"##,
            ##"<meta refines="#series" property="group-position">2.5</meta>"##,
            #"<dc:contributor id="contributor-1">Ed Itor</dc:contributor>"#,
            ##"<meta refines="#contributor-1" property="role" scheme="marc:relators">edt</meta>"##,
            ##"<meta refines="#contributor-2" property="role" scheme="marc:relators">trl</meta>"##,
            ##"<meta refines="#contributor-3" property="role" scheme="marc:relators">ill</meta>"##,
            ##"<meta refines="#contributor-4" property="role" scheme="marc:relators">cov</meta>"##,
        ] {
            #expect(opf.contains(expected), "content.opf lacks \(expected)")
        }
    }

    @Test func fontsAreEmbeddedWithFontFaceRules() throws {
        let manuscript = try TestManuscript.minimal(
            ["fonts/Literata-BoldItalic.ttf": "font bytes"],
            config: "title: T\nfonts: [fonts/Literata-BoldItalic.ttf]\n")
        let epub = try EPUBContents(try manuscript.build().outputs[0].url)
        #expect(epub["OEBPS/fonts/literata-bolditalic.ttf"] == "font bytes")
        #expect(epub["OEBPS/content.opf"]?.contains(#"<item id="font-1" href="fonts/literata-bolditalic.ttf" media-type="font/ttf"/>"#) == true)
        let css = try #require(epub["OEBPS/styles/book.css"])
        #expect(css.contains("""
            @font-face {
              font-family: "Literata";
              font-weight: 700;
              font-style: italic;
              src: url("../fonts/literata-bolditalic.ttf");
            }
            """))
    }

    @Test func missingFontIsBadInput() throws {
        let manuscript = try TestManuscript.minimal(config: "title: T\nfonts:\n  - fonts/gone.otf\n")
        let failure = try #require(manuscript.failure())
        #expect(failure.exitCode == 2)
        #expect(failure.diagnostics.last?.location == SourceLocation(file: "draftforge.yml", line: 3, column: 5))
    }

    @Test func templatesFolderOverridesByName() throws {
        let manuscript = try TestManuscript.minimal(
            [
                "templates/chapter.xhtml.mustache": """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <html xmlns="http://www.w3.org/1999/xhtml" lang="{{language}}"><head><title>{{title}}</title></head>
                    <body><main class="custom">{{{body}}}</main></body></html>
                    """,
                "templates/epub.css": "body { color: black; }\n",
                "templates/chapter.xhtm.mustache": "typo\n",
            ],
            config: "title: T\ncss: extra.css\n")
        try manuscript.write("extra.css", "p { margin: 0; }\n")
        let result = try manuscript.build()
        let epub = try EPUBContents(result.outputs[0].url)
        #expect(epub["OEBPS/text/01-one.xhtml"]?.contains(#"<main class="custom"><h1 id="one">One</h1>"#) == true)
        #expect(epub["OEBPS/styles/book.css"] == "body { color: black; }\n\n/* extra.css */\np { margin: 0; }\n")
        #expect(result.diagnostics.map(\.code) == ["config.template-unused"])
        #expect(result.diagnostics.first?.location?.file == "templates/chapter.xhtm.mustache")
    }

    /// The body's bytes go into the page in place of a marker; a template that escapes the
    /// body, shows it twice or not at all renders as Mustache says.
    @Test(arguments: [
        ("<p>{{{body}}}</p>", "<p><h1 id=\"one\">One</h1>"),
        ("<p>{{body}}</p>", "<p>&lt;h1 id=&quot;one&quot;&gt;One&lt;/h1&gt;"),
        ("<p>{{{body}}}</p><p>{{{body}}}</p>", "</p><p><h1 id=\"one\">One</h1>"),
        ("<p>no body</p>", "<p>no body</p>"),
    ])
    func chapterBodyGoesWhereTheTemplatePutsIt(template: String, expected: String) throws {
        let manuscript = try TestManuscript.minimal(["templates/chapter.xhtml.mustache": template + "\n"])
        let epub = try EPUBContents(try manuscript.build().outputs[0].url)
        let page = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(page.contains(expected))
        #expect(!page.contains("draftforge"))
    }

    @Test func pageWithBodyReplacesExactlyOneMarker() {
        let marker = EPUBPackager.bodyMarker
        let body = Array("<p>é</p>".utf8)
        #expect(EPUBPackager.page("<a>\(marker)</a>", with: body) == Data("<a><p>é</p></a>".utf8))
        #expect(EPUBPackager.page("\(marker)", with: []) == Data())
        #expect(EPUBPackager.page("<a>\(marker)\(marker)</a>", with: body) == nil)
        #expect(EPUBPackager.page("<a></a>", with: body) == nil)
    }

    @Test func brokenTemplateIsBadInputNamingTheFile() throws {
        let manuscript = try TestManuscript.minimal(["templates/nav.xhtml.mustache": "{{#toc}} never closed\n"])
        let failure = try #require(manuscript.failure())
        #expect(failure.exitCode == 2)
        #expect(failure.diagnostics.last?.code == "config.template")
        #expect(failure.diagnostics.last?.location?.file == "templates/nav.xhtml.mustache")
    }
}
