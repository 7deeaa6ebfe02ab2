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
}
