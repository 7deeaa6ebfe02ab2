import Foundation
import Testing
@testable import DraftForgeKit

/// `docx:` in draftforge.yml: every key read, every wrong type or value an error at its line.
@Suite("DOCX config")
struct DOCXConfigTests {
    private func load(_ yaml: String) throws -> (ManuscriptConfig.DOCXOptions, [Diagnostic]) {
        let manuscript = try TestManuscript(["draftforge.yml": yaml])
        var warnings: [Diagnostic] = []
        let config = try ConfigLoader(root: manuscript.root).load(warnings: &warnings)
        return (config.docx, warnings)
    }

    private func error(_ yaml: String) -> Diagnostic? {
        do {
            _ = try load(yaml)
            Issue.record("the config was accepted")
        } catch let diagnostic as Diagnostic {
            return diagnostic
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    @Test func everyKeyIsRead() throws {
        let (options, warnings) = try load("""
            title: T
            docx:
              style: modern
              font: Courier New
              paper: a4
              short_title: Short
              surname: Le Guin
              contact:
                name: Ann Author
                address: [1 High Street, Town]
                email: ann@example.com
                phone: 555 0100
                website: https://example.com
            """)
        #expect(warnings.isEmpty)
        #expect(options.style == .modern)
        #expect(options.font == "Courier New")
        #expect(options.paper == .a4)
        #expect(options.shortTitle == "Short")
        #expect(options.surname == "Le Guin")
        #expect(options.contact.name == "Ann Author")
        #expect(options.contact.address == ["1 High Street", "Town"])
        #expect(options.contact.email == "ann@example.com")
        #expect(options.contact.phone == "555 0100")
        #expect(options.contact.website == "https://example.com")

        let (defaults, _) = try load("title: T\n")
        #expect(defaults == ManuscriptConfig.DOCXOptions())
        #expect(defaults.style == .manuscript && defaults.font == "Times New Roman" && defaults.paper == .letter)
        let (multiline, _) = try load("title: T\ndocx:\n  contact:\n    address: |\n      1 High Street\n      Town\n")
        #expect(multiline.contact.address == ["1 High Street", "Town"])
    }

    @Test func wrongTypesAndValuesAreErrorsAtTheirLine() {
        #expect(error("title: T\ndocx: yes\n") == Diagnostic(
            .error, .configType, at: SourceLocation(file: "draftforge.yml", line: 2, column: 7), "'docx' must be a mapping",
            suggestion: "write the Word document's options on their own lines, such as '  style: manuscript'"))
        let style = error("title: T\ndocx:\n  style: fancy\n")
        #expect(style?.code == "config.value")
        #expect(style?.location == SourceLocation(file: "draftforge.yml", line: 3, column: 10))
        #expect(style?.message == "'docx.style' must be one of manuscript, modern, not 'fancy'")
        #expect(error("title: T\ndocx:\n  paper: legal\n")?.message == "'docx.paper' must be one of letter, a4, not 'legal'")
        #expect(error("title: T\ndocx:\n  font: [a, b]\n")?.code == "config.type")
        let empty = error("title: T\ndocx:\n  font: \"  \"\n")
        #expect(empty?.message == "'docx.font' is empty")
        #expect(empty?.location?.line == 3)
        #expect(error("title: T\ndocx:\n  contact: ann@example.com\n")?.message == "'docx.contact' must be a mapping")
        let email = error("title: T\ndocx:\n  contact:\n    email: not an address\n")
        #expect(email?.code == "config.value")
        #expect(email?.location?.line == 4)
        #expect(error("title: T\ndocx:\n  contact:\n    address: {street: x}\n")?.message == "'docx.contact.address' must be a list of text values")
    }

    @Test func unknownKeysWarnWithTheNearestOne() throws {
        let (_, warnings) = try load("title: T\ndocx:\n  styel: modern\n  contact:\n    emial: a@b.c\n    twitter: x\n")
        #expect(warnings.map(\.message) == [
            "unknown key 'styel' in 'docx'", "unknown key 'emial' in 'docx.contact'", "unknown key 'twitter' in 'docx.contact'",
        ])
        #expect(warnings.map(\.suggestion) == ["did you mean 'style'?", "did you mean 'email'?", "use name, address, email, phone, website"])
        #expect(warnings.map { $0.location?.line } == [3, 5, 6])
    }

    @Test func aBadDOCXKeyWritesNothingAndKeepsTheEarlierFile() throws {
        let manuscript = try TestManuscript.minimal()
        let (result, _) = try buildDOCX(manuscript)
        let earlier = try folderContents(manuscript.dist)
        try manuscript.write("draftforge.yml", "title: Test Book\ndocx:\n  style: fancy\n")
        var options = manuscript.options()
        options.formats = [.docx]
        #expect {
            try Pipeline.build(options)
        } throws: { error in
            (error as? BuildFailure)?.exitCode == 2
        }
        #expect(try folderContents(manuscript.dist) == earlier)
        #expect(FileManager.default.fileExists(atPath: result.outputs[0].url.path))
    }
}
