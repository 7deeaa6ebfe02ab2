// For each scalar of a block's text, the body offset where it is written. Prose is mostly
// written as it reads, so the offsets are kept as runs of consecutive ones: a paragraph is a
// few runs instead of four bytes a character (22 MB of a ~1M-word book's peak).
struct SourceOffsets: Sendable, Equatable {
    /// A stretch of text whose scalars are written one after another from `source`.
    private struct Run: Sendable, Equatable {
        var text: Int32
        var source: Int32
    }

    private var runs: [Run] = []
    /// How many scalars have an offset.
    private(set) var count = 0

    init() {}

    /// `count` scalars written one after another from `start`.
    init(consecutiveFrom start: Int, count: Int) {
        if count > 0 { runs = [Run(text: 0, source: Int32(start))] }
        self.count = count
    }

    var isEmpty: Bool { count == 0 }
    var first: Int32? { runs.first?.source }

    /// The next scalar's offset.
    mutating func append(_ source: Int32) {
        append(consecutiveFrom: source, length: 1)
    }

    /// The next `length` scalars' offsets: `length` consecutive ones from `source`.
    mutating func append(consecutiveFrom source: Int32, length: Int) {
        guard length > 0 else { return }
        if let last = runs.last, last.source &+ Int32(count) &- last.text == source {
            count += length
            return
        }
        runs.append(Run(text: Int32(count), source: source))
        count += length
    }

    /// The body offset of scalar `offset` of the text (0 ≤ offset < count).
    subscript(offset: Int) -> Int32 {
        // The last run starting at or before `offset`.
        var low = 0, high = runs.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(runs[mid].text) <= offset { low = mid } else { high = mid - 1 }
        }
        return runs[low].source &+ Int32(offset) &- runs[low].text
    }
}
