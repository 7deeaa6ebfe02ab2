// Reads and writes manifest.json: the new build goes first, the history is capped (and copied as
// written, see `ManifestHistory`), and the file is always written whole (see `OutputWriter`) so it
// is never left half-written.
import Crypto
import Foundation

public enum ManifestStore {
    /// The manifest in `directory`, or nil when there is none or it cannot be read.
    public static func read(in directory: URL) -> BuildManifest? {
        guard let data = data(in: directory) else { return nil }
        return try? JSONDecoder().decode(BuildManifest.self, from: data)
    }

    /// The bytes of `directory`'s manifest.json, when it is a regular file. A symbolic link
    /// (which could lead to any file) or a FIFO (which would stall the build that reads the
    /// history) counts as no manifest; the next build writes a file in its place.
    public static func data(in directory: URL) -> Data? {
        let descriptor = open(
            directory.appendingPathComponent(BuildManifest.fileName).path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return try? handle.readToEnd() ?? Data()
    }

    /// The version the next build gets: one more than the highest recorded.
    public static func nextVersion(in directory: URL) -> Int {
        history(in: directory).highestVersion + 1
    }

    /// The builds recorded in `directory`'s manifest, as their JSON text.
    static func history(in directory: URL) -> ManifestHistory {
        data(in: directory).flatMap { ManifestHistory(json: [UInt8]($0)) } ?? ManifestHistory()
    }

    /// Puts `record` first, keeps at most `BuildManifest.historyLimit` builds, and writes the file.
    /// `history` is the manifest's as the build read it (read now when not given); the earlier
    /// builds are copied as they were written.
    public static func append(_ record: BuildRecord, project: BuildManifest.Project, in directory: URL) throws {
        try append(
            record, rawMembers: [:], project: project, in: directory, history: history(in: directory), writer: .durable)
    }

    static func append(
        _ record: BuildRecord, rawMembers: [String: [UInt8]], project: BuildManifest.Project, in directory: URL,
        history: ManifestHistory, writer: OutputWriter
    ) throws {
        let earlier = history.builds.prefix(BuildManifest.historyLimit - 1)
        let json = try ManifestHistory.manifest(
            newest: record.jsonMembers(), rawMembers: rawMembers, earlier: earlier, project: JSONValue(encoding: project))
        try writer.write(json, to: directory.appendingPathComponent(BuildManifest.fileName))
    }

    static func encoded<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }
}

/// SHA-256 checksums, as the manifest records them.
public enum Checksum {
    public static func sha256(of data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Lowercase hexadecimal, two digits a byte (`String(format:)` goes through the locale, a
    /// call per byte: most of the checksum time of a site with 50,000 pages).
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A file's SHA-256; a folder's is the SHA-256 of the sorted listing `<hash>  <path>\n` of its files.
    public static func sha256(ofItemAt url: URL) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        guard isDirectory.boolValue else { return sha256(of: try Data(contentsOf: url, options: .mappedIfSafe)) }
        // A site's pages are hashed on both cores; `folderChecksum` sorts the listing.
        let entries = unsortedEntries(in: url)
        let hashes = try Parallel.map(entries) { path, isRegular in
            Result { () throws -> String in
                isRegular
                    ? sha256(of: try Data(contentsOf: url.appendingPathComponent(path), options: .mappedIfSafe)) : "not-a-file"
            }
        }.map { try $0.get() }
        return folderChecksum(zip(entries, hashes).map { ($0.path, $1) })
    }

    /// A folder's SHA-256 from its files' paths and hashes, in any order: that of the listing
    /// `<hash>  <path>\n`, sorted by the paths' bytes.
    static func folderChecksum(_ files: [(path: String, hash: String)]) -> String {
        let listing = files.sortedByUTF8(\.path).map { "\($0.hash)  \($0.path)\n" }.joined()
        return sha256(of: Data(listing.utf8))
    }

    /// The total size in bytes of a file, or of every file in a folder.
    public static func size(ofItemAt url: URL) throws -> Int {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        let paths = isDirectory.boolValue ? files(in: url).map { url.appendingPathComponent($0).path } : [url.path]
        return try paths.reduce(0) { total, path in
            total + ((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
    }

    /// Relative paths of the regular files under `folder`, sorted by their bytes.
    static func files(in folder: URL) -> [String] {
        entries(in: folder).filter(\.isRegular).map(\.path)
    }

    /// Relative paths of everything under `folder` but folders, sorted by their bytes, and
    /// whether each is a regular file. A build writes nothing else, so in a folder `manifest
    /// --verify` checks, a symbolic link, FIFO or device counts in the checksum by its name
    /// alone: a change, never followed (out of the output folder) or read (a FIFO would stall).
    static func entries(in folder: URL) -> [(path: String, isRegular: Bool)] {
        unsortedEntries(in: folder).sortedByUTF8(\.path)
    }

    private static func unsortedEntries(in folder: URL) -> [(path: String, isRegular: Bool)] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var entries: [(path: String, isRegular: Bool)] = []
        var info = stat()
        while let path = enumerator.nextObject() as? String {
            guard lstat(folder.appendingPathComponent(path).path, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type != S_IFDIR { entries.append((path, type == S_IFREG)) }
        }
        return entries
    }
}
