// Markdown can nest thousands of levels deep (block quotes, lists, raw HTML), and every stage
// walks the tree recursively. The build therefore runs on a thread whose stack is large enough
// for that; the memory is only reserved, and pages are touched as the recursion needs them.
import Foundation

enum LargeStack {
    static let size = 1 << 29

    /// Runs `body` on a fresh thread with a `size`-byte stack and waits for it.
    static func run<T>(_ body: @escaping () -> T) -> T {
        nonisolated(unsafe) var result: T?
        nonisolated(unsafe) let work = body
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result = work()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        return result!
    }
}
