// Whole-file writes that survive a crash or a power cut: the new bytes go to a temporary file
// beside the destination, are flushed to the disk (fsync), renamed over the destination, and
// then the folder is flushed so the rename itself is on the disk. Without the first flush a
// crash can leave the new name on an empty file; without the second, the old file.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

public enum AtomicFile {
    /// How a replacement reaches the disk: the call that flushes one file or folder, and the
    /// one that flushes a whole tree. `OutputWriter` passes none for a preview.
    struct Flush: Sendable {
        var item: @Sendable (URL) throws -> Void = { try AtomicFile.sync($0) }
        var tree: @Sendable (URL) throws -> Void = { try AtomicFile.syncTree($0) }
    }

    /// Writes `data` to `url` whole: readers see the old file or the new one, never a mix.
    public static func write(_ data: Data, to url: URL) throws {
        try write(data, to: url, flush: Flush())
    }

    /// `write`, flushing with `flush` (nothing when nil); `beforeRename` as for `replace`.
    static func write(_ data: Data, to url: URL, flush: Flush?, beforeRename: (() throws -> Void)? = nil) throws {
        try replace(url, flush: flush, beforeRename: beforeRename) { temporary in
            let handle = try FileHandle.creating(temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
        }
    }

    /// Lets `fill` write the new contents into a temporary file beside `url`, then flushes it,
    /// renames it over `url` and flushes the folder (with `flush`; nil renames without flushing).
    /// `beforeRename` runs just before the rename. The temporary file never outlives the call.
    @discardableResult
    static func replace<T>(
        _ url: URL, flush: Flush? = Flush(), beforeRename: (() throws -> Void)? = nil, fill: (URL) throws -> T
    ) throws -> T {
        let temporary = temporaryURL(for: url)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let result = try fill(temporary)
        try flush?.item(temporary)
        try beforeRename?()
        guard rename(temporary.path, url.path) == 0 else { throw failure(errno, url) }
        try flush?.item(url.deletingLastPathComponent())
        return result
    }

    /// Lets `fill` write a new folder beside the folder `url`, flushes the whole tree, then puts
    /// it in `url`'s place and flushes the parent folder (with `flush`; nil flushes nothing). An
    /// earlier folder is moved aside first and put back if the swap fails, so a failed write
    /// leaves it whole; neither the new folder nor the earlier one outlives the call.
    /// `beforeRename` runs just before the swap.
    @discardableResult
    static func replaceFolder<T>(
        _ url: URL, flush: Flush?, beforeRename: (() throws -> Void)? = nil, fill: (URL) throws -> T
    ) throws -> T {
        let manager = FileManager.default
        let parent = url.deletingLastPathComponent()
        // Unique names: a long-running process (a preview server) may build twice at once.
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        let temporary = parent.appendingPathComponent(".\(url.lastPathComponent).\(unique).partial")
        let previous = parent.appendingPathComponent(".\(url.lastPathComponent).\(unique).previous")
        defer {
            try? manager.removeItem(at: temporary)
            try? manager.removeItem(at: previous)
        }
        try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
        let result = try fill(temporary)
        // On the disk before the rename, so a crash never leaves the name on empty files.
        try flush?.tree(temporary)
        try beforeRename?()
        if manager.fileExists(atPath: url.path) {
            try manager.moveItem(at: url, to: previous)
            do {
                try manager.moveItem(at: temporary, to: url)
            } catch {
                try? manager.moveItem(at: previous, to: url)
                throw error
            }
        } else {
            try manager.moveItem(at: temporary, to: url)
        }
        try flush?.item(parent)
        return result
    }

    /// The temporary name: hidden, beside the destination (a rename never crosses file
    /// systems), and one per process, since writers into one folder take turns on its lock.
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
    }

    /// Flushes a file's contents, or a folder's entries, to the disk.
    static func sync(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, url) }
        defer { close(descriptor) }
        // EINVAL: a file system that cannot sync this kind of file (some do not sync folders).
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw failure(errno, url) }
    }

    /// Flushes every file and folder under `folder` (a site about to be renamed into place):
    /// with one `syncfs` where the C library has it (Linux), else file by file.
    static func syncTree(_ folder: URL) throws {
        if let syncfs = fileSystemSync {
            let descriptor = open(folder.path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure(errno, folder) }
            defer { close(descriptor) }
            guard syncfs(descriptor) == 0 else { throw failure(errno, folder) }
            return
        }
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let path = enumerator?.nextObject() as? String { try sync(folder.appendingPathComponent(path)) }
        try sync(folder)
    }

    /// glibc's `syncfs`, which Swift's Glibc module leaves out (it is a GNU extension).
    private static let fileSystemSync: (@convention(c) (Int32) -> Int32)? = {
        // A nil handle is glibc's RTLD_DEFAULT: every library the process loaded.
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()

    /// Creates or empties the file at `path` for writing, in place; the caller closes it.
    static func openForWriting(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure(errno, URL(fileURLWithPath: path)) }
        return descriptor
    }

    static func failure(_ code: Int32, _ url: URL) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [
            NSFilePathErrorKey: url.path,
            NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO),
        ])
    }
}

extension FileHandle {
    /// Creates or empties the file at `url` for writing, in place: Foundation's own ways
    /// (`createFile`, `Data.write`) write a temporary file and rename it, or sync as they go.
    static func creating(_ url: URL) throws -> FileHandle {
        FileHandle(fileDescriptor: try AtomicFile.openForWriting(url.path), closeOnDealloc: true)
    }
}
