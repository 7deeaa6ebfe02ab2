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

    /// `ignoring` lists root-relative paths (the output folder) that do not make the tree dirty.
    public static func read(root: URL, environment: [String: String], ignoring: [String] = []) -> GitState {
        let commit = git(["rev-parse", "HEAD"], in: root)
        var tag = commit == nil ? nil : git(["describe", "--tags", "--exact-match", "HEAD"], in: root)
        if environment["GITHUB_REF_TYPE"] == "tag", let name = environment["GITHUB_REF_NAME"], !name.isEmpty {
            tag = name
        }
        var branch = git(["symbolic-ref", "--short", "-q", "HEAD"], in: root)
        if branch == nil, environment["GITHUB_REF_TYPE"] == "branch" { branch = environment["GITHUB_REF_NAME"] }
        let excludes = ignoring.map { ":(exclude)\($0)" }
        let status = commit == nil ? nil : git(["status", "--porcelain", "--", "."] + excludes, in: root, keepEmpty: true)
        return GitState(commit: commit, tag: tag, branch: branch, dirty: !(status ?? "").isEmpty)
    }

    private static func git(_ arguments: [String], in root: URL, keepEmpty: Bool = false) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, keepEmpty || !text.isEmpty else { return nil }
        return text
    }
}
