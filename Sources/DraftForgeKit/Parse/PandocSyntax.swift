// Two pieces of pandoc's Markdown that technical books use. Attribute blocks: `# Start
// {#sec:start .intro}` gives the heading an id and classes, `![Map](map.png){#fig:map}` the image;
// the block is taken out of the text, so it is neither printed nor counted, and anything else in
// braces stays text. Table captions: a paragraph `Table: …` right after a table is its caption.
import Foundation

enum PandocSyntax {
    /// Whether `body` could hold either: most chapters do not, and are not walked.
    static func mayApply(to body: String) -> Bool {
        body.containsBytes("{#") || body.containsBytes("{.") || body.containsBytes("Table:")
    }

    /// The document with attribute blocks moved into `attributes`, and captions into their tables.
    static func apply(to document: MarkdownDocument) -> MarkdownDocument {
        var document = document
        document.root = apply(to: document.root)
        return document
    }

    private static func apply(to node: MarkdownNode) -> MarkdownNode {
        var node = node
        switch node.kind {
        case .heading:
            if case .text(let text)? = node.children.last?.kind, let (kept, attributes) = trailingBlock(text) {
                node.attributes = attributes
                if kept.isEmpty { node.children.removeLast() } else { node.children[node.children.count - 1].kind = .text(kept) }
            }
        case .paragraph, .tableCell:
            var index = 0
            while index + 1 < node.children.count {
                if case .image = node.children[index].kind, case .text(let text) = node.children[index + 1].kind,
                    let (attributes, rest) = leadingBlock(text)
                {
                    node.children[index].attributes = attributes
                    if rest.isEmpty { node.children.remove(at: index + 1) } else { node.children[index + 1].kind = .text(rest) }
                }
                index += 1
            }
        case .codeBlock, .htmlBlock, .thematicBreak:
            break
        default:
            node.children = captionsMoved(node.children.map(apply))
        }
        return node
    }

    /// A `Table: …` paragraph after a table becomes the table's `caption`.
    private static func captionsMoved(_ blocks: [MarkdownNode]) -> [MarkdownNode] {
        guard blocks.contains(where: { if case .table = $0.kind { true } else { false } }) else { return blocks }
        var result: [MarkdownNode] = []
        for block in blocks {
            if case .paragraph = block.kind, case .table? = result.last?.kind, result.last?.caption == nil,
                case .text(let first)? = block.children.first?.kind, first.hasPrefix("Table:")
            {
                var caption = block
                let rest = first.dropFirst("Table:".count).drop(while: \.isWhitespace)
                if rest.isEmpty { caption.children.removeFirst() } else { caption.children[0].kind = .text(String(rest)) }
                result[result.count - 1].caption = [caption]
                continue
            }
            result.append(block)
        }
        return result
    }

    /// `Title {#id}` → ("Title", attributes); nil when the text does not end with a block.
    static func trailingBlock(_ text: String) -> (String, NodeAttributes)? {
        let trimmed = text.trimmingTrailingWhitespace
        guard trimmed.hasSuffix("}"), let open = trimmed.lastIndex(of: "{"),
            let attributes = parse(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        else { return nil }
        let before = trimmed[..<open]
        guard before.isEmpty || before.last?.isWhitespace == true else { return nil }
        return (String(before).trimmingTrailingWhitespace, attributes)
    }

    /// `{#fig:map} and more` → (attributes, " and more").
    static func leadingBlock(_ text: String) -> (NodeAttributes, String)? {
        guard text.hasPrefix("{"), let close = text.firstIndex(of: "}"),
            let attributes = parse(text[text.index(after: text.startIndex)..<close])
        else { return nil }
        return (attributes, String(text[text.index(after: close)...]))
    }

    /// `#id .class .other`: only ids and classes; a `key=value` or anything else is not a block.
    static func parse(_ inside: Substring) -> NodeAttributes? {
        var attributes = NodeAttributes()
        let words = inside.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return nil }
        for word in words {
            let name = word.dropFirst()
            guard !name.isEmpty, name.allSatisfy(isNameCharacter) else { return nil }
            switch word.first {
            case "#":
                guard attributes.id == nil else { return nil }
                attributes.id = String(name)
            case ".": attributes.classes.append(String(name))
            default: return nil
            }
        }
        return attributes
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "-_:.".contains(character)
    }
}

extension String {
    fileprivate var trimmingTrailingWhitespace: String {
        var text = self
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
