// The counting rules, in one place. The build summary, stats.json, the Git history and the site
// all count through here, so a word is the same thing everywhere:
// - a word is a run of letters, marks and digits of any script, which may hold single inner
//   apostrophes (U+0027, U+2019) and hyphens (U+002D, U+2010, U+2011); every other character,
//   U+00A0 and U+2060 included, separates words; each CJK ideograph is a word of its own;
// - prose is the text of the parsed chapter (cmark-gfm, then the HTML parser): headings,
//   paragraphs, lists, tables, block quotes and footnotes. Code (blocks and inline), footnote
//   markers, autolinks (a link whose text is its own address) and ruby annotations are not
//   prose; tags, attributes (link targets, image paths, alt text) and front matter never reach
//   the text.
import Foundation

/// What the counting rules find in a piece of prose.
public struct ProseCount: Sendable, Equatable, CustomStringConvertible {
    public var words: Int
    /// Unicode scalar values of the prose, spaces included, line breaks excluded.
    public var characters: Int
    /// `<p>` blocks holding at least one word.
    public var paragraphs: Int
    /// Words that start inside quotation marks: “…” or "…".
    public var dialogueWords: Int

    public init(words: Int = 0, characters: Int = 0, paragraphs: Int = 0, dialogueWords: Int = 0) {
        self.words = words
        self.characters = characters
        self.paragraphs = paragraphs
        self.dialogueWords = dialogueWords
    }

    public var description: String {
        "\(words) words, \(characters) characters, \(paragraphs) paragraphs, \(dialogueWords) in dialogue"
    }
}

/// Counts words, characters, paragraphs and dialogue by the rules the README documents.
public enum WordCounter {
    /// Counts a chapter's Markdown (front matter already removed) through the same parser the
    /// build uses.
    public static func count(markdown: String, smartPunctuation: Bool = true) -> ProseCount {
        count(HTMLFragmentParser.parse(CMarkRenderer.html(from: markdown, smartPunctuation: smartPunctuation)))
    }

    /// Counts the prose of a parsed chapter.
    public static func count(_ nodes: [HTMLNode]) -> ProseCount {
        var walker = ProseWalker()
        walker.walk(nodes)
        return walker.scanner.count
    }

    /// Counts the words of plain text: every character is prose.
    public static func words(in text: String) -> Int {
        var scanner = ProseScanner()
        scanner.scan(text)
        return scanner.count.words
    }
}

/// Walks a parsed chapter, feeding its prose to a scanner. Inline elements continue the text
/// around them (`**bold**ness` is one word); blocks, line breaks, images and skipped content
/// separate words.
private struct ProseWalker {
    var scanner = ProseScanner()

    /// Elements that sit inside a line of text.
    static let inline: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "ruby",
        "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr",
    ]
    /// Elements whose text is not prose.
    static let skipped: Set<String> = ["code", "pre", "rt", "rp"]

    mutating func walk(_ nodes: [HTMLNode]) {
        for node in nodes {
            switch node {
            case .text(let text): scanner.scan(text)
            case .element(let element): walk(element)
            }
        }
    }

    private mutating func walk(_ element: HTMLElement) {
        if isSkipped(element) {
            scanner.separate()
            return
        }
        if Self.inline.contains(element.name) {
            walk(element.children)
            return
        }
        scanner.endBlock()
        let wordsBefore = scanner.count.words
        walk(element.children)
        scanner.endBlock()
        if element.name == "p", scanner.count.words > wordsBefore { scanner.count.paragraphs += 1 }
    }

    private func isSkipped(_ element: HTMLElement) -> Bool {
        if Self.skipped.contains(element.name) { return true }
        switch element.name {
        case "sup": return element.classes.contains("footnote-ref")
        case "a":
            if element.classes.contains("footnote-backref") { return true }
            guard let href = element["href"], !href.isEmpty else { return false }
            let text = element.textContent
            return href == text || href == "mailto:" + text || href == "http://" + text
        default: return false
        }
    }
}

/// The word rules as a state machine over Unicode scalars.
struct ProseScanner {
    var count = ProseCount()
    private var state = State.between
    private var inQuote = false

    private enum State { case between, word, joiner, ideograph }
    private enum Kind { case wordCharacter, mark, ideograph, joiner, openQuote, closeQuote, straightQuote, lineBreak, other }

    mutating func scan(_ text: String) {
        for scalar in text.unicodeScalars { scan(scalar) }
    }

    /// Ends the current word: skipped content or a line break lies here.
    mutating func separate() { state = .between }

    /// Ends the current word and any quotation: a block starts or ends here.
    mutating func endBlock() {
        state = .between
        inQuote = false
    }

    private mutating func scan(_ scalar: Unicode.Scalar) {
        let kind = Self.kind(of: scalar)
        if kind == .lineBreak {
            state = .between
            return
        }
        count.characters += 1
        switch kind {
        case .wordCharacter, .mark:
            switch state {
            case .word, .joiner: state = .word
            case .ideograph where kind == .mark: break  // a mark belongs to the ideograph before it
            case .between, .ideograph: startWord()
            }
        case .ideograph:
            startWord()
            state = .ideograph
        case .joiner:
            state = state == .word ? .joiner : .between
        case .openQuote:
            inQuote = true
            state = .between
        case .closeQuote:
            inQuote = false
            state = .between
        case .straightQuote:
            inQuote.toggle()
            state = .between
        case .lineBreak, .other:
            state = .between
        }
    }

    private mutating func startWord() {
        count.words += 1
        if inQuote { count.dialogueWords += 1 }
        state = .word
    }

    private static func kind(of scalar: Unicode.Scalar) -> Kind {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return .wordCharacter
            case 0x27, 0x2D: return .joiner
            case 0x22: return .straightQuote
            case 0x0A, 0x0B, 0x0C, 0x0D: return .lineBreak
            default: return .other
            }
        }
        switch value {
        case 0x2019, 0x2010, 0x2011: return .joiner
        case 0x201C: return .openQuote
        case 0x201D: return .closeQuote
        case 0x85, 0x2028, 0x2029: return .lineBreak
        default: break
        }
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
}
