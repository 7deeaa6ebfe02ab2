import DraftForgeKit
import Foundation
import Testing
@testable import DraftForgePreview

/// The manuscript folder deleted and copied back while the preview runs (`rm -rf book` and
/// `cp -r fresh book`, or a checkout that replaces it): the preview watches it again and rebuilds.
@Suite("preview with its folder replaced", .serialized)
struct FolderReplacedTests {
    @Test func rebuildsAfterTheFolderIsDeletedAndCopiedBack() async throws {
        let folder = try TestFolder.manuscript()
        let fresh = try TestFolder.manuscript(["chapters/01-one.md": "# One\n\nThe copy came back.\n"])
        let preview = try await RunningPreview.start(folder, build: stubSiteBuild)
        defer { Task { await preview.server.stop() } }
        let stream = try await preview.events()
        _ = try await stream.waitFor("hello")

        try FileManager.default.removeItem(at: folder.root)
        try await preview.recorder.waitUntil("the folder to be reported gone") { events in
            events.contains { if case .folderRemoved = $0 { true } else { false } }
        }
        // The last good build is still served.
        #expect(try await preview.get("/01-one.html").text.contains("The first chapter."))

        try FileManager.default.copyItem(at: fresh.root, to: folder.root)
        let (reload, _) = try await stream.waitFor("reload")
        #expect(preview.recorder.all.contains { if case .folderRestored = $0 { true } else { false } })
        #expect((reload.json["changed"] as? [String])?.contains("chapters/01-one.md") == true)
        #expect(try await preview.get("/01-one.html").text.contains("The copy came back."))

        // And it keeps watching: the next save rebuilds too.
        try folder.append("chapters/01-one.md", "\nA lamp was lit.\n")
        let (again, _) = try await stream.waitFor("reload")
        // Under load the copy's last events (its draftforge.yml) may arrive with this save.
        #expect((again.json["changed"] as? [String])?.contains("chapters/01-one.md") == true)
        #expect(try await preview.get("/01-one.html").text.contains("A lamp was lit."))
        await preview.server.stop()
    }
}
