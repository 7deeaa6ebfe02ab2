import Foundation
import Testing
@testable import DraftForgeKit

/// TeX math found before Markdown reads the chapter, by pandoc's delimiter rules.
@Suite("Math spans")
struct MathSpansTests {
    func spans(_ body: String, syntax: ManuscriptConfig.MathSyntax = .tex) -> [MathSpan] {
        let document = CMarkParser.parse(body, smartPunctuation: false).document
        return MathSpans.protect(body, document: document, syntax: syntax)?.spans ?? []
    }

    @Test func dollarsFollowPandocsRules() {
        #expect(spans("It costs $5 and $10 today.").isEmpty)
        #expect(spans("A $ sign alone, and $x $ with a space.").isEmpty)
        #expect(spans("Let $x_1 + x_2$ be.").map(\.tex) == ["x_1 + x_2"])
        #expect(spans("Prices $x$5 are not math.").isEmpty, "a digit after the closing $")
        #expect(spans(#"An escaped \$x$ is not math."#).isEmpty)
        #expect(spans("Two: $a$ and $b$.").map(\.tex) == ["a", "b"])
        #expect(spans("It is *$HOME/.cargo/bin*. Ensure that\nit is in your `$PATH` now.").isEmpty, "the Rust book")
        #expect(spans("Set $PATH and $HOME.").isEmpty)
        #expect(spans("$$\\sum_{i=1}^n i$$").map { "\($0.tex) \($0.isDisplay)" } == ["\\sum_{i=1}^n i true"])
        #expect(spans(#"Inline \(a^2\) and display \[b^2\]."#).map { "\($0.tex) \($0.isDisplay)" } == ["a^2 false", "b^2 true"])
    }

    /// mdBook's MathJax reads the page after Markdown: `\\(…\\)` in the source, and the TeX
    /// as Markdown's escapes leave it.
    @Test func mdBooksMathJaxDelimitersAndEscapes() {
        let found = spans(#"Inline \\( a_1 \\, b \\) and \\[ \\frac{1}{2} \\] but $x$ stays, $$y \\\\ z$$."#, syntax: .mathJax)
        #expect(found.map { "\($0.tex)|\($0.isDisplay)|\($0.column)|\($0.openingLength)" }
            == [#" a_1 \, b |false|8|3"#, #" \frac{1}{2} |true|30|3"#, #"y \\ z|true|66|2"#])
        #expect(spans(#"Plain \(a\) is text in an mdBook with MathJax."#, syntax: .mathJax).isEmpty)
        #expect(spans("No math at all: $x$, $$y$$, \\(z\\).", syntax: .none).isEmpty)
        #expect(MathSpans.unescapingMarkdown(#"\\alpha\_1 \* \q"#) == #"\alpha_1 * \q"#)
    }

    @Test func codeAndHTMLAreLeftAlone() {
        #expect(spans("Code `$x$` here.").isEmpty)
        #expect(spans("Code ``a ` $x$`` here.").isEmpty)
        #expect(spans("```\n$x$\n```\n\n    $y$\n").isEmpty)
        #expect(spans("<a href=\"$x$\">link</a>").isEmpty)
        #expect(spans("<div>\n$x$\n</div>\n").isEmpty)
        // Code in the blocks that hold blocks: quotes, list items (nested) and footnotes;
        // indented, so no backtick is there to stop the scan.
        #expect(spans("> text\n>\n>     $x$\n").isEmpty)
        #expect(spans("- item\n\n  1. inner\n\n         $x$\n").isEmpty)
        #expect(spans("Text[^n].\n\n[^n]: Note.\n\n        $x$\n").isEmpty)
        #expect(spans("> - <div>\n>   $x$\n>   </div>\n").isEmpty)
        #expect(spans("> - text\n>\n>       code\n>\n>   then $x$ here\n").map(\.tex) == ["x"])
    }

    @Test func mathNeverCrossesABlankLine() {
        #expect(spans("$a\n\nb$").isEmpty)
        #expect(spans("$$\na\n\nb\n$$").isEmpty)
        #expect(spans("$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$\n").first?.tex
            == "\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n")
    }

    /// The placeholder keeps every line where it was, and Markdown cannot touch the TeX.
    @Test func theProtectedBodyKeepsLinesAndMarkdownLeavesTheMathAlone() throws {
        let body = "# Title\n\nSee $[a]([b]G)$ and $a_1 + b_1$ here,\n$$\n- x\n$$\nthen *more* text.\n"
        let document = CMarkParser.parse(body, smartPunctuation: false).document
        let (protected, spans) = try #require(MathSpans.protect(body, document: document))
        #expect(spans.map(\.tex) == ["[a]([b]G)", "a_1 + b_1", "\n- x\n"])
        #expect(spans.map { "\($0.line):\($0.column)" } == ["3:5", "3:21", "4:1"])
        #expect(protected.split(separator: "\n", omittingEmptySubsequences: false).count
            == body.split(separator: "\n", omittingEmptySubsequences: false).count)
        let html = DocumentRenderer.render(CMarkParser.parse(protected, smartPunctuation: false).document).nodes
        let codes = html.flatMap(Self.codeTexts)
        #expect(codes.compactMap(MathSpans.spanIndex(inCode:)) == [0, 1, 2], "\(codes)")
        #expect(!html.map(Self.text).joined().contains("href"), "no link was made of the math")
    }

    @Test func theByteSearchFindsWhatStringSearchFinds() {
        for (text, needle) in [("abc", "c"), ("abc", "bc"), ("abc", "abcd"), ("", "a"), ("a", ""), ("héllo wörld", "wö"), ("x$", "$"), ("aab", "ab"), ("Table", "Table:")] {
            #expect(text.containsBytes(needle) == (needle.isEmpty || text.contains(needle)), "\(text) \(needle)")
        }
    }

    static func codeTexts(_ node: HTMLNode) -> [String] {
        guard case .element(let element) = node else { return [] }
        if element.name == "code" { return [element.children.map(text).joined()] }
        return element.children.flatMap(codeTexts)
    }

    static func text(_ node: HTMLNode) -> String {
        switch node {
        case .text(let text): return text
        case .element(let element): return element.name + element.children.map(text).joined()
        }
    }
}
