// \begin{…} … \end{…}: matrices, cases, aligned and gathered rows, arrays. Cells are rows of
// the parser's own; `&` ends a cell and `\\` a row.

extension TeXParser {
    /// How an environment is set.
    struct EnvironmentLayout {
        var open: String?
        var close: String?
        var alignments: [MathTable.Alignment] = []
        var pairsColumns = false
        var isDisplay = false
        /// `equation*` holds one formula, not a table.
        var isSingleFormula = false
    }

    static let environments: [String: EnvironmentLayout] = {
        var layouts: [String: EnvironmentLayout] = [
            "matrix": EnvironmentLayout(),
            "pmatrix": EnvironmentLayout(open: "(", close: ")"), "bmatrix": EnvironmentLayout(open: "[", close: "]"),
            "Bmatrix": EnvironmentLayout(open: "{", close: "}"), "vmatrix": EnvironmentLayout(open: "|", close: "|"),
            "Vmatrix": EnvironmentLayout(open: "‖", close: "‖"),
            "cases": EnvironmentLayout(open: "{", alignments: [.left]),
        ]
        for name in ["aligned", "align", "align*", "split"] {
            layouts[name] = EnvironmentLayout(pairsColumns: true, isDisplay: true)
        }
        for name in ["gathered", "gather", "gather*"] { layouts[name] = EnvironmentLayout(isDisplay: true) }
        for name in ["equation", "equation*"] { layouts[name] = EnvironmentLayout(isSingleFormula: true) }
        return layouts
    }()

    /// The environment whose `\begin` is read, up to and with its `\end{…}`.
    mutating func parseEnvironment(at offset: Int) throws(MathConversionError) -> MathNode {
        let name = try parseEnvironmentName(after: "\\begin", at: offset)
        var layout: EnvironmentLayout
        if name == "array" {
            layout = EnvironmentLayout(alignments: try parseColumnSpecification(at: offset))
        } else if let known = Self.environments[name] {
            layout = known
        } else {
            throw MathConversionError(
                "the environment \(name) is not supported", command: "\\begin{\(name)}", at: offset)
        }
        var rows: [[MathNode]] = [[]]
        var rowTags: [String?] = [nil]
        // In an environment that is the whole formula, each row may have its own \tag.
        let rowsMayHaveTags = nesting == 1
        let formulaTag = tag
        tag = nil
        while true {
            let (nodes, end, endOffset) = try parseRow(isTopLevel: rowsMayHaveTags)
            rows[rows.count - 1].append(.row(nodes))
            if let rowTag = tag {
                rowTags[rows.count - 1] = rowTag
                tag = nil
            }
            switch end {
            case .alignmentTab where !layout.isSingleFormula:
                if name == "array", rows[rows.count - 1].count >= layout.alignments.count {
                    throw MathConversionError(
                        "this row has more columns than the array's specification", at: endOffset)
                }
            case .rowBreak where !layout.isSingleFormula:
                skipRowSpacing()
                rows.append([])
                rowTags.append(nil)
            case .end:
                let closing = try parseEnvironmentName(after: "\\end", at: endOffset)
                guard closing == name else {
                    throw MathConversionError(
                        "\\end{\(closing)} does not match \\begin{\(name)}", command: "\\end{\(closing)}",
                        at: endOffset)
                }
                if layout.isSingleFormula {
                    tag = formulaTag ?? rowTags[0]
                    return rows[0][0]
                }
                tag = formulaTag
                hasRowTags = hasRowTags || rowTags.contains { $0 != nil }
                return build(rows, rowTags: rowTags, layout)
            case .endOfInput:
                throw MathConversionError("\\begin{\(name)} is not closed", command: "\\begin{\(name)}", at: offset)
            case .alignmentTab, .rowBreak:
                throw MathConversionError(
                    "\(end == .alignmentTab ? "&" : "\\\\") cannot be used in \(name)", at: endOffset)
            default:
                throw unexpected(end, at: endOffset)
            }
        }
    }

    private func build(_ parsedRows: [[MathNode]], rowTags: [String?], _ layout: EnvironmentLayout) -> MathNode {
        var rows = parsedRows
        var tags = rowTags
        // A `\\` after the last row does not start another.
        if rows.count > 1, rows[rows.count - 1] == [.row([])], tags[tags.count - 1] == nil {
            rows.removeLast()
            tags.removeLast()
        }
        if layout.pairsColumns {
            rows = rows.map { $0.enumerated().map { Self.keepingRelationSpacing($1, column: $0) } }
        }
        let table = MathNode.table(MathTable(
            rows: rows, alignments: layout.alignments, pairsColumns: layout.pairsColumns, isDisplay: layout.isDisplay,
            rowTags: tags))
        guard layout.open != nil || layout.close != nil else { return table }
        let stretchy = OperatorStyle(stretchy: true)
        let open = layout.open.map { MathNode.symbol($0, stretchy) }
        let close = layout.close.map { MathNode.symbol($0, stretchy) }
        return .row([open, table, close].compactMap { $0 })
    }

    /// In `a &= b` the `=` opens its cell, where MathML would give it a prefix operator's
    /// spacing; an empty row before it (after it, at the end of a right cell) keeps it a relation.
    private static func keepingRelationSpacing(_ cell: MathNode, column: Int) -> MathNode {
        guard case .row(var nodes) = cell, !nodes.isEmpty else { return cell }
        if column.isMultiple(of: 2) {
            if case .symbol = nodes[nodes.count - 1] { nodes.append(.row([])) }
        } else if case .symbol = nodes[0] {
            nodes.insert(.row([]), at: 0)
        }
        return .row(nodes)
    }

    private mutating func parseEnvironmentName(after command: String, at offset: Int)
        throws(MathConversionError) -> String
    {
        skipSpaces()
        guard current?.kind == .openBrace else {
            throw MathConversionError("\(command) must be followed by {name}", command: command, at: offset)
        }
        position += 1
        var name = ""
        while let token = current, case .character(let text) = token.kind {
            name += text
            position += 1
        }
        guard current?.kind == .closeBrace, !name.isEmpty else {
            throw MathConversionError("\(command) must be followed by {name}", command: command, at: offset)
        }
        position += 1
        return name
    }

    /// `{lcr}` after `\begin{array}`; rules (`|`) and other column types are refused.
    private mutating func parseColumnSpecification(at offset: Int)
        throws(MathConversionError) -> [MathTable.Alignment]
    {
        skipSpaces()
        guard current?.kind == .openBrace else {
            throw MathConversionError(
                "\\begin{array} needs its columns, e.g. {cc}", command: "\\begin{array}", at: offset)
        }
        position += 1
        var alignments: [MathTable.Alignment] = []
        while let token = current, token.kind != .closeBrace {
            position += 1
            switch token.kind {
            case .character("l"): alignments.append(.left)
            case .character("c"): alignments.append(.center)
            case .character("r"): alignments.append(.right)
            case .space: continue
            default:
                throw MathConversionError(
                    "the array column \(describe(token)) is not supported (only l, c and r are)",
                    command: "\\begin{array}", at: token.offset)
            }
        }
        guard current?.kind == .closeBrace, !alignments.isEmpty else {
            throw MathConversionError(
                "\\begin{array} needs its columns, e.g. {cc}", command: "\\begin{array}", at: offset)
        }
        position += 1
        return alignments
    }

    /// `\substack{a \\ b}`'s lines, whose `{` is next: a centred one-column table, as under a \sum.
    mutating func parseSubstack(at offset: Int) throws(MathConversionError) -> MathNode {
        skipSpaces()
        guard let open = current, open.kind == .openBrace else {
            throw MathConversionError("\\substack needs its lines in braces", command: "\\substack", at: offset)
        }
        position += 1
        var rows: [[MathNode]] = []
        while true {
            let (nodes, end, endOffset) = try parseRow()
            rows.append([.row(nodes)])
            switch end {
            case .rowBreak: continue
            case .closeBrace:
                return .table(MathTable(rows: rows, alignments: [], pairsColumns: false, isDisplay: false))
            case .endOfInput: throw MathConversionError("{ is not closed", at: open.offset)
            default: throw unexpected(end, at: endOffset)
            }
        }
    }

    /// The optional `[2pt]` after `\\`: extra space TeX would add between rows, left to the renderer.
    private mutating func skipRowSpacing() {
        var lookahead = position
        while lookahead < tokens.count, tokens[lookahead].kind == .space { lookahead += 1 }
        guard lookahead < tokens.count, tokens[lookahead].kind == .character("[") else { return }
        var end = lookahead
        while end < tokens.count, tokens[end].kind != .character("]") { end += 1 }
        if end < tokens.count { position = end + 1 }
    }
}
