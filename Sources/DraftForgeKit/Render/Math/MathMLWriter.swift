// Writes the math tree as MathML Core: no whitespace between elements, text escaped for XML,
// and the one choice left to output time, where limits go, made from the display style.

struct MathMLWriter {
    private(set) var output = ""
    /// In a block, tags sit at the right edge of the `<math>` box; inline, they follow the formula.
    private var tagsAtRightEdge = false

    /// The whole `<math>` element: the formula, with its TeX as alttext and as an annotation.
    static func document(_ formula: MathNode, tex: String, display: MathDisplay) -> String {
        let isBlock = display == .block
        var writer = MathMLWriter(tagsAtRightEdge: isBlock)
        writer.output += #"<math xmlns="http://www.w3.org/1998/Math/MathML""#
        if isBlock { writer.output += #" display="block""# }
        if isBlock, case .tagged = formula { writer.output += #" style="position: relative""# }
        writer.output += #" alttext=""# + escaped(tex, inAttribute: true) + #""><semantics>"#
        writer.write(formula, isDisplay: isBlock)
        writer.output += #"<annotation encoding="application/x-tex">"# + escaped(tex, inAttribute: false)
        writer.output += "</annotation></semantics></math>"
        return writer.output
    }

    /// `isDisplay` is TeX's display style: limits go under and over, and fractions stay large.
    mutating func write(_ node: MathNode, isDisplay: Bool) {
        switch node {
        case .identifier(let text, let upright):
            open("mi", upright && text.count == 1 ? [("mathvariant", "normal")] : [])
            output += Self.escaped(text, inAttribute: false)
            output += "</mi>"
        case .number(let text):
            element("mn", text: text)
        case .symbol(let text, let style):
            writeOperator(text, style)
        case .text(let text, let style):
            open("mtext", style.map { [("style", $0)] } ?? [])
            output += Self.escaped(text, inAttribute: false)
            output += "</mtext>"
        case .space(let width):
            output += #"<mspace width=""# + width + #""/>"#
        case .row(let nodes):
            if nodes.count == 1 {
                write(nodes[0], isDisplay: isDisplay)
            } else {
                output += "<mrow>"
                writeChildren(nodes, isDisplay: isDisplay)
                output += "</mrow>"
            }
        case .scripts(let base, let sub, let sup, let placement):
            writeScripts(base: base, sub: sub, sup: sup, placement: placement, isDisplay: isDisplay)
        case .fraction(let numerator, let denominator, let hasRule):
            open("mfrac", hasRule ? [] : [("linethickness", "0")])
            write(numerator, isDisplay: false)
            write(denominator, isDisplay: false)
            output += "</mfrac>"
        case .squareRoot(let radicand):
            output += "<msqrt>"
            writeChildren(radicand, isDisplay: isDisplay)
            output += "</msqrt>"
        case .root(let radicand, let index):
            output += "<mroot>"
            write(radicand, isDisplay: isDisplay)
            write(index, isDisplay: false)
            output += "</mroot>"
        case .accent(let base, let mark, let isOver, let isAccent):
            let name = isOver ? "mover" : "munder"
            open(name, isAccent ? [(isOver ? "accent" : "accentunder", "true")] : [])
            write(base, isDisplay: isDisplay)
            write(mark, isDisplay: false)
            output += "</\(name)>"
        case .table(let table):
            writeTable(table)
        case .style(let style, let content):
            open("mstyle", [("displaystyle", String(style.isDisplay)), ("scriptlevel", String(style.scriptLevel))])
            writeChildren(content, isDisplay: style.isDisplay)
            output += "</mstyle>"
        case .tagged(let formula, let tag):
            guard let tag else { return write(formula, isDisplay: isDisplay) }
            output += "<mrow>"
            write(formula, isDisplay: isDisplay)
            if !tagsAtRightEdge { output += #"<mspace width="1em"/>"# }
            writeTag(tag)
            output += "</mrow>"
        }
    }

    /// A row's nodes without an `<mrow>` of their own, for elements that hold a row already.
    private mutating func writeChildren(_ node: MathNode, isDisplay: Bool) {
        guard case .row(let nodes) = node else { return write(node, isDisplay: isDisplay) }
        writeChildren(nodes, isDisplay: isDisplay)
    }

    private mutating func writeChildren(_ nodes: [MathNode], isDisplay: Bool) {
        for node in nodes { write(node, isDisplay: isDisplay) }
    }

    private mutating func writeOperator(_ text: String, _ style: OperatorStyle, movableLimits: Bool? = nil) {
        var attributes: [(String, String)] = []
        if let stretchy = style.stretchy { attributes.append(("stretchy", String(stretchy))) }
        if let size = style.size { attributes += [("minsize", size), ("maxsize", size)] }
        if style.isUnspaced { attributes += [("lspace", "0em"), ("rspace", "0em")] }
        if let movableLimits { attributes.append(("movablelimits", String(movableLimits))) }
        open("mo", attributes)
        output += Self.escaped(text, inAttribute: false)
        output += "</mo>"
    }

    private mutating func writeScripts(
        base: MathNode, sub: MathNode?, sup: MathNode?, placement: ScriptPlacement, isDisplay: Bool
    ) {
        let limits = placement == .limits || (placement == .limitsInDisplay && isDisplay)
        let name = switch (sub != nil, sup != nil, limits) {
        case (true, true, false): "msubsup"
        case (true, false, false): "msub"
        case (_, _, false): "msup"
        case (true, true, true): "munderover"
        case (true, false, true): "munder"
        case (_, _, true): "mover"
        }
        output += "<\(name)>"
        // An operator such as ∑ moves its limits beside itself outside display style unless told not to.
        if limits, !isDisplay, case .symbol(let text, let style) = base {
            writeOperator(text, style, movableLimits: false)
        } else {
            write(base, isDisplay: isDisplay)
        }
        if let sub { write(sub, isDisplay: false) }
        if let sup { write(sup, isDisplay: false) }
        output += "</\(name)>"
    }

    private mutating func writeTable(_ table: MathTable) {
        open("mtable", table.isDisplay ? [("displaystyle", "true")] : [])
        for (index, row) in table.rows.enumerated() {
            output += "<mtr>"
            for (column, cell) in row.enumerated() {
                var style: [String] = []
                switch table.alignment(ofColumn: column) {
                case .left: style.append("text-align: left")
                case .right: style.append("text-align: right")
                case .center: break
                }
                // Inside an aligned pair the two cells touch, as the relation's own space separates them.
                if table.pairsColumns {
                    style.append(column.isMultiple(of: 2) ? "padding-right: 0" : "padding-left: 0")
                }
                open("mtd", style.isEmpty ? [] : [("style", style.joined(separator: "; "))])
                writeChildren(cell, isDisplay: table.isDisplay)
                output += "</mtd>"
            }
            // A row's tag is a last cell: positioned out of the flow, it lands half a row low.
            if index < table.rowTags.count, let tag = table.rowTags[index] {
                output += #"<mtd style="padding-left: 2em">"#
                element("mtext", text: tag)
                output += "</mtd>"
            }
            output += "</mtr>"
        }
        output += "</mtable>"
    }

    /// A formula's tag: in a block, taken out of the flow and set at the right edge of the `<math>`
    /// box, which document() makes its containing block (a table's width is ignored inside `<math>`).
    private mutating func writeTag(_ tag: String) {
        open("mtext", tagsAtRightEdge ? [("style", "position: absolute; right: 0")] : [])
        output += Self.escaped(tag, inAttribute: false) + "</mtext>"
    }

    private mutating func open(_ name: String, _ attributes: [(String, String)]) {
        output += "<" + name
        for (attribute, value) in attributes {
            output += " " + attribute + #"=""# + Self.escaped(value, inAttribute: true) + #"""#
        }
        output += ">"
    }

    private mutating func element(_ name: String, text: String) {
        output += "<\(name)>" + Self.escaped(text, inAttribute: false) + "</\(name)>"
    }

    /// Text for XML, with the invisible characters (no-break and thin spaces, function
    /// application, combining marks) written as references, so the markup shows them.
    static func escaped(_ text: String, inAttribute: Bool) -> String {
        let xml = XHTMLSerializer.escaped(text, inAttribute: inAttribute)
        guard xml.unicodeScalars.contains(where: isInvisible) else { return xml }
        return xml.unicodeScalars.map { scalar in
            isInvisible(scalar) ? "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";" : String(scalar)
        }.joined()
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xA0, 0x300...0x36F, 0x2009, 0x200B, 0x20D0...0x20FF, 0x2061...0x2063: true
        default: false
        }
    }
}
