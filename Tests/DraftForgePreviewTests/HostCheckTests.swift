import Foundation
import Testing
@testable import DraftForgePreview

/// DNS rebinding: the preview answers only a `Host` that names it.
@Suite("host check", .serialized)
struct HostCheckTests {
    @Test func acceptsLoopbackNamesAndTheListeningAddressWithOrWithoutAPort() {
        let check = HostCheck(listeningHost: "127.0.0.1")
        for host in ["localhost", "LOCALHOST:3000", "127.0.0.1", "127.0.0.1:3000", "[::1]", "[::1]:3000"] {
            #expect(check.accepts(host), "\(host)")
        }
        for host in [
            nil, "", "evil.example", "evil.example:3000", "localhost.evil.example", "127.0.0.1.nip.io",
            "::1", "[::1]:port", "localhost:30a0", "127.0.0.2", "0.0.0.0", "[::1]x",
        ] {
            #expect(!check.accepts(host), "\(host ?? "nil")")
        }
        #expect(HostCheck(listeningHost: "0.0.0.0").accepts("0.0.0.0:3000"))
        // On every address, other machines come by any of its IP addresses, never by a name.
        for listening in ["0.0.0.0", "::"] {
            let wildcard = HostCheck(listeningHost: listening)
            for host in ["192.168.1.5:3000", "10.0.0.7", "[fe80::1]:3000", "localhost:3000"] {
                #expect(wildcard.accepts(host), "\(listening): \(host)")
            }
            for host in ["evil.example", "192.168.1.5.nip.io:3000", "[evil]:3000", "300.1.1.1", "fe80::1"] {
                #expect(!wildcard.accepts(host), "\(listening): \(host)")
            }
        }
        #expect(HostCheck(listeningHost: "192.168.1.5").accepts("192.168.1.5"))
        #expect(!HostCheck(listeningHost: "192.168.1.5").accepts("192.168.1.6"))
        #expect(HostCheck(listeningHost: "fe80::1").accepts("[FE80::1]:3000"))
        #expect(HostCheck(listeningHost: "localhost").accepts("localhost:80"))
    }

    @Test func aForeignHostGets403AndTheLoopbackNamesAreServed() async throws {
        let folder = try TestFolder.manuscript()
        let preview = try await RunningPreview.start(folder)
        defer { Task { await preview.server.stop() } }
        func get(_ target: String, host: String?) async throws -> HTTPTestResponse {
            let hostLine = host.map { "Host: \($0)\r\n" } ?? ""
            return try await HTTPTestClient.raw("GET \(target) HTTP/1.1\r\n\(hostLine)Connection: close\r\n\r\n", port: preview.port)
        }
        for host in ["evil.example", "evil.example:\(preview.port)", "127.0.0.1.evil.example", "attacker.test:80"] {
            for target in ["/", "/test-book.epub", "/__draftforge/events"] {
                let response = try await get(target, host: host)
                #expect(response.status == 403, "\(host) \(target) answered \(response.status)")
                #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
                #expect(response.text.hasPrefix("403 Forbidden"))
                #expect(!response.body.starts(with: Data("PK".utf8)), "\(host) got the book")
            }
        }
        #expect(try await get("/", host: nil).status == 403)
        for host in ["localhost", "localhost:\(preview.port)", "127.0.0.1", "127.0.0.1:\(preview.port)", "[::1]:\(preview.port)"] {
            #expect(try await get("/test-book.epub", host: host).status == 200, "\(host)")
        }
        await preview.server.stop()
    }
}
