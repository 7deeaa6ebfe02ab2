// What a build leaves running or lying around if it is stopped from outside (a CI step's
// timeout sends SIGTERM, a terminal SIGINT): the PDF engine and other programs it started, and
// the private folders they work in. A command that installs the handlers forwards the signal
// to those programs, waits a moment for them, removes the folders and exits with 128 + signal.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

public enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var children: Set<Int32> = []
    nonisolated(unsafe) private static var folders: Set<URL> = []
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var stopping = false

    /// Runs `body` (which waits for the process `pid`) while that process is stopped with the
    /// build. When the build is being stopped, the caller never returns: the child died of the
    /// forwarded signal, and the build must not report that as a failure of its own and exit
    /// first; `stop(signal:)` ends the process.
    static func tracking<T, E: Error>(child pid: Int32, _ body: () throws(E) -> T) throws(E) -> T {
        _ = lock.withLock { children.insert(pid) }
        defer {
            let stopped = lock.withLock { () -> Bool in
                children.remove(pid)
                return stopping
            }
            while stopped { sleep(60) }
        }
        return try body()
    }

    /// `folder` is removed if the build is stopped, until `removeNow(folder:)`.
    static func remove(folder: URL) { _ = lock.withLock { folders.insert(folder) } }

    /// Removes `folder` now and stops tracking it; under the lock, so a stop in progress and
    /// the build never delete the same tree at once.
    static func removeNow(folder: URL) {
        lock.withLock {
            try? FileManager.default.removeItem(at: folder)
            folders.remove(folder)
        }
    }

    /// On SIGTERM, SIGINT or SIGHUP: the signal goes to every tracked program, which gets two
    /// seconds before SIGKILL; the tracked folders are removed; the process exits 128 + signal.
    public static func installHandlers() {
        lock.withLock {
            guard sources.isEmpty else { return }
            for signalNumber in [SIGTERM, SIGINT, SIGHUP] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { stop(signal: signalNumber) }
                source.resume()
                sources.append(source)
            }
        }
    }

    static func stop(signal signalNumber: Int32) {
        let pids = lock.withLock { () -> [Int32] in
            stopping = true
            return Array(children)
        }
        for pid in pids { kill(pid, signalNumber) }
        let deadline = Date().addingTimeInterval(2)
        while pids.contains(where: { kill($0, 0) == 0 && !isZombie($0) }), Date() < deadline { usleep(20_000) }
        for pid in pids where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        lock.withLock {
            for folder in folders { try? FileManager.default.removeItem(at: folder) }
            folders = []
        }
        exit(128 + signalNumber)
    }

    /// An exited child not yet reaped still answers `kill(pid, 0)`.
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return status.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}
