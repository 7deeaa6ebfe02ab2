// character_consistency.attribute: an attribute stated in the text that contradicts the bible,
// or (when the bible does not give it) the first statement of it in reading order. Eye and hair
// colours are read from colour words only ("her fine eyes" states nothing); any other attribute
// the bible names is read from the values the bible uses for it.
//     Sarah’s green eyes                 (a possessive binds the owner: certain)
//     Sarah’s eyes were green / Sarah had green eyes / eyes of green / Sarah had eyes that were green
//     the green eyes of Sarah / the eyes of Sarah were green / Sarah, whose eyes were green
//     Sarah looked up, her green eyes …  (a pronoun binds only when the sentence names no one else)
//     Sarah sighed. Her green eyes …     (or, when its own names no one, the one person the
//                                          sentence before names: a possible finding, info)
// A capitalised word that is an ordinary word in lower case (Russet, a place) never steals a
// pronoun; a character whose bible gives `gender:` takes only its own pronoun.
import Foundation

struct AttributeRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.attributeContradiction]

    /// Colour words, each with its family: two words of one family never contradict each other.
    static let colourFamilies: [String: String] = [
        "grey": "grey", "gray": "grey", "silver": "grey", "silvery": "grey", "steel": "grey", "slate": "grey",
        "blue": "blue", "azure": "blue",
        "green": "green", "emerald": "green",
        "hazel": "hazel", "amber": "hazel",
        "brown": "brown", "chestnut": "brown", "chocolate": "brown", "mousy": "brown", "mousey": "brown",
        "black": "black", "jet": "black", "raven": "black", "ebony": "black",
        "auburn": "red", "red": "red", "ginger": "red", "copper": "red", "titian": "red",
        "blond": "blond", "blonde": "blond", "golden": "blond", "flaxen": "blond", "yellow": "blond", "sandy": "blond",
        "white": "white", "snowy": "white",
        "violet": "violet",
    ]
    /// Colours eyes can have: red or white eyes are bloodshot or blind, not a colour.
    static let eyeColours: Set<String> = [
        "grey", "gray", "silver", "silvery", "steel", "slate", "blue", "azure", "green", "emerald", "hazel", "amber",
        "brown", "chestnut", "chocolate", "black", "jet", "violet",
    ]
    /// White hair is also grey hair.
    static let compatibleHair: Set<[String]> = [["grey", "white"], ["white", "grey"]]
    static let modifiers: Set<String> = [
        "pale", "light", "dark", "deep", "bright", "clear", "cold", "large", "small", "big", "little", "fine", "steady",
        "sharp", "keen", "long", "short", "thick", "thin", "curly", "straight", "wavy", "soft", "shining", "sparkling",
        "beautiful", "lovely", "fierce", "kind", "tired", "old", "wide", "narrow", "grave", "gentle", "quick",
        "glossy", "heavy", "cropped", "loose", "tangled", "faded", "watery", "very", "rather", "most", "same",
    ]
    static let pronouns: Set<String> = ["her", "his", "Her", "His"]
    /// "eyes were green", "the eyes of Sarah are grey".
    static let copulas: Set<String> = ["were", "was", "are", "is"]
    /// Words between a copula and its colour: "were still green", "was a pale grey".
    static let beforePredicateColour: Set<String> = ["still", "very", "quite", "now", "a", "pale", "dark", "deep", "light", "bright"]
    /// Capitalized words that are not people, for pronoun binding.
    static let notNames: Set<String> = [
        "I", "Mr", "Mrs", "Miss", "Ms", "Dr", "Sir", "Lady", "Lord", "Madam", "Captain", "God", "Heaven", "O", "Oh",
    ]

    /// The nouns that name an attribute in the text.
    private static func nouns(for key: String) -> [String] {
        switch key {
        case "eyes", "eye": return ["eyes", "eye"]
        case "hair": return ["hair"]
        default: return [key, key + "s"]
        }
    }

    /// How surely the attribute is bound to its owner.
    enum Binding: Int, Comparable {
        /// A pronoun bound across a sentence: reported as possible (info).
        case possible
        /// A pronoun whose sentence names one person.
        case likely
        /// A possessive, "of", "had", "with", "whose".
        case certain

        static func < (a: Binding, b: Binding) -> Bool { a.rawValue < b.rawValue }
    }

    private struct Statement {
        var owner: String
        var key: String
        var value: String
        var binding: Binding
        var chapter: Int
        var block: Int
        var first: Int
        var last: Int
    }

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        judge(statements(context), context: context)
    }

    /// The first statement of each attribute of each person, in reading order, with where it
    /// is (`file:line`): what `bible --suggest` proposes.
    func firstStatements(_ context: ContinuityContext) -> [(owner: String, key: String, value: String, place: String)] {
        var seen = Set<String>()
        return statements(context).compactMap { statement in
            guard statement.binding != .possible, seen.insert(statement.owner + "\u{0}" + statement.key).inserted else { return nil }
            let place = context.chapters[statement.chapter].place(block: statement.block, token: statement.first)
            return (statement.owner, statement.key, statement.value, place)
        }
    }

    func prepare(_ chapter: ProseChapter, in context: ContinuityContext) {
        _ = statements(in: chapter, context: context)
    }

    /// The attribute nouns the book's statements are found by, and the bible's values: made
    /// once per `ContinuityContext`, from its bible.
    struct Vocabulary {
        var nounToKey: [String: String]
        var firstScalars: ScalarSet
        /// The nouns' lengths in scalars, bit `n` for length `n` (bit 63 for 63 and more): with
        /// the first scalars, what a word is asked before it is made a String.
        var nounLengths: UInt64
        var bibleValues: [String: Set<String>]

        init(bible: StoryBible?) {
            // attribute key → its nouns, and the values that count as facts for it
            var keys = ["eyes", "hair"]
            var bibleValues: [String: Set<String>] = [:]
            for character in bible?.characters ?? [] {
                for (key, value) in character.attributes {
                    if !keys.contains(key) { keys.append(key) }
                    bibleValues[key, default: []].insert(value.value)
                }
                for (key, periods) in character.periods {
                    for period in periods { bibleValues[key, default: []].insert(period.value.value) }
                }
            }
            var nounToKey: [String: String] = [:]
            for key in keys { for noun in AttributeRule.nouns(for: key) { nounToKey[noun] = key } }
            self.nounToKey = nounToKey
            self.bibleValues = bibleValues
            firstScalars = ScalarSet(nounToKey.keys.compactMap(\.unicodeScalars.first))
            nounLengths = nounToKey.keys.reduce(0) { $0 | Self.lengthBit($1.unicodeScalars.count) }
        }

        static func lengthBit(_ length: Int) -> UInt64 { 1 << UInt64(min(length, 63)) }
    }

    private func statements(_ context: ContinuityContext) -> [Statement] {
        var statements: [Statement] = []
        // Numbered by the chapter's place.
        for (c, chapter) in context.chapters.enumerated() {
            statements += self.statements(in: chapter, context: context).map { statement in
                var statement = statement
                statement.chapter = c
                return statement
            }
        }
        return statements
    }

    /// The attribute statements of one chapter, numbered as chapter 0: read once and kept with
    /// the chapter's prose (they depend only on its text and the bible).
    private func statements(in chapter: ProseChapter, context: ContinuityContext) -> [Statement] {
        chapter.memo.value("attribute \(context.bibleDigest)") {
            let vocabulary = context.attributeVocabulary
            return statements(
                in: chapter, context: context, nounToKey: vocabulary.nounToKey, firstScalars: vocabulary.firstScalars,
                nounLengths: vocabulary.nounLengths, bibleValues: vocabulary.bibleValues)
        }
    }

    /// The attribute statements of one chapter, numbered as chapter 0.
    private func statements(
        in chapter: ProseChapter, context: ContinuityContext, nounToKey: [String: String],
        firstScalars: ScalarSet, nounLengths: UInt64, bibleValues: [String: Set<String>]
    ) -> [Statement] {
        let c = 0
        var statements: [Statement] = []
        do {
            for (b, block) in chapter.blocks.enumerated() {
                let tokens = block.tokens
                for j in tokens.indices where tokens[j].isWord && nounLengths & Vocabulary.lengthBit(tokens[j].length) != 0
                    && firstScalars.contains(block.text[tokens[j].start])
                {
                    guard let key = nounToKey[block.text(of: tokens[j])] else { continue }
                    let isColour = key == "eyes" || key == "hair"
                    func value(_ i: Int) -> String? {
                        guard i >= 0, i < tokens.count, tokens[i].isWord else { return nil }
                        let word = block.text(of: tokens[i]).lowercased()
                        if key == "eyes" { return Self.eyeColours.contains(word) ? word : nil }
                        if isColour { return Self.colourFamilies[word] != nil ? word : nil }
                        return bibleValues[key]?.contains(word) == true ? word : nil
                    }
                    // COLOUR NOUN, or NOUN of COLOUR, or NOUN were COLOUR
                    var stated: String?
                    var ownerEnd = -1
                    var last = j
                    if let v = value(j - 1) {
                        stated = v
                        ownerEnd = j - 2
                        while ownerEnd >= 0, ownerEnd >= j - 4, Self.modifiers.contains(block.text(of: tokens[ownerEnd]).lowercased()) {
                            ownerEnd -= 1
                        }
                    } else {
                        var k = j + 1
                        // "eyes that were grey": the relative pronoun before the copula.
                        if k + 1 < tokens.count, ["that", "which"].contains(block.text(of: tokens[k])), Self.copulas.contains(block.text(of: tokens[k + 1])) {
                            k += 1
                        }
                        if k < tokens.count, (block.text(of: tokens[k]) == "of" || Self.copulas.contains(block.text(of: tokens[k]))) {
                            k += 1
                            while k < tokens.count, Self.beforePredicateColour.contains(block.text(of: tokens[k])) { k += 1 }
                            if let v = value(k), k + 1 >= tokens.count || !["with", "-"].contains(block.text(of: tokens[k + 1])) {
                                stated = v
                                last = k
                                ownerEnd = j - 1
                                while ownerEnd >= 0, ownerEnd >= j - 3, Self.modifiers.contains(block.text(of: tokens[ownerEnd]).lowercased()) {
                                    ownerEnd -= 1
                                }
                            }
                        }
                    }
                    // the green eyes of Sarah / the eyes of Sarah were green
                    if j + 2 < tokens.count, block.text(of: tokens[j + 1]) == "of",
                        let named = mention(context, block: block, startingAt: j + 2), !tokens[j + 1 + named.length].isPossessive
                    {
                        let after = j + 2 + named.length
                        var colour = stated
                        var end = j + 1 + named.length
                        if colour == nil, after + 1 < tokens.count, Self.copulas.contains(block.text(of: tokens[after])) {
                            var k = after + 1
                            while k < tokens.count, Self.beforePredicateColour.contains(block.text(of: tokens[k])) { k += 1 }
                            colour = value(k)
                            end = k
                        }
                        if let colour {
                            let start = stated == nil ? j : max(0, j - 1)
                            statements.append(Statement(
                                owner: named.name, key: key, value: colour, binding: .certain, chapter: c, block: b, first: start, last: end))
                            continue
                        }
                    }
                    guard let stated, ownerEnd >= 0 else { continue }
                    // Compound colours such as "grey-green" are not read.
                    if let owner = owner(context, block: block, end: ownerEnd) {
                        statements.append(Statement(
                            owner: owner.name, key: key, value: stated, binding: owner.binding, chapter: c, block: b,
                            first: owner.start, last: last))
                    }
                }
            }
        }
        return statements
    }

    /// Who the attribute belongs to: a possessive name ending at `end`, a name followed by
    /// "had"/"has"/"with", or a pronoun bound to the only person the sentence names.
    private func owner(_ context: ContinuityContext, block: ProseBlock, end: Int) -> (name: String, start: Int, binding: Binding)? {
        let tokens = block.tokens
        let token = tokens[end]
        // Sarah’s … eyes
        if token.isPossessive {
            if let mention = mention(context, block: block, endingAt: end, possessive: true) {
                return (mention.name, mention.start, .certain)
            }
            return nil
        }
        let word = block.text(of: token)
        // Sarah had green eyes / Sarah, with green eyes / Sarah, whose eyes were green
        if ["had", "has", "with", "whose"].contains(word), end >= 1 {
            var nameEnd = end - 1
            if block.text(of: tokens[nameEnd]) == ",", nameEnd >= 1 { nameEnd -= 1 }
            if let mention = mention(context, block: block, endingAt: nameEnd, possessive: false) {
                return (mention.name, mention.start, .certain)
            }
            return nil
        }
        // Sarah looked up, her green eyes … / Sarah sighed. Her green eyes …
        if Self.pronouns.contains(word) {
            let feminine = word.lowercased() == "her"
            let sentence = block.sentence(containing: end)
            switch people(context, block: block, in: sentence.lowerBound..<sentence.upperBound, before: end, feminine: feminine) {
            case .one(let name, let start): return (name, start, .likely)
            case .several: return nil
            case .none:
                // Nobody in its own sentence: the one person the sentence before names, if any.
                guard sentence.lowerBound > 0 else { return nil }
                let previous = block.sentence(containing: sentence.lowerBound - 1)
                if case .one(let name, let start) = people(
                    context, block: block, in: previous.lowerBound..<previous.upperBound, before: previous.upperBound, feminine: feminine)
                {
                    return (name, start, .possible)
                }
                return nil
            }
        }
        return nil
    }

    private enum People { case none, one(String, Int), several }

    /// Whom the words `range` name before `before` that a pronoun of that gender can stand for;
    /// `.several` when more than one, or a name the check does not know, may be meant.
    private func people(
        _ context: ContinuityContext, block: ProseBlock, in range: Range<Int>, before: Int, feminine: Bool
    ) -> People {
        let tokens = block.tokens
        var found: (name: String, start: Int)?
        var t = range.lowerBound
        while t < range.upperBound {
            if let m = mention(context, block: block, startingAt: t) {
                if t >= before { return found.map { .one($0.name, $0.start) } ?? .none }
                if Self.gender(of: m.name, in: context).map({ $0 == feminine }) ?? true {
                    if let found, found.name != m.name { return .several }
                    found = (m.name, t)
                }
                t += m.length
                continue
            }
            let word = tokens[t]
            if t < before, word.isWord, word.isCapitalized, !word.isSentenceInitial, !Self.notNames.contains(block.base(of: word)),
                !context.isPlace(block.base(of: word)), context.wordList?.containsLowercase(block.base(of: word)) != true
            {
                return .several  // someone the check does not know may be meant
            }
            t += 1
        }
        return found.map { .one($0.name, $0.start) } ?? .none
    }

    /// True for a woman, false for a man, from the bible's `gender:`; nil when it does not say.
    static func gender(of name: String, in context: ContinuityContext) -> Bool? {
        guard let value = context.character(named: name)?.attribute("gender")?.value.lowercased() else { return nil }
        if ["female", "woman", "f", "she", "girl"].contains(value) { return true }
        if ["male", "man", "m", "he", "boy"].contains(value) { return false }
        return nil
    }

    private func mention(_ context: ContinuityContext, block: ProseBlock, startingAt t: Int) -> (name: String, length: Int)? {
        if context.bible != nil {
            return context.characterMention(in: block, at: t).map { ($0.character.name, $0.length) }
        }
        let token = block.tokens[t]
        guard token.isWord, token.isCapitalized, !Self.notNames.contains(block.base(of: token)) else { return nil }
        if let words = context.wordList {
            guard !words.containsLowercase(block.base(of: token)) else { return nil }
        } else if token.isSentenceInitial {
            return nil
        }
        return (block.base(of: token), 1)
    }

    private func mention(
        _ context: ContinuityContext, block: ProseBlock, endingAt end: Int, possessive: Bool
    ) -> (name: String, start: Int)? {
        guard end >= 0 else { return nil }
        for start in max(0, end - 3)...end {  // longest first: "Mrs. Joe" before "Joe"
            if let m = mention(context, block: block, startingAt: start), start + m.length - 1 == end {
                if block.tokens[end].isPossessive == possessive { return (m.name, start) }
            }
        }
        return nil
    }

    private func family(_ value: String) -> String { Self.colourFamilies[value] ?? value }

    private func agrees(_ a: String, _ b: String, key: String) -> Bool {
        let fa = family(a), fb = family(b)
        return fa == fb || (key == "hair" && Self.compatibleHair.contains([fa, fb]))
    }

    private func judge(_ statements: [Statement], context: ContinuityContext) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var firstStated: [String: Statement] = [:]
        for statement in statements {
            let chapter = context.chapters[statement.chapter]
            let article = statement.key == "hair" ? "is" : "are"
            let character = context.character(named: statement.owner)
            if let character, character.attribute(statement.key) != nil {
                // The value in force in this chapter; none when the bible's periods leave it open.
                guard let fact = context.fact(statement.key, of: character, inChapter: statement.chapter) else { continue }
                guard !agrees(statement.value, fact.value, key: statement.key) else { continue }
                // A value the bible gives for another part of the story.
                let elsewhere = character.periods[statement.key]?.first { agrees(statement.value, $0.value.value, key: statement.key) }
                let when = elsewhere.map { period in
                    [period.from.map { "from \($0)" }, period.until.map { "until \($0)" }].compactMap(\.self).joined(separator: " ")
                }
                let severity: Diagnostic.Severity = switch statement.binding {
                case .certain: .error
                case .likely: .warning
                case .possible: .info
                }
                findings.append(chapter.finding(
                    severity, .attributeContradiction, block: statement.block,
                    tokens: statement.first...statement.last,
                    "\(statement.owner)’s \(statement.key) \(article) \(statement.value) here, but \(fact.value) in \(fact.location.fileAndLine)",
                    suggestion: when.map { "the bible gives \(statement.value) only \($0): write \(fact.value), or move the change" }
                        ?? "write \(fact.value), or correct the bible",
                    confidence: statement.binding == .certain ? 0.9 : statement.binding == .likely ? 0.7 : 0.5))
                continue
            }
            let key = statement.owner + "\u{0}" + statement.key
            guard let earlier = firstStated[key] else {
                firstStated[key] = statement
                continue
            }
            guard !agrees(statement.value, earlier.value, key: statement.key) else { continue }
            let earlierChapter = context.chapters[earlier.chapter]
            let weakest = min(statement.binding, earlier.binding)
            findings.append(chapter.finding(
                weakest == .possible ? .info : .warning, .attributeContradiction, block: statement.block,
                tokens: statement.first...statement.last,
                "\(statement.owner)’s \(statement.key) \(article) \(statement.value) here, but \(earlier.value) in \(earlierChapter.place(block: earlier.block, token: earlier.first))",
                suggestion: "write \(earlier.value), or change the earlier statement (a bible entry settles which is right)",
                confidence: weakest == .certain ? 0.8 : weakest == .likely ? 0.6 : 0.5))
        }
        return findings
    }
}
