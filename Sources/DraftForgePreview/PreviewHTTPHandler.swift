// Answers the preview's HTTP requests: the event stream, files of the served folder (HTML with
// the live-reload script added), folder listings, redirects and 404s. Only GET and HEAD, and
// only for a `Host` that names this server (see `HostCheck`).
import Foundation

struct PreviewHTTPHandler: Sendable {
    /// The folder served now; nil before the first good build.
    let servedFolder: @Sendable () -> URL?
    let broadcaster: ReloadBroadcaster
    let hosts: HostCheck

    /// The reply to `request`, with its whole body; for HEAD the connection sends only the head.
    func reply(to request: HTTPRequestHead) -> HTTPReply {
        guard hosts.accepts(request.field("host")) else {
            return .text(403, "this preview answers only to localhost, 127.0.0.1, [::1] and the address it listens on")
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return response(405, fields: [("Allow", "GET, HEAD")])
        }
        if request.path == LiveReloadScript.eventsPath {
            return eventStream(request)
        }
        // Read the version before the folder: a page is then never newer than its version says
        // (at worst it reloads once more).
        let version = broadcaster.version
        guard let folder = servedFolder() else {
            return html(PreviewPages.notBuilt, status: 503, version: version)
        }
        if request.path == PreviewPages.printPath {
            guard PreviewOutput.printPDF(besides: folder) != nil else {
                return html(PreviewPages.noPrint, status: 404, version: version)
            }
            return html(PreviewPages.print(version: version), status: 200, version: version)
        }
        if request.path == PreviewPages.printFilePath {
            guard let pdf = PreviewOutput.printPDF(besides: folder), let data = try? Data(contentsOf: pdf) else {
                return notFound(in: folder, version)
            }
            return response(200, fields: [("Content-Type", "application/pdf")], body: data)
        }
        let target = request.target
        switch SiteFileResolver(root: folder).resolve(target) {
        case .file(let url):
            guard let data = try? Data(contentsOf: url) else { return notFound(in: folder, version) }
            let type = ContentType.of(url)
            if ContentType.isHTML(type) {
                return html(LiveReloadScript.inject(into: data, version: version), status: 200)
            }
            return response(200, fields: [("Content-Type", type)], body: data)
        case .redirect(let location):
            return response(301, fields: [("Location", location)])
        case .folder(let url):
            let path = request.path.removingPercentEncoding ?? request.path
            return html(PreviewPages.listing(of: url, requestPath: path), status: 200, version: version)
        case .notFound:
            return notFound(in: folder, version)
        }
    }

    /// The site's own `404.html` when it has one, else a plain page; always status 404.
    private func notFound(in folder: URL, _ version: String) -> HTTPReply {
        if case .file(let url) = SiteFileResolver(root: folder).resolve("/404.html"),
            let data = try? Data(contentsOf: url)
        {
            return html(LiveReloadScript.inject(into: data, version: version), status: 404)
        }
        return html(PreviewPages.notFound, status: 404, version: version)
    }

    private func html(_ page: String, status: Int, version: String) -> HTTPReply {
        html(Data(LiveReloadScript.inject(into: page, version: version).utf8), status: status)
    }

    private func html(_ data: Data, status: Int) -> HTTPReply {
        response(status, fields: [("Content-Type", ContentType.html)], body: data)
    }

    /// Every response is uncached: the preview changes under the browser.
    private func response(_ status: Int, fields: [(name: String, value: String)] = [], body: Data = Data()) -> HTTPReply {
        HTTPReply(
            status: status,
            fields: fields + [("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")],
            body: .bytes(body))
    }

    /// `text/event-stream`, open until the client goes or the server stops.
    private func eventStream(_ request: HTTPRequestHead) -> HTTPReply {
        let fields = [
            ("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-store"),
            ("X-Accel-Buffering", "no"),
        ]
        if request.method == "HEAD" {
            return HTTPReply(status: 200, fields: fields)
        }
        return HTTPReply(status: 200, fields: fields, body: .events(broadcaster.subscribe()))
    }
}
