import Foundation
import Testing

/// `draftforge build --format docx` as a user runs it: a Word document, and only what was asked
/// for (that the default build makes none is checked with the PDF, in PDFCommandTests).
@Suite("draftforge build --format docx")
struct DOCXCommandTests {
    let cli = CommandLineTests()

    @Test func theDocumentIsBuiltWhenAskedForAndAlone() throws {
        let output = try cli.temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try cli.draftforge(
            ["build", "Samples/the-lighthouse-keeper", "--output", output.path, "--format", "docx"],
            in: CommandLineTests.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("docx: \(output.path)/lighthouse-keepers-daughter.docx ("), "\(run.stdout)")
        let docx = try Data(contentsOf: output.appendingPathComponent("lighthouse-keepers-daughter.docx"))
        #expect(docx.starts(with: Data("PK\u{3}\u{4}".utf8)), "a ZIP package")
        for part in ["[Content_Types].xml", "word/document.xml", "word/styles.xml"] {
            #expect(docx.range(of: Data(part.utf8)) != nil, "the package names \(part)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("lighthouse-keepers-daughter.epub").path))
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"export_type\" : \"docx\""))
        #expect(!manifest.contains("\"export_type\" : \"epub\""))
    }
}
