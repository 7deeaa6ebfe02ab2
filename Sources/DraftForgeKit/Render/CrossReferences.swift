// What a link with no text of its own shows: `[](#sec:start)` the heading's title, `[](#fig:map)`
// the figure's number ("Figure 3.2") or, unnumbered, its caption. Figures are numbered here,
// after every chapter is structured, since a number depends on the chapters before it.
import Foundation

enum CrossReferences {
    /// Numbers the figures of `trees` when the config asks, and returns the label of every
    /// heading and figure id, by chapter path.
    static func label(
        _ trees: inout [(body: [HTMLNode], notes: [ChapterNote])], chapters: [Chapter], figures: ManuscriptConfig.FigureOptions
    ) -> [String: [String: String]] {
        var labels: [String: [String: String]] = [:]
        var storyChapter = 0
        var bookFigure = 0
        for (position, chapter) in chapters.enumerated() {
            if chapter.matter == nil { storyChapter += 1 }
            var chapterFigure = 0
            var found: [String: String] = [:]
            func walk(_ node: HTMLNode) -> HTMLNode {
                guard case .element(var element) = node else { return node }
                if element.name == "figure" {
                    var number: String?
                    if figures.numbered {
                        chapterFigure += 1
                        bookFigure += 1
                        let figure = figures.numbering == .book || chapter.matter != nil
                            ? "\(bookFigure)" : "\(storyChapter).\(chapterFigure)"
                        number = "Figure \(figure)"
                        element.children = element.children.map { child in
                            guard case .element(var caption) = child, caption.name == "figcaption" else { return child }
                            caption.children.insert(.element(HTMLElement("span", [("class", "figure-number")], children: [.text(number! + ":")])), at: 0)
                            caption.children.insert(.text(" "), at: 1)
                            return .element(caption)
                        }
                    }
                    if let id = element["id"] {
                        let caption = element.children.lazy.compactMap { child -> String? in
                            guard case .element(let caption) = child, caption.name == "figcaption" else { return nil }
                            return caption.textContent
                        }.first
                        found[id] = number ?? caption ?? id
                    }
                    return .element(element)
                }
                if element.name.count == 2, element.name.hasPrefix("h"), element.name.last?.isNumber == true, let id = element["id"] {
                    found[id] = element.textContent.trimmed
                }
                element.children = element.children.map(walk)
                return .element(element)
            }
            trees[position].body = trees[position].body.map(walk)
            labels[chapter.path] = found
        }
        return labels
    }
}
