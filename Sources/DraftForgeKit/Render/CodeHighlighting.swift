// Code blocks coloured while the book is built: the text of a `<pre><code class="language-…">`
// in a language the highlighter knows becomes spans of `CodeTheme` classes (`hl-keyword` …),
// which every output colours its own way. The text itself is unchanged, so copying, counting
// and searching see the code as written.
import Foundation

enum CodeHighlighting {
    /// `nodes` with every code block in a known language highlighted.
    static func apply(to nodes: [HTMLNode]) -> [HTMLNode] {
        nodes.map(apply)
    }

    private static func apply(_ node: HTMLNode) -> HTMLNode {
        guard case .element(var element) = node else { return node }
        if element.name == "pre" {
            guard case .element(var code)? = element.children.first, element.children.count == 1, code.name == "code",
                let info = code["class"], info.hasPrefix("language-"),
                let language = Highlighter.language(forInfo: String(info.dropFirst("language-".count))),
                code.children.allSatisfy({ if case .text = $0 { true } else { false } })
            else { return node }
            code.children = highlighted(code.textContent, language: language)
            element.children = [.element(code)]
            return .element(element)
        }
        guard !element.children.isEmpty else { return node }
        element.children = element.children.map(apply)
        return .element(element)
    }

    /// The code as text runs and token spans.
    static func highlighted(_ code: String, language: CodeLanguage) -> [HTMLNode] {
        let tokens = Highlighter.tokens(in: code, language: language)
        guard !tokens.isEmpty else { return [.text(code)] }
        let bytes = Array(code.utf8)
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        var nodes: [HTMLNode] = []
        nodes.reserveCapacity(tokens.count * 2 + 1)
        var last = 0
        for token in tokens where token.range.lowerBound >= last && token.range.upperBound <= bytes.count {
            if token.range.lowerBound > last { nodes.append(.text(text(last..<token.range.lowerBound))) }
            nodes.append(.element(HTMLElement(
                "span", [("class", CodeTheme.classPrefix + token.kind.rawValue)], children: [.text(text(token.range))])))
            last = token.range.upperBound
        }
        if last < bytes.count { nodes.append(.text(text(last..<bytes.count))) }
        return nodes
    }
}
