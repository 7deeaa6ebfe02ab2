// Watches a folder tree with Linux inotify and hands over debounced batches of changed paths.
//
// inotify watches one folder at a time, so every folder gets its own watch, and folders that
// appear later (created, or moved in) are watched as soon as their event arrives; the files
// already inside them are reported too, since they may have been written before the watch.
// Symbolic links are never followed, so the watch cannot leave the tree. When the root itself is
// deleted or moved away (`rm -rf book && cp -r fresh book`), every watch is dropped and the
// watcher checks a few times a second for the folder to come back, then watches it again.
import Foundation

#if canImport(Glibc)
import Glibc

/// A batch of changes, collected until the tree was quiet for the debounce interval.
public struct FileChanges: Sendable, Equatable {
    /// Root-relative paths; folders end in `/`.
    public var paths: Set<String> = []
    /// The kernel's event queue overflowed: some changes were lost.
    public var overflowed = false
    /// The root folder was deleted or moved away; nothing is watched until it is back.
    public var rootRemoved = false
    /// The root folder is back (after `rootRemoved`, perhaps in an earlier batch) and watched
    /// again; the files found in it are in `paths`.
    public var rootRestored = false

    public var isEmpty: Bool { paths.isEmpty && !overflowed && !rootRemoved && !rootRestored }
}

/// A recursive inotify watcher. `start` runs a thread that reads events, waits until no event
/// came for `debounce`, and calls the handler on that thread. Events that arrive while the
/// handler runs are kept by the kernel and make up the next batch, so a slow handler (a build)
/// is never run twice at once and never misses a save.
public final class FileWatcher: @unchecked Sendable {
    // Mutable state below is only touched by the watcher thread once `start` has returned.
    public let root: URL
    public let filter: WatchFilter
    public let debounce: Duration
    /// A batch is delivered at the latest this long after its first event, even if events go on.
    public let maximumDelay: Duration

    private let inotifyFD: Int32
    private let stopPipe: (read: Int32, write: Int32)
    private var folders: [Int32: String] = [:]  // watch descriptor → root-relative folder ("" = root)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var state: State = .idle
    /// The root is gone: the thread polls for it (watcher thread only).
    private var rootMissing = false
    /// How often a missing root is looked for.
    static let rootPollInterval: Duration = .milliseconds(100)

    private enum State { case idle, running, stopped }

    static let mask = UInt32(
        IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
    // <sys/inotify.h> values that Glibc's module does not import.
    static let onlyFolder: UInt32 = 0x0100_0000      // IN_ONLYDIR
    static let dontFollow: UInt32 = 0x0200_0000      // IN_DONTFOLLOW
    static let folderMask = mask | onlyFolder | dontFollow

    public init(root: URL, filter: WatchFilter, debounce: Duration = .milliseconds(100)) throws {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.filter = filter
        self.debounce = debounce
        self.maximumDelay = max(debounce * 10, .seconds(1))
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { throw WatchError("inotify_init1 failed: \(String(cString: strerror(errno)))") }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            close(fd)
            throw WatchError("pipe failed: \(String(cString: strerror(errno)))")
        }
        for end in fds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        inotifyFD = fd
        stopPipe = (fds[0], fds[1])
        // Watches exist before `init` returns: a save right after it is seen.
        addWatches(under: "")
        guard watchesRoot else {
            close(fd); close(fds[0]); close(fds[1])
            throw WatchError("cannot watch \(self.root.path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(inotifyFD)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// The number of folders watched now (for tests and messages).
    public var watchedFolderCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return folders.count
    }

    /// Starts the watcher thread. `handler` is called on it with each batch.
    public func start(_ handler: @escaping @Sendable (FileChanges) -> Void) {
        lock.lock()
        guard state == .idle else {
            lock.unlock()
            return
        }
        state = .running
        lock.unlock()
        let thread = Thread { [self] in
            run(handler)
            finished.signal()
        }
        thread.name = "draftforge.watch"
        thread.start()
    }

    /// Stops the thread and waits for it, including a handler call in progress.
    public func stop() {
        lock.lock()
        let wasRunning = state == .running
        state = .stopped
        lock.unlock()
        guard wasRunning else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        finished.wait()
    }

    // MARK: - The thread

    private func run(_ handler: @Sendable (FileChanges) -> Void) {
        let clock = ContinuousClock()
        var pending = FileChanges()
        var firstEvent: ContinuousClock.Instant?
        var lastEvent: ContinuousClock.Instant?
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)

        while true {
            var timeout: Int32 = -1
            if let first = firstEvent, let last = lastEvent {
                let due = min(last + debounce, first + maximumDelay)
                timeout = Int32(max(0, milliseconds(due - clock.now)))
            }
            if rootMissing {
                let interval = Int32(milliseconds(Self.rootPollInterval))
                timeout = timeout < 0 ? interval : min(timeout, interval)
            }
            var fds = [
                pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno != EINTR { return }
            if fds[1].revents != 0 { return }
            if ready > 0 && fds[0].revents & Int16(POLLIN) != 0 {
                let before = pending
                readEvents(into: &pending, buffer: &buffer)
                if pending != before {
                    lastEvent = clock.now
                    if firstEvent == nil { firstEvent = lastEvent }
                }
            }
            if rootMissing, rewatchRoot(into: &pending) {
                lastEvent = clock.now
                if firstEvent == nil { firstEvent = lastEvent }
            }
            if let first = firstEvent, let last = lastEvent,
                clock.now >= min(last + debounce, first + maximumDelay)
            {
                let batch = pending
                pending = FileChanges()
                firstEvent = nil
                lastEvent = nil
                if !batch.isEmpty { handler(batch) }
            }
        }
    }

    private func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }

    /// Reads every event available now.
    private func readEvents(into changes: inout FileChanges, buffer: inout [UInt8]) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotifyFD, $0.baseAddress, $0.count) }
            if count <= 0 { return }  // EAGAIN: drained
            Self.forEachEvent(in: buffer, count: count) { event, name in
                handle(event, name: name, into: &changes)
            }
        }
    }

    /// Calls `body` with each event, and its file name, of the first `count` bytes `read` gave.
    static func forEachEvent(in buffer: [UInt8], count: Int, _ body: (inotify_event, String) -> Void) {
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            let headerSize = MemoryLayout<inotify_event>.size
            while offset + headerSize <= count {
                let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + headerSize
                let nameBytes = bytes[nameStart..<min(nameStart + Int(event.len), count)]
                body(event, String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self))
                offset = nameStart + Int(event.len)
            }
        }
    }

    private func handle(_ event: inotify_event, name: String, into changes: inout FileChanges) {
        let mask = event.mask
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            changes.overflowed = true
            return
        }
        let folder = folder(for: event.wd)
        if folder == "", mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
            // The root went (a watch moved away with it would report the wrong folder).
            removeWatches(under: nil)
            rootMissing = true
            changes.rootRemoved = true
            return
        }
        if mask & UInt32(IN_IGNORED) != 0 {
            forget(descriptor: event.wd)
            return
        }
        guard let folder, !name.isEmpty else { return }
        let path = folder.isEmpty ? name : folder + "/" + name
        guard !filter.ignores(path) else { return }

        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                // What matters is the files inside, which the scan reports.
                changes.paths.formUnion(addWatches(under: path))
            } else if mask & UInt32(IN_MOVED_FROM) != 0 {
                // Its files left without events of their own: report the folder. Its watches
                // still carry the old path, so drop them; a move inside the tree arrives as
                // IN_MOVED_TO too and is watched again under the new name.
                changes.paths.insert(path + "/")
                removeWatches(under: path)
            }
            // IN_DELETE of a folder follows the deletion of each file in it, already reported.
        } else {
            changes.paths.insert(path)
        }
    }

    // MARK: - Watch bookkeeping

    private func folder(for descriptor: Int32) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return folders[descriptor]
    }

    private func forget(descriptor: Int32) {
        lock.lock()
        folders[descriptor] = nil
        lock.unlock()
    }

    /// Watches `path` and every folder below it. Returns the files found in them.
    @discardableResult
    private func addWatches(under path: String) -> [String] {
        var files: [String] = []
        var stack = [path]
        while let current = stack.popLast() {
            let url = current.isEmpty ? root : root.appendingPathComponent(current)
            let descriptor = inotify_add_watch(inotifyFD, url.path, Self.folderMask)
            guard descriptor >= 0 else { continue }  // gone again, or not a folder
            lock.lock()
            folders[descriptor] = current
            lock.unlock()
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { continue }
            for name in names {
                let child = current.isEmpty ? name : current + "/" + name
                guard !filter.ignores(child) else { continue }
                var info = stat()
                guard lstat(url.appendingPathComponent(name).path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    stack.append(child)
                } else {
                    files.append(child)
                }
            }
        }
        return files
    }

    /// Watches the root again if it is back as a folder; its files become changes.
    private func rewatchRoot(into changes: inout FileChanges) -> Bool {
        var info = stat()
        guard lstat(root.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return false }
        let files = addWatches(under: "")
        guard watchesRoot else { return false }  // gone again already: try on the next round
        rootMissing = false
        changes.paths.formUnion(files)
        changes.rootRestored = true
        return true
    }

    private var watchesRoot: Bool {
        lock.lock()
        defer { lock.unlock() }
        return folders.values.contains("")
    }

    /// Drops the watches of `path` and the folders below it; of every folder when nil.
    private func removeWatches(under path: String?) {
        lock.lock()
        let doomed = folders.filter { _, folder in
            guard let path else { return true }
            return folder == path || folder.hasPrefix(path + "/")
        }
        for descriptor in doomed.keys { folders[descriptor] = nil }
        lock.unlock()
        for descriptor in doomed.keys { inotify_rm_watch(inotifyFD, descriptor) }
    }
}

/// The watcher could not be set up.
public struct WatchError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
#endif
