// `accessibility:` in draftforge.yml: what the EPUB says of its accessibility beyond what the
// checks find (see `AccessibilityClaim`).
import Foundation

extension ConfigLoader {
    static let accessibilityKeys = ["exemption", "certifier_report"]

    /// `accessibility: {exemption: eaa-microenterprise, certifier_report: https://…}`.
    func accessibility(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> AccessibilityOptions {
        guard let pairs = value.pairs else {
            throw Diagnostic(
                .error, .configType, at: value.location, "'accessibility' must be a mapping",
                suggestion: "write accessibility: {exemption: eaa-microenterprise}")
        }
        var options = AccessibilityOptions()
        for (key, keyLocation, field) in pairs where !field.isNull {
            switch key {
            case "exemption":
                let text = try field.string("accessibility.exemption", code: .configType).trimmed
                guard let exemption = AccessibilityOptions.Exemption(rawValue: text) else {
                    throw Diagnostic(
                        .error, .configValue, at: field.location,
                        "'accessibility.exemption' must be \(AccessibilityOptions.Exemption.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'",
                        suggestion: "these are the exemptions the European Accessibility Act allows (EPUB Accessibility 1.1's a11y:exemption)")
                }
                options.exemption = exemption
            case "certifier_report":
                options.certifierReport = try field.string("accessibility.certifier_report", code: .configType).trimmed.nonEmpty
            default: warnings.append(unknownKey(key, in: "accessibility", at: keyLocation, known: Self.accessibilityKeys))
            }
        }
        return options
    }
}
