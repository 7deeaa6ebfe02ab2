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
        "github/codeql-action/upload-sarif@v3",
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
