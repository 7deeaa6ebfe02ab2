// What a link with no text of its own shows: `[](#sec:start)` the heading's title, `[](#fig:map)`
// the figure's number ("Figure 3.2") or, unnumbered, its caption. A number depends on the
// chapters before it, so the render labels each chapter as it takes them in reading order,
// right after structuring it (while its tree is in the core's cache, beside the parsing of
// the chapters after it).
import Foundation

struct CrossReferences {
    let figures: ManuscriptConfig.FigureOptions
    /// Figures numbered so far in the book.
    private var bookFigure = 0

    init(figures: ManuscriptConfig.FigureOptions) { self.figures = figures }

    /// Numbers the figures of the next chapter in reading order when the config asks, and
    /// returns the label of each of its heading and figure ids. `storyChapter` is the number of
    /// story chapters up to this one.
    mutating func label(_ body: inout [HTMLNode], of chapter: Chapter, storyChapter: Int) -> [String: String] {
        let figures = figures
        var bookFigure = bookFigure
        defer { self.bookFigure = bookFigure }
        var chapterFigure = 0
        var found: [String: String] = [:]
        /// Reads the labels, and numbers the figures when `numbering`; returns nil when the
        /// node is unchanged, so a chapter without figures is not copied.
        func visit(_ node: HTMLNode, numbering: Bool) -> HTMLNode? {
            // Bound, not copied: a copy of each element retains its name, attributes and children.
            guard case .element(let element) = node else { return nil }
            if element.name == "figure" {
                var figure = element
                var number: String?
                if numbering {
                    chapterFigure += 1
                    bookFigure += 1
                    let shown = figures.numbering == .book || chapter.matter != nil
                        ? "\(bookFigure)" : "\(storyChapter).\(chapterFigure)"
                    number = "Figure \(shown)"
                    figure.children = figure.children.map { child in
                        guard case .element(var caption) = child, caption.name == "figcaption" else { return child }
                        caption.children.insert(.element(HTMLElement("span", [("class", "figure-number")], children: [.text(number! + ":")])), at: 0)
                        caption.children.insert(.text(" "), at: 1)
                        return .element(caption)
                    }
                }
                if let id = figure["id"] {
                    let caption = figure.children.lazy.compactMap { child -> String? in
                        guard case .element(let caption) = child, caption.name == "figcaption" else { return nil }
                        return caption.textContent
                    }.first
                    found[id] = number ?? caption ?? id
                }
                return numbering ? .element(figure) : nil
            }
            if element.name.count == 2, element.name.hasPrefix("h"), element.name.last?.isNumber == true {
                if let id = element["id"] { found[id] = element.textContent.trimmed }
                return nil
            }
            guard let children = element.children.replacing({ visit($0, numbering: numbering).map { [$0] } }) else { return nil }
            var changed = element
            changed.children = children
            return .element(changed)
        }
        if let numbered = body.replacing({ visit($0, numbering: figures.numbered).map { [$0] } }) {
            body = numbered
        }
        return found
    }
}
