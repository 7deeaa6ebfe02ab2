// `draftforge bible --suggest`: a first bible read off the manuscript, for the author to accept.
// Characters are the proper names that recur (words whose lower case is no ordinary word), with
// a title ("Mr. Darcy") or without; a bare name joins the one titled or full name it belongs to
// ("Darcy" → "Mr. Darcy", "Elizabeth" → "Elizabeth Bennet") and is left out when it could be
// several. Gender comes from the title, else from the pronouns after the name. A name that
// mostly follows "at", "in", "to", "from" is a place. Nothing is written: the YAML is printed.
import Foundation

public struct BibleSuggestion: Sendable {
    public struct Character: Sendable, Equatable {
        public var name: String
        public var aliases: [String]
        /// "female" or "male", when the title or the pronouns say.
        public var gender: String?
        public var mentions: Int
        /// `file:line` of the first mention.
        public var first: String
        /// Aliases that are nicknames of the name (Lizzy of Elizabeth), for the author to confirm.
        public var nicknames: [String] = []
        /// Attributes the text states, each with where it first does.
        public var attributes: [Attribute] = []
    }

    public struct Attribute: Sendable, Equatable {
        public var key: String
        public var value: String
        public var first: String
    }

    /// A date the text writes, with where: for a chapter's `date:`.
    public struct FoundDate: Sendable, Equatable {
        public var date: StoryDate
        public var place: String
    }

    public struct Place: Sendable, Equatable {
        public var name: String
        public var mentions: Int
        public var first: String
    }

    public var characters: [Character]
    public var places: [Place]
    /// Bare names left out because they could be more than one character: name → the candidates.
    public var ambiguous: [(name: String, candidates: [String])]
    public var chapterCount: Int
    /// The first full date each chapter writes.
    public var dates: [FoundDate] = []

    /// Familiar forms of given names, for joining a nickname to its character. Written for
    /// DraftForge from common English usage; a name that begins another (Eliza, Fitz) counts too.
    static let nicknames: [String: Set<String>] = [
        "Elizabeth": ["Lizzy", "Lizzie", "Liz", "Eliza", "Beth", "Bess", "Bessie", "Betsy", "Betty", "Libby"],
        "Catherine": ["Kitty", "Kate", "Katie", "Cathy", "Kit"], "Katherine": ["Kitty", "Kate", "Katie", "Kathy", "Kit"],
        "Margaret": ["Meg", "Maggie", "Peggy", "Peg", "Madge"], "Mary": ["Polly", "Molly", "Mamie"],
        "Sarah": ["Sally", "Sal", "Sadie"], "William": ["Will", "Bill", "Billy", "Willy", "Willie"],
        "Robert": ["Bob", "Bobby", "Rob", "Robbie"], "Richard": ["Dick", "Rick", "Dickon"], "Henry": ["Harry", "Hal"],
        "John": ["Jack", "Johnny"], "Edward": ["Ned", "Ted", "Teddy", "Eddie"], "Thomas": ["Tom", "Tommy"],
        "James": ["Jim", "Jem", "Jamie", "Jimmy"], "Charles": ["Charlie", "Charley"], "Frances": ["Fanny"],
        "Jane": ["Jenny", "Jennie"], "Helen": ["Nell", "Nelly", "Nellie"], "Eleanor": ["Nell", "Nelly", "Ellie"],
        "Philip": ["Pip", "Phil"], "Joseph": ["Joe", "Joey"], "Anne": ["Annie", "Nan", "Nancy"], "Ann": ["Annie", "Nan"],
        "Susan": ["Sue", "Susie", "Sukey"], "Georgiana": ["Georgie"], "Christopher": ["Kit", "Chris"],
        "Nicholas": ["Nick"], "Alexander": ["Alex", "Sandy"], "Benjamin": ["Ben"], "Samuel": ["Sam"],
        "Dorothy": ["Dolly", "Dot"], "Rebecca": ["Becky"], "Isabella": ["Bella"], "Caroline": ["Carrie"],
        "Harriet": ["Hattie"], "Matilda": ["Tilly"], "Abigail": ["Abby"],
    ]

    static let maleTitles: Set<String> = ["Mr", "Sir", "Lord", "Colonel", "Captain", "Major", "General", "Uncle", "Dr"]
    static let femaleTitles: Set<String> = ["Mrs", "Miss", "Ms", "Lady", "Aunt", "Madame", "Mme", "Mlle"]
    static let abbreviated: Set<String> = ["Mr", "Mrs", "Ms", "Dr", "Mme", "Mlle"]
    /// Capitalised words that are no one: days, months, feasts, peoples, and the words of address.
    static let noOne: Set<String> = [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "May", "June", "July", "August", "September", "October", "November", "December", "Christmas",
        "Easter", "Michaelmas", "Whitsun", "English", "French", "Scotch", "Scottish", "Irish", "Welsh", "German",
        "Italian", "Spanish", "American", "British", "Christian", "God", "Heaven", "Lord", "I", "O", "Oh", "Ah", "St",
    ]
    /// Lower-case words inside a name: Catherine de Bourgh, Ludwig van Beethoven.
    static let particles: Set<String> = ["de", "du", "des", "la", "le", "van", "von", "der", "den", "di", "da", "del", "della"]
    static let placePrepositions: Set<String> = ["at", "in", "to", "from", "near", "towards", "toward", "into", "through"]

    /// A name as the text writes it, counted.
    private struct Form {
        var text: String
        var title: String?
        var words: [String]
        var mentions = 0
        /// Mentions not at the start of a sentence, where any word is capitalised.
        var midSentence = 0
        var chapters = Set<Int>()
        var first = ""
        /// Chapter, block and token of the first mention, for reading order.
        var firstAt = [Int.max]
        var afterPreposition = 0
        var feminine = 0
        var masculine = 0
    }

    static func suggest(
        _ chapters: [ProseChapter], wordList: WordList?, existing: StoryBible? = nil, least: Int = 5
    ) -> BibleSuggestion {
        var forms: [String: Form] = [:]
        // A dictionary word is a name too when the book nearly always capitalises it mid-sentence
        // (Joe, Pip): counted once over the text.
        var lowerCase: [String: Int] = [:]
        var midCapital: [String: Int] = [:]
        for chapter in chapters {
            for block in chapter.blocks {
                for token in block.tokens where token.isWord {
                    if token.isCapitalized {
                        if !token.isSentenceInitial { midCapital[block.base(of: token), default: 0] += 1 }
                    } else {
                        lowerCase[block.base(of: token), default: 0] += 1
                    }
                }
            }
        }
        func isNameWord(_ token: ProseToken, in block: ProseBlock) -> Bool {
            guard token.isWord, token.isCapitalized else { return false }
            let word = block.base(of: token)
            guard word.count > 1 else { return false }
            if noOne.contains(word) || maleTitles.contains(word) || femaleTitles.contains(word) { return false }
            // I’ll, I’d: a pronoun and its verb.
            if word.hasPrefix("I’") || word.hasPrefix("I'") { return false }
            guard wordList?.containsLowercase(word) == true else { return true }
            let capitalised = midCapital[word] ?? 0
            return capitalised >= 5 && (lowerCase[word.lowercased()] ?? 0) * 20 <= capitalised
        }
        for (c, chapter) in chapters.enumerated() {
            for (b, block) in chapter.blocks.enumerated() {
                let tokens = block.tokens
                var i = 0
                while i < tokens.count {
                    let token = tokens[i]
                    let base = token.isWord ? block.base(of: token) : ""
                    let titled = token.isWord && (maleTitles.contains(base) || femaleTitles.contains(base))
                    var j = i + (titled ? 1 : 0)
                    if titled, j < tokens.count, block.text(of: tokens[j]) == "." { j += 1 }
                    var words: [String] = []
                    var k = j
                    while k < tokens.count, words.count < 4 {
                        // "de Bourgh": a particle joins the name only before a name word.
                        if (titled || !words.isEmpty), particles.contains(block.text(of: tokens[k])), k + 1 < tokens.count, isNameWord(tokens[k + 1], in: block) {
                            words.append(block.text(of: tokens[k]))
                            k += 1
                            continue
                        }
                        guard isNameWord(tokens[k], in: block) else { break }
                        words.append(block.base(of: tokens[k]))
                        let possessive = tokens[k].isPossessive
                        k += 1
                        if possessive { break }
                    }
                    if words.first.map(particles.contains) == true, !titled { words = [] }
                    guard !words.isEmpty else {
                        i = max(i + 1, k)
                        continue
                    }
                    let title = titled ? base + (abbreviated.contains(base) ? "." : "") : nil
                    let text = ([title].compactMap(\.self) + words).joined(separator: " ")
                    var form = forms[text] ?? Form(text: text, title: titled ? base : nil, words: words)
                    form.mentions += 1
                    // A bare word that opens a sentence may be any word; it counts once seen elsewhere.
                    if titled || words.count > 1 || !tokens[j].isSentenceInitial { form.midSentence += 1 }
                    form.chapters.insert(c)
                    if form.first.isEmpty {
                        form.first = chapter.place(block: b, token: i)
                        form.firstAt = [c, b, i]
                    }
                    var p = i - 1
                    if p >= 0, block.text(of: tokens[p]).lowercased() == "the" { p -= 1 }
                    if p >= 0, placePrepositions.contains(block.text(of: tokens[p]).lowercased()) { form.afterPreposition += 1 }
                    // The first personal pronoun within the next dozen words of the sentence.
                    let sentenceEnd = block.sentence(containing: i).upperBound
                    for t in tokens[k..<max(k, min(sentenceEnd, k + 12))] where t.isWord {
                        let word = block.text(of: t).lowercased()
                        if ["she", "her", "hers", "herself"].contains(word) { form.feminine += 1; break }
                        if ["he", "him", "his", "himself"].contains(word) { form.masculine += 1; break }
                    }
                    forms[text] = form
                    i = k
                }
            }
        }

        // A family in the plural (the Bingleys, the Miss Bennets) is not a character.
        let nameWords = Set(forms.values.filter { $0.mentions >= least }.flatMap(\.words))
        for (text, form) in forms {
            guard let last = form.words.last else { continue }
            let stems = [String(last.dropLast()), last.hasSuffix("es") ? String(last.dropLast(2)) : ""]
            if last.hasSuffix("s"), stems.contains(where: nameWords.contains) { forms[text] = nil }
        }
        let known = Set((existing?.characters.flatMap(\.allNames) ?? []) + (existing?.places.flatMap { [$0.name] + $0.aliases } ?? []))
        // Forms are grouped before the group is held to `least` mentions in two chapters or more.
        // In the order of their text, not the dictionary's: the grouping below depends on it, and
        // the dictionary's order changes from one run to the next.
        let frequent = forms.values.filter { $0.mentions >= 2 && $0.midSentence > 0 }.sorted { $0.text < $1.text }
        var places: [Place] = []
        var people: [Form] = []
        for form in frequent {
            if form.title == nil, Double(form.afterPreposition) >= 0.4 * Double(form.mentions), form.feminine + form.masculine < form.mentions / 2 {
                if form.mentions >= least, form.chapters.count >= 2 {
                    places.append(Place(name: form.text, mentions: form.mentions, first: form.first))
                }
            } else {
                people.append(form)
            }
        }
        let placeNames = Set(places.map(\.name))

        // Full and titled names are characters; a bare single name joins the one it belongs to.
        let heads = people.filter { $0.title != nil || $0.words.count > 1 }
        var aliases: [String: [String]] = [:]
        var ambiguous: [(String, [String])] = []
        var alone: [Form] = []
        for bare in people where bare.title == nil && bare.words.count == 1 {
            let word = bare.words[0]
            let asFirst = heads.filter { $0.title == nil && $0.words.first == word }
            let asLast = heads.filter { $0.title != nil && $0.words.last == word }
            // A first name far more common than the full name it begins is someone else's too
            // (Mary beside a Mary King met twice).
            let owners = asFirst.isEmpty ? asLast : asFirst.filter { $0.mentions * 10 >= bare.mentions }
            if owners.isEmpty {
                alone.append(bare)
            } else if owners.count == 1 {
                aliases[owners[0].text, default: []].append(bare.text)
            } else {
                let ranked = owners.sorted { $0.mentions > $1.mentions }
                if ranked[0].mentions >= 3 * ranked[1].mentions {
                    aliases[ranked[0].text, default: []].append(bare.text)
                } else {
                    ambiguous.append((bare.text, ranked.map(\.text)))
                }
            }
        }
        func gender(_ form: Form, _ members: [Form]) -> String? {
            if let title = form.title { return maleTitles.contains(title) ? "male" : "female" }
            let she = members.reduce(0) { $0 + $1.feminine }, he = members.reduce(0) { $0 + $1.masculine }
            if she >= 3 * max(he, 1) { return "female" }
            if he >= 3 * max(she, 1) { return "male" }
            return nil
        }
        // A full name "George Wickham" joins the one titled name "Mr. Wickham" of its surname;
        // "Lady Catherine de Bourgh" joins "Lady Catherine".
        var merged = Set<String>()
        for long in heads where long.title != nil && long.words.count > 1 {
            if let short = heads.first(where: { $0.title == long.title && $0.words == [long.words[0]] }) {
                aliases[short.text, default: []].append(long.text)
                merged.insert(long.text)
            }
        }
        for full in heads where full.title == nil && full.words.count > 1 && !merged.contains(full.text) {
            // Of "Mr. Wickham" and "Mrs. Wickham", the one of the full name's gender, if it has one.
            let fullGender = gender(full, [full])
            let titled = heads.filter { head in
                guard let title = head.title, head.words.last == full.words.last else { return false }
                return fullGender.map { $0 == (maleTitles.contains(title) ? "male" : "female") } ?? true
            }
            let ranked = titled.sorted { $0.mentions > $1.mentions }
            if let top = ranked.first, top.mentions > full.mentions, ranked.count == 1 || top.mentions >= 3 * ranked[1].mentions {
                aliases[top.text, default: []].append(full.text)
                merged.insert(full.text)
            }
        }
        var characters: [Character] = []
        let byText = Dictionary(uniqueKeysWithValues: people.map { ($0.text, $0) })
        for form in heads + alone where !placeNames.contains(form.text) && !merged.contains(form.text) {
            let members = ([form] + (aliases[form.text] ?? []).compactMap { byText[$0] }).sorted { ($0.mentions, $1.text) > ($1.mentions, $0.text) }
            // Named as the text most often names them.
            let names = members.map(\.text)
            guard !names.contains(where: known.contains), members.reduce(0, { $0 + $1.mentions }) >= least,
                members.reduce(into: Set<Int>(), { $0.formUnion($1.chapters) }).count >= 2
            else { continue }
            let first = members.min { $0.firstAt.lexicographicallyPrecedes($1.firstAt) }?.first ?? form.first
            characters.append(Character(
                name: names[0], aliases: names.dropFirst().sorted(), gender: gender(form, members),
                mentions: members.reduce(0) { $0 + $1.mentions }, first: first))
        }
        characters = joinNicknames(characters)
        characters.sort { ($0.mentions, $1.name) > ($1.mentions, $0.name) }
        places = places.filter { !known.contains($0.name) }.sorted { ($0.mentions, $1.name) > ($1.mentions, $0.name) }
        return BibleSuggestion(
            characters: characters, places: places, ambiguous: ambiguous.sorted { $0.0 < $1.0 }, chapterCount: chapters.count)
    }

    /// A one-word character whose name is a nickname of exactly one other character's given
    /// name (of a name without a title: "Lady Catherine" is no Kitty) joins that character.
    private static func joinNicknames(_ characters: [Character]) -> [Character] {
        var characters = characters
        var joined = Set<Int>()
        for (n, nickname) in characters.enumerated() where !nickname.name.contains(" ") {
            let owners = characters.indices.filter { o in
                // One the text calls by a title (Lady Catherine, Mr. Darcy) is no one's Kitty.
                let title = characters[o].name.split(separator: " ").first.map { $0.replacingOccurrences(of: ".", with: "") } ?? ""
                guard o != n, !joined.contains(o), !maleTitles.contains(title), !femaleTitles.contains(title), nickname.gender == nil || characters[o].gender == nil || nickname.gender == characters[o].gender
                else { return false }
                let given = ([characters[o].name] + characters[o].aliases).compactMap { name -> String? in
                    let words = name.split(separator: " ").map(String.init)
                    guard let first = words.first, !maleTitles.contains(first.replacingOccurrences(of: ".", with: "")),
                        !femaleTitles.contains(first.replacingOccurrences(of: ".", with: ""))
                    else { return nil }
                    return first
                }
                return given.contains { name in
                    name != nickname.name
                        && (nicknames[name]?.contains(nickname.name) == true || (nickname.name.count >= 3 && name.hasPrefix(nickname.name)))
                }
            }
            guard owners.count == 1 else { continue }
            let o = owners[0]
            characters[o].aliases = (characters[o].aliases + [nickname.name] + nickname.aliases).sorted()
            characters[o].nicknames.append(nickname.name)
            characters[o].mentions += nickname.mentions
            joined.insert(n)
        }
        return characters.enumerated().filter { !joined.contains($0.offset) }.map(\.element)
    }

    /// Adds what the text states of the suggested characters (the first statement of each
    /// attribute, by a name of theirs) and the first date each chapter writes.
    mutating func addFacts(
        attributes: [(owner: String, key: String, value: String, place: String)], chapters: [ProseChapter]
    ) {
        for statement in attributes {
            let owners = characters.indices.filter { c in
                ([characters[c].name] + characters[c].aliases).contains { $0 == statement.owner || $0.split(separator: " ").map(String.init).contains(statement.owner) }
            }
            guard owners.count == 1, !characters[owners[0]].attributes.contains(where: { $0.key == statement.key }) else { continue }
            characters[owners[0]].attributes.append(Attribute(key: statement.key, value: statement.value, first: statement.place))
        }
        for chapter in chapters {
            for (b, block) in chapter.blocks.enumerated() {
                guard let found = StoryCalendar.firstFullDate(block, in: block.tokens.indices) else { continue }
                let date = StoryCalendar.date(dayNumber: found.dayNumber)
                dates.append(FoundDate(date: StoryDate(year: date.year, month: date.month, day: date.day), place: chapter.place(block: b, token: found.start)))
                break
            }
        }
    }

    /// The suggestion as bible YAML, each entry with where it was first seen.
    public var yaml: String {
        func quoted(_ text: String) -> String {
            text.contains(where: { ":#{}[],&*!|>'\"%@`".contains($0) }) || text.hasPrefix(" ")
                ? "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text
        }
        var out = "# Suggested by draftforge bible --suggest from \(chapterCount.counting("chapter")): a starting point to check, not a record.\n"
        out += "characters:\n"
        for character in characters {
            out += "  - name: \(quoted(character.name))  # \(character.mentions.counting("mention")), first at \(character.first)\n"
            if !character.aliases.isEmpty {
                let note = character.nicknames.isEmpty ? "" : "  # \(character.nicknames.joined(separator: ", ")): a nickname, by the name"
                out += "    aliases: [\(character.aliases.map(quoted).joined(separator: ", "))]\(note)\n"
            }
            let attributes = (character.gender.map { ["gender: \($0)"] } ?? []) + character.attributes.map { "\($0.key): \($0.value)" }
            if !attributes.isEmpty {
                let note = character.attributes.map { "\($0.key) first at \($0.first)" }.joined(separator: "; ")
                out += "    attributes: {\(attributes.joined(separator: ", "))}\(note.isEmpty ? "" : "  # " + note)\n"
            }
        }
        if characters.isEmpty { out += "  []\n" }
        out += "places:\n"
        for place in places { out += "  - name: \(quoted(place.name))  # \(place.mentions.counting("mention")), first at \(place.first)\n" }
        if places.isEmpty { out += "  []\n" }
        if !dates.isEmpty {
            out += "# Dates the text writes: a chapter set on one takes it as 'date:' in its front matter.\n"
            for found in dates { out += "#   \(found.place)  date: \(found.date)\n" }
        }
        for (name, candidates) in ambiguous {
            out += "# '\(name)' alone could be \(candidates.joined(separator: " or ")): add it to the aliases of the one it means\n"
        }
        return out
    }
}
