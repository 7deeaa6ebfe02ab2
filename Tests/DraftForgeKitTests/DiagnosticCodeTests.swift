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
}
