// mdBook's SUMMARY.md, read as mdBook reads it: an optional title, unnumbered prefix chapters,
// numbered chapters in lists (nested to any depth, under optional `# Part` titles, numbered
// through the whole book), separators, draft chapters (`[Title]()`), unnumbered suffix chapters.
// The file is Markdown, so it is read from cmark-gfm's tree like any chapter.
import Foundation

struct BookSummary: Sendable, Equatable {
    /// A chapter the summary lists.
    struct Link: Sendable, Equatable {
        var title: String
        /// The file, relative to the book's source folder; nil for a draft chapter.
        var path: String?
        /// mdBook's section number, `[3, 1]` for 3.1.; nil for prefix and suffix chapters.
        var number: [Int]?
        /// The numbered chapters nested under this one.
        var children: [Item] = []
        var line: Int
    }

    enum Item: Sendable, Equatable {
        case chapter(Link)
        case partTitle(String, line: Int)
        case separator
    }

    var title: String?
    var prefix: [Item] = []
    var numbered: [Item] = []
    var suffix: [Item] = []

    /// Every chapter in reading order, nested ones after their parent.
    var chapters: [Link] {
        func flatten(_ items: [Item]) -> [Link] {
            items.flatMap { item -> [Link] in
                guard case .chapter(let link) = item else { return [] }
                return [link] + flatten(link.children)
            }
        }
        return flatten(prefix) + flatten(numbered) + flatten(suffix)
    }

    /// Reads `text`, the SUMMARY.md at `file` (the path diagnostics name). Throws where mdBook
    /// would refuse the book: a list item that is not a link, a list after the suffix chapters,
    /// a file listed twice.
    static func read(_ text: String, file: String) throws(Diagnostic) -> BookSummary {
        var warnings: [Diagnostic] = []
        return try read(text, file: file, warnings: &warnings)
    }

    /// Also warns of text that holds chapter links but is not read as chapters (`load.summary-skipped`):
    /// a list indented into a code block, links in text under a part title.
    static func read(_ text: String, file: String, warnings: inout [Diagnostic]) throws(Diagnostic) -> BookSummary {
        var reader = Reader(file: file)
        let blocks = CMarkParser.parse(text, smartPunctuation: false).document.root.children
        let summary = try reader.read(blocks)
        warnings += reader.warnings
        var seen: [String: Int] = [:]
        for link in summary.chapters {
            guard let path = link.path else { continue }
            if let first = seen[path] {
                throw Diagnostic(
                    .error, .outlineDuplicateChapter, at: SourceLocation(file: file, line: link.line),
                    "'\(path)' is listed twice; the first time on line \(first)",
                    suggestion: "list each chapter file once")
            }
            seen[path] = link.line
        }
        return summary
    }

    private struct Reader {
        enum Phase { case prefix, numbered, suffix }

        let file: String
        var phase = Phase.prefix
        /// Numbered chapters at the root so far: numbering runs on across parts and separators.
        var rootCount = 0
        var warnings: [Diagnostic] = []

        mutating func read(_ blocks: [MarkdownNode]) throws(Diagnostic) -> BookSummary {
            var summary = BookSummary()
            var blocks = blocks[...]
            // The title is a first-level heading before anything but comments.
            while let first = blocks.first, case .htmlBlock = first.kind { blocks = blocks.dropFirst() }
            if let first = blocks.first, first.kind == .heading(level: 1) {
                summary.title = Self.plainText(first.children)
                blocks = blocks.dropFirst()
            }
            for block in blocks {
                switch (block.kind, phase) {
                case (.paragraph, .prefix), (.paragraph, .suffix):
                    let links = Self.links(in: block)
                    if phase == .prefix { summary.prefix += links } else { summary.suffix += links }
                case (.paragraph, .numbered):
                    // Text under a part title is skipped; a paragraph of links starts the suffix.
                    let links = Self.links(in: block)
                    guard !links.isEmpty else {
                        warnIfSkippingLinks(block)
                        continue
                    }
                    phase = .suffix
                    summary.suffix += links
                case (.thematicBreak, .prefix):
                    summary.prefix.append(.separator)
                case (.thematicBreak, .numbered):
                    summary.numbered.append(.separator)
                case (.thematicBreak, .suffix):
                    summary.suffix.append(.separator)
                case (.heading(level: 1), .suffix), (.list, .suffix):
                    throw Diagnostic(
                        .error, .configSyntax, at: location(block),
                        "suffix chapters cannot be followed by a list or a part title",
                        suggestion: "move the unnumbered chapters after the last list")
                case (.heading(level: 1), _):
                    phase = .numbered
                    summary.numbered.append(.partTitle(Self.plainText(block.children), line: block.start?.line ?? 0))
                case (.list, _):
                    phase = .numbered
                    let items = try numberedItems(block, parent: [], offset: rootCount)
                    rootCount += items.count(where: { if case .chapter = $0 { true } else { false } })
                    summary.numbered += items
                default:
                    warnIfSkippingLinks(block)  // comments, other headings: mdBook skips them
                }
            }
            return summary
        }

        /// A skipped block that holds a link, or text written as one (a list indented four
        /// spaces is a code block), would lose chapters in silence.
        private mutating func warnIfSkippingLinks(_ block: MarkdownNode) {
            func holdsLink(_ node: MarkdownNode) -> Bool {
                switch node.kind {
                case .link: return true
                case .codeBlock(_, let code): return code.contains("](")
                case .text(let text): return text.contains("](")
                default: return node.children.contains(where: holdsLink)
                }
            }
            guard holdsLink(block) else { return }
            let isCode = if case .codeBlock = block.kind { true } else { false }
            warnings.append(Diagnostic(
                .warning, .summarySkipped, at: location(block),
                isCode ? "this is indented into a code block, so the chapters in it are not in the book"
                    : "links here are not chapters: only list items, and links before the first list or after the last, are",
                suggestion: isCode ? "indent a nested chapter under a list item, and start a list at the margin" : "make each chapter a list item, such as '- [Title](chapter.md)'"))
        }

        /// A list's items, numbered under `parent` from `offset + 1`.
        private func numberedItems(_ list: MarkdownNode, parent: [Int], offset: Int) throws(Diagnostic) -> [Item] {
            var items: [Item] = []
            for item in list.children {
                guard let paragraph = item.children.first, paragraph.kind == .paragraph,
                    let linkNode = paragraph.children.first(where: { !Self.isBlank($0) }),
                    case .link(let destination, _) = linkNode.kind
                else {
                    throw Diagnostic(
                        .error, .configSyntax, at: location(item),
                        "a numbered chapter must be a link, such as '- [Title](chapter.md)'",
                        suggestion: "write the item as a link; '[Title]()' makes a draft chapter")
                }
                var link = Self.link(linkNode, destination: destination)
                let number = parent + [offset + items.count + 1]
                link.number = number
                for case let nested in item.children.dropFirst() where nested.kind.isList {
                    link.children += try numberedItems(nested, parent: number, offset: link.children.count)
                }
                items.append(.chapter(link))
            }
            return items
        }

        private func location(_ node: MarkdownNode) -> SourceLocation {
            SourceLocation(file: file, line: node.start?.line)
        }

        /// The links of a prefix or suffix paragraph, each one chapter.
        private static func links(in paragraph: MarkdownNode) -> [Item] {
            paragraph.children.compactMap { node in
                guard case .link(let destination, _) = node.kind else { return nil }
                var link = link(node, destination: destination)
                link.line = node.start?.line ?? paragraph.start?.line ?? 0
                return .chapter(link)
            }
        }

        private static func link(_ node: MarkdownNode, destination: String) -> Link {
            // mdBook reads `%20` as a space, and nothing else of URL encoding.
            let path = destination.replacingOccurrences(of: "%20", with: " ")
            return Link(title: plainText(node.children), path: path.isEmpty ? nil : path, line: node.start?.line ?? 0)
        }

        /// Text and code, without their styling; a line break becomes a space.
        static func plainText(_ nodes: [MarkdownNode]) -> String {
            var text = ""
            func collect(_ node: MarkdownNode) {
                switch node.kind {
                case .text(let literal), .code(let literal): text += literal
                case .softBreak, .lineBreak: text += " "
                default: node.children.forEach(collect)
                }
            }
            nodes.forEach(collect)
            return text.trimmingCharacters(in: .whitespaces)
        }

        private static func isBlank(_ node: MarkdownNode) -> Bool {
            if case .text(let text) = node.kind { return text.allSatisfy(\.isWhitespace) }
            return false
        }
    }
}

extension MarkdownNode.Kind {
    var isList: Bool {
        if case .list = self { true } else { false }
    }
}
