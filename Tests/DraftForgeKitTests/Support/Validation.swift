import Foundation
import Testing
@testable import DraftForgeKit

/// EPUBCheck on the book's EPUB (no error, no warning) and the Nu HTML Checker on some of its
/// site's pages (no error), as a reader's store and a browser would judge them.
func expectEPUBCheckAndNuPass(_ manuscript: TestManuscript, sitePages: [String]) throws {
    let result = try manuscript.build()
    let epub = try #require(result.outputs.first { $0.format == .epub }).url
    let problems = try EPUBCheckTests.problems(in: epub, report: manuscript.url("epubcheck.json"))
    #expect(problems == nil, "\(problems ?? "")")
    let site = manuscript.dist.appendingPathComponent("html")
    let verdict = try SiteValidationTests.check(sitePages.map { site.appendingPathComponent($0) }, scratch: manuscript)
    #expect(verdict.errors.isEmpty, "\(verdict.listed)")
}
