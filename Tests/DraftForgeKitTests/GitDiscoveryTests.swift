// Git is started only where a repository can be: outside one, a build starts no git process.
// The answer must never say "no" where git itself finds a repository.
import DraftForgeTestSupport
import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Git discovery")
struct GitDiscoveryTests {
    /// What git itself says of `directory`.
    static func gitFindsRepository(_ directory: URL) throws -> Bool {
        try runCommand(["git", "-C", directory.path, "rev-parse", "--git-dir"]).status == 0
    }

    @Test func aFolderOutsideAnyRepositoryIsNotAskedAbout() throws {
        let folder = try TestManuscript.minimal()
        #expect(Git.mayBeRepository(folder.root) == (try Self.gitFindsRepository(folder.root)))
        #expect(Git.mayBeRepository(folder.root, environment: ["GIT_DIR": "/elsewhere/.git"]))
    }

    @Test func everyKindOfRepositoryIsFound() throws {
        let folder = try TestManuscript.minimal(["book/chapters/01-one.md": "# One\n"])
        let cases: [(name: String, setUp: [[String]], directory: String)] = [
            ("a work tree, from a folder inside it", [["git", "init", "-q", "work"]], "work"),
            ("a linked git folder (.git is a file)", [["git", "init", "-q", "--separate-git-dir", "separate.git", "linked"]], "linked"),
            ("a bare repository", [["git", "init", "-q", "--bare", "bare.git"]], "bare.git"),
        ]
        for (name, setUp, directory) in cases {
            for command in setUp { try runCommand(command, in: folder.root) }
            let inside = folder.root.appendingPathComponent(directory)
            try FileManager.default.createDirectory(at: inside.appendingPathComponent("deeper/still"), withIntermediateDirectories: true)
            for url in [inside, inside.appendingPathComponent("deeper/still")] {
                #expect(try Self.gitFindsRepository(url), "\(name): git finds it")
                #expect(Git.mayBeRepository(url), "\(name): \(url.path)")
            }
        }
    }

    @Test func outsideARepositoryTheBuildDateIsTheFixedOne() throws {
        let folder = try TestManuscript.minimal()
        guard !(try Self.gitFindsRepository(folder.root)) else { return }
        #expect(BuildDate.resolve(root: folder.root, environment: [:]) == BuildDate.fallback)
    }

    /// `serve` keeps the last commit's date per HEAD commit: the same date as asking git each
    /// time, and a new one as soon as HEAD moves.
    @Test func aKeptBuildDateFollowsHead() throws {
        let book = try TestManuscript.minimal()
        func commit(_ message: String, at seconds: Int) throws {
            var environment = ProcessInfo.processInfo.environment
            environment["GIT_AUTHOR_DATE"] = "@\(seconds) +0000"
            environment["GIT_COMMITTER_DATE"] = "@\(seconds) +0000"
            _ = try runCommand(["git", "add", "."], in: book.root)
            _ = try runCommand(
                ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", message],
                in: book.root, environment: environment)
        }
        _ = try runCommand(["git", "init", "-q"], in: book.root)
        try commit("first", at: 1_600_000_000)
        let cache = BuildCache()
        func head() -> String? { try? runCommand(["git", "rev-parse", "HEAD"], in: book.root).output.trimmed }
        func kept() -> Date { BuildDate.resolve(root: book.root, environment: [:], head: head, cache: cache) }
        #expect(kept() == Date(timeIntervalSince1970: 1_600_000_000))
        #expect(kept() == BuildDate.resolve(root: book.root, environment: [:]))
        try book.write("chapters/02-two.md", "# Two\n")
        try commit("second", at: 1_700_000_000)
        #expect(kept() == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(BuildDate.resolve(root: book.root, environment: [:], head: { nil }, cache: cache) == BuildDate.fallback)
        #expect(BuildDate.resolve(root: book.root, environment: ["SOURCE_DATE_EPOCH": "5"], head: head, cache: cache)
            == Date(timeIntervalSince1970: 5))
    }
}
