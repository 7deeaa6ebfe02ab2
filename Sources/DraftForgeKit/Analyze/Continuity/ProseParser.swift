// Turns a chapter body into `ProseBlock`s: first the line structure (fences, comments,
// headings, quotes, lists, tables, definitions), then inline syntax inside each block (code
// spans, raw HTML, links, images, footnote references, emphasis, entities, bare URLs), which
// is blanked in place. Then each block is tokenized and split into sentences.
import Foundation

struct ProseParser {
    private let lines: [[Unicode.Scalar]]
    private(set) var blocks: [ProseBlock] = []
    private(set) var comments: [Int: String] = [:]
    private(set) var footnoteReferences: [(label: String, block: Int, offset: Int)] = []
    private(set) var footnoteDefinitions: Set<String> = []

    // The block being collected
    private var current: ProseBlock?
    private var currentQuoteDepth = 0
    private var lastBlockWasList = false

    init(lines: [Substring]) {
        self.lines = lines.map { line in
            var scalars = Array(line.unicodeScalars)
            if scalars.last == "\r" { scalars[scalars.count - 1] = " " }
            return scalars
        }
    }

    // MARK: - Lines

    mutating func parse() {
        var fence: (character: Unicode.Scalar, count: Int)?
        var commentStart: Int?
        var commentText = ""
        var inTable = false
        let delimiterRows = lines.map(Self.isTableDelimiter)

        for (number, line) in lines.enumerated() {
            if let open = fence {
                let (_, rest) = Self.containerPrefix(line)
                let trimmed = Self.dropSpaces(line, from: rest, max: 3)
                if Self.run(of: open.character, in: line, at: trimmed) >= open.count,
                    line[(trimmed + Self.run(of: open.character, in: line, at: trimmed))...].allSatisfy(Self.isSpace)
                {
                    fence = nil
                }
                continue
            }
            if let start = commentStart {
                commentText += "\n" + String(String.UnicodeScalarView(line))
                if Self.find(["-", "-", ">"], in: line, from: 0) != nil {
                    _ = start
                    comments[number] = commentText
                    commentStart = nil
                }
                continue
            }

            let (depth, afterQuote) = Self.containerPrefix(line)
            var content = Self.dropSpaces(line, from: afterQuote, max: 3)
            let blank = line[afterQuote...].allSatisfy(Self.isSpace)
            if blank {
                close()
                inTable = false
                continue
            }
            if depth != currentQuoteDepth { close() }
            currentQuoteDepth = depth

            // Indented code: four spaces after a blank line, outside a list.
            if current == nil, !lastBlockWasList, depth == 0,
                line.prefix(4).allSatisfy({ $0 == " " }) || line.first == "\t"
            {
                continue
            }
            let first = content < line.count ? line[content] : " "
            // Fenced code
            if first == "`" || first == "~" {
                let count = Self.run(of: first, in: line, at: content)
                if count >= 3, !(first == "`" && line[(content + count)...].contains("`")) {
                    close()
                    fence = (first, count)
                    continue
                }
            }
            // HTML comment standing on its own line (waivers live here)
            if Self.matches(["<", "!", "-", "-"], in: line, at: content) {
                close()
                if Self.find(["-", "-", ">"], in: line, from: content + 4) != nil {
                    comments[number] = String(String.UnicodeScalarView(line[content...]))
                } else {
                    commentStart = number
                    commentText = String(String.UnicodeScalarView(line[content...]))
                }
                continue
            }
            // ATX heading
            if first == "#" {
                let hashes = Self.run(of: "#", in: line, at: content)
                if hashes <= 6, content + hashes == line.count || Self.isSpace(line[content + hashes]) {
                    close()
                    var masked = line
                    for i in 0..<(content + hashes) { masked[i] = " " }
                    // closing #s
                    var end = masked.count
                    while end > content + hashes, Self.isSpace(masked[end - 1]) { end -= 1 }
                    var hashStart = end
                    while hashStart > content + hashes, masked[hashStart - 1] == "#" { hashStart -= 1 }
                    if hashStart < end, hashStart > 0, Self.isSpace(masked[hashStart - 1]) {
                        for i in hashStart..<end { masked[i] = " " }
                    }
                    start(.heading, line: number)
                    append(masked)
                    close()
                    lastBlockWasList = false
                    continue
                }
            }
            // Thematic breaks and setext underlines
            if Self.isThematicBreak(line, from: content) {
                if line[content] == "-" || line[content] == "=", current?.kind == .paragraph,
                    line[content...].allSatisfy({ $0 == line[content] || Self.isSpace($0) })
                {
                    current?.kind = .heading
                }
                close()
                lastBlockWasList = false
                continue
            }
            // Table rows: each row is a block; cells are separated by barriers.
            if delimiterRows[number] {
                close()
                inTable = true
                continue
            }
            let nextIsDelimiter = number + 1 < lines.count && delimiterRows[number + 1]
            if (inTable || nextIsDelimiter), line.contains("|") {
                close()
                var masked = line
                for i in 0..<masked.count where masked[i] == "|" { masked[i] = ProseText.barrier }
                for i in 0..<content { masked[i] = " " }
                start(.tableRow, line: number)
                append(masked)
                close()
                continue
            }
            inTable = false
            // Definitions: [label]: url (blanked) and [^label]: note (a block of its own)
            if first == "[", let closeBracket = line[content...].firstIndex(of: "]"),
                closeBracket + 1 < line.count, line[closeBracket + 1] == ":"
            {
                let label = String(String.UnicodeScalarView(line[(content + 1)..<closeBracket]))
                close()
                if label.hasPrefix("^") {
                    footnoteDefinitions.insert(String(label.dropFirst()))
                    var masked = line
                    for i in 0...(closeBracket + 1) { masked[i] = " " }
                    start(.paragraph, line: number)
                    append(masked)
                }
                continue
            }
            // List items
            var masked = line
            for i in 0..<content { masked[i] = " " }
            if let markerEnd = Self.listMarkerEnd(line, at: content) {
                close()
                for i in content..<markerEnd { masked[i] = " " }
                content = markerEnd
                // task list box
                if content + 3 <= line.count, line[content] == "[", line[content + 2] == "]",
                    [" ", "x", "X"].contains(line[content + 1])
                {
                    for i in content..<(content + 3) { masked[i] = " " }
                }
                start(.listItem, line: number)
                append(masked)
                lastBlockWasList = true
                continue
            }
            if current == nil {
                start(depth > 0 ? .quote : .paragraph, line: number)
            }
            append(masked)
        }
        close()
        if commentStart != nil { comments[lines.count - 1] = commentText }
    }

    private mutating func start(_ kind: ProseBlock.Kind, line: Int) {
        current = ProseBlock(kind: kind, firstLine: line, text: [], lineStarts: [])
        if kind != .listItem { lastBlockWasList = false }
    }

    private mutating func append(_ masked: [Unicode.Scalar]) {
        guard var block = current else { return }
        current = nil  // keeps the arrays uniquely referenced while they grow
        if !block.lineStarts.isEmpty {
            block.text.append("\n")
        }
        block.lineStarts.append(block.text.count)
        block.text += masked
        current = block
    }

    private mutating func close() {
        guard var block = current else { return }
        current = nil
        let index = blocks.count
        ProseText.blankInline(&block.text) { label, offset in
            footnoteReferences.append((label, index, offset))
        }
        ProseText.tokenize(&block)
        blocks.append(block)
    }

    // MARK: - Line helpers

    /// Block-quote markers at the start of a line: their depth and where the content starts.
    static func containerPrefix(_ line: [Unicode.Scalar]) -> (depth: Int, content: Int) {
        var depth = 0
        var index = 0
        while true {
            let afterSpaces = dropSpaces(line, from: index, max: 3)
            guard afterSpaces < line.count, line[afterSpaces] == ">" else { break }
            depth += 1
            index = afterSpaces + 1
            if index < line.count, line[index] == " " { index += 1 }
        }
        return (depth, index)
    }

    static func dropSpaces(_ line: [Unicode.Scalar], from start: Int, max: Int) -> Int {
        var index = start
        while index < line.count, index - start < max, line[index] == " " { index += 1 }
        return index
    }

    static func run(of character: Unicode.Scalar, in line: [Unicode.Scalar], at start: Int) -> Int {
        var index = start
        while index < line.count, line[index] == character { index += 1 }
        return index - start
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r"
    }

    static func matches(_ pattern: [Unicode.Scalar], in line: [Unicode.Scalar], at start: Int) -> Bool {
        guard start + pattern.count <= line.count else { return false }
        for (offset, scalar) in pattern.enumerated() where line[start + offset] != scalar { return false }
        return true
    }

    static func find(_ pattern: [Unicode.Scalar], in line: [Unicode.Scalar], from start: Int) -> Int? {
        guard pattern.count <= line.count else { return nil }
        var index = start
        while index + pattern.count <= line.count {
            if matches(pattern, in: line, at: index) { return index }
            index += 1
        }
        return nil
    }

    static func isThematicBreak(_ line: [Unicode.Scalar], from start: Int) -> Bool {
        guard start < line.count else { return false }
        let marker = line[start]
        guard marker == "*" || marker == "-" || marker == "_" || marker == "=" else { return false }
        var count = 0
        for scalar in line[start...] {
            if scalar == marker { count += 1 } else if !isSpace(scalar) { return false }
        }
        return marker == "=" ? count >= 1 : count >= 3
    }

    static func isTableDelimiter(_ line: [Unicode.Scalar]) -> Bool {
        guard line.contains("-"), line.contains("|") || line.contains(":") else { return false }
        let (_, start) = containerPrefix(line)
        let content = line[start...].filter { !isSpace($0) }
        guard content.contains("-"), content.contains("|") || content.first == ":" else { return false }
        return content.allSatisfy { $0 == "|" || $0 == "-" || $0 == ":" }
    }

    /// The end of a list marker (`- `, `* `, `+ `, `1. `, `1) `) at `start`, if there is one.
    static func listMarkerEnd(_ line: [Unicode.Scalar], at start: Int) -> Int? {
        guard start < line.count else { return nil }
        let first = line[start]
        if first == "-" || first == "*" || first == "+" {
            if start + 1 == line.count { return start + 1 }
            return isSpace(line[start + 1]) ? start + 2 : nil
        }
        var index = start
        while index < line.count, index - start < 9, ("0"..."9").contains(line[index]) { index += 1 }
        guard index > start, index < line.count, line[index] == "." || line[index] == ")" else { return nil }
        index += 1
        if index == line.count { return index }
        return isSpace(line[index]) ? index + 1 : nil
    }
}

/// Inline blanking and tokenizing, shared by the parser and the rules.
enum ProseText {
    /// Separates table cells: ends words and sentences, like punctuation.
    static let barrier: Unicode.Scalar = "\u{1}"

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\n", "\t", "\r", "\u{A0}", "\u{2060}", "\u{200B}", "\u{FEFF}", "\u{202F}", "\u{2009}", "\u{200A}":
            return true
        default:
            return false
        }
    }

    private static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value < 0x7F && !isWordScalar(scalar)
    }

    /// Blanks code spans, raw HTML and comments, autolinks and bare URLs, link targets, images,
    /// footnote references (reported through `footnote`), emphasis markers, escapes and entities.
    static func blankInline(_ text: inout [Unicode.Scalar], footnote: (String, Int) -> Void) {
        var i = 0
        let count = text.count
        // Each `[`'s matching `]`, found once: scanning ahead from every bracket was quadratic
        // (20 s for 30,000 nested brackets).
        var closeOf: [Int]?
        func close(of bracket: Int) -> Int {
            if closeOf == nil { closeOf = matchingBrackets(text) }
            return closeOf![bracket]
        }
        func blank(_ range: Range<Int>) {
            for k in range where text[k] != "\n" { text[k] = " " }
        }
        while i < count {
            let c = text[i]
            switch c {
            case "\\":
                if i + 1 < count, isASCIIPunctuation(text[i + 1]) {
                    text[i] = " "
                    i += 2
                } else { i += 1 }
            case "`":
                var n = 0
                while i + n < count, text[i + n] == "`" { n += 1 }
                var j = i + n
                var closed: Int?
                while j < count {
                    if text[j] == "`" {
                        var m = 0
                        while j + m < count, text[j + m] == "`" { m += 1 }
                        if m == n { closed = j + m; break }
                        j += m
                    } else { j += 1 }
                }
                if let closed {
                    blank(i..<closed)
                    i = closed
                } else { i += n }
            case "<":
                if let end = htmlEnd(text, at: i) {
                    blank(i..<end)
                    i = end
                } else { i += 1 }
            case "!" where i + 1 < count && text[i + 1] == "[":
                if let end = linkEnd(text, openBracket: i + 1, knownClose: close(of: i + 1)) {
                    blank(i..<end.end)
                    i = end.end
                } else { i += 1 }
            case "[":
                if i + 1 < count, text[i + 1] == "^", let close = text[(i + 2)...].firstIndex(where: { $0 == "]" || $0 == "\n" || $0 == " " }), text[close] == "]", close > i + 2 {
                    footnote(String(String.UnicodeScalarView(text[(i + 2)..<close])), i)
                    blank(i..<(close + 1))
                    i = close + 1
                } else if let end = linkEnd(text, openBracket: i, knownClose: close(of: i)) {
                    text[i] = " "
                    blank(end.closeBracket..<end.end)
                    i += 1
                } else { i += 1 }
            case "*", "~":
                text[i] = " "
                i += 1
            case "_":
                // emphasis, not an intraword underscore
                let before = i > 0 ? text[i - 1] : " "
                let after = i + 1 < count ? text[i + 1] : " "
                if !(isWordScalar(before) && isWordScalar(after)) { text[i] = " " }
                i += 1
            case "&":
                var j = i + 1
                while j < count, j - i < 32, isWordScalar(text[j]) || text[j] == "#" { j += 1 }
                if j < count, j > i + 1, text[j] == ";" {
                    blank(i..<(j + 1))
                    i = j + 1
                } else { i += 1 }
            case "h", "w":
                let wordStart = i == 0 || !isWordScalar(text[i - 1])
                if wordStart, startsURL(text, at: i) {
                    var j = i
                    while j < count, !isBlank(text[j]), text[j] != "<" { j += 1 }
                    // keep the sentence's closing punctuation
                    while j > i, [".", ",", ";", ":", ")", "!", "?"].contains(text[j - 1]) { j -= 1 }
                    blank(i..<j)
                    i = j
                } else { i += 1 }
            default:
                i += 1
            }
        }
    }

    private static let urlPrefixes: [[Unicode.Scalar]] = ["https://", "http://", "www."].map { Array($0.unicodeScalars) }

    private static func startsURL(_ text: [Unicode.Scalar], at i: Int) -> Bool {
        urlPrefixes.contains { ProseParser.matches($0, in: text, at: i) }
    }

    /// A String from scalars, without per-scalar appends when they are ASCII.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        if scalars.allSatisfy({ $0.value < 0x80 }) {
            return String(unsafeUninitializedCapacity: scalars.count) { buffer in
                var index = 0
                for scalar in scalars {
                    buffer[index] = UInt8(truncatingIfNeeded: scalar.value)
                    index += 1
                }
                return index
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The end of raw HTML at `i`: a comment, a tag, or an autolink.
    private static func htmlEnd(_ text: [Unicode.Scalar], at i: Int) -> Int? {
        let count = text.count
        if ProseParser.matches(["<", "!", "-", "-"], in: text, at: i) {
            if let end = ProseParser.find(["-", "-", ">"], in: text, from: i + 4) { return end + 3 }
            return count
        }
        guard i + 1 < count else { return nil }
        let next = text[i + 1]
        guard next == "/" || next == "!" || next == "?" || (next.isASCII && next.properties.isAlphabetic) else { return nil }
        var j = i + 1
        var quote: Unicode.Scalar?
        while j < count {
            let c = text[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                // quotes only matter inside a tag's attributes
                if j > i + 1, text[j - 1] == "=" { quote = c }
            } else if c == ">" {
                return j + 1
            } else if c == "<" {
                return nil
            }
            j += 1
        }
        return nil
    }

    /// For `[text](target)` or `[text][ref]` opening at `openBracket`: where the text's `]`
    /// is and where the whole link ends.
    /// For each `[`, the index of its `]` (-1 when unmatched), in one pass with a stack.
    static func matchingBrackets(_ text: [Unicode.Scalar]) -> [Int] {
        var closeOf = [Int](repeating: -1, count: text.count)
        var open: [Int] = []
        var j = 0
        while j < text.count {
            switch text[j] {
            case "\\": j += 1
            case "[": open.append(j)
            case "]": if let start = open.popLast() { closeOf[start] = j }
            default: break
            }
            j += 1
        }
        return closeOf
    }

    /// `knownClose` is the bracket's match from `matchingBrackets`, used while it still stands.
    private static func linkEnd(
        _ text: [Unicode.Scalar], openBracket: Int, knownClose: Int? = nil
    ) -> (closeBracket: Int, end: Int)? {
        let count = text.count
        var depth = 0
        var j = openBracket
        var close: Int?
        if let knownClose {
            // Unmatched then, unmatched now: blanking only ever removes brackets.
            if knownClose < 0 { return nil }
            if text[knownClose] == "]" { close = knownClose; j = count }
        }
        while j < count {
            let c = text[j]
            if c == "\\" { j += 2; continue }
            if c == "[" { depth += 1 }
            if c == "]" {
                depth -= 1
                if depth == 0 { close = j; break }
            }
            j += 1
        }
        guard let close, close + 1 < count else { return nil }
        if text[close + 1] == "(" {
            var parens = 0
            var k = close + 1
            while k < count {
                if text[k] == "(" { parens += 1 }
                if text[k] == ")" {
                    parens -= 1
                    if parens == 0 { return (close, k + 1) }
                }
                k += 1
            }
            return nil
        }
        if text[close + 1] == "[" {
            guard let end = text[(close + 1)...].firstIndex(of: "]") else { return nil }
            return (close, end + 1)
        }
        return nil
    }

    // MARK: - Tokens and sentences

    static let abbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Dr", "St", "Messrs", "Mme", "Mlle", "Capt", "Col", "Gen", "Lt", "Rev", "Prof",
        "Sr", "Jr", "No", "Esq", "vol", "p", "pp", "ch", "viz", "cf", "etc", "vs", "e.g", "i.e", "Hon", "Sgt",
    ]

    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "’" || scalar == "'" || scalar == "-" || scalar == "\u{2010}" || scalar == "\u{2011}"
    }

    static func isOpeningQuote(_ text: [Unicode.Scalar], at i: Int) -> Bool {
        let c = text[i]
        if c == "“" || c == "‘" || c == "«" { return true }
        if c == "\"" || c == "'" {
            let before = i > 0 ? text[i - 1] : " "
            let after = i + 1 < text.count ? text[i + 1] : " "
            return !isWordScalar(before) && !isBlank(after) && before != "." && before != ","
        }
        return false
    }

    static func isClosingMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "”", "’", "\"", "'", ")", "]", "»", "*", "_": return true
        default: return false
        }
    }

    static func isTerminal(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?" || scalar == "…"
    }

    /// Fills `tokens` and `sentences`.
    static func tokenize(_ block: inout ProseBlock) {
        let text = block.text
        var tokens: [ProseToken] = []
        tokens.reserveCapacity(text.count / 5)
        var i = 0
        let count = text.count
        while i < count {
            let c = text[i]
            if isBlank(c) {
                i += 1
                continue
            }
            if isWordScalar(c) {
                var j = i + 1
                while j < count {
                    if isWordScalar(text[j]) {
                        j += 1
                    } else if isJoiner(text[j]), j + 1 < count, isWordScalar(text[j + 1]) {
                        j += 2
                    } else { break }
                }
                var token = ProseToken(kind: .word, start: i, end: j, text: string(text[i..<j]))
                if j - i > 2, text[j - 1] == "s", text[j - 2] == "’" || text[j - 2] == "'" { token.isPossessive = true }
                tokens.append(token)
                i = j
            } else {
                tokens.append(ProseToken(kind: .punctuation, start: i, end: i + 1, text: String(c)))
                i += 1
            }
        }

        // Sentences: end at . ! ? … (and closing marks after them) when the next word is
        // capitalized or opens a quotation; a barrier always ends one.
        var sentences: [Range<Int>] = []
        var sentenceStart = 0
        var k = 0
        while k < tokens.count {
            let token = tokens[k]
            var ends = false
            var last = k
            if token.kind == .punctuation {
                let c = text[token.start]
                if c == barrier {
                    ends = true
                } else if isTerminal(c) {
                    while last + 1 < tokens.count, tokens[last + 1].kind == .punctuation,
                        isTerminal(text[tokens[last + 1].start]) || isClosingMark(text[tokens[last + 1].start])
                    {
                        last += 1
                    }
                    let previousWord = k > 0 && tokens[k - 1].isWord && tokens[k - 1].end == token.start ? tokens[k - 1].text : nil
                    let isAbbreviation = c == "." && previousWord.map {
                        abbreviations.contains($0) || ($0.count == 1 && $0 != "I" && $0.unicodeScalars.first?.properties.isUppercase == true)
                    } ?? false
                    if !isAbbreviation {
                        if last + 1 >= tokens.count {
                            ends = true
                        } else {
                            let next = tokens[last + 1]
                            ends = next.isWord ? next.isCapitalized || next.text.unicodeScalars.first?.properties.isAlphabetic == false
                                : isOpeningQuote(text, at: next.start) || text[next.start] == "—" || text[next.start] == barrier
                        }
                    }
                }
            }
            if ends {
                if last + 1 > sentenceStart { sentences.append(sentenceStart..<(last + 1)) }
                sentenceStart = last + 1
                k = last + 1
            } else {
                k += 1
            }
        }
        if sentenceStart < tokens.count { sentences.append(sentenceStart..<tokens.count) }

        for sentence in sentences {
            if let first = sentence.first(where: { tokens[$0].isWord }) { tokens[first].isSentenceInitial = true }
        }
        for index in tokens.indices where tokens[index].kind == .punctuation && isOpeningQuote(text, at: tokens[index].start) {
            if index + 1 < tokens.count, tokens[index + 1].isWord { tokens[index + 1].isSentenceInitial = true }
        }
        block.tokens = tokens
        block.sentences = sentences
    }
}
