import DraftForgeKit
import DraftForgeTestSupport
import Foundation
import Testing
@testable import DraftForgePreview

/// The server in process, on a free port of 127.0.0.1, with the real pipeline (and, where HTML
/// pages are needed, a stand-in for the site on top of it).
@Suite("preview server", .serialized)
struct PreviewServerTests {
    static let liveReloadMarker = "id=\"draftforge-live-reload\""

    @Test func servesABuiltFileWithItsContentType() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }

        let epub = try await preview.get("/test-book.epub")
        #expect(epub.status == 200)
        #expect(epub.headers["content-type"] == "application/epub+zip")
        #expect(epub.headers["cache-control"] == "no-store")
        let served = try #require(preview.server.servedFolder)
        #expect(epub.body == (try Data(contentsOf: served.appendingPathComponent("test-book.epub"))))
        #expect(try epubText(epub.body).contains("The first chapter."))

        let head = try await HTTPTestClient.request("/test-book.epub", port: preview.port, method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"] == String(epub.body.count))

        // No site yet: the output folder itself is served, as a listing.
        let index = try await preview.get("/")
        #expect(index.status == 200)
        #expect(index.headers["content-type"] == "text/html; charset=utf-8")
        #expect(index.text.contains("<a href=\"test-book.epub\">"))

        let post = try await HTTPTestClient.request("/", port: preview.port, method: "POST")
        #expect(post.status == 405)
        await preview.server.stop()
    }

    /// Each of these must be a 404 and must not leak the file.
    static let escapes = [
        "/../../etc/passwd",
        "/../../../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/..%252f..%252f..%252fetc/passwd",
        "/.%2e/.%2e/etc/passwd",
        "/./../etc/passwd",
        "/test-book.epub/../../etc/passwd",
        "/..\\..\\etc\\passwd",
        "/%5c..%5c..%5cetc%5cpasswd",
        "/%00/../etc/passwd",
        "/etc/passwd%00.html",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "etc/passwd",
        "http://127.0.0.1/../../etc/passwd",
        "/link-to-etc/passwd",
        "/link-to-passwd",
        "/inside-link/../../etc/passwd",
        "/%2e%2e/build-1/test-book.epub",
    ]

    /// The preview asks each build for the preview's writer: nothing flushed to the disk, and
    /// no reports, manifest or checksums beside the outputs.
    @Test func buildsWithThePreviewWriter() async throws {
        let folder = try TestFolder.manuscript()
        let modes = Locked<[OutputWriter.Mode]>([])
        let preview = try await RunningPreview.start(folder) { options throws(BuildFailure) in
            modes.withLock { $0.append(options.writer.mode) }
            return try Pipeline.build(options)
        }
        await preview.server.stop()
        #expect(modes.current == [.preview])
    }

    @Test func servesTheRealSiteWithTheReloadScript() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, formats: PreviewOutput.formats)
        defer { Task { await preview.server.stop() } }
        #expect(PreviewOutput.formats == [.html])
        #expect(preview.server.servedFolder?.lastPathComponent == "html")
        let index = try await preview.get("/")
        #expect(index.status == 200)
        #expect(index.text.contains("Test Book"))
        #expect(index.text.contains(Self.liveReloadMarker))
        let css = try await preview.get("/site.css")
        #expect(css.status == 200)
        #expect(!css.text.contains(Self.liveReloadMarker))
        await preview.server.stop()
    }

    @Test func refusesEveryPathOutsideTheServedFolder() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }
        // The links go into the folder being served; should a rebuild swap the folder meanwhile
        // (seen once on a loaded CI machine), they are made again in the new one.
        var inside = 0
        for _ in 0..<3 {
            let served = try #require(preview.server.servedFolder)
            for (name, target) in [
                ("link-to-etc", "/etc"), ("link-to-passwd", "/etc/passwd"), ("inside-link", served.path),
                // A link that stays inside is fine: the check is on where a path ends up.
                ("same-book.epub", "test-book.epub"),
            ] where (try? FileManager.default.destinationOfSymbolicLink(atPath: served.appendingPathComponent(name).path)) == nil {
                try FileManager.default.createSymbolicLink(atPath: served.appendingPathComponent(name).path, withDestinationPath: target)
            }
            inside = try await preview.get("/same-book.epub").status
            if preview.server.servedFolder == served { break }
        }
        #expect(try await preview.get("/test-book.epub").status == 200)
        #expect(inside == 200)
        for target in Self.escapes {
            let response = try await preview.get(target)
            #expect(response.status == 404, "\(target) answered \(response.status)")
            #expect(!response.text.contains("root:"), "\(target) leaked /etc/passwd")
            #expect(!response.body.starts(with: Data("PK".utf8)), "\(target) served the book")
        }
        await preview.server.stop()
    }

    @Test func injectsTheReloadScriptIntoHTMLResponsesOnly() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, build: stubSiteBuild)
        defer { Task { await preview.server.stop() } }
        let served = try #require(preview.server.servedFolder)
        #expect(served.lastPathComponent == "html")

        for page in ["/", "/index.html", "/01-one.html"] {
            let response = try await preview.get(page)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/html; charset=utf-8")
            #expect(response.text.components(separatedBy: Self.liveReloadMarker).count == 2, "\(page) has the script once")
            let script = try #require(response.text.range(of: Self.liveReloadMarker))
            let end = try #require(response.text.range(of: "</body>"))
            #expect(script.lowerBound < end.lowerBound)
        }
        // The files on disk stay as the build wrote them.
        #expect(!(try String(contentsOf: served.appendingPathComponent("index.html"), encoding: .utf8)).contains("draftforge"))

        let css = try await preview.get("/style.css")
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        #expect(css.text == "body { color: black; }\n")
        let json = try await preview.get("/data.json")
        #expect(json.headers["content-type"] == "application/json")
        #expect(!json.text.contains("draftforge"))

        let missing = try await preview.get("/no-such-page.html")
        #expect(missing.status == 404)
        #expect(missing.text.contains("The site's own 404."))
        #expect(missing.text.contains(Self.liveReloadMarker))
        let script = try #require(missing.text.range(of: Self.liveReloadMarker))
        #expect(script.lowerBound < (try #require(missing.text.range(of: "</BODY>"))).lowerBound)
        await preview.server.stop()
    }

    @Test func editingAChapterRebuildsSendsReloadAndChangesWhatIsServed() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, build: stubSiteBuild)
        defer { Task { await preview.server.stop() } }
        let stream = try await preview.events()
        #expect(stream.headers["content-type"] == "text/event-stream; charset=utf-8")
        let hello = try await stream.next()
        #expect(hello.name == "hello")
        let before = try await preview.get("/01-one.html")
        #expect(before.text.contains("var VERSION = \"\(hello.json["version"] as? String ?? "?")\""))
        #expect(!before.text.contains("A lamp was lit."))

        try folder.append("chapters/01-one.md", "\nA lamp was lit.\n")
        let (reload, skipped) = try await stream.waitFor("reload")
        #expect(skipped.isEmpty)
        #expect(reload.json["changed"] as? [String] == ["chapters/01-one.md"])
        #expect(reload.json["version"] as? String != hello.json["version"] as? String)

        let after = try await preview.get("/01-one.html")
        #expect(after.text.contains("A lamp was lit."))
        #expect(after.text.contains("var VERSION = \"\(reload.json["version"] as? String ?? "?")\""))
        await preview.server.stop()
    }

    /// `serve --print`: the print page holds the PDF, which a save sets again and the page
    /// reloads with. Needs Typst (scripts/test installs it).
    @Test(.externalTools) func thePrintPreviewShowsThePDFAndASaveSetsItAgain() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, formats: PreviewOutput.formats + [.pdf])
        defer { Task { await preview.server.stop() } }
        let stream = try await preview.events()
        let hello = try await stream.waitFor("hello").event
        let page = try await preview.get("/__draftforge/print")
        #expect(page.status == 200)
        #expect(page.text.contains("src=\"/__draftforge/print.pdf?v=\(hello.json["version"] as? String ?? "?")\""))
        #expect(page.text.contains(Self.liveReloadMarker))
        let before = try await preview.get("/__draftforge/print.pdf")
        #expect(before.status == 200)
        #expect(before.headers["content-type"] == "application/pdf")
        #expect(before.body.starts(with: Data("%PDF-".utf8)))
        #expect(before.body.range(of: Data("A lamp was lit".utf8)) == nil)

        try folder.append("chapters/01-one.md", "\nA lamp was lit.\n")
        _ = try await stream.waitFor("reload")
        let after = try await preview.get("/__draftforge/print.pdf")
        #expect(after.body != before.body)
        await preview.server.stop()
    }

    @Test func withoutPrintThePrintPageSaysHowToAskForIt() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, formats: PreviewOutput.formats)
        defer { Task { await preview.server.stop() } }
        let page = try await preview.get("/__draftforge/print")
        #expect(page.status == 404)
        #expect(page.text.contains("draftforge serve --print"))
        await preview.server.stop()
    }

    @Test func theEPUBChangesWithTheChapterWhenNoSiteIsBuilt() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }
        let stream = try await preview.events()
        _ = try await stream.waitFor("hello")
        #expect(!(try epubText(try await preview.get("/test-book.epub").body)).contains("A lamp was lit."))

        try folder.append("chapters/01-one.md", "\nA lamp was lit.\n")
        _ = try await stream.waitFor("reload")
        #expect(try epubText(try await preview.get("/test-book.epub").body).contains("A lamp was lit."))
        await preview.server.stop()
    }

    @Test func aBrokenConfigSendsItsErrorKeepsTheLastGoodContentAndAFixReloads() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, build: stubSiteBuild)
        defer { Task { await preview.server.stop() } }
        let stream = try await preview.events()
        _ = try await stream.waitFor("hello")
        let good = try await preview.get("/01-one.html")

        try folder.write("draftforge.yml", "title: Test Book\nauthors: [Ann Author\nlanguage: en\n")
        let (failure, _) = try await stream.waitFor("error")
        let error = try #require(failure.errors.first)
        #expect(error["file"] as? String == "draftforge.yml")
        #expect(error["line"] as? Int == 3)
        #expect(error["code"] as? String == "config.syntax")
        #expect((error["text"] as? String)?.hasPrefix("draftforge.yml:3:") == true)

        // The last good content is still served, with the same version, so pages stay.
        let during = try await preview.get("/01-one.html")
        #expect(during.status == 200)
        #expect(during.text == good.text)
        // A page opened now learns about the errors as soon as it connects.
        let late = try await preview.events()
        let lateHello = try await late.next()
        #expect(lateHello.name == "hello")
        #expect((lateHello.errors.first?["file"] as? String) == "draftforge.yml")

        try folder.write("draftforge.yml", "title: Fixed Book\nauthors: [Ann Author]\n")
        let (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["draftforge.yml"])
        let (lateReload, _) = try await late.waitFor("reload")
        #expect(lateReload.data == reload.data)
        let fresh = try await preview.events()
        let freshHello = try await fresh.next()
        #expect(freshHello.json["errors"] == nil)
        let served = try #require(preview.server.servedFolder)
        #expect(FileManager.default.fileExists(atPath: served.deletingLastPathComponent().appendingPathComponent("fixed-book.epub").path))
        await preview.server.stop()
    }

    @Test func theFirstBuildMayFailAndTheServerStillAnswers() async throws {
        let folder = try TestFolder.manuscript(["draftforge.yml": "title: [unclosed\n"])
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }
        #expect(preview.server.servedFolder == nil)
        let page = try await preview.get("/")
        #expect(page.status == 503)
        #expect(page.text.contains(Self.liveReloadMarker))
        let stream = try await preview.events()
        let hello = try await stream.next()
        #expect(hello.errors.first?["file"] as? String == "draftforge.yml")

        try folder.write("draftforge.yml", "title: Test Book\n")
        _ = try await stream.waitFor("reload")
        #expect(try await preview.get("/test-book.epub").status == 200)
        await preview.server.stop()
    }

    @Test func createdRenamedAndDeletedChaptersArePickedUp() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, build: stubSiteBuild)
        defer { Task { await preview.server.stop() } }
        let stream = try await preview.events()
        _ = try await stream.waitFor("hello")
        #expect(try await preview.get("/02-two.html").status == 404)

        try folder.write("chapters/02-two.md", "# Two\n\nThe second chapter.\n")
        var (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["chapters/02-two.md"])
        #expect(try await preview.get("/02-two.html").text.contains("The second chapter."))
        #expect(preview.recorder.builds.last?.chapterCount == 2)

        // Editors and Foundation save by writing a temporary file and renaming it over the old.
        try Data("# Two\n\nRewritten.\n".utf8).write(to: folder.url("chapters/02-two.md"), options: .atomic)
        (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["chapters/02-two.md"])
        #expect(try await preview.get("/02-two.html").text.contains("Rewritten."))

        try FileManager.default.moveItem(at: folder.url("chapters/02-two.md"), to: folder.url("chapters/03-three.md"))
        (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["chapters/02-two.md", "chapters/03-three.md"])
        #expect(try await preview.get("/03-three.html").status == 200)

        try folder.remove("chapters/03-three.md")
        (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["chapters/03-three.md"])
        #expect(try await preview.get("/03-three.html").status == 404)
        #expect(preview.recorder.builds.last?.chapterCount == 1)

        // A folder made while running is watched: once a file in it was seen (by the scan
        // when the folder appeared, or by its watch), a file written in it later is seen too.
        try FileManager.default.createDirectory(at: folder.url("art/maps"), withIntermediateDirectories: true)
        try folder.write("art/maps/notes.txt", "sketch the harbour")
        try await preview.recorder.waitUntil("the notes to be skipped") { _ in
            preview.recorder.skipped.contains(["art/maps/notes.txt"])
        }
        // An image no chapter names is not read by the build: seen, and skipped.
        try folder.write("art/maps/harbour.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try await preview.recorder.waitUntil("the unused image to be skipped") { _ in
            preview.recorder.skipped.contains(["art/maps/harbour.svg"])
        }
        // Once a chapter names it, the image is an input of the build.
        try folder.write("chapters/01-one.md", "# One\n\n![The harbour](../art/maps/harbour.svg)\n")
        (reload, _) = try await stream.waitFor("reload")
        try folder.write("art/maps/harbour.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\"/>")
        (reload, _) = try await stream.waitFor("reload")
        #expect(reload.json["changed"] as? [String] == ["art/maps/harbour.svg"])
        await preview.server.stop()
    }

    @Test func changesTheBuildDoesNotReadDoNotRebuild() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }
        #expect(preview.recorder.builds.count == 1)

        // Editor droppings and hidden files are not even reported…
        try folder.write("chapters/.01-one.md.swp", "swap")
        try folder.write("chapters/01-one.md~", "backup")
        try folder.write("chapters/4913", "")
        try folder.write(".git/index", "x")
        try folder.write("dist/test-book.epub", "an earlier build")
        // …and files the build does not read are reported as skipped.
        try folder.write("notes/ideas.txt", "a sequel")
        try await preview.recorder.waitUntil("the skipped change") { events in
            events.contains { if case .skipped = $0 { true } else { false } }
        }
        #expect(preview.recorder.skipped == [["notes/ideas.txt"]])
        #expect(preview.recorder.builds.count == 1)
        await preview.server.stop()
    }

    @Test func stoppingEndsEventStreamsAndRemovesTheWorkFolder() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        let work = preview.server.workDirectory
        #expect(FileManager.default.fileExists(atPath: work.path))
        let stream = try await preview.events()
        _ = try await stream.waitFor("hello")

        await preview.server.stop()
        let ended = await #expect(throws: TestFailure.self) { _ = try await stream.next(timeout: 60) }
        #expect(ended?.description == "the event stream ended")
        #expect(!FileManager.default.fileExists(atPath: work.path))
        await #expect(throws: (any Error).self) { _ = try await preview.get("/") }
        await preview.server.stop()  // a second stop is harmless
    }

    @Test func aPortInUseIsAnError() async throws {
        let folder = try TestFolder.manuscript()
        let first = try await RunningPreview.start(folder)
        defer { Task { await first.server.stop() } }
        var options = PreviewOptions(root: folder.root)
        options.port = first.port
        let second = PreviewServer(options: options)
        await #expect(throws: PreviewError.self) { try await second.start() }
        #expect(!FileManager.default.fileExists(atPath: second.workDirectory.path), "a failed start leaves no work folder")
        options.host = "example.com"
        let third = PreviewServer(options: options)
        await #expect(throws: PreviewError.self) { try await third.start() }
        #expect(!FileManager.default.fileExists(atPath: third.workDirectory.path))
        await first.server.stop()
    }
}
