// The only file that calls cmark-gfm: Markdown in, an HTML fragment out (with data-sourcepos
// on blocks so later stages can name lines). cmark-gfm 0.29 corrupts output when two threads
// parse at once, so every call holds one lock.
import CCmarkGFM
import Foundation

enum CMarkRenderer {
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    private static let lock = NSLock()
    // Registration writes an unsynchronised C static: do it once, under the lock.
    nonisolated(unsafe) private static var registered = false

    static var version: String { String(cString: cmark_version_string()) }

    /// Renders GFM with footnotes; raw HTML is kept for the sanitizer to judge.
    static func html(from markdown: String, smartPunctuation: Bool) -> String {
        render(markdown, smartPunctuation: smartPunctuation).html
    }

    /// The HTML, and the lines (of `markdown`) that hold raw HTML other than comments, for the
    /// outputs that cannot carry it (the DOCX). Text without a `<` is not walked for them.
    static func render(_ markdown: String, smartPunctuation: Bool) -> (html: String, rawHTMLLines: [Int]) {
        lock.lock()
        defer { lock.unlock() }
        if !registered {
            cmark_gfm_core_extensions_ensure_registered()
            registered = true
        }
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8
        if smartPunctuation { options |= CMARK_OPT_SMART }
        guard let parser = cmark_parser_new(options) else { return ("", []) }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var source = markdown
        source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return ("", []) }
        defer { cmark_node_free(document) }
        let rawLines = markdown.utf8.contains(UInt8(ascii: "<")) ? rawHTMLLines(in: document) : []
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))
        else { return ("", rawLines) }
        defer { free(rendered) }
        return (String(cString: rendered), rawLines)
    }

    /// One line per raw HTML block or tag; an inline tag without a position takes its block's.
    private static func rawHTMLLines(in document: OpaquePointer) -> [Int] {
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        var lines: [Int] = []
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE else { continue }
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            guard !isOnlyComments(literal) else { continue }
            var line = cmark_node_get_start_line(node)
            if line == 0, let parent = cmark_node_parent(node) { line = cmark_node_get_start_line(parent) }
            lines.append(Int(line))
        }
        return lines
    }

    /// Comments show in no output, so they are not raw HTML worth a warning.
    private static func isOnlyComments(_ html: String) -> Bool {
        guard html.drop(while: \.isWhitespace).hasPrefix("<!--") else { return false }
        return html.replacingOccurrences(of: #"(?s)<!--.*?-->"#, with: "", options: .regularExpression)
            .allSatisfy(\.isWhitespace)
    }
}
