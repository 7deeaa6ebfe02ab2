// The two HTTP/1.1 messages the preview deals in: a request's head, parsed from the bytes the
// connection read (bounded in size and time there), and a reply, written back as bytes. Every
// reply closes the connection, so nothing here frames a second request.
import Foundation

/// A request line and its header fields. Requests have no body the preview reads.
struct HTTPRequestHead: Sendable, Equatable {
    var method: String
    /// As sent: percent-encoded, with any query.
    var target: String
    var version: String
    /// Field names lower-cased, in the order sent.
    var fields: [Field]

    struct Field: Sendable, Equatable {
        var name: String
        var value: String
    }

    /// The first value of the field `name` (lower case).
    func field(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The target without its query.
    var path: String {
        String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// Parses the bytes before the blank line that ends a head; nil when they are not a
    /// well-formed HTTP/1.x request head (answered 400).
    static func parse(_ bytes: [UInt8]) -> HTTPRequestHead? {
        // Split on the bytes: as a Swift `Character`, CR LF is one.
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line[...], as: UTF8.self)
        }
        // RFC 9112 §2.2: empty lines before the request line are ignored.
        while lines.first?.isEmpty == true { lines.removeFirst() }
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(\.isTokenCharacter), !parts[1].isEmpty,
            parts[2].hasPrefix("HTTP/1.")
        else { return nil }
        var fields: [Field] = []
        for line in lines.dropFirst() {
            if line.isEmpty { break }  // the blank line that ends the head
            // A folded line (obs-fold) or a name followed by white space is refused (§5.1, §5.2).
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                line[..<colon].allSatisfy(\.isTokenCharacter)
            else { return nil }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields.append(Field(name: line[..<colon].lowercased(), value: value))
        }
        // A request must name one host (§3.2): none is answered by the host check, two are
        // ambiguous.
        guard fields.filter({ $0.name == "host" }).count <= 1 else { return nil }
        return HTTPRequestHead(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), fields: fields)
    }
}

/// A reply: status, header fields and a body that is bytes or a stream of events.
struct HTTPReply: Sendable {
    var status: Int
    var fields: [(name: String, value: String)]
    var body: Body

    enum Body: Sendable {
        case bytes(Data)
        /// Sent chunk by chunk until the subscription ends or the client goes.
        case events(EventSubscription)
    }

    init(status: Int, fields: [(name: String, value: String)] = [], body: Body = .bytes(Data())) {
        self.status = status
        self.fields = fields
        self.body = body
    }

    /// A short plain-text reply, for requests refused before they reach the handler.
    static func text(_ status: Int, _ message: String) -> HTTPReply {
        HTTPReply(
            status: status, fields: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")],
            body: .bytes(Data("\(status) \(reason(status)): \(message)\n".utf8)))
    }

    /// The status line and fields, with the framing the body needs and `Connection: close`.
    /// `contentLength` is the body's length (also for HEAD); nil for a chunked body.
    func head(contentLength: Int?) -> Data {
        var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for field in fields { text += "\(field.name): \(field.value)\r\n" }
        if let contentLength {
            text += "Content-Length: \(contentLength)\r\n"
        } else {
            text += "Transfer-Encoding: chunked\r\n"
        }
        text += "Connection: close\r\n\r\n"
        return Data(text.utf8)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        default: "Status \(status)"
        }
    }
}

extension Character {
    /// A character of an HTTP token (RFC 9110 §5.6.2): method and field names.
    fileprivate var isTokenCharacter: Bool {
        guard let ascii = asciiValue, ascii > 32, ascii < 127 else { return false }
        return !"\"(),/:;<=>?@[\\]{}".contains(self)
    }
}
