// Maps a request path to a file inside the served folder, and to nothing else. The raw request
// target is decoded once; any `.` or `..` segment, NUL or backslash is refused before the file
// system is asked, and the file found is resolved through symbolic links and must still lie
// inside the folder. Anything refused is answered 404, like a missing file.
import Foundation

/// What a request path names in the served folder.
public enum ResolvedPath: Equatable, Sendable {
    /// A regular file inside the folder.
    case file(URL)
    /// A folder requested without its trailing slash: redirect so relative links work.
    case redirect(to: String)
    /// A folder with no `index.html`.
    case folder(URL)
    /// Missing, or not allowed.
    case notFound
}

public struct SiteFileResolver: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Resolves `target`, the request target as sent (percent-encoded, query already removed).
    public func resolve(_ target: String) -> ResolvedPath {
        guard let segments = Self.segments(of: target) else { return .notFound }
        guard let rootPath = Self.realPath(root.path) else { return .notFound }
        var url = URL(fileURLWithPath: rootPath, isDirectory: true)
        for segment in segments { url.appendPathComponent(segment) }

        guard let real = Self.realPath(url.path), Self.isInside(real, rootPath) else { return .notFound }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isFolder) else { return .notFound }
        if isFolder.boolValue {
            let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
            guard path.hasSuffix("/") else { return .redirect(to: path + "/") }
            let index = URL(fileURLWithPath: real).appendingPathComponent("index.html")
            if let realIndex = Self.realPath(index.path), Self.isInside(realIndex, rootPath),
                Self.isRegularFile(realIndex)
            {
                return .file(URL(fileURLWithPath: realIndex))
            }
            return .folder(URL(fileURLWithPath: real, isDirectory: true))
        }
        return Self.isRegularFile(real) ? .file(URL(fileURLWithPath: real)) : .notFound
    }

    /// The decoded path segments, or nil when the target may not name a file in the folder.
    static func segments(of target: String) -> [String]? {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard path.hasPrefix("/"), let decoded = String(path).removingPercentEncoding else { return nil }
        guard !decoded.contains("\0"), !decoded.contains("\\") else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        return segments
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}
