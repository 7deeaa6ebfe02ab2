import Foundation
import Testing
@testable import DraftForgePreview

/// Each layer of the path check on its own: the segment rules, then the real-path rule.
@Suite struct SiteFileResolverTests {
    @Test(arguments: [
        "/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E%2Fetc", "/a/..%2f..%2fetc", "/./x", "/a/%2e/b",
        "/a\\..\\b", "/a%5c..%5cb", "/a%00b", "relative", "", "http://host/x", "/%zz",
    ])
    func refusesDotSegmentsEncodedOrNotAndOddCharacters(_ target: String) {
        #expect(SiteFileResolver.segments(of: target) == nil)
    }

    @Test func decodesOnceAndDropsEmptySegments() {
        #expect(SiteFileResolver.segments(of: "/") == [])
        #expect(SiteFileResolver.segments(of: "//a///b.html?x=1") == ["a", "b.html"])
        #expect(SiteFileResolver.segments(of: "/my%20book/ch%C3%A9.html") == ["my book", "ché.html"])
        // Double encoding decodes once, to a literal name that contains '%': no dot segment.
        #expect(SiteFileResolver.segments(of: "/%252e%252e/x") == ["%2e%2e", "x"])
    }

    @Test func followsLinksOnlyWhileTheyStayInside() throws {
        let folder = try TestFolder(["site/index.html": "<p>home</p>", "site/a/page.html": "x", "secret.txt": "s"])
        let site = folder.url("site")
        try FileManager.default.createSymbolicLink(atPath: folder.url("site/out").path, withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: folder.url("site/outdir").path, withDestinationPath: folder.root.path)
        try FileManager.default.createSymbolicLink(atPath: folder.url("site/in").path, withDestinationPath: "a/page.html")
        let resolver = SiteFileResolver(root: site)

        #expect(resolver.resolve("/out") == .notFound)
        #expect(resolver.resolve("/outdir/secret.txt") == .notFound)
        #expect(resolver.resolve("/in") == .file(folder.url("site/a/page.html")))
        #expect(resolver.resolve("/") == .file(folder.url("site/index.html")))
        #expect(resolver.resolve("/a") == .redirect(to: "/a/"))
        #expect(resolver.resolve("/a/") == .folder(URL(fileURLWithPath: folder.url("site/a").path, isDirectory: true)))
        #expect(resolver.resolve("/missing.html") == .notFound)
    }
}

@Suite struct LiveReloadScriptTests {
    @Test func goesBeforeTheLastClosingBodyTagInAnyCase() {
        let page = "<html><body><p>a</p><!-- </body> in a comment --></BODY></html>"
        let result = LiveReloadScript.inject(into: page, version: "v1")
        let script = result.range(of: "<script id=\"draftforge-live-reload\">")!
        #expect(result.hasSuffix("</script>\n</BODY></html>"))
        #expect(script.lowerBound > result.range(of: "in a comment")!.lowerBound)
        #expect(result.contains("var VERSION = \"v1\""))
    }

    @Test func isAppendedWhenThereIsNoBodyTag() {
        let result = LiveReloadScript.inject(into: "<p>fragment</p>", version: "v2")
        #expect(result.hasPrefix("<p>fragment</p><script id=\"draftforge-live-reload\">"))
    }

    @Test func quotesTheVersionAsJSON() {
        #expect(LiveReloadScript.element(version: "a\"</script>").contains("var VERSION = \"a\\\"<\\/script>\""))
    }
}
