// What a batch of file changes means for the build: which inputs it touched, and so whether a
// rebuild is needed at all. The kinds are kept apart so an incremental build can later re-render
// only the chapters that changed; today any relevant change rebuilds everything.
import DraftForgeKit
import Foundation

/// The role a manuscript file plays in the build.
public enum InputKind: String, Sendable, Hashable {
    /// `draftforge.yml`: metadata, outline, paths; everything depends on it.
    case config
    /// A Markdown file in the chapters folder.
    case chapter
    /// A file in `templates/`, replacing a page template or stylesheet.
    case template
    /// A file the config names (the story bible, the waivers, the cover, the stylesheet, fonts),
    /// an image or stylesheet anywhere, or any other file in the chapters folder.
    case asset
    /// A folder created, deleted or renamed: what was inside is unknown, so it counts as input.
    case folder
    /// Not read by the build (notes, README).
    case unrelated
}

/// A debounced batch of changes, classified.
public struct ChangeSet: Sendable, Equatable {
    /// Root-relative paths, sorted; folders end in `/`.
    public var paths: [String]
    /// The kernel dropped events (its queue overflowed): anything may have changed.
    public var overflowed: Bool
    /// Each path's kind.
    public var kinds: [String: InputKind]

    public init(paths: [String], overflowed: Bool = false, classifier: InputClassifier) {
        self.paths = paths.sorted()
        self.overflowed = overflowed
        // Two paths that differ only in Unicode form are one key: keep the first, never trap.
        kinds = Dictionary(self.paths.map { ($0, classifier.kind(of: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the build's output can differ after these changes.
    public var needsRebuild: Bool {
        overflowed || kinds.values.contains { $0 != .unrelated }
    }

    /// The paths the build reads, for messages and the reload event.
    public var relevantPaths: [String] {
        paths.filter { kinds[$0] != .unrelated }
    }

    /// Changed chapter files, when nothing else relevant changed: what an incremental build
    /// would re-render. Nil when a full rebuild is needed (config, templates, assets, folders).
    public var chaptersOnly: [String]? {
        guard !overflowed else { return nil }
        let relevant = kinds.filter { $0.value != .unrelated }
        guard !relevant.isEmpty, relevant.values.allSatisfy({ $0 == .chapter }) else { return nil }
        return relevant.keys.sorted()
    }
}

/// Sorts changed paths into `InputKind`s: after a build, by exactly what that build read
/// (`BuildResult.inputs`); before one, or after one that failed, from the config alone.
public struct InputClassifier: Sendable {
    public var configFiles: Set<String> = Set(ManuscriptConfig.fileNames + [ManuscriptConfig.mdBookFile])
    public var chaptersDirectory: String
    public var templatesFolder: String = ManuscriptConfig.templatesFolder
    /// Files the config names: `ManuscriptConfig.namedInputs`.
    public var namedFiles: Set<String>
    /// What the last good build read; when set, a path is an input only if it is among these.
    public var inputs: BuildInputs?

    static let assetExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "css", "otf", "ttf", "woff", "woff2",
    ]

    public init(chaptersDirectory: String = "chapters", namedFiles: Set<String> = []) {
        self.chaptersDirectory = Self.normalized(chaptersDirectory)
        self.namedFiles = Set(namedFiles.map(Self.normalized))
    }

    /// The classifier for a manuscript as its config stands now. When the config cannot be read,
    /// the defaults are used: the config itself is then what the author is fixing.
    public init(root: URL, inputs: BuildInputs? = nil) {
        let config = try? ManuscriptConfig.load(root: root)
        self.init(namedFiles: Set(ManuscriptConfig.namedInputs(of: config)))
        if let config { chaptersDirectory = Self.normalized(config.chaptersDirectory) }
        self.inputs = inputs
    }

    public func kind(of path: String) -> InputKind {
        if path.hasSuffix("/") { return .folder }
        if configFiles.contains(path) { return .config }
        if let inputs {
            guard inputs.contains(path) else { return .unrelated }
            if isInside(templatesFolder, path) { return .template }
            if isInside(chaptersDirectory, path), path.lowercased().hasSuffix(".md") { return .chapter }
            return .asset
        }
        if namedFiles.contains(path) { return .asset }
        if isInside(templatesFolder, path) { return .template }
        if isInside(chaptersDirectory, path) {
            return path.lowercased().hasSuffix(".md") ? .chapter : .asset
        }
        let ext = (path as NSString).pathExtension.lowercased()
        // Images may sit anywhere in the manuscript, referenced relative to a chapter.
        return Self.assetExtensions.contains(ext) ? .asset : .unrelated
    }

    private func isInside(_ folder: String, _ path: String) -> Bool {
        folder.isEmpty || path.hasPrefix(folder + "/")
    }

    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." && !part.isEmpty { parts.append(part) }
        return parts.joined(separator: "/")
    }
}
