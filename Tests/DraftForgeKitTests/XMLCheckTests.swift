import Testing
@testable import DraftForgeKit

@Suite("XML check")
struct XMLCheckTests {
    @Test func acceptsWellFormedXML() {
        #expect(XMLCheck.problem(in: #"<a xmlns:e="urn:x"><b e:c="1">t</b></a>"#) == nil)
    }

    @Test func rejectsWhatEPUBCheckCallsFatal() {
        #expect(XMLCheck.problem(in: "<a><b></a>") != nil)
        #expect(XMLCheck.problem(in: "<a>&nbsp;</a>") != nil)
        #expect(XMLCheck.problem(in: #"<a zoop:33="x"/>"#) != nil)
        #expect(XMLCheck.problem(in: "<x:y/>") != nil)
        #expect(XMLCheck.problem(in: "<a><!-- a -- b --></a>") != nil)
    }
}
