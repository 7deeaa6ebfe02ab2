// Where the manuscript stands in Git: the tag or commit being built, the branch, and whether the
// working tree has changes. GitHub Actions' tag variables win when set.
import Foundation

public struct GitState: Sendable, Equatable {
    public var commit: String?
    public var tag: String?
    public var branch: String?
    public var dirty: Bool

    /// The tag when HEAD is exactly at one, else the commit SHA.
    public var sourceRef: String? { tag ?? commit }

    /// The tag without a leading `v`, when building at a tag.
    public var bookVersion: String? {
        guard let tag else { return nil }
        return tag.hasPrefix("v") || tag.hasPrefix("V") ? String(tag.dropFirst()) : tag
    }

    /// The tree is dirty when a change touches what the build read (`inputs`): a note beside
    /// the book does not make it so; the output folder (`Reading`'s `ignoring`) never does.
    /// GitHub Actions' tag variables win when set.
    init(_ reading: Reading, inputs: BuildInputs, environment: [String: String]) {
        commit = reading.commit
        tag = reading.tag
        if environment["GITHUB_REF_TYPE"] == "tag", let name = environment["GITHUB_REF_NAME"], !name.isEmpty {
            tag = name
        }
        branch = reading.branch
        if branch == nil, environment["GITHUB_REF_TYPE"] == "branch" { branch = environment["GITHUB_REF_NAME"] }
        // A status that could not be read counts as dirty.
        dirty = reading.changes.map { $0.contains(where: inputs.touches) } ?? (commit != nil)
    }

    /// What git says of the manuscript folder, read before the build knows its inputs: the git
    /// processes (a few milliseconds each) then run beside the build, not after it.
    struct Reading: Sendable {
        var commit: String?
        var tag: String?
        var branch: String?
        /// Root-relative paths that differ from HEAD or are untracked (both sides of a rename;
        /// an untracked folder as `folder/`); nil when the status could not be read safely.
        var changes: [String]?

        /// `forRecords` false leaves `branch` and `changes` nil: a preview writes no manifest,
        /// the one place they go, and the status is most of the git time (every file's stat,
        /// and every racily clean file read again).
        init(context: BuildContext, ignoring: [String], forRecords: Bool = true) {
            let root = context.root
            commit = context.headCommit
            tag = commit == nil ? nil : Git.text(["describe", "--tags", "--exact-match", "HEAD"], in: root)?.nonEmpty
            guard forRecords else { return }
            branch = Git.text(["symbolic-ref", "--short", "-q", "HEAD"], in: root)?.nonEmpty
            guard commit != nil, let prefix = Git.text(["rev-parse", "--show-prefix"], in: root) else { return }
            // Read-only: no optional locks (the index is not refreshed on disk), no fsmonitor,
            // no filters; submodules are not entered. Untracked files count as changes. A
            // status that cannot be read safely (a filter that cannot be switched off) is nil.
            guard let status = Git.run(
                ["status", "--porcelain", "-z", "--untracked-files=normal", "--ignore-submodules=all", "--", "."]
                    + ignoring.map { ":(exclude,literal)\($0)" },
                in: root, readsWorkTree: true), status.status == 0
            else { return }
            changes = Self.paths(porcelain: status.stdout, prefix: prefix)
        }

        /// The paths of `git status --porcelain -z` (relative to the repository's top) made
        /// relative to the folder `prefix` names: `XY path`, and after a rename or copy the
        /// original path as a field of its own.
        static func paths(porcelain: Data, prefix: String) -> [String] {
            var paths: [String] = []
            var fields = porcelain.split(separator: 0, omittingEmptySubsequences: true).makeIterator()
            while let field = fields.next() {
                guard field.count > 3 else { continue }
                let code = field.prefix(2)
                paths.append(String(decoding: field.dropFirst(3), as: UTF8.self))
                if code.contains(UInt8(ascii: "R")) || code.contains(UInt8(ascii: "C")), let original = fields.next() {
                    paths.append(String(decoding: original, as: UTF8.self))
                }
            }
            return paths.compactMap { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil }
        }
    }
}
