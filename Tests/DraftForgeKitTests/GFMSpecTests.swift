import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// The 720 examples of the GFM spec (spec, extensions and regressions), one chapter each: every
/// document DraftForge writes for them must be namespace-well-formed XML.
@Suite("GFM spec examples", .corpus)
struct GFMSpecTests {
    static func examples() throws -> [String] {
        try Hermetic.require(.corpus)
        let folder = sharedFolder.appendingPathComponent("corpus/gfm-spec")
        var examples: [String] = []
        for file in ["spec.txt", "extensions.txt", "regression.txt"] {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            var current: [Substring]?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("```````````````````````````````` example") {
                    current = []
                } else if line == "." , let markdown = current {
                    examples.append(markdown.joined(separator: "\n").replacingOccurrences(of: "→", with: "\t") + "\n")
                    current = nil
                } else {
                    current?.append(line)
                }
            }
        }
        return examples
    }

    @Test func everyExampleIsFound() throws {
        #expect(try Self.examples().count == 720)
    }

    /// A manuscript with one chapter per example.
    static func manuscript() throws -> TestManuscript {
        let manuscript = try TestManuscript(["draftforge.yml": "title: GFM spec examples\n"])
        for (number, example) in try examples().enumerated() {
            try manuscript.write(String(format: "chapters/%04d-example.md", number + 1), example)
        }
        return manuscript
    }

    @Test func everyEmittedDocumentIsWellFormedXML() throws {
        let manuscript = try Self.manuscript()
        let result = try manuscript.build(allowBlocking: true)
        #expect(result.chapterCount == 720)
        let epub = try EPUBContents(result.outputs[0].url)
        let documents = epub.xhtml + [("OEBPS/content.opf", epub["OEBPS/content.opf"] ?? "")]
        #expect(documents.count == 720 + 4)  // chapters, title page, copyright page, nav, package
        for (name, text) in documents {
            if let problem = XMLCheck.problem(in: text) {
                Issue.record("\(name): \(problem)")
            }
        }
    }
}
