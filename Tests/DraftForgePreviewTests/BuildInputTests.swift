import DraftForgeKit
import Foundation
import Testing
@testable import DraftForgePreview

/// Every file the build reads besides chapters and the config rebuilds the preview: the story
/// bible, the waivers (under the name the config gives), templates and the book's stylesheet.
@Suite("preview build inputs", .serialized)
struct BuildInputTests {
    /// The default site head, so the override below changes one line of it.
    static let defaultHead = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates/site/head.html.mustache")

    @Test func theBibleWaiversATemplateAndTheStylesheetEachRebuild() async throws {
        let head = try String(contentsOf: Self.defaultHead, encoding: .utf8)
        let folder = try TestFolder.manuscript([
            "draftforge.yml": "title: Test Book\nauthors: [Ann Author]\ncss: custom.css\nwaivers: notes/waived.yml\n",
            "chapters/01-one.md": "# One\n\nThe lamp was lit.\n",
            "custom.css": "p { color: rgb(1, 2, 3); }\n",
            "notes/waived.yml": "[]\n",
            "templates/head.html.mustache": head + "<meta name=\"df-test\" content=\"first\">\n",
        ])
        let preview = try await RunningPreview.start(folder, formats: PreviewOutput.formats)
        defer { Task { await preview.server.stop() } }
        let stream = try await preview.events()
        _ = try await stream.waitFor("hello")
        #expect(try await preview.get("/").text.contains("content=\"first\""), "\(preview.recorder.all)")
        #expect(try await preview.get("/site.css").text.contains("rgb(1, 2, 3)"))
        func codes() -> [String] { preview.recorder.builds.last?.diagnostics.map(\.code) ?? [] }
        #expect(!codes().contains("world_rules.forbidden"))

        try folder.write("bible.yml", "rules:\n  - id: no-lamps\n    forbid: '\\blamp\\b'\n    severity: warning\n")
        var (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["bible.yml"])
        #expect(codes().contains("world_rules.forbidden"), "the rebuild read the new rule")

        try folder.write("notes/waived.yml", "- id: cont-00000000\n  reason: none matches\n")
        (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["notes/waived.yml"])
        #expect(codes().contains("waivers.unused"), "the rebuild read the waivers")

        try folder.write("templates/head.html.mustache", head + "<meta name=\"df-test\" content=\"second\">\n")
        (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["templates/head.html.mustache"])
        #expect(try await preview.get("/").text.contains("content=\"second\""))

        try folder.write("custom.css", "p { color: rgb(4, 5, 6); }\n")
        (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["custom.css"])
        #expect(try await preview.get("/site.css").text.contains("rgb(4, 5, 6)"))

        // waivers.yml is not read while the config names another file.
        try folder.write("waivers.yml", "- id: cont-11111111\n  reason: not read\n")
        try await preview.recorder.waitUntil("waivers.yml to be skipped") { _ in
            preview.recorder.skipped.contains(["waivers.yml"])
        }
        await preview.server.stop()
    }

    @Test func theDefaultWaiversFileRebuilds() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }
        let stream = try await preview.events()
        _ = try await stream.waitFor("hello")
        try folder.write("waivers.yml", "- id: cont-00000000\n  reason: none matches\n")
        let (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["waivers.yml"])
        #expect(preview.recorder.builds.last?.diagnostics.contains { $0.code == "waivers.unused" } == true)
        await preview.server.stop()
    }
}
