// JSONValue's own JSON text must be JSONEncoder's, byte for byte, and read back to the same value.
import Foundation
import Testing
@testable import DraftForgeKit

struct JSONValueTextTests {
    static let sample: JSONValue = .object([
        "numbers": .array([1, 0.85, 1e20, 1.5e-7, 123456789012, -0.0, 3.14159, 0.001, 2.5e15, 1e16, 0.1 + 0.2].map(JSONValue.number)),
        "empty array": .array([]), "empty object": .object([:]), "nested": .array([.array([]), .object(["k": .object([:])])]),
        "text": .string("q\"b\\s/\n\t\r\u{8}\u{c}\u{1}\u{1f}\u{7f}é🦜\u{2028}"), "null": .null, "yes": .bool(true), "no": .bool(false),
        "Zebra": .string("capitals sort before"), "ä": .string("after ASCII"), "a": .string(""),
    ])

    @Test func theWriterWritesWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(Self.sample)
        #expect(String(decoding: Self.sample.prettyPrinted(), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test func theParserReadsWhatTheWriterWrote() throws {
        #expect(try JSONValue.parse(Self.sample.prettyPrinted()) == Self.sample)
        #expect(try JSONValue.parse(Data(#" {"a":[1,2.5e3,true,null,"\u00e9\ud83e\udd9c\/"]} "#.utf8))
            == .object(["a": .array([.number(1), .number(2500), .bool(true), .null, .string("é🦜/")])]))
    }

    @Test(arguments: ["", "[1,", "{\"a\" 1}", "tru", "\"open", "[1] x", "{\"a\":}"])
    func badTextIsAnError(_ text: String) {
        #expect(throws: (any Error).self) { try JSONValue.parse(Data(text.utf8)) }
    }
}
