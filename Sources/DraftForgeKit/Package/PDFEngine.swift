// The paged-media engine that lays out the print PDF: WeasyPrint, run as a separate program,
// found on PATH or named by DRAFTFORGE_WEASYPRINT.
import Foundation

/// A WeasyPrint executable and the environment to run it in.
struct PDFEngine {
    /// Names the engine's executable, overriding the search of PATH.
    static let overrideVariable = "DRAFTFORGE_WEASYPRINT"
    static let commandName = "weasyprint"
    static let installHint =
        "install WeasyPrint with 'pip install weasyprint' (PyPI) or 'sudo apt-get install weasyprint' (Debian), "
        + "or run 'scripts/bootstrap pdf'"

    /// Seconds the engine may take before it is stopped, overriding `timeout(forWords:images:)`.
    static let timeoutVariable = "DRAFTFORGE_PDF_TIMEOUT"
    /// Twenty minutes: the most any book is allowed without `DRAFTFORGE_PDF_TIMEOUT`.
    static let defaultTimeout: Double = 1200

    /// Megabytes of address space the engine may use, overriding `memoryLimit(forWords:images:)`.
    static let memoryVariable = "DRAFTFORGE_PDF_MEMORY"

    let executable: URL
    let environment: [String: String]
    /// Seconds before a run that has not finished is stopped.
    var timeout = defaultTimeout
    /// Whether `DRAFTFORGE_PDF_TIMEOUT` set the timeout; otherwise it follows the book's size.
    var timeoutIsExplicit = false
    /// Bytes of address space the engine may map; nil until the book's size sets it.
    var memoryLimit: Int?
    /// Whether `DRAFTFORGE_PDF_MEMORY` set the limit.
    var memoryIsExplicit = false

    /// The time a book of this size may take: 45 s to start, and a second per 1,000 words and
    /// per 5 images. WeasyPrint set a million words in 257 s on this 2-core machine under a
    /// load of 11, about 4,000 words a second, so that is four times its slowest pace; a hung
    /// engine on a short book is stopped in a minute, not twenty.
    static func timeout(forWords words: Int, images: Int) -> Double {
        min(defaultTimeout, 45 + Double(words) / 1_000 + Double(images) / 5)
    }

    /// The address space a book of this size may use: 2 GiB, and 4 MiB per 1,000 words and 16 MiB
    /// per image. WeasyPrint needed under 300 MB for the 8,500-word sample and peaked at 1.1 GB
    /// resident for a million words, so this is several times what a book needs, while a
    /// stylesheet that reads without end (`/dev/zero`) is stopped long before the machine is.
    static func memoryLimit(forWords words: Int, images: Int) -> Int {
        (2048 + words / 250 + images * 16) << 20
    }

    /// The engine `environment` names: `DRAFTFORGE_WEASYPRINT` if set, else `weasyprint` on its
    /// PATH (the process's PATH when `environment` has none). Throws `output.engine-missing`.
    static func locate(environment: [String: String]) throws(Diagnostic) -> PDFEngine {
        let merged = offline(environment)
        if let named = environment[overrideVariable], !named.isEmpty {
            let url = URL(fileURLWithPath: named)
            guard isExecutable(url) else {
                throw Diagnostic(
                    .error, .engineMissing, at: nil,
                    "\(overrideVariable) names '\(named)', which is not an executable file",
                    suggestion: "point \(overrideVariable) at the weasyprint program, or unset it and \(installHint)")
            }
            return try PDFEngine(executable: url, environment: merged, limits: environment)
        }
        if let found = onPath(commandName, environment: merged) {
            return try PDFEngine(executable: found, environment: merged, limits: environment)
        }
        throw Diagnostic(
            .error, .engineMissing, at: nil,
            "the PDF engine WeasyPrint is not installed (no weasyprint on PATH); \(installHint)",
            suggestion: "or set \(overrideVariable) to the weasyprint program; the other formats do not need it")
    }

    /// The engine with the limits `environment` sets explicitly.
    private init(executable: URL, environment: [String: String], limits: [String: String]) throws(Diagnostic) {
        self.executable = executable
        self.environment = environment
        timeout = try Self.timeout(in: limits) ?? Self.defaultTimeout
        timeoutIsExplicit = limits[Self.timeoutVariable]?.isEmpty == false
        memoryLimit = try Self.memoryLimit(in: limits)
        memoryIsExplicit = memoryLimit != nil
    }

    private static func memoryLimit(in environment: [String: String]) throws(Diagnostic) -> Int? {
        guard let text = environment[memoryVariable], !text.isEmpty else { return nil }
        guard let megabytes = Int(text), megabytes > 0, megabytes < 1 << 40 else {
            throw Diagnostic(
                .error, .engineMissing, at: nil, "\(memoryVariable) is '\(text)', not a number of megabytes",
                suggestion: "set it to the megabytes the PDF engine may use, such as 4096, or unset it for a limit that follows the book's size")
        }
        return megabytes << 20
    }

    private static func timeout(in environment: [String: String]) throws(Diagnostic) -> Double? {
        guard let text = environment[timeoutVariable], !text.isEmpty else { return nil }
        guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
            throw Diagnostic(
                .error, .engineMissing, at: nil, "\(timeoutVariable) is '\(text)', not a number of seconds",
                suggestion: "set it to the seconds the PDF engine may take, such as 600, or unset it for a limit that follows the book's size")
        }
        return seconds
    }

    /// The process's environment under the build's, for a PDF engine: no network. What a book's
    /// css, SVG images or Typst layout name on the web is refused, as remote images are, through
    /// a proxy that nothing answers (port 9, discard).
    static func offline(_ environment: [String: String]) -> [String: String] {
        var merged = ProcessInfo.processInfo.environment.merging(environment) { _, build in build }
        for name in ["http_proxy", "https_proxy", "ftp_proxy", "all_proxy"] {
            merged[name] = "http://127.0.0.1:9"
            merged[name.uppercased()] = "http://127.0.0.1:9"
        }
        merged["no_proxy"] = nil
        merged["NO_PROXY"] = nil
        return merged
    }

    /// The first executable `name` in the folders of `environment`'s PATH.
    static func onPath(_ name: String, environment: [String: String]) -> URL? {
        for folder in (environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    static func isExecutable(_ url: URL) -> Bool {
        fileExists(url) && access(url.path, X_OK) == 0
    }

    /// Lays out `input` (an HTML file) into `output` and returns what the engine said. A failure
    /// carries the engine's last words.
    @discardableResult
    func render(_ input: URL, to output: URL) throws(Diagnostic) -> String {
        // --verbose, not --quiet: an image the engine refuses is said only in its log.
        let engine = ChildProcess(
            executable: executable, arguments: ["--verbose", input.path, output.path], environment: environment,
            currentDirectory: input.deletingLastPathComponent(), errors: .mergedWithOutput, stopsWithBuild: true,
            timeout: timeout, memoryLimit: memoryLimit)
        let outcome: ChildProcess.Outcome
        do {
            outcome = try engine.run()
        } catch {
            throw Diagnostic(
                .error, .engineMissing, at: nil,
                "the PDF engine \(executable.path) could not be started: \(error.localizedDescription)",
                suggestion: Self.installHint)
        }
        if outcome.timedOut {
            throw Diagnostic(
                .error, .outputFailed, at: nil,
                "the PDF engine \(executable.lastPathComponent) did not finish within \(Self.seconds(timeout)) and was stopped",
                suggestion: "set \(Self.timeoutVariable) to allow it longer, in seconds")
        }
        let said = String(decoding: outcome.output, as: UTF8.self)
        guard outcome.exited, outcome.status == 0 else {
            let lines = said.split(separator: "\n").suffix(6)
            let how = outcome.exited ? "exit status \(outcome.status)" : "signal \(outcome.status)"
            let memory = memoryLimit.map {
                "if it ran out of the \($0 >> 20) MB it may use, set \(Self.memoryVariable) to allow more, in megabytes; "
            } ?? ""
            throw Diagnostic(
                .error, .outputFailed, at: nil,
                "the PDF engine \(executable.lastPathComponent) failed (\(how))"
                    + (lines.isEmpty ? "" : ": " + lines.joined(separator: " | ")),
                suggestion: "\(memory)run '\(executable.path) --info' to check the engine; \(Self.installHint)")
        }
        return said
    }

    /// The images the engine's log says it could not load (a missing file, one over Pillow's
    /// decompression-bomb limit), as paths inside `folder`, with the reason.
    static func refusedImages(in log: String, folder: URL) -> [(path: String, reason: String)] {
        let marker = "Failed to load image at '"
        let base = "file://" + folder.standardizedFileURL.path + "/"
        return log.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: marker), let end = line[start.upperBound...].range(of: "'") else { return nil }
            var url = String(line[start.upperBound..<end.lowerBound])
            if url.hasPrefix(base) { url = String(url.dropFirst(base.count)) }
            let reason = line[end.upperBound...].drop { $0 == ":" || $0 == " " }
            return (url.removingPercentEncoding ?? url, String(reason))
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
