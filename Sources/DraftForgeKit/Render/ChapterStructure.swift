// Render, first pass over each chapter: EPUB footnotes, table alignment, code languages, and
// book-wide unique ids for headings and raw HTML anchors, recorded so links can find them.
import Foundation

/// Every fragment a link may name in one chapter, mapped to the id it has in the book.
struct ChapterAnchors {
    var ids: [String: String] = [:]
    /// The id of each heading, in order; GitHub slugs map here too.
    var headingIDs: [String] = []
}

struct ChapterStructure {
    var registry: IDRegistry
    private var anchors = ChapterAnchors()
    private var githubSlugCounts: [String: Int] = [:]
    private(set) var firstHeading: String?

    init(registry: IDRegistry) { self.registry = registry }

    /// Rewrites `nodes` in place and returns the anchors the chapter defines.
    mutating func apply(to nodes: inout [HTMLNode]) -> ChapterAnchors {
        anchors = ChapterAnchors()
        githubSlugCounts = [:]
        firstHeading = nil
        var sections: [HTMLElement] = []
        nodes = nodes.compactMap { footnotes($0, movingSectionsTo: &sections) }
        nodes += sections.flatMap { [.element(footnoteSection($0)), .text("\n")] }
        nodes = nodes.map { assignIDs($0) }
        return anchors
    }

    // MARK: - Footnotes: cmark's list becomes EPUB 3 pop-up notes

    /// Marks note references, and takes the notes section out of wherever unclosed raw HTML
    /// put it, so it always ends the chapter.
    private func footnotes(_ node: HTMLNode, movingSectionsTo sections: inout [HTMLElement]) -> HTMLNode? {
        guard case .element(var element) = node else { return node }
        if element.name == "section", element.classes.contains("footnotes") {
            sections.append(element)
            return nil
        }
        if element.name == "sup", element.classes.contains("footnote-ref") {
            element.children = element.children.map { child in
                guard case .element(var link) = child, link.name == "a" else { return child }
                link["epub:type"] = "noteref"
                link["role"] = "doc-noteref"
                return .element(link)
            }
            return .element(element)
        }
        element.children = element.children.compactMap { footnotes($0, movingSectionsTo: &sections) }
        return .element(element)
    }

    private func footnoteSection(_ section: HTMLElement) -> HTMLElement {
        var notes: [HTMLNode] = []
        var number = 0
        for case .element(let list) in section.children where list.name == "ol" {
            for case .element(let item) in list.children where item.name == "li" {
                number += 1
                notes.append(.text("\n"))
                notes.append(.element(footnote(item, number: number)))
            }
        }
        notes.append(.text("\n"))
        return HTMLElement(
            "section", [("class", "footnotes"), ("epub:type", "footnotes"), ("role", "doc-endnotes")],
            children: notes)
    }

    /// An `aside` that opens with its number, linked back to the first reference.
    private func footnote(_ item: HTMLElement, number: Int) -> HTMLElement {
        var backReference: String?
        var children = item.children.map { child in
            removeBackReferences(child, firstTarget: &backReference)
        }
        let marker: HTMLNode
        if let backReference {
            marker = .element(HTMLElement(
                "a", [("href", backReference), ("class", "footnote-number"), ("role", "doc-backlink")],
                children: [.text("\(number).")]))
        } else {
            marker = .element(HTMLElement("span", [("class", "footnote-number")], children: [.text("\(number).")]))
        }
        if let index = children.firstIndex(where: { if case .element(let e) = $0 { e.name == "p" } else { false } }),
            case .element(var paragraph) = children[index]
        {
            paragraph.children.insert(contentsOf: [marker, .text(" ")], at: 0)
            children[index] = .element(paragraph)
        } else {
            children.insert(.element(HTMLElement("p", children: [marker])), at: 0)
        }
        var attributes: [(name: String, value: String)] = []
        if let id = item["id"] { attributes.append(("id", id)) }
        attributes += [("class", "footnote"), ("epub:type", "footnote"), ("role", "doc-footnote")]
        return HTMLElement("aside", attributes, children: children)
    }

    private func removeBackReferences(_ node: HTMLNode, firstTarget: inout String?) -> HTMLNode {
        guard case .element(var element) = node else { return node }
        var kept: [HTMLNode] = []
        for child in element.children {
            if case .element(let link) = child, link.name == "a", link.classes.contains("footnote-backref") {
                if firstTarget == nil { firstTarget = link["href"] }
                // The spaces cmark puts between back-links go with them: a note referenced
                // 4,000 times kept 4,000 spaces, copied into every one of its DOCX footnotes.
                while case .text(let text) = kept.last, text.allSatisfy(\.isWhitespace) { kept.removeLast() }
                continue
            }
            kept.append(removeBackReferences(child, firstTarget: &firstTarget))
        }
        // Drop the space cmark leaves before the removed back-links.
        if case .text(let text) = kept.last, text.hasSuffix(" ") {
            kept[kept.count - 1] = .text(String(text.dropLast()))
        }
        element.children = kept
        return .element(element)
    }

    // MARK: - Ids, alignment, code languages

    private mutating func assignIDs(_ node: HTMLNode) -> HTMLNode {
        guard case .element(var element) = node else { return node }
        if let raw = element["id"] {
            let id = registry.claim(raw)
            element["id"] = id
            anchors.ids[raw] = id
        }
        if element.name.count == 2, element.name.hasPrefix("h"), let level = element.name.last?.wholeNumberValue,
            (1...6).contains(level)
        {
            let text = element.textContent
            if firstHeading == nil { firstHeading = text.trimmed }
            let slug = githubSlug(text)
            let id = element["id"] ?? registry.claim(slug)
            element["id"] = id
            anchors.ids[slug] = anchors.ids[slug] ?? id
            anchors.headingIDs.append(id)
        }
        switch element.name {
        case "td", "th":
            if let align = element["align"] {
                element["align"] = nil
                element["class"] = ((element["class"].map { $0 + " " } ?? "") + "align-\(align)")
            }
        case "code":
            if let language = element["class"], language.hasPrefix("language-") {
                element["class"] = String(language.prefix { $0 != "," && $0 != " " })
            }
        default: break
        }
        element.children = element.children.map { assignIDs($0) }
        return .element(element)
    }

    /// GitHub's anchor for a heading, numbered when the chapter repeats it.
    private mutating func githubSlug(_ text: String) -> String {
        let base = Slug.heading(text)
        let count = githubSlugCounts[base, default: 0]
        githubSlugCounts[base] = count + 1
        return count == 0 ? base : "\(base)-\(count)"
    }
}

extension Chapter {
    /// The chapter's title: from front matter, else its first heading, else its file name.
    func title(parsed nodes: [HTMLNode]) -> String {
        frontMatter.title ?? Self.firstHeading(in: nodes)?.nonEmpty ?? name
    }

    /// The text of the first heading, in document order.
    private static func firstHeading(in nodes: [HTMLNode]) -> String? {
        for case .element(let element) in nodes {
            if element.name.count == 2, element.name.hasPrefix("h"),
                let level = element.name.last?.wholeNumberValue, (1...6).contains(level)
            {
                return element.textContent.trimmed
            }
            if let heading = firstHeading(in: element.children) { return heading }
        }
        return nil
    }
}
