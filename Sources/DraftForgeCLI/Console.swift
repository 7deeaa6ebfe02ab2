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
    /// The manuscript's folder in the repository, before every annotated path.
    var annotationPrefix = ""

    /// How many continuity findings `build` prints; `check` prints them all.
    static let buildFindingLimit = 20

    /// Prints diagnostics; waived findings only when verbose. With a `findingLimit`, at most that
    /// many findings (errors first, then warnings, then notes, each in book order) and a line
    /// counting the rest by code; other diagnostics are always printed.
    func report(_ diagnostics: [Diagnostic], findingLimit: Int? = nil) {
        let verbosity = verbosity
        let (shown, hidden) = Self.limitFindings(diagnostics, to: findingLimit) { diagnostic in
            (verbosity != .quiet || diagnostic.severity == .error) && (!diagnostic.isWaived || verbosity == .verbose)
        }
        // One write for them all: a big book can have thousands.
        var text = shown.map { $0.description + "\n" }.joined()
        if hidden.count > 0 { text += Self.countLine(hidden) + "\n" }
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
        if annotates {
            // Findings in the text are annotated with the continuity report (`annotate`); these
            // are the rest: config, load and output problems.
            let others = diagnostics.filter { [.config, .load, .bible, .waivers, .output].contains($0.category) }
            let shown = verbosity == .quiet ? others.filter { $0.severity == .error } : others
            let text = GitHubActions.annotations(shown, pathPrefix: annotationPrefix).joined(separator: "\n")
            if !text.isEmpty { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
        }
    }

    /// The findings left out of a listing, counted by code.
    struct HiddenFindings {
        private(set) var count = 0
        private(set) var byCode: [String: Int] = [:]

        mutating func add(_ finding: Diagnostic) {
            count += 1
            byCode[finding.code, default: 0] += 1
        }
    }

    /// The diagnostics to print among those `included`: every non-finding, and the first `limit`
    /// findings by severity; the findings left out are counted. Counted, not sorted or copied:
    /// which findings are kept follows from how many there are of each severity, and a book can
    /// have tens of thousands.
    static func limitFindings(
        _ diagnostics: [Diagnostic], to limit: Int?, where included: (Diagnostic) -> Bool = { _ in true }
    ) -> (shown: [Diagnostic], hidden: HiddenFindings) {
        var counts = FindingCounts()
        for diagnostic in diagnostics where diagnostic.isFinding && included(diagnostic) { counts[diagnostic.severity] += 1 }
        guard let limit, counts.total > limit else { return (diagnostics.filter(included), HiddenFindings()) }
        // Errors first, then warnings, then notes: how many of each fit in `limit`.
        var room = limit
        var kept = FindingCounts()
        for severity in [Diagnostic.Severity.error, .warning, .info] {
            kept[severity] = min(room, counts[severity])
            room -= kept[severity]
        }
        var shown: [Diagnostic] = []
        var hidden = HiddenFindings()
        for diagnostic in diagnostics where included(diagnostic) {
            if !diagnostic.isFinding {
                shown.append(diagnostic)
            } else if kept[diagnostic.severity] > 0 {
                kept[diagnostic.severity] -= 1
                shown.append(diagnostic)
            } else {
                hidden.add(diagnostic)
            }
        }
        return (shown, hidden)
    }

    /// How many findings there are of each severity.
    private struct FindingCounts {
        private var counts = [0, 0, 0]
        var total: Int { counts.reduce(0, +) }

        subscript(severity: Diagnostic.Severity) -> Int {
            get { counts[Self.slot(severity)] }
            set { counts[Self.slot(severity)] = newValue }
        }

        private static func slot(_ severity: Diagnostic.Severity) -> Int {
            switch severity {
            case .error: return 0
            case .warning: return 1
            case .info: return 2
            }
        }
    }

    /// `12,345 more findings not shown (manuscript.doubled-word: 12,000; …)`, codes by count.
    static func countLine(
        _ hidden: HiddenFindings,
        hint: String = "'draftforge check' lists them all, and continuity.json and continuity.sarif hold them"
    ) -> String {
        let counts = hidden.byCode.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let byCode = counts.map { "\($0.key): \($0.value.formatted())" }.joined(separator: "; ")
        return "\(hidden.count.formatted()) more finding\(hidden.count == 1 ? "" : "s") not shown (\(byCode)); \(hint)"
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
            if !isTerminal { line("loaded \(chapters.counting("chapter"))") }
        case .rendered(let done, let total):
            if isTerminal {
                FileHandle.standardError.write(Data("\r\u{1B}[Kparsing chapters \(done)/\(total)".utf8))
            } else if done == total {
                line("parsed \(total.counting("chapter"))")
            }
        case .wrote(let format, let url):
            if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            line("wrote \(format.rawValue): \(url.lastPathComponent)")
        }
    }

    func summary(_ result: BuildResult) {
        guard verbosity != .quiet else { return }
        var text = "built \(result.chapterCount.counting("chapter")), \(result.wordCount.counting("word", grouped: true))\n"
        for output in result.outputs {
            if output.isDirectory {
                text += "  \(output.format.rawValue): \(output.url.path)/ (\(output.fileCount.counting("file")), \(byteCount(output.sizeBytes)))\n"
            } else {
                text += "  \(output.format.rawValue): \(output.url.path) (\(byteCount(output.sizeBytes)))\n"
            }
        }
        // Counted in one pass, without copying the diagnostics.
        var errors = 0, warnings = 0
        for diagnostic in result.diagnostics where !diagnostic.isWaived {
            if diagnostic.severity == .error { errors += 1 } else if diagnostic.severity == .warning { warnings += 1 }
        }
        text += "  stats: \(result.statsURL.path)\n"
        text += "continuity: \(result.continuity.summary())\n"
        text += "\(errors.counting("error")), \(warnings.counting("warning")), in \(seconds(result.duration)) s\n"
        if verbosity == .verbose {
            for timing in result.timings {
                text += "  \(timing.stage.padding(toLength: 8, withPad: " ", startingAt: 0)) \(seconds(timing.duration)) s"
                    + (timing.peakMegabytes.map { "  (peak memory \($0) MB)" } ?? "") + "\n"
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
