// The site's continuity.html: the findings grouped by chapter, each linked to its chapter's page.
import Foundation

enum ContinuityPage {
    static let fileName = "continuity.html"
    static let title = "Continuity report"

    /// `pages` maps a chapter's source path to its page in the site.
    static func html(_ report: ContinuityReport, pages: [String: String]) -> String {
        report.htmlFragment { location in pages[location.file] }
    }
}
