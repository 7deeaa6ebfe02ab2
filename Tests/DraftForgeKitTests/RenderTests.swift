import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// Renders one chapter and returns its body XHTML and the diagnostics.
func renderChapter(_ markdown: String, extraFiles: [String: String] = [:], smart: Bool = true) throws
    -> (body: String, diagnostics: [Diagnostic])
{
    var files = ["chapters/01-one.md": markdown]
    files.merge(extraFiles) { $1 }
    let manuscript = try TestManuscript.minimal(files, config: "title: T\nsmart_punctuation: \(smart)\n")
    let (book, diagnostics) = try manuscript.render()
    return (book.chapters[0].xhtml, diagnostics)
}

@Suite("Render: Markdown to XHTML")
struct RenderTests {
    @Test func headingsGetGitHubSlugIDsUniqueInTheBook() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "# Intro\n\n## Café & Bar\n\n## Café & Bar\n",
            "chapters/02-two.md": "# Intro\n",
        ])
        let (book, _) = try manuscript.render()
        #expect(book.chapters[0].xhtml.contains(#"<h1 id="intro">"#))
        #expect(book.chapters[0].xhtml.contains(#"<h2 id="café--bar">"#))
        #expect(book.chapters[0].xhtml.contains(#"<h2 id="café--bar-1">"#))
        #expect(book.chapters[1].xhtml.contains(#"<h1 id="intro--02-two">"#), "another chapter's id takes the file's name")
    }

    @Test func titleComesFromFrontMatterThenHeadingThenFileName() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: T\n",
            "chapters/01-a.md": "---\ntitle: Matter\n---\n# Heading\n",
            "chapters/02-b.md": "Text\n\n## Heading Two\n",
            "chapters/03-c.md": "Just text.\n",
        ])
        let (book, _) = try manuscript.render()
        #expect(book.chapters.map(\.title) == ["Matter", "Heading Two", "03-c"])
        #expect(book.chapters[2].xhtml.hasPrefix("<h1>03-c</h1>"))
    }

    @Test func footnotesBecomeEPUBNotesLinkedBothWays() throws {
        let (body, _) = try renderChapter("Text.[^a] More.[^b]\n\n[^a]: First note.\n\n[^b]: Second.\n\n    Another paragraph.\n")
        #expect(body.contains(##"<a href="#fn-a" id="fnref-a" epub:type="noteref" role="doc-noteref">1</a>"##))
        #expect(body.contains(#"<section class="footnotes" epub:type="footnotes" role="doc-endnotes">"#))
        #expect(body.contains(#"<aside id="fn-a" class="footnote" epub:type="footnote" role="doc-footnote">"#))
        #expect(body.contains(##"<p><a href="#fnref-a" class="footnote-number" role="doc-backlink">1.</a> First note.</p>"##))
        #expect(body.contains(#"<p>Another paragraph.</p>"#))
        #expect(!body.contains("footnote-backref"))
    }

    @Test func tablesUseClassesForAlignment() throws {
        let (body, _) = try renderChapter("| a | b |\n|:-|-:|\n| 1 | ~~2~~ |\n")
        #expect(body.contains(#"<th class="align-left">a</th>"#))
        #expect(body.contains(#"<td class="align-right"><del>2</del></td>"#))
        #expect(!body.contains("align=\""))
    }

    @Test func fencedCodeKeepsItsLanguage() throws {
        let (body, _) = try renderChapter("```rust,ignore\nfn main() {}\n```\n")
        #expect(body.contains(#"<pre><code class="language-rust"><span class="hl-keyword">fn</span> "#), "\(body)")
    }

    @Test func taskListsAndSmartPunctuation() throws {
        let (body, _) = try renderChapter("- [x] \"done\" -- it's\n- [ ] todo\n")
        #expect(body.contains(#"<input type="checkbox" checked="checked" disabled="disabled"/>"#))
        #expect(body.contains("“done” – it’s"))
        let (plain, _) = try renderChapter("\"quoted\"\n", smart: false)
        #expect(plain.contains("\"quoted\""))
    }

    @Test func goldenChapter() throws {
        let fixture = packageRoot.appendingPathComponent("Tests/DraftForgeKitTests/Fixtures/golden-chapter")
        let markdown = try String(contentsOf: fixture.appendingPathComponent("input.md"), encoding: .utf8)
        let (body, _) = try renderChapter(markdown)
        try Golden.verify(body, matches: fixture.appendingPathComponent("expected.xhtml"))
        #expect(XMLCheck.problem(in: "<body xmlns:epub=\"http://www.idpf.org/2007/ops\">\(body)</body>") == nil)
    }
}
