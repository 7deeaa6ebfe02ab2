// How diagnostics, progress and the build summary reach the terminal: diagnostics and progress
// on standard error, the summary on standard output.
import DraftForgeKit
import Foundation

/// How much the console says.
enum Verbosity: Sendable {
    /// Errors only.
    case quiet
    case normal
    /// Normal, plus per-stage timings.
    case verbose
}

struct Console: Sendable {
    var verbosity: Verbosity = .normal
    /// True when standard error is a terminal: progress then updates one line in place.
    var isTerminal = isatty(STDERR_FILENO) == 1

    func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Under GitHub Actions, diagnostics are also printed as workflow annotations.
    var annotates = GitHubActions.isActive(ProcessInfo.processInfo.environment)

    /// Prints diagnostics; waived findings only when verbose.
    func report(_ diagnostics: [Diagnostic]) {
        // One write for them all: a big book can have thousands.
        let shown = diagnostics.filter { diagnostic in
            (verbosity != .quiet || diagnostic.severity == .error) && (!diagnostic.isWaived || verbosity == .verbose)
        }
        let text = shown.map { $0.description + "\n" }.joined()
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
        if annotates {
            // Findings in the text are annotated with the continuity report (`annotate`); these
            // are the rest: config, load and output problems.
            let others = diagnostics.filter { [.config, .load, .bible, .waivers, .output].contains($0.category) }
            let shown = verbosity == .quiet ? others.filter { $0.severity == .error } : others
            let text = GitHubActions.annotations(shown).joined(separator: "\n")
            if !text.isEmpty { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
        }
    }

    /// Under GitHub Actions, the continuity findings as workflow annotations (standard output).
    func annotate(_ report: ContinuityReport?, root: URL) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["GITHUB_ACTIONS"] == "true", let report else { return }
        let prefix = ContinuityReport.repositoryPrefix(root: root, environment: environment)
        let lines = report.githubAnnotations(pathPrefix: prefix)
        guard !lines.isEmpty else { return }
        FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// Progress as the build advances: one updating line on a terminal, plain lines elsewhere.
    func progress(_ event: BuildProgress) {
        guard verbosity != .quiet else { return }
        switch event {
        case .loaded(let chapters):
            if !isTerminal { line("loaded \(chapters) chapters") }
        case .rendered(let done, let total):
            if isTerminal {
                FileHandle.standardError.write(Data("\r\u{1B}[Kparsing chapters \(done)/\(total)".utf8))
            } else if done == total {
                line("parsed \(total) chapters")
            }
        case .wrote(let format, let url):
            if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            line("wrote \(format.rawValue): \(url.lastPathComponent)")
        }
    }

    func summary(_ result: BuildResult) {
        guard verbosity != .quiet else { return }
        var text = "built \(result.chapterCount) chapters, \(result.wordCount.formatted()) words\n"
        for output in result.outputs {
            if output.isDirectory {
                let files = output.fileCount == 1 ? "1 file" : "\(output.fileCount) files"
                text += "  \(output.format.rawValue): \(output.url.path)/ (\(files), \(byteCount(output.sizeBytes)))\n"
            } else {
                text += "  \(output.format.rawValue): \(output.url.path) (\(byteCount(output.sizeBytes)))\n"
            }
        }
        let open = result.diagnostics.filter { !$0.isWaived }
        let errors = open.filter { $0.severity == .error }.count
        let warnings = open.filter { $0.severity == .warning }.count
        text += "  stats: \(result.statsURL.path)\n"
        text += "continuity: \(result.continuity.summary())\n"
        text += "\(errors) errors, \(warnings) warnings, in \(seconds(result.duration)) s\n"
        if verbosity == .verbose {
            for timing in result.timings {
                text += "  \(timing.stage.padding(toLength: 8, withPad: " ", startingAt: 0)) \(seconds(timing.duration)) s\n"
            }
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.3f", value)
    }

    private func byteCount(_ bytes: Int) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
    }
}
