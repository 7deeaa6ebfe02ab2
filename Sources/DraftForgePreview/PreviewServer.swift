// `draftforge serve` as a library: build once, serve the result over HTTP, watch the
// manuscript, rebuild through `Pipeline.build` when an input changes, and tell open pages to
// reload (or show the errors) over server-sent events.
import DraftForgeKit
import Foundation

/// What to preview and how.
public struct PreviewOptions: Sendable {
    /// The manuscript folder.
    public var root: URL
    /// An IP address to listen on; `localhost` means 127.0.0.1.
    public var host: String = "127.0.0.1"
    /// 0 picks a free port.
    public var port: UInt16 = 3000
    /// Where builds go. Nil: a new temporary folder, removed when the server stops.
    public var workDirectory: URL?
    public var formats: [ExportFormat] = PreviewOutput.formats
    /// How long the tree must be quiet after a change before the rebuild starts. An editor's
    /// save (write, or write a temporary file and rename it) lands within a millisecond or two;
    /// events that come during a build make the next batch, so a short wait costs at most one
    /// extra rebuild, and every millisecond of it is felt on each save.
    public var debounce: Duration = .milliseconds(10)
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// The program and arguments that start a build worker (`draftforge preview-worker`, which
    /// runs `PreviewWorker`): each build then runs in that process, so none can crash the
    /// server. Nil builds in this process.
    public var worker: [String]?
    /// What one client may hold of the server; smaller in tests.
    var limits = HTTPLimits()

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }
}

/// What happened, for the command line to print and for tests to wait on.
public enum PreviewEvent: Sendable {
    case listening(URL)
    /// A build succeeded; `changed` is empty for the first build.
    case built(PreviewBuildReport, changed: [String], version: String)
    case failed(BuildFailure, changed: [String])
    /// Files changed that the build does not read.
    case skipped(changed: [String])
    /// The manuscript folder was deleted or moved away; the server waits for it to come back.
    case folderRemoved
    /// The manuscript folder is back and watched again; a rebuild follows.
    case folderRestored
    /// A connection was refused because `limit` were open; reported the first time only.
    case connectionsRefused(limit: Int)
}

/// The preview server. `start` returns once the first build ran and the server listens.
public final class PreviewServer: Sendable {
    public typealias Build = @Sendable (BuildOptions) throws(BuildFailure) -> BuildResult

    public let options: PreviewOptions
    /// The folder builds go to.
    public let workDirectory: URL

    private let ownsWorkDirectory: Bool
    private let builder: PreviewBuilder
    private let broadcaster: ReloadBroadcaster
    private let instance = String(UUID().uuidString.prefix(8)).lowercased()
    private let onEvent: @Sendable (PreviewEvent) -> Void
    private let buildQueue = DispatchQueue(label: "draftforge.preview.build")
    private let classifier: Locked<InputClassifier>
    private let running = Locked(Running())

    private struct Running {
        var http: HTTPListener?
        var keepAlive: Task<Void, Never>?
        var watcher: FileWatcher?
        var url: URL?
        var stopped = false
    }

    /// `build` runs each build in this process (tests put a stand-in there); unused when
    /// `options.worker` is set.
    public init(
        options: PreviewOptions, build: @escaping Build = { options throws(BuildFailure) in try Pipeline.build(options) },
        onEvent: @escaping @Sendable (PreviewEvent) -> Void = { _ in }
    ) {
        self.options = options
        if let folder = options.workDirectory {
            workDirectory = folder.standardizedFileURL
            ownsWorkDirectory = false
        } else {
            workDirectory = FileManager.default.temporaryDirectory
                .appendingPathComponent("draftforge-serve-\(UUID().uuidString)", isDirectory: true)
            ownsWorkDirectory = true
        }
        let runner: any PreviewBuildRunner = if let worker = options.worker {
            WorkerBuildRunner(command: worker, environment: options.environment, workDirectory: workDirectory)
        } else {
            InProcessBuildRunner(build: build)
        }
        builder = PreviewBuilder(
            root: options.root, workDirectory: workDirectory, formats: options.formats,
            environment: options.environment, runner: runner)
        broadcaster = ReloadBroadcaster(version: "\(instance)-0")
        classifier = Locked(InputClassifier(root: options.root))
        self.onEvent = onEvent
    }

    /// The address pages are served at, once started.
    public var url: URL? { running.withLock { $0.url } }

    /// The folder served now: `<build>/html` or the build folder; nil before a good build.
    public var servedFolder: URL? { builder.servedFolder }

    /// HTTP connections open now (for tests).
    var openConnections: Int { running.withLock { $0.http }?.openConnections ?? 0 }

    /// Builds, starts watching and listening. Throws when the address cannot be used or the
    /// manuscript folder cannot be watched; a failed build does not throw.
    @discardableResult
    public func start() async throws -> URL {
        let http: HTTPListener
        let watcher: FileWatcher
        do {
            http = try HTTPListener(
                host: options.host, port: options.port, limits: options.limits,
                handler: PreviewHTTPHandler(
                    servedFolder: { [builder] in builder.servedFolder }, broadcaster: broadcaster,
                    hosts: HostCheck(listeningHost: options.host)
                ).reply,
                onRefused: { [onEvent] limit in onEvent(.connectionsRefused(limit: limit)) })
            running.withLock { $0.http = http }
            try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
            watcher = try FileWatcher(
                root: options.root,
                filter: WatchFilter(
                    root: options.root,
                    ignoring: [workDirectory, options.root.appendingPathComponent("dist")]),
                debounce: options.debounce)
        } catch {
            await stop()
            throw error
        }

        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            buildQueue.async {
                self.rebuild(changed: [])
                done.resume()
            }
        }

        // Listening since `init`: connections made during the first build wait in the backlog.
        http.start()
        running.withLock { $0.watcher = watcher }
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        let port = http.port
        let url = URL(string: "http://\(host):\(port)/")!

        watcher.start { [self] changes in
            buildQueue.sync { handle(changes) }
        }
        let keepAlive = Task { [broadcaster] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                broadcaster.publish(.keepAlive)
            }
        }
        running.withLock {
            $0.url = url
            $0.keepAlive = keepAlive
        }
        onEvent(.listening(url))
        return url
    }

    /// Stops watching (after a build in progress), closes event streams and the listener, stops
    /// the build worker, and removes the work folder if the server made it. Safe to call more
    /// than once.
    public func stop() async {
        let current = running.withLock { state -> Running? in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state
        }
        guard let current else { return }
        current.watcher?.stop()
        current.keepAlive?.cancel()
        broadcaster.finish()
        if let http = current.http {
            // On a thread of its own: it waits (briefly) for the connections' threads.
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    http.stop()
                    done.resume()
                }
            }
        }
        buildQueue.sync {}
        builder.stop()
        if ownsWorkDirectory {
            try? FileManager.default.removeItem(at: workDirectory)
        }
    }

    // MARK: - Rebuilding

    /// Runs on the watcher thread, inside the build queue.
    private func handle(_ changes: FileChanges) {
        if changes.rootRemoved { onEvent(.folderRemoved) }
        if changes.rootRestored { onEvent(.folderRestored) }
        // Gone and not back yet: a build could only fail; the pages keep the last good one.
        if changes.rootRemoved && !changes.rootRestored { return }
        // Back: its config may be another, and anything in it may have changed.
        let overflowed = changes.overflowed || changes.rootRestored
        let set = ChangeSet(paths: changes.paths.sorted(), overflowed: overflowed, classifier: classifier.current)
        guard set.needsRebuild else {
            onEvent(.skipped(changed: set.paths))
            return
        }
        rebuild(changed: changes.overflowed ? set.paths : set.relevantPaths)
    }

    private func rebuild(changed: [String]) {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = builder.run()
        // The next changes are judged by what this build read; after a failure, by the config.
        let inputs: BuildInputs? = if case .built(let result, _) = outcome { result.inputs } else { nil }
        let fresh = InputClassifier(root: options.root, inputs: inputs)
        classifier.withLock { $0 = fresh }
        switch outcome {
        case .built(let result, let number):
            let version = "\(instance)-\(number)"
            let elapsed = clock.now - start
            let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            // Reported before pages hear of it, so whoever watches both sees them in that order.
            onEvent(.built(result, changed: changed, version: version))
            // A preview never blocks: the pages are built, and the findings that would stop
            // `build`'s export show over them.
            broadcaster.publish(.reload(
                version: version, changed: changed, milliseconds: milliseconds,
                findings: result.diagnostics.filter(\.isBlocking)))
            builder.removeStaleFolders()
        case .failed(let failure):
            onEvent(.failed(failure, changed: changed))
            broadcaster.publish(.error(diagnostics: failure.diagnostics))
        }
    }
}

/// The preview could not start.
public struct PreviewError: Error, CustomStringConvertible {
    public let description: String
    /// The port asked for, when another program listens on it.
    public let portInUse: UInt16?

    public init(_ description: String, portInUse: UInt16? = nil) {
        self.description = description
        self.portInUse = portInUse
    }
}
