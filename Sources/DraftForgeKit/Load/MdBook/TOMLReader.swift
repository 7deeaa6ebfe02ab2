// TOML 1.0, read into values that remember their line, for mdBook's book.toml. No TOML package
// in reach builds without dependencies this project cannot fetch, and a book.toml is small, so
// the reader is ours: every value type, dotted and quoted keys, tables, arrays of tables and
// inline tables, with the spec's rules against defining anything twice. Dates and times are
// kept as written; nothing here computes with them.
import Foundation

/// A TOML value and the line it starts on.
struct TOMLValue: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        case dateTime(String)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    var kind: Kind
    var line: Int

    var string: String? { if case .string(let text) = kind { text } else { nil } }
    var table: TOMLTable? { if case .table(let table) = kind { table } else { nil } }
}

/// A table's keys in the order they were written.
struct TOMLTable: Sendable, Equatable {
    private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    subscript(key: String) -> TOMLValue? { values[key] }

    fileprivate mutating func set(_ key: String, _ value: TOMLValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }
}

enum TOMLReader {
    /// Reads `text` (the file at `file`, for diagnostics) into its root table.
    static func read(_ text: String, file: String) throws(Diagnostic) -> TOMLTable {
        var parser = Parser(bytes: Array(text.utf8), file: file)
        return try parser.document()
    }

    /// A table while the document is read: tables and arrays of tables can still grow.
    private final class TableBuilder {
        enum Entry {
            case value(TOMLValue)
            case table(TableBuilder)
            case tables([TableBuilder], line: Int)
        }

        var order: [String] = []
        var entries: [String: Entry] = [:]
        let line: Int
        /// Named by a `[header]`, so a second header naming it is an error.
        var hasHeader = false
        /// Made by dotted keys, which a `[header]` may not reopen.
        var byDottedKeys = false
        /// An inline table: closed once written.
        var isInline = false

        init(line: Int) { self.line = line }

        func set(_ key: String, _ entry: Entry) {
            if entries.updateValue(entry, forKey: key) == nil { order.append(key) }
        }

        var value: TOMLTable {
            var table = TOMLTable()
            for key in order {
                switch entries[key]! {
                case .value(let value): table.set(key, value)
                case .table(let builder): table.set(key, TOMLValue(kind: .table(builder.value), line: builder.line))
                case .tables(let builders, let line):
                    table.set(key, TOMLValue(kind: .array(builders.map { TOMLValue(kind: .table($0.value), line: $0.line) }), line: line))
                }
            }
            return table
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        let file: String
        var index = 0
        var line = 1
        var lineStart = 0
        /// Arrays and inline tables nested deeper than this are refused, so no file can
        /// exhaust the stack.
        static let maximumDepth = 128

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
        }

        // MARK: Document

        mutating func document() throws(Diagnostic) -> TOMLTable {
            let root = TableBuilder(line: 1)
            var current = root
            while true {
                skipWhitespaceAndComments(newlines: true)
                guard let byte = peek() else { break }
                if byte == UInt8(ascii: "[") {
                    current = try header(root: root)
                } else {
                    try keyValue(into: current)
                }
                try endOfLine()
            }
            return root.value
        }

        /// `[a.b]` or `[[a.b]]`: the table that the following keys go into.
        private mutating func header(root: TableBuilder) throws(Diagnostic) -> TableBuilder {
            let headerLine = line
            index += 1
            let isArray = peek() == UInt8(ascii: "[")
            if isArray { index += 1 }
            skipWhitespace()
            let keys = try key()
            skipWhitespace()
            try expect("]")
            if isArray { try expect("]") }
            let name = keys.joined(separator: ".")
            var table = root
            for key in keys.dropLast() {
                switch table.entries[key] {
                case nil:
                    let implicit = TableBuilder(line: headerLine)
                    table.set(key, .table(implicit))
                    table = implicit
                case .table(let existing) where !existing.isInline:
                    table = existing
                case .tables(let tables, _):
                    table = tables[tables.count - 1]
                default:
                    throw failure("'\(key)' in [\(name)] is already a value, not a table", line: headerLine)
                }
            }
            let last = keys[keys.count - 1]
            if isArray {
                let element = TableBuilder(line: headerLine)
                switch table.entries[last] {
                case nil: table.set(last, .tables([element], line: headerLine))
                case .tables(let tables, let line): table.set(last, .tables(tables + [element], line: line))
                default: throw failure("[[\(name)]] names something already defined as another kind of value", line: headerLine)
                }
                return element
            }
            switch table.entries[last] {
            case nil:
                let created = TableBuilder(line: headerLine)
                created.hasHeader = true
                table.set(last, .table(created))
                return created
            case .table(let existing) where !existing.hasHeader && !existing.byDottedKeys && !existing.isInline:
                existing.hasHeader = true
                return existing
            default:
                throw failure("the table [\(name)] is defined twice", line: headerLine)
            }
        }

        /// `key = value`, dotted keys making tables on the way.
        private mutating func keyValue(into table: TableBuilder, depth: Int = 0) throws(Diagnostic) {
            let keyLine = line
            let keys = try key()
            skipWhitespace()
            try expect("=")
            skipWhitespace()
            let value = try self.value(depth: depth)
            var target = table
            for key in keys.dropLast() {
                switch target.entries[key] {
                case nil:
                    let created = TableBuilder(line: keyLine)
                    created.byDottedKeys = true
                    target.set(key, .table(created))
                    target = created
                case .table(let existing) where existing.byDottedKeys || (!existing.hasHeader && !existing.isInline):
                    target = existing
                default:
                    throw failure("'\(keys.joined(separator: "."))' extends '\(key)', which is already defined", line: keyLine)
                }
            }
            let last = keys[keys.count - 1]
            guard target.entries[last] == nil else {
                throw failure("the key '\(keys.joined(separator: "."))' is defined twice", line: keyLine)
            }
            target.set(last, .value(value))
        }

        /// A key: bare, quoted, or dotted parts of either.
        private mutating func key() throws(Diagnostic) -> [String] {
            var parts: [String] = []
            repeat {
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: "\""):
                    index += 1
                    parts.append(try basicString())
                case UInt8(ascii: "'"):
                    index += 1
                    parts.append(try literalString())
                default:
                    let start = index
                    while let byte = peek(), Self.isBareKeyByte(byte) { index += 1 }
                    guard index > start else { throw failure("a key is expected here") }
                    parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                }
                skipWhitespace()
            } while consume(".")
            return parts
        }

        // MARK: Values

        private mutating func value(depth: Int) throws(Diagnostic) -> TOMLValue {
            let valueLine = line
            guard depth < Self.maximumDepth else { throw failure("arrays and inline tables nest too deeply") }
            let kind: TOMLValue.Kind
            switch peek() {
            case UInt8(ascii: "\""):
                if starts(with: "\"\"\"") {
                    index += 3
                    kind = .string(try multilineString(literal: false))
                } else {
                    index += 1
                    kind = .string(try basicString())
                }
            case UInt8(ascii: "'"):
                if starts(with: "'''") {
                    index += 3
                    kind = .string(try multilineString(literal: true))
                } else {
                    index += 1
                    kind = .string(try literalString())
                }
            case UInt8(ascii: "["):
                index += 1
                kind = .array(try array(depth: depth + 1))
            case UInt8(ascii: "{"):
                index += 1
                kind = .table(try inlineTable(depth: depth + 1))
            case nil, UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
                throw failure("a value is expected after '='")
            default:
                kind = try scalar()
            }
            return TOMLValue(kind: kind, line: valueLine)
        }

        private mutating func array(depth: Int) throws(Diagnostic) -> [TOMLValue] {
            var items: [TOMLValue] = []
            while true {
                skipWhitespaceAndComments(newlines: true)
                if consume("]") { return items }
                items.append(try value(depth: depth))
                skipWhitespaceAndComments(newlines: true)
                if consume("]") { return items }
                guard consume(",") else { throw failure("',' or ']' is expected in an array") }
            }
        }

        private mutating func inlineTable(depth: Int) throws(Diagnostic) -> TOMLTable {
            let table = TableBuilder(line: line)
            skipWhitespace()
            if consume("}") { return table.value }
            while true {
                skipWhitespace()
                try keyValue(into: table, depth: depth)
                skipWhitespace()
                if consume("}") { break }
                guard consume(",") else { throw failure("',' or '}' is expected in an inline table") }
            }
            return table.value
        }

        /// Booleans, numbers, dates and times: read as one token, then told apart.
        private mutating func scalar() throws(Diagnostic) -> TOMLValue.Kind {
            let start = index
            while let byte = peek(), Self.isScalarByte(byte) { index += 1 }
            // A date and a time may be separated by one space.
            if index - start == 10, peek() == UInt8(ascii: " "), index + 3 < bytes.count,
                Self.isDigit(bytes[index + 1]), Self.isDigit(bytes[index + 2]), bytes[index + 3] == UInt8(ascii: ":")
            {
                index += 1
                while let byte = peek(), Self.isScalarByte(byte) { index += 1 }
            }
            let token = String(decoding: bytes[start..<index], as: UTF8.self)
            if let kind = Self.scalar(token) { return kind }
            index = start
            throw failure(token.isEmpty ? "a value is expected here" : "'\(token)' is not a TOML value")
        }

        private static func scalar(_ token: String) -> TOMLValue.Kind? {
            switch token {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "inf", "+inf": return .float(.infinity)
            case "-inf": return .float(-.infinity)
            case "nan", "+nan", "-nan": return .float(.nan)
            default: break
            }
            let scalars = Array(token.utf8)
            if isDateOrTime(scalars) { return .dateTime(token) }
            for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
                let digits = token.dropFirst(2)
                guard validUnderscores(Array(digits.utf8)), let value = Int(digits.replacingOccurrences(of: "_", with: ""), radix: radix)
                else { return nil }
                return .integer(value)
            }
            guard validUnderscores(scalars) else { return nil }
            let plain = token.replacingOccurrences(of: "_", with: "")
            let unsigned = plain.first == "+" || plain.first == "-" ? plain.dropFirst() : Substring(plain)
            // No leading zeros, in integers or before a float's point.
            if unsigned.count > 1, unsigned.first == "0", unsigned.dropFirst().first.map({ $0.isNumber }) == true { return nil }
            if unsigned.allSatisfy(\.isASCIIDigit), !unsigned.isEmpty { return Int(plain).map { .integer($0) } }
            guard isFloat(unsigned), let value = Double(plain) else { return nil }
            return .float(value)
        }

        /// Digits, an optional fraction and an optional exponent, each part with digits.
        private static func isFloat(_ text: Substring) -> Bool {
            var rest = text[...]
            func digits() -> Bool {
                let count = rest.prefix(while: \.isASCIIDigit).count
                rest = rest.dropFirst(count)
                return count > 0
            }
            guard digits() else { return false }
            var hasPart = false
            if rest.first == "." {
                rest = rest.dropFirst()
                guard digits() else { return false }
                hasPart = true
            }
            if rest.first == "e" || rest.first == "E" {
                rest = rest.dropFirst()
                if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
                guard digits() else { return false }
                hasPart = true
            }
            return hasPart && rest.isEmpty
        }

        /// `1979-05-27`, `07:32:00`, or a date and time with an optional offset.
        private static func isDateOrTime(_ bytes: [UInt8]) -> Bool {
            func digits(_ range: Range<Int>) -> Bool { range.upperBound <= bytes.count && bytes[range].allSatisfy(isDigit) }
            let isDate = bytes.count >= 10 && digits(0..<4) && bytes[4] == UInt8(ascii: "-") && digits(5..<7)
                && bytes[7] == UInt8(ascii: "-") && digits(8..<10)
            let isTime = bytes.count >= 5 && digits(0..<2) && bytes[2] == UInt8(ascii: ":") && digits(3..<5)
            return isDate || isTime
        }

        /// Underscores only between digits.
        private static func validUnderscores(_ bytes: [UInt8]) -> Bool {
            for (position, byte) in bytes.enumerated() where byte == UInt8(ascii: "_") {
                guard position > 0, position + 1 < bytes.count, isHexDigit(bytes[position - 1]), isHexDigit(bytes[position + 1])
                else { return false }
            }
            return true
        }

        // MARK: Strings

        /// After the opening `"`: escapes decoded, up to the closing quote on the same line.
        private mutating func basicString() throws(Diagnostic) -> String {
            var text: [UInt8] = []
            while true {
                guard let byte = peek(), byte != UInt8(ascii: "\n") else { throw failure("the string is not closed on its line") }
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: text, as: UTF8.self)
                case UInt8(ascii: "\\"): text += try escape()
                default: text.append(byte)
                }
            }
        }

        /// After the opening `'`: the text as written.
        private mutating func literalString() throws(Diagnostic) -> String {
            let start = index
            while let byte = peek(), byte != UInt8(ascii: "'") {
                guard byte != UInt8(ascii: "\n") else { throw failure("the string is not closed on its line") }
                index += 1
            }
            guard peek() != nil else { throw failure("the string is not closed") }
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// After the opening `"""` or `'''`: a newline right after the quotes is dropped; in a
        /// basic string, a backslash at the end of a line joins it to the next text.
        private mutating func multilineString(literal: Bool) throws(Diagnostic) -> String {
            let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
            if consume("\r\n") || consume("\n") { newLine() }
            var text: [UInt8] = []
            while true {
                guard let byte = peek() else { throw failure("the string is not closed") }
                if byte == quote, bytes.count - index >= 3, bytes[index + 1] == quote, bytes[index + 2] == quote {
                    index += 3
                    // Up to two more quotes belong to the string: `""""` ends with one in it.
                    var extra = 0
                    while extra < 2, peek() == quote {
                        text.append(quote)
                        index += 1
                        extra += 1
                    }
                    return String(decoding: text, as: UTF8.self)
                }
                index += 1
                if byte == UInt8(ascii: "\n") {
                    newLine()
                    text.append(byte)
                } else if byte == UInt8(ascii: "\\"), !literal {
                    if let next = peek(), next == UInt8(ascii: " ") || next == UInt8(ascii: "\t")
                        || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r")
                    {
                        // A line-ending backslash: the whitespace and newlines after it go.
                        while let next = peek(), next == UInt8(ascii: " ") || next == UInt8(ascii: "\t")
                            || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r")
                        {
                            index += 1
                            if next == UInt8(ascii: "\n") { newLine() }
                        }
                    } else {
                        text += try escape()
                    }
                } else {
                    text.append(byte)
                }
            }
        }

        /// After a backslash: the character it stands for, as UTF-8.
        private mutating func escape() throws(Diagnostic) -> [UInt8] {
            guard let byte = peek() else { throw failure("the string is not closed") }
            index += 1
            switch byte {
            case UInt8(ascii: "b"): return [0x08]
            case UInt8(ascii: "t"): return [0x09]
            case UInt8(ascii: "n"): return [0x0A]
            case UInt8(ascii: "f"): return [0x0C]
            case UInt8(ascii: "r"): return [0x0D]
            case UInt8(ascii: "e"): return [0x1B]
            case UInt8(ascii: "\""): return [UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): return [UInt8(ascii: "\\")]
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = byte == UInt8(ascii: "u") ? 4 : 8
                guard index + count <= bytes.count, bytes[index..<(index + count)].allSatisfy(Self.isHexDigit),
                    let value = UInt32(String(decoding: bytes[index..<(index + count)], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(value)
                else { throw failure("\\\(Character(Unicode.Scalar(byte))) must be followed by \(count) hex digits of a Unicode scalar") }
                index += count
                return Array(String(Character(scalar)).utf8)
            default:
                throw failure("'\\\(Character(Unicode.Scalar(byte)))' is not an escape TOML knows")
            }
        }

        // MARK: Bytes

        private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        private func starts(with text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return text.withUTF8Buffer { Array($0) == Array(bytes[index..<(index + count)]) }
        }

        private mutating func consume(_ text: StaticString) -> Bool {
            guard starts(with: text) else { return false }
            index += text.utf8CodeUnitCount
            return true
        }

        private mutating func expect(_ text: StaticString) throws(Diagnostic) {
            guard consume(text) else { throw failure("'\(text)' is expected here") }
        }

        private mutating func newLine() {
            line += 1
            lineStart = index
        }

        private mutating func skipWhitespace() {
            while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
        }

        private mutating func skipWhitespaceAndComments(newlines: Bool) {
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    index += 1
                case UInt8(ascii: "\n") where newlines:
                    index += 1
                    newLine()
                case UInt8(ascii: "#"):
                    while let byte = peek(), byte != UInt8(ascii: "\n") { index += 1 }
                default:
                    return
                }
            }
        }

        /// After a key/value or a header, only a comment may follow on the line.
        private mutating func endOfLine() throws(Diagnostic) {
            skipWhitespace()
            if peek() == UInt8(ascii: "#") { while let byte = peek(), byte != UInt8(ascii: "\n") { index += 1 } }
            _ = consume("\r")
            guard let byte = peek() else { return }
            guard byte == UInt8(ascii: "\n") else { throw failure("the line goes on after its value; start a new line") }
            index += 1
            newLine()
        }

        private func failure(_ message: String, line: Int? = nil) -> Diagnostic {
            let column = line == nil ? String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).count + 1 : nil
            return Diagnostic(.error, .configSyntax, at: SourceLocation(file: file, line: line ?? self.line, column: column), message)
        }

        private static func isBareKeyByte(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }

        private static func isScalarByte(_ byte: UInt8) -> Bool {
            isBareKeyByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "+")
        }

        private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        private static func isHexDigit(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
