// mdBook's `{{#name …}}` directives (`{{#include file}}`, `{{#rustdoc_include …}}`,
// `{{#playground …}}`, `{{#title …}}`), found in a chapter's text before it is parsed. The
// expander (`BookInclude.swift`) runs the ones DraftForge knows; any other is a warning at its
// line, so the author learns it is printed as written. A backslash before the braces
// (`\{{#include …}}`) is mdBook's way to print one as written: the backslash goes, in code too,
// and nothing is warned of.
import Foundation

struct BookDirective: Equatable {
    /// `include`, `rustdoc_include`, …, as written.
    var name: String
    /// The directive's text, `{{#include listings/main.rs:2:10}}`.
    var text: String
    /// 1-based, in the chapter body.
    var line: Int
    var column: Int
    /// Where the directive starts in the body (the backslash of an escaped one).
    var range: Range<String.Index>
    /// Written `\{{#…}}`, to be printed as written without the backslash.
    var isEscaped: Bool

    /// Every directive in `body`, in order, as mdBook finds them: `{{`, optional spaces, `#`,
    /// a name, spaces, anything but `}` (across lines too), `}}`; or, escaped, a backslash, `{{#`
    /// and the line up to the next `}}` (mdBook's pattern takes the line up to its last one,
    /// which leaves the backslashes of a second escaped directive on the line in place).
    static func find(in body: String) -> [BookDirective] {
        // Most chapters hold none: a byte search is many times faster than the scan that counts lines.
        guard body.containsBytes("{{") else { return [] }
        var found: [BookDirective] = []
        let utf8 = body.utf8
        var line = 1
        var lineStart = utf8.startIndex
        var index = utf8.startIndex
        while let open = utf8[index...].firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "\n") }) {
            if utf8[open] == UInt8(ascii: "\n") {
                line += 1
                index = utf8.index(after: open)
                lineStart = index
                continue
            }
            index = utf8.index(after: open)
            guard index != utf8.endIndex, utf8[index] == UInt8(ascii: "{") else { continue }
            let column = utf8.distance(from: lineStart, to: open) + 1
            let escaped = open != lineStart && utf8[utf8.index(before: open)] == UInt8(ascii: "\\")
            if escaped {
                let lineEnd = utf8[open...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
                guard utf8[utf8.index(after: index)...].starts(with: "#".utf8),
                    let close = body[open..<lineEnd].range(of: "}}")
                else { continue }
                let start = utf8.index(before: open)
                found.append(BookDirective(
                    name: "", text: String(body[open..<close.upperBound]), line: line, column: column - 1,
                    range: start..<close.upperBound, isEscaped: true))
                index = close.upperBound
                continue
            }
            var cursor = utf8.index(after: index)
            while cursor != utf8.endIndex, isSpace(utf8[cursor]) { cursor = utf8.index(after: cursor) }
            guard cursor != utf8.endIndex, utf8[cursor] == UInt8(ascii: "#") else { continue }
            let nameStart = utf8.index(after: cursor)
            let nameEnd = utf8[nameStart...].firstIndex { !isNameByte($0) } ?? utf8.endIndex
            guard nameEnd > nameStart, nameEnd != utf8.endIndex, isSpace(utf8[nameEnd]),
                let brace = utf8[nameEnd...].firstIndex(of: UInt8(ascii: "}")),
                utf8[brace...].starts(with: "}}".utf8),
                utf8[nameEnd..<brace].contains(where: { !isSpace($0) })
            else { continue }
            let end = utf8.index(brace, offsetBy: 2)
            found.append(BookDirective(
                name: String(body[nameStart..<nameEnd]), text: String(body[open..<end]), line: line, column: column,
                range: open..<end, isEscaped: false))
            // A directive may run over lines: count them.
            for byte in utf8[open..<end] where byte == UInt8(ascii: "\n") { line += 1 }
            if let lastNewline = utf8[open..<end].lastIndex(of: UInt8(ascii: "\n")) { lineStart = utf8.index(after: lastNewline) }
            index = end
        }
        return found
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// What follows the name, up to the closing braces: `listings/main.rs:2:10`.
    var argument: Substring {
        let inner = text.dropFirst(2).dropLast(2)
        guard let hash = inner.firstIndex(of: "#") else { return inner }
        return inner[hash...].dropFirst(1 + name.count)
    }

    /// The text, cut short for messages.
    var shortText: String { text.count > 80 ? String(text.prefix(77)) + "…" : text }

    /// The warning for a directive DraftForge does not run, written at `location`.
    func unsupported(at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .warning, .unknownDirective, at: location,
            "'\(shortText)' is an mdBook directive DraftForge does not run; it prints as written",
            suggestion: "remove the directive, or put a backslash before it to print it on purpose")
    }
}
