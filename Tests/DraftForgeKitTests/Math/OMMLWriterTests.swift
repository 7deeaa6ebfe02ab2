import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// TeX math to Word's equations (OMML): the main constructs written out by hand, and every
/// formula of Fixtures/math/formulas.txt as well-formed XML pinned by a golden file.
@Suite("TeX math as Word equations")
struct OMMLWriterTests {
    func omml(_ tex: String, _ display: MathDisplay = .inline) throws -> String {
        try TeXMath.omml(tex, display: display).get()
    }

    @Test func constructsMapToWordsObjects() throws {
        #expect(try omml("x") == #"<m:oMath><m:r><m:t xml:space="preserve">x</m:t></m:r></m:oMath>"#)
        #expect(try omml(#"\frac{a}{2}"#) == #"<m:oMath><m:f><m:num><m:r><m:t xml:space="preserve">a</m:t></m:r></m:num><m:den><m:r><m:t xml:space="preserve">2</m:t></m:r></m:den></m:f></m:oMath>"#)
        #expect(try omml(#"\binom{n}{k}"#).contains(#"<m:d><m:dPr><m:begChr m:val="("/><m:endChr m:val=")"/></m:dPr><m:e><m:f><m:fPr><m:type m:val="noBar"/></m:fPr>"#))
        #expect(try omml(#"\sqrt{x}"#) == #"<m:oMath><m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/><m:e><m:r><m:t xml:space="preserve">x</m:t></m:r></m:e></m:rad></m:oMath>"#)
        #expect(try omml(#"\sqrt[3]{x}"#).contains(#"<m:rad><m:deg><m:r><m:t xml:space="preserve">3</m:t></m:r></m:deg><m:e>"#))
        #expect(try omml("x_i^2") == #"<m:oMath><m:sSubSup><m:e><m:r><m:t xml:space="preserve">x</m:t></m:r></m:e><m:sub><m:r><m:t xml:space="preserve">i</m:t></m:r></m:sub><m:sup><m:r><m:t xml:space="preserve">2</m:t></m:r></m:sup></m:sSubSup></m:oMath>"#)
        #expect(try omml(#"\hat{x}"#).contains("<m:acc><m:accPr><m:chr m:val=\"\u{302}\"/></m:accPr><m:e>"))
        #expect(try omml(#"\underline{x}"#).contains(#"<m:bar><m:barPr><m:pos m:val="bot"/></m:barPr>"#))
        #expect(try omml(#"\overbrace{a+b}^{n}"#, .block).contains(#"<m:limUpp><m:e><m:groupChr><m:groupChrPr><m:chr m:val="⏞"/><m:pos m:val="top"/><m:vertJc m:val="bot"/></m:groupChrPr>"#))
        #expect(try omml(#"\overline{AB}"#).contains(#"<m:bar><m:barPr><m:pos m:val="top"/></m:barPr>"#))
        #expect(try omml(#"\text{if } x"#).hasPrefix("<m:oMath><m:r><m:rPr><m:nor/></m:rPr><m:t xml:space=\"preserve\">if\u{A0}</m:t></m:r>"))
        #expect(try omml(#"\textbf{b}"#).contains("<m:rPr><m:nor/></m:rPr><w:rPr><w:b/></w:rPr>"))
        #expect(try omml(#"\sin x"#).hasPrefix(#"<m:oMath><m:r><m:rPr><m:sty m:val="p"/></m:rPr><m:t xml:space="preserve">sin</m:t></m:r>"#))
        #expect(try omml(#"a < b \& c"#).contains("a&lt;b&amp;c"), "escaped, and touching plain runs are one")
    }

    @Test func aBigOperatorTakesItsOperandUpToTheNextRelation() throws {
        let block = try omml(#"\sum_{i=1}^{n} i^2 = \int_0^1 f(x)\,dx"#, .block)
        #expect(block.hasPrefix(#"<m:oMathPara><m:oMath><m:nary><m:naryPr><m:chr m:val="∑"/><m:limLoc m:val="undOvr"/></m:naryPr><m:sub><m:r><m:t xml:space="preserve">i=1</m:t></m:r></m:sub><m:sup><m:r><m:t xml:space="preserve">n</m:t></m:r></m:sup><m:e><m:sSup>"#), "\(block)")
        #expect(block.contains(#"</m:nary><m:r><m:t xml:space="preserve">=</m:t></m:r><m:nary><m:naryPr><m:chr m:val="∫"/><m:limLoc m:val="subSup"/></m:naryPr>"#), "\(block)")
        #expect(block.hasSuffix("</m:oMath></m:oMathPara>"))
        let inline = try omml(#"\sum_i a_i"#)
        #expect(inline.contains(#"<m:limLoc m:val="subSup"/><m:supHide m:val="1"/>"#), "limits go beside in a line, and a missing one is hidden")
        #expect(try omml(#"\lim_{x \to 0} x"#, .block).contains("<m:limLow><m:e><m:r><m:rPr><m:sty m:val=\"p\"/></m:rPr><m:t xml:space=\"preserve\">lim</m:t></m:r></m:e><m:lim>"))
    }

    @Test func fencesMatricesAndTags() throws {
        let fenced = try omml(#"\left( \frac{a}{b} \middle| c \right]"#)
        #expect(fenced.contains(#"<m:d><m:dPr><m:begChr m:val="("/><m:sepChr m:val="|"/><m:endChr m:val="]"/></m:dPr><m:e><m:f>"#), "\(fenced)")
        let matrix = try omml(#"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"#, .block)
        #expect(matrix.contains(#"<m:d><m:dPr><m:begChr m:val="("/><m:endChr m:val=")"/></m:dPr><m:e><m:m><m:mPr><m:mcs>"#), "\(matrix)")
        #expect(matrix.components(separatedBy: "<m:mr>").count == 3)
        let aligned = try omml(#"\begin{aligned} a &= b \\ c &= d \end{aligned}"#, .block)
        #expect(aligned.contains(#"<m:mcJc m:val="right"/></m:mcPr></m:mc><m:mc><m:mcPr><m:count m:val="1"/><m:mcJc m:val="left"/>"#), "\(aligned)")
        #expect(try omml(#"E = mc^2 \tag{1}"#, .block).contains("<m:t xml:space=\"preserve\">\u{2003}\u{2003}(1)</m:t>"))
    }

    /// Every formula the MathML suite converts is well-formed OMML, pinned whole.
    @Test func everyFormulaOfTheSuiteIsWellFormedAndPinned() throws {
        var dump = ""
        for formula in TeXMathTests.formulas where !formula.expectsError {
            let xml = try TeXMath.omml(formula.tex, display: formula.display).get()
            let document = #"<w:p xmlns:w="urn:w" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">"# + xml + "</w:p>"
            #expect(XMLCheck.problem(in: document) == nil, "line \(formula.line): \(formula.tex)")
            dump += "\(formula.display == .block ? "block" : "inline"): \(formula.tex)\n\(xml)\n\n"
        }
        #expect(dump.count > 1000)
        try Golden.verify(dump, matches: packageRoot.appendingPathComponent("Tests/DraftForgeKitTests/Fixtures/math/formulas.omml.txt"))
    }
}
