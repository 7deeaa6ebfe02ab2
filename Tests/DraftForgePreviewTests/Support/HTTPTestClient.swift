// A deliberately raw HTTP client for the tests: it sends the request target exactly as written
// (no URL normalisation, so `/../` and `%2e%2e` reach the server), and reads event streams
// incrementally. Sockets are blocking with a receive timeout, and every call runs on a thread
// of its own, never on the concurrency pool the in-process server needs. Waits on the server are
// bounded at 120 s: it shares that pool with every other test, and other suites' synchronous
// tests (EPUBCheck) can hold the pool for a minute or more in a full `swift test`.
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

struct HTTPTestResponse {
    var status: Int
    var headers: [String: String]  // lower-cased names
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Runs blocking work on a new thread and waits for it without holding a pool thread.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}

final class TestSocket: @unchecked Sendable {
    let fd: Int32

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds of silence.
    init(port: UInt16, timeout: Int = 120) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw TestFailure("cannot connect to port \(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw TestFailure("send failed") }
            sent += count
        }
    }

    /// Some bytes, or nil at the end of the stream. Throws on timeout.
    func receive() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return nil }
        guard count > 0 else { throw TestFailure("receive timed out or failed: \(String(cString: strerror(errno)))") }
        return Array(buffer[..<count])
    }
}

enum HTTPTestClient {
    /// Sends `method target` as written and reads the whole response (the connection closes).
    static func request(_ target: String, port: UInt16, method: String = "GET") async throws -> HTTPTestResponse {
        try await raw("\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", port: port)
    }

    /// Sends `request` byte for byte and reads the whole response (the connection closes).
    static func raw(_ request: String, port: UInt16) async throws -> HTTPTestResponse {
        try await onThread {
            let socket = try TestSocket(port: port)
            try socket.send(request)
            var raw: [UInt8] = []
            while let bytes = try socket.receive() { raw += bytes }
            return try parse(raw, isHead: request.hasPrefix("HEAD "))
        }
    }

    static func get(_ target: String, port: UInt16) async throws -> HTTPTestResponse {
        try await request(target, port: port)
    }

    static func parse(_ raw: [UInt8], isHead: Bool) throws -> HTTPTestResponse {
        guard let end = headerEnd(raw) else { throw TestFailure("no complete response: \(String(decoding: raw, as: UTF8.self))") }
        let head = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw TestFailure("bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(raw[(end + 4)...])
        if !isHead, let length = headers["content-length"].flatMap(Int.init) { body = body.prefix(length) }
        return HTTPTestResponse(status: status, headers: headers, body: body)
    }

    static func headerEnd(_ raw: [UInt8]) -> Int? {
        guard raw.count >= 4 else { return nil }
        for index in 0...(raw.count - 4) where raw[index] == 13 && raw[index + 1] == 10 && raw[index + 2] == 13 && raw[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// One server-sent event as a page receives it.
struct ReceivedEvent: Sendable {
    var name: String
    var data: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }

    /// `errors` of an `error` or `hello` event.
    var errors: [[String: Any]] { json["errors"] as? [[String: Any]] ?? [] }
}

/// An open `/__draftforge/events` stream, decoded from HTTP chunked encoding.
final class EventStreamClient: @unchecked Sendable {
    private let socket: TestSocket
    private var raw: [UInt8] = []      // bytes not yet de-chunked
    private var text = ""              // de-chunked event text not yet split into events
    private(set) var headers: [String: String] = [:]

    private init(socket: TestSocket) {
        self.socket = socket
    }

    /// Connects and reads the response head.
    static func connect(port: UInt16) async throws -> EventStreamClient {
        try await onThread {
            let client = EventStreamClient(socket: try TestSocket(port: port, timeout: 1))
            try client.socket.send("GET /__draftforge/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            let deadline = Date().addingTimeInterval(120)
            while HTTPTestClient.headerEnd(client.raw) == nil {
                guard Date() < deadline else { throw TestFailure("no response head within 120 s") }
                do {
                    guard let bytes = try client.socket.receive() else { throw TestFailure("closed before the response head") }
                    client.raw += bytes
                } catch let error as TestFailure where error.description.hasPrefix("receive timed out") {
                    continue
                }
            }
            guard let end = HTTPTestClient.headerEnd(client.raw) else { throw TestFailure("no response head") }
            let response = try HTTPTestClient.parse(Array(client.raw[..<(end + 4)]), isHead: true)
            client.headers = response.headers
            client.headers["status"] = String(response.status)
            client.raw.removeFirst(end + 4)
            return client
        }
    }

    /// The next event, skipping comments; throws after `timeout` seconds.
    func next(timeout: TimeInterval = 120) async throws -> ReceivedEvent {
        try await onThread { try self.nextBlocking(timeout: timeout) }
    }

    /// Events until one named `name` (returned); the others are returned too, in order.
    func waitFor(_ name: String, timeout: TimeInterval = 120) async throws -> (event: ReceivedEvent, skipped: [ReceivedEvent]) {
        let deadline = Date().addingTimeInterval(timeout)
        var skipped: [ReceivedEvent] = []
        while true {
            let event = try await next(timeout: max(0.1, deadline.timeIntervalSinceNow))
            if event.name == name { return (event, skipped) }
            skipped.append(event)
        }
    }

    private func nextBlocking(timeout: TimeInterval) throws -> ReceivedEvent {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            dechunk()
            while let range = text.range(of: "\n\n") {
                let block = String(text[..<range.lowerBound])
                text.removeSubrange(..<range.upperBound)
                var name = "message"
                var data: [String] = []
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
                }
                if block.hasPrefix(":") || block.hasPrefix("retry:") { continue }
                return ReceivedEvent(name: name, data: data.joined(separator: "\n"))
            }
            guard Date() < deadline else { throw TestFailure("no event within \(timeout) s") }
            do {
                guard let bytes = try socket.receive() else { throw TestFailure("the event stream ended") }
                raw += bytes
            } catch let error as TestFailure where error.description.hasPrefix("receive timed out") {
                continue  // one-second receive timeout: check the deadline again
            }
        }
    }

    /// Moves complete chunks from `raw` to `text`.
    private func dechunk() {
        while let lineEnd = findCRLF(in: raw, from: 0) {
            let sizeText = String(decoding: raw[..<lineEnd], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else { return }
            let start = lineEnd + 2
            guard raw.count >= start + size + 2 else { return }
            text += String(decoding: raw[start..<(start + size)], as: UTF8.self)
            raw.removeFirst(start + size + 2)
        }
    }

    private func findCRLF(in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in from..<(bytes.count - 1) where bytes[index] == 13 && bytes[index + 1] == 10 { return index }
        return nil
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
