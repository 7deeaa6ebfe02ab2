import Foundation
import Testing

/// `draftforge check`, and the continuity parts of `build`, as a user runs them.
@Suite("draftforge check")
struct CheckCommandTests {
    let cli = CommandLineTests()
    static let bible = "characters:\n  - name: Sarah Quill\n    aliases: [Sarah]\n    attributes: {eyes: grey}\n"

    func book(_ chapter: String) throws -> URL {
        try cli.temporaryFolder(["draftforge.yml": "title: Tiny\n", "bible.yml": Self.bible, "chapters/1.md": chapter])
    }

    @Test func theSampleHasNoFindingsAndExitsZero() throws {
        let run = try cli.draftforge(["check", "Samples/the-lighthouse-keeper"], in: CommandLineTests.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "no findings in 6 files\n")
    }

    @Test func anErrorFindingExitsOneAndWarningsZero() throws {
        let failing = try book("# One\n\nSarah’s green eyes.\n")
        defer { try? FileManager.default.removeItem(at: failing) }
        let run = try cli.draftforge(["check", failing.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("chapters/1.md:3:1: error: Sarah Quill’s eyes are green here, but grey in bible.yml:4 [character_consistency.attribute] (blocking) cont-"))
        #expect(run.stdout.contains("1 finding in 1 file: 1 error, 0 warnings, 0 info; 1 blocks export"))
        #expect(!FileManager.default.fileExists(atPath: failing.appendingPathComponent("dist").path), "check writes nothing")

        let warning = try book("# One\n\nThe the end.\n")
        defer { try? FileManager.default.removeItem(at: warning) }
        #expect(try cli.draftforge(["check", warning.path]).status == 0)
    }

    @Test func aStoreThatWouldRefuseTheBookExitsOne() throws {
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: Tiny\nauthors: [Ann Author]\npublisher: Tiny Press\n",
            "chapters/1.md": "# One\n\nAlso on [Kobo](https://www.kobo.com/ebook/tiny).\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try cli.draftforge(["check", root.path]).status == 0, "without --store, no store is asked")
        let run = try cli.draftforge(["check", root.path, "--store", "kobo", "--store", "kdp"])
        #expect(run.status == 1)
        #expect(run.stderr.contains(
            "chapters/1.md:3: error: Amazon KDP: the link https://www.kobo.com/ebook/tiny leads to Kobo, and the store refuses books that send readers to another store [store.other-store-link]"),
            "\(run.stderr)")
        #expect(run.stderr.contains("error: Kobo: the book has no cover image [store.cover]"))
        #expect(run.stdout == "no findings in 1 file\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("dist").path), "check writes nothing")
        #expect(try cli.draftforge(["check", root.path, "--store", "nook"]).status == 64)
    }

    @Test func bibleSuggestPrintsABibleAndWritesNothing() throws {
        let chapter = "# One\n\nMr. Vesey came to Kelsworth, and he sat. Later Vesey left Kelsworth. At dawn Vesey rode to Kelsworth.\n"
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: Tiny\n", "chapters/1.md": chapter, "chapters/2.md": chapter.replacingOccurrences(of: "One", with: "Two"),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["bible", "--suggest", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("characters:\n  - name: Vesey  # 6 mentions, first at 1.md:3\n    aliases: [Mr. Vesey]\n    attributes: {gender: male}\n"), "\(run.stdout)")
        #expect(run.stdout.contains("places:\n  - name: Kelsworth  # 6 mentions, first at 1.md:3\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["chapters", "draftforge.yml"])
        #expect(try cli.draftforge(["bible", root.path]).status == 64)
    }

    @Test func theBooksOfASeriesAreCheckedTogether() throws {
        let root = try cli.temporaryFolder([
            "one/draftforge.yml": "title: One\n", "one/chapters/1.md": "Thomas died.\n",
            "one/bible.yml": "characters:\n  - name: Thomas\n    dies: '1'\n",
            "two/draftforge.yml": "title: Two\n", "two/chapters/1.md": "“Go,” said Thomas.\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let alone = try cli.draftforge(["check", "two"], in: root)
        #expect(alone.status == 0, "\(alone.stdout)\(alone.stderr)")
        let together = try cli.draftforge(["check", "one", "two/"], in: root)
        #expect(together.status == 1, "\(together.stderr)")
        #expect(together.stdout.contains("two/chapters/1.md:1:7: error: Thomas speaks here, after dying in one/1 (one/bible.yml:3)"), "\(together.stdout)")
        #expect(try cli.draftforge(["check", "one", "two", "--store", "kdp"], in: root).status == 64)
    }

    @Test func badInputExitsTwoAndBadUsage64() throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: T\n", "chapters/1.md": "x\n", "bible.yml": "characters: [\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["check", root.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bible.yml:2:1: error: YAML syntax error"))
        #expect(try cli.draftforge(["check", root.path, "--format", "xml"]).status == 64)
        #expect(try cli.draftforge(["check", root.path, "--min-severity", "fatal"]).status == 64)
    }

    @Test func jsonSarifAndGitHubFormats() throws {
        let root = try book("# One\n\nSarah’s green eyes. The the end.\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let json = try cli.draftforge(["check", root.path, "--format", "json"])
        #expect(json.status == 1)
        let record = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(record?["agent_type"] as? String == "continuity")
        #expect(record?["issues_found"] as? Int == 2)

        let errorsOnly = try cli.draftforge(["check", root.path, "--format", "json", "--min-severity", "error"])
        let filtered = try JSONSerialization.jsonObject(with: Data(errorsOnly.stdout.utf8)) as? [String: Any]
        #expect(filtered?["issues_found"] as? Int == 1)

        let sarif = try cli.draftforge(["check", root.path, "--format", "sarif"])
        let document = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        #expect(document?["version"] as? String == "2.1.0")

        let github = try cli.draftforge(["check", root.path, "--format", "github"])
        let lines = github.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("::error file=chapters/1.md,line=3,col=1,title=character_consistency.attribute cont-"))
        #expect(lines[1].hasPrefix("::warning file=chapters/1.md,line=3,col=21,title=manuscript.doubled-word cont-"))
    }

    @Test func theBuildIsBlockedByAnErrorFindingAndWritesTheReport() throws {
        let root = try book("# One\n\nSarah’s green eyes.\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let blocked = try cli.draftforge(["build", root.path])
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("[character_consistency.attribute] (blocking)"))
        let dist = root.appendingPathComponent("dist")
        // The reports and the manifest record why; no book was written.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted()
            == [".draftforge-outputs", ".draftforge.lock", "continuity.json", "continuity.sarif", "manifest.json", "stats.json"])

        let allowed = try cli.draftforge(["build", root.path, "--allow-blocking"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("continuity: 1 finding in 1 file: 1 error"))
        #expect(FileManager.default.fileExists(atPath: dist.appendingPathComponent("tiny.epub").path))
        #expect(try cli.draftforge(["clean", root.path]).stdout.contains("continuity.json"))
        #expect(!FileManager.default.fileExists(atPath: dist.path))
    }

    @Test func underGitHubActionsTheBuildPrintsAnnotationsWithRepositoryPaths() throws {
        let workspace = try cli.temporaryFolder([
            "book/draftforge.yml": "title: Tiny\n", "book/bible.yml": Self.bible,
            "book/chapters/1.md": "# One\n\nSarah’s green eyes.\n",
        ])
        defer { try? FileManager.default.removeItem(at: workspace) }
        let run = try cli.draftforge(
            ["build", workspace.appendingPathComponent("book").path, "--allow-blocking"],
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace.path, "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": String(repeating: "a", count: 40)])
        #expect(run.status == 0)
        #expect(run.stdout.contains("::error file=book/chapters/1.md,line=3,col=1,title=character_consistency.attribute cont-"))
        let record = try JSONSerialization.jsonObject(
            with: Data(contentsOf: workspace.appendingPathComponent("book/dist/continuity.json"))) as? [String: Any]
        #expect(record?["trigger"] as? String == "commit")
        #expect(record?["trigger_ref"] as? String == String(repeating: "a", count: 40))
    }
}
