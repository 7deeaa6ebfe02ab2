// A series: a shared bible under each book's own, and the facts that run from one book into
// the next, checked over both books in series order.
import Foundation
import Testing
@testable import DraftForgeKit

@Suite struct SeriesTests {
    let seriesBible = """
        characters:
          - name: Sarah Quill
            aliases: [Sarah]
            attributes: {eyes: grey, hair: auburn}
        places:
          - name: Harrow Point
        """

    /// A Git repository holding the series bible and two books.
    func series(one: [String: String], two: [String: String]) throws -> TestManuscript {
        var files = ["series-bible.yml": seriesBible]
        for (path, text) in one { files["book-one/" + path] = text }
        for (path, text) in two { files["book-two/" + path] = text }
        files["book-one/draftforge.yml"] = files["book-one/draftforge.yml"] ?? "title: One\nseries_bible: ../series-bible.yml\n"
        files["book-two/draftforge.yml"] = files["book-two/draftforge.yml"] ?? "title: Two\nseries_bible: ../series-bible.yml\n"
        let folder = try TestManuscript(files)
        try FileManager.default.createDirectory(at: folder.url(".git"), withIntermediateDirectories: true)
        return folder
    }

    func check(_ folder: TestManuscript) throws -> CheckResult {
        try Pipeline.checkSeries(["book-one", "book-two"].map { ($0, BuildOptions(root: folder.url($0))) })
    }

    @Test func eachBookReadsTheSeriesBibleUnderItsOwn() throws {
        let folder = try series(
            one: ["chapters/01-one.md": "Sarah’s green eyes.\n"],
            two: ["chapters/01-one.md": "Sarah’s grey eyes. Daniel’s blue eyes.\n",
                  "bible.yml": "characters:\n  - name: Daniel\n    attributes: {eyes: brown}\n"])
        let single = try Pipeline.check(BuildOptions(root: folder.url("book-one")))
        #expect(single.continuity.findings.map(\.location?.description) == ["chapters/01-one.md:1:1"])
        let findings = try check(folder).continuity.findings
        #expect(findings.map { "\($0.code) \($0.location!)" } == [
            "character_consistency.attribute book-one/chapters/01-one.md:1:1",
            "character_consistency.attribute book-two/chapters/01-one.md:1:20",
        ])
        #expect(findings[0].message.contains("in ../series-bible.yml:4"), "\(findings[0].message)")
    }

    @Test func whatOneBookEstablishesHoldsInTheNext() throws {
        let many = String(repeating: "Then Elizabeth smiled. ", count: 30)
        let folder = try series(
            one: ["chapters/01-one.md": "Daniel’s blue eyes.\n\n\(many)\n", "chapters/02-two.md": "Thomas died.\n",
                  "bible.yml": "characters:\n  - name: Thomas\n    dies: 02-two\n  - name: Daniel\n"],
            two: ["chapters/01-one.md": "Daniel’s brown eyes.\n\n“Go,” said Thomas.\n\nThen Elizabth smiled.\n"])
        let result = try check(folder)
        let found = result.continuity.findings.map { "\($0.code) \($0.location!)" }
        #expect(found == [
            "character_consistency.attribute book-two/chapters/01-one.md:1:1",
            "dead_character.acts book-two/chapters/01-one.md:3:7",
            "name_inconsistency.variant book-two/chapters/01-one.md:5:6",
        ])
        #expect(result.continuity.findings.allSatisfy { $0.id?.hasPrefix("cont-") == true })
        #expect(result.continuity.findings[1].message.contains("book-one/02-two (book-one/bible.yml:3)"), "\(result.continuity.findings[1].message)")
    }

    @Test func aBookThatRestatesASharedFactOtherwiseIsWarnedAndTheSeriesHolds() throws {
        let folder = try series(
            one: ["chapters/01-one.md": "Calm.\n"],
            two: ["chapters/01-one.md": "Sarah’s grey eyes.\n", "chapters/02-two.md": "Sarah’s white hair. Sarah’s green eyes.\n",
                  "bible.yml": """
                    characters:
                      - name: Sarah Quill
                        attributes:
                          eyes: green
                          hair: [{value: auburn}, {value: white, from: 02-two}]
                    """])
        let result = try Pipeline.check(BuildOptions(root: folder.url("book-two")))
        let conflicts = result.diagnostics.filter { $0.code == DiagnosticCode.bibleSeriesConflict.rawValue }
        #expect(conflicts.map(\.location?.description) == ["bible.yml:4:13"])
        #expect(conflicts.first?.message == "Sarah Quill’s eyes is green here, but grey in the series bible (../series-bible.yml:4); the series holds")
        // The series' grey eyes hold, and the book's change of hair from chapter two is allowed.
        #expect(result.continuity.findings.map(\.quote) == ["Sarah’s green eyes"])
    }

    @Test func aSeriesBibleChangesOnDatesAndStaysInTheRepository() throws {
        let chapterBound = try series(one: ["chapters/01-one.md": "Calm.\n"], two: [:])
        try chapterBound.write("series-bible.yml", "characters:\n  - name: Sarah\n    attributes:\n      hair: [{value: red}, {value: grey, from: 01-one}]\n")
        let error = try #require(failure(BuildOptions(root: chapterBound.url("book-one"))))
        #expect(error.diagnostics.first?.message == "a series bible spans books, so 'hair' cannot change at the chapter '01-one'")
        #expect(error.diagnostics.first?.location?.description == "../series-bible.yml:4:36")

        let outside = try TestManuscript.minimal(config: "title: T\nseries_bible: ../elsewhere.yml\n")
        try "characters: []\n".write(to: outside.root.deletingLastPathComponent().appendingPathComponent("elsewhere.yml"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside.root.deletingLastPathComponent().appendingPathComponent("elsewhere.yml")) }
        let refused = try #require(failure(outside.options()))
        #expect(refused.diagnostics.first?.code == DiagnosticCode.outsideRoot.rawValue)
        #expect(refused.diagnostics.first?.message.contains("is outside the manuscript folder (which is in no Git repository)") == true)
    }

    func failure(_ options: BuildOptions) -> BuildFailure? {
        do {
            _ = try Pipeline.check(options)
            return nil
        } catch {
            return error
        }
    }
}
