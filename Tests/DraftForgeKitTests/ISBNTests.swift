import Foundation
import Testing
@testable import DraftForgeKit

/// An identifier written as an ISBN must have the right length and check digit; any other
/// identifier is used as written.
@Suite("ISBN")
struct ISBNTests {
    private func digits(_ identifier: String) -> String? {
        guard case .success(let isbn) = ISBN.parse(identifier) else { return nil }
        return isbn.digits
    }

    private func problem(_ identifier: String) -> ISBN.Problem? {
        guard case .failure(let problem) = ISBN.parse(identifier) else { return nil }
        return problem
    }

    @Test func validISBN10() {
        #expect(digits("0306406152") == "0306406152")
        #expect(digits("0-306-40615-2") == "0306406152")
    }

    @Test func validISBN10EndingInX() {
        #expect(digits("0-8044-2957-X") == "080442957X")
        #expect(digits("043942089x") == "043942089X")
    }

    @Test func validISBN13() {
        #expect(digits("9780306406157") == "9780306406157")
        #expect(digits("979-10-90694-80-4") == "9791090694804")
    }

    @Test(arguments: [
        "urn:isbn:9780306406157", "URN:ISBN:978-0-306-40615-7", "isbn:978-0-306-40615-7",
        "ISBN: 978-0-306-40615-7", "ISBN 978 0 306 40615 7", "  978-0-306-40615-7 ",
    ])
    func writtenForms(_ identifier: String) {
        #expect(digits(identifier) == "9780306406157")
    }

    @Test func checkDigits() {
        #expect(ISBN.checkDigit(for: [0, 3, 0, 6, 4, 0, 6, 1, 5]) == "2")
        #expect(ISBN.checkDigit(for: [0, 8, 0, 4, 4, 2, 9, 5, 7]) == "X")
        #expect(ISBN.checkDigit(for: [9, 7, 8, 0, 3, 0, 6, 4, 0, 6, 1, 5]) == "7")
    }

    @Test func wrongCheckDigit() {
        #expect(problem("978-0-306-40615-8") == .wrongCheckDigit(expected: "7"))
        #expect(problem("urn:isbn:0306406153") == .wrongCheckDigit(expected: "2"))
        #expect(problem("ISBN 0-8044-2957-5") == .wrongCheckDigit(expected: "X"))
        #expect(problem("978030640615X") == .wrongCheckDigit(expected: "7"), "X is only a check digit in an ISBN-10")
    }

    @Test func wrongLength() {
        #expect(problem("urn:isbn:97803064061") == .wrongLength(digitCount: 11))
        #expect(problem("ISBN 12345") == .wrongLength(digitCount: 5))
        #expect(problem("isbn:97803064061579") == .wrongLength(digitCount: 14))
        #expect(problem("urn:isbn:") == .wrongLength(digitCount: 0))
    }

    @Test func lettersInAnISBN() {
        #expect(problem("urn:isbn:978-0-306-4O615-7") == .invalidCharacters)
        #expect(problem("ISBN 0-8044-X957-2") == .invalidCharacters)
    }

    @Test(arguments: [
        "urn:uuid:3f8c2a61-9d4e-4b7a-a2c5-7e1d0b9f4c38", "urn:doi:10.1000/182", "doi:10.1000/182",
        "12345", "2026-03-01", "978-0-306", "https://example.com/book",
    ])
    func otherIdentifiersAreUntouched(_ identifier: String) throws {
        #expect(ISBN.parse(identifier) == nil)
        let manuscript = try TestManuscript(["draftforge.yml": "title: T\nidentifier: \"\(identifier)\"\n"])
        var warnings: [Diagnostic] = []
        let config = try ConfigLoader(root: manuscript.root).load(warnings: &warnings)
        #expect(BookIdentifier.make(for: config) == identifier)
    }

    @Test func bookIdentifierIsTheISBNURN() {
        var config = ManuscriptConfig(file: "draftforge.yml", title: "A", slug: "a")
        config.identifier = "ISBN 0-8044-2957-x"
        #expect(BookIdentifier.make(for: config) == "urn:isbn:080442957X")
        config.identifier = "urn:isbn:978-0-306-40615-7"
        #expect(BookIdentifier.make(for: config) == "urn:isbn:9780306406157")
    }

    @Test func anUnquotedNumberIsReadAsAnISBN() throws {
        let manuscript = try TestManuscript(["draftforge.yml": "title: T\nidentifier: 9780306406157\n"])
        var warnings: [Diagnostic] = []
        let config = try ConfigLoader(root: manuscript.root).load(warnings: &warnings)
        #expect(BookIdentifier.make(for: config) == "urn:isbn:9780306406157")
    }

    @Test func configErrorAtTheIdentifierValue() throws {
        let manuscript = try TestManuscript(["draftforge.yml": "title: T\nauthors: [A]\nidentifier: 978-0-306-40615-8\n"])
        var warnings: [Diagnostic] = []
        let diagnostic = #expect(throws: Diagnostic.self) {
            try ConfigLoader(root: manuscript.root).load(warnings: &warnings)
        }
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.code == "config.value")
        #expect(diagnostic?.location == SourceLocation(file: "draftforge.yml", line: 3, column: 13))
        #expect(diagnostic?.message == "the ISBN '978-0-306-40615-8' has a wrong check digit: expected 7")
        #expect(diagnostic?.suggestion != nil)
    }

    @Test func wrongLengthInAQuotedValue() throws {
        let manuscript = try TestManuscript(["draftforge.yml": "title: T\nidentifier:   \"urn:isbn:12345\"\n"])
        var warnings: [Diagnostic] = []
        #expect(throws: Diagnostic(
            .error, .configValue, at: SourceLocation(file: "draftforge.yml", line: 2, column: 15),
            "the ISBN 'urn:isbn:12345' has 5 digits, not 10 or 13",
            suggestion: "copy the ISBN again from your ISBN agency's record, or use another URN such as urn:uuid:…")
        ) {
            try ConfigLoader(root: manuscript.root).load(warnings: &warnings)
        }
    }
}
