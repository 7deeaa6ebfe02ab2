// The preview's HTTP/1.1 connections, with limits on what one client can hold. A thread accepts;
// each connection gets a thread of its own, never one of Swift's concurrency pool, so neither a
// slow client nor a busy test process starves the other. What a client can take is bounded:
//
// - connections: at most `maxConnections` at once; more are closed as soon as they are
//   accepted, so the listening socket never runs out of file descriptors and stays open
//   (an `accept` that fails for lack of them waits and tries again);
// - the request head: at most `maxHeadBytes` (431), read within `headTimeout` (408), and
//   scanned once for its end, so a huge header costs one pass over 16 KB, not seconds;
// - writing: a send that makes no progress for `sendTimeout` drops the client.
//
// Every reply closes its connection (`Connection: close`): there is no idle keep-alive
// connection to hold, and each request is read under the same limits.
import Foundation

#if canImport(Glibc)
import Glibc

/// How much one client may hold of the server.
public struct HTTPLimits: Sendable {
    /// Connections served at once.
    public var maxConnections = 256
    /// The request line and header fields together, in bytes.
    public var maxHeadBytes = 16 * 1024
    /// How long a client has to send its request head.
    public var headTimeout: Duration = .seconds(10)
    /// How long a send may make no progress.
    public var sendTimeout: Duration = .seconds(30)
    /// After a reply, how long the client's further bytes are read and dropped, so that closing
    /// does not reset the connection before the client read the reply.
    public var lingerTimeout: Duration = .seconds(1)

    public init() {}
}

/// Accepts connections on a listening socket and answers each request with `handler`.
final class HTTPListener: @unchecked Sendable {
    typealias Handler = @Sendable (HTTPRequestHead) -> HTTPReply

    /// The port listened on (the one the system picked for port 0).
    let port: UInt16
    private let listener: Int32
    private let stopPipe: (read: Int32, write: Int32)
    private let limits: HTTPLimits
    private let handler: Handler
    private let onRefused: @Sendable (Int) -> Void
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var open: Set<Int32> = []
    private var stopping = false
    private var started = false
    private var accepting = false
    private var refusedBefore = false

    /// Binds and listens on `host` (an IP address, or `localhost`) and `port`; `onRefused` is
    /// called, once, the first time a connection is refused for the limit.
    init(
        host: String, port: UInt16, limits: HTTPLimits, handler: @escaping Handler,
        onRefused: @escaping @Sendable (Int) -> Void
    ) throws {
        self.limits = limits
        self.handler = handler
        self.onRefused = onRefused
        (listener, self.port) = try Self.listen(host: host, port: port)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            close(listener)
            throw PreviewError("pipe failed: \(String(cString: strerror(errno)))")
        }
        for end in fds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        stopPipe = (fds[0], fds[1])
    }

    deinit {
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// Starts the accepting thread.
    func start() {
        condition.withLock {
            started = true
            accepting = true
        }
        let thread = Thread { [self] in
            acceptLoop()
            close(listener)
            condition.withLock {
                accepting = false
                condition.broadcast()
            }
        }
        thread.name = "draftforge.http.accept"
        thread.start()
    }

    /// Closes the listener, wakes every connection (event streams end when the broadcaster
    /// finishes) and waits up to `timeout` for their threads.
    func stop(timeout: Duration = .seconds(5)) {
        let (wasStopping, wasStarted) = condition.withLock {
            defer { stopping = true }
            for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
            return (stopping, started)
        }
        guard !wasStopping else { return }
        guard wasStarted else {
            close(listener)
            return
        }
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        let deadline = Date().addingTimeInterval(Self.seconds(timeout))
        condition.withLock {
            while accepting || !open.isEmpty {
                guard condition.wait(until: deadline) else { return }
            }
        }
    }

    /// Connections open now (for tests).
    var openConnections: Int { condition.withLock { open.count } }

    // MARK: - Accepting

    private func acceptLoop() {
        while true {
            var fds = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if fds[1].revents != 0 { return }
            if ready <= 0 { continue }  // EINTR
            // accept4 is not imported, so close-on-exec is set just after: a child process a
            // build starts in between would inherit one socket.
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                switch errno {
                case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO:
                    continue
                default:
                    // EMFILE, ENFILE, ENOBUFS, ENOMEM: the connection waits in the backlog
                    // until descriptors are free again. Never give up the listener.
                    if waitForStop(.milliseconds(100)) { return }
                }
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            admit(client)
        }
    }

    /// Waits up to `duration` for `stop`; true when it came.
    private func waitForStop(_ duration: Duration) -> Bool {
        var fd = pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, Int32(Self.milliseconds(duration))) > 0
    }

    private func admit(_ client: Int32) {
        enum Admission { case serve, refuse(report: Bool), stopping }
        let admission = condition.withLock { () -> Admission in
            if stopping { return .stopping }
            guard open.count < limits.maxConnections else {
                defer { refusedBefore = true }
                return .refuse(report: !refusedBefore)
            }
            open.insert(client)
            return .serve
        }
        switch admission {
        case .serve:
            let thread = Thread { [self] in
                serve(client)
                condition.withLock {
                    open.remove(client)
                    close(client)  // under the lock: `stop` never shuts down a reused number
                    condition.broadcast()
                }
            }
            thread.name = "draftforge.http"
            thread.stackSize = 1 << 20
            thread.start()
        case .refuse(let report):
            if report { onRefused(limits.maxConnections) }
            close(client)
        case .stopping:
            close(client)
        }
    }

    // MARK: - One connection

    private func serve(_ client: Int32) {
        let seconds = Self.seconds(limits.sendTimeout)
        var time = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let reply: HTTPReply
        var method = "GET"
        switch readHead(client) {
        case .closed:
            return
        case .timedOut:
            reply = .text(408, "the request head did not arrive within \(Self.seconds(limits.headTimeout).formatted()) s")
        case .tooLarge:
            reply = .text(431, "the request head is longer than \(limits.maxHeadBytes.formatted()) bytes")
        case .head(let bytes):
            if let head = HTTPRequestHead.parse(bytes) {
                method = head.method
                reply = handler(head)
            } else {
                reply = .text(400, "not an HTTP/1.1 request")
            }
        }
        send(reply, to: client, bodyless: method == "HEAD")
        linger(client)
    }

    private enum Head {
        case head([UInt8])
        case closed, timedOut, tooLarge
    }

    /// Reads up to the blank line that ends the head, within the size and time limits.
    private func readHead(_ client: Int32) -> Head {
        let deadline = ContinuousClock.now + limits.headTimeout
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var scanned = 0
        while true {
            // The end is CRLF CRLF (a bare LF LF is accepted too); each byte is looked at once.
            while scanned < bytes.count {
                if bytes[scanned] == 10,
                    (scanned >= 1 && bytes[scanned - 1] == 10)
                        || (scanned >= 2 && bytes[scanned - 1] == 13 && bytes[scanned - 2] == 10)
                {
                    return .head(Array(bytes[..<(scanned + 1)]))
                }
                scanned += 1
            }
            guard bytes.count < limits.maxHeadBytes else { return .tooLarge }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return .timedOut }
            var fd = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fd, 1, Int32(Self.milliseconds(remaining)))
            if ready == 0 { return .timedOut }
            if ready < 0 { if errno == EINTR { continue } else { return .closed } }
            let wanted = min(chunk.count, limits.maxHeadBytes - bytes.count)
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, wanted, 0) }
            if count == 0 { return .closed }
            if count < 0 { if errno == EINTR || errno == EAGAIN { continue } else { return .closed } }
            bytes += chunk[..<count]
        }
    }

    private func send(_ reply: HTTPReply, to client: Int32, bodyless: Bool) {
        switch reply.body {
        case .bytes(let data):
            guard sendAll(reply.head(contentLength: data.count), to: client), !bodyless else { return }
            _ = sendAll(data, to: client)
        case .events(let subscription):
            defer { subscription.cancel() }
            guard sendAll(reply.head(contentLength: nil), to: client),
                sendAll(Self.chunk("retry: 1000\n\n"), to: client)
            else { return }
            while let event = subscription.next() {
                guard sendAll(Self.chunk(event.encoded), to: client) else { return }
            }
            _ = sendAll(Data("0\r\n\r\n".utf8), to: client)
        }
    }

    private static func chunk(_ text: String) -> Data {
        let bytes = Data(text.utf8)
        return Data(String(bytes.count, radix: 16).utf8) + Data("\r\n".utf8) + bytes + Data("\r\n".utf8)
    }

    /// Sends all of `data`; false when the client went or stalled past the send timeout.
    private func sendAll(_ data: Data, to client: Int32) -> Bool {
        data.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let count = Glibc.send(client, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                sent += count
            }
            return true
        }
    }

    /// Ends the sending side and drops what the client still sends for a moment, so the reply
    /// is read before the connection closes (closing with unread bytes would reset it).
    private func linger(_ client: Int32) {
        shutdown(client, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + limits.lingerTimeout
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var dropped = 0
        while dropped < 1 << 20 {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return }
            var fd = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&fd, 1, Int32(Self.milliseconds(remaining))) > 0 else { return }
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            dropped += count
        }
    }

    // MARK: - The socket

    /// A listening TCP socket on `host`:`port`, and the port it got.
    private static func listen(host: String, port: UInt16) throws -> (Int32, UInt16) {
        let name = host == "localhost" ? "127.0.0.1" : host
        var storage = sockaddr_storage()
        let length: Int
        let family: Int32
        let parsed = withUnsafeMutableBytes(of: &storage) { raw -> Bool in
            if name.contains(":") {
                let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                address.pointee.sin6_family = sa_family_t(AF_INET6)
                address.pointee.sin6_port = port.bigEndian
                return inet_pton(AF_INET6, name, &address.pointee.sin6_addr) == 1
            }
            let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
            address.pointee.sin_family = sa_family_t(AF_INET)
            address.pointee.sin_port = port.bigEndian
            return inet_pton(AF_INET, name, &address.pointee.sin_addr) == 1
        }
        guard parsed else {
            throw PreviewError("'\(host)' is not an IP address; use 127.0.0.1, ::1, 0.0.0.0 or localhost")
        }
        (family, length) = name.contains(":")
            ? (AF_INET6, MemoryLayout<sockaddr_in6>.size) : (AF_INET, MemoryLayout<sockaddr_in>.size)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw PreviewError("cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(length)) }
        }
        guard bound == 0, Glibc.listen(fd, 128) == 0 else {
            let number = errno
            let reason = String(cString: strerror(number))
            close(fd)
            if number == EADDRINUSE {
                throw PreviewError("port \(port) on \(host) is in use by another program", portInUse: port)
            }
            throw PreviewError("cannot listen on \(host):\(port): \(reason)")
        }
        var local = sockaddr_storage()
        var localLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &localLength) }
        }
        let boundPort = withUnsafeBytes(of: &local) { raw in
            family == AF_INET6
                ? UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)
                : UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port)
        }
        return (fd, boundPort)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        max(1, Int64((seconds(duration) * 1000).rounded(.up)))
    }
}
#endif
