// What survives from raw HTML: the elements and attributes EPUB 3's XHTML allows and readers
// render. Anything else is unwrapped (unknown elements), dropped with its content (scripts,
// embedded media, forms), or dropped (attributes).
import Foundation

enum HTMLVocabulary {
    static let allowedElements: Set<String> = [
        "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption",
        "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
        "img", "input", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
        "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
    ]

    /// Elements whose content is code, chrome or media that a book cannot show as text.
    static let droppedWithContent: Set<String> = [
        "script", "style", "title", "head", "meta", "link", "base", "template", "textarea", "select",
        "option", "optgroup", "datalist", "button", "iframe", "object", "embed", "applet", "frame",
        "frameset", "noscript", "noembed", "noframes", "svg", "math", "audio", "video", "canvas",
        "map", "area", "param", "source", "track", "portal", "dialog",
    ]

    /// The elements of the tree written as `<br/>`: compared rather than hashed, since every
    /// element the serializer writes asks.
    static func isVoidElement(_ name: String) -> Bool {
        switch name {
        case "br", "hr", "img", "wbr", "col", "input": true
        default: false
        }
    }

    /// Every element HTML ends at its start tag: nothing after one is ever its content.
    static let html5VoidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "keygen",
    ]

    /// The value to keep for an attribute, or nil to drop it.
    static func sanitizedAttribute(_ name: String, _ value: String, element: String) -> String? {
        switch name {
        case "id", "title": return value
        case "class":
            let classes = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return classes.isEmpty ? nil : classes
        case "lang":
            return value.range(of: #"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"#, options: .regularExpression) != nil
                ? value : nil
        case "dir": return ["ltr", "rtl", "auto"].contains(value.lowercased()) ? value.lowercased() : nil
        default: break
        }
        switch (element, name) {
        case ("a", "href"), ("img", "src"), ("img", "alt"): return value
        case ("img", "width"), ("img", "height"): return positiveInteger(value, max: 100_000)
        case ("ol", "start"): return Int(value.trimmed).map(String.init)
        case ("ol", "reversed"): return "reversed"
        case ("ol", "type"): return ["1", "a", "A", "i", "I"].contains(value) ? value : nil
        case ("li", "value"): return Int(value.trimmed).map(String.init)
        case ("td", "colspan"), ("th", "colspan"): return positiveInteger(value, max: 1000)
        case ("td", "rowspan"), ("th", "rowspan"): return positiveInteger(value, max: 65534)
        case ("td", "align"), ("th", "align"):
            return ["left", "right", "center", "justify"].contains(value.lowercased()) ? value.lowercased() : nil
        case ("th", "scope"):
            return ["row", "col", "rowgroup", "colgroup"].contains(value) ? value : nil
        case ("col", "span"), ("colgroup", "span"): return positiveInteger(value, max: 1000)
        case ("input", "type"): return value.lowercased()
        case ("input", "checked"), ("input", "disabled"), ("details", "open"): return name
        default: return nil
        }
    }

    private static func positiveInteger(_ value: String, max: Int) -> String? {
        guard let number = Int(value.trimmed), number > 0, number <= max else { return nil }
        return String(number)
    }
}
