// Where a path the build is about to read lands: inside the manuscript root, outside it, or in a
// dot-folder. Every input (config, chapters, bible, waivers, stylesheet, cover, fonts, images,
// templates) is checked here before it is read.
import Foundation

/// Containment of paths within the manuscript root, symbolic links resolved.
enum RootCheck {
    /// Where a path lands.
    enum Place: Equatable {
        /// A file or folder strictly inside the root, in no dot-folder.
        case inside
        /// Nothing is there, or a symbolic link loops or leads nowhere.
        case missing
        /// It resolves to somewhere outside the root.
        case outside
        /// The path, as written or with its links resolved, passes through a component starting
        /// with `.` (such as `.git`), which is never read: `.git/config` holds the CI's token.
        case hidden(String)
    }

    /// Why a `.hidden` path is refused, for diagnostics.
    static func hiddenReason(_ component: String) -> String {
        "it is in '\(component)', and dot-folders such as .git are never read"
    }

    /// The first component of a root-relative path that starts with `.` (`.` and `..` aside).
    /// Read as bytes, as the file system does: every chapter's and image's path is checked.
    static func hiddenComponent(_ relativePath: String) -> String? {
        relativePath.utf8.split(separator: UInt8(ascii: "/"))
            .first { $0.first == UInt8(ascii: ".") && !$0.elementsEqual(".".utf8) && !$0.elementsEqual("..".utf8) }
            .map { String(Substring($0)) }
    }

    /// Where `url` (the root joined with a relative path) lands: the path as written is checked
    /// for dot-folders first, so `.git/config` is refused even when it does not exist.
    static func place(_ url: URL, root: URL) -> Place {
        let rootPath = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(rootPath + "/"), let hidden = hiddenComponent(String(path.dropFirst(rootPath.count + 1))) {
            return .hidden(hidden)
        }
        guard let real = realPath(url), let realRoot = realPath(root) else { return .missing }
        let prefix = realRoot == "/" ? "/" : realRoot + "/"
        guard real.hasPrefix(prefix) else { return .outside }
        if let hidden = hiddenComponent(String(real.dropFirst(prefix.count))) { return .hidden(hidden) }
        return .inside
    }

    /// The path with every symbolic link resolved, or nil when nothing is there (or a link loops).
    static func realPath(_ url: URL) -> String? {
        guard let resolved = realpath(url.path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when `url` resolves to something strictly inside `root`, in no dot-folder.
    static func isInside(_ url: URL, root: URL) -> Bool { place(url, root: root) == .inside }

    /// Refuses an input file that lands outside the root or in a dot-folder, before it is read:
    /// `load.outside-root`, naming `file` (its root-relative path). Nothing there is no refusal.
    static func refuseUnlessInside(_ url: URL, root: URL, file: String) throws(Diagnostic) {
        switch place(url, root: root) {
        case .inside, .missing: return
        case .outside:
            throw Diagnostic(
                .error, .outsideRoot, at: SourceLocation(file: file),
                "\(file) is a symbolic link to a file outside the manuscript folder; it is not read",
                suggestion: "replace the link with the file itself")
        case .hidden(let component):
            throw Diagnostic(
                .error, .outsideRoot, at: SourceLocation(file: file),
                "\(file) is not read: \(hiddenReason(component))",
                suggestion: "keep the manuscript's files outside dot-folders")
        }
    }
}
