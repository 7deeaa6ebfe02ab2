// Work spread over the machine's cores, for the stages that handle chapters independently
// (serializing pages, deflating entries). Each worker gets a `LargeStack`-sized stack because
// the trees it walks may be nested thousands of levels deep.
import Foundation

enum Parallel {
    /// Threads to use: one per core, at most 8.
    static let width = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    /// `items.map(transform)`, computed on up to `width` threads; the order is kept.
    /// `transform` escapes because a finished thread may release it a moment after the map returns.
    static func map<Item, Result>(_ items: [Item], _ transform: @escaping (Item) -> Result) -> [Result] {
        let threads = min(width, items.count)
        guard threads > 1 else { return items.map(transform) }
        do {
            let results = UnsafeMutablePointer<Result?>.allocate(capacity: items.count)
            results.initialize(repeating: nil, count: items.count)
            defer {
                results.deinitialize(count: items.count)
                results.deallocate()
            }
            let next = NSLock()
            nonisolated(unsafe) var nextIndex = 0
            nonisolated(unsafe) let work = transform
            nonisolated(unsafe) let slots = results
            nonisolated(unsafe) let input = items
            let done = DispatchGroup()
            for _ in 0..<threads {
                done.enter()
                let thread = Thread {
                    while true {
                        next.lock()
                        let index = nextIndex
                        nextIndex += 1
                        next.unlock()
                        guard index < input.count else { break }
                        slots[index] = work(input[index])
                    }
                    done.leave()
                }
                thread.stackSize = LargeStack.size
                thread.start()
            }
            done.wait()
            return (0..<items.count).map { results[$0]! }
        }
    }

    /// `range` cut into `width` pieces of about equal size, in order, when it holds at least
    /// `threshold` indices; else whole. For work whose items are too many and too small to be
    /// handed out one by one (findings, token pairs).
    static func pieces(of range: Range<Int>, from threshold: Int) -> [Range<Int>] {
        guard !range.isEmpty else { return [] }
        let count = range.count < threshold ? 1 : width
        let size = (range.count + count - 1) / count
        return stride(from: range.lowerBound, to: range.upperBound, by: size).map { $0..<min($0 + size, range.upperBound) }
    }

    /// `first()` and `second()`, side by side.
    static func both<First, Second>(_ first: @escaping () -> First, _ second: @escaping () -> Second) -> (First, Second) {
        let results = map([true, false]) { isFirst -> Any in isFirst ? first() : second() }
        return (results[0] as! First, results[1] as! Second)
    }
}

/// A value computed on its own thread from the moment it is made, for work that can overlap a
/// stage it does not depend on (the word lists load while chapters render).
final class Prefetch<Value>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Value?

    init(_ make: @escaping () -> Value) {
        done.enter()
        nonisolated(unsafe) let work = make
        Thread { [self] in
            result = work()
            done.leave()
        }.start()
    }

    /// Waits for the value.
    var value: Value {
        done.wait()
        return result!
    }
}
