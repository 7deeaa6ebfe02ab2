import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Front matter")
struct FrontMatterTests {
    private func split(_ text: String) throws -> (FrontMatter, String, Int, [Diagnostic]) {
        var warnings: [Diagnostic] = []
        let (matter, body, offset) = try FrontMatterReader.split(text, file: "chapters/01.md", warnings: &warnings)
        return (matter, body, offset, warnings)
    }

    @Test func everyKeyIsRead() throws {
        let (matter, body, offset, warnings) = try split("""
            ---
            title: Arrival
            status: reviewing
            date: 1890-03-04
            pov: Sarah
            flashback: true
            exclude: false
            ---
            # Heading
            """)
        #expect(matter.title == "Arrival")
        #expect(matter.status == .reviewing)
        #expect(matter.date == "1890-03-04")
        #expect(matter.pov == "Sarah")
        #expect(matter.flashback)
        #expect(!matter.exclude)
        #expect(body == "# Heading")
        #expect(offset == 8)
        #expect(warnings.isEmpty)
    }

    @Test func thematicBreakIsNotFrontMatter() throws {
        let text = "---\nThe sea was calm.\n---\nMore text.\n"
        let (matter, body, offset, _) = try split(text)
        #expect(matter == FrontMatter())
        #expect(body == text)
        #expect(offset == 0)
    }

    @Test func unclosedBlockIsMarkdown() throws {
        let text = "---\ntitle: x\nno closing line\n"
        #expect(try split(text).1 == text)
    }

    @Test func syntaxErrorNamesTheFileLine() {
        do {
            _ = try split("---\ntitle: ok\nstatus: [draft\n---\nText\n")
            Issue.record("accepted")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.code == "load.front-matter-syntax")
            #expect(diagnostic.location?.file == "chapters/01.md")
            #expect((diagnostic.location?.line ?? 0) >= 3)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func wrongValueNamesTheLine() {
        do {
            _ = try split("---\ntitle: ok\nstatus: done\n---\nText\n")
            Issue.record("accepted")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.code == "load.front-matter-value")
            #expect(diagnostic.location == SourceLocation(file: "chapters/01.md", line: 3, column: 9))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func unknownKeyIsReported() throws {
        let (_, _, _, warnings) = try split("---\ntitle: ok\nmood: grim\n---\nText\n")
        #expect(warnings.map(\.code) == ["load.front-matter-unknown-key"])
        #expect(warnings.first?.location?.line == 3)
    }
}
