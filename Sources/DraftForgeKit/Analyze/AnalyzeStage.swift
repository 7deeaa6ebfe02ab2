// Analyze: the continuity checks, between render and package. In: the loaded manuscript, the
// rendered book's titles, the bible and the waivers, and the diagnostics so far (render's
// manuscript.* findings among them). Out: the same diagnostics with the rules' findings added,
// every finding given its stable id and status, waivers applied and error findings blocking.
// Emits character_consistency.*, name_inconsistency.*, timeline_error.*, dead_character.*,
// world_rules.*, manuscript.* and waivers.unused.
import Crypto
import Foundation

public struct AnalyzeStage: Sendable {
    /// Every rule, in the order their findings are listed within a line.
    static let rules: [any ContinuityRule] = [
        AttributeRule(), RelationRule(), NameVariantRule(), DateOrderRule(), WeekdayRule(), RelativeDateRule(), TravelRule(), AgeRule(), DeadCharacterRule(),
        PointOfViewRule(),
        ForbiddenPatternRule(), SpellingVariantRule(), PlaceholderRule(), DoubledWordRule(), UnclosedQuoteRule(),
        MissingFootnoteRule(), EmptyChapterRule(), DuplicateTitleRule(),
    ]

    /// Where the word lists are read from (tests point this elsewhere).
    public var wordListPaths: [String]
    /// The word lists, already loading (the pipeline starts them before rendering).
    var wordList: Prefetch<WordList?>?

    public init(wordListPaths: [String] = WordList.defaultPaths) {
        self.wordListPaths = wordListPaths
    }

    /// Runs every rule and settles ids, waivers and blocking for all findings reported to
    /// `context`. `wordCounts` are the render's, per chapter.
    public func run(
        _ manuscript: Manuscript, titles: [String], prose: [ChapterProse], wordCounts: [Int], bible: StoryBible?,
        waivers: Waivers, context: BuildContext
    ) -> ContinuityStats {
        var laps = ProfileLaps()
        // The rules run side by side (they only read the context), and their findings are joined
        // in rule order.
        // A prefetch that found no word list installed is an answer too: do not look again.
        let wordList = if let wordList = self.wordList { wordList.value } else { WordList.load(paths: wordListPaths) }
        // Pages DraftForge wrote from the config are not the author's text.
        let chapters = zip(manuscript.chapters.indices, prose).filter { !manuscript.chapters[$0.0].isGenerated }.map { index, prose in
            ProseChapter(manuscript.chapters[index], index: index, prose: prose)
        }
        laps.lap("word list")
        let rulesContext = ContinuityContext(
            chapters: chapters, bible: bible, wordList: wordList, titles: titles, cache: context.memo,
            language: manuscript.config.language)
        // Reported in one statement, so that no copy outlives it: settle then changes each
        // finding in place rather than copying it.
        context.report(Self.findings(of: Self.rules, in: rulesContext, laps: laps).joined())
        laps.lap("rules")
        context.revise { Self.settle(&$0, chapters: chapters, manuscript: manuscript, waivers: waivers) }
        laps.lap("settle")
        let words = zip(manuscript.chapters, wordCounts).reduce(0) { $0 + ($1.0.isGenerated ? 0 : $1.1) }
        return ContinuityStats(filesAnalyzed: chapters.count, totalWords: words)
    }

    /// Each rule's findings, in the order of `rules`, found on every core (the rules only read
    /// the context). First chapter by chapter: the chapter rules and the whole-book rules'
    /// reading of each chapter one after another, while the chapter's prose is in the core's
    /// cache (a rule walking the whole book reads tens of MB of tokens from memory); then the
    /// whole-book rules, from what they read.
    static func findings(of rules: [any ContinuityRule], in context: ContinuityContext, laps: ProfileLaps) -> [[Diagnostic]] {
        let chapterRules = rules.compactMap { $0 as? any ChapterRule }
        let bookRules = rules.filter { !($0 is any ChapterRule) }
        var start = ContinuousClock.now
        let perChapter = Parallel.map(Array(context.chapters.indices)) { index in
            let chapter = context.chapters[index]
            for rule in bookRules { rule.prepare(chapter, in: context) }
            return chapterRules.map { $0.memoizedCheck(chapter, in: context) }
        }
        laps.print("rules, chapter by chapter", since: start)
        start = ContinuousClock.now
        let perBook = Parallel.map(bookRules) { rule in
            let start = ContinuousClock.now
            defer { laps.print("\(type(of: rule))", since: start) }
            return rule.check(context)
        }
        laps.print("rules, whole book", since: start)
        var (chapterRule, bookRule) = (0, 0)
        return rules.map { rule in
            if rule is any ChapterRule {
                defer { chapterRule += 1 }
                return perChapter.flatMap { $0[chapterRule] }
            }
            defer { bookRule += 1 }
            return perBook[bookRule]
        }
    }

    /// Sorts findings into reading order, gives each its id, applies waivers and sets blocking.
    static func settle(
        _ diagnostics: inout [Diagnostic], chapters: [ProseChapter], manuscript: Manuscript, waivers: Waivers
    ) {
        let order = Dictionary(uniqueKeysWithValues: chapters.map { ($0.path, $0.index) })
        // A finding in an included file is waived in the text of the first chapter including it.
        // By index: a chapter is a large value, and tens of thousands of findings would each copy it.
        var byPath = Dictionary(uniqueKeysWithValues: chapters.enumerated().map { ($1.path, $0) })
        for (position, chapter) in chapters.enumerated() {
            for file in chapter.chapter.sourceMap.includedFiles where byPath[file] == nil { byPath[file] = position }
        }
        // The findings, in reading order after the other diagnostics, copied once: an array of
        // tens of thousands of findings is megabytes, and each copy of it was fresh memory.
        let findingIndices = diagnostics.indices.filter { diagnostics[$0].isFinding }
        // Each finding's place looked up once, not at every comparison.
        let places = findingIndices.map { index in
            let location = diagnostics[index].location
            return (location.flatMap { order[$0.file] } ?? -1, location?.line ?? 0, location?.column ?? 0, index)
        }
        // Rules mostly report in reading order already: then there is nothing to sort.
        let inOrder = zip(places, places.dropFirst()).allSatisfy { $0 < $1 }
        let reading = inOrder ? findingIndices : places.indices.sorted { places[$0] < places[$1] }.map { findingIndices[$0] }
        var settled: [Diagnostic] = []
        settled.reserveCapacity(diagnostics.count + waivers.entries.count)
        for diagnostic in diagnostics where !diagnostic.isFinding { settled.append(diagnostic) }
        let firstFinding = settled.count
        for index in reading { settled.append(diagnostics[index]) }
        diagnostics = []

        struct Quoted: Hashable {
            var category: Diagnostic.Category
            var file: String
            var quote: String
        }
        var occurrences: [Quoted: Int] = [:]
        var waived: [String: Waivers.Entry] = [:]
        for entry in waivers.entries { waived[entry.id] = entry }
        var used = Set<String>()
        // Findings come in runs of one quote (a rule's findings in a line): the dictionary is
        // asked only where a run starts.
        var counted: [(key: Quoted, occurrence: Int)] = []
        counted.reserveCapacity(settled.count - firstFinding)
        for finding in settled[firstFinding...] {
            let key = Quoted(category: finding.category, file: finding.location?.file ?? "", quote: finding.quote ?? "")
            if let last = counted.last, last.key == key {
                counted.append((key, last.occurrence + 1))
            } else {
                if let last = counted.last { occurrences[last.key] = last.occurrence }
                counted.append((key, occurrences[key, default: 0] + 1))
            }
        }
        // The ids (a SHA-256 each) on every core when there are thousands.
        let ids = Parallel.map(Parallel.pieces(of: counted.indices, from: 8192)) { range in
            var message: [UInt8] = []
            return counted[range].map { key, occurrence in
                ContinuityID.make(
                    category: key.category.rawValue, file: key.file, quote: key.quote, occurrence: occurrence, scratch: &message)
            }
        }.flatMap { $0 }
        // Each finding settled in place: a copy of each retained its strings once more.
        func settleFinding(_ finding: inout Diagnostic, id: String) {
            let file = finding.location?.file ?? ""
            finding.id = id
            finding.status = .open
            if let id = finding.id, let entry = waived[id] {
                finding.status = .waived
                finding.waiverReason = entry.reason
                used.insert(id)
            } else if let position = byPath[file], !chapters[position].comments.isEmpty, let line = finding.location?.line,
                let reason = inlineWaiver(for: finding, line: line, of: file, in: chapters[position])
            {
                finding.status = .waived
                finding.waiverReason = reason
            }
            finding.isBlocking = finding.status == .open && (finding.severity == .error || finding.isBlocking)
        }
        for (offset, id) in ids.enumerated() { settleFinding(&settled[firstFinding + offset], id: id) }
        var unused: [Diagnostic] = []
        for entry in waivers.entries where !used.contains(entry.id) {
            unused.append(Diagnostic(
                .info, .waiverUnused, at: entry.location, "the waiver of \(entry.id) matches no finding",
                suggestion: "remove it: the text it waived has changed or is gone"))
        }
        settled.insert(contentsOf: unused, at: firstFinding)
        diagnostics = settled
    }

    /// The reason given by `<!-- draftforge: ignore CATEGORY -->` on the line before the
    /// finding, or just before the paragraph that holds it.
    static func inlineWaiver(for finding: Diagnostic, line: Int, of file: String, in chapter: ProseChapter) -> String? {
        guard let bodyLine = chapter.chapter.sourceMap.bodyLine(ofFileLine: line, in: file).map({ $0 - 1 }) else { return nil }
        var candidates = [bodyLine - 1, bodyLine]
        if let block = chapter.blocks.last(where: { $0.firstLine <= bodyLine }) {
            candidates.append(block.firstLine - 1)
        }
        for candidate in candidates {
            guard let comment = chapter.comments[candidate],
                let range = comment.range(of: #"draftforge:\s*ignore\s+([^>]*?)\s*-->"#, options: .regularExpression)
            else { continue }
            let body = comment[range].replacingOccurrences(
                of: #"^draftforge:\s*ignore\s+"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "-->", with: "")
            let names = body.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            if names.contains(where: { $0 == "all" || $0 == finding.category.rawValue || $0 == finding.code || $0 == finding.id }) {
                return "waived in the text (\(chapter.chapter.sourceMap.location(ofBodyLine: candidate + 1))))"
            }
        }
        return nil
    }
}

/// What the checks read, for the report's `stats`.
public struct ContinuityStats: Sendable, Equatable {
    public var filesAnalyzed: Int
    public var totalWords: Int
}

/// A finding's stable id: `cont-` and the first 8 hex digits of SHA-256 over its category, file,
/// quoted text and the occurrence number of that quote among the category's findings in the
/// file. It stays the same while the text it points at is unchanged.
public enum ContinuityID {
    private static let hex = Array("0123456789abcdef".utf8)

    public static func make(category: String, file: String, quote: String, occurrence: Int) -> String {
        var message: [UInt8] = []
        return make(category: category, file: file, quote: quote, occurrence: occurrence, scratch: &message)
    }

    /// The same, the hashed text made in `scratch`: tens of thousands of ids reuse one buffer.
    static func make(category: String, file: String, quote: String, occurrence: Int, scratch message: inout [UInt8]) -> String {
        message.removeAll(keepingCapacity: true)
        message.append(contentsOf: category.utf8)
        message.append(0x0A)
        message.append(contentsOf: file.utf8)
        message.append(0x0A)
        message.append(contentsOf: quote.utf8)
        message.append(0x0A)
        message.append(contentsOf: String(occurrence).utf8)
        var hasher = SHA256()
        message.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        return String(unsafeUninitializedCapacity: 13) { id in
            for (index, byte) in "cont-".utf8.enumerated() { id[index] = byte }
            for (index, byte) in digest.prefix(4).enumerated() {
                id[5 + 2 * index] = hex[Int(byte >> 4)]
                id[6 + 2 * index] = hex[Int(byte & 0xF)]
            }
            return 13
        }
    }
}
