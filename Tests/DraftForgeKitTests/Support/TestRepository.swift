// Git repositories made for one test, with commits back-dated to fixed author dates in chosen
// time zones, so a history's right answers can be worked out by hand.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// A repository in a temporary folder; the manuscript may sit in a subfolder of it.
final class TestRepository {
    let folder: TestManuscript
    /// The manuscript's folder inside the repository ("" for the repository itself).
    let manuscriptPath: String

    init(manuscriptAt manuscriptPath: String = "", initialize: Bool = true) throws {
        folder = try TestManuscript()
        self.manuscriptPath = manuscriptPath
        if initialize { try git("init", "-q", "-b", "main") }
    }

    var root: URL { folder.root }
    var manuscriptRoot: URL { manuscriptPath.isEmpty ? root : root.appendingPathComponent(manuscriptPath) }

    /// Writes a file of the manuscript (a path relative to the manuscript folder).
    func write(_ path: String, _ text: String) throws { try folder.write(prefixed(path), text) }

    func remove(_ path: String) throws { try git("rm", "-q", prefixed(path)) }

    func move(_ from: String, _ to: String) throws { try git("mv", prefixed(from), prefixed(to)) }

    /// Stages everything and commits with `authorDate` (ISO 8601 with an offset, e.g.
    /// `2024-03-01T23:30:00-08:00`); the committer date defaults to a later, different day so a
    /// test notices if it is used instead. Returns the commit's id.
    @discardableResult
    func commit(_ message: String, at authorDate: String, committed committerDate: String = "2030-01-01T00:00:00+00:00")
        throws -> String
    {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message, authorDate: authorDate, committerDate: committerDate)
        return try git("rev-parse", "HEAD").trimmed
    }

    /// Runs git in the repository with a fixed identity; fails the test when git fails.
    @discardableResult
    func git(_ arguments: String..., authorDate: String? = nil, committerDate: String? = nil) throws -> String {
        try git(arguments, authorDate: authorDate, committerDate: committerDate)
    }

    @discardableResult
    func git(_ arguments: [String], authorDate: String? = nil, committerDate: String? = nil) throws -> String {
        var environment = ["GIT_CONFIG_NOSYSTEM=1", "HOME=\(root.path)"]
        if let authorDate { environment.append("GIT_AUTHOR_DATE=\(authorDate)") }
        if let date = committerDate ?? authorDate { environment.append("GIT_COMMITTER_DATE=\(date)") }
        let command = ["env"] + environment + ["git", "-c", "user.name=Ann Author", "-c", "user.email=ann@example.com"]
            + arguments
        let result = try runCommand(command, in: root)
        guard result.status == 0 else {
            throw TestError("git \(arguments.joined(separator: " ")) failed: \(result.output)")
        }
        return result.output
    }

    /// Stats through the same entry point `draftforge stats` uses.
    func stats(today: String? = nil, history: Bool = true, epoch: String = "1700000000") throws -> ManuscriptStats {
        let options = StatsOptions(
            today: today.flatMap { CalendarDay($0) }, includeHistory: history,
            environment: ["SOURCE_DATE_EPOCH": epoch])
        return try Pipeline.stats(root: manuscriptRoot, options: options).stats
    }

    private func prefixed(_ path: String) -> String { manuscriptPath.isEmpty ? path : manuscriptPath + "/" + path }
}
