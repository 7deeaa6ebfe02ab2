import Foundation
import Testing
import DraftForgeTestSupport

/// kill -9 between two renames of a build: outputs renamed in before the manifest once left
/// `dist/` disagreeing with `manifest.json`. The build's undo journal puts the earlier outputs
/// back on the next `build`, `clean` or `manifest --verify`.
@Suite("A build killed between two renames")
struct KilledBuildTests {
    let cli = CommandLineTests()

    /// Builds once, edits a chapter, and kills the second build just before `name` is renamed in.
    private func killedBuild(before name: String) throws -> (root: URL, dist: URL, firstEPUB: Data, firstManifest: Data) {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Killed\n", "chapters/01.md": "# One\n\nThe first text.\n"])
        #expect(try cli.draftforge(["build", root.path, "--format", "epub,html", "--quiet"]).status == 0)
        let dist = root.appendingPathComponent("dist")
        let firstEPUB = try Data(contentsOf: dist.appendingPathComponent("killed.epub"))
        let firstManifest = try Data(contentsOf: dist.appendingPathComponent("manifest.json"))
        try "# One\n\nThe second text, longer than the first.\n"
            .write(to: root.appendingPathComponent("chapters/01.md"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["build", root.path, "--format", "epub,html", "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["DRAFTFORGE_TEST_KILL_BEFORE_RENAME": name, "SOURCE_DATE_EPOCH": "1700000000"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        return (root, dist, firstEPUB, firstManifest)
    }

    @Test(arguments: ["html", "manifest.json"])
    func theNextBuildPutsTheEarlierOutputsBackThenBuildsAgain(_ killedBefore: String) throws {
        let (root, dist, firstEPUB, firstManifest) = try killedBuild(before: killedBefore)
        defer { try? FileManager.default.removeItem(at: root) }
        // The kill came after the EPUB was replaced and before the manifest was.
        #expect(try Data(contentsOf: dist.appendingPathComponent("killed.epub")) != firstEPUB)
        #expect(try Data(contentsOf: dist.appendingPathComponent("manifest.json")) == firstManifest)
        #expect(FileManager.default.fileExists(atPath: dist.appendingPathComponent(".draftforge-journal").path))

        let build = try cli.draftforge(["build", root.path, "--format", "epub,html"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("warning: an earlier build stopped before its manifest was written; put back the outputs it had replaced: "),
                "\(build.stderr)")
        #expect(build.stderr.contains("[output.interrupted-build-undone]"))
        let problems = try OutputFolderCheck.problems(in: dist, epub: "killed.epub", builds: 2)
        #expect(problems.isEmpty, "\(problems)")
        #expect(!FileManager.default.fileExists(atPath: dist.appendingPathComponent(".draftforge-journal").path))
    }

    @Test func manifestVerifyPutsTheEarlierOutputsBackAndThenAgrees() throws {
        let (root, dist, firstEPUB, firstManifest) = try killedBuild(before: "manifest.json")
        defer { try? FileManager.default.removeItem(at: root) }
        let verify = try cli.draftforge(["manifest", root.path, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stderr.contains("[output.interrupted-build-undone]"))
        #expect(verify.stdout.contains("all 2 outputs match the manifest"))
        #expect(try Data(contentsOf: dist.appendingPathComponent("killed.epub")) == firstEPUB)
        #expect(try Data(contentsOf: dist.appendingPathComponent("manifest.json")) == firstManifest)
        let problems = try OutputFolderCheck.problems(in: dist, epub: "killed.epub", builds: 1)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func cleanAfterAKilledBuildLeavesNothingBehind() throws {
        let (root, dist, _, _) = try killedBuild(before: "manifest.json")
        defer { try? FileManager.default.removeItem(at: root) }
        let clean = try cli.draftforge(["clean", root.path])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dist.path), "\((try? FileManager.default.contentsOfDirectory(atPath: dist.path)) ?? [])")
    }

    /// The first build into an empty folder: what it created goes, so no output stands without
    /// a manifest that records it.
    @Test func aKilledFirstBuildLeavesNoUnrecordedOutput() throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Killed\n", "chapters/01.md": "# One\n\nText.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["build", root.path, "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(["DRAFTFORGE_TEST_KILL_BEFORE_RENAME": "manifest.json"]) { $1 }
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == SIGKILL)
        let dist = root.appendingPathComponent("dist")
        #expect(FileManager.default.fileExists(atPath: dist.appendingPathComponent("killed.epub").path))
        let verify = try cli.draftforge(["manifest", root.path, "--verify"])
        #expect(verify.status == 2, "no manifest, and nothing left that one should record: \(verify.stdout)\(verify.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted()
        #expect(left == [".draftforge.lock"], "\(left)")
    }
}
