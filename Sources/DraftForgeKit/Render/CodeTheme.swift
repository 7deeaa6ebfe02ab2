// The colours of highlighted code. Each token kind is a class (`hl-keyword`) that the EPUB, PDF
// and site stylesheets colour; the DOCX, which has no stylesheet, takes the print colours from
// here. Every colour reaches 4.5:1 against the page and the code background (CodeThemeTests).
import Foundation

enum CodeTheme {
    static let classPrefix = "hl-"

    /// Print-safe colours (EPUB, PDF, DOCX, the site's light theme), by token kind.
    static let light: [String: String] = [
        "keyword": "8b1f8b", "type": "7a5200", "function": "1f55c0", "string": "2c6e2c", "number": "a13d00",
        "comment": "5f6670", "operator": "3c3f46", "punctuation": "4a4d55", "attribute": "7a5200",
        "variable": "a8261d", "meta": "5b5f8a", "inserted": "1e6b32", "deleted": "a8261d",
    ]
    /// The site's dark theme.
    static let dark: [String: String] = [
        "keyword": "d7a0f0", "type": "e5c07b", "function": "82b8f5", "string": "a5d68a", "number": "f0a66e",
        "comment": "98a0ab", "operator": "cdd1d8", "punctuation": "b9bec7", "attribute": "e5c07b",
        "variable": "f28b82", "meta": "b4b9e6", "inserted": "8fd19e", "deleted": "f28b82",
    ]
    /// Each token kind's span attributes (its class), by `TokenKind.rawValue`: made once and
    /// shared by every span of the kind.
    static let spanAttributes: [[(name: String, value: String)]] =
        TokenKind.allCases.map { [("class", classPrefix + $0.name)] }
    /// Kinds set in italics as well as in colour.
    static let italic: Set<String> = ["comment"]

    /// The token kind a highlighted span's class names, such as `keyword` for `hl-keyword`.
    static func kind(ofClass name: String?) -> String? {
        guard let name, name.hasPrefix(classPrefix) else { return nil }
        let kind = String(name.dropFirst(classPrefix.count))
        return light[kind] == nil ? nil : kind
    }

    /// A highlighted code block's text as runs with the token kind of each (nil: plain), without
    /// the block's closing line end: what the DOCX and the print PDF colour with `light`.
    static func tokens(of block: HTMLElement) -> [(text: String, kind: String?)] {
        var pieces: [(text: String, kind: String?)] = []
        func collect(_ nodes: [HTMLNode], kind: String?) {
            for node in nodes {
                switch node {
                case .text(let text): pieces.append((text, kind))
                case .element(let child): collect(child.children, kind: Self.kind(ofClass: child["class"]) ?? kind)
                }
            }
        }
        collect(block.children, kind: nil)
        if let last = pieces.indices.last, pieces[last].text.hasSuffix("\n") { pieces[last].text.removeLast() }
        return pieces
    }
}
