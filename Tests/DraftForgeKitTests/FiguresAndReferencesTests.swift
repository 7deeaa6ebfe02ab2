import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// Pandoc's heading attributes and table captions, figures, and links whose text is the title or
/// number of what they point to.
@Suite("Figures and cross-references")
struct FiguresAndReferencesTests {
    static let chapters = [
        "chapters/01-one.md": """
            # Getting started {#sec:start .intro}

            See [](#sec:start), [](#fig:map), [](02-two.md#fig:other) and [the map](#fig:map).
            Braces that are not attributes stay: {not attributes} and {#two ids #here}.

            ![A map of the island](images/m.svg){#fig:map}

            | a | b |
            |---|---|
            | 1 | 2 |

            Table: The *numbers* so far.
            """,
        "chapters/02-two.md": """
            # Two

            ![Other one](images/m.svg){#fig:other}

            ![](images/m.svg)

            An image ![inline](images/m.svg) in text is no figure.

            ![Second](images/m.svg "With a title")
            """,
    ]

    static func book(config: String = "title: Test Book\n") throws -> TestManuscript {
        var files = chapters
        files["draftforge.yml"] = config
        files["chapters/images/m.svg"] = #"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#
        return try TestManuscript(files)
    }

    @Test func attributeBlocksAreReadAndTakenOutOfTheText() {
        #expect(PandocSyntax.trailingBlock("Start {#sec:start .intro .big}")?.0 == "Start")
        #expect(PandocSyntax.trailingBlock("Start {#sec:start .intro .big}")?.1 == NodeAttributes(id: "sec:start", classes: ["intro", "big"]))
        #expect(PandocSyntax.trailingBlock("{.only}")?.1 == NodeAttributes(id: nil, classes: ["only"]))
        #expect(PandocSyntax.trailingBlock("Start{#glued}") == nil, "a block needs a space before it")
        #expect(PandocSyntax.trailingBlock("Set {a, b}") == nil)
        #expect(PandocSyntax.trailingBlock("Two {#a #b}") == nil)
        #expect(PandocSyntax.trailingBlock("Key {#a key=value}") == nil)
        #expect(PandocSyntax.leadingBlock("{#fig:map} and more")?.1 == " and more")
    }

    @Test func headingsFiguresCaptionsAndEmptyLinksInTheEPUB() throws {
        let manuscript = try Self.book()
        let result = try manuscript.build()
        // The uncaptioned image has no text alternative, which the accessibility check says.
        #expect(result.diagnostics.filter { $0.severity != .info }.map { "\($0.code) \($0.location?.description ?? "")" }
            == ["accessibility.image-alt chapters/02-two.md:5:1"], "\(result.diagnostics)")
        let epub = try EPUBContents(manuscript.dist.appendingPathComponent("test-book.epub"))
        let one = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(one.contains(#"<h1 id="secstart" class="intro">Getting started</h1>"#), "\(one)")
        #expect(one.contains(##"See <a href="#secstart">Getting started</a>, <a href="#figmap">A map of the island</a>, <a href="02-two.xhtml#figother">Other one</a> and <a href="#figmap">the map</a>."##), "\(one)")
        #expect(one.contains("{not attributes} and {#two ids #here}."))
        #expect(one.contains("""
            <figure id="figmap">
            <img src="../images/m.svg" alt="A map of the island"/>
            <figcaption>A map of the island</figcaption>
            </figure>
            """))
        #expect(one.contains("<table>\n<caption>The <em>numbers</em> so far.</caption>"))
        #expect(!one.contains("Table:"))
        let two = try #require(epub["OEBPS/text/02-two.xhtml"])
        #expect(two.contains(#"<p><img src="../images/m.svg" alt="" role="presentation"/></p>"#), "no caption, no figure")
        #expect(two.contains(#"<p>An image <img src="../images/m.svg" alt="inline"/> in text is no figure.</p>"#))
        #expect(two.contains("<figcaption>With a title</figcaption>"))
        // The attribute block and the caption's marker are not words of the chapter.
        let (book, _) = try manuscript.render()
        let prose = book.chapters[0].text.blocks.map { String(String.UnicodeScalarView($0.text)) }.joined(separator: " ")
        #expect(!prose.contains("sec:start") && !prose.contains("Table:"), "\(prose)")
        #expect(prose.contains("numbers so far"))
    }

    @Test(arguments: [("chapter", ["1.1", "2.1", "2.2"]), ("book", ["1", "2", "3"])])
    func figuresAreNumberedPerChapterOrThroughTheBook(_ numbering: String, _ numbers: [String]) throws {
        let manuscript = try Self.book(config: "title: Test Book\nfigures:\n  numbered: true\n  numbering: \(numbering)\n")
        let (book, _) = try manuscript.render()
        let pages = book.chapters.map(\.xhtml).joined()
        let found = pages.components(separatedBy: #"<span class="figure-number">Figure "#).dropFirst().map { $0.prefix { $0 != ":" } }
        #expect(found.map(String.init) == numbers)
        #expect(book.chapters[0].xhtml.contains(##"<a href="#figmap">Figure \##(numbers[0])</a>"##), "\(book.chapters[0].xhtml)")
    }

    @Test func theFigureOptionsAreChecked() throws {
        let manuscript = try Self.book(config: "title: Test Book\nfigures:\n  numbering: chapters\n")
        let failure = try #require(manuscript.failure())
        #expect(failure.diagnostics.first?.code == "config.value")
        #expect(failure.diagnostics.first?.location?.line == 3)
    }
}
