// Lines of a code listing that the book leaves out, as mdBook and rustdoc do: in Rust, a line
// whose first non-blank character is `#` followed by a space or nothing is hidden (the setup a
// reader need not see, still compiled by the tests), and `##` stands for a literal `#`. Another
// language hides lines by a prefix its fence names (`python,hidelines=~`). A book has no
// button to show them, so they are left out of every format.
import Foundation

enum HiddenCodeLines {
    /// The document with the hidden lines of its code blocks left out.
    /// `prefixes` hide lines by language for the whole book (mdBook's `[output.html.code.hidelines]`).
    static func removing(from document: MarkdownDocument, prefixes: [String: String] = [:]) -> MarkdownDocument {
        guard let root = removing(from: document.root, prefixes: prefixes) else { return document }
        var document = document
        document.root = root
        return document
    }

    /// The node with its code blocks' hidden lines left out; nil when nothing changes, so a
    /// book without such lines is not copied.
    private static func removing(from node: MarkdownNode, prefixes: [String: String]) -> MarkdownNode? {
        switch node.kind {
        case .codeBlock(let info, let code):
            let shown = visible(code, info: info, prefixes: prefixes)
            guard shown != code else { return nil }
            var node = node
            node.kind = .codeBlock(info: info, code: shown)
            return node
        case .document, .blockQuote, .list, .item, .footnoteDefinition:
            var children: [MarkdownNode]?
            for (index, child) in node.children.enumerated() {
                guard let changed = removing(from: child, prefixes: prefixes) else { continue }
                if children == nil { children = node.children }
                children![index] = changed
            }
            guard let children else { return nil }
            var node = node
            node.children = children
            return node
        default:
            return nil  // paragraphs, headings, tables: no code blocks inside
        }
    }

    /// The code as the book shows it, for a fence's info string (`rust,ignore`, `python,hidelines=~`).
    static func visible(_ code: String, info: String, prefixes: [String: String] = [:]) -> String {
        let attributes = info.split(whereSeparator: { $0 == "," || $0.isWhitespace })
        let language = attributes.first.map(String.init) ?? ""
        let written = attributes.lazy.compactMap { $0.hasPrefix("hidelines=") ? $0.dropFirst("hidelines=".count) : nil }.first
        if let prefix = written ?? prefixes[language].map({ Substring($0) }), !prefix.isEmpty {
            return lines(of: code) { line in
                line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(prefix) ? nil : line
            }
        }
        guard language == "rust", code.utf8.contains(UInt8(ascii: "#")) else { return code }
        return lines(of: code) { line in
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            let rest = line.dropFirst(indent.count)
            guard rest.first == "#" else { return line }
            let after = rest.dropFirst()
            switch after.first {
            case nil, " ": return nil
            case "#": return indent + after  // `##x` is `#x`
            default: return line  // `#[derive(…)]`, `#!…`
            }
        }
    }

    /// `code` with each line replaced by what `transform` makes of it (nil leaves it out).
    private static func lines(of code: String, _ transform: (Substring) -> Substring?) -> String {
        var kept: [Substring] = []
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithNewline = lines.last == ""
        if endsWithNewline { lines.removeLast() }
        for line in lines {
            if let shown = transform(line) { kept.append(shown) }
        }
        return kept.joined(separator: "\n") + (endsWithNewline && !kept.isEmpty ? "\n" : "")
    }
}
