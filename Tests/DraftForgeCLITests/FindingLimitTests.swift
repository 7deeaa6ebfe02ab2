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

    /// The build keeps the first findings by severity, each severity in book order: a note that
    /// comes first in the book is left out for later warnings, and the warnings kept are the
    /// first ones. (They are counted by severity, not sorted.)
    @Test func buildKeepsWarningsBeforeNotesInBookOrder() throws {
        let lines = (1...30).map { "Line \($0) has the the doubled word." }.joined(separator: "\n")
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: Many\n",
            "chapters/01-empty.md": "# Only a Heading\n",
            "chapters/02-two.md": "# Two\n\n\(lines)\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }

        let build = try cli.draftforge(["build", root.path, "--no-history"])
        #expect(build.status == 0, "\(build.stderr)")
        let shown = findingLines(build.stderr)
        #expect(shown.count == 20, "\(build.stderr)")
        // The chapter's body starts on line 3: the kept warnings are lines 3–22, in order.
        #expect(shown.map { $0.split(separator: ":")[1] } == (3...22).map { Substring(String($0)) }, "\(build.stderr)")
        #expect(!build.stderr.contains("[manuscript.empty-chapter]"), "\(build.stderr)")
        #expect(build.stderr.contains(
            "11 more findings not shown (manuscript.doubled-word: 10; manuscript.empty-chapter: 1); 'draftforge check'"),
            "\(build.stderr)")
    }
}
