import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Sanitizer: raw HTML keeps only what EPUB XHTML allows")
struct SanitizerTests {
    private func body(_ markdown: String) throws -> String {
        let (body, _) = try renderChapter(markdown)
        #expect(XMLCheck.problem(in: "<body xmlns:epub=\"http://www.idpf.org/2007/ops\">\(body)</body>") == nil)
        return body
    }

    @Test func mediaFormsAndEmbedsAreDroppedWithContent() throws {
        let result = try body("<div>keep<video>v</video><object>o</object><button>b</button><svg><text>s</text></svg></div>\n")
        #expect(result.contains("<div>keep</div>"))
    }

    @Test func tagFilterShowsScriptsAsTextAsGitHubDoes() throws {
        let result = try body("<script>evil()</script>\n\n<style>p{}</style> <iframe src=x></iframe>\n")
        #expect(!result.contains("<script"))
        #expect(!result.contains("<style"))
        #expect(!result.contains("<iframe"))
        #expect(result.contains("&lt;script&gt;evil()&lt;/script&gt;"))
    }

    @Test func unknownElementsAreUnwrapped() throws {
        let result = try body("<center><font color=red>old</font> <x:y>ns</x:y> <blink>b</blink></center>\n")
        #expect(result.contains("old ns b"))
        #expect(!result.contains("<center"))
        #expect(!result.contains("x:y"))
    }

    @Test func disallowedAttributesAreDropped() throws {
        let result = try body(#"<p onclick="x()" style="color:red" data-x="1" zoop:33="x" class=" a  b " title="ok" dir="RTL" lang="not a tag">t</p>"# + "\n")
        #expect(result.contains(#"<p class="a b" title="ok" dir="rtl">t</p>"#))
    }

    @Test func commentsAreDropped() throws {
        let result = try body("<!-- a -- comment -->\n\nText <!-- inline -- one -->\n")
        #expect(!result.contains("<!--"))
        #expect(!result.contains("comment"))
    }

    @Test func invalidIDsBecomeValidAndUnique() throws {
        let result = try body(#"<a id="1 bad id"></a><span id="x"></span><span id="x"></span>"# + "\n")
        #expect(result.contains(#"<a id="id-1-bad-id"></a>"#))
        #expect(result.contains(#"<span id="x"></span><span id="x--01-one"></span>"#))
    }

    @Test func unclosedAndMisnestedHTMLIsRepaired() throws {
        let result = try body("<div><p>open <b>bold <i>both</b> after\n\ntext &nbsp; &copy; &bogus;\n")
        #expect(result.contains("\u{A0}"))
        #expect(result.contains("©"))
    }

    @Test func controlCharactersNeverReachTheXML() throws {
        let result = try body("bell \u{07} and form \u{0C} feed\n")
        #expect(!result.contains("\u{07}"))
        #expect(!result.contains("\u{0C}"))
    }

    @Test func nestedLinksKeepOnlyTheOuter() throws {
        let result = try body(#"<a href="https://a.example/">outer <a href="https://b.example/">inner</a></a>"# + "\n")
        #expect(!result.contains(#"<a href="https://a.example/">outer <a"#))
    }

    @Test func deepNestingKeepsTheText() throws {
        let depth = 400
        let markdown = String(repeating: "<div>", count: depth) + "deep text" + String(repeating: "</div>", count: depth) + "\n"
        #expect(try body(markdown).contains("deep text"))
    }

    @Test func tenThousandNestedQuotesBuildWithTheirText() throws {
        let markdown = String(repeating: "> ", count: 10_000) + "deepest words\n\n"
            + String(repeating: "<div>", count: 10_000) + "inner" + String(repeating: "</div>", count: 10_000) + "\n"
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": markdown])
        let result = try manuscript.build()
        let chapter = try #require(try EPUBContents(result.outputs[0].url)["OEBPS/text/01-one.xhtml"])
        #expect(chapter.contains("deepest words"))
        #expect(chapter.contains("inner"))
        #expect(chapter.components(separatedBy: "<blockquote>").count == 10_001)
    }
}
