import Foundation
import Testing

/// A book with thousands of findings once printed every one on each build (120,000 lines for
/// one book). `build` prints a bounded list and counts the rest; `check` lists them all, or
/// `--limit` of them.
@Suite("How many findings the commands print")
struct FindingLimitTests {
    let cli = CommandLineTests()

    func findingLines(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.contains("[manuscript.doubled-word]") }
    }

    @Test func buildPrintsTwentyFindingsAndCountsTheRestWhileCheckListsThemAll() throws {
        let paragraph = (1...60).map { "Line \($0) has the the doubled word." }.joined(separator: " ")
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: Many\n", "chapters/01-one.md": "# One\n\n\(paragraph)\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }

        let build = try cli.draftforge(["build", root.path, "--no-history"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(findingLines(build.stderr).count == 20, "\(build.stderr)")
        #expect(build.stderr.contains("40 more findings not shown (manuscript.doubled-word: 40); 'draftforge check' lists them all"),
                "\(build.stderr)")
        let report = try String(contentsOf: root.appendingPathComponent("dist/continuity.json"), encoding: .utf8)
        #expect(report.components(separatedBy: "manuscript.doubled-word").count - 1 >= 60, "the report keeps every finding")

        let check = try cli.draftforge(["check", root.path])
        #expect(findingLines(check.stdout).count == 60)
        let limited = try cli.draftforge(["check", root.path, "--limit", "5"])
        #expect(findingLines(limited.stdout).count == 5)
        #expect(limited.stdout.contains("55 more findings not shown (manuscript.doubled-word: 55); without --limit"), "\(limited.stdout)")
    }
}
