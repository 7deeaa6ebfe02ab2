// Whole builds pinned by golden files (mdBook's fixture books): the sample manuscript's every
// output, under Fixtures/books/the-lighthouse-keeper/.
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
}
