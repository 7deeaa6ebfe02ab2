import Foundation
import Testing
import DraftForgeTestSupport

/// `draftforge init` never writes through a symbolic link inside the target folder: a linked
/// `chapters/` or `.github/` would put the new files wherever it points.
@Suite("draftforge init: symbolic links")
struct InitSymlinkTests {
    let cli = CommandLineTests()

    @Test(arguments: ["chapters", ".github", ".github/workflows", ".gitignore", "bible.yml"])
    func initRefusesToWriteThroughASymbolicLink(_ link: String) throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-init-link-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let root = temporary.appendingPathComponent("book")
        let elsewhere = temporary.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let linkURL = root.appendingPathComponent(link)
        try FileManager.default.createDirectory(at: linkURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        // A folder for the folders, a dangling link for the files.
        let destination = link.hasSuffix(".gitignore") || link.hasSuffix(".yml") ? elsewhere.appendingPathComponent("file") : elsewhere
        try FileManager.default.createSymbolicLink(at: linkURL, withDestinationURL: destination)

        let run = try cli.draftforge(["init", root.path])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("\(link): error: \(link) is a symbolic link; init does not write through symbolic links"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "init wrote through the link")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("draftforge.yml").path), "init wrote something")
    }

    @Test func theTargetFolderItselfMayBeALink() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-init-link-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let real = temporary.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let link = temporary.appendingPathComponent("book")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let run = try cli.draftforge(["init", link.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: real.appendingPathComponent("chapters/01-beginning.md").path))
    }
}
