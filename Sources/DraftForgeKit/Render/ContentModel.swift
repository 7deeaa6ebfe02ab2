// Repairs what is well-formed XML but not valid XHTML 5: block elements inside phrasing-only
// elements (a <p> inside <pre>), list items outside lists, cells outside rows. Repairs keep
// the text and every id, so no link target disappears.
import Foundation

enum ContentModel {
    /// Elements that are phrasing content (may appear inside <p>).
    static let phrasing: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "input",
        "ins", "kbd", "mark", "q", "ruby", "rp", "rt", "s", "samp", "small", "span", "strong", "sub", "sup",
        "u", "var", "wbr", "math",
    ]
    /// Phrasing elements whose content model is their parent's.
    static let transparent: Set<String> = ["a", "del", "ins"]
    /// Elements whose children must be phrasing content.
    static let phrasingContainers: Set<String> = phrasing.subtracting(transparent)
        .union(["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"])

    /// The parents an element needs, and what becomes of it elsewhere.
    private static let requiredParents: [String: Set<String>] = [
        "li": ["ul", "ol"], "dt": ["dl"], "dd": ["dl"], "tr": ["table", "thead", "tbody", "tfoot"],
        "td": ["tr"], "th": ["tr"], "thead": ["table"], "tbody": ["table"], "tfoot": ["table"],
        "caption": ["table"], "colgroup": ["table"], "col": ["colgroup", "table"], "figcaption": ["figure"],
        "summary": ["details"], "rt": ["ruby"], "rp": ["ruby"],
    ]
    /// The only element children some elements may hold, and the wrapper for anything else.
    private static let allowedChildren: [String: (allowed: Set<String>, wrapper: [String])] = [
        "ul": (["li"], ["li"]), "ol": (["li"], ["li"]), "dl": (["dt", "dd", "div"], ["dd"]),
        "tr": (["td", "th"], ["td"]), "thead": (["tr"], ["tr", "td"]), "tbody": (["tr"], ["tr", "td"]),
        "tfoot": (["tr"], ["tr", "td"]), "colgroup": (["col"], []),
        "table": (["caption", "colgroup", "thead", "tbody", "tfoot", "tr"], ["tr", "td"]),
    ]

    /// Repairs the children of a `parent`: a chapter's body is a `section`'s, a note's an `aside`'s.
    static func repair(_ nodes: [HTMLNode], parent: String = "section") -> [HTMLNode] {
        repairChildren(nodes, parent: parent, phrasingOnly: false)
    }

    private static func repairChildren(_ nodes: [HTMLNode], parent: String, phrasingOnly: Bool) -> [HTMLNode] {
        var repaired: [HTMLNode] = []
        for node in nodes {
            switch node {
            case .text:
                repaired.append(node)
            case .element(let element):
                repaired += repairElement(element, parent: parent, phrasingOnly: phrasingOnly)
            }
        }
        guard let rule = allowedChildren[parent] else { return repaired }
        return repaired.compactMap { node in
            switch node {
            case .text(let text) where text.allSatisfy(\.isWhitespace):
                return node
            case .element(let element) where rule.allowed.contains(element.name):
                return node
            default:
                return rule.wrapper.isEmpty ? nil : wrap(node, in: rule.wrapper)
            }
        }
    }

    private static func repairElement(_ element: HTMLElement, parent: String, phrasingOnly: Bool) -> [HTMLNode] {
        var element = element
        let misplaced = requiredParents[element.name].map { !$0.contains(parent) } ?? false
        if phrasingOnly, !phrasing.contains(element.name) || misplaced {
            return unwrap(element, parent: parent, phrasingOnly: true)
        }
        if misplaced {
            switch element.name {
            case "tr", "thead", "tbody", "tfoot", "rt", "rp":
                return unwrap(element, parent: parent, phrasingOnly: phrasingOnly)
            case "col", "colgroup":
                return []
            default:
                element.name = "div"
                element.attributes.removeAll { $0.name == "colspan" || $0.name == "rowspan" || $0.name == "scope" }
            }
        }
        // MathML has its own content model, which the converter writes.
        if element.name == "math" { return [.element(element)] }
        let childrenPhrasingOnly = phrasingOnly || phrasingContainers.contains(element.name)
        element.children = repairChildren(element.children, parent: element.name, phrasingOnly: childrenPhrasingOnly)
        return [.element(element)]
    }

    /// Replaces an element by its repaired children; an id survives on a span.
    private static func unwrap(_ element: HTMLElement, parent: String, phrasingOnly: Bool) -> [HTMLNode] {
        let children = repairChildren(element.children, parent: parent, phrasingOnly: phrasingOnly)
        guard let id = element["id"] else { return children }
        return [.element(HTMLElement("span", [("id", id)], children: phrasingOnly ? children : []))]
            + (phrasingOnly ? [] : children)
    }

    private static func wrap(_ node: HTMLNode, in wrappers: [String]) -> HTMLNode {
        wrappers.reversed().reduce(node) { inner, name in .element(HTMLElement(name, children: [inner])) }
    }
}
