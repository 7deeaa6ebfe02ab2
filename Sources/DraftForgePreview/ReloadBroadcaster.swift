// The open event streams, and the state a new one starts from. Sending an event and opening a
// stream happen under one lock, so a page never misses the reload of a build that finished
// while it was connecting.
import DraftForgeKit
import Foundation

/// Fans server-sent events out to every connected page.
public final class ReloadBroadcaster: Sendable {
    private struct State {
        var version: String
        var errors: [Diagnostic]?
        var clients: [UUID: AsyncStream<ServerEvent>.Continuation] = [:]
        var finished = false
    }

    private let state: Locked<State>

    /// `version` names the content served before the first event.
    public init(version: String) {
        state = Locked(State(version: version))
    }

    /// The content version pages are served with now.
    public var version: String { state.withLock { $0.version } }

    /// The errors of the last build when it failed; nil after a good build.
    public var errors: [Diagnostic]? { state.withLock { $0.errors } }

    /// How many event streams are open.
    public var clientCount: Int { state.withLock { $0.clients.count } }

    /// A new stream; its first event is `hello` with the current version and errors.
    public func subscribe() -> AsyncStream<ServerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: ServerEvent.self, bufferingPolicy: .bufferingNewest(32))
        let id = UUID()
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { $0.clients[id] = nil }
        }
        let open = state.withLock { state in
            guard !state.finished else { return false }
            continuation.yield(.hello(version: state.version, errors: state.errors))
            state.clients[id] = continuation
            return true
        }
        // Outside the lock: finishing calls `onTermination`, which takes it.
        if !open { continuation.finish() }
        return stream
    }

    /// Records what the event says about the content and sends it to every stream.
    public func publish(_ event: ServerEvent) {
        state.withLock { state in
            switch event {
            case .reload(let version, _, _):
                state.version = version
                state.errors = nil
            case .error(let diagnostics):
                state.errors = diagnostics
            case .hello, .keepAlive:
                break
            }
            for continuation in state.clients.values { continuation.yield(event) }
        }
    }

    /// Ends every stream, and any opened later: the server is stopping.
    public func finish() {
        let clients = state.withLock { state in
            state.finished = true
            defer { state.clients = [:] }
            return Array(state.clients.values)
        }
        for continuation in clients { continuation.finish() }
    }
}
