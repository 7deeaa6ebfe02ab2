// Pretty-printed JSON written as it is produced: the bytes `JSONValue.prettyPrinted()` writes,
// with no dictionary built per object. A report with 60,000 findings built ~700,000 of them
// only to sort their keys and write them out. Callers write each object's keys in UTF-8 order
// (checked in debug builds); strings and numbers are written as `JSONValue` writes them.
import Foundation

struct JSONTextWriter {
    /// The text before `tail`, in the pieces `append(items:)` and `raw` joined without copying them.
    private var pieces: [ArraySlice<UInt8>] = []
    /// The text being written.
    private var tail: [UInt8] = []
    /// How deep the first container opens (0 for a whole document).
    private let baseDepth: Int
    /// The open containers, innermost last: how many members each has so far.
    private var counts: [Int] = []
    /// True between a key and its value.
    private var afterKey = false
    private static let keySeparator = Array(" : ".utf8)
    /// How many containers were open outside the one written on one line, while one is.
    private var inlineOutside: Int?
    #if DEBUG
    /// The last key written in each open container (empty for arrays and objects with none yet).
    private var lastKeys: [[UInt8]] = []
    #endif

    init(capacity: Int = 4096) {
        baseDepth = 0
        tail.reserveCapacity(capacity)
    }

    /// Items of an array open `depth` levels deep, to be joined to a writer that has that array
    /// open with `append(items:)`; `isFirst` when none come before them.
    init(itemsAtDepth depth: Int, isFirst: Bool, capacity: Int = 4096) {
        baseDepth = depth - 1
        counts = [isFirst ? 0 : 1]
        #if DEBUG
        lastKeys = [[]]
        #endif
        tail.reserveCapacity(capacity)
    }

    /// The text so far.
    var bytes: [UInt8] { Array((pieces + [tail[...]]).joined()) }

    /// How deep the next member or item is written.
    var depth: Int { baseDepth + counts.count }

    // MARK: - Containers

    mutating func openObject() { open(UInt8(ascii: "{")) }
    /// An object written on one line, without spaces (`{"a":1,"b":[2]}`), to its `closeObject()`:
    /// for the items of a long list, one a line.
    mutating func openInlineObject() {
        let outside = counts.count
        open(UInt8(ascii: "{"))
        if inlineOutside == nil { inlineOutside = outside }
    }
    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func openArray() { open(UInt8(ascii: "[")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }

    /// An object member's key; its value is the next thing written. A key written in the source
    /// needs no escaping and goes straight in: reports write tens of thousands of them.
    mutating func key(_ name: StaticString) {
        let utf8 = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        assert(JSONValue.isPlain(utf8), "a key that needs escaping: \(name)")
        startKey(utf8)
        tail.append(UInt8(ascii: "\""))
        tail.append(contentsOf: utf8)
        tail.append(UInt8(ascii: "\""))
        endKey()
    }

    /// A key made at run time (a JSON object's, a record read back), escaped as needed.
    mutating func dynamicKey(_ name: String) {
        var name = name
        name.withUTF8 { startKey($0) }
        JSONValue.writeString(name, to: &tail)
        endKey()
    }

    private mutating func startKey(_ utf8: UnsafeBufferPointer<UInt8>) {
        precondition(!counts.isEmpty && !afterKey, "a key outside an object")
        #if DEBUG
        let utf8 = Array(utf8)
        assert(
            lastKeys[lastKeys.count - 1].isEmpty || lastKeys[lastKeys.count - 1].lexicographicallyPrecedes(utf8),
            "keys out of UTF-8 order: \(String(decoding: utf8, as: UTF8.self))")
        lastKeys[lastKeys.count - 1] = utf8
        #endif
        startMember()
    }

    private mutating func endKey() {
        if inlineOutside == nil { tail.append(contentsOf: Self.keySeparator) } else { tail.append(UInt8(ascii: ":")) }
        afterKey = true
    }

    /// Joins items written by a writer made with `init(itemsAtDepth:isFirst:)` to the array open
    /// here, without copying their text.
    mutating func append(items: JSONTextWriter) {
        precondition(items.depth == depth && items.counts.count == 1 && !afterKey, "items of another container")
        pieces.append(tail[...])
        pieces += items.pieces
        tail = items.tail
        counts[counts.count - 1] += items.counts[0]
    }

    // MARK: - Values

    mutating func member(_ key: StaticString, _ value: some JSONScalar) {
        self.key(key)
        scalar(value)
    }

    /// A string member whose text is `text`, then `separator` and `more` when there is more:
    /// the same bytes as the joined string, without making it.
    mutating func member(_ key: StaticString, _ text: String, then separator: StaticString, _ more: String?) {
        self.key(key)
        startValue()
        tail.append(UInt8(ascii: "\""))
        JSONValue.writeEscaped(text, to: &tail)
        if let more {
            let utf8 = UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)
            assert(JSONValue.isPlain(utf8), "a separator that needs escaping")
            tail.append(contentsOf: utf8)
            JSONValue.writeEscaped(more, to: &tail)
        }
        tail.append(UInt8(ascii: "\""))
    }

    mutating func member(_ key: StaticString, json value: JSONValue) {
        self.key(key)
        self.value(value)
    }

    /// A string, number or boolean; null for an absent optional.
    mutating func scalar(_ value: some JSONScalar) {
        startValue()
        value.writeJSON(to: &tail)
    }

    /// A whole value, object keys in UTF-8 order.
    mutating func value(_ value: JSONValue) {
        switch value {
        case .object(let members):
            openObject()
            for key in members.keys.sorted(by: JSONValue.utf8Precedes) {
                dynamicKey(key)
                self.value(members[key]!)
            }
            closeObject()
        case .array(let values):
            openArray()
            for item in values { self.value(item) }
            closeArray()
        case .null: scalar(Int?.none)
        case .bool(let flag): scalar(flag)
        case .number(let number): scalar(number)
        case .string(let text): scalar(text)
        }
    }

    /// `raw(_:writtenAt:)` for text that stays alive until the writer is written: when it needs
    /// no indenting and is long (a long book's build record), a piece of its own, not a copy.
    mutating func raw(_ text: ArraySlice<UInt8>, writtenAt writtenDepth: Int) {
        guard depth == writtenDepth, text.count >= 1 << 15 else { return copy(text, writtenAt: writtenDepth) }
        startValue()
        pieces.append(tail[...])
        pieces.append(text)
        tail = []
        tail.reserveCapacity(4096)
    }

    /// A value already written as this writer writes, `writtenAt` levels deep, indented to
    /// stand here: the earlier builds a manifest copies, the continuity run it embeds.
    mutating func raw(_ text: some ContiguousBytes, writtenAt writtenDepth: Int) {
        copy(text, writtenAt: writtenDepth)
    }

    private mutating func copy(_ text: some ContiguousBytes, writtenAt writtenDepth: Int) {
        startValue()
        let indent = (depth - writtenDepth) * 2
        text.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard indent > 0, let base = bytes.baseAddress else { return tail.append(contentsOf: bytes) }
            // JSON strings hold no raw line breaks: each one starts a line to indent, but for the
            // blank line inside an empty container, which stays blank. Found with memchr: the
            // text can be tens of MB.
            var start = 0
            while start < bytes.count, let found = memchr(base + start, 0x0A, bytes.count - start) {
                let newline = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                tail.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...newline]))
                if newline + 1 < bytes.count, bytes[newline + 1] != 0x0A { JSONValue.indent(indent / 2, &tail) }
                start = newline + 1
            }
            tail.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    /// Writes the text, with the line break that ends a file, piece by piece: a report of tens
    /// of MB is not copied into one buffer first.
    func write(to handle: FileHandle) throws {
        precondition(counts.isEmpty && !afterKey, "a container is still open")
        for piece in pieces where !piece.isEmpty { try handle.write(contentsOf: piece) }
        try handle.write(contentsOf: tail)
        try handle.write(contentsOf: [0x0A] as [UInt8])
    }

    /// The text, with the line break that ends a file.
    func file() -> Data {
        precondition(counts.isEmpty && !afterKey, "a container is still open")
        var data = Data(capacity: pieces.reduce(tail.count + 1) { $0 + $1.count })
        for piece in pieces { data.append(contentsOf: piece) }
        data.append(contentsOf: tail)
        data.append(0x0A)
        return data
    }

    // MARK: - Layout

    private mutating func open(_ bracket: UInt8) {
        startValue()
        tail.append(bracket)
        counts.append(0)
        #if DEBUG
        lastKeys.append([])
        #endif
    }

    private mutating func close(_ bracket: UInt8) {
        precondition(!counts.isEmpty && !afterKey, "nothing to close")
        if let outside = inlineOutside {
            counts.removeLast()
            #if DEBUG
            lastKeys.removeLast()
            #endif
            tail.append(bracket)
            if counts.count == outside { inlineOutside = nil }
            return
        }
        // An empty container keeps a blank line between its brackets.
        if counts.removeLast() == 0 { tail.append(0x0A) }
        tail.append(0x0A)
        #if DEBUG
        lastKeys.removeLast()
        #endif
        JSONValue.indent(depth, &tail)
        tail.append(bracket)
    }

    /// Before a value: nothing after a key or at the top, else a new array item.
    private mutating func startValue() {
        if afterKey {
            afterKey = false
        } else if !counts.isEmpty {
            startMember()
        }
    }

    private mutating func startMember() {
        let last = counts.count - 1
        if counts[last] > 0 { tail.append(UInt8(ascii: ",")) }
        counts[last] += 1
        if let outside = inlineOutside, last >= outside { return }
        tail.append(0x0A)
        JSONValue.indent(depth, &tail)
    }
}

extension JSONTextWriter {
    /// An item written by hand on one line, as fixed text and values (`JSONLine`): for the
    /// items of long lists whose shape never changes, such as a report's findings, where the
    /// writer's bookkeeping for each key was most of the time taken.
    mutating func line(_ write: (inout JSONLine) -> Void) {
        startValue()
        var line = JSONLine()
        swap(&line.bytes, &tail)
        write(&line)
        swap(&line.bytes, &tail)
    }
}

/// One line of JSON text, written as given: the caller writes the punctuation and the keys
/// (in UTF-8 order, as the writer would); values are written as the writer writes them.
struct JSONLine {
    fileprivate var bytes: [UInt8] = []

    /// Text as it is: punctuation and keys.
    mutating func text(_ fixed: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: fixed.utf8Start, count: fixed.utf8CodeUnitCount))
    }

    /// A value: a string in quotes, a number, a boolean, or null.
    mutating func value(_ value: some JSONScalar) {
        value.writeJSON(to: &bytes)
    }

    /// A string's text without its quotes, escaped: for a string written in parts.
    mutating func escaped(_ text: String) {
        JSONValue.writeEscaped(text, to: &bytes)
    }
}

/// What the writer writes as one JSON value, as `JSONValue` writes it.
protocol JSONScalar {
    func writeJSON(to output: inout [UInt8])
}

extension String: JSONScalar {
    func writeJSON(to output: inout [UInt8]) { JSONValue.writeString(self, to: &output) }
}

extension Int: JSONScalar {
    func writeJSON(to output: inout [UInt8]) { JSONValue.writeNumber(self, to: &output) }
}

extension Double: JSONScalar {
    func writeJSON(to output: inout [UInt8]) { JSONValue.writeNumber(self, to: &output) }
}

extension Bool: JSONScalar {
    func writeJSON(to output: inout [UInt8]) { output.append(contentsOf: self ? JSONLiteral.true : JSONLiteral.false) }
}

extension Optional: JSONScalar where Wrapped: JSONScalar {
    func writeJSON(to output: inout [UInt8]) {
        if let self { self.writeJSON(to: &output) } else { output.append(contentsOf: JSONLiteral.null) }
    }
}

private enum JSONLiteral {
    static let `true` = Array("true".utf8), `false` = Array("false".utf8), null = Array("null".utf8)
}
