// The counts of prose: words, characters, paragraphs and dialogue. A word is what
// `ProseText.scan` says it is, over the text `ChapterProse` reads off the parsed document, so
// the build summary, stats.json, the Git history, the site and the continuity report count the
// same words.
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
    /// The words that are one Han character or kana each (read by the character, not the word).
    public var ideographs: Int
    /// Words per script (`WritingScript`'s order), by each word's first letter; empty without words.
    var wordsByScript: [Int] = []

    public init(words: Int = 0, characters: Int = 0, paragraphs: Int = 0, dialogueWords: Int = 0, ideographs: Int = 0) {
        self.words = words
        self.characters = characters
        self.paragraphs = paragraphs
        self.dialogueWords = dialogueWords
        self.ideographs = ideographs
    }

    mutating func countWords(_ words: Int = 1, in script: WritingScript) {
        if wordsByScript.isEmpty { wordsByScript = Array(repeating: 0, count: WritingScript.allCases.count) }
        wordsByScript[script.rawValue] += words
    }

    mutating func addWords(byScript other: [Int]) {
        guard !other.isEmpty else { return }
        if wordsByScript.isEmpty { wordsByScript = Array(repeating: 0, count: WritingScript.allCases.count) }
        for index in other.indices { wordsByScript[index] += other[index] }
    }

    /// Words per script name, when words of two or more scripts (numbers aside) are counted.
    public var mixedScripts: [String: Int]? {
        let counted = WritingScript.allCases.filter { wordsByScript.indices.contains($0.rawValue) && wordsByScript[$0.rawValue] > 0 }
        guard counted.filter({ $0 != .common }).count >= 2 else { return nil }
        return Dictionary(uniqueKeysWithValues: counted.map { ($0.name, wordsByScript[$0.rawValue]) })
    }

    public var description: String {
        "\(words) words, \(characters) characters, \(paragraphs) paragraphs, \(dialogueWords) in dialogue"
    }
}

/// Counts words, characters, paragraphs and dialogue by the rules of `ProseText`.
public enum WordCounter {
    /// Counts a chapter's Markdown (front matter already removed) through the same parser the
    /// build uses.
    public static func count(markdown: String, smartPunctuation: Bool = true) -> ProseCount {
        count(ChapterProse(markdown: markdown, smartPunctuation: smartPunctuation))
    }

    /// Counts the words of plain text: every character is prose.
    public static func words(in text: String) -> Int {
        var words = 0
        ProseText.scan(Array(text.unicodeScalars)) { _, isWord in if isWord { words += 1 } }
        return words
    }

    /// The words of a chapter's prose blocks, without the other counts.
    static func words(in prose: ChapterProse) -> Int {
        prose.blocks.reduce(0) { total, block in total + block.tokens.reduce(0) { $0 + ($1.isWord ? 1 : 0) } }
    }

    /// Counts a chapter's prose blocks.
    static func count(_ prose: ChapterProse) -> ProseCount {
        var total = ProseCount()
        for block in prose.blocks {
            let count = count(block)
            total.words += count.words
            total.characters += count.characters
            total.dialogueWords += count.dialogueWords
            total.ideographs += count.ideographs
            total.addWords(byScript: count.wordsByScript)
            if block.isParagraph, count.words > 0 { total.paragraphs += 1 }
        }
        return total
    }

    /// A block's words and characters, and the words that start inside “…” or "…" (a quotation
    /// ends with its block or table cell).
    private static func count(_ block: ProseBlock) -> ProseCount {
        var count = ProseCount()
        for scalar in block.text where ProseText.isCounted(scalar) { count.characters += 1 }
        // Quotation marks and cell barriers are punctuation tokens, so the tokens tell it all.
        var inQuote = false
        // Words that start with ASCII are counted here, the table touched once a block.
        var latin = 0, common = 0
        for token in block.tokens {
            if token.isWord {
                count.words += 1
                if inQuote { count.dialogueWords += 1 }
                let initial = block.text[token.start]
                if initial.value < 0x80 {
                    if initial.value < 0x3A { common += 1 } else { latin += 1 }
                } else {
                    if ProseText.kind(of: initial) == .ideograph { count.ideographs += 1 }
                    count.countWords(in: WritingScript(initial))
                }
                continue
            }
            switch block.text[token.start] {
            case "“": inQuote = true
            case "”": inQuote = false
            case "\"": inQuote.toggle()
            case ProseText.barrier: inQuote = false
            default: break
            }
        }
        if common > 0 { count.countWords(common, in: .common) }
        if latin > 0 { count.countWords(latin, in: .latin) }
        return count
    }
}
