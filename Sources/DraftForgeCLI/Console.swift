// How diagnostics and the build summary reach the terminal: diagnostics on standard error,
// the summary on standard output.
import DraftForgeKit
import Foundation

struct Console {
    func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { line(diagnostic.description) }
    }

    func summary(_ result: BuildResult) {
        var text = "built \(result.chapterCount) chapters, \(result.wordCount.formatted()) words\n"
        for output in result.outputs {
            text += "  \(output.format.rawValue): \(output.url.path) (\(byteCount(output.sizeBytes)))\n"
        }
        text += "  stats: \(result.statsURL.path)\n"
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        let seconds = Double(result.duration.components.seconds)
            + Double(result.duration.components.attoseconds) / 1e18
        text += "\(errors) errors, \(warnings) warnings, in \(String(format: "%.2f", seconds)) s\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func byteCount(_ bytes: Int) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
    }
}
