// GitHub's alerts, which mdBook 0.5's admonitions share: a block quote whose first line is
// `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` (any case) becomes a titled
// callout, `<aside class="callout callout-note" role="note">`, which every format styles.
import Foundation

enum Callout {
    static let titles = ["note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"]

    /// The callout a block quote stands for, or nil when it is an ordinary quote.
    static func make(from quote: HTMLElement) -> HTMLElement? {
        guard quote.name == "blockquote",
            let first = quote.children.firstIndex(where: \.isElement),
            case .element(var paragraph) = quote.children[first], paragraph.name == "p"
        else { return nil }
        // A quote's first line opens with the marker's bracket (after spaces, some of them past
        // ASCII), or it is no callout: the rest reads the whole first paragraph.
        guard case .text(let opening) = paragraph.children.first,
            opening.utf8.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") })
                .map({ $0 == UInt8(ascii: "[") || $0 >= 0x80 }) ?? true
        else { return nil }
        // cmark may split the marker over several text nodes (`[`, `!NOTE]`).
        var leading = ""
        for child in paragraph.children {
            guard case .text(let text) = child else { break }
            leading += text
            if text.contains("\n") { break }
        }
        let line = leading.prefix { $0 != "\n" }
        let marker = line.trimmingCharacters(in: .whitespaces)
        guard marker.hasPrefix("[!"), marker.hasSuffix("]"),
            let title = titles[marker.dropFirst(2).dropLast().lowercased()]
        else { return nil }
        // The marker's line goes, with its line break.
        var toDrop = line.count + (leading.dropFirst(line.count).first == "\n" ? 1 : 0)
        while toDrop > 0, case .text(let text) = paragraph.children.first {
            if text.count <= toDrop {
                toDrop -= text.count
                paragraph.children.removeFirst()
            } else {
                paragraph.children[0] = .text(String(text.dropFirst(toDrop)))
                toDrop = 0
            }
        }
        var children = quote.children
        let isEmpty = paragraph.children.allSatisfy { if case .text(let text) = $0 { text.allSatisfy(\.isWhitespace) } else { false } }
        if isEmpty {
            children.remove(at: first)
            // The line break that followed the paragraph goes with it.
            if first < children.count, case .text(let text) = children[first], text.allSatisfy(\.isWhitespace) {
                children.remove(at: first)
            }
        } else {
            children[first] = .element(paragraph)
        }
        let kind = marker.dropFirst(2).dropLast().lowercased()
        let heading = HTMLElement("p", [("class", "callout-title")], children: [.text(title)])
        var callout = HTMLElement(
            "aside", [("class", "callout callout-\(kind)"), ("role", "note")],
            children: [.text("\n"), .element(heading)] + children)
        callout.sourceLine = quote.sourceLine
        return callout
    }
}
