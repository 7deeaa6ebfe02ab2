// Byte-level searching and ordering of text, for work done on every chapter or file of a long
// book, where Foundation's comparisons go through the locale.
import Foundation

extension String {
    /// Whether the UTF-8 bytes of `needle` occur in the text: a byte search, for the checks run
    /// on every chapter of a long book before deciding whether to walk it.
    func containsBytes(_ needle: String) -> Bool { utf8Offset(of: needle) != nil }

    /// Where the UTF-8 bytes of `needle` first occur, in bytes from the start (0 for an empty needle).
    func utf8Offset(of needle: String) -> Int? {
        var text = self
        return text.withUTF8 { UTF8Bytes.offset(of: needle, in: $0) }
    }
}

extension Substring {
    /// Where the UTF-8 bytes of `needle` first occur, in bytes from the start (0 for an empty needle).
    func utf8Offset(of needle: String) -> Int? {
        var text = self
        return text.withUTF8 { UTF8Bytes.offset(of: needle, in: $0) }
    }
}

extension Sequence {
    /// The elements in the order of `key`'s UTF-8 bytes (what `sort` and `ls` under LC_ALL=C
    /// give), each key's bytes made once.
    func sortedByUTF8(_ key: (Element) -> String) -> [Element] {
        map { (bytes: Array(key($0).utf8), element: $0) }
            .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            .map(\.element)
    }
}

enum UTF8Bytes {
    static func offset(of needle: String, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        var needle = needle
        return needle.withUTF8 { pattern in
            guard let first = pattern.first else { return 0 }
            guard let base = haystack.baseAddress, haystack.count >= pattern.count else { return nil }
            var start = 0
            let last = haystack.count - pattern.count
            while start <= last {
                // memchr finds the first byte fast; the rest is compared where it is.
                guard let found = memchr(base + start, Int32(first), last - start + 1) else { return nil }
                let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + offset, pattern.baseAddress!, pattern.count) == 0 { return offset }
                start = offset + 1
            }
            return nil
        }
    }
}
