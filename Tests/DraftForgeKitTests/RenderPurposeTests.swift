import Foundation
import Testing

@testable import DraftForgeKit
import DraftForgeTestSupport

/// `check` renders for the findings only: the steps it leaves out must report nothing, so it
/// finds exactly what a build finds, and counts the same words.
@Suite("Rendering for the findings only")
struct RenderPurposeTests {
    /// What render reports and the words it counts, for one purpose.
    private static func render(_ root: URL, _ purpose: RenderStage.Purpose) throws -> (diagnostics: [Diagnostic], words: [Int]) {
        let context = BuildContext(root: root)
        let loaded = try LoadStage().run(context: context)
        let book = try RenderStage(buildDate: BuildDate.fallback, purpose: purpose).run(loaded, context: context)
        return (context.diagnostics, book.chapters.map(\.prose.words))
    }

    @Test(arguments: ["Samples/the-lighthouse-keeper", "docs", "corpus/rust-book", "corpus/mdbook-guide", "corpus/pride-and-prejudice"])
    func aRealBookFindsAndCountsTheSame(_ book: String) throws {
        if book.hasPrefix("corpus/") { try Hermetic.require(.corpus) }
        let root = book.hasPrefix("corpus/") ? sharedFolder.appendingPathComponent(book) : packageRoot.appendingPathComponent(book)
        let pages = try Self.render(root, .pages)
        let findings = try Self.render(root, .findings)
        #expect(findings.diagnostics == pages.diagnostics)
        #expect(findings.words == pages.words)
        #expect(pages.words.reduce(0, +) > 1000)
    }

    /// What the left-out steps change: openings, repairs of raw HTML that breaks the content
    /// model, notes, with broken links and images inside them.
    @Test func aBookThatEveryLeftOutStepChangesFindsTheSame() throws {
        let chapter = """
            # The Storm

            Rain fell on the [harbour](#nowhere) and the light.[^1] <div>A block in a paragraph \
            with [a lost link](missing.md).</div>

            <span><p>A paragraph inside a span, ![an image](gone.png).</p></span>

            ```rust
            fn main() {}
            ```

            [^1]: A note with [another lost link](#gone) and ![no alt]().
            """
        let manuscript = try TestManuscript.minimal(
            ["chapters/01-storm.md": chapter, "chapters/02-calm.md": "The calm after, [back](01-storm.md#the-storm).\n"],
            config: "title: Test Book\nchapter_opening:\n  number: words\n  drop_cap: true\n  small_caps: true\n")
        let pages = try Self.render(manuscript.root, .pages)
        let findings = try Self.render(manuscript.root, .findings)
        #expect(pages.diagnostics.count >= 3, "\(pages.diagnostics.map(\.code))")
        #expect(findings.diagnostics == pages.diagnostics)
        #expect(findings.words == pages.words)
    }
}
