// Whole-file writes that survive a crash or a power cut: the new bytes go to a temporary file
// beside the destination, are flushed to the disk (fsync), renamed over the destination, and
// then the folder is flushed so the rename itself is on the disk. Without the first flush a
// crash can leave the new name on an empty file; without the second, the old file.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

public enum AtomicFile {
    /// Writes `data` to `url` whole: readers see the old file or the new one, never a mix.
    public static func write(_ data: Data, to url: URL) throws {
        try replace(url) { temporary in
            let handle = try FileHandle.creating(temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
        }
    }

    /// Lets `fill` write the new contents into a temporary file beside `url`, then flushes it,
    /// renames it over `url` and flushes the folder. The temporary file never outlives the call.
    @discardableResult
    static func replace<T>(_ url: URL, fill: (URL) throws -> T) throws -> T {
        let temporary = temporaryURL(for: url)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let result = try fill(temporary)
        try sync(temporary)
        guard rename(temporary.path, url.path) == 0 else { throw failure(errno, url) }
        try sync(url.deletingLastPathComponent())
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
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw AtomicFile.failure(errno, url) }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }
}
