// The streaming writer must write, byte for byte, what `JSONValue.prettyPrinted()` and JSONEncoder
// write: the continuity reports are written with it and compared with golden files.
import Foundation
import Testing
@testable import DraftForgeKit

struct JSONTextWriterTests {
    static let sample: JSONValue = .object([
        "base": JSONValueTextTests.sample,
        "ключ": .array([.object([:]), .array([]), .array([.array([.object(["é": .null, "e": 1, "🦜": "x"])])])]),
        "integers": .array([0, -42, 7, 999_999_999_999_999, 1_000_000_000_000_000, -1_000_000_000_000_001, 9_007_199_254_740_993, .max, .min]
            .map { .number(Double($0)) }),
        "key with \"quote\", \\ and \n": .bool(false),
        // Strings are checked for escapes eight bytes at a time: escapes at each place in a word.
        "escapes": .array((0..<18).flatMap { place -> [JSONValue] in
            ["\"", "\\", "\u{0}", "\u{1f}", "\n", "\u{7f}", " ", "é", "🦜"].map { special -> JSONValue in
                .string(String(repeating: "a", count: place) + special + String(repeating: "b", count: 17 - place))
            }
        }),
        "Ä": .object(["": .string(""), " ": .array([.null, .bool(true), .number(-0.0), .number(0.5)])]),
    ])

    /// Writes `value` with the writer's calls: keys in UTF-8 order, whole numbers as `Int`s.
    static func write(_ value: JSONValue, to json: inout JSONTextWriter) {
        switch value {
        case .null: json.scalar(String?.none)
        case .bool(let value): json.scalar(value)
        case .number(let value):
            if let whole = Int(exactly: value), value.sign == .plus || whole != 0 { json.scalar(whole) } else { json.scalar(value) }
        case .string(let value): json.scalar(value)
        case .array(let values):
            json.openArray()
            for value in values { write(value, to: &json) }
            json.closeArray()
        case .object(let members):
            json.openObject()
            for key in members.keys.sorted(by: JSONValue.utf8Precedes) {
                json.dynamicKey(key)
                write(members[key]!, to: &json)
            }
            json.closeObject()
        }
    }

    static func encoded(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func theWriterWritesWhatPrettyPrintedAndJSONEncoderWrite() throws {
        var json = JSONTextWriter()
        Self.write(Self.sample, to: &json)
        let text = String(decoding: json.bytes, as: UTF8.self)
        #expect(text == String(decoding: Self.sample.prettyPrinted(), as: UTF8.self))
        #expect(text == (try Self.encoded(Self.sample)))
        #expect(json.file() == Self.sample.prettyPrinted() + Data("\n".utf8))
    }

    @Test(arguments: [JSONValue.object([:]), .array([]), .string("top\u{0}"), .number(12), .null])
    func aValueAloneIsWrittenAsItself(_ value: JSONValue) throws {
        var json = JSONTextWriter()
        Self.write(value, to: &json)
        #expect(String(decoding: json.bytes, as: UTF8.self) == String(decoding: value.prettyPrinted(), as: UTF8.self))
    }

    @Test func aWholeValueInsideIsIndentedToItsDepth() throws {
        var json = JSONTextWriter()
        json.openArray()
        json.openObject()
        json.member("inner", json: Self.sample)
        json.member("list", json: .array([Self.sample, .object([:])]))
        json.closeObject()
        json.value(Self.sample)
        json.closeArray()
        let expected: JSONValue = .array([.object(["inner": Self.sample, "list": .array([Self.sample, .object([:])])]), Self.sample])
        #expect(String(decoding: json.bytes, as: UTF8.self) == (try Self.encoded(expected)))
    }

    @Test(arguments: [0, 1, 2, 5])
    func itemsWrittenApartJoinAsOneArray(_ split: Int) throws {
        let items: [JSONValue] = [Self.sample, 1, .object([:]), "two", .array([.array([])])]
        var json = JSONTextWriter()
        json.openObject()
        json.key("items")
        json.openArray()
        var first = JSONTextWriter(itemsAtDepth: json.depth, isFirst: true)
        var second = JSONTextWriter(itemsAtDepth: json.depth, isFirst: split == 0)
        for item in items[..<split] { Self.write(item, to: &first) }
        for item in items[split...] { Self.write(item, to: &second) }
        json.append(items: first)
        json.append(items: second)
        json.closeArray()
        json.member("z", 1)
        json.closeObject()
        #expect(String(decoding: json.bytes, as: UTF8.self) == (try Self.encoded(["items": .array(items), "z": 1])))
    }

    @Test func noItemsJoinAsAnEmptyArray() throws {
        var json = JSONTextWriter()
        json.openArray()
        json.append(items: JSONTextWriter(itemsAtDepth: json.depth, isFirst: true))
        json.closeArray()
        #expect(String(decoding: json.bytes, as: UTF8.self) == "[\n\n]")
    }

    /// An inline object is the compact encoding of its value on one line, where it stands.
    @Test func anInlineObjectIsWrittenCompactOnItsLine() throws {
        let items: [JSONValue] = [
            Self.sample, .object([:]), .object(["a": .array([]), "b": .object([:]), "c": .array([.object(["d": .number(0.85)])])]),
        ]
        var json = JSONTextWriter()
        json.openObject()
        json.key("items")
        json.openArray()
        for case .object(let members) in items {
            json.openInlineObject()
            for key in members.keys.sorted(by: JSONValue.utf8Precedes) {
                json.dynamicKey(key)
                Self.write(members[key]!, to: &json)
            }
            json.closeObject()
        }
        json.closeArray()
        json.member("z", 1)
        json.closeObject()
        let text = String(decoding: json.bytes, as: UTF8.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = try items.map { "    " + String(decoding: try encoder.encode($0), as: UTF8.self) }
        #expect(text == "{\n  \"items\" : [\n" + lines.joined(separator: ",\n") + "\n  ],\n  \"z\" : 1\n}")
        #expect(try JSONValue.parse(json.file()) == .object(["items": .array(items), "z": 1]))
    }

    /// Keys written in the source, a line written by hand and a string written in parts are
    /// the same bytes as the writer's general path: the reports write their findings so.
    @Test func handWrittenLinesAndStaticKeysMatchTheWriter() throws {
        let members: [String: JSONValue] = [
            "a": .string("x\"y"), "b": .array([.number(1), .number(2.5)]), "c": .null, "d": .bool(true),
            "e": .string("one. Suggestion: two\n"),
        ]
        let item = JSONValue.object(members)
        func document(_ writeItem: (inout JSONTextWriter) -> Void) -> String {
            var json = JSONTextWriter()
            json.openObject()
            json.key("items")
            json.openArray()
            writeItem(&json)
            writeItem(&json)
            json.closeArray()
            json.closeObject()
            return String(decoding: json.bytes, as: UTF8.self)
        }
        let general = document { json in
            json.openInlineObject()
            for key in ["a", "b", "c", "d", "e"] {
                json.dynamicKey(key)
                Self.write(members[key]!, to: &json)
            }
            json.closeObject()
        }
        let staticKeys = document { json in
            json.openInlineObject()
            json.member("a", "x\"y")
            json.key("b")
            json.openArray()
            json.scalar(1)
            json.scalar(2.5)
            json.closeArray()
            json.member("c", String?.none)
            json.member("d", true)
            json.member("e", "one", then: ". Suggestion: ", "two\n")
            json.closeObject()
        }
        let byHand = document { json in
            json.line { line in
                line.text(#"{"a":"#)
                line.value("x\"y")
                line.text(#","b":["#)
                line.value(1)
                line.text(",")
                line.value(2.5)
                line.text(#"],"c":"#)
                line.value(String?.none)
                line.text(#","d":"#)
                line.value(true)
                line.text(#","e":""#)
                line.escaped("one")
                line.text(". Suggestion: ")
                line.escaped("two\n")
                line.text(#""}"#)
            }
        }
        #expect(staticKeys == general)
        #expect(byHand == general)
        #expect(try JSONValue.parse(Data(general.utf8)) == .object(["items": .array([item, item])]))
    }

    /// Written to a file piece by piece, the text is `file()`'s.
    @Test func writingToAFileWritesTheFileText() throws {
        let items: [JSONValue] = [Self.sample, 1, "two"]
        var json = JSONTextWriter()
        json.openArray()
        var first = JSONTextWriter(itemsAtDepth: json.depth, isFirst: true)
        Self.write(items[0], to: &first)
        var rest = JSONTextWriter(itemsAtDepth: json.depth, isFirst: false)
        for item in items.dropFirst() { Self.write(item, to: &rest) }
        json.append(items: first)
        json.append(items: rest)
        json.closeArray()
        #expect(try Self.writtenToAFile(json) == json.file())
    }

    /// A long value already written at its depth (an earlier build of a long book) is kept as a
    /// piece of the text rather than copied: the text, in memory and in a file, is the copy's.
    @Test(arguments: [10, 40_000])
    func aLongValueKeptAsAPieceIsTheTextOfItsCopy(length: Int) throws {
        var inner = JSONTextWriter()
        inner.openInlineObject()
        inner.member("note", String(repeating: "a\"b ", count: length / 4))
        inner.closeObject()
        let text = inner.bytes
        func manifest(_ add: (inout JSONTextWriter) -> Void) -> JSONTextWriter {
            var json = JSONTextWriter()
            json.openObject()
            json.key("builds")
            json.openArray()
            json.value(.object(["version": 2]))
            add(&json)
            add(&json)
            json.closeArray()
            json.member("z", 1)
            json.closeObject()
            return json
        }
        let piece = manifest { $0.raw(text[...], writtenAt: 2) }
        let copy = manifest { $0.raw(text as [UInt8], writtenAt: 2) }
        #expect(piece.file() == copy.file())
        let parsed = try JSONValue.parse(piece.file())
        guard case .object(let members) = parsed, case .array(let builds)? = members["builds"] else {
            Issue.record("not a manifest")
            return
        }
        #expect(builds.count == 3)
        #expect(try Self.writtenToAFile(piece) == copy.file())
    }

    /// The bytes of a file `json` is written to.
    private static func writtenToAFile(_ json: JSONTextWriter) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.json")
        try OutputWriter.durable.write(json, to: url)
        return try Data(contentsOf: url)
    }

    /// Hundredths come from a table; they must be the bytes the formatter writes.
    @Test func numbersAreWrittenAsTheFormatterWritesThem() {
        let values = (0...100).map { Double($0) / 100 } + [-0.0, -0.5, 0.855, 1.5, 100, 1e-7, 0.1 + 0.2]
        for value in values {
            var bytes: [UInt8] = []
            JSONValue.writeNumber(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == JSONValue.number(value), "\(value)")
        }
    }
}
