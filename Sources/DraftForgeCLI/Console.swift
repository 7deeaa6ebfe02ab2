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

    func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics where verbosity != .quiet || diagnostic.severity == .error {
            line(diagnostic.description)
        }
        if annotates {
            let shown = verbosity == .quiet ? diagnostics.filter { $0.severity == .error } : diagnostics
            let text = GitHubActions.annotations(shown).joined(separator: "\n")
            if !text.isEmpty { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
        }
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
        text += "  stats: \(result.statsURL.path)\n"
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
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
