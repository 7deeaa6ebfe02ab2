import Foundation
import Testing
import DraftForgeTestSupport

/// `draftforge manifest --verify` on a tampered manifest.json: an output_url that leaves the
/// output folder is refused, not hashed.
@Suite("draftforge manifest --verify: tampered paths")
struct ManifestVerifyTests {
    let cli = CommandLineTests()

    @Test(arguments: ["../draftforge.yml", "/etc/hostname", "html/../../chapters/1.md"])
    func aPathOutsideTheOutputFolderIsRefused(_ recorded: String) throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Tiny\n", "chapters/1.md": "# One\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try cli.draftforge(["build", root.path]).status == 0)
        let file = root.appendingPathComponent("dist/manifest.json")
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var builds = try #require(manifest["builds"] as? [[String: Any]])
        var jobs = try #require(builds[0]["export_jobs"] as? [[String: Any]])
        jobs[0]["output_url"] = recorded
        builds[0]["export_jobs"] = jobs
        manifest["builds"] = builds
        try JSONSerialization.data(withJSONObject: manifest).write(to: file)

        let run = try cli.draftforge(["manifest", root.path, "--verify"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("\(recorded): error: not read: the manifest's output_url must name a file or folder inside the output folder"),
                "\(run.stdout)\(run.stderr)")
    }

    @Test func afterABlockedBuildVerifySaysTheOutputsAreThePreviousBuilds() throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Tiny\n", "chapters/1.md": "# One\n\nText.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try cli.draftforge(["build", root.path]).status == 0)
        let epub = root.appendingPathComponent("dist/tiny.epub")
        let before = try Data(contentsOf: epub)
        // A missing image is a blocking finding: the second build exports nothing.
        try "# One\n\nText.\n\n![Gone](gone.png)\n".write(
            to: root.appendingPathComponent("chapters/1.md"), atomically: true, encoding: .utf8)
        #expect(try cli.draftforge(["build", root.path]).status == 1)

        let run = try cli.draftforge(["manifest", root.path, "--verify"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == """
            the newest build, 2, exported nothing; the outputs are from the previous build, 1
            all 2 outputs match the manifest

            """)
        #expect(try Data(contentsOf: epub) == before, "the blocked build left the earlier EPUB as it was")
    }

    @Test func aBookNeverExportedHasNothingToVerify() throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Tiny\n", "chapters/1.md": "# One\n\n![Gone](gone.png)\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try cli.draftforge(["build", root.path]).status == 1)
        let run = try cli.draftforge(["manifest", root.path, "--verify"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "the newest build, 1, exported nothing; no build has exported any, so there is nothing to verify\n")
    }
}
