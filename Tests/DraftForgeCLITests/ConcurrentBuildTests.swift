import Foundation
import Testing

/// Two `draftforge build`s of one manuscript at once, as two CI jobs or a build beside
/// `serve` would run them: both finish, and dist/ holds one whole, valid EPUB, no temporary
/// files, and a manifest that records both builds.
@Suite("Concurrent builds")
struct ConcurrentBuildTests {
    @Test func twoBuildsAtOnceLeaveAWholeOutput() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-concurrent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try "title: Twice\n".write(to: root.appendingPathComponent("draftforge.yml"), atomically: true, encoding: .utf8)
        let paragraph = String(repeating: "The lamp turned and the *sea* answered. ", count: 40) + "\n\n"
        for number in 1...200 {
            try ("# Chapter \(number)\n\n" + String(repeating: paragraph, count: 10))
                .write(to: root.appendingPathComponent(String(format: "chapters/%03d.md", number)), atomically: true, encoding: .utf8)
        }

        func start() throws -> (Process, Pipe) {
            let process = Process()
            process.executableURL = CommandLineTests.binary
            process.arguments = ["build", root.path, "--quiet"]
            var environment = ProcessInfo.processInfo.environment
            environment["SOURCE_DATE_EPOCH"] = "1700000000"
            process.environment = environment
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return (process, pipe)
        }
        let runs = [try start(), try start()]
        for (process, pipe) in runs {
            let errors = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(errors)")
        }

        let dist = root.appendingPathComponent("dist")
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted()
        #expect(names == [
            ".draftforge-outputs", ".draftforge.lock", "continuity.json", "continuity.sarif", "html", "manifest.json",
            "stats.json", "twice.epub",
        ])
        let test = Process()
        test.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        test.arguments = ["-tq", dist.appendingPathComponent("twice.epub").path]
        test.standardOutput = FileHandle.nullDevice
        try test.run()
        test.waitUntilExit()
        #expect(test.terminationStatus == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dist.appendingPathComponent("manifest.json")))
        let builds = (manifest as? [String: Any])?["builds"] as? [[String: Any]]
        #expect(builds?.count == 2)
        #expect(Set(builds?.compactMap { $0["version"] as? Int } ?? []) == [1, 2])
    }
}
