// A value behind a lock, for state threads share. `Mutex` serves values that are `Sendable`;
// this also holds ones that are not (parsed templates, a server's state), handed out by copy.
import Foundation

package final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    package init(_ value: Value) { self.value = value }

    package func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    package var current: Value { withLock { $0 } }
}
