import Foundation
import Testing
@testable import DraftForgePreview

#if canImport(Glibc)
import Glibc
#endif

/// What one client can hold of the preview: connections, the size of a request head and the
/// time to send it. After each abuse the server still answers.
@Suite("preview HTTP limits", .serialized)
struct HTTPLimitsTests {
    /// Waits until the server holds no connection (their threads saw the clients go), then
    /// checks that it still serves the book.
    func expectStillServing(_ preview: RunningPreview) async throws {
        let deadline = Date().addingTimeInterval(60)
        while preview.server.openConnections > 0 {
            guard Date() < deadline else { throw TestFailure("\(preview.server.openConnections) connections still open") }
            try await Task.sleep(for: .milliseconds(20))
        }
        let response = try await preview.get("/test-book.epub")
        #expect(response.status == 200)
        #expect(response.body.starts(with: Data("PK".utf8)))
    }

    @Test func connectionsBeyondTheLimitAreClosedAtOnceAndTheListenerStays() async throws {
        var limits = HTTPLimits()
        limits.maxConnections = 4
        limits.headTimeout = .seconds(120)  // the idle ones stay for the whole test
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, limits: limits)
        defer { Task { await preview.server.stop() } }

        let sockets = try await onThread { () -> [TestSocket] in
            var sockets: [TestSocket] = []
            for _ in 0..<12 { sockets.append(try TestSocket(port: preview.port, timeout: 60)) }
            return sockets
        }
        // Four are held, idle; the other eight are closed without a byte. Which ones depends
        // on the order the server accepted them in.
        let closed = try await onThread { () -> Int in
            var closed = Set<Int>()
            let deadline = Date().addingTimeInterval(60)
            while closed.count < 8 {
                guard Date() < deadline else { throw TestFailure("only \(closed.count) closed within 60 s") }
                var fds = sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
                guard poll(&fds, nfds_t(fds.count), 100) > 0 else { continue }
                for (index, fd) in fds.enumerated() where fd.revents != 0 && !closed.contains(index) {
                    #expect(try sockets[index].receive() == nil, "a refused connection gets no bytes")
                    closed.insert(index)
                }
            }
            return closed.count
        }
        #expect(closed == 8)
        #expect(preview.server.openConnections == 4)
        let refusals = preview.recorder.all.filter { if case .connectionsRefused = $0 { true } else { false } }
        #expect(refusals.count == 1, "reported once")
        if case .connectionsRefused(let limit) = refusals.first { #expect(limit == 4) }

        for socket in sockets { shutdown(socket.fd, Int32(SHUT_RDWR)) }  // the clients go
        try await expectStillServing(preview)
        await preview.server.stop()
    }

    @Test func aHugeHeaderIsAnsweredAtOnceWith431() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }
        let big = String(repeating: "a", count: 256 * 1024)
        let start = ContinuousClock.now
        let response = try await HTTPTestClient.raw(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(big)\r\nConnection: close\r\n\r\n", port: preview.port)
        #expect(response.status == 431)
        #expect(ContinuousClock.now - start < .seconds(20), "took \(ContinuousClock.now - start)")
        // Many short fields add up the same way.
        let many = (0..<5_000).map { "X-Field-\($0): value\r\n" }.joined()
        let manyResponse = try await HTTPTestClient.raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\(many)\r\n", port: preview.port)
        #expect(manyResponse.status == 431)
        // Just under the limit is fine.
        let fits = String(repeating: "b", count: 15 * 1024)
        let ok = try await HTTPTestClient.raw(
            "GET /test-book.epub HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fits: \(fits)\r\n\r\n", port: preview.port)
        #expect(ok.status == 200)
        try await expectStillServing(preview)
        await preview.server.stop()
    }

    @Test func aClientTooSlowToSendItsRequestIsDropped() async throws {
        var limits = HTTPLimits()
        limits.headTimeout = .seconds(1)
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder, limits: limits)
        defer { Task { await preview.server.stop() } }
        let start = ContinuousClock.now
        let response = try await onThread { () -> HTTPTestResponse in
            let socket = try TestSocket(port: preview.port, timeout: 60)
            try socket.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  // and nothing more
            var raw: [UInt8] = []
            while let bytes = try socket.receive() { raw += bytes }
            return try HTTPTestClient.parse(raw, isHead: false)
        }
        #expect(response.status == 408)
        #expect(ContinuousClock.now - start < .seconds(30))
        try await expectStillServing(preview)
        await preview.server.stop()
    }

    @Test func malformedRequestsGet400() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }
        for request in [
            "GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n", "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        ] {
            #expect(try await HTTPTestClient.raw(request, port: preview.port).status == 400, "\(request)")
        }
        try await expectStillServing(preview)
        await preview.server.stop()
    }
}

@Suite struct HTTPRequestHeadTests {
    @Test func parsesTheRequestLineAndFields() throws {
        let head = try #require(HTTPRequestHead.parse(Array("\r\nGET /a%20b?x=1 HTTP/1.1\r\nHost: localhost:3000\r\nX-Two:  spaced \r\n\r\n".utf8)))
        #expect(head.method == "GET")
        #expect(head.target == "/a%20b?x=1")
        #expect(head.path == "/a%20b")
        #expect(head.field("host") == "localhost:3000")
        #expect(head.field("x-two") == "spaced")
        #expect(HTTPRequestHead.parse(Array("GET / HTTP/1.0\n\n".utf8))?.field("host") == nil)
    }
}
