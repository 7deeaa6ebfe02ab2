// A chapter's footnotes, kept apart from its body so each output writes them its own way: EPUB
// 3 pop-up notes closing the XHTML page, Word footnotes at their references.
import Foundation

/// One footnote; its number is its place among the chapter's notes, from 1.
public struct ChapterNote: Sendable {
    /// The id references link to, unique in the book.
    public var id: String?
    /// The first reference to the note, which the note's number links back to.
    public var backReference: String?
    /// The note's blocks, without its number.
    public var content: [HTMLNode]
}

extension RenderedChapter {
    /// The content of the chapter's XHTML page: the body, then the notes section.
    public var page: [HTMLNode] {
        notes.isEmpty ? body : body + [.element(Self.notesSection(notes)), .text("\n")]
    }

    private static func notesSection(_ notes: [ChapterNote]) -> HTMLElement {
        var children: [HTMLNode] = []
        for (index, note) in notes.enumerated() {
            children.append(.text("\n"))
            children.append(.element(aside(note, number: index + 1)))
        }
        children.append(.text("\n"))
        return HTMLElement(
            "section", [("class", "footnotes"), ("epub:type", "footnotes"), ("role", "doc-endnotes")],
            children: children)
    }

    /// An `aside` that opens with its number, linked back to the first reference.
    private static func aside(_ note: ChapterNote, number: Int) -> HTMLElement {
        var children = note.content
        let marker: HTMLNode
        if let backReference = note.backReference {
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
        if let id = note.id { attributes.append(("id", id)) }
        attributes += [("class", "footnote"), ("epub:type", "footnote"), ("role", "doc-footnote")]
        return HTMLElement("aside", attributes, children: children)
    }
}
