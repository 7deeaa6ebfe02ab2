import Foundation
import Testing
@testable import DraftForgeKit

/// TeX math to MathML: the formulas of Fixtures/math/formulas.txt, each with the MathML written
/// for it by hand, and the ways a formula fails.
@Suite("TeX math")
struct TeXMathTests {
    /// One case of formulas.txt: the TeX, and the first child of `<semantics>` or the error message.
    struct Formula: CustomTestStringConvertible, Sendable {
        var tex: String
        var display: MathDisplay
        var expected: String
        var expectsError: Bool
        var line: Int

        var testDescription: String { "line \(line): \(tex)" }
    }

    static let fixture = packageRoot.appendingPathComponent("Tests/DraftForgeKitTests/Fixtures/math/formulas.txt")

    static let formulas: [Formula] = {
        guard let text = try? String(contentsOf: fixture, encoding: .utf8) else { return [] }
        var formulas: [Formula] = []
        for (number, line) in text.components(separatedBy: "\n").enumerated() where !line.hasPrefix("#") {
            if line.isEmpty { continue }
            for (prefix, display) in [("inline: ", MathDisplay.inline), ("block: ", .block)] where line.hasPrefix(prefix) {
                formulas.append(Formula(
                    tex: String(line.dropFirst(prefix.count)), display: display, expected: "", expectsError: false, line: number + 1))
            }
            if line.hasPrefix("inline: ") || line.hasPrefix("block: ") { continue }
            if line.hasPrefix("error: ") {
                formulas[formulas.count - 1].expectsError = true
                formulas[formulas.count - 1].expected = String(line.dropFirst("error: ".count))
            } else {
                formulas[formulas.count - 1].expected += line
            }
        }
        return formulas
    }()

    /// The whole `<math>` element expected around `body`.
    static func document(_ body: String, tex: String, display: MathDisplay) -> String {
        let escapedTeX = tex.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let tagged = display == .block && tex.contains(#"\tag"#)
        return #"<math xmlns="http://www.w3.org/1998/Math/MathML""# + (display == .block ? #" display="block""# : "")
            + (tagged ? #" style="position: relative""# : "")
            + #" alttext="\#(escapedTeX.replacingOccurrences(of: "\"", with: "&quot;"))"><semantics>"# + body
            + #"<annotation encoding="application/x-tex">\#(escapedTeX)</annotation></semantics></math>"#
    }

    @Test func theFixtureHasEnoughFormulas() {
        #expect(Self.formulas.count >= 60)
        #expect(Self.formulas.allSatisfy { !$0.expected.isEmpty })
    }

    @Test(arguments: formulas)
    func formulaConvertsAsWritten(_ formula: Formula) {
        let result = TeXMath.mathML(formula.tex, display: formula.display)
        switch result {
        case .success(let mathML):
            #expect(!formula.expectsError, "expected the error \(formula.expected)")
            #expect(mathML == Self.document(formula.expected, tex: formula.tex, display: formula.display))
            #expect(XMLCheck.problem(in: mathML) == nil, "not well-formed: \(mathML)")
        case .failure(let error):
            #expect(formula.expectsError, "\(error)")
            #expect(error.message == formula.expected)
        }
    }

    // MARK: - The whole element

    @Test func theWholeElementCarriesTheTeXAsAlttextAndAnnotation() throws {
        let mathML = try TeXMath.mathML(#"a<b \text{"\&"}"#, display: .block).get()
        #expect(mathML == """
            <math xmlns="http://www.w3.org/1998/Math/MathML" display="block" alttext="a&lt;b \\text{&quot;\\&amp;&quot;}">\
            <semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi><mtext>"&amp;"</mtext></mrow>\
            <annotation encoding="application/x-tex">a&lt;b \\text{"\\&amp;"}</annotation></semantics></math>
            """)
        #expect(XMLCheck.problem(in: mathML) == nil)
    }

    @Test func anInlineFormulaHasNoDisplayAttributeAndANewlineInAlttextIsKept() throws {
        let mathML = try TeXMath.mathML("x\n+y", display: .inline).get()
        #expect(mathML.hasPrefix(#"<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x&#10;+y"><semantics>"#))
    }

    // MARK: - Failures

    @Test(arguments: [
        (#"a + \foo{b}"#, MathConversionError(message: #"\foo is not supported"#, command: #"\foo"#, offset: 4)),
        (#"\color{red} x"#, MathConversionError(message: #"\color is not supported"#, command: #"\color"#, offset: 0)),
        ("é + \\bar{\\zeta} + \\unknown", MathConversionError(message: #"\unknown is not supported"#, command: #"\unknown"#, offset: 19)),
        ("\\frac{a}{b", MathConversionError(message: "{ is not closed", command: nil, offset: 8)),
        ("a}", MathConversionError(message: "} has no matching {", command: nil, offset: 1)),
        (#"x \right)"#, MathConversionError(message: #"\right has no matching \left"#, command: #"\right"#, offset: 2)),
        (#"\left( x"#, MathConversionError(message: #"\left has no matching \right"#, command: #"\left"#, offset: 0)),
        (#"\left x \right)"#, MathConversionError(
            message: #"\left must be followed by a delimiter such as ( or \langle"#, command: #"\left"#, offset: 0)),
        (#"\begin{pmatrix} a & b"#, MathConversionError(
            message: #"\begin{pmatrix} is not closed"#, command: #"\begin{pmatrix}"#, offset: 0)),
        (#"\begin{pmatrix} a \end{bmatrix}"#, MathConversionError(
            message: #"\end{bmatrix} does not match \begin{pmatrix}"#, command: #"\end{bmatrix}"#, offset: 18)),
        (#"\begin{tabular}{cc} a \end{tabular}"#, MathConversionError(
            message: "the environment tabular is not supported", command: #"\begin{tabular}"#, offset: 0)),
        (#"\begin{array}{c|c} a \end{array}"#, MathConversionError(
            message: "the array column | is not supported (only l, c and r are)", command: #"\begin{array}"#, offset: 15)),
        ("x^1^2", MathConversionError(message: "double superscript: use braces to group", command: nil, offset: 3)),
        (#"\frac{a}"#, MathConversionError(message: #"\frac is missing its argument"#, command: #"\frac"#, offset: 0)),
        (#"x \limits"#, MathConversionError(message: #"\limits must follow an operator such as \sum"#, command: #"\limits"#, offset: 2)),
        (#"a \tag{1} \tag{2}"#, MathConversionError(message: #"a formula may have only one \tag"#, command: #"\tag"#, offset: 10)),
        (#"{a \tag{1}}"#, MathConversionError(
            message: #"\tag is supported only at the top level of a formula"#, command: #"\tag"#, offset: 3)),
        ("a $ b", MathConversionError(message: "$ cannot be used in math", command: nil, offset: 2)),
        ("a \\\\ b", MathConversionError(
            message: #"\\ is allowed only in an environment such as aligned or matrix"#, command: #"\\"#, offset: 2)),
        ("x\\", MathConversionError(message: #"the formula ends with a lone \"#, command: #"\"#, offset: 1)),
    ])
    func anUnsupportedOrBrokenFormulaIsAFailureNamingWhereAndWhat(_ tex: String, _ expected: MathConversionError) {
        #expect(TeXMath.mathML(tex, display: .block) == .failure(expected))
    }

    @Test func aProblemsOffsetBecomesALineAndColumnInTheFormula() throws {
        let tex = "\\begin{aligned}\n  a &= b \\\\\n  é &= \\foo\n\\end{aligned}"
        guard case .failure(let error) = TeXMath.mathML(tex, display: .block) else {
            Issue.record("converted")
            return
        }
        #expect(error.command == #"\foo"#)
        #expect(error.lineAndColumn(in: tex) == (line: 3, column: 9))
        #expect(MathConversionError(message: "", command: nil, offset: 0).lineAndColumn(in: tex) == (line: 1, column: 1))
    }

    @Test func aProblemAtTheEndStillFailsTheWholeFormula() {
        for tex in [#"\frac{a}{b} + \sqrt{2} + \foo"#, #"\begin{aligned} a &= b \\ c &= \bar{d}"#, #"\left( \sum_i x_i"#] {
            guard case .failure = TeXMath.mathML(tex, display: .block) else {
                Issue.record("\(tex) converted")
                continue
            }
        }
    }

    @Test func randomTokenSoupNeverCrashesAndWhatConvertsIsWellFormed() {
        let pieces = [
            "x", "1", ".", "+", "<", "&", "{", "}", "^", "_", "'", " ", "\\", #"\frac"#, #"\sqrt"#, "[", "]",
            #"\left("#, #"\right)"#, #"\middle|"#, #"\begin{matrix}"#, #"\end{matrix}"#, #"\begin{aligned}"#,
            #"\end{aligned}"#, #"\text{a b}"#, #"\mathbb"#, #"\hat"#, #"\sum"#, #"\limits"#, #"\lim"#, #"\tag{1}"#,
            #"\displaystyle"#, #"\not"#, "é", "∑", "%", "\n", #"\,"#, #"\big"#, #"\overbrace"#, #"\operatorname"#,
        ]
        var state: UInt64 = 17
        var converted = 0
        for _ in 0..<3_000 {
            var tex = ""
            for _ in 0..<12 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                tex += pieces[Int(state >> 33) % pieces.count]
            }
            guard case .success(let mathML) = TeXMath.mathML(tex, display: .block) else { continue }
            converted += 1
            #expect(XMLCheck.problem(in: mathML) == nil, "\(tex) gave \(mathML)")
        }
        #expect(converted > 100, "too few random formulas converted to test the writer")
    }

    @Test func nestingDeeperThanTheLimitIsAFailureNotACrash() {
        let depth = 10_000
        for tex in [
            String(repeating: "{", count: depth) + "x" + String(repeating: "}", count: depth),
            String(repeating: #"\sqrt"#, count: depth) + "x",
            String(repeating: "x^{", count: depth) + "x" + String(repeating: "}", count: depth),
            String(repeating: #"\left("#, count: depth) + "x" + String(repeating: #"\right)"#, count: depth),
            String(repeating: #"\displaystyle "#, count: depth) + "x",
        ] {
            guard case .failure(let error) = TeXMath.mathML(tex, display: .block) else {
                Issue.record("\(tex.prefix(30))… converted")
                continue
            }
            #expect(error.message == "the formula nests deeper than 200 levels")
        }
        let shallow = String(repeating: "{", count: 50) + "x" + String(repeating: "}", count: 50)
        #expect((try? TeXMath.mathML(shallow, display: .block).get()) != nil)
    }

    @Test func aLongFormulaConvertsQuickly() throws {
        let tex = Array(repeating: #"\frac{\alpha_i^2}{\sqrt{x+1}} + \sum_{k=0}^{n} \mathbb{R}^k"#, count: 2_000).joined(separator: " + ")
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try TeXMath.mathML(tex, display: .block).get() }
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test func everyFixtureFormulaIsWellFormedXMLInAnXHTMLPage() throws {
        let bodies = Self.formulas.compactMap { try? TeXMath.mathML($0.tex, display: $0.display).get() }
        let page = #"<html xmlns="http://www.w3.org/1999/xhtml"><body><p>"# + bodies.joined(separator: "</p><p>") + "</p></body></html>"
        #expect(XMLCheck.problem(in: page) == nil)
    }

    @Test func theSymbolTablesSpellEachNameOnce() {
        let names = TeXSymbols.ordinary.map(\.0) + TeXSymbols.uprightOrdinary.map(\.0) + TeXSymbols.operators.map(\.0)
            + TeXSymbols.delimiters.map(\.0) + TeXSymbols.largeOperators.map(\.0) + TeXSymbols.functions.map(\.0)
        #expect(Set(names).count == names.count, "\(Dictionary(grouping: names, by: { $0 }).filter { $1.count > 1 }.keys)")
    }
}
