// A manuscript in a temporary folder, a preview server on a free port of 127.0.0.1 serving it,
// and a record of what the server reported.
import DraftForgeKit
import Foundation
import Glibc
import Testing
@testable import DraftForgePreview

final class TestFolder: @unchecked Sendable {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("draftforge-preview-test-\(UUID().uuidString)")
            .resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try SettledWrite.write(files, under: root)
    }

    /// A small valid manuscript plus `files`.
    static func manuscript(_ files: [String: String] = [:]) throws -> TestFolder {
        var all = [
            "draftforge.yml": "title: Test Book\nauthors: [Ann Author]\n",
            "chapters/01-one.md": "# One\n\nThe first chapter.\n",
        ]
        for (path, text) in files { all[path] = text }
        return try TestFolder(all)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ path: String, _ text: String) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func append(_ path: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: url(path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: url(path))
    }
}

/// Writes files and returns once the kernel has reported each of them closed.
///
/// A process another test spawns while one of these files is open copies the descriptor and
/// holds it until it execs; the file's only close event comes then. Without this wait that
/// event can reach a watcher started after the file was written, as a save nobody made.
enum SettledWrite {
    static let timeout: TimeInterval = 120

    static func write(_ files: [String: String], under root: URL) throws {
        guard !files.isEmpty else { return }
        let inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotify >= 0 else { throw TestFailure("inotify_init1 failed") }
        defer { close(inotify) }
        var folders: [Int32: String] = [:]
        var folderPaths: Set<String> = [""]
        for path in files.keys {
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, folderPaths.insert(folder).inserted {
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        for folder in folderPaths.sorted() {
            let url = folder.isEmpty ? root : root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let descriptor = inotify_add_watch(inotify, url.path, UInt32(IN_CLOSE_WRITE))
            guard descriptor >= 0 else { throw TestFailure("cannot watch \(url.path)") }
            folders[descriptor] = folder
        }
        for (path, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(path)) }

        var unclosed = Set(files.keys)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let deadline = Date().addingTimeInterval(timeout)
        while !unclosed.isEmpty {
            guard Date() < deadline else {
                throw TestFailure("still open after \(Int(timeout)) s: \(unclosed.sorted())")
            }
            var ready = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
            _ = poll(&ready, 1, 1000)
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            FileWatcher.forEachEvent(in: buffer, count: count) { event, name in
                guard let folder = folders[event.wd] else { return }
                unclosed.remove(folder.isEmpty ? name : folder + "/" + name)
            }
        }
    }
}

/// What the server reported, for tests to wait on.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [PreviewEvent] = []

    func record(_ event: PreviewEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var all: [PreviewEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    var builds: [PreviewBuildReport] {
        all.compactMap { if case .built(let result, _, _) = $0 { result } else { nil } }
    }

    var skipped: [[String]] {
        all.compactMap { if case .skipped(let paths) = $0 { paths } else { nil } }
    }

    /// Waits until `condition` holds, polling; throws after `timeout` seconds.
    func waitUntil(
        timeout: TimeInterval = 120, _ what: String, _ condition: @escaping ([PreviewEvent]) -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(all) {
            guard Date() < deadline else { throw TestFailure("timed out waiting for \(what); events: \(all)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A running preview of `folder` and how to reach it.
struct RunningPreview {
    let server: PreviewServer
    let port: UInt16
    let recorder: EventRecorder

    static func start(
        _ folder: TestFolder, build: PreviewServer.Build? = nil, debounce: Duration = .milliseconds(50),
        formats: [ExportFormat] = [.epub], limits: HTTPLimits = HTTPLimits()
    ) async throws -> RunningPreview {
        var options = PreviewOptions(root: folder.root)
        options.limits = limits
        // The EPUB alone by default: the served folder is then the output folder, as a listing.
        options.formats = formats
        options.port = 0
        options.debounce = debounce
        options.environment = ["SOURCE_DATE_EPOCH": "1700000000"]
        let recorder = EventRecorder()
        let server: PreviewServer
        if let build {
            server = PreviewServer(options: options, build: build, onEvent: recorder.record)
        } else {
            server = PreviewServer(options: options, onEvent: recorder.record)
        }
        let url = try await server.start()
        guard let port = url.port.flatMap(UInt16.init) else { throw TestFailure("no port in \(url)") }
        #expect(url.host == "127.0.0.1")
        return RunningPreview(server: server, port: port, recorder: recorder)
    }

    func get(_ target: String) async throws -> HTTPTestResponse {
        try await HTTPTestClient.get(target, port: port)
    }

    func events() async throws -> EventStreamClient {
        try await EventStreamClient.connect(port: port)
    }
}

/// A minimal stand-in for the HTML site, whose every byte the tests know: the real build, then `html/` beside its outputs
/// with an index that lists the chapters, a page per chapter holding its Markdown, a
/// stylesheet and a 404 page. Lets the tests see HTML pages served and changed.
let stubSiteBuild: PreviewServer.Build = { options throws(BuildFailure) in
    let result = try Pipeline.build(options)
    let site = options.resolvedOutputDirectory.appendingPathComponent("html")
    let chapters = options.root.appendingPathComponent("chapters")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: chapters.path)) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted()
    var files: [String: String] = [
        "style.css": "body { color: black; }\n",
        "data.json": "{\"chapters\": \(names.count)}\n",
        "404.html": "<!DOCTYPE html><html><head><title>Lost</title></head><body><p>The site's own 404.</p></BODY></html>\n",
    ]
    var links = ""
    for name in names {
        let text = (try? String(contentsOf: chapters.appendingPathComponent(name), encoding: .utf8)) ?? ""
        let page = String(name.dropLast(3)) + ".html"
        links += "<li><a href=\"\(page)\">\(name)</a></li>"
        files[page] = "<!DOCTYPE html><html><head><title>\(name)</title></head><body><pre>\(text)</pre></body></html>\n"
    }
    files["index.html"] = "<!DOCTYPE html><html><head><title>Index</title></head><body><ul>\(links)</ul></body></html>\n"
    for (path, text) in files {
        let url = site.appendingPathComponent(path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: url)
    }
    return result
}

/// The text of the entries of an EPUB, read with Python's zipfile (an independent reader).
func epubText(_ data: Data) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-preview-\(UUID().uuidString).epub")
    try data.write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "python3", "-c",
        "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint('\\n'.join(z.read(n).decode('utf-8', 'replace') for n in z.namelist() if n.endswith('.xhtml')))",
        file.path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestFailure("python3 could not read the EPUB") }
    return String(decoding: output, as: UTF8.self)
}
