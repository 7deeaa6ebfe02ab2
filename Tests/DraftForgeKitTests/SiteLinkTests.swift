import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// Every internal link and anchor of the sample's site and of the Rust book's site resolves.
@Suite("Site links")
struct SiteLinkTests {
    static let books = ["Samples/the-lighthouse-keeper", "../shared/corpus/rust-book", "../shared/corpus/mdbook-guide"]

    /// Builds the site of the manuscript at `book` (relative to the package) into `output`.
    static func buildSite(_ book: String, into output: URL) throws -> URL {
        let source = packageRoot.appendingPathComponent(book).standardizedFileURL
        let result = try Pipeline.build(BuildOptions(root: source, outputDirectory: output, formats: [.html]))
        return try #require(result.outputs.first { $0.format == .html }).url
    }

    @Test(arguments: books)
    func everyInternalLinkResolves(_ book: String) throws {
        if book.hasPrefix("../shared/") { try Hermetic.require(.corpus) }
        let output = try TestManuscript()
        let site = try Self.buildSite(book, into: output.root)
        var checker = SiteLinkChecker(root: site)
        let problems = try checker.problems()
        #expect(problems.isEmpty, "\(problems.count) broken links in \(book):\n\(problems.prefix(40).joined(separator: "\n"))")
        let pages = try folderContents(site).keys.filter { $0.hasSuffix(".html") }
        #expect(pages.count >= 4, "\(pages)")
    }

    /// The checker itself finds a missing file, a missing anchor, an absolute path and an
    /// address that leaves the site.
    @Test func checkerFindsBrokenLinks() throws {
        let site = try TestManuscript([
            "index.html": """
                <!DOCTYPE html><html><head><link rel="stylesheet" href="site.css"></head><body>
                <a id="top" href="#top">fine</a> <a href="other.html#here">fine</a>
                <a href="gone.html">missing file</a> <a href="other.html#nowhere">missing anchor</a>
                <a href="/other.html">absolute</a> <img src="../outside.png" alt="">
                <a href="https://example.com/#x">external</a>
                </body></html>
                """,
            "other.html": "<!DOCTYPE html><p id=\"here\">x</p>",
            "site.css": "@font-face { src: url(\"fonts/none.woff2\"); }",
        ])
        var checker = SiteLinkChecker(root: site.root)
        let problems = try checker.problems()
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.contains { $0.contains("gone.html: no file gone.html") })
        #expect(problems.contains { $0.contains("no element with id 'nowhere' in other.html") })
        #expect(problems.contains { $0.contains("/other.html: an absolute path") })
        #expect(problems.contains { $0.contains("../outside.png: leads out of the site") })
        #expect(problems.contains { $0.contains("site.css: fonts/none.woff2: no file fonts/none.woff2") })
    }
}
