// What every stage of one build may use: where its diagnostics go, the environment and the clock,
// the record of what it read, Git's HEAD read once, and the memo a long-running process keeps. Stages report into the context instead of
// threading an `inout [Diagnostic]` through every call, and none changes another's state.
import Foundation

public final class BuildContext: @unchecked Sendable {
    /// The manuscript folder, standardized.
    public let root: URL
    public let environment: [String: String]
    /// The wall clock (tests pin it).
    public let now: @Sendable () -> Date
    /// What an earlier build in this process made (`serve`); nil makes everything afresh.
    let memo: BuildCache?

    private let lock = NSLock()
    private var reported: [Diagnostic] = []
    private var files: Set<String> = []
    private var folders: Set<String> = []
    private var head: String??

    public init(
        root: URL, environment: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> Date = { Date() }, memo: BuildCache? = nil
    ) {
        self.root = root.standardizedFileURL
        self.environment = environment
        self.now = now
        self.memo = memo
    }

    /// Everything reported so far, in order.
    public var diagnostics: [Diagnostic] { lock.withLock { reported } }

    public func report(_ diagnostic: Diagnostic) {
        lock.withLock { reported.append(diagnostic) }
    }

    public func report(_ diagnostics: some Sequence<Diagnostic>) {
        lock.withLock { reported.append(contentsOf: diagnostics) }
    }

    /// Changes what was reported (the analyze stage sorts every finding and settles ids,
    /// waivers and blocking over all of them).
    func revise(_ change: (inout [Diagnostic]) -> Void) {
        lock.withLock { change(&reported) }
    }

    /// A failure carrying everything reported so far, then `errors`.
    func failure(_ kind: BuildFailure.Kind, _ errors: [Diagnostic] = [], continuity: ContinuityReport? = nil) -> BuildFailure {
        BuildFailure(kind, diagnostics + errors, continuity: continuity)
    }

    // MARK: - Inputs

    /// Records a file the build read, or looked for and did not find: a change there changes
    /// the build. `path` is root-relative.
    func read(_ path: String) {
        lock.withLock { _ = files.insert(BuildInputs.normalized(path)) }
    }

    /// Records a file by its URL; one outside the root is not recorded (it cannot be watched).
    func read(_ url: URL) {
        guard let path = relativePath(url) else { return }
        read(path)
    }

    /// Records a folder whose listing the build read: a file added there changes the build.
    func listed(_ path: String) {
        lock.withLock { _ = folders.insert(BuildInputs.normalized(path)) }
    }

    /// What the build read so far.
    public var inputs: BuildInputs {
        lock.withLock { BuildInputs(files: files, folders: folders) }
    }

    private func relativePath(_ url: URL) -> String? {
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    // MARK: - Git

    /// The commit HEAD names, read from Git once per build; nil outside a repository or before
    /// the first commit.
    var headCommit: String? {
        lock.withLock {
            if let head { return head }
            let read = Git.text(["rev-parse", "-q", "--verify", "HEAD^{commit}"], in: root)?.nonEmpty
            head = .some(read)
            return read
        }
    }
}

/// The files and folders a build read, root-relative: what `serve` watches, and what decides
/// whether the working tree's changes make the build `dirty`.
public struct BuildInputs: Sendable, Equatable, Codable {
    /// Files read, or looked for (a missing image, the default story bible).
    public var files: Set<String>
    /// Folders whose listing was read (the chapters folder, the template overrides).
    public var folders: Set<String>

    public init(files: Set<String> = [], folders: Set<String> = []) {
        self.files = files
        self.folders = folders
    }

    /// Whether a change at `path` (root-relative) can change the build.
    public func contains(_ path: String) -> Bool {
        let path = Self.normalized(path)
        if files.contains(path) { return true }
        let parent = path.split(separator: "/").dropLast().joined(separator: "/")
        return folders.contains(parent)
    }

    /// Whether a change at `path` (root-relative; `folder/` for an untracked folder) touches
    /// these inputs as their pathspecs would: a file read, anything inside a folder listed
    /// (at any depth), or a folder holding either.
    func touches(_ path: String) -> Bool {
        if folders.contains("") { return true }
        if path.hasSuffix("/") {
            let folder = String(path.dropLast())
            return files.contains { $0.hasPrefix(path) } || folders.contains { $0 == folder || $0.hasPrefix(path) }
                || Self.ancestors(of: folder).contains { folders.contains($0) || files.contains($0) }
        }
        return files.contains(path) || folders.contains(path)
            || Self.ancestors(of: path).contains { folders.contains($0) || files.contains($0) }
    }

    /// `a/b/c` → `a`, `a/b`.
    private static func ancestors(of path: String) -> [String] {
        var ancestors: [String] = []
        var end = path.startIndex
        while let slash = path[end...].firstIndex(of: "/") {
            ancestors.append(String(path[..<slash]))
            end = path.index(after: slash)
        }
        return ancestors
    }

    static func normalized(_ path: String) -> String {
        isNormal(path) ? path : path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }.joined(separator: "/")
    }

    /// No empty or `.` component: most paths, told from their bytes without splitting them
    /// (a long book records each chapter's under the build's lock).
    private static func isNormal(_ path: String) -> Bool {
        var componentLength = 0
        var isDot = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if componentLength == 0 || isDot { return false }
                componentLength = 0
                isDot = false
            } else {
                isDot = componentLength == 0 && byte == UInt8(ascii: ".")
                componentLength += 1
            }
        }
        return componentLength > 0 && !isDot
    }
}
