import Foundation
import Testing
@testable import DraftForgeKit

/// Formulas go where their placeholders are; one that does not convert is its TeX, with a
/// warning at the place the TeX goes wrong.
@Suite("Math renderer")
struct MathRendererTests {
    /// Converts `x` alone; anything else fails at its first backslash.
    static let convert: MathRenderer.Converter = { tex, isDisplay in
        if let slash = tex.utf8.firstIndex(of: UInt8(ascii: "\\")) {
            let offset = tex.utf8.distance(from: tex.utf8.startIndex, to: slash)
            return .failure(.init(message: "\\foo is not supported", offset: offset))
        }
        return .success("<math\(isDisplay ? " display=\"block\"" : "") alttext=\"\(tex)\"><mi>\(tex)</mi><mo>&lt;</mo></math>")
    }

    func rendered(_ body: String) -> (html: [HTMLNode], renderer: MathRenderer) {
        let document = CMarkParser.parse(body, smartPunctuation: false).document
        let (protected, spans) = MathSpans.protect(body, document: document) ?? (body, [])
        var renderer = MathRenderer(spans: spans, convert: Self.convert)
        let html = renderer.render(DocumentRenderer.render(CMarkParser.parse(protected, smartPunctuation: false).document).nodes)
        return (html, renderer)
    }

    @Test func formulasReplaceTheirPlaceholders() {
        let (html, renderer) = rendered("Let $x$ be.\n\n```math\ny\n```\n")
        #expect(renderer.problems.isEmpty)
        let xhtml = XHTMLSerializer.serialize(html, style: SerializationStyle(resolve: { _ in "" }))
        #expect(xhtml.contains(#"<p>Let <math alttext="x"><mi>x</mi><mo>&lt;</mo></math> be.</p>"#), "\(xhtml)")
        #expect(xhtml.contains("<div class=\"math-display\"><math display=\"block\" alttext=\"y\"><mi>y</mi><mo>&lt;</mo></math></div>"), "\(xhtml)")
    }

    @Test func aFormulaThatDoesNotConvertIsItsTeXAndAWarningAtTheCommand() {
        let (html, renderer) = rendered("Text\nand $a + \\foo{b}$ here,\n$$\nc\n\\bar\n$$\n")
        let xhtml = XHTMLSerializer.serialize(html, style: SerializationStyle(resolve: { _ in "" }))
        #expect(xhtml.contains(#"<code class="math-tex">$a + \foo{b}$</code>"#), "\(xhtml)")
        #expect(xhtml.contains("<code class=\"math-tex\">$$\nc\n\\bar\n$$</code>"), "\(xhtml)")
        let warnings = MathRenderer.diagnostics(renderer.problems) { SourceLocation(file: "chapters/01.md", line: $0, column: $1) }
        #expect(warnings.map { $0.location?.description } == ["chapters/01.md:2:10", "chapters/01.md:5:1"])
        #expect(warnings.first?.message == "\\foo is not supported; the formula is shown as TeX")
        let (_, block) = rendered("Text\n\n```math\ny\n\\bar\n```\n")
        let blockWarnings = MathRenderer.diagnostics(block.problems) { SourceLocation(file: "chapters/01.md", line: $0, column: $1) }
        #expect(blockWarnings.map { $0.location?.description } == ["chapters/01.md:5:1"], "a math block's TeX starts after its fence")
        #expect(warnings.allSatisfy { $0.code == "render.math-unsupported" && $0.severity == .warning })
    }

    @Test func xmlFragmentsAreReadWithTheirEntities() throws {
        let element = try #require(XMLFragment.element(#"<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="a &lt; b"><mi>a</mi><mo>&#x3C;</mo><mspace width="1em"/></math>"#))
        #expect(element.name == "math")
        #expect(element["alttext"] == "a < b")
        #expect(element.children.count == 3)
        #expect(element.textContent == "a<")
        #expect(XMLFragment.element("<math><mi>a</mo></math>") == nil)
        #expect(XMLFragment.element("<math>") == nil)
    }
}
