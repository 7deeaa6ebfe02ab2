// What the test targets share: a failure with a message, running a command, a headless browser,
// and a socket to the preview server.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

public struct TestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a command found on PATH; its exit status and its standard output and error together.
@discardableResult
public func runCommand(
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

/// Debian's Chromium, headless, with a profile of its own. scripts/test installs it; without it
/// the browser tests fail rather than skip.
public struct HeadlessChromium {
    /// How long a page may run its scripts before the DOM or screenshot is taken.
    public enum Wait {
        /// Virtual time: fast and deterministic, for pages that settle (file://).
        case virtualTime(milliseconds: Int)
        /// Real time: for pages that keep a connection open (served with live reload), under
        /// which virtual time never advances.
        case timeout(milliseconds: Int)
    }

    public let executable: String
    public let profile: URL
    public let wait: Wait

    public init(profile: URL, wait: Wait = .virtualTime(milliseconds: 5000)) throws {
        try Hermetic.require(.externalTools)
        guard let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else {
            throw TestError("Chromium is not installed: run scripts/test, which installs Debian's chromium")
        }
        executable = path
        self.profile = profile
        self.wait = wait
    }

    private func run(_ arguments: [String]) throws -> String {
        let waiting = switch wait {
        case .virtualTime(let milliseconds): "--virtual-time-budget=\(milliseconds)"
        case .timeout(let milliseconds): "--timeout=\(milliseconds)"
        }
        // As root Chromium needs --no-sandbox.
        let result = try runCommand([
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile.path)", waiting,
        ] + arguments)
        guard result.status == 0 else { throw TestError("chromium failed: \(result.output.suffix(2000))") }
        return result.output
    }

    /// The page's DOM after its scripts ran.
    public func dom(_ url: URL) throws -> String {
        let output = try run(["--dump-dom", url.absoluteString])
        // An SVG document's root is <svg>.
        guard let start = output.range(of: "<html") ?? output.range(of: "<svg") else {
            throw TestError("no DOM for \(url): \(output.prefix(500))")
        }
        return String(output[start.lowerBound...])
    }

    public func screenshot(_ url: URL, to file: URL, width: Int, height: Int, dark: Bool = false) throws {
        _ = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)"]
            + (dark ? ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] : []) + [url.absoluteString])
    }
}

/// A TCP socket connected to 127.0.0.1:`port`; the caller closes it.
public func connectLoopback(port: UInt16) throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TestError("socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        close(descriptor)
        throw TestError("cannot connect to port \(port)")
    }
    return descriptor
}
