// A value per distinct word of a chapter, found by the word's scalars: a rule that tallies every
// capitalised word of a book makes one String per distinct word, not one per use, and hashes
// no String on the way.
struct ProseWordTally<Value> {
    private struct Entry {
        /// Where the word was first seen: its block, and its offsets in that block's text.
        var block: Int
        var start: Int
        var length: Int
        var hash: UInt64
        var value: Value
    }

    private var entries: [Entry] = []
    /// Open addressing: an index into `entries`, or -1.
    private var slots = [Int](repeating: -1, count: 64)

    var count: Int { entries.count }

    /// Changes the value of the word at `range` of block `b` of `blocks`; a word not seen before
    /// starts at `initial`.
    mutating func update(
        _ range: Range<Int>, ofBlock b: Int, in blocks: [ProseBlock], initial: @autoclosure () -> Value,
        _ change: (inout Value) -> Void
    ) {
        let text = blocks[b].text
        // FNV-1a over the scalar values.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for offset in range { hash = (hash ^ UInt64(text[offset].value)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] >= 0 {
            let index = slots[slot]
            // The fields read one by one: a copy of the entry would hold a second reference to its value.
            if entries[index].hash == hash, entries[index].length == range.count,
                blocks[entries[index].block].text[entries[index].start...].prefix(range.count).elementsEqual(text[range])
            {
                change(&entries[index].value)
                return
            }
            slot = (slot + 1) & mask
        }
        var value = initial()
        change(&value)
        slots[slot] = entries.count
        entries.append(Entry(block: b, start: range.lowerBound, length: range.count, hash: hash, value: value))
        if entries.count * 2 > slots.count { grow() }
    }

    /// Each distinct word as a String with its value. Words whose scalars differ but whose
    /// Strings are equal (an accent written precomposed in one place and combining in another)
    /// are one key, their values joined by `merge`.
    func dictionary(blocks: [ProseBlock], merge: (inout Value, Value) -> Void) -> [String: Value] {
        var result: [String: Value] = [:]
        result.reserveCapacity(entries.count)
        for entry in entries {
            let word = ProseText.string(blocks[entry.block].text[entry.start..<(entry.start + entry.length)])
            if result[word] == nil {
                result[word] = entry.value
            } else {
                merge(&result[word]!, entry.value)
            }
        }
        return result
    }

    private mutating func grow() {
        slots = [Int](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash ^ (entry.hash >> 29)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = index
        }
    }
}
