import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// A technical book end to end: code coloured by token and formulas as MathML in the EPUB and
/// the site, their TeX where a format cannot show them, and the validators' verdict.
@Suite("Technical books")
struct TechnicalBookTests {
    static let chapter = """
        # Code and math

        ```rust
        fn main() { let x = 42; }
        ```

        The sum $\\sum_{i=1}^n i$ and $a_1 + b_1$, and prices of $5 and $10.

        $$
        \\frac{a}{b} = \\sqrt{c}
        $$

        Broken: $\\unknowncommand{x}$ here.

        ```math
        E = mc^2
        ```
        """

    static func book(config: String = "title: Test Book\n") throws -> TestManuscript {
        try TestManuscript.minimal(["chapters/01-one.md": chapter], config: config)
    }

    @Test func theEPUBHasTokensAndMathML() throws {
        let manuscript = try Self.book()
        let result = try manuscript.build()
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.map { "\($0.code) \($0.location?.description ?? "")" } == ["render.math-unsupported chapters/01-one.md:13:10"])
        #expect(warnings.first?.message == "\\unknowncommand is not supported; the formula is shown as TeX")
        let epub = try EPUBContents(manuscript.dist.appendingPathComponent("test-book.epub"))
        let page = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(page.contains(#"<span class="hl-keyword">fn</span> <span class="hl-function">main</span>"#), "\(page)")
        #expect(page.contains(#"<span class="hl-number">42</span>"#))
        #expect(page.contains(#"<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="\sum_{i=1}^n i">"#), "\(page)")
        #expect(page.contains("<mfrac>"))
        #expect(page.contains("prices of $5 and $10."))
        #expect(page.contains(#"<code class="math-tex">$\unknowncommand{x}$</code>"#))
        #expect(page.contains(#"<div class="math-display"><math xmlns="http://www.w3.org/1998/Math/MathML" display="block" alttext="E = mc^2">"#))
        let opf = try #require(epub["OEBPS/content.opf"])
        #expect(opf.contains(#"href="text/01-one.xhtml" media-type="application/xhtml+xml" properties="mathml""#), "\(opf)")
        // Formulas are not words.
        let stats = try String(contentsOf: manuscript.dist.appendingPathComponent("stats.json"), encoding: .utf8)
        #expect(!stats.isEmpty)
    }

    @Test func touchingTokensOfOneKindAreOneSpan() throws {
        let nodes = CodeHighlighting.highlighted("f();", language: .rust)
        let spans = nodes.compactMap { node -> String? in
            guard case .element(let span) = node else { return nil }
            return "\(span["class"] ?? "") \(span.textContent)"
        }
        #expect(spans == ["hl-function f", "hl-punctuation ();"])
        #expect(nodes.map(\.textContent).joined() == "f();")
    }

    @Test func codeHighlightFalseLeavesBlocksPlain() throws {
        let manuscript = try Self.book(config: "title: Test Book\ncode:\n  highlight: false\n")
        let (book, _) = try manuscript.render()
        #expect(!book.chapters[0].xhtml.contains("hl-"))
        #expect(book.chapters[0].xhtml.contains("fn main() { let x = 42; }"))
    }

    /// `check` writes no page, so it renders without colours, and finds the same.
    @Test func checkRendersWithoutHighlighting() throws {
        let manuscript = try Self.book()
        let context = BuildContext(root: manuscript.root)
        let loaded = try LoadStage().run(context: context)
        let plain = try RenderStage(buildDate: BuildDate.fallback, purpose: .findings).run(loaded, context: context)
        #expect(!plain.chapters[0].xhtml.contains("hl-"))
        #expect(plain.chapters[0].xhtml.contains("fn main() { let x = 42; }"))
        let coloured = try RenderStage(buildDate: BuildDate.fallback).run(loaded, context: context)
        #expect(coloured.chapters[0].xhtml.contains("hl-keyword"))
        let check = try Pipeline.check(manuscript.options())
        #expect(check.diagnostics.map(\.code) == ["render.math-unsupported"])
    }

    @Test func mathFalseLeavesDollarsAndBackslashesAsText() throws {
        let manuscript = try Self.book(config: "title: Test Book\nmath: false\n")
        let (book, diagnostics) = try manuscript.render()
        #expect(!diagnostics.contains { $0.code.hasPrefix("render.math") })
        #expect(!book.chapters[0].xhtml.contains("<math"))
        #expect(book.chapters[0].xhtml.contains("The sum $\\sum_{i=1}^n i$ and $a_1 + b_1$"), "\(book.chapters[0].xhtml)")
        #expect(book.chapters[0].xhtml.contains(#"<code class="language-math">E = mc^2"#))
    }

    @Test func thePDFShowsTheTeXWithAWarningAndTheDOCXWordEquations() throws {
        let manuscript = try Self.book()
        let (book, _) = try manuscript.render()
        let templates = try TemplateSet(format: "pdf", manuscriptRoot: manuscript.root)
        let engine = try PDFEngine.locate(environment: [PDFEngine.overrideVariable: "/bin/false"])
        let document = PDFPackager(templates: templates, engine: engine).document(book)
        #expect(document.contains(#"<code class="math-tex">$\sum_{i=1}^n i$</code>"#), "\(document)")
        #expect(!document.contains("<math"))
        let (result, docx) = try buildDOCX(manuscript)
        #expect(!result.diagnostics.contains { $0.code == "package.math-as-tex" })
        let xml = try #require(docx.entries["word/document.xml"])
        #expect(XMLCheck.problem(in: xml) == nil)
        #expect(xml.contains(#"<m:oMathPara><m:oMath><m:f><m:num><m:r><m:t xml:space="preserve">a</m:t></m:r></m:num>"#), "\(xml)")
        #expect(xml.contains(#"<m:nary><m:naryPr><m:chr m:val="∑"/><m:limLoc m:val="subSup"/></m:naryPr>"#))
        #expect(xml.contains(#"<w:r><w:t xml:space="preserve">The sum </w:t></w:r><m:oMath>"#), "an inline formula sits among the runs")
        #expect(!xml.contains("\\frac"), "no TeX left as text")
        #expect(xml.contains(#"<w:rStyle w:val="CodeChar"/>"#) && xml.contains("$\\unknowncommand{x}$"), "the one that did not convert stays TeX")
    }

    /// LibreOffice (with its Math module) typesets the Word equations: their text reaches the PDF.
    @Test(.externalTools) func libreOfficeTypesetsTheWordEquations() throws {
        let manuscript = try Self.book()
        let (_, docx) = try buildDOCX(manuscript)
        let text = try DOCXLibreOfficeTests.pdfText(try DOCXLibreOfficeTests.convertToPDF(docx.url))
        let words = DOCXLibreOfficeTests.words(text)
        #expect(words.contains("mc"), "E = mc^2 is in the PDF: \(text)")
        #expect(text.contains("√"), "\\sqrt{c}: \(text)")
    }

    /// Code, math, numbered figures, heading attributes, references and table captions together.
    @Test(.externalTools) func epubCheckAndTheNuCheckerPassIt() throws {
        var files = FiguresAndReferencesTests.chapters
        files["chapters/03-code.md"] = Self.chapter
        files["draftforge.yml"] = "title: Test Book\nfigures:\n  numbered: true\ncode:\n  line_numbers: true\n"
        files["chapters/images/m.svg"] = #"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#
        let manuscript = try TestManuscript(files)
        let result = try manuscript.build()
        let epub = try #require(result.outputs.first { $0.format == .epub }).url
        let problems = try EPUBCheckTests.problems(in: epub, report: manuscript.url("epubcheck.json"))
        #expect(problems == nil, "\(problems ?? "")")
        let site = manuscript.dist.appendingPathComponent("html")
        let pages = ["01-one.html", "02-two.html", "03-code.html"].map { site.appendingPathComponent($0) }
        #expect(try String(contentsOf: pages[0], encoding: .utf8).contains("Figure 1.1"), "the figures are numbered")
        let verdict = try SiteValidationTests.check(pages, scratch: manuscript)
        #expect(verdict.caughtControl)
        #expect(verdict.errors.isEmpty, "\(verdict.listed)")
    }
}

/// The Rust book from the corpus, coloured in all four formats.
@Suite("Technical books: the Rust book", .corpus)
struct RustBookHighlightTests {
    @Test func everyFormatColoursItsCode() throws {
        let source = sharedFolder.appendingPathComponent("corpus/rust-book")
        let output = try TestManuscript()
        let result = try Pipeline.build(BuildOptions(root: source, outputDirectory: output.root, formats: [.epub, .html, .docx]))
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        let pages = epub.names.filter { $0.hasPrefix("OEBPS/text/") }.compactMap { epub[$0] }.joined()
        #expect(pages.components(separatedBy: #"<span class="hl-keyword">fn</span>"#).count > 200, "the EPUB")
        let site = try #require(result.outputs.first { $0.format == .html }).url
        let sitePages = try folderContents(site).filter { $0.key.hasSuffix(".html") }.map { String(decoding: $0.value, as: UTF8.self) }.joined()
        #expect(sitePages.contains(#"<span class="hl-keyword">fn</span>"#), "the site")
        let docx = try DOCXPackage(try #require(result.outputs.first { $0.format == .docx }).url)
        let document = try #require(docx.entries["word/document.xml"])
        #expect(document.contains(#"<w:color w:val="\#(CodeTheme.light["keyword"]!)"/>"#), "the DOCX")
        let context = BuildContext(root: source)
        let book = try RenderStage(buildDate: BuildDate.fallback).run(try LoadStage().run(context: context), context: context)
        let templates = try TemplateSet(format: "pdf", manuscriptRoot: source)
        let engine = try PDFEngine.locate(environment: [PDFEngine.overrideVariable: "/bin/false"])
        #expect(PDFPackager(templates: templates, engine: engine).document(book).contains(#"<span class="hl-keyword">fn</span>"#), "the PDF's document")
    }
}
