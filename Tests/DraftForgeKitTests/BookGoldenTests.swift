// Whole builds pinned by golden files (mdBook's fixture books): the sample manuscript's every
// output, and one small book per feature under Fixtures/books/<case>/{manuscript,expected}.
// RECORD_GOLDEN=1 re-records the expected/ folders; the tests then fail once, so review the diff.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

@Suite("Golden books")
struct BookGoldenTests {
    static let books = packageRoot.appendingPathComponent("Tests/DraftForgeKitTests/Fixtures/books")
    static let sample = packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper")
    static let hasRSVG = (try? runCommand(["rsvg-convert", "--version"]))?.status == 0

    /// A copy of a manuscript in a temporary folder, built with a fixed date and without Git.
    final class Built {
        let folder: URL
        let root: URL
        let diagnostics: [Diagnostic]
        let slug: String

        init(_ source: URL, formats: [ExportFormat] = [.epub, .html], edit: (URL) throws -> Void = { _ in }) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-golden-\(UUID().uuidString)")
            root = folder.appendingPathComponent("manuscript")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: root)
            try? FileManager.default.removeItem(at: root.appendingPathComponent("dist"))
            try edit(root)
            // SOURCE_DATE_EPOCH fixes the build date and the stats' "today"; `now` the manifest's
            // clock; no history keeps Git out (the copy is outside any repository anyway).
            var options = BuildOptions(
                root: root, formats: formats, environment: ["SOURCE_DATE_EPOCH": "1700000000"],
                includeHistory: false)
            options.now = { Date(timeIntervalSince1970: 1_700_000_000) }
            let result = try Pipeline.build(options)
            diagnostics = result.diagnostics
            slug = result.outputs.first { !$0.isDirectory }?.url.deletingPathExtension().lastPathComponent ?? ""
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        var dist: URL { root.appendingPathComponent("dist") }

        /// The masks every golden of this build uses.
        var masks: [GoldenMask] {
            GoldenMask.root(folder) + GoldenMask.volatile(toolVersion: DraftForgeVersion.current)
        }

        /// The diagnostics, one per line, as the console prints them.
        var diagnosticsText: String { diagnostics.map { $0.description + "\n" }.joined() }

        /// Every entry of the zip `name` in dist/, under `prefix/`, plus `prefix.entries.txt`:
        /// the entry order and compression.
        func archive(_ name: String, as prefix: String) throws -> [String: Data] {
            let url = dist.appendingPathComponent(name)
            var tree: [String: Data] = [prefix + ".entries.txt": Data(try Golden.zipListing(url).utf8)]
            for (path, data) in try Golden.unzip(url) { tree[prefix + "/" + path] = data }
            return tree
        }
    }

    /// Files the build copies from Templates/ or the manuscript (stylesheets, the site's script,
    /// images): pinned by digest, since their text is reviewed where it is written.
    static func isCopiedAsset(_ path: String) -> Bool {
        path.hasSuffix(".css") || path.hasSuffix("/site.js") || path.contains("/images/") || path.contains("/media/")
    }

    /// Site pages every build has, whatever the book (the index repeats the nav): not part of a
    /// feature's golden.
    static let commonPages: Set<String> = ["index.html", "404.html", "continuity.html", "stats.html", "print.html"]

    /// EPUB documents every book has (title page, copyright page, NCX): not part of a
    /// feature's golden.
    static let commonDocuments: Set<String> = [
        "epub/OEBPS/title-page.xhtml", "epub/OEBPS/copyright.xhtml", "epub/OEBPS/toc.ncx", "epub/OEBPS/cover.xhtml",
    ]

    // MARK: - The sample manuscript

    /// Every output of the sample: each EPUB entry, each site file, the reports and the manifest.
    @Test func sampleManuscript() throws {
        let built = try Built(Self.sample)
        var tree = try built.archive("\(built.slug).epub", as: "epub")
        for (path, data) in try Golden.files(in: built.dist) where !path.hasSuffix(".epub") {
            tree[path] = data
        }
        tree["diagnostics.txt"] = Data(built.diagnosticsText.utf8)
        try Golden.verify(
            tree: tree, matches: Self.books.appendingPathComponent("the-lighthouse-keeper/expected"), masks: built.masks,
            digestOnly: Self.isCopiedAsset)
    }

    /// The sample's DOCX parts. The writer is native, but it rasterises SVG images with
    /// rsvg-convert; those PNGs (word/media/fallback/) depend on librsvg and the installed
    /// fonts, so only their presence is pinned.
    @Test(.enabled(if: hasRSVG, "rsvg-convert is not installed; the DOCX golden needs its SVG fallbacks"))
    func sampleManuscriptDOCX() throws {
        let built = try Built(Self.sample, formats: [.docx])
        var tree = try built.archive("\(built.slug).docx", as: "docx")
        let fallbacks = "docx/word/media/fallback/"
        for path in tree.keys where path.hasPrefix(fallbacks) && path.hasSuffix(".png") {
            tree[path] = Data("[PNG made by rsvg-convert from the SVG of the same name]\n".utf8)
        }
        try Golden.verify(
            tree: tree, matches: Self.books.appendingPathComponent("the-lighthouse-keeper/expected-docx"), masks: built.masks,
            digestOnly: { Self.isCopiedAsset($0) && !$0.hasPrefix(fallbacks) })
    }

    // MARK: - One book per feature

    static let features = [
        "footnotes", "gfm-extensions", "raw-html", "parts-and-matter", "cross-links", "images", "smart-punctuation", "code",
    ]

    /// The EPUB's documents (chapters, parts, nav, package) and images, the `<main>` of the
    /// site's chapter pages, and the diagnostics. What every book has alike
    /// (stylesheets, container, title and copyright pages) is the sample's business.
    @Test(arguments: features)
    func featureBook(_ name: String) throws {
        let built = try Built(Self.books.appendingPathComponent("\(name)/manuscript"))
        try verifyFeature(built, expected: Self.books.appendingPathComponent("\(name)/expected"))
    }

    /// The smart-punctuation book again with `smart_punctuation: false`.
    @Test func smartPunctuationOff() throws {
        let built = try Built(Self.books.appendingPathComponent("smart-punctuation/manuscript")) { root in
            let config = root.appendingPathComponent("draftforge.yml")
            let text = try String(contentsOf: config, encoding: .utf8)
            try text.replacingOccurrences(of: "smart_punctuation: true", with: "smart_punctuation: false")
                .write(to: config, atomically: true, encoding: .utf8)
        }
        try verifyFeature(built, expected: Self.books.appendingPathComponent("smart-punctuation/expected-off"))
    }

    private func verifyFeature(_ built: Built, expected: URL) throws {
        var tree: [String: Data] = [:]
        for (path, data) in try built.archive("\(built.slug).epub", as: "epub")
        where path.hasPrefix("epub/OEBPS/") && !path.hasSuffix(".css") && !Self.commonDocuments.contains(path) {
            tree[path] = data
        }
        let site = built.dist.appendingPathComponent("html")
        for (path, data) in try Golden.files(in: site) where path.hasSuffix(".html") && !Self.commonPages.contains(path) {
            let page = String(decoding: data, as: UTF8.self)
            if let start = page.range(of: "<main"), let end = page.range(of: "</main>", range: start.upperBound..<page.endIndex) {
                tree["html-main/" + path] = Data((page[start.lowerBound..<end.upperBound] + "\n").utf8)
            }
        }
        tree["diagnostics.txt"] = Data(built.diagnosticsText.utf8)
        try Golden.verify(tree: tree, matches: expected, masks: built.masks, digestOnly: Self.isCopiedAsset)
    }
}
