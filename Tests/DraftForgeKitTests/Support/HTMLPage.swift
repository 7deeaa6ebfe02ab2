// A built site page read back with libxml2's HTML parser (not DraftForge's own code), so tests
// can ask for its elements, ids, links and text.
import CLibXML2
import Foundation
import DraftForgeTestSupport

struct HTMLPage {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String

        subscript(attribute: String) -> String? { attributes[attribute] }
        var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    }

    let url: URL
    /// Every element in document order.
    private(set) var elements: [Element] = []

    init(_ url: URL) throws {
        self.url = url
        let data = try Data(contentsOf: url)
        let options = Int32(
            HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                | XML_PARSE_HUGE.rawValue)
        let document: htmlDocPtr? = data.withUnsafeBytes { buffer in
            htmlReadMemory(
                buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, "UTF-8", options)
        }
        guard let document else { throw TestError("libxml2 cannot read \(url.path)") }
        defer { xmlFreeDoc(document) }
        if let root = xmlDocGetRootElement(document) { collect(root) }
    }

    private mutating func collect(_ node: xmlNodePtr) {
        guard node.pointee.type == XML_ELEMENT_NODE else { return }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            if let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                attributes[name] = String(cString: value)
                free(value)  // libxml2 allocates with malloc; xmlFree is a global Swift 6 refuses
            }
            attribute = current.pointee.next
        }
        var text = ""
        if let content = xmlNodeGetContent(node) {
            text = String(cString: content)
            free(content)
        }
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        elements.append(Element(name: name.lowercased(), attributes: attributes, text: text))
        var child = node.pointee.children
        while let current = child {
            collect(current)
            child = current.pointee.next
        }
    }

    func all(_ name: String, where predicate: (Element) -> Bool = { _ in true }) -> [Element] {
        elements.filter { $0.name == name && predicate($0) }
    }

    func first(_ name: String, where predicate: (Element) -> Bool = { _ in true }) -> Element? {
        elements.first { $0.name == name && predicate($0) }
    }

    /// Every id, duplicates included.
    var ids: [String] { elements.compactMap { $0["id"] } }

    /// The text of the whole page.
    var text: String { elements.first?.text ?? "" }

    /// Every URL the page refers to: `href` and `src` of any element.
    var references: [(element: String, url: String)] {
        elements.flatMap { element in
            ["href", "src"].compactMap { key in element[key].map { (element.name, $0) } }
        }
    }
}

/// The site's search index (`search-index.js`), decoded.
struct DecodedSearchIndex: Decodable {
    struct Chapter: Decodable {
        var title: String
        var url: String
    }
    struct Section: Decodable {
        var c: Int
        var h: String
        var u: String
        var t: String
    }
    var chapters: [Chapter]
    var sections: [Section]

    init(_ url: URL) throws {
        let script = try String(contentsOf: url, encoding: .utf8)
        let prefix = "window.draftforgeSearchIndex = "
        guard script.hasPrefix(prefix), script.hasSuffix(";\n") else {
            throw TestError("search-index.js does not assign window.draftforgeSearchIndex")
        }
        let json = script.dropFirst(prefix.count).dropLast(2)
        self = try JSONDecoder().decode(Self.self, from: Data(json.utf8))
    }
}
