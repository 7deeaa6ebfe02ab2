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
        var findings: [Diagnostic] = []
        var clients: [ObjectIdentifier: EventSubscription] = [:]
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
    public func subscribe() -> EventSubscription {
        let subscription = EventSubscription()
        subscription.onCancel = { [weak self] in
            self?.state.withLock { $0.clients[ObjectIdentifier(subscription)] = nil }
        }
        let open = state.withLock { state in
            guard !state.finished else { return false }
            subscription.push(.hello(version: state.version, errors: state.errors, findings: state.findings))
            state.clients[ObjectIdentifier(subscription)] = subscription
            return true
        }
        if !open { subscription.finish() }
        return subscription
    }

    /// Records what the event says about the content and sends it to every stream.
    public func publish(_ event: ServerEvent) {
        state.withLock { state in
            switch event {
            case .reload(let version, _, _, let findings):
                state.version = version
                state.errors = nil
                state.findings = findings
            case .error(let diagnostics):
                state.errors = diagnostics
            case .hello, .keepAlive:
                break
            }
            for subscription in state.clients.values { subscription.push(event) }
        }
    }

    /// Ends every stream, and any opened later: the server is stopping.
    public func finish() {
        let clients = state.withLock { state in
            state.finished = true
            defer { state.clients = [:] }
            return Array(state.clients.values)
        }
        for subscription in clients { subscription.finish() }
    }
}

/// One page's event stream: events wait here until its connection's thread sends them. Only
/// the newest 32 are kept for a client that does not read.
public final class EventSubscription: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [ServerEvent] = []
    private var finished = false
    /// Set once by the broadcaster, before the subscription is shared.
    fileprivate var onCancel: (@Sendable () -> Void)?
    static let capacity = 32

    fileprivate func push(_ event: ServerEvent) {
        condition.withLock {
            guard !finished else { return }
            queue.append(event)
            if queue.count > Self.capacity { queue.removeFirst() }
            condition.signal()
        }
    }

    /// No more events: `next` returns what is queued, then nil.
    fileprivate func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    /// The next event, waiting for one; nil when the stream has ended.
    public func next() -> ServerEvent? {
        condition.withLock {
            while queue.isEmpty && !finished { condition.wait() }
            return queue.isEmpty ? nil : queue.removeFirst()
        }
    }

    /// The client went: the broadcaster forgets this stream.
    public func cancel() {
        finish()
        onCancel?()
    }
}
