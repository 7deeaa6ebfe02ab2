// `serve` keeps a BuildCache between builds. A cached build must write exactly what a cold build
// writes, whatever the edit: these tests make an edit, build with the warm cache and without
// one, and compare the site and the EPUB byte for byte.
import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Build cache")
struct BuildCacheTests {
    static func manuscript() throws -> TestManuscript {
        try TestManuscript([
            // The report pages too, so a cached build is compared on them as well.
            "draftforge.yml": "title: Salt\nauthors: [Ann One]\nlanguage: en\nsite:\n  reports: true\n",
            "chapters/01-harbour.md": "# The Harbour\n\n## Intro\n\nThe boats came in.[^1]\n\n[^1]: At dawn.\n",
            "chapters/02-storm.md": "# The Storm\n\n## Intro\n\nWind. See [the harbour](01-harbour.md#intro).\n\n![A map](../images/map.svg)\n"
                + "\n```rust\nlet calm = 0;\n```\n",
            "chapters/04-log.md": "# The Log\n\n```rust\nlet wind = 9;\n```\n\n```python\nwind = 9\n```\n",
            "chapters/03-calm.md": "# Calm\n\nThe sea was flat. Back to [the storm](02-storm.md).\n",
            "images/map.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
            // Continuity findings that span chapters, so continuity.html shows whether the rules'
            // per-chapter results follow the chapters they came from.
            "bible.yml": "characters:\n  - name: Sarah Penrose\n    aliases: [Sarah]\n    attributes: {eyes: blue}\n",
            "chapters/00-sarah.md": "# Sarah\n\n" + String(repeating: "They said that Sarah had gone. ", count: 12)
                + "Sarah's green eyes were open.\n",
            "chapters/05-end.md": "# The End\n\nAt last Sarha came home. TK\n",
        ])
    }

    /// Each edit, applied after a warm build.
    static let edits: [(name: String, apply: @Sendable (TestManuscript) throws -> Void)] = [
        ("prose in one chapter", { try $0.write("chapters/02-storm.md", "# The Storm\n\n## Intro\n\nMore wind.\n") }),
        ("a heading whose id another chapter shared", { try $0.write("chapters/01-harbour.md", "# The Harbour\n\nThe boats came in.\n") }),
        ("a heading that takes a later chapter's id", {
            try $0.write("chapters/01-harbour.md", "# The Harbour\n\n## Calm\n\nThe boats came in.[^1]\n\n[^1]: At dawn.\n")
        }),
        ("a chapter's title", { try $0.write("chapters/03-calm.md", "# Flat Calm\n\nThe sea was flat.\n") }),
        ("a chapter removed", { try FileManager.default.removeItem(at: $0.url("chapters/02-storm.md")) }),
        ("the bible", { try $0.write("bible.yml", "characters:\n  - name: Sarah Penrose\n    aliases: [Sarah]\n    attributes: {eyes: green}\n") }),
        ("a chapter added", { try $0.write("chapters/04-home.md", "# Home\n\n## Intro\n\nThey were home.\n") }),
        ("an image added", { try $0.write("chapters/03-calm.md", "# Calm\n\n![Another map](../images/map.svg)\n") }),
        ("a misspelled name corrected", { try $0.write("chapters/05-end.md", "# The End\n\nAt last Sarah came home. TK\n") }),
        ("the misspelling also earlier in the book", {
            try $0.write("chapters/03-calm.md", "# Calm\n\nSarha saw the sea was flat. Back to [the storm](02-storm.md).\n")
        }),
        ("a code block changed", { try $0.write("chapters/04-log.md", "# The Log\n\n```rust\nlet wind = 10;\n```\n") }),
        ("the config", { try $0.write("draftforge.yml", "title: Salt and Sea\nauthors: [Ann One]\nlanguage: en\nsmart_punctuation: false\n") }),
    ]

    @Test(arguments: edits.indices)
    func aCachedBuildWritesWhatAColdBuildWrites(_ edit: Int) throws {
        let book = try Self.manuscript()
        let cache = BuildCache()
        var warm = book.options(allowBlocking: true, output: book.root.appendingPathComponent("out-warm"))
        warm.cache = cache
        warm.includeHistory = false
        _ = try Pipeline.build(warm)
        try Self.edits[edit].apply(book)

        var cached = warm
        cached.outputDirectory = book.root.appendingPathComponent("out-cached")
        var cold = book.options(allowBlocking: true, output: book.root.appendingPathComponent("out-cold"))
        cold.includeHistory = false
        _ = try Pipeline.build(cached)
        _ = try Pipeline.build(cold)

        let cachedFiles = try Self.files(in: cached.outputDirectory!)
        let coldFiles = try Self.files(in: cold.outputDirectory!)
        #expect(cachedFiles.keys.sorted() == coldFiles.keys.sorted(), "\(Self.edits[edit].name)")
        for (path, data) in coldFiles where cachedFiles[path] != data {
            Issue.record("\(Self.edits[edit].name): \(path) differs between the cached and the cold build")
        }
    }

    @Test func aPreviewBuildWritesTheSiteAndNoReports() throws {
        let book = try Self.manuscript()
        var options = book.options(allowBlocking: true, output: book.root.appendingPathComponent("preview"))
        options.formats = [.html]
        options.writer = .preview
        options.includeHistory = false
        let result = try Pipeline.build(options)
        let written = try FileManager.default.contentsOfDirectory(atPath: options.outputDirectory!.path)
            .filter { $0 != ".draftforge.lock" }
        #expect(written == ["html"], "no stats.json, continuity reports, manifest or record of outputs")
        #expect(result.outputs.map(\.checksum) == [""])
        let site = options.outputDirectory!.appendingPathComponent("html")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("stats.html").path))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("continuity.html").path))
    }

    @Test func onlyTheEditedChapterIsParsedAgain() throws {
        let book = try Self.manuscript()
        var options = book.options(allowBlocking: true)
        options.cache = BuildCache()
        options.includeHistory = false
        _ = try Pipeline.build(options)
        #expect(options.cache?.chaptersParsed == 6)
        _ = try Pipeline.build(options)
        #expect(options.cache?.chaptersParsed == 6)
        try book.write("chapters/03-calm.md", "# Calm\n\nThe sea was flat again.\n")
        _ = try Pipeline.build(options)
        #expect(options.cache?.chaptersParsed == 7)

        // Parses are kept by what they are made of, the text: a renamed chapter is not parsed again,
        // and the same text in NFD instead of NFC (equal as Swift strings) is.
        try FileManager.default.moveItem(at: book.url("chapters/03-calm.md"), to: book.url("chapters/03-still.md"))
        _ = try Pipeline.build(options)
        #expect(options.cache?.chaptersParsed == 7)
        try book.write("chapters/03-still.md", "# Calm\n\nThe sea was flat again, caf\u{E9}.\n")
        _ = try Pipeline.build(options)
        try book.write("chapters/03-still.md", "# Calm\n\nThe sea was flat again, cafe\u{301}.\n")
        _ = try Pipeline.build(options)
        #expect(options.cache?.chaptersParsed == 9)
        // An edit that keeps the length: compared byte for byte with the chapter's last text.
        try book.write("chapters/03-still.md", "# Calm\n\nThe sea was flat aga1n, cafe\u{301}.\n")
        _ = try Pipeline.build(options)
        #expect(options.cache?.chaptersParsed == 10)
    }

    /// A chapter file's text is kept while `stat` says the file is as it was; a file written
    /// moments ago is read on every build, since a second write in the same clock tick could
    /// leave its times and size as they were.
    @Test func fileTextsAreKeptOnlyWhileTheFileIsUnchangedAndSettled() throws {
        let book = try TestManuscript(["notes.md": "one"])
        let path = book.url("notes.md").path
        let cache = BuildCache()
        var reads = 0
        func text() throws -> String {
            try cache.fileText(atPath: path) { () throws(Diagnostic) -> String in
                reads += 1
                return try readText(URL(fileURLWithPath: path), name: "notes.md")
            }
        }
        #expect(try text() == "one")
        try book.write("notes.md", "two")  // the same size, maybe in the same tick
        #expect(try text() == "two")
        #expect(reads == 2)

        cache.settledAge = 0
        #expect(try text() == "two")
        #expect(try text() == "two")
        #expect(reads == 3, "kept once settled")
        try book.write("notes.md", "three")
        #expect(try text() == "three")
        #expect(reads == 4, "read again once changed")
    }

    /// Code is highlighted after the book-wide passes, on every build: each block's spans are
    /// kept by its text and language.
    @Test func onlyNewCodeIsHighlightedAgain() throws {
        let book = try Self.manuscript()
        var options = book.options(allowBlocking: true)
        options.cache = BuildCache()
        options.includeHistory = false
        _ = try Pipeline.build(options)
        #expect(options.cache?.blocksHighlighted == 3)
        _ = try Pipeline.build(options)
        #expect(options.cache?.blocksHighlighted == 3)
        try book.write("chapters/04-log.md", "# The Log\n\n```rust\nlet wind = 10;\n```\n\n```python\nwind = 9\n```\n")
        _ = try Pipeline.build(options)
        #expect(options.cache?.blocksHighlighted == 4)
    }

    @Test func unchangedSitePagesAreLinkedFromTheLastSiteNotWrittenAgain() throws {
        let book = try Self.manuscript()
        var options = book.options(allowBlocking: true, output: book.root.appendingPathComponent("out-1"))
        options.cache = BuildCache()
        options.includeHistory = false
        _ = try Pipeline.build(options)
        try book.write("chapters/03-calm.md", "# Calm\n\nThe sea was flat again. Back to [the storm](02-storm.md).\n")
        options.outputDirectory = book.root.appendingPathComponent("out-2")
        _ = try Pipeline.build(options)

        func inode(_ build: String, _ page: String) throws -> UInt64 {
            let attributes = try FileManager.default.attributesOfItem(atPath: book.url("\(build)/html/\(page)").path)
            return try #require(attributes[.systemFileNumber] as? UInt64)
        }
        #expect(try inode("out-1", "01-harbour.html") == inode("out-2", "01-harbour.html"))
        #expect(try inode("out-1", "site.css") == inode("out-2", "site.css"))
        #expect(try inode("out-1", "03-calm.html") != inode("out-2", "03-calm.html"))
        #expect(try String(contentsOf: book.url("out-2/html/03-calm.html"), encoding: .utf8).contains("flat again"))
        #expect(try String(contentsOf: book.url("out-1/html/03-calm.html"), encoding: .utf8).contains("flat again") == false)
    }

    /// Without a cache (one `draftforge build` after another), the site being replaced is read
    /// and compared: an unchanged page keeps its file, a changed one is written.
    @Test func unchangedSitePagesAreLinkedFromTheSiteTheyReplaceWithoutACache() throws {
        let book = try Self.manuscript()
        var options = book.options(allowBlocking: true)
        options.includeHistory = false
        _ = try Pipeline.build(options)
        func inode(_ page: String) throws -> UInt64 {
            let attributes = try FileManager.default.attributesOfItem(atPath: book.url("dist/html/\(page)").path)
            return try #require(attributes[.systemFileNumber] as? UInt64)
        }
        let (harbour, calm) = (try inode("01-harbour.html"), try inode("03-calm.html"))
        try book.write("chapters/03-calm.md", "# Calm\n\nThe sea was flat again.\n")
        _ = try Pipeline.build(options)
        #expect(try inode("01-harbour.html") == harbour)
        #expect(try inode("03-calm.html") != calm)
        #expect(try String(contentsOf: book.url("dist/html/03-calm.html"), encoding: .utf8).contains("flat again"))
    }

    /// The outputs that do not carry the build's clock: the site's files and the EPUB.
    static func files(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            guard path.hasPrefix("html/") || path.hasSuffix(".epub") else { continue }
            files[path] = try Data(contentsOf: url)
        }
        return files
    }
}
