// Writes the math tree as Office Math (OMML, ECMA-376 Part 1 §22.1), so a formula in the DOCX
// is Word's own equation, editable in Word and read by LibreOffice. Each MathNode case maps to
// one OMML object; what OMML has no object for (spacing, display style) is left to Word.

struct OMMLWriter {
    private(set) var output = ""
    /// The properties of the run that ends the output, and where the output then ended.
    private var lastRun: (properties: String, end: Int)?

    /// `<m:oMathPara>` around the formula for a block of its own, `<m:oMath>` in a line of text.
    static func document(_ formula: MathNode, display: MathDisplay) -> String {
        var writer = OMMLWriter()
        writer.output += "<m:oMath>"
        writer.write(formula, isDisplay: display == .block)
        writer.output += "</m:oMath>"
        return display == .block ? "<m:oMathPara>" + writer.output + "</m:oMathPara>" : writer.output
    }

    mutating func write(_ node: MathNode, isDisplay: Bool) {
        switch node {
        case .identifier(let text, let upright):
            // Word sets a lone letter in italics; a name such as "sin" or \mathrm's letters stay upright.
            run(text, properties: upright || text.count > 1 ? "<m:sty m:val=\"p\"/>" : "")
        case .number(let text):
            run(text)
        case .symbol(let text, _):
            run(text)
        case .text(let text, let style):
            run(text, properties: "<m:nor/>", wordProperties: style.flatMap { Self.wordProperties[$0] } ?? "")
        case .space(let width):
            if let spaces = Self.spaces(width) { run(spaces) }
        case .row(let nodes):
            writeRow(nodes, isDisplay: isDisplay)
        case .scripts(let base, let sub, let sup, let placement):
            writeScripts(base: base, sub: sub, sup: sup, placement: placement, operand: nil, isDisplay: isDisplay)
        case .fraction(let numerator, let denominator, let hasRule):
            output += "<m:f>"
            if !hasRule { output += "<m:fPr><m:type m:val=\"noBar\"/></m:fPr>" }
            argument("m:num", numerator, isDisplay: false)
            argument("m:den", denominator, isDisplay: false)
            output += "</m:f>"
        case .squareRoot(let radicand):
            output += "<m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/>"
            argument("m:e", radicand, isDisplay: isDisplay)
            output += "</m:rad>"
        case .root(let radicand, let index):
            output += "<m:rad>"
            argument("m:deg", index, isDisplay: false)
            argument("m:e", radicand, isDisplay: isDisplay)
            output += "</m:rad>"
        case .accent(let base, let mark, let isOver, let isAccent):
            writeAccent(base: base, mark: mark, isOver: isOver, isAccent: isAccent, isDisplay: isDisplay)
        case .table(let table):
            writeTable(table)
        case .style(let style, let content):
            write(content, isDisplay: style.isDisplay)
        case .tagged(let formula, let tag):
            write(formula, isDisplay: isDisplay)
            if let tag { run("\u{2003}\u{2003}" + tag, properties: "<m:nor/>") }
        }
    }

    /// A row; a big operator with limits takes what follows it, up to the next relation or
    /// binary operator, as its operand, and a row between stretchy fences is one delimiter object.
    private mutating func writeRow(_ nodes: [MathNode], isDisplay: Bool) {
        // \left( … \right), or a fence with one side left out (`cases`, `\right.`).
        let opens = nodes.first.flatMap(Self.fence)
        let closes = nodes.count > 1 ? nodes.last.flatMap(Self.fence) : nil
        let inner = nodes.dropFirst(opens == nil ? 0 : 1).dropLast(closes == nil ? 0 : 1)
        if opens != nil || closes != nil, opens != nil && closes != nil || !inner.contains(where: { Self.fence($0) != nil }) {
            return writeDelimiters(open: opens ?? "", close: closes ?? "", inner: Array(inner), isDisplay: isDisplay)
        }
        var index = 0
        while index < nodes.count {
            if case .scripts(let base, let sub, let sup, let placement) = nodes[index], Self.naryCharacter(base) != nil {
                var end = index + 1
                while end < nodes.count, !Self.endsOperand(nodes[end]) { end += 1 }
                let operand = Array(nodes[(index + 1)..<end])
                writeScripts(base: base, sub: sub, sup: sup, placement: placement, operand: operand, isDisplay: isDisplay)
                index = end
            } else {
                write(nodes[index], isDisplay: isDisplay)
                index += 1
            }
        }
    }

    private mutating func writeDelimiters(open: String, close: String, inner: [MathNode], isDisplay: Bool) {
        // `\middle|` splits the contents; OMML names one separator for the whole object.
        var parts: [[MathNode]] = [[]]
        var separator: String?
        for node in inner {
            if let text = Self.fence(node), separator == nil || separator == text {
                separator = text
                parts.append([])
            } else {
                parts[parts.count - 1].append(node)
            }
        }
        output += "<m:d><m:dPr>"
        output += "<m:begChr m:val=\"" + Self.escaped(open) + "\"/>"
        if let separator { output += "<m:sepChr m:val=\"" + Self.escaped(separator) + "\"/>" }
        output += "<m:endChr m:val=\"" + Self.escaped(close) + "\"/>"
        output += "</m:dPr>"
        for part in parts { argument("m:e", .row(part), isDisplay: isDisplay) }
        output += "</m:d>"
    }

    private mutating func writeScripts(
        base: MathNode, sub: MathNode?, sup: MathNode?, placement: ScriptPlacement, operand: [MathNode]?, isDisplay: Bool
    ) {
        let limits = placement == .limits || (placement == .limitsInDisplay && isDisplay)
        if let character = Self.naryCharacter(base) {
            output += "<m:nary><m:naryPr><m:chr m:val=\"" + Self.escaped(character) + "\"/>"
            output += "<m:limLoc m:val=\"" + (limits ? "undOvr" : "subSup") + "\"/>"
            if sub == nil { output += "<m:subHide m:val=\"1\"/>" }
            if sup == nil { output += "<m:supHide m:val=\"1\"/>" }
            output += "</m:naryPr>"
            argument("m:sub", sub ?? .row([]), isDisplay: false)
            argument("m:sup", sup ?? .row([]), isDisplay: false)
            argument("m:e", .row(operand ?? []), isDisplay: isDisplay)
            output += "</m:nary>"
            return
        }
        if limits {
            // Under, then over the whole: \lim_{x}, \overbrace{…}^{n}.
            var xml = Self.xml(base, isDisplay: isDisplay)
            if let sub { xml = "<m:limLow>" + Self.wrapped("m:e", xml) + Self.argumentXML("m:lim", sub, isDisplay: false) + "</m:limLow>" }
            if let sup { xml = "<m:limUpp>" + Self.wrapped("m:e", xml) + Self.argumentXML("m:lim", sup, isDisplay: false) + "</m:limUpp>" }
            output += xml
            return
        }
        switch (sub, sup) {
        case (let sub?, let sup?):
            output += "<m:sSubSup>"
            argument("m:e", base, isDisplay: isDisplay)
            argument("m:sub", sub, isDisplay: false)
            argument("m:sup", sup, isDisplay: false)
            output += "</m:sSubSup>"
        case (let sub?, nil):
            output += "<m:sSub>"
            argument("m:e", base, isDisplay: isDisplay)
            argument("m:sub", sub, isDisplay: false)
            output += "</m:sSub>"
        case (nil, let sup):
            output += "<m:sSup>"
            argument("m:e", base, isDisplay: isDisplay)
            argument("m:sup", sup ?? .row([]), isDisplay: false)
            output += "</m:sSup>"
        }
    }

    private mutating func writeAccent(base: MathNode, mark: MathNode, isOver: Bool, isAccent: Bool, isDisplay: Bool) {
        let name: String
        let properties: String
        switch mark {
        case .symbol("\u{203E}", _), .symbol("\u{0332}", _):  // \overline, \underline
            name = "m:bar"
            properties = "<m:barPr><m:pos m:val=\"" + (isOver ? "top" : "bot") + "\"/></m:barPr>"
        case .symbol(let character, _) where isAccent && isOver:
            name = "m:acc"
            properties = "<m:accPr><m:chr m:val=\"" + Self.escaped(Self.combining[character] ?? character) + "\"/></m:accPr>"
        case .symbol(let character, _):  // a brace
            name = "m:groupChr"
            properties = "<m:groupChrPr><m:chr m:val=\"" + Self.escaped(character) + "\"/>"
                + (isOver ? "<m:pos m:val=\"top\"/><m:vertJc m:val=\"bot\"/>" : "") + "</m:groupChrPr>"
        default:
            name = isOver ? "m:limUpp" : "m:limLow"
            output += "<\(name)>"
            argument("m:e", base, isDisplay: isDisplay)
            argument("m:lim", mark, isDisplay: false)
            output += "</\(name)>"
            return
        }
        output += "<\(name)>" + properties
        argument("m:e", base, isDisplay: isDisplay)
        output += "</\(name)>"
    }

    /// Word draws an accent from its combining mark; the MathML uses the spacing forms.
    private static let combining: [String: String] = [
        "ˆ": "\u{0302}", "ˇ": "\u{030C}", "˜": "\u{0303}", "¯": "\u{0304}", "→": "\u{20D7}", "←": "\u{20D6}",
        "↔": "\u{20E1}", "˙": "\u{0307}", "¨": "\u{0308}", "´": "\u{0301}", "`": "\u{0300}", "˘": "\u{0306}",
        "˚": "\u{030A}",
    ]

    private mutating func writeTable(_ table: MathTable) {
        let columns = table.rows.map(\.count).max() ?? 0
        let tagged = table.rowTags.contains { $0 != nil }
        output += "<m:m><m:mPr><m:mcs>"
        for column in 0..<(columns + (tagged ? 1 : 0)) {
            let alignment = column < columns ? table.alignment(ofColumn: column) : .right
            let justification = switch alignment {
            case .left: "left"
            case .right: "right"
            case .center: "center"
            }
            output += "<m:mc><m:mcPr><m:count m:val=\"1\"/><m:mcJc m:val=\"\(justification)\"/></m:mcPr></m:mc>"
        }
        output += "</m:mcs></m:mPr>"
        for (index, row) in table.rows.enumerated() {
            output += "<m:mr>"
            for column in 0..<columns {
                argument("m:e", column < row.count ? row[column] : .row([]), isDisplay: table.isDisplay)
            }
            if tagged {
                let tag = index < table.rowTags.count ? table.rowTags[index] : nil
                argument("m:e", tag.map { .text("\u{2003}" + $0, style: nil) } ?? .row([]), isDisplay: false)
            }
            output += "</m:mr>"
        }
        output += "</m:m>"
    }

    // MARK: - Pieces

    private mutating func argument(_ name: String, _ node: MathNode, isDisplay: Bool) {
        output += Self.argumentXML(name, node, isDisplay: isDisplay)
    }

    private static func argumentXML(_ name: String, _ node: MathNode, isDisplay: Bool) -> String {
        wrapped(name, xml(node, isDisplay: isDisplay))
    }

    private static func xml(_ node: MathNode, isDisplay: Bool) -> String {
        var inner = OMMLWriter()
        inner.write(node, isDisplay: isDisplay)
        return inner.output
    }

    private static func wrapped(_ name: String, _ content: String) -> String {
        content.isEmpty ? "<\(name)/>" : "<\(name)>" + content + "</\(name)>"
    }

    /// `<m:r>`: `properties` are `<m:rPr>`'s children (`<m:nor/>` for text, `<m:sty>` upright),
    /// `wordProperties` `<w:rPr>`'s (bold text). Text that follows a run of the same properties
    /// joins it, as Word writes `n(n+1)`.
    private mutating func run(_ text: String, properties: String = "", wordProperties: String = "") {
        let end = "</m:t></m:r>"
        let key = properties + wordProperties
        if let last = lastRun, last.properties == key, last.end == output.utf8.count {
            output.removeLast(end.count)
        } else {
            output += "<m:r>"
            if !properties.isEmpty { output += "<m:rPr>" + properties + "</m:rPr>" }
            if !wordProperties.isEmpty { output += "<w:rPr>" + wordProperties + "</w:rPr>" }
            output += "<m:t xml:space=\"preserve\">"
        }
        output += Self.escaped(text) + end
        lastRun = (key, output.utf8.count)
    }

    /// `\textbf` and its kind: the MathML's CSS as Word's run properties.
    private static let wordProperties: [String: String] = [
        "font-weight: bold": "<w:b/>", "font-style: italic": "<w:i/>",
        "font-family: monospace": "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\"/>",
        "font-family: sans-serif": "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\"/>",
    ]

    private static func escaped(_ text: String) -> String {
        XHTMLSerializer.escaped(text, inAttribute: true)
    }

    /// TeX's spaces as Unicode ones: a thin space for `\,`, an em space per em; none for `\!`.
    private static func spaces(_ width: String) -> String? {
        guard width.hasSuffix("em"), let ems = Double(width.dropLast(2)), ems > 0 else { return nil }
        if ems < 0.25 { return "\u{2009}" }
        if ems < 0.5 { return "\u{2005}" }
        if ems < 1 { return "\u{2002}" }
        return String(repeating: "\u{2003}", count: Int(ems.rounded()))
    }

    /// The character of a delimiter that stretches to its contents (not `\big`'s fixed sizes).
    private static func fence(_ node: MathNode) -> String? {
        guard case .symbol(let text, let style) = node, style.stretchy == true, style.size == nil else { return nil }
        return text
    }

    private static let naryOperators: Set<String> = [
        "∑", "∏", "∐", "∫", "∬", "∭", "∮", "∯", "∰", "⨌", "⋃", "⋂", "⋁", "⋀", "⨁", "⨂", "⨀", "⨄", "⨆",
    ]

    /// The operator Word draws as an n-ary object (`\sum`, `\int`, `\bigcup`…), if `base` is one.
    private static func naryCharacter(_ base: MathNode) -> String? {
        guard case .symbol(let text, _) = base, naryOperators.contains(text) else { return nil }
        return text
    }

    private static let operandEnds: Set<String> = [
        "=", "≠", "<", ">", "≤", "≥", "≈", "≡", "∼", "≃", "≅", "∝", "→", "←", "↔", "⇒", "⇐", "⇔", "↦",
        "+", "−", "-", "±", "∓", ",", ";", "∈", "∉", "⊂", "⊆", "⊃", "⊇",
    ]

    /// Whether `node` ends a big operator's operand: a relation, a sum's sign, a comma, another big operator.
    private static func endsOperand(_ node: MathNode) -> Bool {
        switch node {
        case .symbol(let text, _): operandEnds.contains(text) || naryOperators.contains(text)
        case .scripts(let base, _, _, _): naryCharacter(base) != nil
        default: false
        }
    }
}
