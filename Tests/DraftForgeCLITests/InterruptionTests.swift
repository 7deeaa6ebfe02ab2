import Foundation
import Testing

/// A CI step's timeout sends SIGTERM: the build once died alone, leaving the PDF engine running
/// as an orphan and its private folder behind.
@Suite("A build stopped by a signal")
struct InterruptionTests {
    let cli = CommandLineTests()

    @Test func sigtermStopsThePDFEngineRemovesItsFolderAndExits143() throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Stopped\npdf:\n  engine: weasyprint\n", "chapters/01.md": "# One\n\nText.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        // An engine that writes down where it works and who it is, then hangs.
        let record = root.appendingPathComponent("engine.txt")
        let engine = root.appendingPathComponent("fake-weasyprint")
        try "#!/bin/sh\necho \"$$ $(dirname \"$2\")\" > '\(record.path)'\nexec sleep 120\n"
            .write(to: engine, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: engine.path)

        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = ["build", root.path, "--format", "pdf", "--quiet"]
        var environment = ProcessInfo.processInfo.environment
        environment["DRAFTFORGE_WEASYPRINT"] = engine.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = Date()
        while (try? String(contentsOf: record, encoding: .utf8))?.hasSuffix("\n") != true {
            guard Date().timeIntervalSince(started) < 120, process.isRunning else {
                Issue.record("the engine never started")
                process.terminate()
                return
            }
            usleep(50_000)
        }
        let fields = try String(contentsOf: record, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: " ", maxSplits: 1).map(String.init)
        let enginePID = try #require(Int32(fields[0]))
        let folder = fields[1]
        #expect(FileManager.default.fileExists(atPath: folder))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 143, "\(process.terminationStatus)")
        // The engine is gone (or a zombie of the exited build, reaped by init), and so is its folder.
        var engineAlive = kill(enginePID, 0) == 0
        let deadline = Date().addingTimeInterval(10)
        while engineAlive, Date() < deadline {
            let state = (try? String(contentsOfFile: "/proc/\(enginePID)/stat", encoding: .utf8)) ?? ""
            engineAlive = !state.isEmpty && state.split(separator: ")").last?.split(separator: " ").first != "Z"
            if engineAlive { usleep(50_000) }
        }
        #expect(!engineAlive, "the PDF engine \(enginePID) outlived the build")
        #expect(!FileManager.default.fileExists(atPath: folder), "the engine's folder \(folder) was left behind")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/stopped.pdf").path))
    }
}
