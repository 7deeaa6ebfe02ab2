// An SVG image is a document that can run script and load other files: opened from the
// published site it runs in the site's origin, and the PDF engine or rsvg-convert would read
// whatever it references. Every SVG is read here before any output takes it: scripts, event
// handlers, foreign content and references to anything but its own fragments or inline raster
// data are removed, and an image whose `<use>` references expand past a bound is refused.
import CLibXML2
import Foundation

package enum SVGSanitizer {
    package struct Refusal: Error, Equatable {
        package var reason: String
    }

    package struct Cleaned: Equatable {
        /// The bytes to publish: the file as written when nothing was removed.
        package var data: Data
        /// What was removed, one short phrase each (`<script>`, `onload`, `href to file:///x`).
        package var removed: [String]
    }

    /// Elements counted after every `<use>` is expanded; real drawings stay far below it.
    static let expandedElementLimit = 250_000

    private static let removedElements: Set<String> = [
        "script", "foreignobject", "iframe", "object", "embed", "handler", "listener", "audio", "video", "canvas",
    ]
    private static let animationElements: Set<String> = ["animate", "set", "animatemotion", "animatetransform", "animatecolor"]

    private static let initialized: Void = {
        xmlInitParser()
        // No file libxml2 parses may name another file to load: not an SVG's DTD, not an entity.
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    package static func sanitize(_ data: Data) -> Result<Cleaned, Refusal> {
        _ = initialized
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard var document = parse(data, options: options) else {
            return .failure(Refusal(reason: "is not a well-formed SVG file"))
        }
        var rewritten = false
        if let subset = document.pointee.intSubset {
            // Entities declared inside the file (Illustrator writes them) are expanded; an
            // external one would read another file.
            let entities = entityKinds(subset)
            if entities.external {
                xmlFreeDoc(document)
                return .failure(Refusal(reason: "declares an external entity, which would read another file"))
            }
            // Read again with the entities expanded; a doctype that declares none (Graphviz
            // writes one) gives the same tree, so its first reading stands.
            if entities.any {
                xmlFreeDoc(document)
                guard let expanded = parse(data, options: options | Int32(XML_PARSE_NOENT.rawValue)) else {
                    return .failure(Refusal(reason: "is not a well-formed SVG file"))
                }
                document = expanded
            }
            if let dtd = document.pointee.intSubset {
                xmlUnlinkNode(UnsafeMutableRawPointer(dtd).assumingMemoryBound(to: xmlNode.self))
                xmlFreeDtd(dtd)
            }
            rewritten = true
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document), localName(root) == "svg" else {
            return .failure(Refusal(reason: "is not an SVG file: its root element is not <svg>"))
        }
        var removed: [String] = []
        clean(root, removed: &removed)
        if let reason = referenceBomb(root) { return .failure(Refusal(reason: reason)) }
        guard rewritten || !removed.isEmpty else { return .success(Cleaned(data: data, removed: [])) }
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(document, &buffer, &size, "UTF-8")
        guard let buffer else { return .failure(Refusal(reason: "could not be written back after cleaning")) }
        defer { cxml_free(buffer) }
        return .success(Cleaned(data: Data(bytes: buffer, count: Int(size)), removed: removed))
    }

    private static func parse(_ data: Data, options: Int32) -> xmlDocPtr? {
        data.withUnsafeBytes { bytes in
            xmlReadMemory(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, nil, options)
        }
    }

    /// Whether the internal subset declares any entity, and any that is not internal.
    private static func entityKinds(_ subset: xmlDtdPtr) -> (any: Bool, external: Bool) {
        var kinds = (any: false, external: false)
        var child = subset.pointee.children
        while let node = child {
            if node.pointee.type == XML_ENTITY_DECL {
                kinds.any = true
                let entity = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlEntity.self)
                switch entity.pointee.etype {
                case XML_INTERNAL_GENERAL_ENTITY, XML_INTERNAL_PARAMETER_ENTITY, XML_INTERNAL_PREDEFINED_ENTITY: break
                default: kinds.external = true
                }
            }
            child = node.pointee.next
        }
        return kinds
    }

    /// Removes what can run or load, walking the tree without recursion.
    private static func clean(_ root: xmlNodePtr, removed: inout [String]) {
        cleanAttributes(root, removed: &removed)
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            var child = node.pointee.children
            while let current = child {
                child = current.pointee.next
                guard current.pointee.type == XML_ELEMENT_NODE else { continue }
                if let reason = removalReason(current) {
                    removed.append(reason)
                    xmlUnlinkNode(current)
                    xmlFreeNode(current)
                } else {
                    cleanAttributes(current, removed: &removed)
                    stack.append(current)
                }
            }
        }
    }

    private static func removalReason(_ element: xmlNodePtr) -> String? {
        let name = localName(element)
        if removedElements.contains(name) { return "<\(name)>" }
        if animationElements.contains(name), let target = LibXMLTree.attribute(element, "attributeName")?.lowercased(),
            target == "href" || target.hasSuffix(":href") || target.hasPrefix("on")
        {
            return "<\(name)> that changes \(target)"
        }
        if name == "style", let css = text(of: element), !isSelfContained(css: css) {
            return "<style> that loads another file"
        }
        return nil
    }

    private static func cleanAttributes(_ element: xmlNodePtr, removed: inout [String]) {
        let elementName = localName(element)
        var property = element.pointee.properties
        while let current = property {
            property = current.pointee.next
            let name = current.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
            let value = LibXMLTree.value(of: current)
            let reason: String?
            if name.hasPrefix("on") {
                reason = name
            } else if name == "href" {
                reason = isAllowedReference(value, on: elementName) ? nil : "a reference to '\(value.prefix(80))'"
            } else if name == "base", current.pointee.ns != nil {
                reason = "xml:base"
            } else if name == "style" || (value.utf8.contains(UInt8(ascii: "(")) && value.range(of: "url(", options: .caseInsensitive) != nil) {
                reason = isSelfContained(css: value) ? nil : "\(name) that loads another file"
            } else {
                reason = nil
            }
            if let reason {
                removed.append(reason)
                xmlRemoveProp(current)
            }
        }
    }

    /// Links go to the web as any link does; everything that loads stays inside the file.
    private static func isAllowedReference(_ value: String, on element: String) -> Bool {
        let reference = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if reference.hasPrefix("#") { return true }
        if element == "a" {
            return reference.hasPrefix("https://") || reference.hasPrefix("http://") || reference.hasPrefix("mailto:")
        }
        return ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"].contains { reference.hasPrefix($0) }
    }

    /// CSS whose every `url()` names a fragment of this file, and which imports nothing.
    static func isSelfContained(css: String) -> Bool {
        let lowered = css.lowercased()
        if lowered.contains("@import") { return false }
        var rest = lowered[...]
        while let open = rest.range(of: "url(") {
            let target = rest[open.upperBound...].drop { $0 == " " || $0 == "\"" || $0 == "'" }
            guard target.hasPrefix("#") else { return false }
            rest = target
        }
        return true
    }

    /// `<use>` copies the element it names, which may hold more `<use>`s: a few KB can stand for
    /// billions of elements, which a renderer then draws for minutes.
    private static func referenceBomb(_ root: xmlNodePtr) -> String? {
        var byID: [String: xmlNodePtr] = [:]
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            if let id = LibXMLTree.attribute(node, "id"), byID[id] == nil { byID[id] = node }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append(current) }
                child = current.pointee.next
            }
        }
        var sizes: [UnsafeMutableRawPointer: Int] = [:]
        var active: Set<UnsafeMutableRawPointer> = []
        let limit = expandedElementLimit
        var cycle = false
        func size(_ node: xmlNodePtr, depth: Int) -> Int {
            let key = UnsafeMutableRawPointer(node)
            if let known = sizes[key] { return known }
            guard depth < 1_000, active.insert(key).inserted else {
                cycle = true
                return limit + 1
            }
            defer { active.remove(key) }
            var total = 1
            if localName(node) == "use", let href = LibXMLTree.attribute(node, "href"), href.hasPrefix("#"),
                let target = byID[String(href.dropFirst())]
            {
                total += size(target, depth: depth + 1)
            }
            var child = node.pointee.children
            while let current = child, total <= limit {
                if current.pointee.type == XML_ELEMENT_NODE { total += size(current, depth: depth + 1) }
                child = current.pointee.next
            }
            sizes[key] = total
            return total
        }
        let total = size(root, depth: 0)
        if cycle { return "has <use> references that loop or nest over 1,000 deep" }
        if total > limit { return "expands to over \(limit.formatted()) elements through <use> references" }
        return nil
    }

    private static func localName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) }?.lowercased() ?? ""
    }

    private static func text(of node: xmlNodePtr) -> String? {
        guard let content = xmlNodeGetContent(node) else { return nil }
        defer { cxml_free(content) }
        return String(cString: content)
    }
}
