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

    /// `items.map(transform)` on up to `width` threads, and `side()` as the first job of one of
    /// them: one long serial job (a render of the whole table of contents) beside work that
    /// spreads over the cores, without a thread more than the cores (each thread's allocations
    /// stay in its own malloc arena: a third thread raised the peak memory).
    static func map<Item, Result, Side>(
        _ items: [Item], _ transform: @escaping (Item) -> Result, beside side: @escaping () -> Side
    ) -> (results: [Result], side: Side) {
        let jobs = map(Array(-1..<items.count)) { index -> (result: Result?, side: Side?) in
            index < 0 ? (nil, side()) : (transform(items[index]), nil)
        }
        return (jobs.dropFirst().map { $0.result! }, jobs[0].side!)
    }

    /// `transform` of each item, on up to `width` threads (the caller's among them), and
    /// `consume` of each result in order on the caller's thread as soon as it and those before it
    /// are done: serial work over the results (claiming ids in reading order) then overlaps the
    /// parallel work instead of following it. While the next result is still being made, the
    /// caller makes one of the others.
    static func map<Item, Result>(
        _ items: [Item], _ transform: @escaping (Item) -> Result, consumingInOrder consume: (Int, Result) -> Void
    ) {
        let helpers = min(width, items.count) - 1
        guard helpers > 0 else {
            for (index, item) in items.enumerated() { consume(index, transform(item)) }
            return
        }
        let shared = InOrderResults(items, transform)
        let done = DispatchGroup()
        for _ in 0..<helpers {
            done.enter()
            let thread = Thread {
                while true {
                    shared.condition.lock()
                    let index = shared.claim()
                    shared.condition.unlock()
                    guard let index else { break }
                    shared.make(index)
                }
                done.leave()
            }
            thread.stackSize = LargeStack.size
            thread.start()
        }
        var nextToConsume = 0
        shared.condition.lock()
        while nextToConsume < items.count {
            if let result = shared.made.removeValue(forKey: nextToConsume) {
                shared.condition.unlock()
                consume(nextToConsume, result)
                nextToConsume += 1
                shared.condition.lock()
            } else if let index = shared.claim() {
                shared.condition.unlock()
                shared.make(index)
                shared.condition.lock()
            } else {
                shared.condition.wait()
            }
        }
        shared.condition.unlock()
        done.wait()
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

    /// Lets go of `values` on every core: a value that owns many allocations (a long book's
    /// prose, hundreds of thousands of them) takes about as long to free as it took to make.
    static func release<Value>(_ values: consuming [Value]) {
        var values = values
        guard width > 1, values.count > 1 else { return }
        // Each piece owned by its handoff alone, so that it is freed where the handoff is emptied.
        let handoffs = pieces(of: values.indices, from: 2).map { Handoff(Array(values[$0])) }
        values = []
        _ = map(handoffs) { $0.value = nil }
    }

    /// `release(values)` on a thread of its own, while the caller goes on: freeing a long book's
    /// prose waits on the allocator's locks about half the time, so it runs beside serial work.
    /// The values are let go of when the returned prefetch's `value` returns.
    static func releaseInBackground<Value>(_ values: consuming [Value]) -> Prefetch<Void> {
        let handoff = Handoff(values)
        return Prefetch {
            let values = handoff.value.take() ?? []
            release(values)
        }
    }

    /// `first()` and `second()`, side by side.
    static func both<First, Second>(_ first: @escaping () -> First, _ second: @escaping () -> Second) -> (First, Second) {
        let results = map([true, false]) { isFirst -> Any in isFirst ? first() : second() }
        return (results[0] as! First, results[1] as! Second)
    }
}

/// Values one thread of `Parallel.release` lets go of.
private final class Handoff<Value>: @unchecked Sendable {
    var value: Value?
    init(_ value: Value) { self.value = value }
}

/// What `Parallel.map(_:_:consumingInOrder:)`'s threads share: the counters and results under `condition`.
private final class InOrderResults<Item, Result>: @unchecked Sendable {
    let condition = NSCondition()
    let items: [Item]
    let transform: (Item) -> Result
    var nextToMake = 0
    var made: [Int: Result] = [:]

    init(_ items: [Item], _ transform: @escaping (Item) -> Result) {
        self.items = items
        self.transform = transform
    }

    /// The next item to make, or nil when all are taken; `condition` is held.
    func claim() -> Int? {
        guard nextToMake < items.count else { return nil }
        defer { nextToMake += 1 }
        return nextToMake
    }

    /// Makes item `index` and hands it over.
    func make(_ index: Int) {
        let result = transform(items[index])
        condition.lock()
        made[index] = result
        condition.broadcast()
        condition.unlock()
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
