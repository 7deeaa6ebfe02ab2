// The site's continuity.html: the findings grouped by chapter, each linked to its chapter's page.
import Foundation

enum ContinuityPage {
    static let fileName = "continuity.html"

    /// `pages` maps a chapter's source path to its page in the site.
    static func html(_ report: ContinuityReport, strings: InterfaceStrings, pages: [String: String]) -> String {
        report.htmlFragment(strings: strings) { location in pages[location.file] }
    }
}
