// name_inconsistency.variant: a rare capitalized spelling one or two edits (a transposition is
// one) from a frequent name, that is not itself a word of the word list, a bible name or alias,
// or a plural or possessive of the name. A spelling that differs only in accents (Zoe / Zoë)
// is flagged even when the word list knows it.
//     Elizabeth … (634 times) … Elizabth      Darcy … Darcey
// Without a word list the check cannot tell names from words: it reports that once (info).
import Foundation

struct NameVariantRule: ContinuityRule {
    static let codes: [DiagnosticCode] = [.nameVariant, .noWordList]

    /// A frequent name is used at least this often, mostly capitalized in mid-sentence.
    static let frequent = 10
    /// A variant is used at most this often, and `ratio` times less than the name.
    static let rare = 3
    static let ratio = 10

    private struct Counts {
        var total = 0
        var midSentence = 0
    }

    /// A frequent name close enough to a spelling to be what it meant, whatever the counts.
    private struct Neighbour {
        var name: String
        var accentsOnly: Bool
    }

    /// What `serve` keeps between builds: the book's totals, updated by the chapters that changed
    /// rather than summed again, and each rare spelling's neighbours among the frequent names.
    private final class State: @unchecked Sendable {
        /// The chapters counted into `totals` (held, so their identities stay unique).
        var counted: [ObjectIdentifier: ChapterMemo] = [:]
        var totals: [String: (total: Int, midSentence: Int)] = [:]
        /// The frequent names and word list `neighbours` were found among.
        var names: Set<String> = []
        var wordListSources: [String] = []
        var neighbours: [String: [Neighbour]] = [:]
    }

    func check(_ context: ContinuityContext) -> [Diagnostic] {
        guard let words = context.wordList else {
            let paths = WordList.paths(forLanguage: context.language)
            let looked = paths.isEmpty ? "DraftForge knows no word list for '\(context.language)'" : "no word list was found (\(paths.joined(separator: ", ")))"
            return [Diagnostic(
                .info, .noWordList, at: nil, "\(looked), so name spellings were not checked",
                suggestion: WordList.package(forLanguage: context.language).map { "install Debian's \($0) package" + ($0.hasPrefix("wbritish") ? " (scripts/bootstrap does)" : "") }
                    ?? "names are checked in the languages Debian has word lists for",
                quote: "", confidence: 1)]
        }
        let state = context.cache?.ruleState("name-variant", make: State.init) ?? State()
        let perChapter = context.chapters.map { Self.countedWords($0) }
        Self.updateTotals(state, chapters: context.chapters, counts: perChapter)

        let known = Set(context.bible?.knownNames.flatMap { $0.split(separator: " ").map(String.init) } ?? [])
        let wholeNames = Set(context.bible?.knownNames ?? [])
        var names: [String: Int] = [:]
        for (name, counts) in state.totals where counts.total >= Self.frequent && name.count >= 3 {
            // A name, not an ordinary word that is often capitalized ("Saint", "I’ll", "Then"),
            // unless the bible names someone so (Carton, Cruncher, Biddy are words too).
            guard counts.midSentence * 2 >= counts.total, wholeNames.contains(name) || !words.containsLowercase(name) else { continue }
            names[name] = counts.total
        }
        let nameSet = Set(names.keys)
        let neighbours = state.names == nameSet && state.wordListSources == words.sources ? state.neighbours : [:]
        // The rare spellings (acronyms, APIs and ABIs, are not names) and the frequent names close
        // to each, found on every core when the last build's are not known.
        let variants = state.totals.filter { variant, counts in
            counts.total <= Self.rare && variant.count >= 3 && !known.contains(variant)
                && variant.unicodeScalars.filter(\.properties.isUppercase).count < 2
        }
        let unknown = variants.keys.filter { neighbours[$0] == nil }
        var usedNeighbours = neighbours.filter { variants[$0.key] != nil }
        if !unknown.isEmpty {
            let buckets = Dictionary(grouping: nameSet.map(Name.init), by: \.length)
            let found = Parallel.map(Parallel.pieces(of: unknown.indices, from: 64)) { range in
                unknown[range].map { (variant: $0, close: neighbourNames(of: $0, among: buckets, words: words)) }
            }
            for (variant, close) in found.joined() { usedNeighbours[variant] = close }
        }
        var findings: [Diagnostic] = []
        for (variant, counts) in variants {
            let close = usedNeighbours[variant] ?? []
            // The most used of them, and of two used as often the first in alphabetical order.
            var best: (name: String, count: Int)?
            for neighbour in close {
                guard let count = names[neighbour.name], count >= Self.ratio * counts.total else { continue }
                if best.map({ count > $0.count || (count == $0.count && neighbour.name < $0.name) }) ?? true {
                    best = (neighbour.name, count)
                }
            }
            guard let best else { continue }
            for place in Self.firstPlaces(of: variant, in: context.chapters, counted: perChapter) {
                let chapter = context.chapters[place.chapter]
                let token = chapter.blocks[place.block].tokens[place.token]
                let end = token.start + variant.unicodeScalars.count
                findings.append(chapter.finding(
                    .warning, .nameVariant, block: place.block, range: token.start..<end,
                    "'\(variant)' differs from '\(best.name)', used \(best.count.counting("time"))",
                    suggestion: "write '\(best.name)', or add '\(variant)' to a character's aliases in the bible",
                    confidence: min(0.95, 0.6 + Double(best.count) / Double(best.count + 100 * counts.total))))
            }
        }
        state.names = nameSet
        state.wordListSources = words.sources
        state.neighbours = usedNeighbours
        return findings
    }

    /// Takes out the chapters no longer in the book (or changed: their prose is new) and adds the
    /// new ones, so an edit costs one chapter's counts, not the book's.
    private static func updateTotals(_ state: State, chapters: [ProseChapter], counts: [[String: Counts]]) {
        var current: [ObjectIdentifier: Int] = [:]
        for (position, chapter) in chapters.enumerated() { current[ObjectIdentifier(chapter.memo)] = position }
        for (id, memo) in state.counted where current[id] == nil {
            for (name, counts) in memo.value("name-variant", make: { [String: Counts]() }) {
                guard var tally = state.totals[name] else { continue }
                tally.total -= counts.total
                tally.midSentence -= counts.midSentence
                state.totals[name] = tally.total > 0 ? tally : nil
            }
            state.counted[id] = nil
        }
        // Summed in a dictionary of our own, one lookup a word: this part runs on one core.
        var totals = state.totals
        state.totals = [:]
        func add(_ counts: Counts, to tally: inout (total: Int, midSentence: Int)) {
            tally.total += counts.total
            tally.midSentence += counts.midSentence
        }
        for (id, position) in current where state.counted[id] == nil {
            for (name, counts) in counts[position] { add(counts, to: &totals[name, default: (0, 0)]) }
            state.counted[id] = chapters[position].memo
        }
        state.totals = totals
    }

    /// The frequent names one or two edits from `variant` (or differing only in accents) that are
    /// not its plural or possessive, and that it may be a misspelling of at all.
    private func neighbourNames(of variant: String, among buckets: [Int: [Name]], words: WordList) -> [Neighbour] {
        let inWordList = words.contains(variant)
        let spelling = Name(variant)
        let limit = spelling.length >= 7 ? 2 : 1
        var found: [Neighbour] = []
        for candidateLength in (spelling.length - limit)...(spelling.length + limit) {
            for name in buckets[candidateLength] ?? [] where name.text != variant {
                let accentsOnly = name.folded == spelling.folded
                if inWordList && !accentsOnly { continue }
                if !accentsOnly {
                    if isInflection(variant, of: name.text) { continue }
                    guard Self.distance(spelling.scalars, name.scalars, limit: limit) <= limit else { continue }
                }
                found.append(Neighbour(name: name.text, accentsOnly: accentsOnly))
            }
        }
        return found
    }

    /// A spelling as the neighbour search compares it, made once.
    private struct Name {
        let text: String
        /// In characters, as the limits count.
        let length: Int
        let folded: String
        let scalars: [Unicode.Scalar]

        init(_ text: String) {
            self.text = text
            length = text.count
            folded = NameVariantRule.fold(text)
            scalars = Array(text.unicodeScalars)
        }
    }

    /// The book's first `rare` uses of `word`, in reading order: looked for again in the
    /// chapters that count it, for the few words reported (the counts keep no places).
    private static func firstPlaces(
        of word: String, in chapters: [ProseChapter], counted perChapter: [[String: Counts]]
    ) -> [(chapter: Int, block: Int, token: Int)] {
        var places: [(chapter: Int, block: Int, token: Int)] = []
        for (c, counts) in perChapter.enumerated() where counts[word] != nil {
            for (b, block) in chapters[c].blocks.enumerated() {
                for (t, token) in block.tokens.enumerated() where token.isCapitalized && block.base(of: token) == word {
                    places.append((c, b, t))
                    if places.count == rare { return places }
                }
            }
        }
        return places
    }

    func prepare(_ chapter: ProseChapter, in context: ContinuityContext) {
        guard context.wordList != nil else { return }
        _ = Self.countedWords(chapter)
    }

    /// Each capitalized word of one chapter, with its counts: counted once and kept with the
    /// chapter's prose.
    private static func countedWords(_ chapter: ProseChapter) -> [String: Counts] {
        chapter.memo.value("name-variant", make: { capitalizedWords(in: chapter) })
    }

    private static func capitalizedWords(in chapter: ProseChapter) -> [String: Counts] {
        // Tallied by scalars: this runs on every capitalized word of the book.
        var capitalized = ProseWordTally<Counts>()
        let blocks = chapter.blocks
        for (b, block) in blocks.enumerated() {
            for token in block.tokens where token.isCapitalized {
                let midSentence = token.isSentenceInitial ? 0 : 1
                capitalized.update(token.start..<token.baseEnd, ofBlock: b, in: blocks, initial: Counts()) { counts in
                    counts.total += 1
                    counts.midSentence += midSentence
                }
            }
        }
        return capitalized.dictionary(blocks: blocks) { counts, more in
            counts.total += more.total
            counts.midSentence += more.midSentence
        }
    }

    /// The word without accents; ASCII words are returned as they are, cheaply.
    static func fold(_ word: String) -> String {
        word.utf8.allSatisfy { $0 < 0x80 } ? word : word.folding(options: .diacriticInsensitive, locale: nil)
    }

    /// Plurals and possessives of a name: Bennets, Bennet’s, Jameses.
    private func isInflection(_ variant: String, of name: String) -> Bool {
        // Compared as bytes, without making each inflection: this runs for every pair of a rare
        // spelling and a frequent name of about its length.
        func extends(_ long: String, _ short: String, by suffixes: [String]) -> Bool {
            guard long.utf8.count > short.utf8.count, long.utf8.starts(with: short.utf8) else { return false }
            let rest = long.utf8.dropFirst(short.utf8.count)
            return suffixes.contains { rest.elementsEqual($0.utf8) }
        }
        return extends(variant, name, by: ["s", "es", "’s", "'s", "’", "'"]) || extends(name, variant, by: ["s", "es"])
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping
    /// early once it exceeds `limit`.
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        distance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit)
    }

    private static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        // The three rows on the stack: this runs for thousands of pairs in a long book.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (b.count + 1)) { rows in
            distance(a, b, limit: limit, rows: rows)
        }
    }

    private static func distance(
        _ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int, rows: UnsafeMutableBufferPointer<Int>
    ) -> Int {
        let width = b.count + 1
        var previous2 = UnsafeMutableBufferPointer(rebasing: rows[0..<width])
        var previous = UnsafeMutableBufferPointer(rebasing: rows[width..<(2 * width)])
        var current = UnsafeMutableBufferPointer(rebasing: rows[(2 * width)..<(3 * width)])
        for j in 0..<width {
            previous2[j] = 0
            previous[j] = j
            current[j] = 0
        }
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            var rowMinimum = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return a.isEmpty ? b.count : b.isEmpty ? a.count : previous[b.count]
    }
}
