// `manifest --verify`: recomputes the checksums of the newest build's outputs.
import Foundation

public enum ManifestVerifier {
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case missing(String)
        case changed(String, expected: String, found: String)
        /// The recorded path is absolute, climbs out with `..`, or leads out through a symbolic
        /// link, or is neither a file nor a folder: it is not read.
        case refused(String)

        public var description: String {
            switch self {
            case .missing(let path): return "\(path): missing"
            case .changed(let path, let expected, let found):
                return "\(path): changed (manifest \(expected.prefix(12))…, file \(found.prefix(12))…)"
            case .refused(let path):
                return "\(path): error: not read: the manifest's output_url must name a file or folder inside the output folder"
            }
        }
    }

    /// The build whose outputs the folder holds: the newest that exported any. A build stopped
    /// by blocking findings exports nothing and leaves the outputs of the one before it in place.
    public static func exportingBuild(_ manifest: BuildManifest) -> BuildRecord? {
        manifest.builds.first { build in build.exportJobs.contains { $0.status == .completed } }
    }

    /// The completed outputs of the `exportingBuild` that are missing or whose checksum differs,
    /// and those whose recorded path leads outside `directory` (symbolic links resolved), which
    /// are refused unread: a manifest is an input too, and must not make verify hash any file.
    public static func verify(_ manifest: BuildManifest, in directory: URL) -> [Problem] {
        guard let build = exportingBuild(manifest) else { return [] }
        return build.exportJobs.compactMap { job in
            guard job.status == .completed, let path = job.outputURL, let expected = job.outputChecksum else { return nil }
            guard isRelativeInside(path) else { return .refused(path) }
            let url = directory.appendingPathComponent(path)
            var info = stat()
            guard lstat(url.path, &info) == 0 else { return .missing(path) }
            guard RootCheck.place(url, root: directory) == .inside, let real = RootCheck.realPath(url),
                stat(real, &info) == 0, [S_IFREG, S_IFDIR].contains(info.st_mode & S_IFMT)
            else { return .refused(path) }
            guard let found = try? Checksum.sha256(ofItemAt: URL(fileURLWithPath: real)) else {
                return .missing(path)
            }
            return found == expected ? nil : .changed(path, expected: expected, found: found)
        }
    }

    /// A relative path that stays in its folder as written: not absolute, no `..`, not empty.
    static func isRelativeInside(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}
