// A chapter as cmark-gfm parsed it, copied into Swift values: blocks and inlines as typed
// nodes, each with the source range cmark gives it. The prose (stats and continuity checks)
// is read from this tree; nothing parses Markdown a second time.
import Foundation

/// A place in a chapter body as cmark-gfm counts it: 1-based line, 1-based column in UTF-8 bytes.
public struct SourcePoint: Hashable, Sendable {
    public var line: Int
    public var column: Int
}

/// How a table column is aligned.
public enum TableAlignment: Sendable, Equatable {
    case none, left, center, right
}

public struct MarkdownNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        /// `checked` is nil for an item that is not a task.
        case item(checked: Bool?)
        case codeBlock(info: String, code: String)
        case htmlBlock(String)
        case paragraph
        case heading(level: Int)
        case thematicBreak
        /// `label` as the definition writes it (`[^label]:`).
        case footnoteDefinition(label: String)
        case table(alignments: [TableAlignment])
        case tableRow(isHeader: Bool)
        case tableCell
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case strikethrough
        case link(destination: String, title: String)
        case image(source: String, title: String)
        /// `number` is the note's place in the order notes are first referenced.
        case footnoteReference(label: String, number: Int)
    }

    public var kind: Kind
    /// Where cmark-gfm says the node starts and ends; nil where it gives no position (some inline
    /// nodes). Inline positions are hints: cmark gets them wrong after hard breaks and on lazy lines.
    public var start: SourcePoint?
    public var end: SourcePoint?
    public var children: [MarkdownNode] = []
    /// `{#id .class}` written after a heading or an image (`PandocSyntax`).
    public var attributes: NodeAttributes?
    /// A table's caption, the paragraph `Table: …` after it without its marker (`PandocSyntax`).
    public var caption: [MarkdownNode]?
}

/// An id and classes an author gave a heading or an image, pandoc's way.
public struct NodeAttributes: Sendable, Equatable {
    public var id: String?
    public var classes: [String] = []
}

public struct MarkdownDocument: Sendable, Equatable {
    public var root: MarkdownNode
    /// The body line where nesting past `MarkdownDocument.maxDepth` began to be kept as plain text.
    public var flattenedLine: Int?

    /// Every stage walks trees recursively on the build's large stack; deeper nesting than this
    /// is kept as its text, so no input can overflow the stack.
    /// A list level is two levels of HTML (`ul`, `li`): half the HTML tree's limit.
    public static let maxDepth = HTMLSanitizer.maxDepth / 2

    /// The body lines holding raw HTML other than comments, one per block or tag, in document
    /// order (an inline tag cmark gives no position takes its parent's line): what the outputs
    /// that cannot carry raw HTML warn of, and where the sanitizer's removals are reported.
    var rawHTMLLines: [Int] {
        var lines: [Int] = []
        func collect(_ node: MarkdownNode, parentLine: Int) {
            switch node.kind {
            case .htmlBlock(let html), .htmlInline(let html):
                if !DocumentRenderer.isOnlyComments(html) { lines.append(node.start?.line ?? parentLine) }
            default:
                for child in node.children { collect(child, parentLine: node.start?.line ?? 0) }
            }
        }
        collect(root, parentLine: 0)
        return lines
    }
}
