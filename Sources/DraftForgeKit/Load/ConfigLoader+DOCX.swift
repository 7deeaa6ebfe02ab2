// `docx:` in the config: the Word document's layout and the cover page's contact details.
import Foundation

extension ConfigLoader {
    static let docxKeys = ["style", "font", "paper", "short_title", "surname", "contact"]
    static let docxContactKeys = ["name", "address", "email", "phone", "website"]

    func docx(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig.DOCXOptions {
        guard let pairs = value.pairs else {
            throw Diagnostic(
                .error, .configType, at: value.location, "'docx' must be a mapping",
                suggestion: "write the Word document's options on their own lines, such as '  style: manuscript'")
        }
        typealias Options = ManuscriptConfig.DOCXOptions
        var options = Options()
        for (key, keyLocation, field) in pairs where !field.isNull {
            switch key {
            case "style":
                options.style = Options.Style(rawValue: try field.oneOf(
                    Options.Style.allCases.map(\.rawValue), "docx.style", code: .configType))!
            case "paper":
                options.paper = Options.Paper(rawValue: try field.oneOf(
                    Options.Paper.allCases.map(\.rawValue), "docx.paper", code: .configType))!
            case "font": options.font = try requiredText(field, "docx.font", example: "Courier New")
            case "short_title": options.shortTitle = try requiredText(field, "docx.short_title", example: "LIGHTHOUSE")
            case "surname": options.surname = try requiredText(field, "docx.surname", example: "Le Guin")
            case "contact": options.contact = try contact(field, warnings: &warnings)
            default:
                warnings.append(unknownKey(key, in: "docx", at: keyLocation, known: Self.docxKeys))
            }
        }
        return options
    }

    private func contact(
        _ value: YAMLValue, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> ManuscriptConfig.DOCXOptions.Contact {
        guard let pairs = value.pairs else {
            throw Diagnostic(
                .error, .configType, at: value.location, "'docx.contact' must be a mapping",
                suggestion: "write the contact details on their own lines, such as '    email: ann@example.com'")
        }
        var contact = ManuscriptConfig.DOCXOptions.Contact()
        for (key, keyLocation, field) in pairs where !field.isNull {
            switch key {
            case "name": contact.name = try requiredText(field, "docx.contact.name", example: "Ann Author")
            case "address":
                contact.address = try field.strings("docx.contact.address", code: .configType)
                    .flatMap { $0.split(separator: "\n").map { String($0).trimmed } }
                    .filter { !$0.isEmpty }
            case "email":
                let email = try requiredText(field, "docx.contact.email", example: "ann@example.com")
                guard email.contains("@"), !email.contains(where: \.isWhitespace) else {
                    throw Diagnostic(
                        .error, .configValue, at: field.location, "'docx.contact.email' is not an email address: '\(email)'",
                        suggestion: "write an address such as ann@example.com")
                }
                contact.email = email
            case "phone": contact.phone = try requiredText(field, "docx.contact.phone", example: "+44 20 7946 0000")
            case "website": contact.website = try requiredText(field, "docx.contact.website", example: "https://example.com")
            default:
                warnings.append(unknownKey(key, in: "docx.contact", at: keyLocation, known: Self.docxContactKeys))
            }
        }
        return contact
    }

    /// Text that must not be empty; numbers (a phone written unquoted) are taken as written.
    private func requiredText(_ value: YAMLValue, _ key: String, example: String) throws(Diagnostic) -> String {
        guard let text = try value.string(key, code: .configType).nonEmpty else {
            throw Diagnostic(
                .error, .configValue, at: value.location, "'\(key)' is empty",
                suggestion: "write a value such as '\(example)', or leave the key out")
        }
        return text
    }
}
