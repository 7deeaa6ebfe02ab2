// Prose as the stats and the continuity checks read it: text blocks taken from the parsed
// document, each scalar tied to where the author wrote it, and the one definition of a word.
// The rules for counting (the user guide's "Writing statistics" chapter):
// - a word is a run of letters, marks and digits of any script, which may hold single inner
//   apostrophes (U+0027, U+2019) and hyphens (U+002D, U+2010, U+2011); every other character,
//   U+00A0 and U+2060 included, separates words; each CJK ideograph is a word of its own;
// - prose is the text of headings, paragraphs, lists, tables, block quotes, footnotes and raw
//   HTML blocks. Code (blocks and inline), footnote markers, autolinks (a link whose text is its
//   own address), images and tags are not prose; link targets and front matter never reach it.
import Foundation

/// A word or a punctuation mark of a block, by its offsets in the block's text: its text is
/// read from the block (`ProseBlock.text(of:)`) only by the rules that need it.
struct ProseToken {
    enum Kind { case word, punctuation }
    // Offsets in 30 bits, the kind and flags in the top bits of the two: 8 bytes a token, on
    // every word of the book (a block is far shorter than 2³⁰ scalars).
    private var packedStart: UInt32
    private var packedEnd: UInt32
    private static let offsetBits: UInt32 = (1 << 30) - 1
    private static let punctuationBit: UInt32 = 1 << 31
    private static let sentenceInitialBit: UInt32 = 1 << 30
    private static let possessiveBit: UInt32 = 1 << 31
    private static let capitalizedBit: UInt32 = 1 << 30

    init(start: Int, end: Int, kind: Kind) {
        packedStart = Self.offset(start) | (kind == .punctuation ? Self.punctuationBit : 0)
        packedEnd = Self.offset(end)
    }

    private static func offset(_ value: Int) -> UInt32 {
        precondition(value >= 0 && value <= Int(offsetBits), "a prose block of more than 2^30 scalars")
        return UInt32(value)
    }

    /// Where the token starts and ends in its block's text, in scalars.
    var start: Int { Int(packedStart & Self.offsetBits) }
    var end: Int { Int(packedEnd & Self.offsetBits) }
    var kind: Kind { packedStart & Self.punctuationBit == 0 ? .word : .punctuation }
    /// First word of a sentence, or first word after an opening quotation mark.
    var isSentenceInitial: Bool {
        get { packedStart & Self.sentenceInitialBit != 0 }
        set { packedStart = newValue ? packedStart | Self.sentenceInitialBit : packedStart & ~Self.sentenceInitialBit }
    }
    /// The word ends in a possessive `’s` / `'s`.
    var isPossessive: Bool {
        get { packedEnd & Self.possessiveBit != 0 }
        set { packedEnd = newValue ? packedEnd | Self.possessiveBit : packedEnd & ~Self.possessiveBit }
    }
    /// The word starts with an uppercase letter.
    var isCapitalized: Bool {
        get { packedEnd & Self.capitalizedBit != 0 }
        set { packedEnd = newValue ? packedEnd | Self.capitalizedBit : packedEnd & ~Self.capitalizedBit }
    }

    var isWord: Bool { kind == .word }
    var length: Int { end - start }
    /// The end of the word without a possessive `’s` / `'s`.
    var baseEnd: Int { isPossessive ? end - 2 : end }
}

/// Where each line of a chapter body starts, in Unicode scalars of the whole body.
struct SourceLines: Sendable {
    /// One entry per line, and one more: the body's length plus one.
    var starts: [Int]

    init(starts: [Int]) { self.starts = starts }

    var count: Int { starts.count - 1 }

    /// The 0-based line and 1-based column of a body offset.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low, offset - starts[low] + 1)
    }

    /// The body offset just past the last scalar of a 0-based line.
    func end(ofLine line: Int) -> Int { starts[min(line + 1, count)] - 1 }
}

/// A paragraph, heading, list item, quoted paragraph, table row or raw HTML block, tokenized
/// when made and never changed after. A class: every rule walks every block, and copying a
/// struct of six buffers out of the array retained each of them, on every block for every rule.
final class ProseBlock: Sendable {
    enum Kind { case paragraph, heading, quote, listItem, tableRow, html }
    let kind: Kind
    /// The text a reader sees, line breaks as "\n", table cells ended by `ProseText.barrier`,
    /// and what is not prose (code, images, footnote markers) as one `ProseText.skipped`.
    let text: [Unicode.Scalar]
    /// For each scalar of `text`, the body offset (in scalars) where it is written.
    let sources: SourceOffsets
    /// The offsets of `text` whose source is not one scalar wide: an escape, an entity, a dash
    /// or an ellipsis made by smart punctuation (wider), or what the parser added (zero).
    let sourceWidths: [Int: Int]
    /// Shared by the chapter's blocks.
    let lines: SourceLines
    /// A `<p>` of the rendered book, for the stats' paragraph count.
    let isParagraph: Bool
    let tokens: [ProseToken]
    /// Token index ranges, one per sentence.
    let sentences: [Range<Int>]

    init(kind: Kind, text: [Unicode.Scalar], sources: SourceOffsets, sourceWidths: [Int: Int], lines: SourceLines, isParagraph: Bool) {
        self.kind = kind
        self.text = text
        self.sources = sources
        self.sourceWidths = sourceWidths
        self.lines = lines
        self.isParagraph = isParagraph
        (tokens, sentences) = ProseText.tokenize(text)
    }

    /// 0-based body line where the block starts.
    var firstLine: Int { sources.first.map { lines.position(of: Int($0)).line } ?? 0 }

    /// 0-based body line and 1-based column of an offset.
    func position(of offset: Int) -> (line: Int, column: Int) {
        guard !sources.isEmpty else { return (0, 1) }
        return lines.position(of: Int(sources[min(max(0, offset), sources.count - 1)]))
    }

    /// The body offsets written for `range` of the text.
    func sourceRange(of range: Range<Int>) -> Range<Int> {
        guard !sources.isEmpty, !range.isEmpty else { return 0..<0 }
        let first = Int(sources[max(0, range.lowerBound)])
        let lastIndex = min(range.upperBound, sources.count) - 1
        let last = Int(sources[lastIndex]) + (sourceWidths[lastIndex] ?? 1)
        return first..<max(first, last)
    }

    /// The word as the reader sees it (`Sarah’s`), or the punctuation scalar.
    func text(of token: ProseToken) -> String {
        guard token.isWord else {
            let mark = text[token.start]
            return mark.value < 0x80 ? ProseText.asciiStrings[Int(mark.value)] : String(mark)
        }
        return ProseText.string(text[token.start..<token.end])
    }

    /// The word without a possessive `’s` / `'s`.
    func base(of token: ProseToken) -> String {
        ProseText.string(text[token.start..<token.baseEnd])
    }

    /// The sentence that holds token `index`.
    func sentence(containing index: Int) -> Range<Int> {
        sentences.first { $0.contains(index) } ?? (index..<index + 1)
    }
}

/// The word rules and the tokenizer, shared by the stats and the rules.
enum ProseText {
    /// Separates table cells: ends words, sentences and quotations, like the end of a block.
    static let barrier: Unicode.Scalar = "\u{1}"
    /// Stands for what is not prose inside a block (code, an image, a footnote marker): it ends
    /// a word and is not counted.
    static let skipped: Unicode.Scalar = "\u{2}"
    /// A hard line break (`<br>`, a line of verse): blank like a newline, but the doubled-word
    /// rule does not pair words across it.
    static let hardBreak: Unicode.Scalar = "\u{B}"

    enum ScalarKind { case wordCharacter, mark, ideograph, dictionaryScript, joiner, other }

    @inline(__always)
    static func kind(of scalar: Unicode.Scalar) -> ScalarKind {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return .wordCharacter
            case 0x27, 0x2D: return .joiner
            default: return .other
            }
        }
        switch value {
        case 0x2019, 0x2010, 0x2011: return .joiner
        // The rest of General Punctuation (spaces, dashes, quotation marks, the ellipsis) holds no
        // letter, mark or digit: answered without the property tables, on every “ ” — of a novel.
        case 0x2000...0x206F: return .other
        default: break
        }
        // Each kana is a word of its own, as each Han character is: Japanese writers count characters.
        if (0x3040...0x30FF).contains(value) || (0x31F0...0x31FF).contains(value) || (0xFF66...0xFF9D).contains(value) {
            return value == 0x30FB || value == 0x30A0 ? .other : .ideograph  // ・ and ゠ are punctuation
        }
        if DictionaryWords.contains(scalar) { return .dictionaryScript }
        let properties = scalar.properties
        if properties.isIdeographic { return .ideograph }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return .wordCharacter
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        default:
            return .other
        }
    }

    /// A letter, mark or digit: what words are made of.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch kind(of: scalar) {
        case .wordCharacter, .mark, .ideograph, .dictionaryScript: return true
        case .joiner, .other: return false
        }
    }

    /// False for ASCII that is not a capital letter: a test cheaper than any lookup, for rules
    /// that only read capitalised words.
    @inline(__always) static func mayBeCapital(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x80 || (scalar.value >= 0x41 && scalar.value <= 0x5A)
    }

    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\n", "\t", "\r", "\u{A0}", "\u{2060}", "\u{200B}", "\u{FEFF}", "\u{202F}", "\u{2009}", "\u{200A}", skipped, hardBreak:
            return true
        default:
            return false
        }
    }

    /// Line breaks and the markers above are not characters of the text.
    static func isCounted(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x01, 0x02, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return false
        default: return true
        }
    }

    /// The one definition of a word: calls `body` with each word's range, in order. Everything
    /// between words that is not blank is punctuation, one scalar each.
    static func scan(_ text: [Unicode.Scalar], _ body: (_ range: Range<Int>, _ isWord: Bool) -> Void) {
        struct Calls: ScanSink {
            let body: (_ range: Range<Int>, _ isWord: Bool) -> Void
            func add(_ range: Range<Int>, isWord: Bool) { body(range, isWord) }
        }
        withoutActuallyEscaping(body) { body in
            var calls = Calls(body: body)
            text.withUnsafeBufferPointer { scan($0, into: &calls) }
        }
    }

    /// What `scan` hands each word and punctuation mark to. A type rather than a closure, so
    /// that the tokenizer's runs inside the loop, on every word of the book.
    protocol ScanSink {
        mutating func add(_ range: Range<Int>, isWord: Bool)
    }

    /// `scan` on the scalars' buffer (read without bounds checks).
    static func scan<Sink: ScanSink>(_ text: UnsafeBufferPointer<Unicode.Scalar>, into sink: inout Sink) {
        func body(_ range: Range<Int>, _ isWord: Bool) { sink.add(range, isWord: isWord) }
        var i = 0
        let count = text.count
        while i < count {
            let c = text[i]
            switch kind(of: c) {
            case .wordCharacter, .mark:
                var j = i + 1
                let hangul = isHangul(c)
                while j < count {
                    switch kind(of: text[j]) {
                    case .wordCharacter where isHangul(text[j]) != hangul:
                        break  // a Korean particle on a Latin name (`Linux의`) is a word of its own
                    case .wordCharacter, .mark:
                        j += 1
                        continue
                    case .joiner where j + 1 < count:
                        let next = kind(of: text[j + 1])
                        if next == .wordCharacter || next == .mark {
                            j += 2
                            continue
                        }
                    default: break
                    }
                    break
                }
                body(i..<j, true)
                i = j
            case .ideograph:
                var j = i + 1
                while j < count, kind(of: text[j]) == .mark { j += 1 }
                body(i..<j, true)
                i = j
            case .dictionaryScript:
                var j = i + 1
                while j < count, kind(of: text[j]) == .dictionaryScript || kind(of: text[j]) == .mark { j += 1 }
                for segment in DictionaryWords.segments(text[i..<j]) {
                    let range = (i + segment.range.lowerBound)..<(i + segment.range.upperBound)
                    if segment.isWord {
                        body(range, true)
                    } else {
                        for k in range where !isBlank(text[k]) { body(k..<(k + 1), false) }
                    }
                }
                i = j
            case .joiner, .other:
                if !isBlank(c) { body(i..<(i + 1), false) }
                i += 1
            }
        }
    }

    /// Asked of every letter of every word: below the first Hangul block (all of Latin,
    /// Greek, Cyrillic) one comparison answers.
    @inline(__always)
    static func isHangul(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value >= 0x1100 else { return false }
        switch value {
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xD7B0...0xD7FF: return true
        default: return false
        }
    }

    static let abbreviations = ProseWordSet([
        "Mr", "Mrs", "Ms", "Dr", "St", "Messrs", "Mme", "Mlle", "Capt", "Col", "Gen", "Lt", "Rev", "Prof",
        "Sr", "Jr", "No", "Esq", "vol", "p", "pp", "ch", "viz", "cf", "etc", "vs", "e.g", "i.e", "Hon", "Sgt",
    ])

    /// Whether the word before a full stop is an abbreviation or an initial (one character, a
    /// capital but "I"): the stop then ends no sentence. Asked at every full stop of the book, so
    /// a word is made a String only when it may be one character (a letter and its marks).
    private static func isAbbreviationOrInitial(_ word: Range<Int>, in text: [Unicode.Scalar]) -> Bool {
        if abbreviations.contains(word, in: text) { return true }
        // An ASCII scalar after the first always starts a character of its own.
        guard word.count == 1 || text[word.lowerBound + 1].value >= 0x80 else { return false }
        let string = string(text[word])
        return string.count == 1 && string != "I" && string.unicodeScalars.first?.properties.isUppercase == true
    }

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

    /// Apart, so that a caller asking it only of scalars past ASCII does not set up the
    /// property tables' types on every call.
    @inline(never) static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase
    }

    @inline(__always) static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? CodeByte.isLetter(UInt8(scalar.value)) : scalar.properties.isAlphabetic
    }

    static func isTerminal(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?" || scalar == "…"
    }

    /// A block's tokens and its sentences, as token index ranges.
    static func tokenize(_ text: [Unicode.Scalar]) -> (tokens: [ProseToken], sentences: [Range<Int>]) {
        // Written to a buffer of our own: an array's append checks its uniqueness on every word.
        struct Tokens: ScanSink {
            let text: UnsafeBufferPointer<Unicode.Scalar>
            var buffer: UnsafeMutablePointer<ProseToken>
            var capacity: Int
            var count = 0

            init(text: UnsafeBufferPointer<Unicode.Scalar>) {
                self.text = text
                capacity = text.count / 4 + 8
                buffer = .allocate(capacity: capacity)
            }

            mutating func add(_ range: Range<Int>, isWord: Bool) {
                var token = ProseToken(start: range.lowerBound, end: range.upperBound, kind: isWord ? .word : .punctuation)
                if isWord {
                    let first = text[range.lowerBound], end = range.upperBound
                    token.isCapitalized = first.value < 0x80 ? CodeByte.isUppercase(UInt8(first.value)) : ProseText.isUppercase(first)
                    if range.count > 2, text[end - 1] == "s", text[end - 2] == "’" || text[end - 2] == "'" { token.isPossessive = true }
                }
                if count == capacity { grow() }
                (buffer + count).initialize(to: token)
                count += 1
            }

            @inline(never) mutating func grow() {
                let larger = UnsafeMutablePointer<ProseToken>.allocate(capacity: capacity * 2)
                larger.moveInitialize(from: buffer, count: count)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
        }
        var tokens = text.withUnsafeBufferPointer { text in
            var sink = Tokens(text: text)
            scan(text, into: &sink)
            defer { sink.buffer.deallocate() }
            return [ProseToken](UnsafeBufferPointer(start: sink.buffer, count: sink.count))
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
                    let isAbbreviation = c == "." && k > 0 && tokens[k - 1].isWord && tokens[k - 1].end == token.start
                        && isAbbreviationOrInitial(tokens[k - 1].start..<tokens[k - 1].end, in: text)
                    if !isAbbreviation {
                        if last + 1 >= tokens.count {
                            ends = true
                        } else {
                            let next = tokens[last + 1]
                            ends = next.isWord ? next.isCapitalized || !Self.isAlphabetic(text[next.start])
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
        // Exactly as long as needed: the arrays of a long book's tokens are tens of megabytes,
        // and growing by doubling leaves up to half of that unused.
        return (tokens.withExactCapacity, sentences.withExactCapacity)
    }

    /// Each ASCII scalar as a String, made once: a punctuation token's text.
    static let asciiStrings: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }

    /// A String from scalars, without per-scalar appends when they are ASCII.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        // One pass: the first scalar past ASCII abandons it for the general way.
        var isASCII = true
        let ascii = String(unsafeUninitializedCapacity: scalars.count) { buffer in
            var index = 0
            for scalar in scalars {
                guard scalar.value < 0x80 else {
                    isASCII = false
                    return 0
                }
                buffer[index] = UInt8(truncatingIfNeeded: scalar.value)
                index += 1
            }
            return index
        }
        if isASCII { return ascii }
        let width = scalars.reduce(0) { $0 + UTF8.width($1) }
        return String(unsafeUninitializedCapacity: width) { buffer in
            var index = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[index] = byte
                    index += 1
                }
            }
            return index
        }
    }
}

extension Array {
    /// The elements in a buffer of their own count, when the array's holds more than an eighth
    /// spare: arrays kept for the whole build need not keep their growth room.
    var withExactCapacity: [Element] {
        guard capacity - count > count / 8 else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = buffer.initialize(from: self)
            initialized = count
        }
    }
}
