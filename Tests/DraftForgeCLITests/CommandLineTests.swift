import Foundation
import Testing

/// Runs the built `draftforge` binary as a user would and checks output and exit codes.
@Suite("draftforge command line")
struct CommandLineTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("draftforge")
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func draftforge(_ arguments: [String], in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = "1700000000"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryFolder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-cli-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func buildsTheSampleAndPrintsASummary() throws {
        let output = try temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try draftforge(["build", "Samples/the-lighthouse-keeper", "--output", output.path], in: Self.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("built 6 chapters"))
        #expect(run.stdout.contains("epub: \(output.path)/lighthouse-keepers-daughter.epub"))
        // The site is a folder: its line names the folder, its file count and total size.
        let site = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("  html: ") })
        #expect(site.hasPrefix("  html: \(output.path)/html/ ("), "\(site)")
        #expect(site.range(of: #"\(\d+ files, [0-9.,]+ (KB|MB)\)$"#, options: .regularExpression) != nil, "\(site)")
        #expect(run.stdout.contains("0 errors, 0 warnings"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("lighthouse-keepers-daughter.epub").path))
    }

    @Test func buildIsTheDefaultCommandAndDistTheDefaultFolder() throws {
        let root = try temporaryFolder(["draftforge.yml": "title: Tiny\n", "chapters/1.md": "# One\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try draftforge([], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/tiny.epub").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/html/index.html").path))
    }

    @Test func badInputExitsWithTwoAndNamesFileAndLine() throws {
        let root = try temporaryFolder(["draftforge.yml": "title: T\ntarget_word_count: many\n", "chapters/1.md": "x\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try draftforge(["build", root.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("draftforge.yml:2:20: error: 'target_word_count' must be a whole number [config.type]"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("dist").path))
    }

    @Test func missingConfigExitsWithTwo() throws {
        let root = try temporaryFolder(["chapters/1.md": "x\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try draftforge(["build", root.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("draftforge.yml: error: no draftforge.yml in"))
    }

    @Test func blockingFindingExitsWithOneUnlessAllowed() throws {
        let root = try temporaryFolder(["draftforge.yml": "title: T\n", "chapters/1.md": "# One\n\n![x](https://example.com/x.png)\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let blocked = try draftforge(["build", root.path])
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("chapters/1.md:3:6: error: the image 'https://example.com/x.png' is not a file in the manuscript"))
        #expect(blocked.stderr.contains("--allow-blocking"))
        let allowed = try draftforge(["build", root.path, "--allow-blocking"])
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("1 errors, 0 warnings"))
    }

    @Test func usageErrorsExitWith64() throws {
        let run = try draftforge(["build", "--format", "mobi"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown format 'mobi'"))
        #expect(try draftforge(["build", "--no-such-flag"]).status == 64)
    }

    @Test func formatAcceptsListsAndRepeats() throws {
        let root = try temporaryFolder(["draftforge.yml": "title: T\n", "chapters/1.md": "x\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try draftforge(["build", root.path, "--format", "epub,epub", "-f", "epub"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/html").path))
        let html = try draftforge(["build", root.path, "-f", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.contains("  html: ") && !html.stdout.contains("  epub: "))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/html/1.html").path))
    }
}
