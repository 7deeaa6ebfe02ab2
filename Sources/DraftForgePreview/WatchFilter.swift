// Which paths under the manuscript the watcher never looks at: build outputs, hidden files and
// folders (.git among them) and the temporary files editors write beside the file being saved.
import Foundation

/// Decides, from a path relative to the manuscript root, whether a change there is noise.
public struct WatchFilter: Sendable {
    /// Root-relative folders skipped with everything in them (the output folders).
    public private(set) var ignoredFolders: [String]

    /// `ignoring` lists absolute folders; those outside `root` cannot be seen anyway and are dropped.
    public init(root: URL, ignoring folders: [URL]) {
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        ignoredFolders = folders.compactMap { folder in
            let path = folder.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(rootPath + "/") else { return nil }
            return String(path.dropFirst(rootPath.count + 1))
        }
    }

    /// True when changes at `path` (root-relative, `/`-separated) should not trigger anything.
    public func ignores(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        guard let name = components.last else { return false }
        // Dotfiles and dot-folders: .git, .DS_Store, Vim's .x.md.swp, Emacs' .#x.md lock.
        if components.contains(where: { $0.hasPrefix(".") }) { return true }
        if Self.isEditorTemporary(String(name)) { return true }
        return ignoredFolders.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Backups, swap files and probes that editors create and delete around a save.
    static func isEditorTemporary(_ name: String) -> Bool {
        name.hasSuffix("~")                                     // Vim and Emacs backups
            || name == "4913"                                    // Vim's probe for a writable folder
            || name.hasSuffix(".swp") || name.hasSuffix(".swx")  // Vim swap files without a dot
            || (name.hasPrefix("#") && name.hasSuffix("#"))      // Emacs auto-save
            || name.hasSuffix(".tmp")                            // our own and many tools' temporaries
            || name.hasSuffix("___jb_tmp___") || name.hasSuffix("___jb_old___")  // JetBrains safe write
    }
}
