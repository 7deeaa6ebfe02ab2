import DraftForgeTestSupport
import Foundation
import Testing
@testable import DraftForgeKit

/// Book designs (`theme:`): each adds its stylesheet to the EPUB, the site and the PDF, opens
/// chapters and breaks scenes its way unless the config says otherwise, and can be copied to
/// templates/theme.css to change it.
@Suite("Themes")
struct ThemeTests {
    static func files(theme: String, extra: String = "") -> [String: String] {
        var files = ChapterOpeningTests.files
        files["draftforge.yml"] = "title: Harrow\nauthors: [Ann Author]\ntheme: \(theme)\n" + extra
        return files
    }

    @Test(arguments: BookTheme.allCases)
    func everyOutputCarriesTheThemeAndItsOpening(_ theme: BookTheme) throws {
        let manuscript = try TestManuscript(Self.files(theme: theme.rawValue))
        let result = try manuscript.build()
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        let css = try #require(epub["OEBPS/styles/book.css"])
        let themeCSS = try TemplateSet.themeStylesheet(theme)
        #expect(css.contains("/* theme: \(theme.rawValue) */\n" + themeCSS))
        #expect(css.contains(#"hr::after { content: "\#(theme.sceneBreak)";"#), "the theme's ornament")
        let site = try String(contentsOf: manuscript.dist.appendingPathComponent("html/site.css"), encoding: .utf8)
        #expect(site.contains(themeCSS))
        let (book, _) = try manuscript.render()
        let arrival = book.chapters[1].xhtml
        let label = try #require(ChapterOpeningRenderer(options: theme.opening, language: "en").label(1))
        #expect(arrival.contains(#"<p class="df-chapter-number">\#(label)</p>"#), "\(arrival)")
        let templates = try TemplateSet(format: "pdf", manuscriptRoot: manuscript.root)
        let engine = try PDFEngine.locate(environment: [PDFEngine.overrideVariable: "/bin/false"])
        #expect(PDFPackager(templates: templates, engine: engine).stylesheet(book).contains(themeCSS))
    }

    @Test func theConfigsOwnOpeningAndOrnamentWin() throws {
        let manuscript = try TestManuscript(Self.files(
            theme: "classic", extra: "chapter_opening:\n  number: roman\nscene_break: \"~\"\n"))
        let (book, _) = try manuscript.render()
        #expect(book.chapters[1].xhtml.contains(#"<p class="df-chapter-number">Chapter I</p>"#))
        #expect(!book.chapters[1].xhtml.contains("df-drop-cap"), "the config's opening, not the theme's")
        let result = try manuscript.build()
        let epubURL = try #require(result.outputs.first { $0.format == .epub }).url
        let css = try #require(try EPUBContents(epubURL)["OEBPS/styles/book.css"])
        #expect(css.contains(#"hr::after { content: "~";"#))
    }

    @Test func aCopiedThemeInTemplatesReplacesTheShippedOne() throws {
        var files = Self.files(theme: "modern")
        files["templates/theme.css"] = "h1 { color: #123456; }\n"
        let manuscript = try TestManuscript(files)
        let result = try manuscript.build()
        #expect(!result.diagnostics.contains { $0.code == "config.template-unused" }, "\(result.diagnostics)")
        let epubURL = try #require(result.outputs.first { $0.format == .epub }).url
        let css = try #require(try EPUBContents(epubURL)["OEBPS/styles/book.css"])
        #expect(css.contains("h1 { color: #123456; }"))
        #expect(!css.contains(try TemplateSet.themeStylesheet(.modern)))
    }

    /// A copied theme that is a link out of the manuscript is refused, as any template is.
    @Test func aCopiedThemeLinkedFromOutsideIsNotRead() throws {
        let outside = try TestManuscript(["secret.css": "h1 { content: \"secret\"; }\n"])
        let manuscript = try TestManuscript(Self.files(theme: "modern"))
        try FileManager.default.createDirectory(at: manuscript.url("templates"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: manuscript.url("templates/theme.css"), withDestinationURL: outside.url("secret.css"))
        let failure = try #require(throws: BuildFailure.self) { try manuscript.build() }
        #expect(failure.diagnostics.contains { $0.code == "load.outside-root" && $0.location?.file == "templates/theme.css" }, "\(failure.diagnostics)")
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("harrow.epub").path))
    }

    @Test func anUnknownThemeIsAnErrorAtItsLine() throws {
        let manuscript = try TestManuscript.minimal(config: "title: T\ntheme: gothic\n")
        let failure = try #require(throws: BuildFailure.self) { try manuscript.build() }
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.location?.description == "draftforge.yml:2:8", "\(error)")
        #expect(BookTheme.allCases.allSatisfy { error.message.contains($0.rawValue) }, "\(error.message)")
    }

    /// A screenshot of the same chapter opening per theme: each is a real page, and no two
    /// themes look the same. `DRAFTFORGE_SCREENSHOTS=folder` keeps them.
    @Test(.externalTools) func eachThemeLooksItsOwn() throws {
        let work = try TestManuscript()
        let browser = try HeadlessChromium(profile: work.url("profile"))
        var shots: [BookTheme: Data] = [:]
        for theme in BookTheme.allCases {
            let manuscript = try TestManuscript(Self.files(theme: theme.rawValue))
            let result = try manuscript.build()
            let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
            for name in ["OEBPS/text/01-arrival.xhtml", "OEBPS/styles/book.css"] {
                try manuscript.write("unpacked/" + name, try #require(epub[name]))
            }
            let file = work.url("\(theme.rawValue).png")
            try browser.screenshot(manuscript.url("unpacked/OEBPS/text/01-arrival.xhtml"), to: file, width: 700, height: 900)
            let data = try Data(contentsOf: file)
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]) && data.count > 8_000, "\(theme) is not a page")
            shots[theme] = data
            if let keep = ProcessInfo.processInfo.environment["DRAFTFORGE_SCREENSHOTS"] {
                try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(atPath: keep + "/theme-\(theme.rawValue).png")
                try FileManager.default.copyItem(at: file, to: URL(fileURLWithPath: keep).appendingPathComponent("theme-\(theme.rawValue).png"))
            }
        }
        #expect(Set(shots.values).count == BookTheme.allCases.count, "two themes look the same")
    }

    @Test(.externalTools, arguments: BookTheme.allCases)
    func epubCheckAndTheNuCheckerPassIt(_ theme: BookTheme) throws {
        try expectEPUBCheckAndNuPass(try TestManuscript(Self.files(theme: theme.rawValue)), sitePages: ["01-arrival.html"])
    }
}
