// Manuscripts written into a fresh temporary folder, built through the real pipeline.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// A manuscript folder made for one test and removed with it.
final class TestManuscript {
    let root: URL

    /// `files` maps root-relative paths to their contents.
    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("draftforge-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A minimal valid manuscript plus `files`.
    static func minimal(_ files: [String: String] = [:], config: String = "title: Test Book\nauthors: [Ann Author]\n")
        throws -> TestManuscript
    {
        var all = ["draftforge.yml": config, "chapters/01-one.md": "# One\n\nFirst chapter.\n"]
        for (path, text) in files { all[path] = text }
        return try TestManuscript(all)
    }

    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    var dist: URL { root.appendingPathComponent("dist") }

    func options(allowBlocking: Bool = false, output: URL? = nil) -> BuildOptions {
        BuildOptions(
            root: root, outputDirectory: output, allowBlocking: allowBlocking,
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    }

    func build(allowBlocking: Bool = false, output: URL? = nil) throws(BuildFailure) -> BuildResult {
        try Pipeline.build(options(allowBlocking: allowBlocking, output: output))
    }

    /// The failure a build must end in; records an issue when it succeeds instead.
    func failure(allowBlocking: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> BuildFailure? {
        do {
            _ = try build(allowBlocking: allowBlocking)
            Issue.record("the build succeeded", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    func loadManuscript() throws(BuildFailure) -> (Manuscript, [Diagnostic]) {
        let context = BuildContext(root: root)
        let manuscript = try LoadStage().run(context: context)
        return (manuscript, context.diagnostics)
    }

    /// Loads and renders without packaging.
    func render() throws(BuildFailure) -> (RenderedBook, [Diagnostic]) {
        let context = BuildContext(root: root)
        let manuscript = try LoadStage().run(context: context)
        let book = try RenderStage(buildDate: BuildDate.fallback).run(manuscript, context: context)
        return (book, context.diagnostics)
    }
}

/// The entries of an EPUB, read back with Python's zipfile (an independent reader).
struct EPUBContents {
    let names: [String]
    private let texts: [String: String]

    init(_ url: URL) throws {
        let script = """
            import json, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            print(json.dumps({i.filename: z.read(i).decode('utf-8', 'replace') for i in z.infolist()}))
            print(json.dumps([i.filename for i in z.infolist()]))
            """
        let result = try runCommand(["python3", "-c", script, url.path])
        let lines = result.output.split(separator: "\n")
        guard result.status == 0, lines.count == 2 else { throw TestError("cannot read \(url.path): \(result.output)") }
        texts = try JSONDecoder().decode([String: String].self, from: Data(lines[0].utf8))
        names = try JSONDecoder().decode([String].self, from: Data(lines[1].utf8))
    }

    subscript(name: String) -> String? { texts[name] }

    /// The XHTML documents in the EPUB.
    var xhtml: [(name: String, text: String)] {
        names.filter { $0.hasSuffix(".xhtml") }.map { ($0, texts[$0] ?? "") }
    }
}

/// Every file under `folder` by relative path, with its bytes: two equal results mean the
/// folder did not change.
func folderContents(_ folder: URL) throws -> [String: Data] {
    try Golden.files(in: folder)
}

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared` beside the project.
let sharedFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

extension RenderedChapter {
    /// The chapter as the EPUB writes it.
    var xhtml: String { XHTMLSerializer.serialize(page, style: EPUBPackager.chapterStyle) }
}
