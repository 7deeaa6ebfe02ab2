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

/// manifest.json itself is read by every build (for the next version number and the history)
/// and by `manifest`: a symbolic link or a FIFO in its place is no manifest, never followed or
/// waited on, and the build writes a file in its place.
@Suite("Hostile manuscripts: manifest.json")
struct HostileManifestFileTests {
    @Test(arguments: ["link", "fifo"])
    func aManifestThatIsALinkOrAFIFOIsNotRead(_ kind: String) throws {
        let book = try Hostile()
        let manifest = book.manuscript.dist.appendingPathComponent("manifest.json")
        var secret = try #require(ManifestStore.read(in: book.manuscript.dist))
        secret.project.title = Hostile.secret
        secret.builds[0].version = 41
        try JSONEncoder().encode(secret).write(to: book.outside.url("manifest.json"))
        try FileManager.default.removeItem(at: manifest)
        if kind == "link" {
            try FileManager.default.createSymbolicLink(at: manifest, withDestinationURL: book.outside.url("manifest.json"))
        } else {
            #expect(mkfifo(manifest.path, 0o600) == 0)
        }
        #expect(ManifestStore.read(in: book.manuscript.dist) == nil)
        var result: BuildResult?
        let elapsed = ContinuousClock().measure { result = try? book.manuscript.build() }
        #expect(elapsed < .seconds(60) * Hostile.hangGuardScale)
        #expect(result != nil)
        var info = stat()
        #expect(lstat(manifest.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG, "the build wrote a file in its place")
        let builds = try #require(ManifestStore.read(in: book.manuscript.dist)?.builds)
        #expect(builds.map(\.version) == [1], "the history restarts; nothing is copied from the linked file")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        #expect(!text.contains(Hostile.secret))
    }
}

/// Inside an output folder (the site), a symbolic link or a FIFO the build did not write is a
/// change: it is neither followed nor read, and verification does not stall.
@Suite("Hostile manuscripts: links and FIFOs in the site folder")
struct HostileSiteFolderTests {
    @Test(arguments: ["link", "fifo"])
    func aLinkOrAFIFOInTheSiteIsAChangeNotARead(_ kind: String) throws {
        let manuscript = try TestManuscript.minimal()
        _ = try manuscript.build()
        let manifest = try #require(ManifestStore.read(in: manuscript.dist))
        let job = try #require(manifest.builds[0].exportJobs.first { $0.outputURL == "html/" })
        let intruder = manuscript.dist.appendingPathComponent("html/intruder.css")
        if kind == "link" {
            try manuscript.write("secret.txt", Hostile.secret)
            try FileManager.default.createSymbolicLink(at: intruder, withDestinationURL: manuscript.url("secret.txt"))
        } else {
            #expect(mkfifo(intruder.path, 0o600) == 0)
        }
        var problems: [ManifestVerifier.Problem] = []
        let elapsed = ContinuousClock().measure { problems = ManifestVerifier.verify(manifest, in: manuscript.dist) }
        #expect(elapsed < .seconds(30) * Hostile.hangGuardScale)
        #expect(problems.count == 1)
        if case .changed(let path, let expected, _) = problems.first {
            #expect(path == "html/" && expected == job.outputChecksum)
        } else {
            Issue.record("expected the site to be reported changed: \(problems)")
        }
    }
}
