// Tests that reach outside the package: programs it does not build, or the books in ../shared.
// `DRAFTFORGE_HERMETIC=1 swift test` leaves them out, for a quick run on a bare machine;
// `scripts/test` (and CI) runs everything, and there a missing program fails, never skips.
import Foundation
import Testing

public enum Hermetic {
    /// What a test reaches outside the package for.
    public enum Reach: String, Sendable {
        /// EPUBCheck or the Nu HTML Checker (Java), Chromium, LibreOffice, WeasyPrint, poppler's
        /// tools, strace or check-jsonschema.
        case externalTools = "a program from outside the package"
        /// The books and schemas in ../shared beside the repository.
        case corpus = "../shared"
    }

    /// True when only the tests that need nothing outside the package run.
    public static var isOn: Bool { ProcessInfo.processInfo.environment["DRAFTFORGE_HERMETIC"] == "1" }

    /// Cancels the running test (or the test case, in a parameterized test) in a hermetic run.
    public static func require(_ reach: Reach) throws {
        if isOn { try Test.cancel("needs \(reach.rawValue)") }
    }
}

extension Trait where Self == ConditionTrait {
    /// The suite or test runs programs from outside the package.
    public static var externalTools: Self {
        .disabled(if: Hermetic.isOn, "needs \(Hermetic.Reach.externalTools.rawValue)")
    }

    /// The suite or test reads ../shared.
    public static var corpus: Self {
        .disabled(if: Hermetic.isOn, "needs \(Hermetic.Reach.corpus.rawValue)")
    }
}
