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
}
