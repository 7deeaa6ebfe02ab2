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
        lock.lock()
        defer { lock.unlock() }
        if !registered {
            cmark_gfm_core_extensions_ensure_registered()
            registered = true
        }
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8
        if smartPunctuation { options |= CMARK_OPT_SMART }
        guard let parser = cmark_parser_new(options) else { return "" }
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
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))
        else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
