import Foundation
import Testing
@testable import DraftForgeKit

/// Raw HTML that is well-formed but breaks XHTML's content model is repaired, keeping text and ids.
@Suite("Content model repair")
struct ContentModelTests {
    private func repaired(_ markdown: String) throws -> String {
        try renderChapter(markdown).body
    }

    @Test func blocksInsidePreAreUnwrapped() throws {
        let body = try repaired("<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n</pre>\n</td></tr></table>\n")
        #expect(body.contains("<pre>\n**Hello**,\n<em>world</em>.\n</pre>"))
    }

    @Test func listItemsOutsideListsBecomeDivs() throws {
        let body = try repaired("- <div>\n- foo\n")
        #expect(body.contains("<div>\n\n<div>foo</div>"))
        #expect(!body.contains("<div>\n\n<li>"))
    }

    @Test func strayContentInRowsIsWrappedInCells() throws {
        let body = try repaired("<table>\n\n  <tr>\n\n    <td>\n      Hi\n    </td>\n\n  </tr>\n\n</table>\n")
        #expect(body.contains("<tr>\n<td><pre><code>"))
    }

    @Test func idsOfUnwrappedElementsSurvive() throws {
        let body = try repaired(#"<pre>code <div id="keep">block</div> more</pre>"# + "\n")
        #expect(body.contains(#"<span id="keep">block</span>"#))
    }

    @Test func footnotesEndTheChapterEvenInsideUnclosedHTML() throws {
        let body = try repaired("<div id=\"x\">raw\n\nText[^1]\n\n[^1]: The note.\n")
        #expect(body.hasSuffix("</section>\n"))
        #expect(body.contains(#"<section class="footnotes" epub:type="footnotes" role="doc-endnotes">"#))
    }
}
