// The only file that calls libxml2's HTML parser: it turns the HTML of a chapter with raw HTML
// in it (written by `DocumentRenderer`; not XML, and holding whatever the author wrote) into an
// `HTMLNode` tree, keeping only what the sanitizer allows.
import CLibXML2
import Foundation

enum HTMLFragmentParser {
    /// libxml2 2.9 sets up its global tables on first use; chapters are parsed on several
    /// threads, so that must happen once, before any of them.
    private static let initialized: Void = xmlInitParser()

    /// The sanitized tree, and each raw element removed (scripts, media, forms) with the source
    /// line it came from as far as cmark's positions tell: `rawHTMLLines` are the lines of the
    /// chapter's raw HTML, in order. HUGE lifts libxml2's silent 255-level nesting cut-off.
    static func parseReporting(_ html: String, rawHTMLLines: [Int] = []) -> Parsed {
        _ = initialized
        let options = Int32(
            HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue
                | XML_PARSE_HUGE.rawValue)
        let wrapped = "<html><body>" + html + "</body></html>"
        let document: htmlDocPtr? = wrapped.utf8CString.withUnsafeBufferPointer { buffer in
            htmlReadMemory(buffer.baseAddress, Int32(buffer.count - 1), nil, "UTF-8", options)
        }
        guard let document else { return Parsed(nodes: [.text(html)]) }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document), let body = firstChild(of: root, named: "body")
        else { return Parsed(nodes: []) }
        var sanitizer = HTMLSanitizer(rawHTMLLines: rawHTMLLines)
        let nodes = sanitizer.children(of: body)
        return Parsed(nodes: nodes, removed: sanitizer.removed, flattenedLine: sanitizer.flattenedLine)
    }

    struct Parsed {
        var nodes: [HTMLNode]
        var removed: [RemovedElement] = []
        /// Where nesting past `HTMLSanitizer.maxDepth` began to be kept as plain text.
        var flattenedLine: Int?
    }

    private static func firstChild(of node: xmlNodePtr, named name: String) -> xmlNodePtr? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, nodeName(current) == name { return current }
            child = current.pointee.next
        }
        return nil
    }

    static func nodeName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }
}

/// A raw HTML element the sanitizer removed, and the body line it most likely came from.
struct RemovedElement: Hashable, Sendable {
    var name: String
    var line: Int?
}

/// Walks libxml2's tree and keeps what EPUB 3's XHTML allows.
struct HTMLSanitizer {
    var rawHTMLLines: [Int] = []
    private(set) var removed: [RemovedElement] = []
    /// The start line of the last block cmark marked with `data-sourcepos`, in reading order.
    private var lastBlockLine: Int?
    /// Every stage walks the tree recursively on the build's 512 MB stack; deeper nesting than
    /// this is kept as its text, so no input can overflow the stack.
    static let maxDepth = 100_000
    private var depth = 0
    private(set) var flattenedLine: Int?

    init(rawHTMLLines: [Int] = []) {
        self.rawHTMLLines = rawHTMLLines
    }

    mutating func children(of node: xmlNodePtr) -> [HTMLNode] {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            if flattenedLine == nil { flattenedLine = lastBlockLine ?? 1 }
            let text = Self.text(under: node)
            return text.isEmpty ? [] : [.text(text)]
        }
        var result: [HTMLNode] = []
        var child = node.pointee.children
        while let current = child {
            append(current, to: &result)
            child = current.pointee.next
        }
        return result
    }

    private mutating func append(_ node: xmlNodePtr, to result: inout [HTMLNode]) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { result.append(.text(String(cString: content))) }
        case XML_ELEMENT_NODE:
            let name = HTMLFragmentParser.nodeName(node).lowercased()
            let line = sourceLine(of: node)
            if let line { lastBlockLine = line }
            // libxml2 2.9 does not know HTML5's void elements (source, track, embed…) and makes
            // everything after one its content: that content is the author's text, not the element's.
            if HTMLVocabulary.html5VoidElements.contains(name) {
                if HTMLVocabulary.allowedElements.contains(name) {
                    var element = HTMLElement(name, attributes(of: node, element: name), children: [])
                    element.sourceLine = line
                    result.append(.element(element))
                } else {
                    noteRemoved(name)
                }
                result.append(contentsOf: children(of: node))
                return
            }
            if HTMLVocabulary.droppedWithContent.contains(name) {
                noteRemoved(name)
                return
            }
            let children = children(of: node)
            guard HTMLVocabulary.allowedElements.contains(name) else {
                result.append(contentsOf: children)  // unknown element: keep what it holds
                return
            }
            var element = HTMLElement(name, attributes(of: node, element: name), children: children)
            element.sourceLine = line
            result.append(.element(element))
        default:
            return  // comments, processing instructions, entity references
        }
    }

    /// The text of everything below `node` that a book would show, walked without recursion.
    private static func text(under node: xmlNodePtr) -> String {
        var text = ""
        var stack: [xmlNodePtr] = []
        var child = node.pointee.children
        while true {
            guard let current = child else {
                guard let parent = stack.popLast() else { break }
                child = parent.pointee.next
                continue
            }
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
                child = current.pointee.next
            case XML_ELEMENT_NODE where !HTMLVocabulary.droppedWithContent.contains(HTMLFragmentParser.nodeName(current).lowercased()):
                if let first = current.pointee.children {
                    stack.append(current)
                    child = first
                } else {
                    child = current.pointee.next
                }
            default:
                child = current.pointee.next
            }
        }
        return text
    }

    /// Raw HTML blocks carry no position, so the line is the first raw-HTML line at or after
    /// the last positioned block.
    private mutating func noteRemoved(_ name: String) {
        let after = lastBlockLine ?? 1
        let line = rawHTMLLines.first { $0 >= after } ?? lastBlockLine
        removed.append(RemovedElement(name: name, line: line))
    }

    private func sourceLine(of node: xmlNodePtr) -> Int? {
        guard let position = LibXMLTree.attribute(node, "data-sourcepos") else { return nil }
        // cmark-gfm gives some table rows "0:0-0:0": no position, not line 0.
        return Int(position.prefix { $0.isNumber }).flatMap { $0 > 0 ? $0 : nil }
    }

    private func attributes(of node: xmlNodePtr, element: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var property = node.pointee.properties
        while let current = property {
            defer { property = current.pointee.next }
            guard let rawName = current.pointee.name else { continue }
            let name = String(cString: rawName).lowercased()
            guard !result.contains(where: { $0.name == name }),
                let value = HTMLVocabulary.sanitizedAttribute(name, LibXMLTree.value(of: current), element: element)
            else { continue }
            result.append((name, value))
        }
        return result
    }
}

/// Reading libxml2's trees, for the HTML and the SVG sanitizer alike.
enum LibXMLTree {
    /// An attribute by (local) name, in any namespace: `href` finds `xlink:href`.
    static func attribute(_ node: xmlNodePtr, _ wanted: String) -> String? {
        var property = node.pointee.properties
        while let current = property {
            if let name = current.pointee.name, String(cString: name) == wanted { return LibXMLTree.value(of: current) }
            property = current.pointee.next
        }
        return nil
    }

    static func value(of property: xmlAttrPtr) -> String {
        var text = ""
        var child = property.pointee.children
        while let current = child {
            if let content = current.pointee.content { text += String(cString: content) }
            child = current.pointee.next
        }
        return text
    }
}
