// Text helpers for work done on every chapter or file of a long book: searching, ordering,
// splitting and trimming on bytes and scalars, where Foundation's go through the locale or NSString.
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
    /// The scalar whose UTF-8 starts at `offset` of valid UTF-8 (a String's), and its width in bytes.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        let value: UInt32, width: Int
        if lead < 0xE0 {
            (value, width) = ((lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F), 2)
        } else if lead < 0xF0 {
            (value, width) = ((lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F), 3)
        } else {
            (value, width) = ((lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12
                | UInt32(bytes[offset + 2] & 0x3F) << 6 | UInt32(bytes[offset + 3] & 0x3F), 4)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset` (which must be eight before the end), as one word.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self)
    }

    /// Whether all eight bytes of `word` are ASCII.
    @inline(__always)
    static func isASCII(_ word: UInt64) -> Bool { word & highBits == 0 }

    /// Whether an ASCII `word` holds a digit: adding 0x50 sets a byte's high bit from '0' up,
    /// adding 0x46 from ':' up, and no ASCII byte carries into the next.
    @inline(__always)
    static func asciiWordHoldsDigit(_ word: UInt64) -> Bool {
        (word &+ 0x5050_5050_5050_5050) & ~(word &+ 0x4646_4646_4646_4646) & highBits != 0
    }

    /// Whether an ASCII `word` holds `byte` (an ASCII byte): a byte equal to it is zero after
    /// the exclusive or, and only a zero byte borrows its high bit in the subtraction.
    @inline(__always)
    static func asciiWord(_ word: UInt64, holds byte: UInt8) -> Bool {
        let difference = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (difference &- 0x0101_0101_0101_0101) & ~difference & highBits != 0
    }

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

extension String {
    /// The lines, split at "\n" only (a "\r" before it stays on the line). Splitting by
    /// Unicode scalars is much faster than by characters, and a CRLF pair is a line break too.
    var lineSlices: [Substring] {
        // The newlines found with memchr in the contiguous bytes, then cut by UTF-8 offset
        // (constant time on a native string): stepping a UTF8View index byte by byte was most of
        // the time `serve` spent splitting an unchanged book on every save.
        var text = self
        let breaks: [Int] = text.withUTF8 { bytes in
            var offsets: [Int] = []
            guard let base = bytes.baseAddress else { return offsets }
            var from = 0
            while from < bytes.count, let found = memchr(base + from, 0x0A, bytes.count - from) {
                let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                offsets.append(offset)
                from = offset + 1
            }
            return offsets
        }
        let bytes = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = bytes.startIndex
        var startOffset = 0
        for offset in breaks {
            let end = bytes.index(start, offsetBy: offset - startOffset)
            lines.append(text[start..<end])
            start = bytes.index(after: end)
            startOffset = offset + 1
        }
        lines.append(text[start..<bytes.endIndex])
        return lines
    }

    /// Without the white space and line breaks at its ends: what Foundation's
    /// `.whitespacesAndNewlines` trims (Unicode's White_Space, and U+200B), read as scalars here
    /// instead of through NSString, which was most of the cost of resolving a link.
    var trimmed: String { trimming { $0.isTrimmedSpace } }

    /// Without the scalars `isTrimmed` picks at either end.
    func trimming(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isTrimmed(first) || isTrimmed(last) else {
            return self
        }
        guard let start = scalars.firstIndex(where: { !isTrimmed($0) }),
            let end = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    /// Its percent escapes decoded (`%20` → space); itself when it has none, or an invalid one.
    var percentDecoded: String { contains("%") ? removingPercentEncoding ?? self : self }
    var nonEmpty: String? {
        let value = trimmed
        return value.isEmpty ? nil : value
    }
}

extension Unicode.Scalar {
    /// Whether `trimmed` takes it off an end.
    fileprivate var isTrimmedSpace: Bool {
        isASCII ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace || value == 0x200B
    }
}
