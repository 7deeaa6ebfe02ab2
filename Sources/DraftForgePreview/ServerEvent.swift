// The messages the preview sends to open pages over server-sent events, and their wire format.
import DraftForgeKit
import Foundation

/// One server-sent event.
public enum ServerEvent: Sendable, Equatable {
    /// Sent first on every connection: the content version now served, the errors of the
    /// last build if it failed, and the blocking findings of the version served (which would
    /// stop `build`'s export; the preview shows them over the pages). A page built from another
    /// version reloads.
    case hello(version: String, errors: [Diagnostic]?, findings: [Diagnostic] = [])
    /// A build succeeded: pages reload. `findings` are its blocking findings, which the next
    /// `hello` carries.
    case reload(version: String, changed: [String], milliseconds: Int, findings: [Diagnostic] = [])
    /// A build failed: pages show the errors over the last good content.
    case error(diagnostics: [Diagnostic])
    /// A comment that keeps the connection open and finds clients that went away.
    case keepAlive

    /// The event's `event:` name.
    public var name: String? {
        switch self {
        case .hello: "hello"
        case .reload: "reload"
        case .error: "error"
        case .keepAlive: nil
        }
    }

    /// The text sent on the stream, ending with the blank line that ends an event.
    public var encoded: String {
        guard let name else { return ": keep-alive\n\n" }
        return "event: \(name)\ndata: \(json)\n\n"
    }

    /// The `data:` payload: one line of JSON.
    var json: String {
        let payload: Payload
        switch self {
        case .hello(let version, let errors, let findings):
            payload = Payload(
                version: version, errors: errors.map(Self.described),
                findings: findings.isEmpty ? nil : Self.described(findings))
        case .reload(let version, let changed, let milliseconds, _):
            payload = Payload(version: version, changed: changed, milliseconds: milliseconds)
        case .error(let diagnostics):
            payload = Payload(errors: Self.described(diagnostics))
        case .keepAlive:
            return "{}"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSON never holds a raw newline, so the payload stays on one `data:` line.
        return (try? String(decoding: encoder.encode(payload), as: UTF8.self)) ?? "{}"
    }

    /// Errors first, then warnings, as the overlay lists them.
    static func described(_ diagnostics: [Diagnostic]) -> [DiagnosticPayload] {
        diagnostics.sorted { $0.severity > $1.severity }.filter { $0.severity != .info }.map(DiagnosticPayload.init)
    }

    struct Payload: Encodable {
        var version: String?
        var changed: [String]?
        var milliseconds: Int?
        var errors: [DiagnosticPayload]?
        var findings: [DiagnosticPayload]?
    }

    /// A diagnostic as the page shows it: `text` is the console form `file:line:col: message`.
    struct DiagnosticPayload: Encodable, Equatable {
        var file: String?
        var line: Int?
        var column: Int?
        var severity: String
        var code: String
        var message: String
        var suggestion: String?
        var text: String

        init(_ diagnostic: Diagnostic) {
            file = diagnostic.location?.file
            line = diagnostic.location?.line
            column = diagnostic.location?.column
            severity = diagnostic.severity.rawValue
            code = diagnostic.code
            message = diagnostic.message
            suggestion = diagnostic.suggestion
            var text = ""
            if let location = diagnostic.location { text += "\(location): " }
            text += "\(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.code)]"
            self.text = text
        }
    }
}
