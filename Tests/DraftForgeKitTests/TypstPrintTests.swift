// The print PDF set by Typst (`pdf.engine: typst`), read back with poppler-utils: the trim,
// tagging, fonts, metadata and bookmarks, the page furniture (running heads, folios, blank
// pages, recto openings), footnotes at the foot of their page, math typeset, the gutter
// following the page count, bleed, and the printers' rules the build warns about.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

@Suite("Typst print")
struct TypstPrintTests {
    static func sample(_ extra: String = "pdf:\n  engine: typst\n") throws -> TestManuscript {
        let manuscript = try PDFTests.sample()
        let config = try String(contentsOf: manuscript.url("draftforge.yml"), encoding: .utf8)
        try manuscript.write("draftforge.yml", config + extra)
        return manuscript
    }

    /// "Long Watch": `chapters` chapters of about 1,300 words each, with `config` added.
    static func longWatch(chapters: Int, config: String) throws -> TestManuscript {
        let paragraph = String(repeating: "The keeper climbed the ninety-two steps and trimmed the wick again. ", count: 12)
        var files = ["draftforge.yml": "title: Long Watch\nauthors: [A. Writer]\nlanguage: en\n" + config]
        for number in 1...chapters {
            files["chapters/\(String(format: "%03d", number)).md"] = "# Watch \(number)\n\n" + Array(repeating: paragraph, count: 12).joined(separator: "\n\n")
        }
        return try TestManuscript(files)
    }

    static func pdf(_ manuscript: TestManuscript, _ name: String = "lighthouse-keepers-daughter.pdf") throws -> PDFDocument {
        try PDFDocument(manuscript.dist.appendingPathComponent(name))
    }

    @Test(.externalTools) func theSampleIsATaggedSixByNineBookWithEveryFontEmbedded() throws {
        let manuscript = try Self.sample()
        let result = try PDFTests.build(manuscript)
        #expect(!result.diagnostics.contains { $0.code == DiagnosticCode.engineWarning.rawValue && $0.severity != .info }, "\(result.diagnostics)")
        // The sample's custom.css styles the EPUB and the site; Typst says it does not read it.
        #expect(result.diagnostics.contains { $0.message == "the PDF is set by Typst, which does not read 'custom.css'; the EPUB and the site use it" })
        let pdf = try Self.pdf(manuscript)
        #expect(pdf.info["Page size"]?.hasPrefix("432 x 648 pts") == true)
        #expect(pdf.info["Tagged"] == "yes")
        #expect(pdf.info["Title"] == "The Lighthouse Keeper's Daughter")
        #expect(pdf.info["Author"] == "Marian Holt")
        #expect(pdf.info["Keywords"] == "Fiction, Sea stories")
        let fonts = try pdf.fonts()
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.embedded }, "\(fonts)")
        #expect(fonts.contains { $0.name.contains("LibertinusSerif") })

        let text = pdf.pages.joined(separator: "\n")
        for title in PDFTests.sampleTitles + PDFTests.sampleParts { #expect(text.contains(title), "no \(title)") }
        #expect(text.contains("Released under CC BY 4.0"))
        let objects = try pdf.inflatedObjects()
        #expect(objects.contains("/Lang (en)") || objects.contains("/Lang(en)"))
        // A bookmark for each part and chapter (Typst writes a part's chapters before it).
        let bookmarks = objects.matches(of: #/\/Title ?\(([^)]*)\)/#).map { String($0.output.1) }
            .filter { (PDFTests.sampleTitles + PDFTests.sampleParts).contains($0) }
        #expect(bookmarks.sorted() == (PDFTests.sampleTitles + PDFTests.sampleParts).sorted(), "\(bookmarks)")

        let job = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first?.exportJobs.first)
        #expect(job.status == .completed)
        #expect(job.settings["engine"] == .string("typst"))
    }

    /// Half-title, title page and copyright page carry no folio; blank pages carry nothing;
    /// chapters open on rectos without a running head; the story is numbered from 1; versos
    /// carry the author, rectos the chapter.
    @Test(.externalTools) func pageFurnitureFollowsBookConventions() throws {
        let manuscript = try Self.sample()
        _ = try PDFTests.build(manuscript)
        let pdf = try Self.pdf(manuscript)
        #expect(pdf.lines(ofPage: 1) == ["The Lighthouse Keeper's Daughter"], "the half-title: \(pdf.lines(ofPage: 1))")
        #expect(pdf.lines(ofPage: 2).isEmpty, "the half-title's back is blank")
        #expect(pdf.lines(ofPage: 3).first == "The Lighthouse Keeper's Daughter")
        #expect(!pdf.lines(ofPage: 3).contains("iii"))
        let count = try #require(pdf.pageCount)
        var openings: [Int] = []
        var opened = Set<String>()
        for number in 1...count {
            let lines = pdf.lines(ofPage: number)
            if let title = PDFTests.sampleTitles.dropFirst().first(where: { lines.first == $0 }), opened.insert(title).inserted {
                openings.append(number)
                #expect(number % 2 == 1, "\(title) opens on page \(number), a verso")
            }
        }
        #expect(openings.count == 5, "chapter openings: \(openings)")
        let arrival = try #require(openings.first)
        #expect(pdf.lines(ofPage: arrival).last == "3", "the story is numbered from 1 at its part page")
        #expect(pdf.lines(ofPage: arrival + 1).first == "Marian Holt", "a verso's head")
        #expect(pdf.lines(ofPage: arrival + 2).first == "Arrival", "a recto's head")
        // A page left blank before a recto opening has no head and no number.
        let blanks = (1...count).filter { pdf.lines(ofPage: $0).isEmpty }
        #expect(!blanks.isEmpty)
    }

    @Test(.externalTools) func footnotesSitAtTheFootOfTheirPage() throws {
        let manuscript = try Self.sample()
        _ = try PDFTests.build(manuscript)
        let pdf = try Self.pdf(manuscript)
        let page = try #require((1...(pdf.pageCount ?? 0)).first { pdf.pages[$0 - 1].contains("only red ink she had been able to find") })
        let lines = pdf.lines(ofPage: page)
        let note = try #require(lines.firstIndex { $0.hasPrefix("1") && $0.count > 20 })
        #expect(note > lines.count - 8, "the note is among the page's last lines: \(lines.suffix(8))")
    }

    @Test(.externalTools) func formulasAreTypesetNotPrintedAsTeX() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: Sums\nauthors: [A. Writer]\nlanguage: en\nmath: true\npdf:\n  engine: typst\n",
            "chapters/01-sums.md": "# Sums\n\nThe sum $\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$ holds.\n\n$$\n\\int_0^1 x^2\\,dx = \\sqrt{\\tfrac{1}{9}} \\tag{1}\n$$\n\n$$\n\\begin{aligned} a &= b + c \\\\ d &= \\left( e - f \\right) \\end{aligned}\n$$\n",
        ])
        let result = try PDFTests.build(manuscript)
        #expect(!result.diagnostics.contains { $0.code == DiagnosticCode.mathAsTeX.rawValue }, "\(result.diagnostics)")
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("sums.pdf"))
        let text = pdf.pages.joined(separator: "\n")
        #expect(!text.contains("\\frac") && !text.contains("\\sum") && !text.contains("$"))
        #expect(text.contains("∑") && text.contains("∫") && text.contains("(1)"))
        #expect(try pdf.fonts().contains { $0.name.contains("NewCMMath") })
    }

    /// The trim sizes KDP and IngramSpark print, by name or by size.
    @Test(.externalTools, arguments: [
        ("5x8in", "360 x 576 pts"), ("5.25x8in", "378 x 576 pts"), ("5.5x8.5in", "396 x 612 pts"),
        ("7x10in", "504 x 720 pts"), ("8.5x11in", "612 x 792 pts"), ("A5", "419.528 x 595.276 pts"),
    ])
    func printersTrimSizes(trim: String, pageSize: String) throws {
        let manuscript = try TestManuscript.minimal(config: "title: Sized\npdf: {engine: typst, trim: \(trim)}\n")
        _ = try PDFTests.build(manuscript)
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("sized.pdf"))
        #expect(pdf.info["Page size"]?.hasPrefix(pageSize) == true, "\(pdf.info["Page size"] ?? "")")
    }

    @Test func theAuthorsTextBecomesStringLiterals() {
        #expect(TypstMarkup.string("plain") == "\"plain\"")
        #expect(TypstMarkup.string("a \"quote\" and \\ back") == #""a \"quote\" and \\ back""#)
        #expect(TypstMarkup.string("line\nnext\ttab\r") == #""line\nnext\ttab\r""#)
        #expect(TypstMarkup.text("soft\nbreak and\r\nwindows") == "#\"soft break and windows\"")
        #expect(TypstMarkup.string("bell\u{7}del\u{7F}c1\u{85}é✓") == #""bell\u{7}del\u{7f}c1\u{85}é✓""#)
        #expect(TypstMarkup.text("") == "")
    }

    @Test func mathBecomesTypstMath() throws {
        func typst(_ tex: String, _ display: MathDisplay = .inline) throws -> String {
            guard case .success(let result) = TeXMath.typst(tex, display: display) else { throw TestError("\(tex) did not convert") }
            return result.math
        }
        #expect(try typst("x^2") == "$attach(x, t: 2)$")
        #expect(try typst("\\frac{a}{b}") == "$frac(a, b)$")
        #expect(try typst("\\sqrt[3]{x}") == "$root(3, x)$")
        #expect(try typst("\\left( x \\right)") == "$lr(\\( x \\))$")
        #expect(try typst("\\sin x").hasPrefix("$op(\"sin\")"))
        #expect(try typst("a - b") == "$a \u{2212} b$")
        #expect(try typst("\\text{a \"quote\"}") == "$\"a \\\"quote\\\"\"$")
        #expect(try typst("a,b;c") == "$a \\, b \\; c$")
    }

    /// KDP's gutter grows with the page count: a short book gets 0.375 in, one of over 150 pages 0.5 in.
    @Test(.externalTools) func theGutterFollowsThePageCount() throws {
        func gutter(chapters: Int) throws -> Double {
            let manuscript = try Self.longWatch(chapters: chapters, config: "pdf:\n  engine: typst\n  running_heads: false\n")
            _ = try PDFTests.build(manuscript)
            let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("long-watch.pdf"))
            // A recto's text starts at the gutter.
            let count = try #require(pdf.pageCount)
            let recto = try #require((9...count).first { $0 % 2 == 1 && pdf.lines(ofPage: $0).count > 20 })
            let left = try pdf.words(ofPage: recto).map(\.xMin).min() ?? 0
            return left / 72
        }
        let short = try gutter(chapters: 6)
        let long = try gutter(chapters: 60)
        #expect(abs(short - 0.375) < 0.02, "a short book's gutter: \(short) in")
        #expect(long >= 0.49, "a book of over 150 pages: \(long) in")
    }

    @Test(.externalTools) func bleedAddsAnEighthOfAnInchOnTheOuterSides() throws {
        let manuscript = try Self.sample("pdf:\n  engine: typst\n  bleed: true\n  margins:\n    outside: 0.3in\n")
        let result = try PDFTests.build(manuscript)
        let pdf = try Self.pdf(manuscript)
        #expect(pdf.info["Page size"]?.hasPrefix("441 x 666 pts") == true, "\(pdf.info["Page size"] ?? "")")
        let warning = try #require(result.diagnostics.first { $0.code == DiagnosticCode.printRules.rawValue && $0.message.contains("outside") })
        #expect(warning.message == "'pdf.margins.outside' is 21.6pt; KDP asks for at least 0.375 in with bleed")
        #expect(warning.location?.file == "draftforge.yml")
    }

    @Test(.externalTools) func aLowResolutionImageIsNamedWithItsPPI() throws {
        // A 192 × 96 pixel PNG prints 2 in wide: 96 ppi.
        let png = TestImage.greyPNG(width: 192, height: 96)
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": "# One\n\nText.\n\n![Small](small.png)\n"])
        let config = try String(contentsOf: manuscript.url("draftforge.yml"), encoding: .utf8)
        try manuscript.write("draftforge.yml", config + "pdf:\n  engine: typst\n")
        try manuscript.write("chapters/small.png", Data(png))
        let result = try PDFTests.build(manuscript)
        let warnings = result.diagnostics.filter { $0.code == DiagnosticCode.printRules.rawValue }
        #expect(warnings.contains { $0.message == "the image 'small.png' prints 2.0 in wide at 96 ppi; printers ask for 300" }, "\(warnings)")
        #expect(warnings.contains { $0.suggestion == "export it at least 600 pixels wide" })
        #expect(FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("test-book.pdf").path))
    }

    @Test func anUnknownEngineIsAnErrorAtItsLine() throws {
        let manuscript = try TestManuscript.minimal()
        let config = try String(contentsOf: manuscript.url("draftforge.yml"), encoding: .utf8)
        try manuscript.write("draftforge.yml", config + "pdf:\n  engine: tipst\n")
        let line = config.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        do {
            _ = try PDFTests.build(manuscript, formats: [.epub])
            Issue.record("the build accepted 'engine: tipst'")
        } catch {
            let problem = try #require(error.diagnostics.first { $0.code == DiagnosticCode.configValue.rawValue })
            #expect(problem.message == "'pdf.engine' must be typst or weasyprint, not 'tipst'")
            #expect(problem.suggestion == "did you mean 'typst'?")
            #expect(problem.location?.file == "draftforge.yml")
            #expect(problem.location?.line == line)
        }
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("test-book.epub").path))
    }

    /// A Python without the typst module: the PDF fails with the install hint, the EPUB is
    /// written and an earlier PDF is left as it was.
    @Test func withoutTypstOnlyThePDFFailsAndTheEarlierOneStays() throws {
        let manuscript = try TestManuscript.minimal()
        let config = try String(contentsOf: manuscript.url("draftforge.yml"), encoding: .utf8)
        try manuscript.write("draftforge.yml", config + "pdf:\n  engine: typst\n")
        try FileManager.default.createDirectory(at: manuscript.dist, withIntermediateDirectories: true)
        let earlier = Data("%PDF-1.7 an earlier build\n%%EOF\n".utf8)
        try earlier.write(to: manuscript.dist.appendingPathComponent("test-book.pdf"))
        let python = try PDFTests.fakeEngine(manuscript, "python-without-typst", "echo '{\"error\": \"no typst\"}'; exit 3")
        do {
            _ = try PDFTests.build(manuscript, formats: [.epub, .pdf], environment: [TypstPrint.pythonVariable: python])
            Issue.record("the build succeeded without Typst")
        } catch {
            let problem = try #require(error.diagnostics.first { $0.code == DiagnosticCode.engineMissing.rawValue })
            #expect(problem.message.contains("the PDF engine Typst is not installed"))
            #expect(problem.message.contains("pip install typst"))
        }
        #expect(try Data(contentsOf: manuscript.dist.appendingPathComponent("test-book.epub")).starts(with: Data("PK".utf8)))
        #expect(try Data(contentsOf: manuscript.dist.appendingPathComponent("test-book.pdf")) == earlier)
    }

    /// Everything the author wrote reaches Typst as text: markup characters are printed, not obeyed.
    @Test(.externalTools) func typstSyntaxInTheTextIsPrintedAsWritten() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: Marks\nauthors: [A. Writer]\nlanguage: en\npdf:\n  engine: typst\n",
            "chapters/01-marks.md": "# Marks\n\nA #let x = 1 and $y$ with @ref = heading [brackets] \\\\ and `#raw` code.\n\n- [x] done task\n- [ ] open task\n",
        ])
        _ = try PDFTests.build(manuscript)
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("marks.pdf"))
        let text = pdf.pages.joined(separator: "\n")
        #expect(text.contains("#let x = 1"))
        #expect(text.contains("@ref = heading [brackets]"))
        #expect(text.contains("#raw"))
        // The task's box is in the line with its text.
        #expect(text.contains("☒ done task"), "\(text)")
        #expect(text.contains("☐ open task"), "\(text)")
    }

    /// The cover is back, spine and front with 0.125 in bleed all round; the spine is the
    /// interior's page count times the paper's thickness, and carries text from 80 pages.
    @Test(.externalTools) func theCoverPDFsSpineFollowsThePageCountAndPaper() throws {
        let manuscript = try Self.sample("pdf:\n  engine: typst\ncover_print:\n  back: \"Sarah Quill comes home.\"\n  paper: cream\n")
        let result = try PDFTests.build(manuscript)
        let interior = try Self.pdf(manuscript)
        let cover = try Self.pdf(manuscript, "lighthouse-keepers-daughter-cover.pdf")
        let pages = try #require(interior.pageCount)
        let width = 2 * 432 + Double(pages) * 0.0025 * 72 + 18
        let size = try #require(cover.info["Page size"]?.split(separator: " "))
        #expect(abs((Double(size[0]) ?? 0) - width) < 0.05, "\(size) for \(pages) pages")
        #expect(size[2] == "666")
        #expect(cover.pages.joined().contains("Sarah Quill comes home."))
        let narrow = try #require(result.diagnostics.first { $0.code == DiagnosticCode.printRules.rawValue && $0.message.hasPrefix("the spine is") })
        #expect(narrow.severity == .info)
        #expect(narrow.message.hasSuffix("in wide for \(pages) pages: too narrow for text, which KDP prints from 80 pages"))

        let jobs = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first?.exportJobs)
        #expect(jobs.map(\.outputURL) == ["lighthouse-keepers-daughter.pdf", "lighthouse-keepers-daughter-cover.pdf"])
        #expect(jobs.map(\.exportType) == ["pdf", "pdf"])
        #expect(jobs[1].settings["edition"] == .string("cover"))
    }

    @Test(.externalTools) func aLongBooksSpineCarriesTheTitleAndAuthor() throws {
        let manuscript = try Self.longWatch(chapters: 40, config: "pdf:\n  engine: typst\ncover_print:\n  spine: LONG WATCH — WRITER\n")
        let result = try PDFTests.build(manuscript)
        let pages = try #require(try PDFDocument(manuscript.dist.appendingPathComponent("long-watch.pdf")).pageCount)
        #expect(pages >= 80)
        let cover = try PDFDocument(manuscript.dist.appendingPathComponent("long-watch-cover.pdf"))
        #expect(cover.pages.joined().contains("LONG WATCH — WRITER"))
        #expect(!result.diagnostics.contains { $0.message.hasPrefix("the spine is") })
        // No front image: the front is set in type, and the build says so.
        #expect(cover.pages.joined().contains("Long Watch"))
        #expect(result.diagnostics.contains { $0.message.hasPrefix("the print cover has no front image") })
    }

    @Test func aPaperKDPDoesNotSellIsAnErrorAtItsLine() throws {
        let manuscript = try TestManuscript.minimal()
        let config = try String(contentsOf: manuscript.url("draftforge.yml"), encoding: .utf8)
        try manuscript.write("draftforge.yml", config + "cover_print:\n  paper: glossy\n")
        do {
            _ = try PDFTests.build(manuscript, formats: [.epub])
            Issue.record("the build accepted 'paper: glossy'")
        } catch {
            let problem = try #require(error.diagnostics.first { $0.code == DiagnosticCode.configValue.rawValue })
            #expect(problem.message == "'cover_print.paper' must be white or cream, not 'glossy'")
            #expect(problem.location?.line == config.split(separator: "\n", omittingEmptySubsequences: false).count + 1)
        }
    }

    @Test(.externalTools) func largePrintIsSetInBiggerType() throws {
        let manuscript = try Self.sample("pdf:\n  engine: typst\nlarge_print: true\n")
        _ = try PDFTests.build(manuscript)
        let plain = try #require(try Self.pdf(manuscript).pageCount)
        let large = try #require(try Self.pdf(manuscript, "lighthouse-keepers-daughter-large-print.pdf").pageCount)
        #expect(Double(large) > Double(plain) * 1.2, "\(plain) pages, large print \(large)")
    }

    /// PDF/UA-1 where Typst can vouch for it; where it cannot (a heading that skips a level),
    /// the PDF is still tagged and the build says why it makes no claim.
    @Test(.externalTools) func theSampleClaimsPDFUAAndABookThatCannotSaysWhy() throws {
        let manuscript = try Self.sample()
        let result = try PDFTests.build(manuscript)
        #expect(!result.diagnostics.contains { $0.message.contains("PDF/UA") }, "\(result.diagnostics)")
        let bytes = try Data(contentsOf: manuscript.dist.appendingPathComponent("lighthouse-keepers-daughter.pdf"))
        #expect(bytes.range(of: Data("pdfuaid:part".utf8)) != nil, "the metadata claims PDF/UA")

        let skipping = try TestManuscript([
            "draftforge.yml": "title: Skips\nauthors: [A. Writer]\nlanguage: en\npdf:\n  engine: typst\n",
            "chapters/01-one.md": "# One\n\nText.\n\n#### Deep\n\nMore text.\n",
        ])
        let skipped = try PDFTests.build(skipping)
        let note = try #require(skipped.diagnostics.first { $0.message.hasPrefix("the PDF is tagged but does not claim PDF/UA-1") })
        #expect(note.severity == .info)
        let file = skipping.dist.appendingPathComponent("skips.pdf")
        #expect(try Data(contentsOf: file).range(of: Data("pdfuaid:part".utf8)) == nil)
        #expect(try PDFDocument(file).info["Tagged"] == "yes")
    }

    /// A theme sets the print book's faces and ornament: `modern` in Liberation Sans, `classic`
    /// with its fleuron between scenes and the first words of a chapter in small capitals.
    @Test(.externalTools) func themesApplyToPrint() throws {
        let modern = try Self.sample("pdf:\n  engine: typst\ntheme: modern\n")
        _ = try PDFTests.build(modern)
        let fonts = try Self.pdf(modern).fonts()
        #expect(fonts.contains { $0.name.contains("LiberationSans") }, "\(fonts)")
        #expect(!fonts.contains { $0.name.contains("LibertinusSerif") }, "\(fonts)")

        let classic = try Self.sample("pdf:\n  engine: typst\ntheme: classic\n")
        _ = try PDFTests.build(classic)
        let text = try Self.pdf(classic).pages.joined()
        #expect(text.contains("❦"))
        #expect(text.contains("Chapter One"))
        #expect(text.contains("The railway ran out at"), "the opening words, in small capitals, keep their text")
    }

    /// A manuscript's own layout runs inside the work folder: it cannot read a file outside it
    /// nor download a package, and the earlier PDF stays whole when it fails.
    @Test(.externalTools) func aLayoutOverrideReadsNothingOutsideTheBookAndFetchesNothing() throws {
        for (layout, expected) in [
            ("#let secret = read(\"/etc/passwd\")\n", "could not set the book: file not found"),
            ("#import \"@preview/cetz:0.3.0\": *\n", "could not set the book: failed to download package"),
        ] {
            let manuscript = try Self.sample()
            _ = try PDFTests.build(manuscript)
            let file = manuscript.dist.appendingPathComponent("lighthouse-keepers-daughter.pdf")
            let earlier = try Data(contentsOf: file)
            let own = try String(contentsOf: packageRoot.appendingPathComponent("Templates/pdf/draftforge.typ"), encoding: .utf8)
            try manuscript.write("templates/draftforge.typ", layout + own)
            do {
                _ = try PDFTests.build(manuscript)
                Issue.record("the layout \(layout) was let through")
            } catch {
                let problem = try #require(error.diagnostics.first { $0.code == DiagnosticCode.outputFailed.rawValue })
                #expect(problem.message.contains(expected), "\(problem.message)")
                #expect(problem.location?.file == "templates/draftforge.typ")
                #expect(problem.location?.line == 1)
                #expect(!problem.message.contains("root:x:0:0"))
            }
            #expect(try Data(contentsOf: file) == earlier)
        }
    }

    /// `{.full-page}` puts a picture on a page of its own, into the bleed when the book has one,
    /// with no head or folio; the chapter goes on after it.
    @Test(.externalTools) func aFullPagePictureFillsItsPageIntoTheBleed() throws {
        let manuscript = try Self.sample("pdf:\n  engine: typst\n  bleed: true\n")
        let png = TestImage.greyPNG(width: 160, height: 240)
        try manuscript.write("chapters/images/night.png", png)
        let chapter = try String(contentsOf: manuscript.url("chapters/02-storm.md"), encoding: .utf8)
        try manuscript.write("chapters/02-storm.md", chapter + "\n\n![The light at night](images/night.png){.full-page}\n\nAfter the picture, the story goes on.\n")
        let result = try PDFTests.build(manuscript)
        let pdf = try Self.pdf(manuscript)
        let page = try #require((1...(pdf.pageCount ?? 0)).first { pdf.lines(ofPage: $0) == ["The light at night"] },
            "a page holding only the picture and its caption")
        let next = pdf.lines(ofPage: page + 1)
        #expect(next.first == "The Storm" || next.first == "Marian Holt", "the chapter's pages go on with their head: \(next)")
        #expect(next.contains { $0.contains("After the picture, the story goes on.") })
        // The picture is printed across the page and its bleed: 6.125 in, so 160 pixels are 26 ppi.
        #expect(result.diagnostics.contains { $0.message == "the image 'night.png' prints 6.13 in wide at 26 ppi; printers ask for 300" },
            "\(result.diagnostics.filter { $0.code == DiagnosticCode.printRules.rawValue })")
        let images = try runCommand(["pdfimages", "-list", "-f", "\(page)", "-l", "\(page)", pdf.url.path])
        #expect(images.output.split(separator: "\n").count == 3, "one image on the page: \(images.output)")
    }
}
