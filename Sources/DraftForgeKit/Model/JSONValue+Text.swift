// JSON text for `JSONValue` without Codable: a report with tens of thousands of findings spent
// most of its build in JSONEncoder's and JSONDecoder's dynamic casts. The writer's bytes are the
// ones JSONEncoder writes with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`, so the
// files do not change.
import Foundation

extension JSONValue {
    /// Two-space indents, `"key" : value`, keys in UTF-8 order, no final line break: the layout
    /// is `JSONTextWriter`'s, the one writer of JSON text.
    func prettyPrinted() -> Data {
        var writer = JSONTextWriter()
        writer.value(self)
        return Data(writer.bytes)
    }

    /// UTF-8 byte order, as JSONEncoder sorts keys; compared in place, not scalar by scalar.
    static func utf8Precedes(_ first: String, _ second: String) -> Bool {
        var first = first, second = second
        return first.withUTF8 { a in
            second.withUTF8 { b in
                let shared = min(a.count, b.count)
                let order = shared == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, shared)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }

    static func indent(_ depth: Int, _ output: inout [UInt8]) {
        // Copied from a buffer: a `repeatElement` is appended a byte at a time.
        var count = depth * 2
        while count > 0 {
            let run = min(count, spaces.count)
            spaces.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<run])) }
            count -= run
        }
    }

    static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// Swift's shortest round-trip form, as JSONEncoder writes it: `1` rather than `1.0`.
    static func number(_ value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func writeNumber(_ value: Double, to output: inout [UInt8]) {
        // Confidences and scores are hundredths: written from a table, not formatted each time.
        let hundredths = (value * 100).rounded()
        if value.sign == .plus, hundredths <= 100, hundredths / 100 == value {
            return output.append(contentsOf: hundredthsText[Int(hundredths)])
        }
        output.append(contentsOf: Array(number(value).utf8))
    }

    /// `number(k / 100)` for k in 0...100, as bytes.
    private static let hundredthsText = (0...100).map { Array(number(Double($0) / 100).utf8) }

    /// `writeNumber(Double(value))` without making a string, while the double prints no exponent.
    static func writeNumber(_ value: Int, to output: inout [UInt8]) {
        guard value.magnitude < 1_000_000_000_000_000 else { return writeNumber(Double(value), to: &output) }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var rest = value.magnitude, count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[15 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            output.append(contentsOf: buffer[(16 - count)...])
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        writeEscaped(value, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// A string's text as it goes between the quotes of a JSON string.
    static func writeEscaped(_ value: String, to output: inout [UInt8]) {
        var value = value
        let plain = value.withUTF8 { bytes in
            guard isPlain(bytes) else { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if plain { return }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                output += Array("\\u00".utf8)
                output += [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: output.append(byte)
            }
        }
    }

    /// True when no byte needs escaping (below 0x20, a quote, a backslash); tested eight bytes
    /// at a time, as the reports' strings add up to tens of MB.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // A byte below n sets its high bit in (word - n·ones) & ~word; a zero byte of
                // word ^ (c·ones) is a byte equal to c.
                let control = (word &- 0x20 &* ones) & ~word
                let quote = word ^ (UInt64(UInt8(ascii: "\"")) &* ones)
                let backslash = word ^ (UInt64(UInt8(ascii: "\\")) &* ones)
                let found = control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                if found & highs != 0 { return false }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            index += 1
        }
        return true
    }

    /// An `Encodable` value as JSONEncoder sees it: for the small records around a large
    /// `JSONValue`, which then need not pass through the encoder.
    init(encoding value: some Encodable) throws {
        self = try Self.parse(JSONEncoder().encode(value))
    }

    /// Reads JSON text (RFC 8259); numbers become `Double`s, as with JSONDecoder.
    static func parse(_ data: Data) throws -> JSONValue {
        var parser = JSONTextParser(bytes: Array(data))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.atEnd else { throw parser.failure("text after the value") }
        return value
    }
}

private struct JSONTextParser {
    let bytes: [UInt8]
    var position = 0

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var atEnd: Bool { position >= bytes.count }

    func failure(_ what: String) -> Failure { Failure(description: "JSON: \(what) at byte \(position)") }

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 512 else { throw failure("nesting too deep") }
        guard position < bytes.count else { throw failure("a value is missing") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [String: JSONValue] = [:]
            skipSpace()
            if try take(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                skipSpace()
                let key = try string()
                skipSpace()
                guard try take(UInt8(ascii: ":")) else { throw failure("':' expected") }
                skipSpace()
                members[key] = try value(depth: depth + 1)
                skipSpace()
            } while try take(UInt8(ascii: ","))
            guard try take(UInt8(ascii: "}")) else { throw failure("'}' expected") }
            return .object(members)
        case UInt8(ascii: "["):
            position += 1
            var values: [JSONValue] = []
            skipSpace()
            if try take(UInt8(ascii: "]")) { return .array(values) }
            repeat {
                skipSpace()
                values.append(try value(depth: depth + 1))
                skipSpace()
            } while try take(UInt8(ascii: ","))
            guard try take(UInt8(ascii: "]")) else { throw failure("']' expected") }
            return .array(values)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return .number(try number())
        }
    }

    private mutating func take(_ byte: UInt8) throws -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
        let utf8 = Array(word.utf8)
        guard bytes.count - position >= utf8.count, Array(bytes[position..<(position + utf8.count)]) == utf8 else {
            throw failure("'\(word)' expected")
        }
        position += utf8.count
        return value
    }

    private mutating func number() throws -> Double {
        let start = position
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        guard position > start, let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw failure("a number expected")
        }
        return value
    }

    private mutating func string() throws -> String {
        guard try take(UInt8(ascii: "\"")) else { throw failure("a string expected") }
        var result: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: result, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { throw failure("an escape is cut off") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), try take(UInt8(ascii: "\\")), try take(UInt8(ascii: "u")) {
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    result += Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
                default: result.append(escape)  // \" \\ \/
                }
            default: result.append(byte)
            }
        }
        throw failure("a string is not closed")
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - position >= 4, let value = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16)
        else { throw failure("four hex digits expected") }
        position += 4
        return value
    }
}

/// Literals, so a record reads as the JSON it writes.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
