// `manifest --verify`: recomputes the checksums of the newest build's outputs.
import Foundation

public enum ManifestVerifier {
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case missing(String)
        case changed(String, expected: String, found: String)

        public var description: String {
            switch self {
            case .missing(let path): return "\(path): missing"
            case .changed(let path, let expected, let found):
                return "\(path): changed (manifest \(expected.prefix(12))…, file \(found.prefix(12))…)"
            }
        }
    }

    /// The newest build's completed outputs that are missing or whose checksum differs.
    public static func verify(_ manifest: BuildManifest, in directory: URL) -> [Problem] {
        guard let build = manifest.builds.first else { return [] }
        return build.exportJobs.compactMap { job in
            guard job.status == .completed, let path = job.outputURL, let expected = job.outputChecksum else { return nil }
            guard let found = try? Checksum.sha256(ofItemAt: directory.appendingPathComponent(path)) else {
                return .missing(path)
            }
            return found == expected ? nil : .changed(path, expected: expected, found: found)
        }
    }
}
