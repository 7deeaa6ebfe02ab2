// Answers the preview's HTTP requests: the event stream, files of the served folder (HTML with
// the live-reload script added), folder listings, redirects and 404s. Only GET and HEAD, and
// only for a `Host` that names this server (see `HostCheck`).
import FlyingFox
import FlyingSocks
import Foundation

struct PreviewHTTPHandler: HTTPHandler {
    /// The folder served now; nil before the first good build.
    let servedFolder: @Sendable () -> URL?
    let broadcaster: ReloadBroadcaster
    let hosts: HostCheck

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard hosts.accepts(request.headers[.host]) else {
            let body = "403 Forbidden: this preview answers only to localhost, 127.0.0.1, [::1] and the address it listens on\n"
            return response(.forbidden, headers: [.contentType: "text/plain; charset=utf-8"], body: Data(body.utf8), request: request)
        }
        guard request.method == .GET || request.method == .HEAD else {
            return response(.methodNotAllowed, headers: [HTTPHeader("Allow"): "GET, HEAD"], request: request)
        }
        let target = request.target.path(percentEncoded: true)
        if target == LiveReloadScript.eventsPath {
            return eventStream(request)
        }
        // Read the version before the folder: a page is then never newer than its version says
        // (at worst it reloads once more).
        let version = broadcaster.version
        guard let folder = servedFolder() else {
            return html(PreviewPages.notBuilt, status: .serviceUnavailable, version: version, request: request)
        }
        switch SiteFileResolver(root: folder).resolve(target) {
        case .file(let url):
            guard let data = try? Data(contentsOf: url) else { return notFound(in: folder, version, request) }
            let type = ContentType.of(url)
            if ContentType.isHTML(type) {
                return html(LiveReloadScript.inject(into: data, version: version), status: .ok, request: request)
            }
            return response(.ok, headers: [.contentType: type], body: data, request: request)
        case .redirect(let location):
            return response(.movedPermanently, headers: [.location: location], request: request)
        case .folder(let url):
            let path = target.removingPercentEncoding ?? target
            return html(PreviewPages.listing(of: url, requestPath: path), status: .ok, version: version, request: request)
        case .notFound:
            return notFound(in: folder, version, request)
        }
    }

    /// The site's own `404.html` when it has one, else a plain page; always status 404.
    private func notFound(in folder: URL, _ version: String, _ request: HTTPRequest) -> HTTPResponse {
        if case .file(let url) = SiteFileResolver(root: folder).resolve("/404.html"),
            let data = try? Data(contentsOf: url)
        {
            return html(LiveReloadScript.inject(into: data, version: version), status: .notFound, request: request)
        }
        return html(PreviewPages.notFound, status: .notFound, version: version, request: request)
    }

    private func html(_ page: String, status: HTTPStatusCode, version: String, request: HTTPRequest) -> HTTPResponse {
        html(Data(LiveReloadScript.inject(into: page, version: version).utf8), status: status, request: request)
    }

    private func html(_ data: Data, status: HTTPStatusCode, request: HTTPRequest) -> HTTPResponse {
        response(status, headers: [.contentType: ContentType.html], body: data, request: request)
    }

    /// Every response is uncached (the preview changes under the browser) and, for HEAD, empty
    /// but with the length a GET would have.
    private func response(
        _ status: HTTPStatusCode, headers: HTTPHeaders = [:], body: Data = Data(), request: HTTPRequest
    ) -> HTTPResponse {
        var headers = headers
        headers[.cacheControl] = "no-store"
        headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        if request.method == .HEAD {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: status, headers: headers, body: Data())
        }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    /// `text/event-stream`, open until the client goes or the server stops.
    private func eventStream(_ request: HTTPRequest) -> HTTPResponse {
        var headers: HTTPHeaders = [
            .contentType: "text/event-stream; charset=utf-8",
            .cacheControl: "no-store",
            HTTPHeader("X-Accel-Buffering"): "no",
        ]
        if request.method == .HEAD {
            return HTTPResponse(statusCode: .ok, headers: headers, body: Data())
        }
        headers[.connection] = "keep-alive"
        let body = EventStreamBody(events: broadcaster.subscribe())
        return HTTPResponse(statusCode: .ok, headers: headers, body: HTTPBodySequence(from: body, suggestedBufferSize: 64 * 1024))
    }
}

/// The bytes of an event stream: `retry:` first, then each event as it is published.
struct EventStreamBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let events: AsyncStream<ServerEvent>

    func makeAsyncIterator() -> Iterator {
        Iterator(events: events.makeAsyncIterator(), pending: Array("retry: 1000\n\n".utf8))
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<ServerEvent>.AsyncIterator
        var pending: [UInt8]

        mutating func next() async throws -> UInt8? {
            guard let buffer = try await nextBuffer(suggested: 1) else { return nil }
            return buffer.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            if pending.isEmpty {
                guard let event = await events.next() else { return nil }
                pending = Array(event.encoded.utf8)
            }
            let chunk = Array(pending.prefix(Swift.max(count, 1)))
            pending.removeFirst(chunk.count)
            return chunk
        }
    }
}
