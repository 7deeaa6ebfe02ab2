import Foundation
import Testing

#if canImport(Glibc)
import Glibc
import DraftForgeTestSupport
#endif

/// `serve` builds in a worker process: a build that crashes (here on purpose, through
/// `DRAFTFORGE_TEST_CRASH_BUILD`) fails that build only. The server goes on serving the last good
/// site and shows the error, the dead build's folders go, a fresh worker takes the next save, and
/// a stopped serve leaves no worker behind.
@Suite("serve's build worker", .serialized)
struct ServeWorkerTests {
    static let marker = "CRASH-THE-BUILD-HERE"
    let serve = ServeCommandTests()

    /// A running serve of a fresh manuscript, with its own temporary folder, whose worker
    /// crashes on `marker`.
    struct Running {
        let root: URL
        let temporary: URL
        let process: ServeCommandTests.ServeProcess
        let port: UInt16

        /// The one work folder serve made.
        func workFolder() throws -> URL {
            let names = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
                .filter { $0.hasPrefix("draftforge-serve-") }
            guard names.count == 1 else { throw TestError("work folders: \(names)") }
            return temporary.appendingPathComponent(names[0])
        }

        /// What the work folder holds: build-N and worker-N folders.
        func workContents() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: workFolder().path).sorted()
        }

        func save(_ text: String) throws {
            try text.write(to: root.appendingPathComponent("chapters/01.md"), atomically: false, encoding: .utf8)
        }

        func remove() {
            if process.process.isRunning { kill(process.process.processIdentifier, SIGKILL) }
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    func start() throws -> Running {
        let root = try serve.temporaryManuscript()
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-worker-tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let process = try ServeCommandTests.ServeProcess(
            [root.path, "--port", "0"],
            environment: ["TMPDIR": temporary.path, "DRAFTFORGE_TEST_CRASH_BUILD": Self.marker])
        try process.waitForOutput("serving at", timeout: 120)
        return Running(root: root, temporary: temporary, process: process, port: try serve.port(in: process.stdout))
    }

    @Test func aBuildThatCrashesLeavesTheServerServingAndShowsTheError() throws {
        let running = try start()
        defer { running.remove() }
        let first = try waitForChildren(of: running.process.process.processIdentifier)
        #expect(first.count == 1, "one worker: \(first)")
        #expect(try running.workContents() == ["build-1", "worker-1"])

        try running.save("# One\n\nThis text \(Self.marker) crashes the build.\n")
        // The error's line comes first and "build failed …" after it: wait for both, or a loaded
        // machine reads standard error between the two.
        try waitFor(in: running.process, "[preview.build-crashed]", timeout: 120)
        try waitFor(in: running.process, "build failed after a change", timeout: 120)
        #expect(running.process.stderr.contains("killed by signal \(SIGSEGV) (SIGSEGV"), "\(running.process.stderr)")
        #expect(running.process.stderr.contains("build failed after a change to chapters/01.md"))

        // Still serving the last good site, and the pages hear of the error.
        #expect(running.process.process.isRunning)
        let page = try serve.httpGet("/01.html", port: running.port)
        #expect(page.hasPrefix("HTTP/1.1 200"))
        #expect(page.contains("Text.") && !page.contains(Self.marker))
        let hello = try serve.helloEvent(port: running.port)
        #expect(hello.contains("\"code\":\"preview.build-crashed\""), "\(hello)")

        // The dead worker and what its build left are gone; a fresh worker waits.
        #expect(!isAlive(first[0]))
        #expect(try running.workContents() == ["build-1", "worker-2"])
        let second = try waitForChildren(of: running.process.process.processIdentifier)
        #expect(second.count == 1 && second != first, "\(first) then \(second)")

        kill(running.process.process.processIdentifier, SIGINT)
        #expect(try running.process.waitForExit(timeout: 60) == 0)
    }

    @Test func theNextGoodSaveAfterACrashRebuilds() throws {
        let running = try start()
        defer { running.remove() }
        try running.save("# One\n\n\(Self.marker)\n")
        try waitFor(in: running.process, "[preview.build-crashed]", timeout: 120)

        try running.save("# One\n\nThe lamp is lit again.\n")
        try running.process.waitForOutput("built 1 chapter", timeout: 120)
        let deadline = Date().addingTimeInterval(120)
        while running.process.stdout.components(separatedBy: "built 1 chapter").count < 3 {
            guard Date() < deadline else { throw TestError("no rebuild after the crash: \(running.process.stdout)\n\(running.process.stderr)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(running.process.stdout.contains("after a change to chapters/01.md"))
        let page = try serve.httpGet("/01.html", port: running.port)
        #expect(page.contains("The lamp is lit again."), "\(page)")
        let hello = try serve.helloEvent(port: running.port)
        #expect(!hello.contains("errors"), "the error is gone: \(hello)")

        kill(running.process.process.processIdentifier, SIGINT)
        #expect(try running.process.waitForExit(timeout: 60) == 0)
    }

    @Test func sigtermStopsTheWorkerAndRemovesTheTemporaryFolders() throws {
        let running = try start()
        defer { running.remove() }
        let serveID = running.process.process.processIdentifier
        let workers = try waitForChildren(of: serveID)
        #expect(workers.count == 1)
        // A crash first, so there are a dead worker's folders to remove too.
        try running.save("# One\n\n\(Self.marker)\n")
        try waitFor(in: running.process, "[preview.build-crashed]", timeout: 120)
        let next = try waitForChildren(of: serveID)

        kill(serveID, SIGTERM)
        #expect(try running.process.waitForExit(timeout: 60) == 0)
        // Reaped by serve before it exited: not running, not even a zombie.
        for worker in workers + next { #expect(!isAlive(worker), "worker \(worker) outlived serve") }
        let left = try FileManager.default.contentsOfDirectory(atPath: running.temporary.path)
        #expect(left.isEmpty, "left in the temporary folder: \(left)")
    }

    // MARK: - Helpers

    /// Waits until standard error holds `text`.
    func waitFor(in process: ServeCommandTests.ServeProcess, _ text: String, timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !process.stderr.contains(text) {
            guard Date() < deadline, process.process.isRunning else {
                throw TestError("no '\(text)' on standard error: \(process.stdout)\n\(process.stderr)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The processes whose parent is `parent`, once there is at least one.
    func waitForChildren(of parent: Int32, timeout: TimeInterval = 60) throws -> [Int32] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let children = childProcesses(of: parent)
            if !children.isEmpty { return children }
            guard Date() < deadline else { throw TestError("process \(parent) has no child") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    func childProcesses(of parent: Int32) -> [Int32] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init) ?? []
        return ids.filter { id in
            // "pid (comm) state ppid …": the name may hold spaces and parentheses.
            guard let stat = try? String(contentsOfFile: "/proc/\(id)/stat", encoding: .utf8),
                let close = stat.range(of: ")", options: .backwards)
            else { return false }
            let fields = stat[close.upperBound...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[1]) == parent
        }.sorted()
    }

    /// Whether a process with this id exists at all (a zombie counts).
    func isAlive(_ id: Int32) -> Bool {
        FileManager.default.fileExists(atPath: "/proc/\(id)")
    }
}
