// What the EPUB states of its own accessibility, by EPUB Accessibility 1.1: conformance to
// WCAG 2.2 AA when the checks leave no problem open, an exemption the author declares, or
// neither (and the build says why).
import Foundation

/// `accessibility:` in draftforge.yml.
public struct AccessibilityOptions: Sendable, Equatable {
    /// The European Accessibility Act's exemptions, as `a11y:exemption` names them.
    public enum Exemption: String, Sendable, CaseIterable {
        case microenterprise = "eaa-microenterprise"
        case disproportionateBurden = "eaa-disproportionate-burden"
        case fundamentalAlteration = "eaa-fundamental-alteration"
    }

    public var exemption: Exemption?
    /// Where a certifier's report can be read (`a11y:certifierReport`).
    public var certifierReport: String?
}

public struct AccessibilityClaim: Sendable, Equatable {
    public static let conformance = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

    /// Who vouches for the claim (the publisher, or the author); nil when nothing is claimed.
    public var certifiedBy: String?
    public var certifierReport: String?
    public var exemption: AccessibilityOptions.Exemption?
    /// How many accessibility findings of one code are open.
    public struct OpenProblems: Sendable, Equatable {
        public var code: String
        public var count: Int
    }

    /// The open accessibility findings by code, when there are any: why nothing is claimed.
    public var openProblems: [OpenProblems] = []

    public var conforms: Bool { certifiedBy != nil }

    /// The claim the findings allow: conformance when no accessibility finding is open.
    public init(config: ManuscriptConfig, findings: [Diagnostic]) {
        exemption = config.accessibility.exemption
        var counts: [String: Int] = [:]
        for finding in findings where finding.category == .accessibility && finding.status != .waived {
            counts[finding.code, default: 0] += 1
        }
        openProblems = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { OpenProblems(code: $0.key, count: $0.value) }
        if openProblems.isEmpty {
            certifiedBy = config.publisher ?? config.authors.first ?? config.title
            certifierReport = config.accessibility.certifierReport
        }
    }

    /// Why the EPUB claims no conformance, for the build's note; nil when it claims it.
    public var withheldReason: String? {
        guard !openProblems.isEmpty else { return nil }
        let total = openProblems.reduce(0) { $0 + $1.count }
        let list = openProblems.map { "\($0.code): \($0.count)" }.joined(separator: "; ")
        return "the EPUB claims no WCAG 2.2 AA conformance: \(total.counting("accessibility finding")) \(total == 1 ? "is" : "are") open (\(list))"
    }
}
