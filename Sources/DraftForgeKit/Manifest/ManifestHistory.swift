// The builds a manifest already holds, kept as the JSON text they were written as. A new build
// puts its record in front of them without decoding and encoding the history: each build of a
// long book embeds its continuity run and stats, fifty builds of a million words are about 17 MB,
// and JSONDecoder reads that at a few dozen MB/s, twice a build.
import Foundation

struct ManifestHistory {
    /// Each earlier build's JSON text, newest first.
    private(set) var builds: [ArraySlice<UInt8>] = []
    /// The highest `version` among them; 0 for none.
    private(set) var highestVersion = 0

    init() {}

    /// The history of a manifest's bytes; nil when they are not JSON, or a build has no
    /// whole-number `version` (the next build then starts anew).
    init?(json: [UInt8]) {
        // Scanned through a pointer: the history is megabytes, and slices of an array would be
        // retained and bounds-checked at every byte.
        let found = json.withUnsafeBufferPointer { bytes -> [(range: Range<Int>, version: Int)]? in
            var scanner = JSONScanner(bytes)
            var builds: [(range: Range<Int>, version: Int)] = []
            guard scanner.enter(UInt8(ascii: "{")) else { return nil }
            repeat {
                guard let key = scanner.key() else { return nil }
                guard key.elementsEqual("builds".utf8) else {
                    guard scanner.skipValue() else { return nil }
                    continue
                }
                guard scanner.enter(UInt8(ascii: "[")) else { return nil }
                if scanner.leave(UInt8(ascii: "]")) { continue }
                repeat {
                    scanner.skipSpace()
                    let start = scanner.index
                    guard let version = scanner.skipObject(findingInteger: "version") else { return nil }
                    builds.append((start..<scanner.index, version))
                } while scanner.next(closing: UInt8(ascii: "]"))
                guard scanner.isAfterClosing else { return nil }
            } while scanner.next(closing: UInt8(ascii: "}"))
            guard scanner.isAfterClosing, scanner.isAtEnd else { return nil }
            return builds
        }
        guard let found else { return nil }
        builds = found.map { json[$0.range] }
        highestVersion = found.map(\.version).max() ?? 0
    }

    /// The manifest's text: `newest` first, then the `earlier` builds as they were written, and
    /// the project; the bytes JSONEncoder writes for the whole manifest (pretty-printed, sorted keys).
    /// `rawMembers` are members of the newest build given as pretty-printed JSON text at the
    /// top level (the continuity run, the stats, as their files hold them); each replaces the
    /// record's own.
    static func manifest(
        newest: [String: JSONValue], rawMembers: [String: [UInt8]] = [:], earlier: ArraySlice<ArraySlice<UInt8>>,
        project: JSONValue
    ) -> JSONTextWriter {
        // The earlier builds are pieces of the history's bytes, not copies (see `raw`).
        var json = JSONTextWriter(capacity: 1 << 16 + rawMembers.values.reduce(0) { $0 + $1.count } * 5 / 4)
        json.openObject()
        json.key("builds")
        json.openArray()
        json.openObject()
        for key in newest.keys.sorted(by: JSONValue.utf8Precedes) {
            json.dynamicKey(key)
            if let text = rawMembers[key] {
                json.raw(text, writtenAt: 0)
            } else {
                json.value(newest[key]!)
            }
        }
        json.closeObject()
        for build in earlier { json.raw(build, writtenAt: 2) }
        json.closeArray()
        json.member("project", json: project)
        json.closeObject()
        return json
    }
}

/// A strict reader of JSON's grammar over bytes that skips values instead of building them.
private struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// True right after `next(closing:)` consumed the closing bracket.
    private(set) var isAfterClosing = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var isAtEnd: Bool {
        var copy = self
        copy.skipSpace()
        return copy.index == bytes.endIndex
    }

    mutating func skipSpace() {
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// Consumes `opening` (after any space).
    mutating func enter(_ opening: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == opening else { return false }
        index += 1
        return true
    }

    /// Consumes `closing` when it comes next (an empty container).
    mutating func leave(_ closing: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.endIndex, bytes[index] == closing else { return false }
        index += 1
        isAfterClosing = true
        return true
    }

    /// After a member: true for a comma (another member follows), false for `closing` or an error
    /// (`isAfterClosing` tells them apart).
    mutating func next(closing: UInt8) -> Bool {
        skipSpace()
        isAfterClosing = false
        guard index < bytes.endIndex else { return false }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            return true
        }
        if bytes[index] == closing {
            index += 1
            isAfterClosing = true
        }
        return false
    }

    /// An object member's key and its colon; the key's raw bytes, escapes undecoded.
    mutating func key() -> Slice<UnsafeBufferPointer<UInt8>>? {
        skipSpace()
        guard let key = string(), enter(UInt8(ascii: ":")) else { return nil }
        return key
    }

    /// Skips an object, returning its member `key`'s value when that is a whole number; nil when
    /// the object is malformed or has no such member.
    mutating func skipObject(findingInteger key: String) -> Int? {
        guard enter(UInt8(ascii: "{")) else { return nil }
        var found: Int?
        if leave(UInt8(ascii: "}")) { return nil }
        repeat {
            guard let name = self.key() else { return nil }
            skipSpace()
            let start = index
            guard skipValue() else { return nil }
            if name.elementsEqual(key.utf8) { found = Int(String(decoding: bytes[start..<index], as: UTF8.self)) }
        } while next(closing: UInt8(ascii: "}"))
        return isAfterClosing ? found : nil
    }

    mutating func skipValue() -> Bool {
        skipSpace()
        guard index < bytes.endIndex else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"):
            index += 1
            if leave(UInt8(ascii: "}")) { return true }
            repeat {
                guard key() != nil, skipValue() else { return false }
            } while next(closing: UInt8(ascii: "}"))
            return isAfterClosing
        case UInt8(ascii: "["):
            index += 1
            if leave(UInt8(ascii: "]")) { return true }
            repeat {
                guard skipValue() else { return false }
            } while next(closing: UInt8(ascii: "]"))
            return isAfterClosing
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    /// A string; its content's raw bytes.
    private mutating func string() -> Slice<UnsafeBufferPointer<UInt8>>? {
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return bytes[start..<index - 1]
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.endIndex else { return nil }
                let escaped = bytes[index + 1]
                if escaped == UInt8(ascii: "u") {
                    guard index + 6 <= bytes.endIndex, bytes[(index + 2)..<(index + 6)].allSatisfy(\.isHexDigit) else { return nil }
                    index += 6
                } else {
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 2
                    default: return nil
                    }
                }
            case 0..<0x20: return nil
            default: index += 1
            }
        }
        return nil
    }

    private mutating func literal(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        guard bytes.endIndex - index >= expected.count, bytes[index..<(index + expected.count)].elementsEqual(expected) else {
            return false
        }
        index += expected.count
        return true
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func number() -> Bool {
        func digits() -> Int {
            let start = index
            while index < bytes.endIndex, (0x30...0x39).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.endIndex else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return true
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
