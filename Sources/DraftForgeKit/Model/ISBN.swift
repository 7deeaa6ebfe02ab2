// ISBNs among the book's identifiers: which identifiers are written as an ISBN, and whether their
// check digit is right, so a mistyped digit is caught before the book reaches a store.
import Foundation

/// An ISBN-10 or ISBN-13 whose check digit is right.
struct ISBN: Hashable, Sendable {
    /// Why an identifier written as an ISBN is not a valid one.
    enum Problem: Error, Hashable, Sendable {
        case invalidCharacters
        case wrongLength(digitCount: Int)
        case wrongCheckDigit(expected: Character)

        func message(_ identifier: String) -> String {
            switch self {
            case .invalidCharacters:
                return "the ISBN '\(identifier)' may hold only digits, hyphens and spaces (and a final X in an ISBN-10)"
            case .wrongLength(let digitCount):
                return "the ISBN '\(identifier)' has \(digitCount.counting("digit")), not 10 or 13"
            case .wrongCheckDigit(let expected):
                return "the ISBN '\(identifier)' has a wrong check digit: expected \(expected)"
            }
        }

        var suggestion: String {
            switch self {
            case .invalidCharacters, .wrongLength:
                return "copy the ISBN again from your ISBN agency's record, or use another URN such as urn:uuid:…"
            case .wrongCheckDigit:
                return "copy the ISBN again from your ISBN agency's record; a mistyped digit changes the check digit"
            }
        }
    }

    /// The digits without separators; an ISBN-10 may end in X.
    let digits: String

    /// The form the package document uses: `urn:isbn:` and the digits.
    var urn: String { "urn:isbn:" + digits }

    private static let prefixes = [#"^urn:isbn:"#, #"^isbn:\s*"#, #"^isbn\s+"#]

    /// Reads `identifier` as an ISBN. Nil when it is not written as one (a UUID, a DOI, any other
    /// URN): those are used as they are. Written as one means `urn:isbn:…`, `isbn:…`, `ISBN …`,
    /// or 10 or 13 digits alone, with optional hyphens and spaces.
    static func parse(_ identifier: String) -> Result<ISBN, Problem>? {
        let text = identifier.trimmingCharacters(in: .whitespaces)
        if let prefix = prefixes.lazy.compactMap({ text.range(of: $0, options: [.regularExpression, .caseInsensitive]) }).first {
            return validate(text[prefix.upperBound...])
        }
        let bare = text.range(of: #"^[0-9][0-9 -]*[0-9Xx]$"#, options: .regularExpression) != nil
        let digitCount = text.count(where: { $0.isASCIIDigit || $0 == "X" || $0 == "x" })
        guard bare, digitCount == 10 || digitCount == 13 else { return nil }
        return validate(Substring(text))
    }

    private static func validate(_ body: Substring) -> Result<ISBN, Problem> {
        var digits = body.filter { $0 != "-" && $0 != " " }.uppercased()
        let finalX = digits.hasSuffix("X")
        if finalX { digits.removeLast() }
        guard digits.allSatisfy(\.isASCIIDigit) else { return .failure(.invalidCharacters) }
        let values = digits.map { Int($0.asciiValue! - 48) }
        let length = values.count + (finalX ? 1 : 0)
        guard length == 10 || length == 13 else { return .failure(.wrongLength(digitCount: length)) }
        let expected = checkDigit(for: values.prefix(length - 1))
        let written: Character = finalX ? "X" : Character(String(values.last!))
        guard written == expected else { return .failure(.wrongCheckDigit(expected: expected)) }
        return .success(ISBN(digits: digits + (finalX ? "X" : "")))
    }

    /// The check digit for the first 9 (ISBN-10) or 12 (ISBN-13) digits.
    static func checkDigit(for payload: some Collection<Int>) -> Character {
        if payload.count == 9 {
            // ISBN-10: weights 10 down to 2, mod 11; a remainder of 10 is written X.
            let sum = zip(payload, stride(from: 10, through: 2, by: -1)).reduce(0) { $0 + $1.0 * $1.1 }
            let check = (11 - sum % 11) % 11
            return check == 10 ? "X" : Character(String(check))
        }
        // ISBN-13: weights 1, 3, 1, 3 …, mod 10.
        let sum = payload.enumerated().reduce(0) { $0 + $1.element * ($1.offset.isMultiple(of: 2) ? 1 : 3) }
        return Character(String((10 - sum % 10) % 10))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
