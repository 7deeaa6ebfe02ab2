// Runs the build for the preview. Every build writes into a fresh folder, and the served folder
// only moves to it once the build succeeded, so a failed or half-written build never replaces
// the last good content. The previous folder is kept one build longer for requests in flight.
import DraftForgeKit
import Foundation

/// Builds a manuscript into numbered folders under a work folder and tracks the one served.
final class PreviewBuilder: Sendable {
    typealias Build = @Sendable (BuildOptions) throws(BuildFailure) -> BuildResult

    enum Outcome: Sendable {
        case built(BuildResult, version: Int)
        case failed(BuildFailure)
    }

    private struct State {
        var attempts = 0
        var version = 0
        var served: URL?
        var buildFolders: [URL] = []  // successful builds, oldest first
        var stale: [URL] = []  // builds no longer served, to remove
    }

    let root: URL
    let workDirectory: URL
    let formats: [ExportFormat]
    let allowBlocking: Bool
    let environment: [String: String]
    private let build: Build
    private let state = Locked(State())
    /// Chapters parsed and serialized by earlier builds, reused while their text is unchanged.
    private let cache = BuildCache()

    init(
        root: URL, workDirectory: URL, formats: [ExportFormat], allowBlocking: Bool,
        environment: [String: String], build: @escaping Build
    ) {
        self.root = root
        self.workDirectory = workDirectory
        self.formats = formats
        self.allowBlocking = allowBlocking
        self.environment = environment
        self.build = build
    }

    /// The folder served now; nil until a build succeeded.
    var servedFolder: URL? { state.withLock { $0.served } }

    /// The number of good builds so far.
    var version: Int { state.withLock { $0.version } }

    /// Removes the folders of builds two or more behind the served one. Called after pages
    /// heard of the new build, so removing hundreds of files does not delay the reload.
    func removeStaleFolders() {
        let stale = state.withLock { state in
            defer { state.stale = [] }
            return state.stale
        }
        for folder in stale { try? FileManager.default.removeItem(at: folder) }
    }

    /// Runs one build, synchronously. Callers serialize calls.
    func run() -> Outcome {
        let attempt = state.withLock { state -> Int in
            state.attempts += 1
            return state.attempts
        }
        let output = workDirectory.appendingPathComponent("build-\(attempt)", isDirectory: true)
        var options = BuildOptions(
            root: root, outputDirectory: output, formats: formats, allowBlocking: allowBlocking,
            environment: environment)
        options.cache = cache
        options.writer = .preview
        do {
            let result = try build(options)
            let served = PreviewOutput.servedFolder(in: output)
            let version = state.withLock { state -> Int in
                state.version += 1
                state.served = served
                state.buildFolders.append(output)
                let stale = state.buildFolders.dropLast(2)
                state.buildFolders.removeFirst(stale.count)
                state.stale += stale
                return state.version
            }
            return .built(result, version: version)
        } catch {
            try? FileManager.default.removeItem(at: output)
            return .failed(error)
        }
    }
}
