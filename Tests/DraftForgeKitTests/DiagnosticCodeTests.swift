import Foundation
import Testing
@testable import DraftForgeKit

/// Every code a user can meet is explained in the guide: the diagnostic codes chapter, or the
/// continuity chapter for the checks' findings.
@Suite("Diagnostic codes")
struct DiagnosticCodeTests {
    @Test func everyCodeIsInTheGuide() throws {
        let chapters = packageRoot.appendingPathComponent("docs/chapters")
        let guide = try ["16-diagnostic-codes.md", "05-continuity.md"].map {
            try String(contentsOf: chapters.appendingPathComponent($0), encoding: .utf8)
        }.joined()
        let missing = DiagnosticCode.allCases.filter { !guide.contains("`\($0.rawValue)`") }
        #expect(missing.isEmpty, "not in the guide: \(missing.map(\.rawValue))")
    }

    /// A code's category is the part before its first dot (`output` for a prefix that names
    /// none, as for `output.write-failed`); the lookup table must say the same for every code.
    @Test func everyCodeBelongsToTheCategoryItsNameStartsWith() {
        for code in DiagnosticCode.allCases {
            let prefix = String(code.rawValue.split(separator: ".")[0])
            #expect(code.category == Diagnostic.Category(rawValue: prefix) ?? .output, "\(code.rawValue)")
        }
        #expect(DiagnosticCode.doubledWord.category == .manuscript)
        #expect(DiagnosticCode.nameVariant.category == .nameInconsistency)
        #expect(DiagnosticCode.outputFailed.category == .output)
    }
}
