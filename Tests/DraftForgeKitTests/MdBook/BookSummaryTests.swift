import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// SUMMARY.md as mdBook reads it: the grammar of its guide's "SUMMARY.md" chapter.
@Suite("mdBook: SUMMARY.md")
struct BookSummaryTests {
    func read(_ text: String) throws -> BookSummary {
        try BookSummary.read(text, file: "src/SUMMARY.md")
    }

    func outline(_ items: [BookSummary.Item], depth: Int = 0) -> [String] {
        items.flatMap { item -> [String] in
            let indent = String(repeating: "  ", count: depth)
            switch item {
            case .separator: return [indent + "---"]
            case .partTitle(let title, _): return [indent + "# " + title]
            case .chapter(let link):
                let number = link.number.map { $0.map(String.init).joined(separator: ".") + ". " } ?? ""
                return [indent + number + link.title + " → " + (link.path ?? "(draft)")] + outline(link.children, depth: depth + 1)
            }
        }
    }

    @Test func everyPieceOfTheGrammar() throws {
        let summary = try read("""
            <!-- kept out of the title -->
            # Summary

            [Foreword](foreword.md)
            [*Styled* `prefix`](pre%20face.md)

            ---

            - [One](one.md)
                - [One, first](one/a.md)
                    - [Deep](one/a/deep.md)
                - [A draft]()
            - [Two](two.md)

            # Second part

            Text under a part title is not a chapter.

            - [Three](three.md)

            ---

            - [Four](four.md)

            [Afterword](after.md)

            ---

            [Colophon](colophon.md)
            """)
        #expect(summary.title == "Summary")
        #expect(outline(summary.prefix) == ["Foreword → foreword.md", "Styled prefix → pre face.md", "---"])
        #expect(outline(summary.numbered) == [
            "1. One → one.md", "  1.1. One, first → one/a.md", "    1.1.1. Deep → one/a/deep.md", "  1.2. A draft → (draft)",
            "2. Two → two.md", "# Second part", "3. Three → three.md", "---", "4. Four → four.md",
        ])
        #expect(outline(summary.suffix) == ["Afterword → after.md", "---", "Colophon → colophon.md"])
        #expect(summary.chapters.map(\.line) == [4, 5, 9, 10, 11, 12, 13, 19, 23, 25, 29])
    }

    @Test func noTitleAndNoPrefix() throws {
        let summary = try read("- [Only](only.md)\n")
        #expect(summary.title == nil)
        #expect(summary.prefix.isEmpty)
        #expect(outline(summary.numbered) == ["1. Only → only.md"])
    }

    @Test func anItemThatIsNotALinkIsAnErrorAtItsLine() throws {
        let error = try #require(throws: Diagnostic.self) { try read("# Summary\n\n- [One](one.md)\n- Two\n") }
        #expect(error.code == "config.syntax")
        #expect(error.location == SourceLocation(file: "src/SUMMARY.md", line: 4))
        #expect(error.message == "a numbered chapter must be a link, such as '- [Title](chapter.md)'")
    }

    @Test func aListAfterTheSuffixIsAnError() throws {
        let error = try #require(throws: Diagnostic.self) { try read("- [One](one.md)\n\n[End](end.md)\n\n- [Two](two.md)\n") }
        #expect(error.location?.line == 5)
        #expect(error.message == "suffix chapters cannot be followed by a list or a part title")
    }

    @Test func aFileListedTwiceIsAnError() throws {
        let error = try #require(throws: Diagnostic.self) { try read("[Intro](a.md)\n\n- [One](one.md)\n    - [Again](a.md)\n") }
        #expect(error.code == "load.outline-duplicate-chapter")
        #expect(error.location?.line == 4)
        #expect(error.message == "'a.md' is listed twice; the first time on line 1")
    }

    /// Chapters that would be lost in silence are warned about at their line.
    @Test func linksThatAreNotChaptersAreWarnedAbout() throws {
        var warnings: [Diagnostic] = []
        let summary = try BookSummary.read(
            "- [One](one.md)\n\n# Part\n\n    - [Lost](lost.md)\n\n## See [also](also.md)\n\n- [Two](two.md)\n\n## Plain words\n",
            file: "src/SUMMARY.md", warnings: &warnings)
        #expect(summary.chapters.map(\.path) == ["one.md", "two.md"])
        #expect(warnings.map { "\($0.location?.description ?? "") \($0.code)" } == [
            "src/SUMMARY.md:5 load.summary-skipped", "src/SUMMARY.md:7 load.summary-skipped",
        ])
        #expect(warnings.first?.message == "this is indented into a code block, so the chapters in it are not in the book")
    }

    /// mdBook's own guide, as upstream keeps it.
    @Test(.corpus) func theMdBookGuide() throws {
        let file = sharedFolder.appendingPathComponent("corpus/mdbook-guide/src/SUMMARY.md")
        let summary = try read(try String(contentsOf: file, encoding: .utf8))
        #expect(summary.title == "Summary")
        #expect(outline(summary.prefix) == ["Introduction → README.md"])
        let numbered = outline(summary.numbered)
        #expect(numbered.first == "# User guide")
        #expect(numbered.contains("  5.1. SUMMARY.md → format/summary.md"))
        #expect(numbered.contains("    5.1.1. Draft chapter → (draft)"))
        #expect(numbered.contains("    5.2.4. Environment variables → format/configuration/environment-variables.md"))
        // A separator after the last list belongs to the numbered chapters, as in mdBook.
        #expect(numbered.suffix(2) == ["  7.2. Alternative backends → for_developers/backends.md", "---"])
        #expect(outline(summary.suffix) == ["Contributors → misc/contributors.md"])
        #expect(summary.chapters.count == 32)
    }
}
