import Foundation
import Testing
@testable import DraftForgeKit

/// SVG images are documents: what could run or load is removed before any output takes them.
@Suite("SVG images are cleaned")
struct SVGSanitizerTests {
    static let namespaces = #"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#

    func clean(_ svg: String) throws -> (text: String, removed: [String]) {
        let cleaned = try SVGSanitizer.sanitize(Data(svg.utf8)).get()
        return (String(decoding: cleaned.data, as: UTF8.self), cleaned.removed)
    }

    @Test func aHarmlessDrawingIsKeptByteForByte() throws {
        let svg = ##"<svg \##(Self.namespaces) width="10" height="10"><defs><g id="a"><rect width="1" height="1" fill="url(#g)"/></g></defs><use xlink:href="#a"/><a href="https://example.com"><text>x</text></a><image href="data:image/png;base64,AAAA"/></svg>"##
        let cleaned = try SVGSanitizer.sanitize(Data(svg.utf8)).get()
        #expect(cleaned.removed.isEmpty)
        #expect(cleaned.data == Data(svg.utf8))
    }

    @Test func scriptsHandlersAndForeignContentAreRemoved() throws {
        let svg = """
            <svg \(Self.namespaces) onload="alert(1)"><script>alert(2)</script><SCRIPT>alert(3)</SCRIPT>\
            <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>\
            <a xlink:href="javascript:alert(4)"><rect onclick="alert(5)" width="1" height="1"/></a>\
            <set attributeName="href" to="javascript:alert(6)"/><circle r="1"/></svg>
            """
        let (text, removed) = try clean(svg)
        for needle in ["alert", "script", "SCRIPT", "foreignObject", "onload", "onclick", "javascript", "<set"] {
            #expect(!text.contains(needle), "\(needle) survived: \(text)")
        }
        #expect(text.contains("<circle r=\"1\"/>"))
        #expect(removed.contains("<script>") && removed.contains("onload") && removed.contains("<foreignobject>"), "\(removed)")
    }

    @Test func referencesToOtherFilesAreRemoved() throws {
        let svg = """
            <svg \(Self.namespaces)><style>@import url(https://fonts.example/x.css);</style>\
            <image xlink:href="file:///etc/passwd"/><image href="../secret.png"/><use href="other.svg#a"/>\
            <rect fill="url(https://evil.example/p#x)" style="filter:url('file:///dev/zero')" width="1" height="1"/>\
            <rect fill="url(#ok)" width="2" height="2"/></svg>
            """
        let (text, removed) = try clean(svg)
        for needle in ["@import", "file:", "secret", "other.svg", "evil", "<style"] {
            #expect(!text.contains(needle), "\(needle) survived: \(text)")
        }
        #expect(text.contains("fill=\"url(#ok)\""))
        #expect(removed.count == 6, "\(removed)")
    }

    @Test func anExternalEntityIsRefusedAndAnInternalOneExpanded() throws {
        let external = #"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg \#(Self.namespaces)><text>&x;</text></svg>"#
        #expect(throws: SVGSanitizer.Refusal.self) { try SVGSanitizer.sanitize(Data(external.utf8)).get() }
        // Illustrator declares its namespaces as entities.
        let declared = #"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg xmlns="&ns_svg;"><text>t</text></svg>"#
        let (text, _) = try clean(declared)
        #expect(text.contains(#"<svg xmlns="http://www.w3.org/2000/svg">"#), "\(text)")
        #expect(!text.contains("ENTITY"))
    }

    /// Graphviz's doctype declares no entity: the file is read once, and its doctype still goes
    /// when something is removed.
    @Test func aDoctypeWithoutEntitiesIsDroppedWithWhatIsRemoved() throws {
        let graphviz = #"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg \#(Self.namespaces)><script>x()</script><text>a&amp;b</text></svg>"#
        let (text, removed) = try clean(graphviz)
        #expect(removed == ["<script>"])
        #expect(!text.contains("DOCTYPE") && !text.contains("script"))
        #expect(text.contains("<text>a&amp;b</text>"), "\(text)")
    }

    @Test func aReferenceBombIsRefusedAndALoopToo() throws {
        // Ten levels of ten <use> each: 10^10 elements in under 3 KB.
        var svg = "<svg \(Self.namespaces)><defs><rect id=\"l0\" width=\"1\" height=\"1\"/>"
        for level in 1...10 {
            svg += "<g id=\"l\(level)\">" + String(repeating: "<use href=\"#l\(level - 1)\"/>", count: 10) + "</g>"
        }
        svg += "</defs><use href=\"#l10\"/></svg>"
        #expect(svg.utf8.count < 3_000)
        let refusal = try #require(throws: SVGSanitizer.Refusal.self) { try SVGSanitizer.sanitize(Data(svg.utf8)).get() }
        #expect(refusal.reason.contains("expands"))
        let loop = "<svg \(Self.namespaces)><g id=\"a\"><use href=\"#b\"/></g><g id=\"b\"><use href=\"#a\"/></g></svg>"
        #expect(throws: SVGSanitizer.Refusal.self) { try SVGSanitizer.sanitize(Data(loop.utf8)).get() }
    }

    @Test func notAnSVGIsRefused() {
        #expect(throws: SVGSanitizer.Refusal.self) { try SVGSanitizer.sanitize(Data("<html/>".utf8)).get() }
        #expect(throws: SVGSanitizer.Refusal.self) { try SVGSanitizer.sanitize(Data("<svg".utf8)).get() }
    }
}
