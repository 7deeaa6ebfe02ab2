// The sample's site as an author previews it: `draftforge serve` running, Debian's Chromium
// headless reading it over HTTP. The same checks as the file:// browser tests (text, next,
// search, a screenshot), then an edit: the reload event is sent and the browser sees the change.
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
import DraftForgeTestSupport
#endif

@Suite("The served site in Chromium", .serialized, .externalTools)
struct ServedSiteBrowserTests {
    /// A copy of the sample (serve watches it, and the second test edits it) and serve running on it.
    final class ServedSample {
        let root: URL
        let serve: ServeCommandTests.ServeProcess
        let base: URL

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-served-\(UUID().uuidString)")
            try FileManager.default.copyItem(
                at: CommandLineTests.packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper"), to: root)
            serve = try ServeCommandTests.ServeProcess([root.path, "--port", "0"])
            try serve.waitForOutput("serving at")
            base = URL(string: "http://127.0.0.1:\(try ServeCommandTests().port(in: serve.stdout))/")!
        }

        deinit {
            kill(serve.process.processIdentifier, SIGINT)
            _ = try? serve.waitForExit()
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// Headless Chromium with a profile of its own. It waits in real time, not virtual time as
    /// from file://: the page's open event stream would keep virtual time from ever advancing.
    static func browser() throws -> HeadlessChromium {
        try HeadlessChromium(
            profile: FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-chromium-\(UUID().uuidString)"),
            wait: .timeout(milliseconds: 5000))
    }

    /// The first capture of `pattern` in `text`.
    static func capture(_ pattern: String, in text: String) -> String? {
        let expression = try? NSRegularExpression(pattern: pattern)
        guard let match = expression?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    @Test func chapterNextSearchAndAScreenshotThroughServe() throws {
        let served = try ServedSample()
        let browser = try Self.browser()
        defer { try? FileManager.default.removeItem(at: browser.profile) }

        let first = try browser.dom(served.base.appendingPathComponent("01-arrival.html"))
        #expect(first.contains("The railway ran out at Polwenna, as it always had"), "the chapter's text is missing")
        #expect(Self.capture(#"<html[^>]*class="([^"]*)""#, in: first)?.contains("js") == true, "the site's script did not run")
        #expect(first.contains("draftforge-live-reload"), "serve did not add its reload script")

        let next = try #require(Self.capture(#"<a class="df-next" rel="next" href="([^"]+)""#, in: first))
        #expect(next == "02-storm.html")
        let second = try browser.dom(URL(string: next, relativeTo: served.base)!.absoluteURL)
        #expect(Self.capture(#"<h1[^>]*>([^<]+)</h1>"#, in: second) == "The Storm")

        // Only the last chapter has this word (the file:// test picks such a word from the index).
        let word = "churchyard"
        let search = try browser.dom(URL(string: "index.html?q=\(word)", relativeTo: served.base)!.absoluteURL)
        let results = try #require(Self.capture(#"(<ol class="df-search-list">[\s\S]*?</ol>)"#, in: search), "no results")
        #expect(results.contains("05-the-light.html"), "the last chapter is not among the results: \(results)")
        #expect(results.lowercased().contains("<mark>\(word)</mark>"), "the match is not highlighted")

        let shot = served.root.appendingPathComponent("served.png")
        try browser.screenshot(served.base.appendingPathComponent("02-storm.html"), to: shot, width: 1280, height: 900)
        let png = try Data(contentsOf: shot)
        #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "no screenshot")
    }

    @Test func anEditUnderServeSendsReloadAndTheBrowserSeesIt() throws {
        let served = try ServedSample()
        let browser = try Self.browser()
        defer { try? FileManager.default.removeItem(at: browser.profile) }
        let page = served.base.appendingPathComponent("03-keeper.html")
        #expect(try browser.dom(page).contains("The Keeper"))

        let events = try EventStream(port: UInt16(served.base.port!))
        let chapter = served.root.appendingPathComponent("chapters/03-keeper.md")
        let text = try String(contentsOf: chapter, encoding: .utf8)
        try (text + "\nThe gulls had a new song that evening, louder than the sea.\n")
            .write(to: chapter, atomically: false, encoding: .utf8)
        let reload = try events.next(named: "reload", timeout: 30)
        #expect(reload.contains("chapters/03-keeper.md"), "the reload event names the chapter: \(reload)")
        #expect(try browser.dom(page).contains("The gulls had a new song that evening"))
    }

    /// `/__draftforge/events`, read as it arrives.
    final class EventStream {
        private let socket: Int32
        private var received = ""

        init(port: UInt16) throws {
            socket = try connectLoopback(port: port)
            let request = Array("GET /__draftforge/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            _ = try next(named: "hello", timeout: 10)
        }

        deinit { close(socket) }

        /// The data of the next event called `name`; throws after `timeout` seconds.
        func next(named name: String, timeout: TimeInterval) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            while true {
                if let range = received.range(of: "event: \(name)\r?\ndata: [^\r\n]*", options: .regularExpression) {
                    let event = String(received[range])
                    received.removeSubrange(received.startIndex..<range.upperBound)
                    return event
                }
                var wait = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                guard Date() < deadline, poll(&wait, 1, 100) >= 0 else { throw TestError("no '\(name)' event: \(received)") }
                guard wait.revents & Int16(POLLIN) != 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { throw TestError("the event stream ended: \(received)") }
                received += String(decoding: buffer[..<count], as: UTF8.self)
            }
        }
    }
}
