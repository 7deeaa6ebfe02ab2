import DraftForgeKit
import Foundation
import Testing
@testable import DraftForgePreview

@Suite struct WatchFilterTests {
    let filter = WatchFilter(
        root: URL(fileURLWithPath: "/book"),
        ignoring: [URL(fileURLWithPath: "/book/dist"), URL(fileURLWithPath: "/elsewhere/out")])

    @Test(arguments: [
        ".git/index", "chapters/.01.md.swp", "chapters/.#01.md", ".DS_Store", "chapters/01.md~",
        "chapters/4913", "chapters/#01.md#", "chapters/01.md.swp", "out.tmp", "dist", "dist/book.epub",
        "chapters/01.md___jb_tmp___",
    ])
    func ignoresOutputsHiddenFilesAndEditorTemporaries(_ path: String) {
        #expect(filter.ignores(path))
    }

    @Test(arguments: ["draftforge.yml", "chapters/01.md", "chapters/img/map.svg", "templates/chapter.xhtml.mustache", "distant/x.md"])
    func keepsManuscriptFiles(_ path: String) {
        #expect(!filter.ignores(path))
    }

    @Test func dropsOutputFoldersOutsideTheManuscript() {
        #expect(filter.ignoredFolders == ["dist"])
    }
}

@Suite struct ChangeSetTests {
    let classifier = InputClassifier(chaptersDirectory: "./text/", namedFiles: ["art/cover.jpg", "extra.css"])

    @Test func sortsPathsIntoTheirRoles() {
        #expect(classifier.kind(of: "draftforge.yml") == .config)
        #expect(classifier.kind(of: "draftforge.yaml") == .config)
        #expect(classifier.kind(of: "text/01.md") == .chapter)
        #expect(classifier.kind(of: "text/part/02.MD") == .chapter)
        #expect(classifier.kind(of: "text/map.svg") == .asset)
        #expect(classifier.kind(of: "text/notes.txt") == .asset)
        #expect(classifier.kind(of: "art/cover.jpg") == .asset)
        #expect(classifier.kind(of: "extra.css") == .asset)
        #expect(classifier.kind(of: "elsewhere/photo.png") == .asset)
        #expect(classifier.kind(of: "templates/chapter.xhtml.mustache") == .template)
        #expect(classifier.kind(of: "old/") == .folder)
        #expect(classifier.kind(of: "chapters/01.md") == .unrelated)
        #expect(classifier.kind(of: "README.md") == .unrelated)
        #expect(classifier.kind(of: "bible.yml") == .unrelated, "only files the config names")
    }

    @Test func theBibleWaiversAndWhatTheConfigNamesAreInputs() throws {
        let folder = try TestFolder([
            "draftforge.yml": "title: T\nchapters_directory: text\nwaivers: notes/waived.yml\ncss: ./style/custom.css\ncover: art/cover.jpg\n",
        ])
        let classifier = InputClassifier(root: folder.root)
        for path in ["bible.yml", "notes/waived.yml", "style/custom.css", "art/cover.jpg"] {
            #expect(classifier.kind(of: path) == .asset, "\(path)")
        }
        #expect(classifier.kind(of: "waivers.yml") == .unrelated, "the config names another waivers file")
        #expect(classifier.kind(of: "notes/other.yml") == .unrelated)
        #expect(classifier.kind(of: "text/01.md") == .chapter)
        // A config that does not load: the default bible and waivers are still inputs.
        try folder.write("draftforge.yml", "title: [broken\n")
        let fallback = InputClassifier(root: folder.root)
        #expect(fallback.kind(of: "bible.yml") == .asset)
        #expect(fallback.kind(of: "waivers.yml") == .asset)
        #expect(fallback.kind(of: "chapters/01.md") == .chapter)
    }

    @Test func rebuildsOnlyForInputs() {
        #expect(!ChangeSet(paths: ["README.md", "notes/a.txt"], classifier: classifier).needsRebuild)
        #expect(ChangeSet(paths: ["README.md", "text/01.md"], classifier: classifier).needsRebuild)
        #expect(ChangeSet(paths: [], overflowed: true, classifier: classifier).needsRebuild)
    }

    @Test func namesTheChaptersAnIncrementalBuildWouldRender() {
        let chapters = ChangeSet(paths: ["text/02.md", "README.md", "text/01.md"], classifier: classifier)
        #expect(chapters.chaptersOnly == ["text/01.md", "text/02.md"])
        #expect(chapters.relevantPaths == ["text/01.md", "text/02.md"])
        #expect(ChangeSet(paths: ["text/01.md", "draftforge.yml"], classifier: classifier).chaptersOnly == nil)
        #expect(ChangeSet(paths: ["text/01.md", "text/map.svg"], classifier: classifier).chaptersOnly == nil)
        #expect(ChangeSet(paths: ["README.md"], classifier: classifier).chaptersOnly == nil)
    }

    @Test func readsTheChaptersFolderAndNamedFilesFromTheConfig() throws {
        let folder = try TestFolder([
            "draftforge.yml": "title: T\nchapters_directory: manuscript\ncover: art/cover.png\ncss: style/extra.css\n",
        ])
        let fromConfig = InputClassifier(root: folder.root)
        #expect(fromConfig.chaptersDirectory == "manuscript")
        #expect(fromConfig.namedFiles == ["art/cover.png", "style/extra.css", "bible.yml", "waivers.yml"])
        #expect(fromConfig.kind(of: "manuscript/01.md") == .chapter)
        #expect(fromConfig.kind(of: "chapters/01.md") == .unrelated)

        try folder.write("draftforge.yml", "title: [broken\n")
        #expect(InputClassifier(root: folder.root).chaptersDirectory == "chapters")
    }
}

@Suite struct ServerEventTests {
    @Test func encodesEachEventOnOneDataLine() {
        let event = ServerEvent.reload(version: "x-2", changed: ["chapters/01.md"], milliseconds: 42)
        #expect(event.encoded == "event: reload\ndata: {\"changed\":[\"chapters/01.md\"],\"milliseconds\":42,\"version\":\"x-2\"}\n\n")
        #expect(ServerEvent.keepAlive.encoded == ": keep-alive\n\n")
        let error = ServerEvent.error(diagnostics: [
            .init(.error, .configSyntax, at: .init(file: "draftforge.yml", line: 3, column: 1), "bad\nYAML"),
        ])
        let lines = error.encoded.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0] == "event: error")
        #expect(lines[1].contains("\"text\":\"draftforge.yml:3:1: error: bad\\nYAML [config.syntax]\""))
    }

    @Test func aNewStreamStartsFromTheLastPublishedState() {
        let broadcaster = ReloadBroadcaster(version: "v0")
        let failure = Diagnostic(.error, .configSyntax, at: .init(file: "draftforge.yml", line: 1), "bad")
        broadcaster.publish(.error(diagnostics: [failure]))
        let first = broadcaster.subscribe()
        #expect(first.next() == .hello(version: "v0", errors: [failure]))
        broadcaster.publish(.reload(version: "v1", changed: [], milliseconds: 1))
        #expect(first.next() == .reload(version: "v1", changed: [], milliseconds: 1))
        let second = broadcaster.subscribe()
        #expect(second.next() == .hello(version: "v1", errors: nil))
        #expect(broadcaster.clientCount == 2)
        second.cancel()
        #expect(broadcaster.clientCount == 1)
        broadcaster.finish()
        #expect(first.next() == nil)
        #expect(broadcaster.clientCount == 0)
        #expect(broadcaster.subscribe().next() == nil, "a stream opened after the end ends at once")
    }
}
