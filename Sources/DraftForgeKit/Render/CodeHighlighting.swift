// Code blocks coloured while the book is built: the text of a `<pre><code class="language-…">`
// in a language the highlighter knows becomes spans of `CodeTheme` classes (`hl-keyword` …),
// which every output colours its own way. The text itself is unchanged, so copying, counting
// and searching see the code as written.
import Foundation

enum CodeHighlighting {
    /// `nodes` with every code block in a known language highlighted.
    /// `cache` keeps each block's spans for the next build in the same process.
    static func apply(to nodes: [HTMLNode], cache: BuildCache? = nil) -> [HTMLNode] {
        // Most chapters of most books have no code: looked for first, so they are not copied.
        nodes.contains(where: holdsCode) ? nodes.map { apply($0, cache: cache) } : nodes
    }

    private static func holdsCode(_ node: HTMLNode) -> Bool {
        guard case .element(let element) = node else { return false }
        return element.name == "pre" || element.children.contains(where: holdsCode)
    }

    private static func apply(_ node: HTMLNode, cache: BuildCache?) -> HTMLNode {
        guard case .element(var element) = node else { return node }
        if element.name == "pre" {
            guard case .element(var code)? = element.children.first, element.children.count == 1, code.name == "code",
                let info = code["class"], info.hasPrefix("language-"),
                let language = Highlighter.language(forInfo: String(info.dropFirst("language-".count))),
                code.children.allSatisfy({ if case .text = $0 { true } else { false } })
            else { return node }
            let text = code.textContent
            code.children = cache?.highlighted(text, language: language) { highlighted(text, language: language) }
                ?? highlighted(text, language: language)
            element.children = [.element(code)]
            return .element(element)
        }
        guard element.children.contains(where: holdsCode) else { return node }
        element.children = element.children.map { apply($0, cache: cache) }
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
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            index += 1
            guard token.range.lowerBound >= last, token.range.upperBound <= bytes.count else { continue }
            // Touching tokens of one kind (`();`) are one span: a third of the spans in real code.
            var end = token.range.upperBound
            while index < tokens.endIndex, tokens[index].kind == token.kind, tokens[index].range.lowerBound == end,
                tokens[index].range.upperBound <= bytes.count
            {
                end = tokens[index].range.upperBound
                index += 1
            }
            if token.range.lowerBound > last { nodes.append(.text(text(last..<token.range.lowerBound))) }
            nodes.append(.element(HTMLElement(
                "span", CodeTheme.spanAttributes[token.kind.rawValue], children: [.text(text(token.range.lowerBound..<end))])))
            last = end
        }
        if last < bytes.count { nodes.append(.text(text(last..<bytes.count))) }
        return nodes
    }
}
