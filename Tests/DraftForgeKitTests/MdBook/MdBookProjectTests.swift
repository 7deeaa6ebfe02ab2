import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// A folder with book.toml and no draftforge.yml builds as the mdBook it is: metadata from
/// book.toml, chapters from SUMMARY.md in nested folders, nested in every table of contents.
@Suite("mdBook projects")
struct MdBookProjectTests {
    static let bookTOML = """
        [book]
        title = "The Nested Book"
        authors = ["Ann Author", "Bo Writer"]
        description = "A book kept for mdBook"
        language = "fr"
        src = "text"

        [rust]
        edition = "2021"

        [output.html]
        smart-punctuation = true
        edit-url-template = "https://github.com/me/book/edit/main/{path}"
        additional-css = ["custom.css"]

        [output.html.code.hidelines]
        python = "~"

        [output.html.redirect]
        "/old/setup.html" = "../guide/index.html#start"

        [preprocessor.links]

        [preprocessor.my-helper]
        command = "my-helper"

        [output.linkcheck]
        """

    static let summary = """
        # Summary

        [Introduction](README.md)

        # Guide

        - [Guide](guide/README.md)
            - [Setup](guide/setup.md)
                - [Deep](guide/deep/deeper.md)
            - [Coming soon]()
        - [Usage](usage.md)

        ---

        [Thanks](misc/thanks.md)
        """

    static func project(_ extra: [String: String] = [:]) throws -> TestManuscript {
        var files = [
            "book.toml": bookTOML,
            "text/SUMMARY.md": summary,
            "text/README.md": "# Welcome\n\nSee [setup](guide/setup.html#install) and [usage](./usage.md).\n",
            "text/guide/README.md": "# The guide\n\n![Map](../images/map.png)\n",
            "text/guide/setup.md": "## Install\n\n\"Quoted\" text.\n\n```python\n~import os\nprint(1)\n```\n",
            "text/guide/deep/deeper.md": "# Deeper\n\nBack to [the guide](../README.md).\n",
            "text/usage.md": "# Usage\n\nUse it.\n",
            "text/misc/thanks.md": "# Thanks\n\nTo all.\n",
            "text/unlisted.md": "# Not in the summary\n",
        ]
        for (path, text) in extra { files[path] = text }
        let manuscript = try TestManuscript(files)
        try manuscript.write("text/images/map.png", TestImage.png(width: 4, height: 4))
        return manuscript
    }

    @Test func bookTOMLAndTheSummaryMakeTheManuscript() throws {
        let book = try Self.project()
        let (manuscript, diagnostics) = try book.loadManuscript()
        let config = manuscript.config
        #expect(config.file == "book.toml")
        #expect(config.title == "The Nested Book")
        #expect(config.authors == ["Ann Author", "Bo Writer"])
        #expect(config.language == "fr")
        #expect(config.chaptersDirectory == "text")
        #expect(config.smartPunctuation)
        #expect(config.site.editURL == "https://github.com/me/book/edit/main/{path}")
        #expect(config.hiddenLinePrefixes == ["python": "~"])
        #expect(manuscript.chapters.map(\.path) == [
            "text/README.md", "text/guide/README.md", "text/guide/setup.md", "text/guide/deep/deeper.md",
            "text/usage.md", "text/misc/thanks.md",
        ])
        #expect(manuscript.chapters.map(\.outlineLevel) == [0, 0, 1, 2, 0, 0])
        #expect(manuscript.chapters.map(\.outlineNumber) == [nil, [1], [1, 1], [1, 1, 1], [2], nil])
        #expect(manuscript.chapters.map(\.partIndex) == [nil, 0, 0, 0, 0, nil])
        #expect(manuscript.parts.map(\.title) == ["Guide"])
        // The summary's titles name the chapters, as in mdBook's sidebar.
        #expect(manuscript.chapters.map(\.frontMatter.title) == ["Introduction", "Guide", "Setup", "Deep", "Usage", "Thanks"])
        // Only the custom preprocessor and renderer are warned about, each at its line; files
        // the summary does not list are not chapters, as in mdBook.
        #expect(diagnostics.map { "\($0.location?.description ?? "") \($0.code)" } == [
            "book.toml:24 config.not-run", "book.toml:27 config.not-run",
        ])
        #expect(diagnostics.first?.message == "custom preprocessor 'my-helper' is not run; its syntax will print as written")
        #expect(diagnostics.last?.message == "custom renderer 'linkcheck' is not run; DraftForge writes its own formats")
    }

    @Test func everyFormatNestsTheSectionsAndLinksResolve() throws {
        let book = try Self.project()
        let result = try book.build()
        #expect(result.diagnostics.filter { $0.severity != .info }.map(\.code) == ["config.not-run", "config.not-run"])

        let epub = try EPUBContents(book.dist.appendingPathComponent("the-nested-book.epub"))
        let nav = try #require(epub["OEBPS/nav.xhtml"])
        #expect(nav.contains("""
            <li><a href="part-1.xhtml">Guide</a>
            <ol>
            <li><a href="text/guide-readme.xhtml">1. Guide</a>
            <ol>
            <li><a href="text/guide-setup.xhtml">1.1. Setup</a>
            <ol>
            <li><a href="text/guide-deep-deeper.xhtml">1.1.1. Deep</a></li>
            </ol>
            </li>
            </ol>
            </li>
            <li><a href="text/usage.xhtml">2. Usage</a></li>
            </ol>
            </li>
            <li><a href="text/misc-thanks.xhtml">Thanks</a></li>
            """), "\(nav)")
        let ncx = try #require(epub["OEBPS/toc.ncx"])
        #expect(ncx.contains(#"<meta name="dtb:depth" content="4"/>"#))
        let intro = try #require(epub["OEBPS/text/readme.xhtml"])
        #expect(intro.contains(#"<a href="guide-setup.xhtml#install">setup</a>"#), "\(intro)")
        #expect(intro.contains(#"<a href="usage.xhtml">usage</a>"#))
        let setup = try #require(epub["OEBPS/text/guide-setup.xhtml"])
        #expect(setup.contains("«\u{202F}Quoted\u{202F}»"), "smart-punctuation = true, in the book's language (fr)")
        let setupText = setup.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        #expect(setupText.contains("print(1)") && !setupText.contains("import os"), "python lines starting with ~ are hidden")
        let guide = try #require(epub["OEBPS/text/guide-readme.xhtml"])
        #expect(guide.contains(#"src="../images/map.png""#), "\(guide)")
        let deeper = try #require(epub["OEBPS/text/guide-deep-deeper.xhtml"])
        #expect(deeper.contains(#"<a href="guide-readme.xhtml">the guide</a>"#), "\(deeper)")

        let site = book.dist.appendingPathComponent("html")
        let page = try String(contentsOf: site.appendingPathComponent("guide-setup.html"), encoding: .utf8)
        #expect(page.contains("<ol class=\"df-toc-children\">"), "the site's sidebar nests sections")
        #expect(page.contains("https://github.com/me/book/edit/main/text/guide/setup.md"))
        let redirect = try String(contentsOf: site.appendingPathComponent("old/setup.html"), encoding: .utf8)
        #expect(redirect.contains(#"<meta http-equiv="refresh" content="0; URL=../guide-readme.html#start">"#), "\(redirect)")
    }

    /// With `mathjax-support` the math MathJax would typeset is MathML; without it mdBook shows
    /// dollars and backslashes as written, and so does DraftForge.
    @Test func mathFollowsMathJaxSupport() throws {
        let usage = #"""
            # Usage

            Inline \\( x_1 \\, y \\) and $5 to $z$.

            $$
            \\begin{matrix} a \\\\ b \\end{matrix}
            $$

            """#
        let withMathJax = try Self.project([
            "book.toml": Self.bookTOML.replacingOccurrences(of: "[output.html]\n", with: "[output.html]\nmathjax-support = true\n"),
            "text/usage.md": usage,
        ])
        #expect(try withMathJax.loadManuscript().0.config.math == .mathJax)
        let result = try withMathJax.build()
        #expect(!result.diagnostics.contains { $0.code.hasPrefix("render.math") })
        let page = try #require(try EPUBContents(withMathJax.dist.appendingPathComponent("the-nested-book.epub"))["OEBPS/text/usage.xhtml"])
        #expect(page.contains(#"alttext="x_1 \, y""#), "\(page)")
        #expect(page.contains(#"alttext="\begin{matrix} a \\ b \end{matrix}""#), "\(page)")
        #expect(page.contains("$5 to $z$."), "a single dollar is text for MathJax")

        let without = try Self.project(["text/usage.md": usage])
        _ = try without.build()
        let plain = try #require(try EPUBContents(without.dist.appendingPathComponent("the-nested-book.epub"))["OEBPS/text/usage.xhtml"])
        #expect(!plain.contains("<math"))
        #expect(plain.contains(#"Inline \( x_1 \, y \) and $5 to $z$."#), "\(plain)")
    }

    @Test func draftforgeYMLBesideBookTOMLAddsAndOverrides() throws {
        let book = try Self.project(["draftforge.yml": "title: Another Title\ntarget_word_count: 50000\n"])
        let (manuscript, _) = try book.loadManuscript()
        #expect(manuscript.config.title == "Another Title")
        #expect(manuscript.config.slug == "another-title")
        #expect(manuscript.config.targetWordCount == 50000)
        #expect(manuscript.config.authors == ["Ann Author", "Bo Writer"], "the rest still comes from book.toml")
        #expect(manuscript.chapters.count == 6, "the chapters still come from SUMMARY.md")
    }

    @Test func aMissingChapterFileIsAnErrorAtItsSummaryLineAndNothingIsWritten() throws {
        let book = try Self.project()
        try FileManager.default.removeItem(at: book.url("text/usage.md"))
        let failure = try #require(book.failure())
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.code == "load.outline-missing-chapter")
        #expect(error.location?.description == "text/SUMMARY.md:11")
        #expect(error.message == "the summary lists 'usage.md', but text/usage.md does not exist")
        #expect(!FileManager.default.fileExists(atPath: book.dist.path))
    }

    @Test func aChapterOutsideTheSourceFolderIsRefused() throws {
        let book = try Self.project(["text/SUMMARY.md": "- [Secret](../../etc/passwd.md)\n- [Hidden](.git/notes.md)\n"])
        try book.write("text/.git/notes.md", "# Hidden\n")
        let failure = try #require(book.failure())
        #expect(failure.diagnostics.filter { $0.severity == .error }.map(\.code) == ["load.outline-missing-chapter"])
        try FileManager.default.removeItem(at: book.url("text/SUMMARY.md"))
        try book.write("text/SUMMARY.md", "- [Hidden](.git/notes.md)\n")
        let hidden = try #require(book.failure())
        #expect(hidden.diagnostics.first { $0.severity == .error }?.code == "load.outside-root")
        #expect(hidden.diagnostics.first { $0.severity == .error }?.location?.description == "text/SUMMARY.md:1")
    }

    @Test func withoutASummaryTheBookSaysWhereItLooked() throws {
        let book = try Self.project()
        try FileManager.default.removeItem(at: book.url("text/SUMMARY.md"))
        let failure = try #require(book.failure())
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.code == "load.chapters-missing")
        #expect(error.message == "the mdBook has no text/SUMMARY.md, which lists its chapters")
    }

    @Test func aBadValueInBookTOMLIsAnErrorAtItsLine() throws {
        let book = try Self.project(["book.toml": "[book]\ntitle = 3\n"])
        let failure = try #require(book.failure())
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.code == "config.type")
        #expect(error.location?.description == "book.toml:2")
        #expect(error.message == "'book.title' must be a string")
    }

    @Test func aRedirectMustStayInsideTheSite() throws {
        let book = try Self.project(["book.toml": "[output.html.redirect]\n\"/../escape.html\" = \"index.html\"\n"])
        let failure = try #require(book.failure())
        #expect(failure.diagnostics.first { $0.severity == .error }?.code == "config.value")
        #expect(failure.diagnostics.first { $0.severity == .error }?.location?.description == "book.toml:2")
    }

    /// As mdBook builds it: an include that cannot run leaves the listing out, with a warning;
    /// a DraftForge manuscript (draftforge.yml beside book.toml) keeps includes strict.
    @Test func anIncludeThatCannotRunIsAWarningInAnMdBookAndAnErrorWithDraftForgeYML() throws {
        let usage = "# Usage\n\n```rust\n{{#include ../listings/gone.rs}}\n```\n\nAfter.\n"
        let book = try Self.project(["text/usage.md": usage])
        let result = try book.build()
        let warning = try #require(result.diagnostics.first { $0.code == "load.include-missing" })
        #expect(warning.severity == .warning)
        #expect(warning.location?.description == "text/usage.md:4:1")
        #expect(warning.message.hasSuffix("; the listing is left out, as mdBook leaves it"), "\(warning.message)")
        let epub = try EPUBContents(book.dist.appendingPathComponent("the-nested-book.epub"))
        let page = try #require(epub["OEBPS/text/usage.xhtml"])
        #expect(!page.contains("{{#") && page.contains("After."))

        let strict = try Self.project(["text/usage.md": usage, "draftforge.yml": "title: Strict\n"])
        let failure = try #require(strict.failure())
        #expect(failure.diagnostics.first { $0.code == "load.include-missing" }?.severity == .error)
    }

    /// mdBook's own guide, as upstream keeps it: every chapter of its summary, in order and
    /// nested, nothing of a directive left but what the source escaped, and a warning for each
    /// thing it cannot do (the custom preprocessor; two listings from the mdBook repository,
    /// outside the guide's folder, which the corpus does not hold), and for each heading of the
    /// guide that skips a level (true: `#` then `####` in the command pages).
    @Test(.corpus) func mdBooksOwnGuideBuildsAsItIs() throws {
        let guide = sharedFolder.appendingPathComponent("corpus/mdbook-guide")
        let output = try TestManuscript()
        let result = try Pipeline.build(BuildOptions(root: guide, outputDirectory: output.root, formats: [.epub, .html]))
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(result.diagnostics.filter { $0.severity == .warning }.map { "\($0.code) \($0.location?.description ?? "")" } == [
            "config.not-run book.toml:37",
            "load.outside-root src/for_developers/preprocessors.md:42:1",
            "load.outside-root src/for_developers/preprocessors.md:69:1",
        ] + [
            "src/cli/init.md:32:1", "src/cli/build.md:16:1", "src/cli/watch.md:9:1", "src/cli/serve.md:18:1",
            "src/cli/test.md:11:1", "src/cli/clean.md:10:1", "src/format/summary.md:12:1", "src/format/mathjax.md:24:1",
        ].map { "accessibility.heading-skip " + $0 })
        let summary = try BookSummary.read(
            try String(contentsOf: guide.appendingPathComponent("src/SUMMARY.md"), encoding: .utf8), file: "src/SUMMARY.md")
        let listed = summary.chapters.compactMap(\.path)
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        let nav = try #require(epub["OEBPS/nav.xhtml"])
        let order = listed.map { path in nav.range(of: "text/" + Slug.fileStem(String(path.dropLast(3))) + ".xhtml")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil }, "every chapter of the summary is in the table of contents")
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "in the summary's order")
        #expect(nav.contains("<li><a href=\"text/format-configuration-general.xhtml\">5.2.1. General</a></li>"))
        // What is left of directives is what the source escaped, and two that are not directives.
        let escaped = try listed.map { try String(contentsOf: guide.appendingPathComponent("src/" + $0), encoding: .utf8) }
            .joined().components(separatedBy: "\\{{#").count - 1
        let pages = epub.names.filter { $0.hasPrefix("OEBPS/text/") }.compactMap { epub[$0] }.joined()
        #expect(pages.components(separatedBy: "{{#").count - 1 == escaped + 2, "only escaped directives, {{#include}}d and {{#toc}}")
    }

    @Test func sectionsOfDifferentChaptersMayShareATitle() throws {
        let book = try Self.project([
            "text/SUMMARY.md": "- [A](a.md)\n    - [Setup](a/setup.md)\n- [B](b.md)\n    - [Setup](b/setup.md)\n- [Setup](setup.md)\n",
            "text/a.md": "# A\n\nText.\n", "text/a/setup.md": "# Setup\n\nText.\n",
            "text/b.md": "# B\n\nText.\n", "text/b/setup.md": "# Setup\n\nText.\n", "text/setup.md": "# Setup\n\nText.\n",
        ])
        let result = try book.build()
        #expect(result.diagnostics.filter { $0.code == "manuscript.duplicate-title" }.isEmpty)
    }
}
