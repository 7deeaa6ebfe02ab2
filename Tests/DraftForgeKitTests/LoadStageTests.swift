import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Load")
struct LoadStageTests {
    @Test func chaptersFollowNaturalOrder() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: T\n",
            "chapters/10-ten.md": "# Ten\n", "chapters/2-two.md": "# Two\n", "chapters/1-one.md": "# One\n",
            "chapters/notes.txt": "not a chapter", "chapters/.hidden.md": "# Hidden\n",
        ])
        let (loaded, diagnostics) = try manuscript.loadManuscript()
        #expect(loaded.chapters.map(\.name) == ["1-one", "2-two", "10-ten"])
        #expect(diagnostics.isEmpty)
    }

    /// Sorting by bytes and checking the neighbours through the locale must give the order
    /// the locale's comparison gives, padded or not, in any case, with numbers of any length.
    @Test func naturalOrderMatchesTheLocaleComparison() {
        var random = SplitMix64(seed: 24)
        let words = ["a", "B", "chapter", "Chapter", "épilogue", "part-two", "x_y", ""]
        for round in 0..<200 {
            let padded = round.isMultiple(of: 2)
            let names = (0..<(1 + Int(random.next() % 40))).map { _ -> String in
                let number = Int(random.next() % 1200)
                let digits = padded ? String(format: "%05d", number) : String(number)
                return digits + "-" + words[Int(random.next() % UInt64(words.count))]
            }
            let unique = Array(Set(names))
            #expect(NaturalOrder.inNaturalOrder(unique) == unique.sorted(by: NaturalOrder.ascending), "\(unique)")
        }
        #expect(NaturalOrder.inNaturalOrder(["10-ten", "2-two", "1-one"]) == ["1-one", "2-two", "10-ten"])
    }

    @Test func outlineOrdersAndGroupsIntoParts() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": """
                title: T
                outline:
                  - 00-preface
                  - part: "Part One"
                    chapters: [02-b, 01-a]
                  - part: "Part Two"
                    chapters: [03-c]
                """,
            "chapters/00-preface.md": "P\n", "chapters/01-a.md": "A\n", "chapters/02-b.md": "B\n",
            "chapters/03-c.md": "C\n", "chapters/04-draft.md": "D\n",
        ])
        let (loaded, diagnostics) = try manuscript.loadManuscript()
        #expect(loaded.chapters.map(\.name) == ["00-preface", "02-b", "01-a", "03-c"])
        #expect(loaded.chapters.map(\.partIndex) == [nil, 0, 0, 1])
        #expect(loaded.parts == [Part(title: "Part One"), Part(title: "Part Two")])
        #expect(diagnostics.map(\.code) == ["load.chapter-not-in-outline"])
        #expect(diagnostics.first?.location?.file == "chapters/04-draft.md")
    }

    @Test func excludedChaptersAreLeftOut() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/02-two.md": "---\nexclude: true\n---\n# Two\n",
        ])
        #expect(try manuscript.loadManuscript().0.chapters.map(\.name) == ["01-one"])
    }

    @Test func frontMatterLineOffsetIsKept() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "---\ntitle: One\n---\n# Heading\n",
        ])
        let chapter = try manuscript.loadManuscript().0.chapters[0]
        #expect(chapter.sourceMap.location(ofBodyLine: 1) == SourceLocation(file: chapter.path, line: 4))
        #expect(chapter.body == "# Heading\n")
        #expect(chapter.frontMatter.title == "One")
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": "\u{FEFF}---\ntitle: BOM\n---\nText\n"])
        #expect(try manuscript.loadManuscript().0.chapters[0].frontMatter.title == "BOM")
    }
}
