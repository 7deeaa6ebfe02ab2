// The HTML tree made from the document must be the one cmark-gfm's HTML renderer and libxml2
// make: the GFM spec's 720 examples, the sample and the corpus books, compared tree to tree.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

struct DocumentRendererTests {
    /// The tree cmark's HTML gives, and the tree the document gives.
    static func trees(_ markdown: String, smart: Bool = true) -> (cmark: [HTMLNode], document: [HTMLNode]) {
        let parsed = CMarkParser.parse(markdown, smartPunctuation: smart, html: true)
        let oracle = HTMLFragmentParser.parseReporting(parsed.html, rawHTMLLines: parsed.document.rawHTMLLines).nodes
        let rendered = DocumentRenderer.render(parsed.document).nodes
        return (merged(oracle), merged(rendered))
    }

    /// Adjacent runs of text as one (a dropped comment between them leaves two).
    static func merged(_ nodes: [HTMLNode]) -> [HTMLNode] {
        var result: [HTMLNode] = []
        for node in nodes {
            switch node {
            case .text(let text):
                if case .text(let earlier) = result.last { result[result.count - 1] = .text(earlier + text) } else { result.append(node) }
            case .element(var element):
                element.children = merged(element.children)
                result.append(.element(element))
            }
        }
        return result
    }

    @Test(.corpus) func everyGFMExampleRendersAsCmarkDoes() throws {
        let examples = try GFMSpecTests.examples()
        try #require(examples.count == 720, "the GFM spec's examples in ../shared/corpus/gfm-spec")
        var differing: [String] = []
        for (number, example) in examples.enumerated() {
            for smart in [true, false] {
                let (cmark, document) = Self.trees(example, smart: smart)
                if cmark != document {
                    differing.append(
                        "example \(number + 1) (smart: \(smart)):\n\(example)\ncmark:    \(Self.describe(cmark))\ndocument: \(Self.describe(document))")
                }
            }
        }
        #expect(differing.isEmpty, "\(differing.count) differ; the first:\n\(differing.prefix(3).joined(separator: "\n\n"))")
    }

    @Test(arguments: ["Samples/the-lighthouse-keeper", "docs", "corpus/rust-book", "corpus/mdbook-guide", "corpus/great-expectations"])
    func everyChapterOfARealBookRendersAsCmarkDoes(_ book: String) throws {
        if book.hasPrefix("corpus/") { try Hermetic.require(.corpus) }
        let root = book.hasPrefix("corpus/") ? sharedFolder.appendingPathComponent(book) : packageRoot.appendingPathComponent(book)
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".md") }
        #expect(files.count > 5)
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let (cmark, document) = Self.trees(text)
            #expect(cmark == document, "\(book)/\(file):\ncmark:    \(Self.describe(cmark).prefix(3000))\ndocument: \(Self.describe(document).prefix(3000))")
        }
    }

    /// A short, readable form of a tree for failure messages.
    static func describe(_ nodes: [HTMLNode]) -> String {
        nodes.map { node in
            switch node {
            case .text(let text): return text.debugDescription
            case .element(let element):
                let attributes = element.attributes.map { " \($0.name)=\($0.value.debugDescription)" }.joined()
                let line = element.sourceLine.map { "@\($0)" } ?? ""
                return "<\(element.name)\(attributes)\(line)>\(describe(element.children))</\(element.name)>"
            }
        }.joined()
    }

    @Test func linkDestinationsAreEscapedAsCmarkDoes() {
        #expect(HrefEscape.escape("a b/ü?x=1&y='2'#[z]") == "a%20b/%C3%BC?x=1&y='2'#%5Bz%5D")
    }

    /// The render's tree rewrites replace a node by none, one or several, and copy nothing when
    /// nothing changes.
    @Test func replacingNodesKeepsOrderAndCopiesNothingUnchanged() {
        let nodes: [HTMLNode] = [.text("a"), .element(HTMLElement("b")), .text("c"), .element(HTMLElement("d"))]
        #expect(nodes.replacing { _ in nil } == nil)
        let replaced = nodes.replacing { node -> [HTMLNode]? in
            guard case .element(let element) = node else { return nil }
            return element.name == "b" ? [] : [.text("d1"), .text("d2")]
        }
        #expect(replaced == [.text("a"), .text("c"), .text("d1"), .text("d2")])
    }
}

/// Raw HTML built into the tree without libxml2 must come out as libxml2 makes it, and what the
/// reader cannot be sure of must go to libxml2.
struct RawHTMLWithoutLibXMLTests {
    static let snippets = [
        "<span class=\"filename\">Filename: src/main.rs</span>", "<span>open", "</span>", "<b>bold", "</b>",
        "<i>x</i>", "<small>s</small>", "<u>u", "<s>x</s>", "<a id=\"x\"></a>", "<a href=\"#y\">link</a>",
        "<a href='q'>", "</a>", "<kbd>Ctrl</kbd>+<kbd>C</kbd>", "<sup>2</sup>", "<sub>n</sub>", "<em>e</em>", "</em>",
        "<strong>s</strong>", "<code>c</code>", "<img src=\"a.png\" alt=\"A\">", "<img src='b.png' alt='B' />", "<br>",
        "<br/>", "</br>", "<div>", "</div>", "<div class=\"note\">\n", "<figure>\n", "</figure>", "<figcaption>Cap</figcaption>",
        "<blockquote>", "</blockquote>", "<!-- c -->", "<!-- multi\nline -->", "<!---->", "<!-->", "<!--->",
        "<!-- a -- b -->", "<!-- x --!> y", "<!-- open", "<p>", "</p>", "<P>", "<SPAN CLASS=\"X\">up</SPAN>",
        "<span title=\"a\ttab\">", "<span title=\"multi\nline\">t</span>", "&amp; <b>x</b>", "<span title=\"a&amp;b\">",
        "<span data-sourcepos=\"1:1-1:1\">", "<span class=x>", "<span hidden>", "<span class=\"a\" class=\"b\">",
        "<span class = \"spaced\" >", "<mark>m</mark>", "<details><summary>S</summary>", "</details>", "<table>", "<td>",
        "<li>", "<h1>h</h1>", "<pre>\ncode</pre>", "<script>x</script>", "<my-tag>", "<x:y>", "< span>", "<span",
        "</ span>", "</span >", "<span/>", "<div/>", "<section>\n\n", "<span onclick=\"x()\" id=\"i\">", "<div>\u{1}\n", "<div>\r\n",
        "<span title=\"\u{FFFE}\">", "<img src=\"x.png\"></img>", "<a href=\"#a\"><a href=\"#b\">", "<wbr>",
    ]

    static let contexts = [
        "{}", "Text {} more.", "# Head {} ing", "- item {}\n- two", "> quote {}", "| a | b |\n|---|---|\n| {} | c |",
        "*em {} em*", "[link {}](http://x)", "Para one {}\n\nPara two </span></b></a></div>", "{}\n\nMiddle *para*.\n\n{}",
        "1. {}\n\n   continued {}", "Text[^1] {}\n\n[^1]: note {}", "**{}**", "{}\n***\n{}", "~~~\n{}\n~~~\n\n{}",
    ]

    static func fill(_ context: String, _ pieces: [String]) -> String {
        var result = ""
        var index = 0
        var rest = Substring(context)
        while let hole = rest.range(of: "{}") {
            result += rest[..<hole.lowerBound] + pieces[index % pieces.count]
            index += 1
            rest = rest[hole.upperBound...]
        }
        return result + rest
    }

    /// Every snippet in every context, and seeded combinations of three, against libxml2's tree.
    @Test func rawHTMLRendersAsLibXMLMakesIt() {
        var inputs: [String] = []
        for context in Self.contexts {
            for snippet in Self.snippets { inputs.append(Self.fill(context, [snippet])) }
        }
        var generator = SplitMix64(seed: 24)
        for _ in 0..<3_000 {
            let context = Self.contexts.randomElement(using: &generator)!
            let pieces = (0..<3).map { _ in Self.snippets.randomElement(using: &generator)! }
            inputs.append(Self.fill(context, [pieces.joined(separator: " ")]) + "\n\n" + Self.fill(context, Array(pieces.reversed())))
        }
        var differing: [String] = []
        var withoutLibXML = 0
        for input in inputs {
            // Comment-only pieces never reach the reader; the GFM examples cover those documents.
            let parsed = CMarkParser.parse(input, smartPunctuation: true, html: true)
            guard !parsed.document.rawHTMLLines.isEmpty else { continue }
            let (cmark, document) = DocumentRendererTests.trees(input)
            if cmark != document {
                differing.append("\(input.debugDescription)\ncmark:    \(DocumentRendererTests.describe(cmark))\ndocument: \(DocumentRendererTests.describe(document))")
            }
            if DocumentRenderer.renderWithoutLibXML(parsed.document, readingRawHTML: true) != nil { withoutLibXML += 1 }
        }
        #expect(differing.isEmpty, "\(differing.count) of \(inputs.count) differ; the first:\n\(differing.prefix(3).joined(separator: "\n\n"))")
        // Most inputs hold something the reader leaves to libxml2; a good share must not.
        #expect(withoutLibXML > inputs.count / 10, "\(withoutLibXML) of \(inputs.count) built without libxml2")
    }

    @Test(arguments: [
        "See <span class=\"filename\">Filename: src/main.rs</span> here.",
        "<figure>\n\n<img src=\"a.svg\" alt=\"A picture\" class=\"center\" style=\"width: 50%;\" />\n\n<figcaption>Figure 1</figcaption>\n\n</figure>",
        "Press <kbd>Ctrl</kbd>-<kbd>C</kbd>.", "<a id=\"old-heading\"></a>\n\n## New heading",
        "<!-- ignore -->\nText <sup>2</sup> and <!-- comment --> more.",
    ])
    func rawHTMLTheReaderKnowsIsBuiltWithoutLibXML(_ markdown: String) {
        let parsed = CMarkParser.parse(markdown, smartPunctuation: true, html: true)
        #expect(!parsed.document.rawHTMLLines.isEmpty)
        let nodes = DocumentRenderer.renderWithoutLibXML(parsed.document, readingRawHTML: true)
        #expect(nodes.map(DocumentRendererTests.merged) == DocumentRendererTests.trees(markdown).cmark)
    }

    @Test(arguments: [
        "A <p>paragraph</p> inside.", "Text <div>block</div> inside a paragraph.", "<div>\nFish &amp; chips\n</div>",
        "<b>bold\n\nacross paragraphs</b>", "<a href=\"#a\">x [link](http://y) y</a>", "*em </em> text*",
        "<span title=\"a&amp;b\">t</span>", "<my-tag>x</my-tag>", "<script>alert(1)</script>",
        "| <span>cell | b |\n|---|---|\n| c | d |",
    ])
    func rawHTMLOnlyLibXMLCanTellGoesToLibXML(_ markdown: String) {
        let parsed = CMarkParser.parse(markdown, smartPunctuation: true, html: true)
        #expect(DocumentRenderer.renderWithoutLibXML(parsed.document, readingRawHTML: true) == nil)
        let (cmark, document) = DocumentRendererTests.trees(markdown)
        #expect(cmark == document)
    }

    /// The Rust book's raw HTML (filenames, captions, anchors, figures, keys) is all readable but
    /// for a few chapters.
    @Test(.corpus) func mostOfTheRustBooksChaptersAreBuiltWithoutLibXML() throws {
        let folder = sharedFolder.appendingPathComponent("corpus/rust-book/chapters")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        var withRaw = 0
        var withoutLibXML = 0
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let parsed = CMarkParser.parse(text, smartPunctuation: true, html: true)
            guard !parsed.document.rawHTMLLines.isEmpty else { continue }
            withRaw += 1
            if DocumentRenderer.renderWithoutLibXML(parsed.document, readingRawHTML: true) != nil { withoutLibXML += 1 }
        }
        #expect(withRaw >= 20)
        #expect(withoutLibXML >= withRaw - 3, "\(withoutLibXML) of \(withRaw) chapters with raw HTML built without libxml2")
    }
}
