// serve's side of the build worker: each build is a request on the worker's standard input and
// a reply on its standard output, so whatever the build does (crash on a signal, exit, write
// garbage) the server only sees a failed build. The worker then goes with everything it left in
// its temporary folder, and a fresh one takes the next build.
import DraftForgeKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs each build in a long-lived worker process (`draftforge preview-worker`), which keeps the
/// build cache between builds.
final class WorkerBuildRunner: PreviewBuildRunner {
    private struct State {
        var worker: WorkerProcess?
        var started = 0
        var stopped = false
    }

    /// The program and arguments that start a worker.
    private let command: [String]
    private let environment: [String: String]
    /// Where each worker's temporary folder goes.
    private let workDirectory: URL
    private let state = Locked(State())

    init(command: [String], environment: [String: String], workDirectory: URL) {
        self.command = command
        self.environment = environment
        self.workDirectory = workDirectory
    }

    /// Called by one build at a time (the preview's build queue).
    func build(_ request: PreviewBuildRequest) -> Result<PreviewBuildReport, BuildFailure> {
        let worker: WorkerProcess
        do {
            worker = try runningWorker()
        } catch {
            return .failure(Self.crashed("the build worker could not start: \(error)"))
        }
        var request = request
        request.environment["TMPDIR"] = worker.temporaryFolder.path
        switch worker.send(request) {
        case .success(let result):
            return result
        case .failure(let end):
            // Gone with what the dead build left; a fresh worker is ready for the next save.
            replace(worker)
            return .failure(Self.crashed(end.description))
        }
    }

    func stop() {
        let worker = state.withLock { state -> WorkerProcess? in
            state.stopped = true
            defer { state.worker = nil }
            return state.worker
        }
        worker?.stop()
    }

    /// The worker, started if there is none or the last one ended while idle.
    private func runningWorker() throws -> WorkerProcess {
        if let worker = state.withLock({ $0.worker }) {
            if worker.isRunning { return worker }
            replace(worker)
        }
        if let worker = state.withLock({ $0.worker }) { return worker }
        return try startWorker()
    }

    /// Stops `worker`, removes its temporary folder, and starts the next one (unless stopped).
    private func replace(_ worker: WorkerProcess) {
        worker.stop()
        state.withLock { if $0.worker === worker { $0.worker = nil } }
        _ = try? startWorker()
    }

    private func startWorker() throws -> WorkerProcess {
        let number = try state.withLock { state -> Int in
            guard !state.stopped else { throw PreviewError("the preview is stopping") }
            state.started += 1
            return state.started
        }
        let folder = workDirectory.appendingPathComponent("worker-\(number)", isDirectory: true)
        let worker = try WorkerProcess(command: command, environment: environment, temporaryFolder: folder)
        let kept = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.worker = worker
            return true
        }
        guard kept else {
            worker.stop()
            throw PreviewError("the preview is stopping")
        }
        return worker
    }

    /// A failure that says what became of the worker.
    static func crashed(_ what: String) -> BuildFailure {
        BuildFailure(.exportFailed, [Diagnostic(
            .error, .buildCrashed, at: nil, "\(what); the pages keep the last good version",
            suggestion: "save again to rebuild; if the same text stops it again, report it with that text")])
    }
}

/// One worker process, its pipes and its temporary folder.
final class WorkerProcess: @unchecked Sendable {
    /// How a worker stopped answering.
    enum End: Error, CustomStringConvertible {
        case signal(Int32)
        case exit(Int32)
        case garbage
        case inputClosed
        case outputClosed

        var description: String { "\(how) before the build finished" }

        private var how: String {
            switch self {
            case .signal(let number):
                let cause = number == SIGKILL ? " (the system may have run out of memory)" : ""
                return "the build worker was killed by signal \(number) (\(WorkerProcess.name(ofSignal: number)))\(cause)"
            case .exit(let status): return "the build worker exited with status \(status)"
            case .garbage: return "the build worker wrote something that is not a build result"
            case .inputClosed: return "the build worker stopped reading"
            case .outputClosed: return "the build worker closed its output"
            }
        }
    }

    let temporaryFolder: URL
    private let process = Process()
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()
    private var delta = ReplyDelta()

    init(command: [String], environment: [String: String], temporaryFolder: URL) throws {
        // Writing to a worker that died must fail, not kill the server.
        signal(SIGPIPE, SIG_IGN)
        self.temporaryFolder = temporaryFolder
        try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
        guard let program = command.first else { throw PreviewError("no build worker command") }
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(command.dropFirst())
        process.environment = environment.merging(["TMPDIR": temporaryFolder.path]) { $1 }
        let inputPipe = Pipe()
        let outputPipe = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = outputPipe
        input = inputPipe.fileHandleForWriting
        output = outputPipe.fileHandleForReading
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: temporaryFolder)
            throw error
        }
    }

    var isRunning: Bool { process.isRunning }

    /// Sends one request and waits for its reply.
    func send(_ request: PreviewBuildRequest) -> Result<Result<PreviewBuildReport, BuildFailure>, End> {
        do {
            try input.write(contentsOf: WorkerJSON.encode(request))
        } catch {
            return .failure(ended() ?? .inputClosed)
        }
        guard let reply = readLine() else { return .failure(ended() ?? .outputClosed) }
        guard let decoded = try? WorkerJSON.decode(PreviewBuildReply.self, from: reply),
            let result = delta.result(of: decoded)
        else { return .failure(.garbage) }
        return .success(result)
    }

    /// The next line of output; nil at its end.
    private func readLine() -> Data? {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var searched = 0  // bytes of `buffer` known to hold no newline: a long reply is scanned once
        while true {
            if let newline = buffer.dropFirst(searched).firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(buffer[buffer.startIndex..<newline])
                buffer = Data(buffer[(newline + 1)...])
                return line
            }
            searched = buffer.count
            let count = chunk.withUnsafeMutableBytes { read(output.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// How the worker ended, once its output ended: waits for it a while (a crash report may
    /// still be printing), then stops it.
    private func ended() -> End? {
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        guard !process.isRunning else { return nil }
        return process.terminationReason == .uncaughtSignal
            ? .signal(process.terminationStatus) : .exit(process.terminationStatus)
    }

    /// Ends the worker (it exits when its input closes; killed if it does not soon) and removes
    /// its temporary folder.
    func stop() {
        try? input.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? output.close()
        try? FileManager.default.removeItem(at: temporaryFolder)
    }

    static func name(ofSignal number: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGFPE: "SIGFPE",
            SIGTRAP: "SIGTRAP", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGHUP: "SIGHUP",
            SIGPIPE: "SIGPIPE", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
        ]
        let description = strsignal(number).map { String(cString: $0) }
        return [names[number], description].compactMap { $0 }.joined(separator: ", ")
    }
}
