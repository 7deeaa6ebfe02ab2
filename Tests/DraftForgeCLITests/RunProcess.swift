import Foundation

/// Runs a command found on PATH and returns its exit status and combined output.
func runProcess(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil
) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    // Read before waiting: a full pipe would block the child forever.
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Starts `draftforge build ROOT --quiet` (as of SOURCE_DATE_EPOCH 1700000000) without waiting.
func startBuild(_ root: URL) throws -> (process: Process, errors: Pipe) {
    let process = Process()
    process.executableURL = CommandLineTests.binary
    process.arguments = ["build", root.path, "--quiet"]
    var environment = ProcessInfo.processInfo.environment
    environment["SOURCE_DATE_EPOCH"] = "1700000000"
    process.environment = environment
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return (process, pipe)
}

/// Waits for builds started with `startBuild`; their exit statuses and standard errors.
func finish(_ builds: [(process: Process, errors: Pipe)]) -> [(status: Int32, errors: String)] {
    builds.map { process, pipe in
        let errors = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, errors)
    }
}
