import Foundation
import Testing
@testable import DraftForgeKit

/// Chapter openings as novels set them: the number, a subtitle, an epigraph, a drop cap and a
/// first line in small capitals; and the scene-break ornament.
@Suite("Chapter openings")
struct ChapterOpeningTests {
    static let files = [
        "draftforge.yml": """
            title: Harrow
            authors: [Ann Author]
            chapter_opening:
              number: words
              drop_cap: true
              small_caps: true
            scene_break: "❦ \\"x\\""
            """,
        "chapters/00-prologue.md": "# Before\n\nFog over the Point.\n",
        "chapters/01-arrival.md": """
            ---
            subtitle: Harrow Point, 1890
            epigraph: The sea has neither meaning nor pity.
            epigraph_source: Anton Chekhov
            ---
            # Arrival

            The railway ran out at Polwenna.

            ***

            Later, the sea.
            """,
        "chapters/02-untitled.md": "The wind rose in the night.\n",
    ]

    @Test(arguments: [
        (ManuscriptConfig.ChapterOpening.Numbering.words, "en", nil, 21, "Chapter Twenty-One"),
        (.words, "en", nil, 101, "Chapter One Hundred One"),
        (.figures, "en", nil, 3, "Chapter 3"),
        (.roman, "en", nil, 14, "Chapter XIV"),
        (.words, "fr", nil, 2, "Chapitre 2"),
        (.figures, "ja", nil, 5, "第5章"),
        (.roman, "de", "Teil", 4, "Teil IV"),
        (.figures, "en", "", 7, "7"),
    ] as [(ManuscriptConfig.ChapterOpening.Numbering, String, String?, Int, String)])
    func theNumberReadsAsTheLanguageWritesIt(
        _ numbering: ManuscriptConfig.ChapterOpening.Numbering, _ language: String, _ label: String?, _ number: Int,
        _ expected: String
    ) {
        var options = ManuscriptConfig.ChapterOpening()
        options.number = numbering
        options.label = label
        #expect(ChapterOpeningRenderer(options: options, language: language).label(number) == expected)
    }

    @Test func storyChaptersOpenWithNumberSubtitleEpigraphAndFirstParagraph() throws {
        let manuscript = try TestManuscript(Self.files)
        let (book, diagnostics) = try manuscript.render()
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let prologue = book.chapters[0].xhtml
        #expect(!prologue.contains("df-chapter-number") && !prologue.contains("df-drop-cap"), "matter is not numbered")
        let arrival = book.chapters[1].xhtml
        #expect(arrival.contains(#"<p class="df-chapter-number">Chapter One</p><h1 id="arrival">Arrival</h1><p class="df-chapter-subtitle">Harrow Point, 1890</p><blockquote class="df-chapter-epigraph" role="doc-epigraph"><p>The sea has neither meaning nor pity.</p><p class="df-epigraph-source">— Anton Chekhov</p></blockquote>"#), "\(arrival)")
        #expect(arrival.contains(#"<p class="df-drop-cap df-small-caps">The railway ran out"#))
        #expect(arrival.contains("<p>Later, the sea.</p>"), "only the first paragraph")
        let untitled = book.chapters[2]
        #expect(untitled.title == "Chapter Two")
        #expect(untitled.xhtml.hasPrefix("<h1>Chapter Two</h1>"), "the number is the title: \(untitled.xhtml)")
        #expect(!untitled.xhtml.contains("df-chapter-number"))
    }

    @Test func theStylesheetsSetTheOpeningAndTheOrnament() throws {
        let manuscript = try TestManuscript(Self.files)
        let result = try manuscript.build()
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        let css = try #require(epub["OEBPS/styles/book.css"])
        #expect(css.contains("p.df-drop-cap::first-letter"))
        #expect(css.contains(#"hr::after { content: "❦ \"x\""; letter-spacing: normal; }"#), "the glyph, escaped")
        #expect(css.contains("hr { break-before: avoid;"), "never alone at a page's edge")
        let nav = try #require(epub["OEBPS/nav.xhtml"])
        #expect(nav.contains(">Chapter Two</a>"))
        let site = try String(contentsOf: manuscript.dist.appendingPathComponent("html/site.css"), encoding: .utf8)
        #expect(site.contains("p.df-small-caps::first-line") && site.contains("hr::after"))
    }

    @Test func aPlainBookGetsNoOpeningRules() throws {
        let manuscript = try TestManuscript.minimal()
        let result = try manuscript.build()
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        let css = try #require(epub["OEBPS/styles/book.css"])
        #expect(!css.contains("df-chapter-number") && !css.contains("/* scene_break */"))
    }

    @Test func aBadOpeningIsReportedAtItsLine() throws {
        let manuscript = try TestManuscript.minimal(config: "title: T\nchapter_opening:\n  number: spelled\n")
        let failure = try #require(throws: BuildFailure.self) { try manuscript.build() }
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.location?.description == "draftforge.yml:3:11", "\(error)")
        #expect(error.message.contains("words") && error.message.contains("roman"), "\(error.message)")
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.path), "nothing written")

        let long = try TestManuscript.minimal(config: "title: T\nscene_break: \"* * * * * * * * * *\"\n")
        let tooLong = try #require(throws: BuildFailure.self) { try long.build() }
        let message = try #require(tooLong.diagnostics.first { $0.severity == .error })
        #expect(message.location?.description == "draftforge.yml:2:14", "\(message)")
        #expect(message.message.hasPrefix("scene_break must be a glyph"))

        let unknown = try TestManuscript.minimal(config: "title: T\nchapter_opening:\n  dropcap: true\n")
        let result = try unknown.build()
        #expect(result.diagnostics.contains { $0.severity == .warning && $0.location?.line == 3 && $0.message.contains("dropcap") })
    }

    @Test(.externalTools) func epubCheckAndTheNuCheckerPassIt() throws {
        try expectEPUBCheckAndNuPass(try TestManuscript(Self.files), sitePages: ["01-arrival.html", "02-untitled.html"])
    }
}
