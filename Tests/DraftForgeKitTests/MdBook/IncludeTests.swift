import Foundation
import Testing
@testable import DraftForgeKit

/// mdBook's `{{#include}}`, `{{#rustdoc_include}}`, `{{#playground}}` and `{{#title}}`, run as
/// mdBook runs them, with every line of the result located in the file it came from.
@Suite("Includes")
struct IncludeTests {
    /// Nine numbered lines, with an anchor around lines 4–5 whose markers are lines 3 and 6.
    static let listing = "one\ntwo\n// ANCHOR: middle\nfour\nfive\n// ANCHOR_END: middle\nseven\n/* ANCHOR: other */\nnine\n"

    private func chapter(_ body: String, files: [String: String] = [:]) throws -> (Chapter, [Diagnostic]) {
        var all = ["chapters/01-one.md": body, "chapters/listing.rs": Self.listing]
        for (path, text) in files { all[path] = text }
        let manuscript = try TestManuscript.minimal(all)
        let (loaded, diagnostics) = try manuscript.loadManuscript()
        return (try #require(loaded.chapters.first { $0.name == "01-one" }), diagnostics)
    }

    private func errors(_ body: String, files: [String: String] = [:]) throws -> [Diagnostic] {
        var all = ["chapters/01-one.md": body, "chapters/listing.rs": Self.listing]
        for (path, text) in files { all[path] = text }
        let manuscript = try TestManuscript.minimal(all)
        do {
            _ = try manuscript.loadManuscript()
            Issue.record("the load succeeded")
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }
        }
    }

    @Test(arguments: [
        ("listing.rs", "one\ntwo\nfour\nfive\nseven\nnine"),
        ("listing.rs:7", "seven"),
        ("listing.rs:7:", "seven\nnine"),
        ("listing.rs:2:5", "two\nfour\nfive"),
        ("listing.rs::2", "one\ntwo"),
        ("listing.rs:middle", "four\nfive"),
    ])
    func eachFormTakesItsLinesWithoutAnchorMarkers(selector: String, expected: String) throws {
        let (chapter, diagnostics) = try chapter("Before\n{{#include \(selector)}}\nAfter\n")
        #expect(chapter.body == "Before\n\(expected)\nAfter\n")
        #expect(diagnostics.isEmpty)
    }

    @Test func aChapterWithoutDirectivesKeepsItsBodyAndOneSegment() throws {
        let body = "# One\n\nNo {{ braces }} to run.\n"
        let (chapter, _) = try chapter("---\ntitle: One\n---\n" + body)
        #expect(chapter.body == body)
        #expect(chapter.sourceMap == SourceMap(file: "chapters/01-one.md", bodyLineOffset: 3))
    }

    @Test func includedLinesMapToTheirFileLines() throws {
        let (chapter, _) = try chapter("---\ntitle: One\n---\nBefore\n{{#include listing.rs:2:5}}\nAfter\n")
        let map = chapter.sourceMap
        #expect(map.location(ofBodyLine: 1) == SourceLocation(file: "chapters/01-one.md", line: 4))
        // two, four, five: line 3 is an anchor marker, left out.
        #expect((2...4).map { map.location(ofBodyLine: $0) }
            == [2, 4, 5].map { SourceLocation(file: "chapters/listing.rs", line: $0) })
        #expect(map.location(ofBodyLine: 5) == SourceLocation(file: "chapters/01-one.md", line: 6))
        #expect(map.bodyLine(ofFileLine: 6, in: "chapters/01-one.md") == 5)
        #expect(map.bodyLine(ofFileLine: 3, in: "chapters/listing.rs") == nil)
    }

    @Test func anIndentIsRepeatedOnEveryIncludedLine() throws {
        let (chapter, _) = try chapter("- item\n\n    {{#include listing.rs::2}}\n")
        #expect(chapter.body == "- item\n\n    one\n    two\n")
        #expect(chapter.sourceMap.location(ofBodyLine: 4, column: 5) == SourceLocation(file: "chapters/listing.rs", line: 2, column: 1))
    }

    @Test func rustdocIncludeHidesTheLinesOutsideTheSelection() throws {
        let body = "```rust\n{{#rustdoc_include listing.rs:middle}}\n```\n"
        let (chapter, _) = try chapter(body)
        #expect(chapter.body == "```rust\n# one\n# two\nfour\nfive\n# seven\n# nine\n```\n")
        #expect(chapter.sourceMap.location(ofBodyLine: 3) == SourceLocation(file: "chapters/listing.rs", line: 2))
        #expect(chapter.sourceMap.location(ofBodyLine: 6) == SourceLocation(file: "chapters/listing.rs", line: 7))

        let ranged = try self.chapter("```rust\n{{#rustdoc_include listing.rs:2:4}}\n```\n").0
        #expect(ranged.body == "```rust\n# one\ntwo\nfour\n# five\n# seven\n# nine\n```\n")

        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": body, "chapters/listing.rs": Self.listing])
        let page = try manuscript.render().0.chapters[0].xhtml
        #expect(page.contains("four\nfive"))
        #expect(!page.contains("two") && !page.contains("seven"))
    }

    @Test func playgroundFencesTheFileKeepingItsAttributes() throws {
        let (chapter, _) = try chapter("{{#playground listing.rs editable}}\n\n{{#playground listing.rs}}\n")
        let code = "one\ntwo\nfour\nfive\nseven\nnine"
        #expect(chapter.body == "```rust,editable\n\(code)\n```\n\n```rust\n\(code)\n```\n")
        #expect(chapter.sourceMap.location(ofBodyLine: 1) == SourceLocation(file: "chapters/01-one.md", line: 1))
        #expect(chapter.sourceMap.location(ofBodyLine: 2) == SourceLocation(file: "chapters/listing.rs", line: 1))
        #expect(chapter.sourceMap.location(ofBodyLine: 9) == SourceLocation(file: "chapters/01-one.md", line: 2))
    }

    @Test func titleSetsAMissingTitleAndIsRemoved() throws {
        let (untitled, _) = try chapter("{{#title The Harbour}}\nText.\n")
        #expect(untitled.frontMatter.title == "The Harbour")
        #expect(untitled.body == "\nText.\n")
        #expect(untitled.sourceMap.location(ofBodyLine: 2) == SourceLocation(file: "chapters/01-one.md", line: 2))
        let (titled, _) = try chapter("---\ntitle: Kept\n---\n{{#title The Harbour}}\nText.\n")
        #expect(titled.frontMatter.title == "Kept")
    }

    @Test func includesNestRelativeToTheIncludingFileAndAreRecorded() throws {
        let files = ["chapters/parts/a.md": "A1\n{{#include inner/b.md}}\nA3\n", "chapters/parts/inner/b.md": "B1\nB2\n"]
        let manuscript = try TestManuscript.minimal(files.merging(["chapters/01-one.md": "X\n{{#include parts/a.md}}\nY\n"]) { $1 })
        let context = BuildContext(root: manuscript.root)
        let loaded = try LoadStage().run(context: context)
        let chapter = try #require(loaded.chapters.first)
        #expect(chapter.body == "X\nA1\nB1\nB2\nA3\nY\n")
        #expect((1...6).map { chapter.sourceMap.location(ofBodyLine: $0).description } == [
            "chapters/01-one.md:1", "chapters/parts/a.md:1", "chapters/parts/inner/b.md:1", "chapters/parts/inner/b.md:2",
            "chapters/parts/a.md:3", "chapters/01-one.md:3",
        ])
        #expect(context.inputs.files.isSuperset(of: ["chapters/parts/a.md", "chapters/parts/inner/b.md"]))
    }

    @Test func aCycleIsAnErrorAtTheDirectiveThatClosesIt() throws {
        // Included Markdown lives out of the chapters folder's top level, where every file is a chapter.
        let errors = try errors(
            "{{#include inc/a.md}}\n", files: ["chapters/inc/a.md": "A\n\n{{#include b.md}}\n", "chapters/inc/b.md": "{{#include a.md}}\n"])
        #expect(errors.map(\.code) == ["load.include-cycle"])
        #expect(errors.first?.location == SourceLocation(file: "chapters/inc/b.md", line: 1, column: 1))
        #expect(errors.first?.message.contains("chapters/01-one.md → chapters/inc/a.md → chapters/inc/b.md → chapters/inc/a.md") == true)
    }

    @Test func includesNestTenDeepAtMost() throws {
        var files: [String: String] = [:]
        for level in 1...11 { files["chapters/inc/n\(level).md"] = "level \(level)\n{{#include n\(level + 1).md}}\n" }
        files["chapters/inc/n12.md"] = "bottom\n"
        let errors = try errors("{{#include inc/n1.md}}\n", files: files)
        #expect(errors.map(\.code) == ["load.include-depth"])
        #expect(errors.first?.location?.description == "chapters/inc/n10.md:2:1")

        files["chapters/inc/n10.md"] = "bottom\n"
        let (chapter, _) = try chapter("{{#include inc/n1.md}}\n", files: files)
        #expect(chapter.body.hasSuffix("level 9\nbottom\n"))
    }

    @Test func anIncludeMayNotLeaveTheRootOrEnterADotFolder() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-outside-\(UUID().uuidString).rs")
        try "secret\n".write(to: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside) }
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "{{#include ../../\(outside.lastPathComponent)}}\n{{#include link.rs}}\n{{#include ../.git/config}}\n{{#include \(outside.path)}}\n",
            ".git/config": "[core]\n",
        ])
        try FileManager.default.createSymbolicLink(
            at: manuscript.url("chapters/link.rs"), withDestinationURL: outside)
        let errors = try #require(manuscript.failure()).diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == Array(repeating: "load.outside-root", count: 4))
        #expect(errors.map { $0.location?.description } == (1...4).map { "chapters/01-one.md:\($0):1" })
        #expect(!errors.contains { $0.message.contains("secret") })
    }

    @Test func aMissingFileOrAnchorIsAnErrorAndNothingIsWritten() throws {
        let manuscript = try TestManuscript.minimal(["chapters/listing.rs": Self.listing])
        _ = try manuscript.build()
        let before = try folderContents(manuscript.dist)
        #expect(before.keys.contains("test-book.epub"))
        try manuscript.write("chapters/01-one.md", "# One\n\n{{#include listings/gone.rs}}\n\n{{#include listing.rs:absent}}\n")
        let failure = try #require(manuscript.failure())
        #expect(failure.exitCode == 2)
        let errors = failure.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == ["load.include-missing", "load.include-anchor-missing"])
        #expect(errors.map { $0.location?.description } == ["chapters/01-one.md:3:1", "chapters/01-one.md:5:1"])
        #expect(errors.first?.message == "'{{#include listings/gone.rs}}' names 'chapters/listings/gone.rs', which is not a file")
        #expect(errors.last?.message.contains("'chapters/listing.rs' has no line with 'ANCHOR: absent'") == true)
        #expect(try folderContents(manuscript.dist) == before)
    }

    @Test func anEscapedDirectiveIsPrintedAsWrittenAndAnUnknownOneWarns() throws {
        let (chapter, diagnostics) = try chapter("Shown: \\{{#include listing.rs}}\n\n{{#template x.hbs}}\n")
        #expect(chapter.body == "Shown: {{#include listing.rs}}\n\n{{#template x.hbs}}\n")
        #expect(diagnostics.map(\.code) == ["load.unknown-directive"])
        #expect(diagnostics.first?.location?.description == "chapters/01-one.md:3:1")
    }

    @Test func aBrokenLinkInAnIncludedFileIsLocatedThere() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "---\ntitle: One\n---\n# One\n\n{{#include shared/note.md}}\n\nAfter [gone](03-none.md).\n",
            "chapters/shared/note.md": "A note.\n\nSee [nowhere](02-none.md).\n",
        ])
        let (_, diagnostics) = try manuscript.render()
        #expect(diagnostics.filter { $0.code == "manuscript.broken-link" }.map { $0.location?.description }
            == ["chapters/shared/note.md:3:15", "chapters/01-one.md:8:14"])
    }

    @Test func findingsInIncludedTextAreLocatedThereAndWaivable() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "# One\n\nIntro.\n\n{{#include inc/scene.md}}\n\nShe sat on the the bench.\n",
            "chapters/inc/scene.md": "He walked to the the door.\n\n<!-- draftforge: ignore manuscript.doubled-word -->\nAnd and then.\n",
        ])
        let findings = try Pipeline.check(manuscript.options()).continuity.findings.filter { $0.code == "manuscript.doubled-word" }
        #expect(findings.map { $0.location?.description } == ["chapters/inc/scene.md:1:14", "chapters/inc/scene.md:4:1", "chapters/01-one.md:7:12"])
        #expect(findings.map(\.status) == [.open, .waived, .open])
    }
}

@Suite("Source map")
struct SourceMapTests {
    @Test func aChapterWithoutIncludesIsOneSegmentShiftedByItsFrontMatter() {
        let map = SourceMap(file: "chapters/a.md", bodyLineOffset: 3)
        #expect(map.location(ofBodyLine: 1, column: 2) == SourceLocation(file: "chapters/a.md", line: 4, column: 2))
        #expect(map.location(ofBodyLine: 1_000) == SourceLocation(file: "chapters/a.md", line: 1_003))
        #expect(map.bodyLine(ofFileLine: 4, in: "chapters/a.md") == 1)
        #expect(map.bodyLine(ofFileLine: 3, in: "chapters/a.md") == nil)
        #expect(map.bodyLine(ofFileLine: 4, in: "chapters/b.md") == nil)
        #expect(map.includedFiles.isEmpty)
    }

    @Test func builtSegmentsAreFoundByBinarySearchAndMerged() {
        var builder = SourceMap.Builder()
        builder.append(.init(bodyLine: 1, file: "c.md", fileLine: 1))
        builder.append(.init(bodyLine: 2, file: "c.md", fileLine: 2))  // continues the first: merged
        builder.append(.init(bodyLine: 3, file: "x.rs", fileLine: 10, columnShift: 4))
        builder.append(.init(bodyLine: 5, file: "c.md", fileLine: 4))
        builder.append(.init(bodyLine: 5, file: "c.md", fileLine: 3))  // same start: replaces
        let map = builder.map
        #expect(map.segments.count == 3)
        #expect(map.location(ofBodyLine: 2) == SourceLocation(file: "c.md", line: 2))
        #expect(map.location(ofBodyLine: 4, column: 6) == SourceLocation(file: "x.rs", line: 11, column: 2))
        #expect(map.location(ofBodyLine: 7) == SourceLocation(file: "c.md", line: 5))
        #expect(map.bodyLine(ofFileLine: 3, in: "c.md") == 5)
        #expect(map.bodyLine(ofFileLine: 11, in: "x.rs") == 4)
        #expect(map.bodyLine(ofFileLine: 12, in: "x.rs") == nil)
        #expect(map.includedFiles == ["x.rs"])
        #expect(map.identity != SourceMap(file: "c.md").identity)
    }
}
