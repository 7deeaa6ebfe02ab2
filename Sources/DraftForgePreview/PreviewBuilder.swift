// Runs the build for the preview. Every build writes into a fresh folder, and the served folder
// only moves to it once the build succeeded, so a failed or half-written build never replaces
// the last good content. The previous folder is kept one build longer for requests in flight.
// Who runs the build is a `PreviewBuildRunner`: this process (the tests), or a worker process
// (`serve`), whose crash is then a failed build like any other.
import DraftForgeKit
import Foundation

/// Runs one preview build into the folder its request names.
protocol PreviewBuildRunner: Sendable {
    /// The build's report, or why it failed: a `BuildFailure` of the build's own, or one with
    /// `preview.build-crashed` when whatever ran it died.
    func build(_ request: PreviewBuildRequest) -> Result<PreviewBuildReport, BuildFailure>
    /// Ends what the runner started; it runs no build afterwards.
    func stop()
}

/// Builds in this process, through `Pipeline.build` or a stand-in, keeping one build cache.
final class InProcessBuildRunner: PreviewBuildRunner {
    typealias Build = PreviewServer.Build

    private let pipeline: Build
    /// Chapters parsed and serialized by earlier builds, reused while their text is unchanged.
    private let cache = BuildCache()

    init(build: @escaping Build = { options throws(BuildFailure) in try Pipeline.build(options) }) {
        pipeline = build
    }

    func build(_ request: PreviewBuildRequest) -> Result<PreviewBuildReport, BuildFailure> {
        run(request).report
    }

    /// The report, and the whole result it was made from, for a caller that frees the result
    /// once it has passed the report on: freeing a long book's statistics and continuity report
    /// takes milliseconds a reload need not wait for.
    func run(_ request: PreviewBuildRequest) -> (report: Result<PreviewBuildReport, BuildFailure>, result: BuildResult?) {
        do {
            let result = try pipeline(request.options(cache: cache))
            return (.success(PreviewBuildReport(result)), result)
        } catch {
            return (.failure(error), nil)
        }
    }

    func stop() {}
}

/// Builds a manuscript into numbered folders under a work folder and tracks the one served.
final class PreviewBuilder: Sendable {
    enum Outcome: Sendable {
        case built(PreviewBuildReport, version: Int)
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
    let environment: [String: String]
    private let runner: any PreviewBuildRunner
    private let state = Locked(State())

    init(
        root: URL, workDirectory: URL, formats: [ExportFormat],
        environment: [String: String], runner: any PreviewBuildRunner
    ) {
        self.root = root
        self.workDirectory = workDirectory
        self.formats = formats
        self.environment = environment
        self.runner = runner
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
        let request = PreviewBuildRequest(
            root: root, outputDirectory: output, formats: formats, environment: environment)
        switch runner.build(request) {
        case .success(let report):
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
            return .built(report, version: version)
        case .failure(let failure):
            // Whatever a failed (or killed) build wrote goes with it.
            try? FileManager.default.removeItem(at: output)
            return .failed(failure)
        }
    }

    /// Stops the runner (a worker process) once no build will follow.
    func stop() {
        runner.stop()
    }
}
