import Foundation
import Testing
import DraftForgeTestSupport

/// `draftforge init` makes a manuscript that builds, with workflows GitHub accepts.
@Suite("draftforge init")
struct InitCommandTests {
    let cli = CommandLineTests()

    /// The actions generated workflows may use, at their pinned major versions.
    static let allowedActions: Set<String> = [
        "actions/checkout@v4", "actions/upload-artifact@v4", "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4", "softprops/action-gh-release@v2",
        "github/codeql-action/upload-sarif@v3", "draftforge/draftforge@v1",
    ]
    static let workflows = [".github/workflows/publish.yml", ".github/workflows/check.yml"]

    func initialised() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-init-\(UUID().uuidString)")
        let run = try cli.draftforge(["init", root.path, "--title", "The \"Salt\" Road", "--author", "Ann Author", "--type", "short-story"])
        #expect(run.status == 0, "\(run.stderr)")
        return root
    }

    @Test func initThenBuildWorksInANewFolder() throws {
        let root = try initialised()
        defer { try? FileManager.default.removeItem(at: root) }
        for path in ["draftforge.yml", "chapters/01-beginning.md", "chapters/02-the-next-day.md", "bible.yml", ".gitignore"] + Self.workflows {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path) missing")
        }
        let gitignore = try String(contentsOf: root.appendingPathComponent(".gitignore"), encoding: .utf8)
        #expect(gitignore.contains("dist/") && gitignore.contains(".draftforge/"))
        let build = try cli.draftforge(["build", root.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("0 errors, 0 warnings"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("dist/the-salt-road.epub").path))
    }

    @Test func initNeverOverwrites() throws {
        let root = try initialised()
        defer { try? FileManager.default.removeItem(at: root) }
        try "title: Mine\n".write(to: root.appendingPathComponent("draftforge.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: root.appendingPathComponent("bible.yml"))
        let again = try cli.draftforge(["init", root.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("skipped draftforge.yml: it already exists"))
        #expect(again.stdout.contains("created bible.yml"))
        #expect(try String(contentsOf: root.appendingPathComponent("draftforge.yml"), encoding: .utf8) == "title: Mine\n")
    }

    @Test func initInABookSaysWhatItSkippedAndAddsNoPlaceholderChapters() throws {
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: Mine\n", "chapters/01-arrival.md": "# Arrival\n\nThe boat came in.\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["init", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == """
            created bible.yml
            created .gitignore
            created .github/workflows/publish.yml
            created .github/workflows/check.yml
            skipped draftforge.yml: it already exists
            skipped chapters/01-beginning.md: a placeholder, and the folder already holds a book (draftforge.yml)
            skipped chapters/02-the-next-day.md: a placeholder, and the folder already holds a book (draftforge.yml)
            next: draftforge build \(root.path)
            edit: the workflows use DraftForge's action draftforge/draftforge@v1 with Swift 6.3; for another fork or release, change the 'uses:' and 'swift-version:' lines in .github/workflows/publish.yml and .github/workflows/check.yml

            """)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("chapters").path) == ["01-arrival.md"])
        #expect(try String(contentsOf: root.appendingPathComponent("draftforge.yml"), encoding: .utf8) == "title: Mine\n")
    }

    @Test func chaptersWithoutAConfigGetOneWithoutAnOutline() throws {
        let root = try cli.temporaryFolder(["chapters/01-arrival.md": "# Arrival\n\nThe boat came in.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["init", root.path, "--title", "Mine"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("skipped chapters/01-beginning.md: a placeholder, and the chapters folder already holds chapters\n"))
        #expect(run.stdout.contains("created draftforge.yml\n"))
        let build = try cli.draftforge(["build", root.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("built 1 chapter, 5 words"), "\(build.stdout)")
    }

    @Test func aChapterAddedAfterInitIsBuiltAndCounted() throws {
        let root = try initialised()
        defer { try? FileManager.default.removeItem(at: root) }
        try "# Three\n\nThe third day.\n".write(
            to: root.appendingPathComponent("chapters/03-the-third-day.md"), atomically: true, encoding: .utf8)
        let build = try cli.draftforge(["build", root.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("built 3 chapters"), "\(build.stdout)")
        #expect(!build.stderr.contains("not in the outline"), "\(build.stderr)")
        let stats = try String(contentsOf: root.appendingPathComponent("dist/stats.json"), encoding: .utf8)
        #expect(stats.contains("03-the-third-day"), "the new chapter is in the stats")
    }

    @Test(.externalTools) func workflowsPassTheSchemaAndUseOnlyAllowedActions() throws {
        let root = try initialised()
        defer { try? FileManager.default.removeItem(at: root) }
        let files = Self.workflows.map { root.appendingPathComponent($0).path }
        let schema = try runCommand(["check-jsonschema", "--builtin-schema", "vendor.github-workflows"] + files)
        #expect(schema.status == 0, "check-jsonschema: \(schema.output)")
        let action = try runCommand(["check-jsonschema", "--builtin-schema", "vendor.github-actions",
                                  CommandLineTests.packageRoot.appendingPathComponent("action.yml").path])
        #expect(action.status == 0, "action.yml: \(action.output)")
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("uses:") {
                let action = line.split(separator: "uses:")[1].trimmingCharacters(in: .whitespaces)
                #expect(Self.allowedActions.contains(action), "\(file) uses \(action)")
            }
        }
    }

    @Test func theWorkflowsNameTheActionAndSwiftAndInitSaysWhatToEdit() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge([
            "init", root.path, "--tool-repository", "https://github.com/ann/draftforge.git", "--tool-ref", "v1.2.0",
            "--swift-version", "6.3.1",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("""
            edit: the workflows use DraftForge's action ann/draftforge@v1.2.0 with Swift 6.3.1; for another fork or release, \
            change the 'uses:' and 'swift-version:' lines in .github/workflows/publish.yml and .github/workflows/check.yml

            """), "\(run.stdout)")
        for workflow in Self.workflows {
            let text = try String(contentsOf: root.appendingPathComponent(workflow), encoding: .utf8)
            #expect(text.contains("uses: ann/draftforge@v1.2.0\n"), "\(workflow)")
            #expect(text.contains("swift-version: \"6.3.1\"\n"), "\(workflow)")
        }
        let check = try String(contentsOf: root.appendingPathComponent(".github/workflows/check.yml"), encoding: .utf8)
        #expect(check.contains("if: always() && hashFiles('dist/continuity.sarif') != ''\n"))
        #expect(check.contains("sarif_file: dist/continuity.sarif\n"))

        let bad = try cli.draftforge(["init", root.path, "--tool-repository", "https://gitlab.com/ann/draftforge"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--tool-repository must name a GitHub repository"), "\(bad.stderr)")
    }

    /// The action's check step, run as GitHub runs it (bash -eo pipefail) with this build of
    /// draftforge for scripts/draftforge: on an error finding it fails, and the SARIF the
    /// upload step needs is already written.
    @Test func theActionsCheckWritesTheSARIFBeforeFailingOnAnError() throws {
        let action = try String(contentsOf: CommandLineTests.packageRoot.appendingPathComponent("action.yml"), encoding: .utf8)
        let lines = action.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let step = try #require(lines.firstIndex(of: "    - id: build"))
        let run = try #require(lines[step...].firstIndex(of: "      run: |"))
        let script = lines[(run + 1)...].prefix { $0.hasPrefix("        ") || $0.isEmpty }.map { String($0.dropFirst(8)) }
            .joined(separator: "\n")
        let actionPath = try cli.temporaryFolder([
            "scripts/draftforge": "#!/bin/sh\nexec '\(CommandLineTests.binary.path)' \"$@\"\n",
        ])
        defer { try? FileManager.default.removeItem(at: actionPath) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: actionPath.appendingPathComponent("scripts/draftforge").path)
        let book = try cli.temporaryFolder([
            "draftforge.yml": "title: Tiny\n", "chapters/1.md": "# One\n\nText.\n\n![Gone](gone.png)\n",
        ])
        defer { try? FileManager.default.removeItem(at: book) }
        let outputs = book.appendingPathComponent("github-output")
        let result = try runCommand(
            ["env", "COMMAND=check", "MANUSCRIPT=.", "OUTPUT=dist", "GITHUB_ACTION_PATH=\(actionPath.path)",
             "GITHUB_OUTPUT=\(outputs.path)", "GITHUB_ACTIONS=true", "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            in: book)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("::error "), "the annotations: \(result.output)")
        let sarif = try String(contentsOf: book.appendingPathComponent("dist/continuity.sarif"), encoding: .utf8)
        #expect(sarif.contains("manuscript.missing-image"))
        #expect(try String(contentsOf: outputs, encoding: .utf8) == "sarif=dist/continuity.sarif\n")
    }

    @Test func workflowsCallOnlyFlagsTheCommandHas() throws {
        let root = try initialised()
        defer { try? FileManager.default.removeItem(at: root) }
        let texts = try (Self.workflows.map { root.appendingPathComponent($0) } + [CommandLineTests.packageRoot.appendingPathComponent("action.yml")])
            .map { try String(contentsOf: $0, encoding: .utf8) }
        var checked = 0
        for text in texts {
            for line in text.split(separator: "\n") {
                guard let range = line.range(of: "scripts/draftforge") else { continue }
                let words = line[range.upperBound...].split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                guard let subcommand = words.first, !subcommand.hasPrefix("$") else { continue }
                let help = try cli.draftforge([subcommand, "--help"])
                #expect(help.stdout.contains("USAGE: draftforge \(subcommand)"), "draftforge has no \(subcommand) command")
                for flag in words.dropFirst() where flag.hasPrefix("--") {
                    #expect(help.stdout.contains(flag), "draftforge \(subcommand) has no \(flag)")
                    checked += 1
                }
            }
        }
        for flag in ["--output", "--format", "--allow-blocking"] {
            #expect(try cli.draftforge(["build", "--help"]).stdout.contains(flag))
        }
        #expect(checked >= 3)
    }

    /// A technical book's scaffold builds with no warning: its listing included and coloured,
    /// its formula MathML, its figure numbered and referred to.
    @Test func aTechnicalBookScaffoldBuildsWithItsListingFormulaAndFigure() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["init", root.path, "--type", "technical-book", "--title", "Systems"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("bible.yml").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("listings/hello.rs").path))
        let build = try cli.draftforge(["build", root.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("0 errors, 0 warnings"), "\(build.stdout)\(build.stderr)")
        let page = try String(contentsOf: root.appendingPathComponent("dist/html/01-getting-started.html"), encoding: .utf8)
        #expect(page.contains(#"<span class="hl-string">"world"</span>"#), "the included listing, coloured")
        #expect(page.contains("<math") && page.contains("<mfrac>"))
        #expect(page.contains("Figure 1.1"))
    }

    /// `init --from-mdbook` writes what it read from book.toml as a draftforge.yml that builds
    /// the same chapters, and leaves the mdBook's own files alone.
    @Test func fromMdBookWritesTheConfigItReadAndTheBookStillBuilds() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "book.toml": "[book]\ntitle = \"A \\\"Quoted\\\" Book\"\nauthors = [\"Ann\"]\nlanguage = \"de\"\n\n[output.html]\nsmart-punctuation = true\n",
            "src/SUMMARY.md": "[Intro](README.md)\n\n- [One](part/one.md)\n",
            "src/README.md": "# Intro\n\nText.\n", "src/part/one.md": "# One\n\nMore text.\n",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let run = try cli.draftforge(["init", "--from-mdbook", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("created draftforge.yml") && !run.stdout.contains("chapters/"), "\(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("bible.yml").path))
        let config = try String(contentsOf: root.appendingPathComponent("draftforge.yml"), encoding: .utf8)
        #expect(config.contains("title: \"A \\\"Quoted\\\" Book\"\nauthors: [\"Ann\"]\nlanguage: de\n"), "\(config)")
        #expect(config.contains("smart_punctuation: true"))
        let build = try cli.draftforge(["build", root.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("built 2 chapters") && build.stdout.contains("0 errors, 0 warnings"), "\(build.stdout)")

        let elsewhere = try cli.draftforge(["init", "--from-mdbook", root.appendingPathComponent("src").path])
        #expect(elsewhere.status == 2)
        #expect(elsewhere.stderr.contains("book.toml: error: no book.toml in"), "\(elsewhere.stderr)")
    }
}
