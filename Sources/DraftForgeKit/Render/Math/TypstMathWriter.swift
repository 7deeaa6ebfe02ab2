// Writes the math tree as Typst math, so the print PDF typesets a formula with Typst's own math
// layout (the New Computer Modern Math font it carries) instead of printing its TeX. Each
// MathNode case maps to one Typst construct; atoms are separated by spaces, and every ASCII
// character with a meaning in Typst math is escaped.

struct TypstMathWriter {
    /// The formula as Typst math content: `$x$` in a line of text, `$ x $` as a block. A `\tag`
    /// on the whole formula is returned apart, for the writer to set at the right margin.
    static func formula(_ node: MathNode, display: MathDisplay) -> (math: String, tag: String?) {
        let writer = TypstMathWriter()
        var tag: String?
        var content = node
        if case .tagged(let formula, let wholeTag) = node {
            content = formula
            tag = wholeTag
        }
        let isBlock = display == .block
        let body: String
        if isBlock, case .table(let table) = content, table.pairsColumns {
            body = writer.alignedRows(table)
        } else {
            body = writer.write(content, isDisplay: isBlock)
        }
        return (isBlock ? "$ " + body + " $" : "$" + body + "$", tag)
    }

    func write(_ node: MathNode, isDisplay: Bool) -> String {
        switch node {
        case .identifier(let text, let upright):
            if text.count == 1 {
                return upright ? "upright(" + Self.escaped(text) + ")" : Self.escaped(text)
            }
            return text.allSatisfy(\.isLetter) ? "op(" + Self.quoted(text) + ")" : "upright(" + Self.quoted(text) + ")"
        case .number(let text):
            return text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } ? text : Self.quoted(text)
        case .symbol(let text, _):
            if text.count > 1, text.allSatisfy(\.isLetter) { return "op(" + Self.quoted(text) + ")" }
            return Self.escaped(text)
        case .text(let text, _):
            return Self.quoted(text)
        case .space(let width):
            return "#h(" + (Double(width.replacingOccurrences(of: "em", with: "")).map { "\($0)em" } ?? "0.1667em") + ")"
        case .row(let nodes):
            return row(nodes, isDisplay: isDisplay)
        case .scripts(let base, let sub, let sup, let placement):
            var baseText = argument(base, isDisplay: isDisplay)
            if placement == .limits { baseText = "limits(" + baseText + ")" }
            var text = "attach(" + baseText
            if let sub { text += ", b: " + argument(sub, isDisplay: false) }
            if let sup { text += ", t: " + argument(sup, isDisplay: false) }
            return text + ")"
        case .fraction(let numerator, let denominator, let hasRule):
            let top = argument(numerator, isDisplay: false)
            let bottom = argument(denominator, isDisplay: false)
            return hasRule ? "frac(" + top + ", " + bottom + ")" : "mat(delim: #none, " + top + "; " + bottom + ")"
        case .squareRoot(let radicand):
            return "sqrt(" + argument(radicand, isDisplay: isDisplay) + ")"
        case .root(let radicand, let index):
            return "root(" + argument(index, isDisplay: false) + ", " + argument(radicand, isDisplay: isDisplay) + ")"
        case .accent(let base, let mark, let isOver, let isAccent):
            return accent(base: base, mark: mark, isOver: isOver, isAccent: isAccent, isDisplay: isDisplay)
        case .table(let table):
            return matrix(table)
        case .style(let style, let content):
            let function = style.isDisplay ? "display" : ["inline", "script", "sscript"][min(max(style.scriptLevel, 0), 2)]
            return function + "(" + argument(content, isDisplay: style.isDisplay) + ")"
        case .tagged(let formula, let tag):
            let text = write(formula, isDisplay: isDisplay)
            return tag.map { text + " #h(2em) " + Self.quoted("(" + $0 + ")") } ?? text
        }
    }

    /// A function argument: never empty, which Typst refuses.
    private func argument(_ node: MathNode, isDisplay: Bool) -> String {
        let text = write(node, isDisplay: isDisplay)
        return text.isEmpty ? "\"\"" : text
    }

    /// A row, with `\left`…`\right` fences as one stretching `lr(…)`.
    private func row(_ nodes: [MathNode], isDisplay: Bool) -> String {
        if nodes.count >= 2, let open = Self.fence(nodes.first!), let close = Self.fence(nodes.last!) {
            let inner = nodes.dropFirst().dropLast().map { write($0, isDisplay: isDisplay) }.joined(separator: " ")
            return "lr(" + [Self.escaped(open), inner, Self.escaped(close)].filter { !$0.isEmpty }.joined(separator: " ") + ")"
        }
        return nodes.map { write($0, isDisplay: isDisplay) }.joined(separator: " ")
    }

    /// A stretchy symbol: the side of a `\left`…`\right` pair ("" for `.`).
    private static func fence(_ node: MathNode) -> String? {
        guard case .symbol(let text, let style) = node, style.stretchy == true, text.count <= 1 else { return nil }
        return text
    }

    private func accent(base: MathNode, mark: MathNode, isOver: Bool, isAccent: Bool, isDisplay: Bool) -> String {
        let baseText = argument(base, isDisplay: isDisplay)
        let markText: String? = if case .symbol(let text, _) = mark { text } else if case .identifier(let text, _) = mark { text } else { nil }
        switch (markText, isOver) {
        case ("\u{00AF}", true), ("\u{203E}", true), ("\u{2015}", true), ("_", true): return "overline(" + baseText + ")"
        case ("\u{00AF}", false), ("\u{203E}", false), ("_", false), ("\u{2015}", false): return "underline(" + baseText + ")"
        case ("\u{23DE}", true): return "overbrace(" + baseText + ")"
        case ("\u{23DF}", false): return "underbrace(" + baseText + ")"
        case ("\u{23B4}", true): return "overbracket(" + baseText + ")"
        case ("\u{23B5}", false): return "underbracket(" + baseText + ")"
        default: break
        }
        if isAccent, isOver, let markText, markText.count == 1 {
            return "accent(" + baseText + ", " + Self.escaped(markText) + ")"
        }
        return "attach(limits(" + baseText + "), " + (isOver ? "t: " : "b: ") + argument(mark, isDisplay: false) + ")"
    }

    private func matrix(_ table: MathTable) -> String {
        let alignment: String =
            switch table.alignment(ofColumn: 0) {
            case .left where !table.pairsColumns: "left"
            case .right where !table.pairsColumns: "right"
            default: "center"
            }
        let rows = table.rows.enumerated().map { index, cells in
            var text = cells.map { argument($0, isDisplay: table.isDisplay) }.joined(separator: ", ")
            if index < table.rowTags.count, let tag = table.rowTags[index] { text += " #h(2em) " + Self.quoted("(" + tag + ")") }
            return text
        }
        return "mat(delim: #none, align: #" + alignment + ", " + rows.joined(separator: "; ") + ")"
    }

    /// `aligned` and its kind at the top of a block formula: Typst's own alignment points,
    /// which alternate right and left as TeX's do.
    private func alignedRows(_ table: MathTable) -> String {
        table.rows.enumerated().map { index, cells in
            var text = cells.map { write($0, isDisplay: true) }.joined(separator: " & ")
            if index < table.rowTags.count, let tag = table.rowTags[index] { text += " #h(2em) " + Self.quoted("(" + tag + ")") }
            return text
        }.joined(separator: " \\\n")
    }

    /// ASCII characters with a meaning in Typst math, escaped; a hyphen becomes the minus sign.
    static func escaped(_ text: String) -> String {
        var output = ""
        for character in text {
            if character == "-" {
                output.append("\u{2212}")
            } else if character.isASCII, let scalar = character.unicodeScalars.first, Self.special.contains(scalar) {
                output.append("\\")
                output.append(character)
            } else if character.isWhitespace {
                continue
            } else {
                output.append(character)
            }
        }
        return output.isEmpty ? "\"\"" : output
    }

    private static let special = Set("\\$#\"()[]{}_^&,;/'|<>@~%`*.:!?".unicodeScalars)

    /// A Typst string literal.
    static func quoted(_ text: String) -> String {
        TypstMarkup.string(text)
    }
}
