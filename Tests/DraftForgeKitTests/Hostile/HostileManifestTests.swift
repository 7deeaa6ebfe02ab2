import Foundation
import Testing
@testable import DraftForgeKit

/// A tampered `manifest.json`: `manifest --verify` must not hash files outside the output
/// folder, whatever `output_url` says (`..`, an absolute path, a symbolic link).
@Suite("Hostile manuscripts: the manifest")
struct HostileManifestTests {
    @Test(arguments: ["../secret.txt", "ABSOLUTE", "html/../../secret.txt", "link.epub", "dir-link/", "fifo.epub"])
    func anOutputPathThatLeavesTheOutputFolderIsRefused(_ recorded: String) throws {
        let manuscript = try TestManuscript.minimal()
        _ = try manuscript.build()
        try manuscript.write("secret.txt", Hostile.secret)
        try manuscript.write("elsewhere/secret.txt", Hostile.secret)
        let secret = manuscript.url("secret.txt")
        try FileManager.default.createSymbolicLink(
            at: manuscript.dist.appendingPathComponent("link.epub"), withDestinationURL: secret)
        try FileManager.default.createSymbolicLink(
            at: manuscript.dist.appendingPathComponent("dir-link"), withDestinationURL: manuscript.url("elsewhere"))
        #expect(mkfifo(manuscript.dist.appendingPathComponent("fifo.epub").path, 0o600) == 0)
        let path = recorded == "ABSOLUTE" ? secret.path : recorded
        var manifest = try #require(ManifestStore.read(in: manuscript.dist))
        // The checksum of what the path names, so that only the refusal can fail verification.
        let target = recorded == "dir-link/" ? manuscript.url("elsewhere") : secret
        manifest.builds[0].exportJobs[0].outputURL = path
        manifest.builds[0].exportJobs[0].outputChecksum = try Checksum.sha256(ofItemAt: target)
        let problems = ManifestVerifier.verify(manifest, in: manuscript.dist)
        #expect(problems == [.refused(path)])
        #expect(problems.first?.description.contains("error: not read") == true)
    }

    @Test func anOutputInsideTheOutputFolderStillVerifies() throws {
        let manuscript = try TestManuscript.minimal()
        _ = try manuscript.build()
        let manifest = try #require(ManifestStore.read(in: manuscript.dist))
        #expect(ManifestVerifier.verify(manifest, in: manuscript.dist) == [])
    }
}
