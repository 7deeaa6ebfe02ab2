import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// The accessibility checks (`accessibility.*`), the EPUB's conformance claim, and axe-core over
/// what the book becomes.
@Suite("Accessibility")
struct AccessibilityTests {
    /// One of each problem the checks find, each on a known line.
    static func everyProblem(config: String = "title: Every Problem\nauthors: [A. Writer]\ncss: custom.css\n") throws -> TestManuscript {
        try TestManuscript([
            "draftforge.yml": config,
            "custom.css": "p { line-height: 1.5; }\n.whisper { color: #aaaaaa; }\n.ok { color: #333; background-color: #fff; }\n",
            "chapters/01-one.md": """
                # One

                ![](images/map.png)

                ![](images/rule.png "decorative")

                ### Too deep

                For the harbour, [click here](https://example.com/harbour), or see page 12.

                |   |   |
                |---|---|
                | a | b |

                The motto read λόγος ἐστίν, carved deep.

                """,
            "chapters/02-two.md": "# Two\n\n![The harbour at dawn](images/map.png)\n\nOn page 12 of the letter she read his name.\n",
        ]).withImages()
    }

    static func packageDocument(_ result: BuildResult) throws -> String {
        let epub = try #require(result.outputs.first?.url)
        return try #require(try EPUBContents(epub)["OEBPS/content.opf"])
    }

    @Test func aBookWithOneOfEachProblemDrawsEachFindingAtItsLine() throws {
        let book = try Self.everyProblem()
        let result = try book.build()
        let findings = result.diagnostics.filter { $0.category == .accessibility }
        func located(_ code: DiagnosticCode) -> [String] {
            findings.filter { $0.code == code.rawValue }.map { $0.location.map(\.description) ?? "" }
        }
        #expect(located(.imageWithoutAlt) == ["chapters/01-one.md:3:1"])
        #expect(located(.headingSkip) == ["chapters/01-one.md:7:1"])
        #expect(located(.vagueLinkText) == ["chapters/01-one.md:9:18"])
        #expect(located(.pageReference) == ["chapters/01-one.md:9:59"])
        #expect(located(.tableWithoutHeader) == ["chapters/01-one.md:11:1"])
        #expect(located(.lowContrast) == ["custom.css:2"])
        #expect(located(.languageChange) == ["chapters/01-one.md:15:1"])
        #expect(findings.allSatisfy { $0.severity == .warning && $0.id != nil && $0.suggestion != nil })
        #expect(findings.first { $0.code == DiagnosticCode.lowContrast.rawValue }?.message.contains("2.32:1") == true)
        // Findings like the rest: in continuity.json and the SARIF.
        let record = try String(contentsOf: book.dist.appendingPathComponent("continuity.json"), encoding: .utf8)
        #expect(record.components(separatedBy: #""category":"accessibility""#).count - 1 == 7)
        let sarif = try String(contentsOf: book.dist.appendingPathComponent("continuity.sarif"), encoding: .utf8)
        #expect(sarif.contains(#""ruleId":"accessibility.image-alt""#))
        // No claim, and the build says why.
        let note = try #require(result.diagnostics.first { $0.code == DiagnosticCode.noAccessibilityClaim.rawValue })
        #expect(note.severity == .info)
        #expect(note.message.contains("7 accessibility findings are open"))
        let opf = try Self.packageDocument(result)
        #expect(!opf.contains("dcterms:conformsTo"))
        #expect(!opf.contains("alternativeText"))
        #expect(opf.contains("1 of its 3 images has no text alternative."))
    }

    /// Raw HTML's attributes are found as `\bname\s*=` would find them.
    @Test func aTagsAttributeIsFoundByNameThenEquals() {
        for (attributes, expected) in [
            (#" alt="a map""#, true), (" alt = ''", true), (" alt\n=x", true), (#" data-alt="x""#, true),
            (#"alt="x""#, true), (#" salt="x""#, false), (#" alt_text="x""#, false), (" alt", false),
            (#" src=alt"#, false), (#" title="alt""#, false), (" éalt=x", false), ("", false),
        ] {
            #expect(RawHTMLScan.names("alt", in: attributes) == expected, "\(attributes)")
            #expect((attributes.range(of: #"\balt\s*="#, options: .regularExpression) != nil) == expected, "the pattern: \(attributes)")
        }
    }

    @Test func aBookWithoutProblemsClaimsWCAG22AA() throws {
        let book = try TestManuscript.minimal(
            ["chapters/01-one.md": "# One\n\n![The harbour at dawn](images/map.png)\n"],
            config: "title: Clean\nauthors: [Ann Author]\npublisher: Harbour Press\n").withImages()
        let result = try book.build()
        #expect(!result.diagnostics.contains { $0.category == .accessibility || $0.code == DiagnosticCode.noAccessibilityClaim.rawValue })
        let opf = try Self.packageDocument(result)
        #expect(opf.contains(#"<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>"#))
        #expect(opf.contains(#"<meta property="a11y:certifiedBy">Harbour Press</meta>"#))
        #expect(opf.contains("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>"))
        #expect(opf.contains("Its 1 image has a text alternative. It meets WCAG 2.2 Level AA."))
        #expect(!opf.contains("a11y:exemption"))
    }

    @Test func anExemptionAndACertifierReportAreWrittenAsDeclared() throws {
        let book = try TestManuscript.minimal(config: """
            title: Small Press
            authors: [Ann Author]
            accessibility:
              exemption: eaa-microenterprise
              certifier_report: https://example.com/report.html
            """)
        let result = try book.build()
        let opf = try Self.packageDocument(result)
        #expect(opf.contains(#"<meta property="a11y:exemption">eaa-microenterprise</meta>"#))
        #expect(opf.contains(#"<meta property="a11y:certifiedBy">Ann Author</meta>"#))
        #expect(opf.contains(#"<link rel="a11y:certifierReport" href="https://example.com/report.html"/>"#))
    }

    @Test func anUnknownExemptionIsAnErrorAtItsLineAndWritesNothing() throws {
        let book = try TestManuscript.minimal(config: "title: T\nauthors: [A]\naccessibility:\n  exemption: too-busy\n  certifer_report: x\n")
        let failure = try #require(book.failure())
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.code == DiagnosticCode.configValue.rawValue)
        #expect(error.location?.description == "draftforge.yml:4:14")
        #expect(error.message.contains("eaa-microenterprise, eaa-disproportionate-burden, eaa-fundamental-alteration"))
        #expect(!FileManager.default.fileExists(atPath: book.dist.path))
    }

    @Test func anUnknownAccessibilityKeyIsAWarningWithTheNearestKey() throws {
        let book = try TestManuscript.minimal(config: "title: T\nauthors: [A]\naccessibility:\n  certifer_report: https://example.com/r\n")
        let result = try book.build()
        let warning = try #require(result.diagnostics.first { $0.code == DiagnosticCode.configUnknownKey.rawValue })
        #expect(warning.location?.description == "draftforge.yml:4:3")
        #expect(warning.suggestion == "did you mean 'certifier_report'?")
    }

    @Test func aWaivedProblemNoLongerWithholdsTheClaim() throws {
        let book = try TestManuscript.minimal(["chapters/01-one.md": "# One\n\nSee page 4 of the atlas.\n"])
        let first = try book.build()
        let finding = try #require(first.diagnostics.first { $0.code == DiagnosticCode.pageReference.rawValue })
        try book.write("waivers.yml", "- id: \(finding.id!)\n  reason: the atlas is a printed book\n")
        let second = try book.build()
        #expect(!second.diagnostics.contains { $0.code == DiagnosticCode.noAccessibilityClaim.rawValue })
        let opf = try Self.packageDocument(second)
        #expect(opf.contains("dcterms:conformsTo"))
    }

    @Test func rawHTMLIsAuditedLikeMarkdown() throws {
        let chapter = """
            # One

            <img src="images/map.png">

            <img src="images/rule.png" alt="">

            <table>
            <tr><td>a</td><td>b</td></tr>
            </table>

            <table><tr><th>Tide</th></tr>

            <tr><td>high</td></tr></table>

            She wrote <span lang="el">θάλασσα</span> on the sand, and <em>ύπνος</em> below it.

            <div lang="ru">

            Море.

            </div>

            <p>Слово</p>
            """
        let book = try TestManuscript.minimal(["chapters/01-one.md": chapter]).withImages()
        let (_, diagnostics) = try book.render()
        let found = diagnostics.filter { $0.category == .accessibility }.map { "\($0.code) \($0.location?.line ?? 0)" }
        // The header cell of a table split by a blank line counts; Greek and Russian inside a
        // lang element pass, outside one they do not.
        #expect(found == [
            "accessibility.image-alt 3", "accessibility.table-header 7", "accessibility.language-change 15",
            "accessibility.language-change 23",
        ])
        let language = try #require(diagnostics.first { $0.code == DiagnosticCode.languageChange.rawValue })
        #expect(language.message == "“ύπνος” is in Greek script, which a reader's voice for 'en' cannot read: nothing says its language")
    }

    @Test func aScriptIsForeignOnlyToLanguagesNotWrittenInIt() {
        #expect(ForeignScript.firstRun(in: "the word λόγος here", language: "en")?.text == "λόγος")
        #expect(ForeignScript.firstRun(in: "Ἐν ἀρχῇ ἦν ὁ λόγος.", language: "en")?.text == "Ἐν ἀρχῇ ἦν ὁ λόγος")
        #expect(ForeignScript.firstRun(in: "ὁ λόγος", language: "el-GR") == nil)
        #expect(ForeignScript.firstRun(in: "a 5 μm wire and π", language: "en") == nil, "single letters are symbols")
        #expect(ForeignScript.firstRun(in: "東京 and Moscow", language: "ja") == nil)
        #expect(ForeignScript.firstRun(in: "Москва and 東京", language: "ru")?.script == .han)
        #expect(ForeignScript.firstRun(in: "Привет, Paris", language: "fr")?.script == .cyrillic)
    }

    /// The byte test that skips most paragraphs passes over only characters the scalar test
    /// calls every book's: every character up to U+FFFF, alone and after a quotation mark.
    @Test func theByteTestSkipsOnlyWhatNoScriptOwns() {
        for value in 0..<0x1_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar)
            let everyBooks = value < 0x250 || (0x2000...0x206F).contains(value)
            #expect(ForeignScript.mayHoldOtherScripts(text) || everyBooks, "U+\(String(value, radix: 16))")
            #expect(ForeignScript.mayHoldOtherScripts("“a” " + text + "é") || everyBooks)
        }
        #expect(!ForeignScript.mayHoldOtherScripts("“Plain” prose — with dashes, café… and ½"))
        #expect(ForeignScript.mayHoldOtherScripts("“Plain” prose — then λόγος"))
        for padding in 0...9 {
            let prefix = String(repeating: "a", count: padding) + " plain words before, "
            #expect(ForeignScript.mayHoldOtherScripts(prefix + "λόγος"), "\(padding)")
            #expect(ForeignScript.mayHoldOtherScripts(prefix + "λόγος" + " and plain words after"), "\(padding)")
            #expect(!ForeignScript.mayHoldOtherScripts(prefix + "café — “quoted”… and more plain words"), "\(padding)")
        }
    }

    @Test func pageReferencesAreThoseToAPrintedPage() {
        #expect(AccessibilityAudit.pageReferences(in: "as we saw (see page 12), and cf. p. 4") == ["see page 12", "cf. p. 4"])
        #expect(AccessibilityAudit.pageReferences(in: "the table (pages 3–5)") == ["(pages 3–5)"])
        #expect(AccessibilityAudit.pageReferences(in: "On page 12 of the letter, and on the next page").isEmpty)
        #expect(AccessibilityAudit.pageReferences(in: "SEE PAGES 3-5, see Page\u{00A0}9, (pp.12), (P. 7)") == ["SEE PAGES 3-5", "see Page\u{00A0}9", "(pp.12)", "(P. 7)"])
    }

    /// The quick test before the expression passes every text the expression matches in.
    @Test func theQuickTestForAPageReferenceMissesNone() {
        let expression = try! NSRegularExpression(
            pattern: #"(?i)\b(?:see|cf\.?)\s+(?:pages?|pp?\.)\s*\d+(?:\s*[-–]\s*\d+)?|\((?:pages?|pp?\.)\s*\d+(?:\s*[-–]\s*\d+)?\)"#)
        let texts = [
            "see page 12", "cf. p. 4", "(pages 3–5)", "see pp. 10-12", "(page 7)", "SEE PAGE 1", "see Pageſ 2", "(p.\n3)",
            "see page\u{2003}12", "see page\u{00A0}\u{00A0}12", "(pp.9)", "cf pages\t\t5", "1 see page 2", "see page 12.",
            "page 12 of the letter", "12 pages", "p 4", "see p4", "no digits", "", "3", "pages", "see p. 𝟙", "é see page ٣",
        ]
        for text in texts {
            let matches = !expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).isEmpty
            #expect(!matches || AccessibilityAudit.mayReferToPage(text), "\(text.debugDescription)")
        }
        #expect(AccessibilityAudit.mayReferToPage("see page 12"))
        #expect(!AccessibilityAudit.mayReferToPage("In 1812, 40 ships and 3 forts; version 2.0"))
        // Past eight bytes the text is read a word at a time: each text at every offset in it.
        for text in texts {
            let matches = !expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).isEmpty
            for padding in 0...9 {
                let padded = String(repeating: "a", count: padding) + " " + text + " and on, without a number"
                #expect(!matches || AccessibilityAudit.mayReferToPage(padded), "\(padded.debugDescription)")
            }
        }
        #expect(!AccessibilityAudit.mayReferToPage(String(repeating: "On the next page, and the one after. ", count: 4)))
        #expect(AccessibilityAudit.mayReferToPage(String(repeating: "On the next page, and the one after. ", count: 4) + "(see page 9)"))
    }

    /// The word-at-a-time digit test agrees with the byte test for every ASCII byte in every place.
    @Test func aWordHoldsADigitWhenOneOfItsBytesIsOne() {
        for byte in UInt8(0)..<0x80 {
            for place in 0..<8 {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 8)
                bytes[place] = byte
                let word = bytes.withUnsafeBufferPointer { UTF8Bytes.word($0, at: 0) }
                #expect(UTF8Bytes.isASCII(word))
                #expect(UTF8Bytes.asciiWordHoldsDigit(word) == CodeByte.isDigit(byte), "\(byte) at \(place)")
            }
        }
        let accented = Array("abcdefé".utf8)
        #expect(!accented.withUnsafeBufferPointer { UTF8Bytes.isASCII(UTF8Bytes.word($0, at: 0)) })
    }

    /// Raw HTML's tags are found on bytes as the expression `<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>` finds them.
    @Test func rawHTMLTagsAreThoseTheExpressionFinds() {
        let expression = try! NSRegularExpression(pattern: #"<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>"#)
        let samples = [
            "<p>text</p>", "<a <b>", "</ x>", "<1>", "< a>", "<a-b c='>'>", "<img src=x", "<br/><BR />", "</>",
            "<span lang=\"el\">λόγος</span> é <i>x</i>", "<div\nclass=\"a\"\n>", "<<p>>", "<p", "a < b > c", "<h1-x2 y>",
            "<ü>", "<a>🦜</a><b>", "<!-- ignore --><p>", "<!DOCTYPE html>", "<?xml?>", "<a/b>", "<a\u{0}b>", "",
        ]
        for html in samples {
            let expected = expression.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { match in
                (String(html[Range(match.range, in: html)!]), match.range(at: 1).length > 0,
                 String(html[Range(match.range(at: 2), in: html)!]), String(html[Range(match.range(at: 3), in: html)!]))
            }
            let found = RawHTMLScan.tags(in: html).map { (String(html[$0.whole]), $0.isClosing, String($0.name), String($0.attributes)) }
            #expect(found.count == expected.count, "\(html.debugDescription)")
            for (one, other) in zip(found, expected) {
                #expect(one.0 == other.0 && one.1 == other.1 && one.2 == other.2 && one.3 == other.3, "\(html.debugDescription): \(one) ≠ \(other)")
            }
        }
    }

    @Test func contrastIsWCAGsRatio() {
        let white = RGB(red: 1, green: 1, blue: 1), black = RGB(red: 0, green: 0, blue: 0)
        #expect(abs(RGB.contrast(black, white) - 21) < 0.001)
        #expect(abs(RGB.contrast(RGB(css: "#767676")!, white) - 4.54) < 0.01)
        #expect(RGB(css: "rgb(118, 118, 118)") == RGB(css: "#767676"))
        #expect(RGB(css: "var(--ink)") == nil)
        let css = """
            /* .comment { color: #eee } */
            .fine { color: #767676; }
            .faint { color: #777; }
            .pair {
              color: #fff;
              background: #ffcc00 url(x.png);
            }
            @media (prefers-color-scheme: dark) {
              .night { color: #333; }
              .day { color: #ddd; }
            }
            .variable { color: var(--ink); }
            """
        let problems = ContrastCheck.problems(in: css)
        #expect(problems.map(\.selector) == [".faint", ".pair", ".night"])
        #expect(problems.map(\.line) == [3, 4, 9])
    }

    @Test func everyThemeAndDefaultStylesheetPassesTheContrastCheck() throws {
        for theme in BookTheme.allCases {
            #expect(ContrastCheck.problems(in: try TemplateSet.themeStylesheet(theme)).isEmpty, "\(theme)")
        }
        for path in ["epub/epub.css", "site/site.css"] {
            let css = try String(contentsOf: packageRoot.appendingPathComponent("Templates/" + path), encoding: .utf8)
            #expect(ContrastCheck.problems(in: css).isEmpty, "\(path)")
        }
    }
}

/// axe-core, the engine inside DAISY's Ace, over every XHTML document of the EPUB and every
/// page of the site: no violation of impact serious or critical.
@Suite("axe-core", .externalTools, .corpus)
struct AxeCoreTests {
    /// axe's violations per page, from Tests/Tools/axe_pages.py.
    static func violations(_ pages: [URL], dark: Bool = false) throws -> [String: [String]] {
        let script = packageRoot.appendingPathComponent("Tests/Tools/axe_pages.py").path
        let run = try runCommand(["python3", script] + (dark ? ["--dark"] : []) + pages.map(\.path))
        guard run.status == 0 else { throw TestError("axe-core did not run: \(run.output)") }
        var found: [String: [String]] = [:]
        for line in run.output.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let page = object["page"] as? String, let violations = object["violations"] as? [[String: Any]]
            else { continue }
            found[page] = violations.filter { ["serious", "critical"].contains($0["impact"] as? String ?? "") }.map { violation in
                "\(violation["id"] ?? "?"): \(violation["help"] ?? "") \(violation["nodes"] ?? "")"
            }
        }
        guard found.count == pages.count else { throw TestError("axe-core reported \(found.count) of \(pages.count) pages: \(run.output)") }
        return found
    }

    /// Every .xhtml of the EPUB, unpacked in `folder`.
    static func unpackedPages(_ epub: URL, into folder: URL) throws -> [URL] {
        let unzip = try runCommand(["unzip", "-q", "-o", epub.path, "-d", folder.path])
        guard unzip.status == 0 else { throw TestError("unzip: \(unzip.output)") }
        return try Golden.files(in: folder).keys.filter { $0.hasSuffix(".xhtml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test func theCheckerFindsWhatItShould() throws {
        let folder = try TestManuscript()
        try folder.write("bad.html", """
            <!DOCTYPE html><html><head><title>x</title></head><body><main><img src="a.png">\
            <p style="color:#aaa;background:#fff">faint</p><a href="x"></a></main></body></html>
            """)
        let found = try Self.violations([folder.url("bad.html")])
        let ids = Set((found.values.first ?? []).map { String($0.prefix { $0 != ":" }) })
        #expect(ids.isSuperset(of: ["image-alt", "color-contrast", "link-name", "html-has-lang"]))
    }

    /// The sample and every corpus book, whole: every page of both outputs (a quarter of a
    /// second a page in one Chromium).
    @Test(arguments: [
        "Samples/the-lighthouse-keeper", "../shared/corpus/rust-book", "../shared/corpus/mdbook-guide",
        "../shared/corpus/pride-and-prejudice", "../shared/corpus/great-expectations",
        "../shared/corpus/a-tale-of-two-cities",
    ])
    func everyPageOfTheBookPasses(_ path: String) throws {
        let output = try TestManuscript()
        let result = try Pipeline.build(BuildOptions(
            root: packageRoot.appendingPathComponent(path).standardizedFileURL, outputDirectory: output.root,
            formats: [.epub, .html]))
        let epub = try #require(result.outputs.first { $0.url.pathExtension == "epub" }?.url)
        let unpacked = output.root.appendingPathComponent("unpacked")
        var pages = try Self.unpackedPages(epub, into: unpacked)
        let site = output.root.appendingPathComponent("html")
        pages += try Golden.files(in: site).keys.filter { $0.hasSuffix(".html") }.sorted().map { site.appendingPathComponent($0) }
        for (page, violations) in try Self.violations(pages) {
            #expect(violations.isEmpty, "\(page): \(violations.joined(separator: "; "))")
        }
    }

    /// The site in dark colours: every callout, code colour and link of the sample and of
    /// mdBook's guide (which has callouts of each kind).
    @Test(arguments: ["Samples/the-lighthouse-keeper", "../shared/corpus/mdbook-guide"])
    func theSitePassesInDarkColoursToo(_ path: String) throws {
        let output = try TestManuscript()
        _ = try Pipeline.build(BuildOptions(
            root: packageRoot.appendingPathComponent(path).standardizedFileURL, outputDirectory: output.root, formats: [.html]))
        let site = output.root.appendingPathComponent("html")
        let pages = try Golden.files(in: site).keys.filter { $0.hasSuffix(".html") }.sorted().map { site.appendingPathComponent($0) }
        for (page, violations) in try Self.violations(pages, dark: true) {
            #expect(violations.isEmpty, "\(page): \(violations.joined(separator: "; "))")
        }
    }

    @Test func aChapterInEveryThemePasses() throws {
        var pages: [URL] = []
        var books: [TestManuscript] = []
        for theme in BookTheme.allCases {
            let book = try TestManuscript.minimal(
                ["chapters/01-one.md": "# One\n\nIt was a dark night.\n\n* * *\n\nThe *lamp* burned[^1].\n\n[^1]: Oil.\n"],
                config: "title: \(theme.rawValue)\nauthors: [Ann Author]\ntheme: \(theme.rawValue)\n")
            let result = try book.build()
            let epub = try #require(result.outputs.first?.url)
            pages += try Self.unpackedPages(epub, into: book.root.appendingPathComponent("unpacked")).filter { $0.path.contains("/text/") }
            books.append(book)
        }
        for (page, violations) in try Self.violations(pages) {
            #expect(violations.isEmpty, "\(page): \(violations.joined(separator: "; "))")
        }
    }
}

extension TestManuscript {
    /// Writes the images the accessibility fixtures name.
    func withImages() throws -> TestManuscript {
        try write("chapters/images/map.png", TestImage.png(width: 40, height: 30))
        try write("chapters/images/rule.png", TestImage.png(width: 40, height: 4))
        return self
    }
}
