// Streams a ZIP archive to disk entry by entry, compressing with zlib's raw deflate.
// DraftForge packages EPUB files with it, so it follows the OCF rules (no extra fields, no data descriptors).

import Crypto
import Foundation
import SystemZlib

public struct ZipError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Writes a ZIP archive to a file entry by entry, as it goes (never the whole archive in memory).
public final class ZipWriter {
    public enum Compression: Sendable { case stored, deflated }

    private let handle: FileHandle
    private let timestamp: DOSTimestamp
    private var bytesWritten: UInt64 = 0
    private var entries: [EntryRecord] = []
    private var usedPaths: Set<String> = []
    private var isFinished = false
    /// The archive's bytes hashed as they are written: a manifest then need not read it back.
    private var digest = SHA256()
    /// The finished archive's SHA-256, in hexadecimal.
    public private(set) var checksum: String?
    /// The finished archive's size in bytes.
    public var size: Int { Int(bytesWritten) }

    /// Creates (truncates) the file at `url`. All entries get `modificationDate`
    /// (converted to a DOS date/time in UTC; dates before 1980 clamp to 1980-01-01 00:00).
    public init(url: URL, modificationDate: Date) throws {
        do {
            handle = try FileHandle.creating(url)
        } catch {
            throw ZipError("cannot create zip file at \(url.path)")
        }
        timestamp = DOSTimestamp(modificationDate)
    }

    deinit {
        if !isFinished {
            try? handle.close()
        }
    }

    /// Adds one file entry. `path` uses "/" separators. Deflated entries use raw deflate at `level`;
    /// if deflating does not make the entry smaller, store it instead.
    public func addEntry(path: String, data: Data, compression: Compression = .deflated) throws {
        try ensureOpen()
        try validateNewPath(path)
        try checkLimits(entrySize: data.count)
        try append(path: path, size: data.count, encoded: Self.encode(data, compression))
    }

    /// Adds entries in order, deflating them on all cores; each is written (and hashed) as soon
    /// as it and those before it are deflated, beside the deflating of the next. The archive is
    /// the same as one `addEntry` call per entry.
    public func addEntries(_ batch: [(path: String, data: Data)], compression: Compression = .deflated) throws {
        var failure: (any Error)?
        Parallel.map(batch, { entry in
            Result { try Self.encode(entry.data, compression) }
        }, consumingInOrder: { index, result in
            guard failure == nil else { return }
            let entry = batch[index]
            do {
                try ensureOpen()
                try validateNewPath(entry.path)
                try checkLimits(entrySize: entry.data.count)
                try append(path: entry.path, size: entry.data.count, encoded: result.get())
            } catch {
                failure = error
            }
        })
        if let failure { throw failure }
    }

    private func append(path: String, size: Int, encoded: Encoded) throws {
        let entry = EntryRecord(
            name: Data(path.utf8),
            method: encoded.method,
            crc: encoded.crc,
            compressedSize: UInt32(encoded.payload.count),
            uncompressedSize: UInt32(size),
            localHeaderOffset: UInt32(bytesWritten),
            timestamp: timestamp)

        try write(entry.localHeader())
        try write(encoded.payload)
        entries.append(entry)
        usedPaths.insert(path)
    }

    /// Writes the central directory and closes the file. Calling any method after finish() throws.
    public func finish() throws {
        try ensureOpen()
        isFinished = true
        defer { try? handle.close() }

        let directoryOffset = bytesWritten
        for entry in entries {
            try write(entry.centralDirectoryRecord())
        }
        let directorySize = bytesWritten - directoryOffset
        guard directoryOffset < UInt32.max, directorySize < UInt32.max else {
            throw ZipError("archive is too large for a zip without ZIP64")
        }
        try write(endOfCentralDirectory(offset: UInt32(directoryOffset), size: UInt32(directorySize)))
        checksum = Checksum.hex(digest.finalize())
    }

    // MARK: - Validation

    private func ensureOpen() throws {
        guard !isFinished else { throw ZipError("zip writer is already finished") }
    }

    private func validateNewPath(_ path: String) throws {
        guard !path.isEmpty else { throw ZipError("zip entry path is empty") }
        guard !path.hasPrefix("/") else { throw ZipError("zip entry path is absolute: \(path)") }
        guard !path.contains("\\") else { throw ZipError("zip entry path contains a backslash: \(path)") }
        // Bytes, as a reader of the archive takes them.
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0.elementsEqual("..".utf8) }) else { throw ZipError("zip entry path contains '..': \(path)") }
        guard !segments.contains(where: \.isEmpty) else { throw ZipError("zip entry path has an empty segment: \(path)") }
        guard path.utf8.count <= UInt16.max else { throw ZipError("zip entry path is too long: \(path)") }
        guard !usedPaths.contains(path) else { throw ZipError("duplicate zip entry path: \(path)") }
    }

    // 0xFFFF and 0xFFFFFFFF are reserved: readers take them as "look in the ZIP64 record".
    private func checkLimits(entrySize: Int) throws {
        guard entries.count < UInt16.max - 1 else {
            throw ZipError("too many zip entries (limit \(UInt16.max - 1) without ZIP64)")
        }
        guard entrySize < UInt32.max, bytesWritten < UInt32.max else {
            throw ZipError("zip entry or archive is too large for a zip without ZIP64")
        }
    }

    // MARK: - Encoding

    private struct Encoded {
        var method: UInt16
        var payload: Data
        var crc: UInt32
    }

    private static func encode(_ data: Data, _ compression: Compression) throws -> Encoded {
        let crc = checksum(of: data)
        guard compression == .deflated else { return Encoded(method: EntryRecord.methodStored, payload: data, crc: crc) }
        let deflated = try rawDeflate(data)
        guard deflated.count < data.count else { return Encoded(method: EntryRecord.methodStored, payload: data, crc: crc) }
        return Encoded(method: EntryRecord.methodDeflated, payload: deflated, crc: crc)
    }

    static func checksum(of data: Data) -> UInt32 {
        data.withUnsafeBytes { buffer in
            let bytes = buffer.bindMemory(to: Bytef.self)
            return UInt32(crc32(0, bytes.baseAddress, uInt(bytes.count)))
        }
    }

    /// Level 5, not zlib's default 6: on a book's XHTML it deflates a fifth faster for 0.3-1.5%
    /// more bytes (measured on ~1M words and on the Rust book).
    static let level: Int32 = 5
    /// Level 5's matching but for its `good_length`, 4 (level 4's) instead of 8: past a match
    /// of 4 bytes the lazy search looks a quarter as far. Another 10% off deflating a book's
    /// XHTML for 0.3% more bytes (~1M words: 6.0 MB to 2.526 MB instead of 2.519 MB; the Rust
    /// book likewise); level 4 itself costs 1.9%.
    static let tuning = (goodLength: Int32(4), maxLazy: Int32(16), niceLength: Int32(32), maxChain: Int32(32))

    static func rawDeflate(_ input: Data) throws -> Data {
        var stream = z_stream()
        guard systemzlib_deflate_init_raw(&stream, level) == Z_OK,
            deflateTune(&stream, tuning.goodLength, tuning.maxLazy, tuning.niceLength, tuning.maxChain) == Z_OK
        else {
            throw ZipError("deflate initialisation failed")
        }
        defer { deflateEnd(&stream) }
        // One output buffer of zlib's worst case for this input: a single call finishes.
        var output = Data(count: Int(deflateBound(&stream, uLong(input.count))))
        let status = input.withUnsafeBytes { inputBuffer in
            output.withUnsafeMutableBytes { outputBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw ZipError("deflate failed with zlib status \(status)") }
        output.count = Int(stream.total_out)
        return output
    }

    // MARK: - Output

    private func write(_ bytes: Data) throws {
        try handle.write(contentsOf: bytes)
        digest.update(data: bytes)
        bytesWritten += UInt64(bytes.count)
    }

    private func endOfCentralDirectory(offset: UInt32, size: UInt32) -> Data {
        var record = Data()
        record.appendLittleEndian(UInt32(0x0605_4b50))
        record.appendLittleEndian(UInt16(0))  // number of this disk
        record.appendLittleEndian(UInt16(0))  // disk where the central directory starts
        record.appendLittleEndian(UInt16(entries.count))  // entries on this disk
        record.appendLittleEndian(UInt16(entries.count))  // entries in total
        record.appendLittleEndian(size)
        record.appendLittleEndian(offset)
        record.appendLittleEndian(UInt16(0))  // comment length
        return record
    }
}

// MARK: - Records

extension ZipWriter {
    /// A modification time in MS-DOS format: 2-second resolution, years 1980...2107.
    struct DOSTimestamp: Equatable {
        let time: UInt16
        let date: UInt16

        static let earliest = DOSTimestamp(time: 0, date: 1 << 5 | 1)

        init(time: UInt16, date: UInt16) {
            self.time = time
            self.date = date
        }

        init(_ date: Date) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: 0)!
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            guard let year = parts.year, year >= 1980 else {
                self = .earliest
                return
            }
            guard year <= 2107 else {
                self.init(time: 23 << 11 | 59 << 5 | 29, date: 127 << 9 | 12 << 5 | 31)
                return
            }
            let time = parts.hour! << 11 | parts.minute! << 5 | parts.second! / 2
            let day = (year - 1980) << 9 | parts.month! << 5 | parts.day!
            self.init(time: UInt16(time), date: UInt16(day))
        }
    }

    /// Everything the local header and the central directory record of one entry share.
    struct EntryRecord {
        static let methodStored: UInt16 = 0
        static let methodDeflated: UInt16 = 8
        static let versionNeeded: UInt16 = 20
        static let versionMadeBy: UInt16 = 0x031E  // Unix, spec 3.0
        static let regularFileAttributes = UInt32(0o100644) << 16

        let name: Data
        let method: UInt16
        let crc: UInt32
        let compressedSize: UInt32
        let uncompressedSize: UInt32
        let localHeaderOffset: UInt32
        let timestamp: DOSTimestamp

        /// Bit 11 marks the name as UTF-8; pure ASCII names leave it clear.
        var flags: UInt16 {
            name.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11
        }

        func localHeader() -> Data {
            var header = Data()
            header.appendLittleEndian(UInt32(0x0403_4b50))
            header.appendLittleEndian(Self.versionNeeded)
            appendSharedFields(to: &header)
            header.appendLittleEndian(UInt16(0))  // extra field length: EPUB wants none on mimetype
            header.append(name)
            return header
        }

        func centralDirectoryRecord() -> Data {
            var record = Data()
            record.appendLittleEndian(UInt32(0x0201_4b50))
            record.appendLittleEndian(Self.versionMadeBy)
            record.appendLittleEndian(Self.versionNeeded)
            appendSharedFields(to: &record)
            record.appendLittleEndian(UInt16(0))  // extra field length
            record.appendLittleEndian(UInt16(0))  // comment length
            record.appendLittleEndian(UInt16(0))  // disk number start
            record.appendLittleEndian(UInt16(0))  // internal attributes
            record.appendLittleEndian(Self.regularFileAttributes)
            record.appendLittleEndian(localHeaderOffset)
            record.append(name)
            return record
        }

        /// Flags through name length: identical in both header kinds.
        private func appendSharedFields(to data: inout Data) {
            data.appendLittleEndian(flags)
            data.appendLittleEndian(method)
            data.appendLittleEndian(timestamp.time)
            data.appendLittleEndian(timestamp.date)
            data.appendLittleEndian(crc)
            data.appendLittleEndian(compressedSize)
            data.appendLittleEndian(uncompressedSize)
            data.appendLittleEndian(UInt16(name.count))
        }
    }
}

private extension Data {
    mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
