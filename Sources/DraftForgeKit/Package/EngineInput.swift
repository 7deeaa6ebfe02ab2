// The PDF engine reads whatever its document and stylesheet name: `url("file:///…")` in a
// book's css embedded any file of the machine, `<link rel="attachment" href="/proc/self/environ">`
// in a template override attached the build's environment, and `url(file:///dev/zero)` read
// without end. Before the engine sees them, every reference it would load must name a file of
// its own folder (where the book's images, fonts and stylesheet are copied); the others are
// removed and named in a warning.
import Foundation

enum EngineInput {
    /// Whether a reference, as written, names a file inside the engine's folder: relative, with
    /// no scheme, no leading `/` and no `..`; or a fragment, or inline `data:`.
    static func staysInside(_ reference: String) -> Bool {
        let value = reference.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'")))
        if value.isEmpty || value.hasPrefix("#") || value.lowercased().hasPrefix("data:") { return true }
        if value.hasPrefix("/") || value.hasPrefix("\\") { return false }
        if let colon = value.firstIndex(of: ":"),
            value[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        {
            return false  // a scheme: file:, http:, and any other
        }
        let path = value.prefix { $0 != "?" && $0 != "#" }
        let decoded = String(path).percentDecoded
        return !decoded.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }

    private static let cssReference = try! NSRegularExpression(
        pattern: #"url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')"#,
        options: [.caseInsensitive])
    private static let loadingAttribute = try! NSRegularExpression(
        pattern: #"(<(?:link|img|image|object|embed|iframe|source|video|audio|input|a)\b[^>]*?\s(?:href|src|data|poster|xlink:href)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#,
        options: [.caseInsensitive])
    private static let styleBlock = try! NSRegularExpression(
        pattern: #"(<style\b[^>]*>)(.*?)(</style>)|(\sstyle\s*=\s*)(?:"([^"]*)"|'([^']*)')"#,
        options: [.caseInsensitive, .dotMatchesLineSeparators])

    /// CSS with every `url(…)` and `@import` that leaves the folder emptied.
    static func confine(css: String, removed: inout [String]) -> String {
        replacing(cssReference, in: css) { match, text in
            let reference = (1...5).lazy.compactMap { group(match, $0, in: text) }.first ?? ""
            guard !staysInside(reference) else { return nil }
            removed.append(reference)
            return match.range(at: 4).location != NSNotFound || match.range(at: 5).location != NSNotFound
                ? "@import \"\"" : "url(\"\")"
        }
    }

    /// The document with every loading attribute that leaves the folder emptied, and the CSS of
    /// its `<style>` elements and `style` attributes confined. Text between tags is left alone:
    /// a book may well print `url(file:///…)` as an example.
    static func confine(html: String, removed: inout [String]) -> String {
        let attributes = replacing(loadingAttribute, in: html) { match, text in
            let reference = (2...4).lazy.compactMap { group(match, $0, in: text) }.first ?? ""
            guard !staysInside(reference), let prefix = group(match, 1, in: text) else { return nil }
            // A link's href to the web is a link, not a load, unless it asks for an attachment.
            if prefix.lowercased().hasPrefix("<a"), !prefix.lowercased().contains("attachment") { return nil }
            removed.append(reference)
            return prefix + "\"\""
        }
        return replacing(styleBlock, in: attributes) { match, text in
            if let open = group(match, 1, in: text), let close = group(match, 3, in: text) {
                return open + confine(css: group(match, 2, in: text) ?? "", removed: &removed) + close
            }
            guard let prefix = group(match, 4, in: text) else { return nil }
            let css = group(match, 5, in: text) ?? group(match, 6, in: text) ?? ""
            let confined = confine(css: css, removed: &removed)
            return confined == css ? nil : prefix + "\"" + confined.replacingOccurrences(of: "\"", with: "'") + "\""
        }
    }

    private static func group(_ match: NSTextCheckingResult, _ index: Int, in text: NSString) -> String? {
        let range = match.range(at: index)
        return range.location == NSNotFound ? nil : text.substring(with: range)
    }

    /// `text` with each match replaced by what `replacement` returns (nil keeps the match).
    private static func replacing(
        _ expression: NSRegularExpression, in text: String,
        _ replacement: (NSTextCheckingResult, NSString) -> String?
    ) -> String {
        let source = text as NSString
        var result = ""
        var last = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            guard let new = replacement(match, source) else { continue }
            result += source.substring(with: NSRange(location: last, length: match.range.location - last)) + new
            last = match.range.location + match.range.length
        }
        guard last > 0 else { return text }
        return result + source.substring(from: last)
    }
}
