// What every continuity check is: a value that reads the whole manuscript as prose (with the
// bible, when there is one) and returns findings. One rule per file in this folder.
import Foundation

/// One continuity check.
protocol ContinuityRule: Sendable {
    /// The diagnostic codes the rule can emit (each one SARIF rule).
    static var codes: [DiagnosticCode] { get }
    func check(_ context: ContinuityContext) -> [Diagnostic]
    /// What a whole-book rule reads of one chapter, kept in the chapter's memo for `check`: run
    /// for every chapter, beside the chapter rules, before `check` is.
    func prepare(_ chapter: ProseChapter, in context: ContinuityContext)
}

extension ContinuityRule {
    func prepare(_ chapter: ProseChapter, in context: ContinuityContext) {}
}

/// What the rules read.
/// A rule whose findings in a chapter depend only on that chapter's text and the bible: it runs
/// chapter by chapter, and its findings are kept with the chapter's prose, so a build that reuses
/// the prose (`BuildCache`) does not check the chapter again.
protocol ChapterRule: ContinuityRule {
    func check(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic]
}

extension ChapterRule {
    func check(_ context: ContinuityContext) -> [Diagnostic] {
        context.chapters.flatMap { memoizedCheck($0, in: context) }
    }

    /// One chapter's findings, kept with its prose for the next build of `serve`.
    func memoizedCheck(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic] {
        // Findings carry files and line numbers, which front matter and includes decide.
        let key = "\(Self.self) \(context.bibleDigest) \(chapter.path) \(chapter.chapter.sourceMap.identity)"
        return chapter.memo.value(key) { check(chapter, in: context) }
    }
}

struct ContinuityContext {
    var chapters: [ProseChapter]
    var bible: StoryBible?
    /// Ordinary words and known names, or nil when no word list is installed.
    var wordList: WordList?
    /// Each chapter's title as the book shows it, in reading order.
    var titles: [String]
    /// Kept by `serve` between builds, for rules that sum the whole book.
    var cache: BuildCache?

    /// The character a name or alias belongs to, by exact spelling.
    func character(named name: String) -> StoryBible.Character? {
        characterIndex[name]
    }

    private(set) var characterIndex: [String: StoryBible.Character] = [:]

    /// Tells bibles apart, for per-chapter results that depend on the bible (`ChapterMemo`).
    let bibleDigest: String

    /// The book's language (BCP 47); a chapter's front matter may name its own.
    var language = "en"

    /// When each chapter happens, for the facts that change with the story.
    let moments: [StoryBible.StoryMoment]

    /// The value of a character's changing fact (`status`, `married_to`, an attribute) in the
    /// chapter at `index`; nil when the bible does not give it there, or the chapter cannot be placed.
    func fact(_ key: String, of character: StoryBible.Character, inChapter index: Int) -> StoryBible.Located<String>? {
        character.attribute(key, at: moments[index], of: chapterNames)
    }

    let chapterNames: [String]

    /// The nouns and bible values `AttributeRule` reads statements by.
    let attributeVocabulary: AttributeRule.Vocabulary

    /// Whether a character is dead or missing all through chapter `index`: by `status:` in force
    /// at the end of the chapter before and in the chapter itself (a change happens during the
    /// chapter it names), or dead after `dies:`. A flashback is read at its story date; one
    /// without a date is not read (nil).
    func absence(of character: StoryBible.Character, inChapter index: Int) -> (status: String, since: String, stated: SourceLocation)? {
        let moment = moments[index]
        guard let position = moment.position else { return nil }
        if let periods = character.periods["status"] {
            var opening = moment
            opening.position = position - 1
            guard let status = character.attribute("status", at: opening, of: chapterNames), status.value != "alive",
                let closing = character.attribute("status", at: moment, of: chapterNames), closing.value != "alive"
            else { return nil }
            let period = periods.last { $0.value.value == status.value && $0.value.location == status.location }
            return (status.value, period?.from?.description ?? "the start", status.location)
        }
        guard let dies = character.dies, let death = chapterNames.firstIndex(of: dies.value), position > death else { return nil }
        return ("dead", dies.value, dies.location)
    }

    init(
        chapters: [ProseChapter], bible: StoryBible?, wordList: WordList?, titles: [String], cache: BuildCache? = nil,
        language: String = "en"
    ) {
        self.chapters = chapters
        self.cache = cache
        self.language = language
        // Per-chapter results depend on the bible and on the language the rules read.
        bibleDigest = String(String(describing: bible).hashValue, radix: 36) + "-" + language
        self.bible = bible
        self.wordList = wordList
        self.titles = titles
        moments = StoryBible.StoryMoment.of(chapters.map { ($0.storyDate, $0.isFlashback) })
        chapterNames = chapters.map(\.name)
        attributeVocabulary = AttributeRule.Vocabulary(bible: bible)
        for character in bible?.characters ?? [] {
            for name in character.allNames {
                if characterIndex[name] == nil { characterIndex[name] = character }
                let pattern = TokenPattern(name)
                guard let first = pattern.parts.first else { continue }
                nameTokens[first.text.lowercased(), default: []].append((pattern, character))
            }
        }
        for place in bible?.places ?? [] {
            for name in [place.name] + place.aliases {
                placeWords.formUnion(name.split(separator: " ").map(String.init))
                placePatterns.append((TokenPattern(name), place.name))
            }
        }
        for key in nameTokens.keys {
            nameTokens[key]?.sort { $0.0.parts.count > $1.0.parts.count }
            if let first = key.unicodeScalars.first, first.isASCII { asciiNameInitials.insert(first) }
        }
    }

    /// True when `word` is a place name or alias in the bible (or a word of one).
    func isPlace(_ word: String) -> Bool { placeWords.contains(word) }

    /// The place a name or alias starting at token `index` of `block` names, with its length.
    func placeMention(in block: ProseBlock, at index: Int) -> (place: String, length: Int)? {
        guard placeWords.contains(block.text(of: block.tokens[index])) else { return nil }
        for (pattern, place) in placePatterns {
            if let match = pattern.match(in: block, at: index) { return (place, match.length) }
        }
        return nil
    }

    /// Every place name and alias as tokens, with the place it names.
    private var placePatterns: [(TokenPattern, String)] = []

    /// Finds a character name or alias starting at token `index` of `block`: the longest match,
    /// with the number of tokens it spans. Aliases starting with "the" match "The" too.
    /// Every character mention in `block`, in order, with the index of its first token; a mention
    /// of several tokens ("Sarah Quill") is one mention.
    func characterMentions(in block: ProseBlock) -> [(index: Int, mention: (character: StoryBible.Character, length: Int, possessive: Bool))] {
        var mentions: [(index: Int, mention: (character: StoryBible.Character, length: Int, possessive: Bool))] = []
        var index = 0
        while index < block.tokens.count {
            guard let mention = characterMention(in: block, at: index) else {
                index += 1
                continue
            }
            mentions.append((index, mention))
            index += mention.length
        }
        return mentions
    }

    func characterMention(in block: ProseBlock, at index: Int) -> (character: StoryBible.Character, length: Int, possessive: Bool)? {
        guard !nameTokens.isEmpty, block.tokens[index].isWord else { return nil }
        // Asked of every word: one starting with an ASCII scalar no name starts with is no one's,
        // known without making the word's String.
        let initial = block.text[block.tokens[index].start]
        if initial.isASCII {
            guard asciiNameInitials.contains(Unicode.Scalar(CodeByte.lowercased(UInt8(initial.value)))) else { return nil }
        }
        guard let candidates = nameTokens[block.base(of: block.tokens[index]).lowercased()] else { return nil }
        for (pattern, character) in candidates {
            if let match = pattern.match(in: block, at: index) { return (character, match.length, match.possessive) }
        }
        return nil
    }

    /// First word (lowercased) → the names starting with it, split into words, longest first.
    private var nameTokens: [String: [(TokenPattern, StoryBible.Character)]] = [:]
    private var placeWords: Set<String> = []
    /// The first scalars of `nameTokens`' keys that are ASCII.
    private var asciiNameInitials = ScalarSet([Unicode.Scalar]())
}

/// A name or phrase as tokens ("Mrs. Joe" is `Mrs`, `.`, `Joe`), matched against a block's
/// tokens with the same spacing: a possessive on the last word is allowed and reported, and a
/// leading lower-case "the" also matches "The".
struct TokenPattern: Sendable {
    var parts: [(text: String, spaced: Bool)]

    init(_ text: String) {
        parts = Self.parts(of: text)
    }

    /// A phrase's tokens, each with whether a blank comes before it.
    static func parts(of text: String) -> [(text: String, spaced: Bool)] {
        let scalars = Array(text.unicodeScalars)
        let tokens = ProseText.tokenize(scalars).tokens
        return tokens.indices.map { index in
            (ProseText.string(scalars[tokens[index].start..<tokens[index].end]), index > 0 && tokens[index].start > tokens[index - 1].end)
        }
    }

    func match(in block: ProseBlock, at start: Int) -> (length: Int, possessive: Bool)? {
        guard !parts.isEmpty, start + parts.count <= block.tokens.count else { return nil }
        var possessive = false
        for (offset, part) in parts.enumerated() {
            let token = block.tokens[start + offset]
            let isLast = offset == parts.count - 1
            var text = block.text(of: token)
            if isLast, token.isPossessive, part.text != text {
                text = block.base(of: token)
                possessive = true
            }
            let wanted = offset == 0 && part.text.lowercased() == "the" ? "the" : part.text
            if offset == 0, wanted == "the" { text = text.lowercased() }
            guard text == wanted else { return nil }
            if offset > 0 {
                let gap = block.text[block.tokens[start + offset - 1].end..<token.start]
                if part.spaced != !gap.isEmpty || !gap.allSatisfy(ProseText.isBlank) { return nil }
            }
        }
        return (parts.count, possessive)
    }
}
