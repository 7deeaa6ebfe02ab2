// The one way the core starts a program (git, the PDF engine, rsvg-convert): its pipes are
// read and written on separate threads, so no full pipe stalls the program or the build.
import Foundation

/// A program to run, and how.
struct ChildProcess {
    /// Where the program's standard error goes.
    enum Errors { case captured, mergedWithOutput, discarded }

    /// A finished run.
    struct Outcome {
        var status: Int32
        /// False when a signal ended the program; `status` is then the signal.
        var exited: Bool
        var output: Data
        /// Empty unless `errors` is `.captured`.
        var errors: Data
        /// Whether `timeout` ran out and the program was stopped.
        var timedOut: Bool
    }

    var executable: URL
    var arguments: [String]
    /// nil: the build's own.
    var environment: [String: String]?
    var currentDirectory: URL?
    var errors = Errors.captured
    /// Whether `Interruption` stops the program with the build.
    var stopsWithBuild = false
    /// Seconds before the program gets SIGTERM, and SIGKILL five seconds after.
    var timeout: Double?
    /// Bytes of address space the program may map (RLIMIT_AS), set by the shell that then
    /// becomes the program (`exec`), so its pid is the one timeouts and signals reach.
    var memoryLimit: Int?

    /// `name` found on PATH, through `/usr/bin/env`, which exits with 127 when it is not there.
    static func onPath(_ name: String, _ arguments: [String], environment: [String: String]? = nil) -> ChildProcess {
        ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [name] + arguments, environment: environment)
    }

    /// Runs the program to its end, with nothing on its standard input. Throws only when it
    /// cannot be started.
    func run() throws -> Outcome {
        let process = makeProcess()
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        let errorPipe = errors == .captured ? Pipe() : nil
        process.standardError = errorPipe ?? (errors == .mergedWithOutput ? output : FileHandle.nullDevice)
        try process.run()
        let timedOut = Flag()
        let stop = timeout.map { stopAfter($0, process, setting: timedOut) }
        let finish = { () -> (Data, Data) in
            nonisolated(unsafe) var errorData = Data()
            let errorHandle = errorPipe?.fileHandleForReading
            let data = alongside({ errorData = errorHandle?.readDataToEndOfFile() ?? Data() }) {
                output.fileHandleForReading.readDataToEndOfFile()
            }
            process.waitUntilExit()
            return (data, errorData)
        }
        let (data, errorData) = stopsWithBuild ? Interruption.tracking(child: process.processIdentifier, finish) : finish()
        stop?.cancel()
        return Outcome(
            status: process.terminationStatus, exited: process.terminationReason == .exit, output: data,
            errors: errorData, timedOut: timedOut.isSet)
    }

    /// Starts the program with a pipe on its standard input, for a caller that talks to it;
    /// what it writes to standard error is discarded.
    func start() throws -> RunningProcess {
        // Should the program exit early, writing to it must fail, not kill the build.
        signal(SIGPIPE, SIG_IGN)
        let process = makeProcess()
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return RunningProcess(process: process, input: input.fileHandleForWriting, output: output.fileHandleForReading)
    }

    private func makeProcess() -> Process {
        let process = Process()
        if let memoryLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // The soft limit: a lower hard limit already in force still holds, and cannot stop the run.
            process.arguments = ["-c", "ulimit -S -v \(max(1, memoryLimit >> 10)) 2>/dev/null; exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        return process
    }

    /// Stops the program when `seconds` have passed: politely, then for good.
    private func stopAfter(_ seconds: Double, _ process: Process, setting timedOut: Flag) -> DispatchWorkItem {
        let pid = process.processIdentifier
        let stop = DispatchWorkItem {
            timedOut.set()
            kill(pid, SIGTERM)
            DispatchQueue.global().asyncAfter(deadline: .now() + 5) { if process.isRunning { kill(pid, SIGKILL) } }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: stop)
        return stop
    }
}

/// A program started by `ChildProcess.start()`; it ends when its input is closed.
final class RunningProcess {
    private let process: Process
    private let input: FileHandle
    let output: FileHandle

    fileprivate init(process: Process, input: FileHandle, output: FileHandle) {
        self.process = process
        self.input = input
        self.output = output
    }

    /// Writes `data` to the program on another thread while `read` takes its answers from
    /// `output`: the program answers while it is still being asked.
    func send<T>(_ data: Data, whileReading read: () -> T) -> T {
        let input = self.input
        return alongside({ try? input.write(contentsOf: data) }, read)
    }

    deinit {
        try? input.close()
        process.waitUntilExit()
    }
}

/// Runs `background` on another thread while `body` runs on this one; returns when both are done.
private func alongside<T>(_ background: @escaping @Sendable () -> Void, _ body: () -> T) -> T {
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group, execute: background)
    defer { group.wait() }
    return body()
}

/// A flag set once, from any thread.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
