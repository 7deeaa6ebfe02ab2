// The only file that calls cmark-gfm: Markdown in, a `MarkdownDocument` out. cmark-gfm 0.29
// corrupts output when two threads parse at once, so every call holds one lock. cmark's own HTML
// renderer is kept for the tests, which hold `DocumentRenderer` to it.
import CCmarkGFM
import Foundation

enum CMarkParser {
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    private static let lock = NSLock()
    // Registration writes an unsynchronised C static: do it once, under the lock.
    nonisolated(unsafe) private static var registered = false

    static var version: String { String(cString: cmark_version_string()) }

    /// One chapter, parsed once.
    struct Parsed {
        var document: MarkdownDocument
        /// cmark's HTML, when asked for (the tests' oracle).
        var html: String
    }

    /// The document alone, for counting words without rendering.
    static func document(_ markdown: String, smartPunctuation: Bool) -> MarkdownDocument {
        parse(markdown, smartPunctuation: smartPunctuation, html: false).document
    }

    static func parse(_ markdown: String, smartPunctuation: Bool, html wantsHTML: Bool = false) -> Parsed {
        var html: String? = wantsHTML ? "" : nil
        guard let root = parseLocked(markdown, smartPunctuation: smartPunctuation, html: &html) else {
            return Parsed(document: MarkdownDocument(root: MarkdownNode(kind: .document)), html: "")
        }
        // Reading a finished tree touches no shared state: the copy runs outside the lock.
        defer { cmark_node_free(root) }
        return Parsed(document: DocumentBuilder.build(root, markdown: markdown), html: html ?? "")
    }

    /// Parsing (and cmark's own rendering) under the lock; the tree outlives its parser.
    /// `html`, when not nil, is set to cmark's own HTML.
    private static func parseLocked(_ markdown: String, smartPunctuation: Bool, html: inout String?) -> OpaquePointer? {
        lock.lock()
        defer { lock.unlock() }
        if !registered {
            cmark_gfm_core_extensions_ensure_registered()
            registered = true
        }
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8
        if smartPunctuation { options |= CMARK_OPT_SMART }
        guard let parser = cmark_parser_new(options) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var source = markdown
        source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else { return nil }
        if html != nil, let rendered = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) {
            html = String(cString: rendered)
            free(rendered)
        }
        return root
    }
}

/// Copies cmark's tree into `MarkdownNode`s with cmark's own iterator, so no input nests the C
/// stack; past `MarkdownDocument.maxDepth` a subtree is kept as its text.
private enum DocumentBuilder {
    private struct Frame {
        var pointer: OpaquePointer
        var node: MarkdownNode
    }

    /// Nodes cmark's iterator enters without leaving.
    private static let leaves: Set<UInt32> = [
        CMARK_NODE_HTML_BLOCK.rawValue, CMARK_NODE_THEMATIC_BREAK.rawValue, CMARK_NODE_CODE_BLOCK.rawValue,
        CMARK_NODE_TEXT.rawValue, CMARK_NODE_SOFTBREAK.rawValue, CMARK_NODE_LINEBREAK.rawValue,
        CMARK_NODE_CODE.rawValue, CMARK_NODE_HTML_INLINE.rawValue,
    ]

    static func build(_ root: OpaquePointer, markdown: String) -> MarkdownDocument {
        var document = MarkdownDocument(root: MarkdownNode(kind: .document))
        let labels = footnoteLabels(root, markdown: markdown)
        var definitionsSeen = 0
        guard let iterator = cmark_iter_new(root) else { return document }
        defer { cmark_iter_free(iterator) }
        var frames: [Frame] = []
        var flattened = Set<OpaquePointer>()
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let pointer = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_EXIT {
                if flattened.remove(pointer) != nil { continue }
                // A node cmark entered without leaving (a footnote reference) ends with its parent.
                while let frame = frames.popLast() {
                    if frame.pointer == pointer {
                        if frames.isEmpty { document.root = frame.node } else { frames[frames.count - 1].node.children.append(frame.node) }
                        break
                    }
                    frames[frames.count - 1].node.children.append(frame.node)
                }
                continue
            }
            let type = cmark_node_get_type(pointer)
            let isLeaf = leaves.contains(type.rawValue)
            if frames.count > MarkdownDocument.maxDepth {
                if document.flattenedLine == nil { document.flattenedLine = line(of: pointer) ?? frames.last.flatMap { $0.node.start?.line } ?? 1 }
                if !isLeaf { flattened.insert(pointer) }
                let text = literal(pointer)
                if !text.isEmpty { frames[frames.count - 1].node.children.append(MarkdownNode(kind: .text(text))) }
                continue
            }
            var node = MarkdownNode(
                kind: kind(of: pointer, type: type, labels: labels), start: start(of: pointer), end: end(of: pointer))
            if case .footnoteDefinition = node.kind {
                node.kind = .footnoteDefinition(label: definitionsSeen < labels.count ? labels[definitionsSeen] : "")
                definitionsSeen += 1
            }
            if isLeaf, !frames.isEmpty {
                frames[frames.count - 1].node.children.append(node)
            } else {
                frames.append(Frame(pointer: pointer, node: node))
            }
        }
        while let frame = frames.popLast() {
            if frames.isEmpty { document.root = frame.node } else { frames[frames.count - 1].node.children.append(frame.node) }
        }
        return document
    }

    /// cmark moves the notes that are referenced to the end of the document, in the order of
    /// their numbers, and keeps no label it lets us read: each is read back from its line,
    /// where `[^label]:` ends just before the note's first column.
    private static func footnoteLabels(_ root: OpaquePointer, markdown: String) -> [String] {
        var definitions: [OpaquePointer] = []
        var node = cmark_node_last_child(root)
        while let current = node, cmark_node_get_type(current) == CMARK_NODE_FOOTNOTE_DEFINITION {
            definitions.append(current)
            node = cmark_node_previous(current)
        }
        guard !definitions.isEmpty else { return [] }
        let lines = markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return definitions.reversed().map { definition in
            let line = Int(cmark_node_get_start_line(definition)) - 1
            guard line >= 0, line < lines.count else { return "" }
            let before = Array(lines[line].prefix(max(0, Int(cmark_node_get_start_column(definition)) - 1)))
            guard let close = before.lastIndex(of: UInt8(ascii: "]")) else { return "" }
            var open = close
            while open > 0, !(before[open - 1] == UInt8(ascii: "[") && before[open] == UInt8(ascii: "^")) { open -= 1 }
            guard open > 0 else { return "" }
            return String(decoding: before[(open + 1)..<close], as: UTF8.self)
        }
    }

    private static func kind(of pointer: OpaquePointer, type: cmark_node_type, labels: [String]) -> MarkdownNode.Kind {
        switch type {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(
                ordered: cmark_node_get_list_type(pointer) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(pointer)), tight: cmark_node_get_list_tight(pointer) != 0)
        case CMARK_NODE_ITEM:
            return .item(checked: typeString(pointer) == "tasklist" ? cmark_gfm_extensions_get_tasklist_item_checked(pointer) : nil)
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(pointer)), code: literal(pointer))
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(literal(pointer))
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(pointer)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition(label: "")  // labelled by `build`
        case CMARK_NODE_TEXT: return .text(literal(pointer))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal(pointer))
        case CMARK_NODE_HTML_INLINE: return .htmlInline(literal(pointer))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(pointer)), title: string(cmark_node_get_title(pointer)))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(pointer)), title: string(cmark_node_get_title(pointer)))
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            // cmark replaces a reference's literal with its note's number.
            let number = Int(literal(pointer)) ?? 0
            return .footnoteReference(label: labels.indices.contains(number - 1) ? labels[number - 1] : "", number: number)
        default:
            // The extensions' node types are C globals set at registration: they are named instead.
            switch typeString(pointer) {
            case "table": return .table(alignments: alignments(pointer))
            case "table_header": return .tableRow(isHeader: true)
            case "table_row": return .tableRow(isHeader: false)
            case "table_cell": return .tableCell
            case "strikethrough": return .strikethrough
            default: return .text(literal(pointer))
            }
        }
    }

    private static func alignments(_ pointer: OpaquePointer) -> [TableAlignment] {
        let count = Int(cmark_gfm_extensions_get_table_columns(pointer))
        guard let values = cmark_gfm_extensions_get_table_alignments(pointer) else { return Array(repeating: .none, count: count) }
        return (0..<count).map { index in
            switch values[index] {
            case UInt8(ascii: "l"): .left
            case UInt8(ascii: "c"): .center
            case UInt8(ascii: "r"): .right
            default: .none
            }
        }
    }

    private static func start(of pointer: OpaquePointer) -> SourcePoint? {
        let line = Int(cmark_node_get_start_line(pointer))
        return line > 0 ? SourcePoint(line: line, column: max(1, Int(cmark_node_get_start_column(pointer)))) : nil
    }

    private static func end(of pointer: OpaquePointer) -> SourcePoint? {
        let line = Int(cmark_node_get_end_line(pointer))
        return line > 0 ? SourcePoint(line: line, column: max(0, Int(cmark_node_get_end_column(pointer)))) : nil
    }

    private static func line(of pointer: OpaquePointer) -> Int? {
        let line = Int(cmark_node_get_start_line(pointer))
        return line > 0 ? line : nil
    }

    private static func typeString(_ pointer: OpaquePointer) -> String { string(cmark_node_get_type_string(pointer)) }

    private static func literal(_ pointer: OpaquePointer) -> String { string(cmark_node_get_literal(pointer)) }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
}
