import Foundation
import Testing
@testable import DraftForgeKit
@testable import DraftForgeFuzzChecks
import DraftForgeTestSupport

/// The fuzzer's checks (`FuzzHarness`, run by `scripts/fuzz`): every seed passes them, and each
/// check does catch what it looks for. Inputs the fuzzer found go below as regressions, run
/// through the same checks and through a whole build.
@Suite("Fuzz harness")
struct FuzzHarnessTests {
    @Test(.corpus) func everySeedPasses() throws {
        let examples = try GFMSpecTests.examples()
        #expect(examples.count == 720)
        for (number, example) in examples.enumerated() {
            let problems = FuzzHarness.problems(.markdown, Data(example.utf8))
            #expect(problems.isEmpty, "GFM example \(number + 1): \(problems)")
        }
        let seeds = packageRoot.appendingPathComponent("Fuzz/seeds/config")
        let configs = try FileManager.default.contentsOfDirectory(at: seeds, includingPropertiesForKeys: nil)
            + [packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper/draftforge.yml")]
        #expect(configs.count >= 5)
        for config in configs {
            let problems = FuzzHarness.problems(.config, try Data(contentsOf: config))
            #expect(problems.isEmpty, "\(config.lastPathComponent): \(problems)")
        }
        let images = try FileManager.default.contentsOfDirectory(
            at: packageRoot.appendingPathComponent("Fuzz/seeds/svg"), includingPropertiesForKeys: nil)
            + [packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper/chapters/images/harbour-map.svg")]
        #expect(images.count >= 4)
        for image in images {
            let problems = FuzzHarness.problems(.svg, try Data(contentsOf: image))
            #expect(problems.isEmpty, "\(image.lastPathComponent): \(problems)")
        }
    }

    /// The svg target's check: what the cleaning writes must hold nothing more to remove.
    @Test func theSVGTargetPassesCleanedImagesAndRefusals() {
        #expect(FuzzHarness.problems(.svg, Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>".utf8)).isEmpty)
        #expect(FuzzHarness.problems(.svg, Data("not svg".utf8)).isEmpty, "a refusal is a defined outcome")
    }

    @Test func theChecksCatchWhatTheyLookFor() {
        let file = FuzzHarness.chapterPath
        let inside = Diagnostic(.warning, .brokenLink, at: SourceLocation(file: file, line: 3), "x")
        #expect(FuzzHarness.misplaced(inside, file: file, lines: 3).isEmpty)
        #expect(FuzzHarness.misplaced(inside, file: file, lines: 2).isEmpty, "one past the last line is the end")
        #expect(!FuzzHarness.misplaced(inside, file: file, lines: 1).isEmpty, "a line past the end")
        let zero = Diagnostic(.warning, .brokenLink, at: SourceLocation(file: file, line: 0), "x")
        #expect(!FuzzHarness.misplaced(zero, file: file, lines: 5).isEmpty, "line 0")
        let elsewhere = Diagnostic(.warning, .brokenLink, at: SourceLocation(file: "chapters/02.md", line: 1), "x")
        #expect(!FuzzHarness.misplaced(elsewhere, file: file, lines: 5).isEmpty, "another file")
        let error = Diagnostic(.error, .notUTF8, at: SourceLocation(file: file, line: 1), "x")
        #expect(FuzzHarness.unexpected(error, codes: [.notUTF8], file: file, lines: 1).isEmpty)
        #expect(!FuzzHarness.unexpected(error, codes: [.frontMatterSyntax], file: file, lines: 1).isEmpty)
    }

    @Test func invalidBytesEndInTheirOwnErrorsAndStillRender() {
        // Not UTF-8 on line 2, front matter that does not parse, a config that is a list.
        #expect(FuzzHarness.problems(.markdown, Data("# A\n\u{FF}".utf8) + Data([0xFF, 0xFE])).isEmpty)
        #expect(FuzzHarness.problems(.markdown, Data("---\ntitle: [\n---\n# A\n".utf8)).isEmpty)
        #expect(FuzzHarness.problems(.config, Data("- a\n- b\n".utf8)).isEmpty)
        #expect(FuzzHarness.problems(.config, Data([0x74, 0x3A, 0x20, 0xC3])).isEmpty)
    }

    /// Found by `scripts/fuzz` (markdown, 2026-12-02): a table whose rows cmark-gfm places at
    /// "0:0" put the invalid-URL warning of the autolink above it at line 0.
    @Test func aTableRowWithoutAPositionLeavesLinkWarningsOnTheirLine() {
        let input = "<localhost:5.01\u{0}foo>\n| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n"
        #expect(FuzzHarness.problems(.markdown, Data(input.utf8)).isEmpty)
    }
}
