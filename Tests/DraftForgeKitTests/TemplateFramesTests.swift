import DraftForgeTemplates
import DraftForgeTestSupport
import Foundation
import Mustache
import Testing
@testable import DraftForgeKit

/// Pages filled from a frame (one Mustache render per shape of context) are byte for byte what
/// Mustache renders, and templates that could act on a string's text are rendered directly.
@Suite("Template frames")
struct TemplateFramesTests {
    static let page = """
        <title>{{pageTitle}}</title>{{#rtl}} dir="rtl"{{/rtl}}
        {{> header}}
        <main>{{{body}}}</main>
        {{#partTitle}}<p class="part">{{partTitle}}</p>{{/partTitle}}{{^partTitle}}<p>no part</p>{{/partTitle}}
        {{#epubType}} epub:type="{{.}}"{{/epubType}}
        {{#previous}}<a href="{{href}}">{{title}} {{strings.previous}}</a>{{/previous}}
        <ul>{{#reports}}<li><a href="{{href}}">{{title}}</a></li>{{/reports}}</ul>
        <ol>{{#keywords}}<li>{{.}}</li>{{/keywords}}</ol>
        <p>{{count}} {{hasSidebar}}</p>
        """
    static let header = "<header>{{bookTitle}} · {{strings.search}}</header>\n"

    static func context(_ number: Int, title: String, part: String?, body: String) -> [String: Any] {
        var context: [String: Any] = [
            "pageTitle": title, "bookTitle": "Harrow & Sons", "body": body, "epubType": "chapter",
            "strings": ["previous": "Previous", "search": "Search ‘the’ book"],
            "previous": ["href": "\(number - 1).html", "title": "Chapter <\(number - 1)>"],
            "reports": [["href": "continuity.html", "title": "Continuity"], ["href": "stats.html", "title": "“Stats”"]],
            "keywords": ["one", "two & three"], "count": 2, "hasSidebar": true,
        ]
        if let part { context["partTitle"] = part }
        if number.isMultiple(of: 3) { context["rtl"] = true }
        return context
    }

    /// A frames cache and the direct render it stands in for, parsed as `TemplateSet` parses.
    static func renderers(_ page: String = page) throws -> (frames: TemplateFrames, direct: ([String: Any]) -> String) {
        _ = MarkupContentType.registered
        let pragma = MarkupContentType.pragma
        var library = MustacheLibrary()
        library.register(try MustacheTemplate(string: pragma + header), named: "header")
        let template = try MustacheTemplate(string: pragma + page)
        return (TemplateFrames(), { template.render($0, library: library) })
    }

    @Test func filledPagesAreWhatMustacheRenders() throws {
        let (frames, direct) = try Self.renderers()
        let titles = ["Arrival", "Don’t <stop> & “go”", "", "'\u{301}quoted\"", "Ünïcödé 漢字 🎉", "A\nB"]
        var filled = 0
        for (number, title) in titles.enumerated() {
            for part in [nil, "Part <One>", ""] {
                let context = Self.context(number + 1, title: title, part: part, body: "<p>Body of \(title) & more</p>")
                let expected = direct(context)
                if let page = frames.render("page", context, with: direct) {
                    #expect(page == expected, "\(title) / \(part ?? "no part")")
                    filled += 1
                }
            }
        }
        #expect(filled == titles.count * 3 - 1, "every render after the template's first is filled from a frame")
    }

    /// Escaped by bytes: a combining mark after `'` or `<` (one character with it) leaves the
    /// mark escaped all the same, where Mustache's own escaping left `<` bare in the XML.
    @Test func markupIsEscapedByBytes() throws {
        let (frames, direct) = try Self.renderers()
        let context = Self.context(1, title: "<\u{338} '\u{301}", part: nil, body: "")
        #expect(direct(context).hasPrefix("<title>&lt;\u{338} &#39;\u{301}</title>"))
        _ = frames.render("page", context, with: direct)
        #expect(frames.render("page", context, with: direct)?.hasPrefix("<title>&lt;\u{338} &#39;\u{301}</title>") == true)
        #expect(TemplateFrames.escaped("a < b & \"c\" 'd' > é") == "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; é")
    }

    @Test func aPageOfAnotherShapeGetsItsOwnFrame() throws {
        let (frames, direct) = try Self.renderers()
        _ = frames.render("page", Self.context(1, title: "One", part: nil, body: "x"), with: direct)
        let withPart = Self.context(2, title: "Two", part: "Part", body: "y")
        let withoutPart = Self.context(4, title: "Four", part: nil, body: "z")
        var longer = withoutPart
        longer["keywords"] = ["a", "b", "c"]
        longer["count"] = 7
        for context in [withPart, withoutPart, longer, withPart] {
            let page = try #require(frames.render("page", context, with: direct))
            #expect(page == direct(context))
        }
    }

    /// The interface strings' table reads as the dictionary it is made from, directly and from
    /// frames; a table with other names is another shape.
    @Test func theStringsTableRendersAsItsDictionary() throws {
        let (frames, direct) = try Self.renderers()
        let table: [String: String] = ["previous": "Previous", "search": "Search ‘the’ <book> & more", "unused": "x"]
        let tables = [table, table, table.merging(["search": "Find"]) { $1 }, ["previous": "Back", "search": "Search"]]
        for (number, table) in tables.enumerated() {
            var context = Self.context(number + 1, title: "T\(number)", part: nil, body: "b")
            context["strings"] = table
            let expected = direct(context)
            context["strings"] = TemplateStrings(table)
            #expect(direct(context) == expected)
            let page = frames.render("page", context, with: direct)
            #expect(number == 0 ? page == nil : page == expected, "\(number)")
        }
        #expect(TemplateStrings(table)["search"] == table["search"] && TemplateStrings(table)["missing"] == nil)
    }

    @Test func aValueOfAnUnknownTypeIsRenderedDirectly() throws {
        let (frames, direct) = try Self.renderers()
        var context = Self.context(1, title: "One", part: nil, body: "x")
        _ = frames.render("page", context, with: direct)
        context["count"] = 2.5
        #expect(frames.render("page", context, with: direct) == nil)
    }

    @Test(arguments: [
        "{{uppercased(title)}}", "{{#reversed(keywords)}}{{.}}{{/reversed(keywords)}}", "{{=<% %>=}}<% title %>",
        "<div>\n  {{> header}}\n</div>", "{{>*partial}}", "{{> *partial}}", "{{<*parent}}{{/*parent}}",
        "{{<parent}}\n  {{$block}}x{{/block}}\n{{/parent}}", "text \u{E000}&0\u{E001}",
    ])
    func templatesThatCouldChangeAStringAreNotFramed(_ source: String) {
        #expect(!TemplateFrames.fit([Self.header, source]))
    }

    /// The scan `fit` uses finds exactly the tags the regular expressions find, on texts made of
    /// the characters that matter (a fixed seed: the same texts every run).
    @Test func theScanAgreesWithTheRegularExpressions() {
        let alphabet: [String] = ["{", "{{", "}", "(", "<", ">", "$", "*", " ", "\t", "\n", "\r", "a", "é", "→", "\u{A0}", "="]
        var generator = SplitMix64(seed: 24)
        var refused = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 12) + 1
            let source = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            let byRegex = TemplateFrames.hasChangingTagByRegex(source)
            #expect(TemplateFrames.hasChangingTag(Array(source.unicodeScalars)) == byRegex, "\(source.debugDescription)")
            if byRegex { refused += 1 }
        }
        #expect(refused > 1_000, "the texts hardly ever hold a refused tag: \(refused)")
    }

    @Test func theDefaultTemplatesAreFramed() throws {
        for format in ExportFormat.allCases {
            let folder = packageRoot.appendingPathComponent("Templates/" + format.templateFolder)
            let sources = try TemplateSet.defaultNames(format: format.templateFolder).filter { $0.hasSuffix(".mustache") }
                .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
            #expect(TemplateFrames.fit(sources), "\(format)")
        }
    }

    /// An author's page template with a transform renders every page with it, not only the first.
    @Test func anOverrideWithATransformIsRenderedOnEveryPage() throws {
        let page = try String(
            contentsOf: packageRoot.appendingPathComponent("Templates/site/page.html.mustache"), encoding: .utf8)
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: Harrow\nauthors: [Ann Author]\n",
            "chapters/01-arrival.md": "# Arrival\n\nShe came.\n",
            "chapters/02-departure.md": "# Departure\n\nShe went.\n",
            "chapters/03-return.md": "# Return\n\nShe came back.\n",
            "templates/page.html.mustache": page.replacingOccurrences(
                of: "{{{body}}}", with: "<p class=\"shout\">{{uppercased(title)}}</p>\n{{{body}}}"),
        ])
        let site = try SiteTests.site(manuscript)
        #expect(site.result.diagnostics.isEmpty)
        for (file, title) in [("01-arrival", "ARRIVAL"), ("02-departure", "DEPARTURE"), ("03-return", "RETURN")] {
            let html = try String(contentsOf: site.url.appendingPathComponent("\(file).html"), encoding: .utf8)
            #expect(html.contains("<p class=\"shout\">\(title)</p>"), "\(file)")
        }
    }
}

/// A preview server loads the templates on every build: the same texts are parsed once, and an
/// edited override is read again.
@Suite("Template sets between builds")
struct TemplateSetReuseTests {
    @Test func theSameTextsShareOneParseAndAnEditedOverrideIsSeen() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("template-reuse-\(UUID().uuidString)")
        let folder = root.appendingPathComponent(TemplateSet.overrideFolder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let override = folder.appendingPathComponent("cover.xhtml.mustache")
        try "first {{title}}".write(to: override, atomically: true, encoding: .utf8)

        let first = try TemplateSet(format: "epub", manuscriptRoot: root)
        // Another manuscript's templates in between (a test beside this one) do not undo the reuse.
        _ = try TemplateSet(format: "epub", manuscriptRoot: nil)
        let again = try TemplateSet(format: "epub", manuscriptRoot: root)
        #expect(first.frames != nil && first.frames === again.frames)
        #expect(again.render("cover.xhtml", ["title": "A"]) == "first A")
        #expect(again.overridden == ["cover.xhtml.mustache"])

        try "second {{title}}".write(to: override, atomically: true, encoding: .utf8)
        let edited = try TemplateSet(format: "epub", manuscriptRoot: root)
        #expect(edited.frames !== first.frames)
        #expect(edited.render("cover.xhtml", ["title": "A"]) == "second A")

        // The default's own text under the override's name is still an override.
        try FileManager.default.removeItem(at: override)
        let defaults = try TemplateSet(format: "epub", manuscriptRoot: root)
        #expect(defaults.overridden.isEmpty)
        let copied = try String(
            contentsOf: TemplateBundle.resourceURL.appendingPathComponent("epub/cover.xhtml.mustache"), encoding: .utf8)
        try copied.write(to: override, atomically: true, encoding: .utf8)
        #expect(try TemplateSet(format: "epub", manuscriptRoot: root).overridden == ["cover.xhtml.mustache"])
    }
}
