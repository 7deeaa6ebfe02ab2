// The user guide in docs/ is a DraftForge manuscript, built by DraftForge itself (as mdBook's
// guide is an mdBook): it must build with no warning, and its EPUB and site must pass the same
// checkers as the sample's.
import Foundation
import Testing
@testable import DraftForgeKit

@Suite("User guide", .externalTools)
struct UserGuideTests {
    static let guide = packageRoot.appendingPathComponent("docs")

    /// The guide's chapter files, relative to the manuscript, e.g. `chapters/01-installation.md`.
    static func chapterFiles() throws -> Set<String> {
        let names = try FileManager.default.contentsOfDirectory(atPath: guide.appendingPathComponent("chapters").path)
        return Set(names.filter { $0.hasSuffix(".md") }.map { "chapters/\($0)" })
    }

    @Test func guideBuildsWithNoWarningAndPassesEPUBCheckAndTheNuChecker() throws {
        let output = try TestManuscript()
        let result = try Pipeline.build(BuildOptions(
            root: Self.guide, outputDirectory: output.url("dist"),
            environment: ["SOURCE_DATE_EPOCH": "1700000000"], includeHistory: false))
        let problems = result.diagnostics.filter { $0.severity != .info }
        #expect(problems.isEmpty, "the guide builds with \(problems.count) warnings or errors:\n\(problems.prefix(40).map(\.description).joined(separator: "\n"))")
        let built = Set(result.stats.chapters.map(\.file))
        #expect(built == (try Self.chapterFiles()), "chapters built: \(built.sorted())")

        let epub = try #require(result.outputs.first { $0.format == .epub }).url
        if let messages = try EPUBCheckTests.problems(in: epub, report: output.url("epubcheck.json")) {
            Issue.record("EPUBCheck failed on the guide:\n\(messages.prefix(4000))")
        }

        let site = try #require(result.outputs.first { $0.format == .html }).url
        let pages = try folderContents(site).keys.filter { $0.hasSuffix(".html") }.sorted().map { site.appendingPathComponent($0) }
        let verdict = try SiteValidationTests.check(pages, scratch: output)
        #expect(verdict.caughtControl, "the checker found nothing wrong with a broken page: \(verdict.output.prefix(2000))")
        #expect(verdict.errors.isEmpty, "\(verdict.errors.count) HTML errors in the guide's \(pages.count) pages:\n\(verdict.listed)")
        #expect(pages.count > (try Self.chapterFiles()).count, "only \(pages.count) pages were checked")

        var links = SiteLinkChecker(root: site)
        let broken = try links.problems()
        #expect(broken.isEmpty, "\(broken.count) broken links in the guide's site:\n\(broken.prefix(40).joined(separator: "\n"))")
    }
}
