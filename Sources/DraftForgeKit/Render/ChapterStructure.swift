// Render, first pass over each chapter: its notes taken out as `ChapterNote`s, table alignment,
// code languages, and book-wide unique ids for headings and raw HTML anchors, recorded so links
// can find them.
import Foundation

/// Every fragment a link may name in one chapter, mapped to the id it has in the book.
struct ChapterAnchors {
    var ids: [String: String] = [:]
    /// The id of each heading, in order; GitHub slugs map here too.
    var headingIDs: [String] = []

    /// The id a link's fragment (percent-decoded) lands on: as written, else as GitHub matches
    /// it, in any case and Unicode normalization (`#Основы` → `основы`), else without accents
    /// (`#zaklady` → `základy`, the id earlier versions gave).
    func id(forFragment fragment: String) -> String? {
        if let id = ids[fragment] { return id }
        for fold in [Self.caseFolded, Self.accentFolded] {
            let wanted = fold(fragment)
            if let name = ids.keys.filter({ fold($0) == wanted }).min() { return ids[name] }
        }
        return nil
    }

    private static func caseFolded(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.lowercased()
    }

    private static func accentFolded(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    }
}

struct ChapterStructure {
    var registry: IDRegistry
    /// The file stem of the chapter being structured: an id another chapter holds gets it.
    var scope: String?
    private var anchors = ChapterAnchors()
    private var githubSlugCounts: [String: Int] = [:]
    private(set) var firstHeading: String?

    init(registry: IDRegistry) { self.registry = registry }

    /// Rewrites `nodes` in place, taking its notes out of it; returns the anchors the chapter
    /// defines and its notes, in order.
    mutating func apply(to nodes: inout [HTMLNode]) -> (ChapterAnchors, [ChapterNote]) {
        anchors = ChapterAnchors()
        githubSlugCounts = [:]
        firstHeading = nil
        var sections: [HTMLElement] = []
        nodes = nodes.compactMap { footnotes($0, movingSectionsTo: &sections) }
        nodes = nodes.map { assignIDs(Self.figures($0)) }
        // Claimed after the body's ids, in the order the notes are printed.
        let notes = sections.flatMap(notes(in:)).map { note in
            var note = note
            note.id = note.id.map { raw in
                let id = registry.claim(raw, scope: scope)
                anchors.ids[raw] = id
                return id
            }
            note.content = note.content.map { assignIDs($0) }
            return note
        }
        return (anchors, notes)
    }

    // MARK: - Footnotes: cmark's list becomes notes of their own

    /// Marks note references, makes alerts callouts, and takes the notes section out of
    /// wherever unclosed raw HTML put it.
    private func footnotes(_ node: HTMLNode, movingSectionsTo sections: inout [HTMLElement]) -> HTMLNode? {
        guard case .element(var element) = node else { return node }
        if let callout = Callout.make(from: element) { element = callout }
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

    /// The notes of a section as `DocumentRenderer` writes it: an `ol` of items, each ending
    /// with links back to its references.
    private func notes(in section: HTMLElement) -> [ChapterNote] {
        var notes: [ChapterNote] = []
        for case .element(let list) in section.children where list.name == "ol" {
            for case .element(let item) in list.children where item.name == "li" {
                var backReference: String?
                let content = item.children.map { removeBackReferences($0, firstTarget: &backReference) }
                notes.append(ChapterNote(id: item["id"], backReference: backReference, content: content))
            }
        }
        return notes
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

    // MARK: - Figures

    /// An image alone in its paragraph, with a title or alt text to caption it, is a figure, as
    /// pandoc makes one: the caption is the title, else the alt text, and the image's id goes
    /// on the figure.
    private static func figures(_ node: HTMLNode) -> HTMLNode {
        guard case .element(var element) = node else { return node }
        if element.name == "p", var image = loneImage(in: element) {
            let caption = image["title"]?.nonEmpty ?? image["alt"]?.trimmed.nonEmpty
            // A web image is only a picture in the site; elsewhere its alt text stands in for it.
            let source = image["src"] ?? ""
            if let caption, URLCheck.scheme(of: source) == nil, !source.hasPrefix("//") {
                var figure = HTMLElement("figure", sourceLine: element.sourceLine)
                figure["id"] = image["id"]
                if let classes = image["class"] { figure["class"] = classes }
                image["id"] = nil
                image["class"] = nil
                figure.children = [
                    .text("\n"), .element(image), .text("\n"),
                    .element(HTMLElement("figcaption", children: [.text(caption)])), .text("\n"),
                ]
                return .element(figure)
            }
        }
        guard ["blockquote", "li", "div", "section", "aside", "td", "dd"].contains(element.name) else { return .element(element) }
        element.children = element.children.map(figures)
        return .element(element)
    }

    private static func loneImage(in paragraph: HTMLElement) -> HTMLElement? {
        var image: HTMLElement?
        for child in paragraph.children {
            switch child {
            case .element(let element) where element.name == "img" && image == nil: image = element
            case .text(let text) where text.allSatisfy(\.isWhitespace): continue
            default: return nil
            }
        }
        return image
    }

    // MARK: - Ids, alignment, code languages

    private mutating func assignIDs(_ node: HTMLNode) -> HTMLNode {
        guard case .element(var element) = node else { return node }
        if let raw = element["id"] {
            let id = registry.claim(raw, scope: scope)
            element["id"] = id
            anchors.ids[raw] = id
        }
        if element.name.utf8.count == 2, element.name.hasPrefix("h"), let level = element.name.last?.wholeNumberValue,
            (1...6).contains(level)
        {
            let text = element.textContent
            if firstHeading == nil { firstHeading = text.trimmed }
            let slug = githubSlug(text)
            let id = element["id"] ?? registry.claim(slug, scope: scope)
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
        // Text holds no id: a paragraph of only text keeps its children as they are.
        if element.children.contains(where: \.isElement) { element.children = element.children.map { assignIDs($0) } }
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
    /// The chapter's title: from front matter, else its first heading (`heading`), else the
    /// usual title of its kind of matter, else its file name.
    func title(heading: String?, strings: @autoclosure () -> InterfaceStrings = .english) -> String {
        frontMatter.title ?? heading ?? matter?.defaultTitle(strings()) ?? name
    }

    /// True when the page shows no title and no table of contents lists it: a dedication or
    /// an epigraph with no heading and no `title:` of its own.
    func isUntitled(heading: String?) -> Bool {
        frontMatter.title == nil && heading == nil && matter?.showsTitle == false
    }

    /// The text of the first heading, in document order; nil when it is empty.
    static func firstHeading(in nodes: [HTMLNode]) -> String? {
        firstHeadingText(in: nodes)?.nonEmpty
    }

    private static func firstHeadingText(in nodes: [HTMLNode]) -> String? {
        for case .element(let element) in nodes {
            if element.name.count == 2, element.name.hasPrefix("h"),
                let level = element.name.last?.wholeNumberValue, (1...6).contains(level)
            {
                return element.textContent.trimmed
            }
            if let heading = firstHeadingText(in: element.children) { return heading }
        }
        return nil
    }
}
