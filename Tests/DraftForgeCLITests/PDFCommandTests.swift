import Foundation
import Testing

/// `draftforge build --format pdf` as a user runs it: opt-in, and a missing engine fails only the PDF.
@Suite("draftforge build --format pdf")
struct PDFCommandTests {
    let cli = CommandLineTests()

    @Test(.externalTools) func thePDFIsBuiltOnlyWhenAskedFor() throws {
        let output = try cli.temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try cli.draftforge(
            ["build", "Samples/the-lighthouse-keeper", "--output", output.path, "--format", "epub,pdf"],
            in: CommandLineTests.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("pdf: \(output.path)/lighthouse-keepers-daughter.pdf ("), "\(run.stdout)")
        let pdf = try Data(contentsOf: output.appendingPathComponent("lighthouse-keepers-daughter.pdf"))
        #expect(pdf.starts(with: Data("%PDF-1.7".utf8)))

        let defaults = try cli.temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: defaults) }
        let plain = try cli.draftforge(["build", "Samples/the-lighthouse-keeper", "--output", defaults.path], in: CommandLineTests.packageRoot)
        #expect(plain.status == 0, "\(plain.stderr)")
        // Neither opt-in format is in the default build.
        for format in ["pdf", "docx"] {
            #expect(!plain.stdout.contains("\(format):"))
            #expect(!FileManager.default.fileExists(atPath: defaults.appendingPathComponent("lighthouse-keepers-daughter.\(format)").path))
        }
    }

    @Test func withoutTheEngineThePDFFailsAndSaysHowToInstallIt() throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Tiny\n", "chapters/1.md": "# One\n\nText.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let noTools = root.appendingPathComponent("no-tools")
        try FileManager.default.createDirectory(at: noTools, withIntermediateDirectories: true)
        let run = try cli.draftforge(["build", root.path, "--format", "pdf,epub"], environment: ["PATH": noTools.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains(
            "error: could not write tiny.pdf: the PDF engine Typst needs Python 3, and there is no python3 on PATH; install Typst's Python package with 'pip install typst' (PyPI), or run 'scripts/bootstrap pdf'"),
            "\(run.stderr)")
        #expect(run.stderr.contains("[output.engine-missing]"))
        #expect(run.stderr.contains("wrote epub: tiny.epub"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/tiny.epub").path))
        let manifest = try String(contentsOf: root.appendingPathComponent("dist/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"export_type\" : \"pdf\""))
        #expect(manifest.contains("\"status\" : \"failed\""))
    }
}
