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

    func draftforge(
        _ arguments: [String], in directory: URL? = nil, executable: String? = nil, extra: [String] = [],
        environment extraEnvironment: [String: String] = [:]
    ) throws -> Run {
        let process = Process()
        process.executableURL = executable.map(URL.init(fileURLWithPath:)) ?? Self.binary
        process.arguments = extra + arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = "1700000000"
        environment["GITHUB_ACTIONS"] = nil  // annotations only where a test asks for them
        environment["GITHUB_WORKSPACE"] = nil
        environment.merge(extraEnvironment) { $1 }
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

    /// One entry of a zip archive, read with unzip.
    func unzip(_ archive: URL, entry: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", archive.path, entry]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
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

    @Test func aMistypedCommandIsNamedAndBuildsNothing() throws {
        let root = try temporaryFolder(["draftforge.yml": "title: Tiny\n", "chapters/1.md": "# One\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try draftforge(["biuld"], in: root)
        #expect(run.status == 64)
        #expect(run.stderr == "unknown command 'biuld'; did you mean 'build'?\n")
        #expect(run.stdout == "")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("dist").path), "nothing was built")
        // A folder of that name is a manuscript, as before: no guessing about a path that exists.
        let book = try temporaryFolder(["biuld/draftforge.yml": "title: Tiny\n", "biuld/chapters/1.md": "# One\n"])
        defer { try? FileManager.default.removeItem(at: book) }
        let built = try draftforge(["biuld"], in: book)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(FileManager.default.fileExists(atPath: book.appendingPathComponent("biuld/dist/tiny.epub").path))
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
        let root = try temporaryFolder(["draftforge.yml": "title: T\n", "chapters/1.md": "# One\n\n![x](file:///etc/hostname)\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let blocked = try draftforge(["build", root.path])
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("chapters/1.md:3:6: error: the image 'file:///etc/hostname' is not a file in the manuscript"))
        #expect(blocked.stderr.contains("--allow-blocking"))
        let allowed = try draftforge(["build", root.path, "--allow-blocking"])
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("1 error, 0 warnings"))
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

@Suite("draftforge command line: output control and clean")
struct CommandLineOutputTests {
    let cli = CommandLineTests()

    func tinyBook(_ config: String = "title: Tiny\n") throws -> URL {
        try cli.temporaryFolder(["draftforge.yml": config, "chapters/1.md": "# One\n\nText.\n"])
    }

    @Test func versionIsPrinted() throws {
        let run = try cli.draftforge(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }

    @Test func strictTurnsWarningsIntoExitCodeThree() throws {
        let root = try tinyBook("title: Tiny\nsubtitel: oops\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let relaxed = try cli.draftforge(["build", root.path])
        #expect(relaxed.status == 0)
        let strict = try cli.draftforge(["build", root.path, "--strict"])
        #expect(strict.status == 3)
        #expect(strict.stderr.contains("draftforge.yml:2:1: warning: unknown config key 'subtitel' [config.unknown-key]"))
        #expect(strict.stderr.contains("suggestion: did you mean 'subtitle'?"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/tiny.epub").path))
        let clean = try cli.draftforge(["build", try tinyBook().path, "--strict"])
        #expect(clean.status == 0)
    }

    @Test func quietPrintsErrorsOnly() throws {
        let root = try tinyBook("title: Tiny\nsubtitel: oops\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["build", root.path, "--quiet"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.isEmpty)
        try "title: [broken\n".write(to: root.appendingPathComponent("draftforge.yml"), atomically: true, encoding: .utf8)
        let failing = try cli.draftforge(["build", root.path, "-q"])
        #expect(failing.status == 2)
        #expect(failing.stderr.contains("error:"))
    }

    @Test func verboseAddsStageTimingsAndPeakMemory() throws {
        let root = try tinyBook()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["build", root.path, "--verbose"])
        #expect(run.status == 0)
        for stage in ["load", "render", "epub"] {
            #expect(run.stdout.range(of: "\n  \(stage) +[0-9]+\\.[0-9]{3} s  \\(peak memory [0-9]+ MB\\)\n", options: .regularExpression) != nil,
                    "no timing for \(stage) in \(run.stdout)")
        }
        #expect(try cli.draftforge(["build", root.path, "-q", "-v"]).status == 64)
    }

    @Test func progressIsPlainLinesWithoutATerminal() throws {
        let root = try tinyBook()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["build", root.path])
        #expect(run.stderr == "loaded 1 chapter\nparsed 1 chapter\nwrote epub: tiny.epub\nwrote html: html\n")
    }

    @Test func progressUpdatesOneLineOnATerminal() throws {
        let root = try tinyBook()
        defer { try? FileManager.default.removeItem(at: root) }
        // script(1) gives the command a pseudo-terminal.
        let run = try cli.draftforge(["-c", "\(CommandLineTests.binary.path) build \(root.path)", "/dev/null"], executable: "/usr/bin/script", extra: ["-q", "-e"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\r\u{1B}[Kparsing chapters 1/1"))
        #expect(!run.stdout.contains("loaded 1 chapter"))
    }

    @Test func cleanRemovesOnlyWhatBuildsWrote() throws {
        let root = try tinyBook()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try cli.draftforge(["build", root.path]).status == 0)
        let dist = root.appendingPathComponent("dist")
        try "mine".write(to: dist.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let run = try cli.draftforge(["clean", root.path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("removed continuity.json, continuity.sarif, html, manifest.json, stats.json, tiny.epub from"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dist.path) == ["notes.txt"])
        try FileManager.default.removeItem(at: dist.appendingPathComponent("notes.txt"))
        #expect(try cli.draftforge(["build", root.path]).status == 0)
        #expect(try cli.draftforge(["clean", root.path]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dist.path), "an emptied output folder is removed")
        #expect(try cli.draftforge(["clean", root.path]).stdout.contains("nothing to clean"))
    }

    @Test func cleanRefusesAFolderThatIsNotAManuscript() throws {
        let root = try cli.temporaryFolder(["dist/keep.txt": "x"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["clean", root.path])
        #expect(run.status == 2)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/keep.txt").path))
    }
}

@Suite("draftforge in GitHub Actions and the manifest command")
struct GitHubActionsTests {
    let cli = CommandLineTests()

    @Test func aTagBuildReportsToTheWorkflow() throws {
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: Tiny\nsubtitel: typo\n",
            "chapters/1.md": "# One\n\nSee [gone](missing.md).\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let outputFile = root.appendingPathComponent("github-output")
        let summaryFile = root.appendingPathComponent("github-summary")
        let run = try cli.draftforge(["build", root.path], environment: [
            "GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": outputFile.path, "GITHUB_STEP_SUMMARY": summaryFile.path,
            "GITHUB_REF_TYPE": "tag", "GITHUB_REF_NAME": "v1.2.0",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("::warning file=draftforge.yml,line=2,col=1,title=config.unknown-key::unknown config key 'subtitel'%0ASuggestion: did you mean 'subtitle'?"))
        #expect(run.stdout.contains("::warning file=chapters/1.md,line=3,col=12,title=manuscript.broken-link "))
        let epub = root.appendingPathComponent("dist/tiny-1.2.0.epub")
        #expect(FileManager.default.fileExists(atPath: epub.path))
        let outputs = try String(contentsOf: outputFile, encoding: .utf8)
        #expect(outputs.contains("epub=\(epub.path)\n"))
        #expect(outputs.contains("manifest=\(root.appendingPathComponent("dist/manifest.json").path)\n"))
        #expect(outputs.contains("version=1.2.0\n"))
        #expect(outputs.contains("word_count=3\n"))
        let summary = try String(contentsOf: summaryFile, encoding: .utf8)
        #expect(summary.contains("## Tiny 1.2.0"))
        #expect(summary.contains("**Findings:** 0 errors, 2 warnings"))
        #expect(summary.contains("| tiny-1.2.0.epub |"))
        let opf = try String(decoding: cli.unzip(epub, entry: "OEBPS/content.opf"), as: UTF8.self)
        #expect(opf.contains("<meta property=\"schema:version\">1.2.0</meta>"))
    }

    @Test func annotationsAreCappedAtTenPerKindErrorsFirst() throws {
        var chapter = "# One\n\n"
        for index in 1...12 { chapter += "[link \(index)](gone-\(index).md)\n\n" }
        for index in 1...11 { chapter += "![image \(index)](none-\(index).png)\n\n" }
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Tiny\n", "chapters/1.md": chapter])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["build", root.path, "--allow-blocking"], environment: ["GITHUB_ACTIONS": "true"])
        let annotations = run.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(annotations.count == 20)
        #expect(annotations.prefix(10).allSatisfy { $0.hasPrefix("::error ") })
        #expect(annotations.suffix(10).allSatisfy { $0.hasPrefix("::warning ") })
        #expect(run.stdout.contains("3 more findings not shown as annotations (1 error, 2 warnings)"))
    }

    @Test func manifestCommandListsAndVerifies() throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Tiny\n", "chapters/1.md": "# One\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try cli.draftforge(["manifest", root.path]).status == 2)
        #expect(try cli.draftforge(["build", root.path]).status == 0)
        let table = try cli.draftforge(["manifest", root.path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("1        "))
        #expect(table.stdout.contains("epub  completed"))
        let json = try cli.draftforge(["manifest", root.path, "--json"])
        #expect(json.stdout.contains("\"export_jobs\""))
        #expect(try cli.draftforge(["manifest", root.path, "--verify"]).stdout.contains("all 2 outputs match the manifest"))
        try Data("tampered".utf8).write(to: root.appendingPathComponent("dist/tiny.epub"))
        let changed = try cli.draftforge(["manifest", root.path, "--verify"])
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("tiny.epub: changed"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("dist/tiny.epub"))
        #expect(try cli.draftforge(["manifest", root.path, "--verify"]).stdout.contains("tiny.epub: missing"))
    }
}
