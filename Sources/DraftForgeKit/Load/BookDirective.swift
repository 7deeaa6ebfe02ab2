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
        var bytes = body
        return bytes.withUTF8 { find(in: body, bytes: $0) }
    }

    /// The scan, over `body`'s UTF-8 `bytes`: offsets, turned into the body's indices only for
    /// what is found (a native string's UTF-8 offset is its index in constant time).
    private static func find(in body: String, bytes: UnsafeBufferPointer<UInt8>) -> [BookDirective] {
        let count = bytes.count
        func index(_ offset: Int) -> String.Index { body.utf8.index(body.utf8.startIndex, offsetBy: offset) }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        func first(_ byte: UInt8, in range: Range<Int>) -> Int? { bytes[range].firstIndex(of: byte) }
        // Lines are counted up to each directive found, not byte by byte.
        var line = 1, lineStart = 0, counted = 0
        func moveLines(to offset: Int) {
            while let newline = first(UInt8(ascii: "\n"), in: counted..<offset) {
                line += 1
                lineStart = newline + 1
                counted = newline + 1
            }
            counted = offset
        }
        var found: [BookDirective] = []
        var offset = 0
        while let open = first(UInt8(ascii: "{"), in: offset..<count) {
            offset = open + 1
            guard offset < count, bytes[offset] == UInt8(ascii: "{") else { continue }
            moveLines(to: open)
            let column = open - lineStart + 1
            if open != lineStart, bytes[open - 1] == UInt8(ascii: "\\") {
                let lineEnd = first(UInt8(ascii: "\n"), in: open..<count) ?? count
                guard open + 2 < count, bytes[open + 2] == UInt8(ascii: "#"),
                    let close = closingBraces(bytes, in: open..<lineEnd)
                else { continue }
                found.append(BookDirective(
                    name: "", text: text(open..<close), line: line, column: column - 1,
                    range: index(open - 1)..<index(close), isEscaped: true))
                offset = close
                continue
            }
            var cursor = open + 2
            while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
            guard cursor < count, bytes[cursor] == UInt8(ascii: "#") else { continue }
            let nameStart = cursor + 1
            let nameEnd = bytes[nameStart...].firstIndex { !isNameByte($0) } ?? count
            guard nameEnd > nameStart, nameEnd != count, isSpace(bytes[nameEnd]),
                let brace = first(UInt8(ascii: "}"), in: nameEnd..<count),
                brace + 1 < count, bytes[brace + 1] == UInt8(ascii: "}"),
                bytes[nameEnd..<brace].contains(where: { !isSpace($0) })
            else { continue }
            let end = brace + 2
            found.append(BookDirective(
                name: text(nameStart..<nameEnd), text: text(open..<end), line: line, column: column,
                range: index(open)..<index(end), isEscaped: false))
            offset = end
        }
        return found
    }

    /// The offset just past the first `}}` in `range`.
    private static func closingBraces(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Int? {
        UTF8Bytes.offset(of: "}}", in: UnsafeBufferPointer(rebasing: bytes[range])).map { range.lowerBound + $0 + 2 }
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
