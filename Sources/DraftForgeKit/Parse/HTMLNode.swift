// The in-memory document every renderer works on: plain Swift values, no C pointers.
import Foundation

/// An element or a run of text.
public enum HTMLNode: Equatable, Sendable {
    case element(HTMLElement)
    case text(String)

    var isElement: Bool {
        if case .element = self { true } else { false }
    }

    /// A run of inline nodes without the whitespace that opens and closes it.
    static func trimmed(_ nodes: [HTMLNode]) -> [HTMLNode] {
        var nodes = nodes
        while case .text(let text) = nodes.first, text.allSatisfy(\.isWhitespace) { nodes.removeFirst() }
        while case .text(let text) = nodes.last, text.allSatisfy(\.isWhitespace) { nodes.removeLast() }
        // Only the ends are looked at: a paragraph's text can be thousands of characters.
        if case .text(let text) = nodes.first, text.first?.isWhitespace == true {
            nodes[0] = .text(String(text.drop(while: \.isWhitespace)))
        }
        if case .text(let text) = nodes.last, text.last?.isWhitespace == true {
            let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? text.startIndex
            nodes[nodes.count - 1] = .text(String(text[..<end]))
        }
        return nodes
    }

    /// Calls `body` with every element of `nodes` and their descendants, in document order.
    static func forEachElement(in nodes: [HTMLNode], _ body: (HTMLElement) -> Void) {
        for case .element(let element) in nodes {
            body(element)
            forEachElement(in: element.children, body)
        }
    }

    /// The text content, as a reader would see it.
    var textContent: String {
        switch self {
        case .text(let text): return text
        case .element(let element): return element.textContent
        }
    }
}

/// An element with ordered attributes. `sourceLine` is the Markdown line it came from, if known.
public struct HTMLElement: Equatable, Sendable {
    public var name: String
    public var attributes: [(name: String, value: String)]
    public var children: [HTMLNode]
    public var sourceLine: Int?

    public init(
        _ name: String, _ attributes: [(name: String, value: String)] = [], children: [HTMLNode] = [],
        sourceLine: Int? = nil
    ) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.sourceLine = sourceLine
    }

    public subscript(attribute: String) -> String? {
        get { attributes.first { $0.name == attribute }?.value }
        set {
            if let index = attributes.firstIndex(where: { $0.name == attribute }) {
                if let newValue { attributes[index].value = newValue } else { attributes.remove(at: index) }
            } else if let newValue {
                attributes.append((attribute, newValue))
            }
        }
    }

    var textContent: String { children.map(\.textContent).joined() }

    var classes: [Substring] { (self["class"] ?? "").split(separator: " ") }

    public static func == (lhs: HTMLElement, rhs: HTMLElement) -> Bool {
        lhs.name == rhs.name && lhs.children == rhs.children
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name)
            && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }
}

extension Array where Element == HTMLNode {
    /// These nodes with each one `replacement` answers for replaced by its answer (no node, one
    /// or several), or nil when it answers for none: most subtrees of a book do not change, and
    /// an unchanged one is never copied.
    func replacing(_ replacement: (HTMLNode) throws -> [HTMLNode]?) rethrows -> [HTMLNode]? {
        var result: [HTMLNode]?
        for index in indices {
            if let replaced = try replacement(self[index]) {
                if result == nil {
                    result = Array(self[..<index])
                    result!.reserveCapacity(count)
                }
                result! += replaced
            } else {
                result?.append(self[index])
            }
        }
        return result
    }
}
