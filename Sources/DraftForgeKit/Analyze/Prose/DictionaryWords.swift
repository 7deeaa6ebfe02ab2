// Words of the scripts written without spaces between them, Thai, Lao, Khmer and Myanmar: ICU's
// dictionary-based word breaking finds them (the ICU Foundation itself carries, with its data).
import _FoundationICU

enum DictionaryWords {
    /// Whether `scalar` belongs to a script whose words only a dictionary can find.
    @inline(__always)
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF, 0x19E0...0x19FF, 0xA9E0...0xA9FF, 0xAA60...0xAA7F: true
        default: false
        }
    }

    /// Each segment of `run` (offsets into it) and whether it is a word; the segments cover the
    /// run. Without ICU's answer the run is one word, as it was before.
    static func segments(_ run: some Collection<Unicode.Scalar>) -> [(range: Range<Int>, isWord: Bool)] {
        var utf16: [UInt16] = []
        var scalarAt: [Int] = []  // the scalar offset of each UTF-16 unit
        utf16.reserveCapacity(run.count)
        for (offset, scalar) in run.enumerated() {
            for unit in String(Character(scalar)).utf16 {
                utf16.append(unit)
                scalarAt.append(offset)
            }
        }
        scalarAt.append(run.count)
        var status = U_ZERO_ERROR
        guard let iterator = swift_ubrk_open(UBRK_WORD, "", utf16, Int32(utf16.count), &status), status.rawValue <= 0 else {
            return [(0..<run.count, true)]
        }
        defer { swift_ubrk_close(iterator) }
        var segments: [(range: Range<Int>, isWord: Bool)] = []
        var start = swift_ubrk_first(iterator)
        var end = swift_ubrk_next(iterator)
        while end != UBRK_DONE, end > start {
            // Rule statuses from 100 up are words: numbers, letters, kana, ideographs.
            let isWord = swift_ubrk_getRuleStatus(iterator) >= 100
            segments.append((scalarAt[Int(start)]..<scalarAt[Int(end)], isWord))
            start = end
            end = swift_ubrk_next(iterator)
        }
        return segments.isEmpty ? [(0..<run.count, true)] : segments
    }
}
