import Foundation

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
