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

    /// The tree is dirty when a change touches what the build read (`context.inputs`): a note
    /// beside the book does not make it so. `ignoring` lists root-relative paths (the output
    /// folder) that never do.
    static func read(context: BuildContext, ignoring: [String] = []) -> GitState {
        let root = context.root
        let environment = context.environment
        let commit = context.headCommit
        var tag = commit == nil ? nil : Git.text(["describe", "--tags", "--exact-match", "HEAD"], in: root)?.nonEmpty
        if environment["GITHUB_REF_TYPE"] == "tag", let name = environment["GITHUB_REF_NAME"], !name.isEmpty {
            tag = name
        }
        var branch = Git.text(["symbolic-ref", "--short", "-q", "HEAD"], in: root)?.nonEmpty
        if branch == nil, environment["GITHUB_REF_TYPE"] == "branch" { branch = environment["GITHUB_REF_NAME"] }
        // Read-only: no optional locks (the index is not refreshed on disk), no fsmonitor, no
        // filters; submodules are not entered. Untracked files count as changes. A status that
        // cannot be read safely (a filter that cannot be switched off) counts as dirty.
        let excludes = ignoring.map { ":(exclude)\($0)" }
        let status = commit == nil ? nil : Git.text(
            ["status", "--porcelain", "--untracked-files=normal", "--ignore-submodules=all", "--"]
                + context.inputs.pathspecs + excludes,
            in: root, readsWorkTree: true)
        let dirty = status.map { !$0.isEmpty } ?? (commit != nil)
        return GitState(commit: commit, tag: tag, branch: branch, dirty: dirty)
    }
}
