import Foundation
import Testing
import DraftForgeTestSupport

/// `draftforge stats`, run as a user would: the table, the JSON and the exit codes.
@Suite("draftforge stats")
struct StatsCommandTests {
    let cli = CommandLineTests()

    /// A repository with one chapter written over two days (4 words on 2024-03-06, 2 more on
    /// 2024-03-07, in two time zones) and a target of 100 words.
    func repository() throws -> URL {
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: Tiny Stats\ntarget_word_count: 100\n",
            "chapters/01-one.md": "# One\n\nAlpha beta gamma.\n",
        ])
        try git(["init", "-q", "-b", "main"], in: root)
        try commit("2024-03-06T21:00:00-05:00", in: root)
        try "# One\n\nAlpha beta gamma.\n\nDelta epsilon.\n".write(
            to: root.appendingPathComponent("chapters/01-one.md"), atomically: true, encoding: .utf8)
        try commit("2024-03-07T09:30:00+02:00", in: root)
        return root
    }

    @discardableResult
    func git(_ arguments: [String], in root: URL, date: String? = nil) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        if let date {
            environment["GIT_AUTHOR_DATE"] = date
            environment["GIT_COMMITTER_DATE"] = date
        }
        let (status, output) = try runCommand(
            ["git", "-c", "user.name=Ann", "-c", "user.email=ann@example.com"] + arguments, in: root,
            environment: environment)
        guard status == 0 else { throw CommandError(description: "git \(arguments): \(output)") }
        return output
    }

    func commit(_ date: String, in root: URL) throws {
        try git(["add", "-A"], in: root)
        try git(["commit", "-qm", "write"], in: root, date: date)
    }

    struct CommandError: Error, CustomStringConvertible { var description: String }

    @Test func theTableShowsChaptersProgressSparklineAndStreaks() throws {
        let root = try repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let sha = try git(["rev-parse", "HEAD"], in: root).prefix(10)
        let run = try cli.draftforge(["stats", root.path, "--today", "2024-03-08"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == """
            Tiny Stats

            #  chapter            words  chars  paras  dialogue   read  status
            ──────────────────────────────────────────────────────────────────
            1  One                    6     34      2        0%  1 min  -
            ──────────────────────────────────────────────────────────────────
               total (1 chapter)      6     34      2        0%  1 min

            target     [█░░░░░░░░░░░░░░░░░░░░░░░░░░░░░] 6% of 100 words
            30 days    ···························█▄·  2024-02-08 to 2024-03-08
            today      0 words committed, 0 uncommitted
            streak     2 days (longest 2 days), last wrote 2024-03-07
            history    2 commits on 2 days; last \(sha) at 2024-03-07T09:30:00+02:00

            """)
    }

    /// Han characters take two terminal columns: the numbers after a Chinese title still line up.
    @Test func wideCharactersKeepTheColumnsAligned() throws {
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: 三体\nlanguage: zh\n",
            "chapters/01-one.md": "# 第一章 风暴\n\n风暴来了。\n",
            "chapters/02-two.md": "# Two\n\nAlpha beta.\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["stats", root.path, "--no-history"])
        #expect(run.status == 0, "\(run.stderr)")
        func columns(_ line: Substring) -> Int {
            line.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) }
        }
        let rows = run.stdout.split(separator: "\n").filter { $0.hasPrefix("1 ") || $0.hasPrefix("2 ") }
        #expect(rows.count == 2)
        #expect(Set(rows.map(columns)).count == 1, "\(run.stdout)")
        #expect(rows.first?.contains("第一章 风暴") == true)
    }

    @Test func jsonIsWhatTheBuildWrites() throws {
        let root = try repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let stats = try cli.draftforge(["stats", root.path, "--json", "--today", "2024-03-08"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let build = try cli.draftforge(["build", root.path, "--today", "2024-03-08"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("built 1 chapter, 6 words"))
        #expect(build.stdout.contains("  stats: \(root.path)/dist/stats.json"))
        let written = try String(contentsOf: root.appendingPathComponent("dist/stats.json"), encoding: .utf8)
        #expect(stats.stdout == written)

        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object.count == 18)
        #expect(object["word_count"] as? Int == 6)
        #expect(object["current_streak_days"] as? Int == 2)
        #expect(object["target_progress"] as? Double == 0.06)
        let history = try #require(object["stats_history"] as? [[String: Any]])
        #expect(history.map { $0["date"] as? String } == ["2024-03-07", "2024-03-06"])
        #expect(history.map { $0["words_written_today"] as? Int } == [2, 4])
    }

    @Test func noHistoryAndTodayAreAcceptedByBothCommands() throws {
        let root = try repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let stats = try cli.draftforge(["stats", root.path, "--json", "--no-history"])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains(#""history_note" : "the history was not read (--no-history)""#))
        #expect(stats.stdout.contains(#""stats_history" : [\#n\#n  ]"#) || stats.stdout.contains(#""stats_history" : []"#))
        let build = try cli.draftforge(["build", root.path, "--no-history", "--today", "2024-03-08"])
        #expect(build.status == 0, "\(build.stderr)")
        let table = try cli.draftforge(["stats", root.path, "--no-history"])
        #expect(table.stdout.contains("history    none"))
        #expect(table.stdout.contains("note       the history was not read (--no-history)"))
    }

    @Test func exitCodes() throws {
        let missing = try cli.temporaryFolder(["chapters/1.md": "x\n"])
        defer { try? FileManager.default.removeItem(at: missing) }
        let bad = try cli.draftforge(["stats", missing.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("draftforge.yml: error: no draftforge.yml in"))
        #expect(bad.stdout.isEmpty)

        let date = try cli.draftforge(["stats", missing.path, "--today", "08/03/2024"])
        #expect(date.status == 64)
        #expect(date.stderr.contains("--today must be a date written YYYY-MM-DD, not '08/03/2024'"))
        #expect(try cli.draftforge(["build", missing.path, "--today", "2024-02-30"]).status == 64)
        #expect(try cli.draftforge(["stats", "--no-such-flag"]).status == 64)
    }

    @Test func aManuscriptOutsideGitStillHasStats() throws {
        let root = try cli.temporaryFolder(["draftforge.yml": "title: Loose\n", "chapters/1.md": "One two.\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try cli.draftforge(["stats", root.path, "--today", "2024-03-08"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("target     none (set target_word_count in the config)"))
        #expect(run.stdout.contains("30 days    ······························  2024-02-08 to 2024-03-08"))
        #expect(run.stdout.contains("note       the manuscript is not in a Git repository"))
    }
}
