import Foundation
import Testing
@testable import DraftForgeKit

@Suite struct PointOfViewRuleTests {
    let bible = """
        characters:
          - name: Sarah Quill
            aliases: [Sarah]
          - name: Thomas
            dies: 01-one
        """
    let narration = String(repeating: "The sea was grey and the wind was cold on the point. ", count: 12)

    func run(_ chapters: [(String, String)]) throws -> [Found] {
        try ContinuityTesting.run(PointOfViewRule(), chapters, bible: bible)
    }

    @Test func anUnknownOrDeadNarratorIsFound() throws {
        let found = try run([
            ("01-one", "---\npov: Sarh\n---\nSarah waited. \(narration)\n"),
            ("02-two", "---\npov: Thomas\n---\nThomas waited. \(narration)\n"),
        ])
        #expect(found == [
            Found(.pointOfView, .warning, "chapters/01-one.md", 2, 6, "Sarh"),
            Found(.pointOfView, .error, "chapters/02-two.md", 2, 6, "Thomas"),
        ])
    }

    @Test func aFirstPersonNarratorNamedInTheNarrationIsFound() throws {
        let found = try run([
            ("01-one", "---\npov: Sarah\n---\nI walked to the point, and my boots were wet. I waited.\n\n“Go home, Sarah,” said Thomas.\n\nSarah turned away.\n\n“No,” said Sarah.\n"),
        ])
        #expect(found == [
            Found(.pointOfView, .warning, "chapters/01-one.md", 8, 1, "Sarah turned"),
            Found(.pointOfView, .warning, "chapters/01-one.md", 10, 7, "said Sarah"),
        ])
    }

    @Test func aCloseThirdNarratorWhoIsNeverNamedIsFound() throws {
        let found = try run([
            ("01-one", "---\npov: Sarah\n---\n\(narration)\n"),
            ("02-two", "---\npov: Sarah\n---\nSarah looked out. \(narration)\n"),
        ])
        #expect(found.map(\.file) == ["chapters/01-one.md"])
        #expect(found.first?.severity == .warning)
    }

    @Test func greatExpectationsToldByPipRaisesNothing() throws {
        let source = sharedFolder.appendingPathComponent("corpus/great-expectations/chapters")
        guard FileManager.default.fileExists(atPath: source.path) else { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: source.path).filter { $0.hasSuffix(".md") }.sorted()
        let chapters = try names.map { name in
            (String(name.dropLast(3)), "---\npov: Pip\n---\n" + (try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)))
        }
        let found = try ContinuityTesting.run(
            PointOfViewRule(), chapters, bible: "characters:\n  - name: Philip Pirrip\n    aliases: [Pip, Handel, Mr. Pip]\n")
        #expect(found == [])
    }
}
