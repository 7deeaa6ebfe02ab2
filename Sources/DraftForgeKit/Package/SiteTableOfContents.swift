// The site's table of contents, as HTML: the title page lists the whole book, each chapter page
// a window around itself with its own sections. Built in code, as mdBook builds its sidebar,
// because a template would render the same entries again for every page: each entry is written
// once per build and the pages join them.
import Foundation

struct SiteTableOfContents {
    /// Chapter pages of a book longer than this list only the chapters around their own in the
    /// sidebar (the title page keeps the whole table), so the site grows linearly with the book.
    static let fullSidebarLimit = 200
    static let sidebarWindow = 50

    private let book: RenderedBook
    private let pageFiles: [String]
    /// Each chapter's entry when it is not the current page.
    private let entries: [String]

    init(_ book: RenderedBook, pageFiles: [String]) {
        self.book = book
        self.pageFiles = pageFiles
        entries = book.chapters.indices.map { position in
            Self.entry(title: book.chapters[position].listedTitle, href: pageFiles[position], sections: nil)
        }
    }

    /// The `<ol>` for a page; `current` is the chapter shown, nil for the title page. A chapter
    /// the outline nests under the one before it (an mdBook section) is listed inside its item.
    func html(current: Int?) -> String {
        var shown = book.chapters.indices
        if let current, book.chapters.count > Self.fullSidebarLimit {
            shown = max(0, current - Self.sidebarWindow)..<min(book.chapters.count, current + Self.sidebarWindow + 1)
        }
        var html = "<ol class=\"df-toc\">\n"
        var openPart: Int?
        var itemIsOpen = false
        var depth = 0
        func close(downTo level: Int) {
            if itemIsOpen { html += "</li>\n" }
            while depth > level {
                html += "</ol>\n</li>\n"
                depth -= 1
            }
        }
        // An untitled dedication or epigraph is a page of the book but not an entry.
        // Fields read through the subscript: a chapter copied out of the array retains each of
        // its trees, for every entry of every page.
        for position in shown where !book.chapters[position].isUntitled {
            let partIndex = book.chapters[position].partIndex
            if partIndex != openPart {
                close(downTo: 0)
                itemIsOpen = false
                if openPart != nil { html += "</ol>\n</li>\n" }
                if let part = partIndex {
                    html += "<li class=\"df-toc-part\"><span class=\"df-toc-part-title\">"
                        + Self.escaped(book.parts[part].title) + "</span>\n<ol>\n"
                }
                openPart = partIndex
            }
            let level = min(book.chapters[position].outlineLevel, itemIsOpen ? depth + 1 : depth)
            if level > depth {
                html += "<ol class=\"df-toc-children\">\n"
                depth = level
            } else {
                close(downTo: level)
            }
            html += position == current
                ? Self.entry(
                    title: book.chapters[position].listedTitle, href: pageFiles[position],
                    sections: SitePackager.sections(of: book.chapters[position]))
                : entries[position]
            itemIsOpen = true
        }
        close(downTo: 0)
        if openPart != nil { html += "</ol>\n</li>\n" }
        return html + "</ol>"
    }

    /// `sections` non-nil marks the entry as the current page. The item is left open for the
    /// chapters nested in it; `html(current:)` closes it.
    private static func entry(title: String, href: String, sections: [(title: String, id: String)]?) -> String {
        var html = "<li class=\"df-toc-chapter\"><a href=\"" + escaped(href) + "\""
        if sections != nil { html += " class=\"df-current\" aria-current=\"page\"" }
        html += ">" + escaped(title) + "</a>"
        if let sections, !sections.isEmpty {
            html += "\n<ol class=\"df-toc-sections\">\n"
            for section in sections {
                html += "<li><a href=\"#" + escaped(section.id) + "\">" + escaped(section.title) + "</a></li>\n"
            }
            html += "</ol>\n"
        }
        return html
    }

    private static func escaped(_ text: String) -> String { XHTMLSerializer.escaped(XML.safe(text)) }
}
