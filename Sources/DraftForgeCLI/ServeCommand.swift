// `draftforge serve`: a thin layer over DraftForgePreview. Prints what the preview does, opens
// a browser on request, and stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
import ArgumentParser
import DraftForgeKit
import DraftForgePreview
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the book, serve it on a local web server, and rebuild and reload on every save.",
        discussion: """
            Builds into a temporary folder (removed on exit) and serves its HTML site, or the \
            output folder itself while the build makes no site. Open pages reload after each good \
            build; after a failed one they show the errors over the last good version. A \
            preview never blocks: blocking findings show over the pages. Events \
            stream from /__draftforge/events. Press Ctrl-C to stop.
            """)

    @OptionGroup var manuscript: ManuscriptArgument

    @Option(name: .shortAndLong, help: "The port to listen on; 0 picks a free one.")
    var port: Int = 3000

    @Option(name: [.customShort("n"), .long], help: "The address to listen on. Anything other than 127.0.0.1 or ::1 exposes the preview to your network.")
    var host: String = "127.0.0.1"

    @Flag(help: "Open the preview in a browser (with xdg-open, when it is installed).")
    var open = false

    @Flag(help: "Also build the print PDF on every save, shown at /__draftforge/print.")
    var print = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() throws {
        let root = manuscript.root
        let console = Console()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            console.line("serve: \(root.path) is not a folder")
            throw ExitCode(2)
        }

        // Signals are turned into a stop request rather than killing the process, so the work
        // folder is removed and open connections are closed.
        let stopRequested = DispatchSemaphore(value: 0)
        let signalSources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopRequested.signal() }
            source.resume()
            return source
        }
        defer { signalSources.forEach { $0.cancel() } }

        var options = PreviewOptions(root: root)
        options.host = host
        options.port = UInt16(port)
        if print { options.formats = PreviewOutput.formats + [.pdf] }
        // Builds run in a worker process started from this very program, so a build that
        // crashes fails one build and the server goes on.
        options.worker = [Self.executablePath, PreviewWorkerCommand.configuration.commandName ?? "preview-worker"]
        let shown = ShownDiagnostics()
        let server = PreviewServer(options: options, onEvent: { console.preview($0, shown: shown) })
        let url: URL
        do {
            url = try waitFor { try await server.start() }
        } catch let error as PreviewError where error.portInUse != nil {
            // Nothing is built before the port is taken, so nothing is left behind.
            console.line("serve: port \(port) is already in use; choose another with --port (--port 0 picks a free one)")
            throw ExitCode(1)
        } catch {
            console.line("serve: \(error)")
            throw ExitCode(1)
        }
        if print { console.output("print preview at \(url.appendingPathComponent("__draftforge/print").absoluteString)") }
        if open { Browser.open(url, console: console) }

        stopRequested.wait()
        console.output("stopping…")
        try waitFor { await server.stop() }
        console.output("stopped")
    }

    /// This program's path: where the kernel says it is, else as it was started.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
    }
}

extension Console {
    func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func preview(_ event: PreviewEvent, shown: ShownDiagnostics) {
        switch event {
        case .listening(let url):
            output("serving at \(url.absoluteString) (Ctrl-C to stop)")
        case .built(let result, let changed, _):
            let (new, repeated) = shown.sinceLastTime(result.diagnostics.filter { $0.severity != .info })
            report(new)
            if repeated > 0 { line("\(repeated.counting("diagnostic", grouped: true)) as in the last build, not printed again") }
            let seconds = String(format: "%.2f", Double(result.duration.components.attoseconds) / 1e18
                + Double(result.duration.components.seconds))
            let cause = changed.isEmpty ? "" : " after a change to \(list(changed))"
            output("built \(result.chapterCount.counting("chapter")), \(result.wordCount.counting("word", grouped: true)) in \(seconds) s\(cause)")
            stageTimings(result.timings, environment: ProcessInfo.processInfo.environment)
        case .failed(let failure, let changed):
            report(failure.diagnostics)
            let cause = changed.isEmpty ? "" : " after a change to \(list(changed))"
            let pages = shown.anyBuild
                ? "pages show the errors over the last good version"
                : "no build has succeeded yet; pages show the errors"
            line("build failed\(cause); \(pages)")
        case .skipped(let changed):
            output("no rebuild: \(list(changed)) is not read by the build")
        case .folderRemoved:
            output("the manuscript folder is gone; waiting for it to come back")
        case .folderRestored:
            output("the manuscript folder is back; watching it again")
        case .connectionsRefused(let limit):
            line("refused a connection: \(limit) are open, the most serve keeps at once (further refusals are not printed)")
        }
    }

    /// With DRAFTFORGE_PROFILE set, how long each stage took.
    func stageTimings(_ timings: [StageTiming], environment: [String: String]) {
        guard environment["DRAFTFORGE_PROFILE"] != nil else { return }
        line("  stages: " + timings.map { "\($0.stage) \($0.duration.formatted(.units(allowed: [.milliseconds])))" }.joined(separator: ", "))
    }

    private func list(_ paths: [String]) -> String {
        paths.count <= 3 ? paths.joined(separator: ", ") : "\(paths.prefix(3).joined(separator: ", ")) and \(paths.count - 3) more"
    }
}

/// What serve printed after its last good build: a rebuild prints only what is new, so a
/// book's thousand old warnings do not scroll past on every save.
final class ShownDiagnostics: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Set<String>?

    /// Whether a build has succeeded: only then is there a last good version to show.
    var anyBuild: Bool { lock.withLock { last != nil } }

    /// The diagnostics not shown last time, and how many were.
    func sinceLastTime(_ diagnostics: [Diagnostic]) -> (new: [Diagnostic], repeated: Int) {
        let descriptions = diagnostics.map(\.description)
        return lock.withLock {
            defer { last = Set(descriptions) }
            guard let last else { return (diagnostics, 0) }
            let new = zip(diagnostics, descriptions).filter { !last.contains($0.1) }.map(\.0)
            return (new, diagnostics.count - new.count)
        }
    }
}

/// `--open`: xdg-open when it is on the PATH; never an error.
enum Browser {
    static func open(_ url: URL, console: Console) {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("xdg-open") }
        guard let opener = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            console.output("xdg-open is not installed: open \(url.absoluteString) in a browser")
            return
        }
        let process = Process()
        process.executableURL = opener
        process.arguments = [url.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            console.output("could not run xdg-open (\(error.localizedDescription)): open \(url.absoluteString) in a browser")
        }
    }
}

/// Runs async work from the synchronous command and waits for it. The main thread is not one
/// of the concurrency pool's threads, so waiting here blocks nothing the work needs.
private func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Carries a result from the task to the waiting thread; the semaphore orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
