// What every continuity check is: a value that reads the whole manuscript as prose (with the
// bible, when there is one) and returns findings. One rule per file in this folder.
import Foundation

/// One continuity check.
protocol ContinuityRule: Sendable {
    /// The diagnostic codes the rule can emit (each one SARIF rule).
    static var codes: [DiagnosticCode] { get }
    func check(_ context: ContinuityContext) -> [Diagnostic]
}

/// What the rules read.
struct ContinuityContext {
    var chapters: [ProseChapter]
    var bible: StoryBible?
    /// Ordinary words and known names, or nil when no word list is installed.
    var wordList: WordList?
    /// Each chapter's title as the book shows it, in reading order.
    var titles: [String]

    /// The character a name or alias belongs to, by exact spelling.
    func character(named name: String) -> StoryBible.Character? {
        characterIndex[name]
    }

    private(set) var characterIndex: [String: StoryBible.Character] = [:]

    init(chapters: [ProseChapter], bible: StoryBible?, wordList: WordList?, titles: [String]) {
        self.chapters = chapters
        self.bible = bible
        self.wordList = wordList
        self.titles = titles
        for character in bible?.characters ?? [] {
            for name in character.allNames {
                if characterIndex[name] == nil { characterIndex[name] = character }
                let parts = name.split(separator: " ").map(String.init)
                guard let first = parts.first else { continue }
                nameTokens[first.lowercased(), default: []].append((parts, character))
            }
        }
        for place in bible?.places ?? [] {
            for name in [place.name] + place.aliases { placeWords.formUnion(name.split(separator: " ").map(String.init)) }
        }
        for key in nameTokens.keys { nameTokens[key]?.sort { $0.0.count > $1.0.count } }
    }

    /// True when `word` is a place name or alias in the bible (or a word of one).
    func isPlace(_ word: String) -> Bool { placeWords.contains(word) }

    /// Finds a character name or alias starting at token `index` of `block`: the longest match,
    /// with the number of tokens it spans. Aliases starting with "the" match "The" too.
    func characterMention(in block: ProseBlock, at index: Int) -> (character: StoryBible.Character, length: Int, possessive: Bool)? {
        guard !nameTokens.isEmpty, block.tokens[index].isWord else { return nil }
        let first = block.tokens[index]
        let key = first.base.lowercased()
        guard let candidates = nameTokens[key] else { return nil }
        for (parts, character) in candidates {
            guard index + parts.count <= block.tokens.count else { continue }
            var matched = true
            var possessive = false
            for (offset, part) in parts.enumerated() {
                let token = block.tokens[index + offset]
                let isLast = offset == parts.count - 1
                let word = isLast ? token.base : token.text
                let wanted = offset == 0 && part == "the" ? word.lowercased() : word
                if !token.isWord || wanted != part || (!isLast && token.isPossessive) {
                    matched = false
                    break
                }
                if offset > 0 {
                    let gap = block.text[block.tokens[index + offset - 1].end..<token.start]
                    if gap.isEmpty || !gap.allSatisfy(ProseText.isBlank) {
                        matched = false
                        break
                    }
                }
                if isLast { possessive = token.isPossessive }
            }
            if matched { return (character, parts.count, possessive) }
        }
        return nil
    }

    /// First word (lowercased) → the names starting with it, split into words, longest first.
    private var nameTokens: [String: [([String], StoryBible.Character)]] = [:]
    private var placeWords: Set<String> = []
}

/// Which character keys (for contradiction bookkeeping) a finding speaks of.
extension StoryBible.Character {
    var key: String { name }
}
