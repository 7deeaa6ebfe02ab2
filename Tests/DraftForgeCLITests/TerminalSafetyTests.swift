import Foundation
import Testing

/// What the author's files put into a name, a key or a title must not command the terminal or a
/// GitHub Actions log: no raw escape sequence, no newline that starts a workflow command.
@Suite("draftforge output is safe for terminals and CI logs")
struct TerminalSafetyTests {
    let cli = CommandLineTests()

    /// Lines that start a workflow command the build never writes, and raw control bytes but newline.
    static func problems(_ text: String) -> [String] {
        var found: [String] = []
        for line in text.split(separator: "\n") where ["::add-mask", "::stop-commands", "::error file=spoof"].contains(where: line.hasPrefix) {
            found.append("injected: \(line)")
        }
        for scalar in text.unicodeScalars where scalar.value < 0x20 && scalar != "\n" || (0x7F...0x9F).contains(scalar.value) {
            found.append("control character U+\(String(scalar.value, radix: 16))")
        }
        return found
    }

    @Test func namesKeysAndTitlesWithControlCharactersPrintEscaped() throws {
        let hostileName = "02-x\n::add-mask::secret\n::error file=spoof::fake\u{1B}]0;pwned\u{7}"
        let root = try cli.temporaryFolder([
            "draftforge.yml": "title: \"Book\\e[2J\"\n\"colour\\e]52;c;Y2xpcA==\\a\": 1\n\"x\\n::stop-commands::t\": 2\n",
            "chapters/01-one.md": "# One\n\nText with a [link](nowhere.md).\n",
            "chapters/\(hostileName).md": "# Two\n\nAnother [link](gone.md).\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        for command in [["build", root.path], ["check", root.path], ["stats", root.path, "--no-history"]] {
            for actions in [false, true] {
                let run = try cli.draftforge(command, environment: actions ? ["GITHUB_ACTIONS": "true"] : [:])
                #expect(run.status <= 1, "\(command): \(run.stderr)")
                #expect(!run.stderr.split(separator: "\n").contains { $0.hasPrefix("::") }, "\(run.stderr)")
                #expect(Self.problems(run.stderr).isEmpty, "\(command) stderr: \(Self.problems(run.stderr))\n\(run.stderr)")
                #expect(Self.problems(run.stdout).isEmpty, "\(command) stdout: \(Self.problems(run.stdout))\n\(run.stdout)")
            }
        }
        // The escaped form still names the file and the key.
        let run = try cli.draftforge(["build", root.path])
        #expect(run.stderr.contains(#"02-x\u{A}::add-mask::secret"#), "\(run.stderr)")
        #expect(run.stderr.contains(#"colour\u{1B}]52;c;"#), "\(run.stderr)")
    }
}
