// `draftforge check BOOK BOOK…`: the books of a series checked together. Each book is checked
// as `check` does (with its own bible over the series bible); then the facts that span books are
// checked over all the chapters in series order, with one bible made of the series bible and
// every book's own: an attribute the first book states and the second contradicts, a name
// spelled otherwise, the dead of book one who speak in book two, a marriage, and two books'
// bibles that disagree (`bible.series-conflict`). Paths are given under each book's folder.
import Foundation

extension Pipeline {
    /// The rules whose facts run across books.
    static let seriesRules: [any ContinuityRule] = [AttributeRule(), RelationRule(), NameVariantRule(), DeadCharacterRule()]

    /// Checks `books` in series order; each label (the folder as the user named it) prefixes the
    /// paths of that book's findings and diagnostics.
    public static func checkSeries(_ books: [(label: String, options: BuildOptions)]) throws(BuildFailure) -> CheckResult {
        try LargeStack.run {
            Result { () throws(BuildFailure) in
                let clock = ContinuousClock()
                let start = clock.now
                let startedAt = Date()
                var diagnostics: [Diagnostic] = []
                var chapters: [ProseChapter] = []
                var titles: [String] = []
                var seriesBible: StoryBible?
                var inputs: BuildInputs?
                var words = 0
                var last: Manuscript?
                var conflicts: [Diagnostic] = []
                for (label, options) in books {
                    let context = options.context()
                    let (manuscript, book, _) = try analyze(options, context: context, purpose: .findings, finishStage: { _ in })
                    diagnostics += context.diagnostics.map { $0.inFolder(label) }
                    inputs = inputs ?? context.inputs
                    last = manuscript
                    for (index, chapter) in manuscript.chapters.enumerated() where !chapter.isGenerated {
                        var moved = chapter
                        moved.name = label + "/" + chapter.name
                        moved.path = label + "/" + chapter.path
                        moved.sourceMap = chapter.sourceMap.inFolder(label)
                        chapters.append(ProseChapter(moved, index: chapters.count, prose: book.chapters[index].text))
                        titles.append(book.chapters[index].title)
                        words += book.chapters[index].prose.words
                    }
                    // The series bible, then each book's own over it, its chapters named in the series.
                    var warnings: [Diagnostic] = []  // reported by the book's own check
                    do throws(Diagnostic) {
                        if seriesBible == nil, let path = manuscript.config.seriesBible {
                            seriesBible = try BibleLoader.loadSeries(
                                path, root: manuscript.root, location: manuscript.config.seriesBibleLocation, warnings: &warnings)
                                .inFolder(label)
                        }
                        if let own = try BibleLoader.loadOwn(
                            root: manuscript.root, config: manuscript.config, chapters: manuscript.chapters.map(\.name),
                            warnings: &warnings)
                        {
                            let own = own.inFolder(label)
                            seriesBible = seriesBible.map { BibleLoader.merge($0, under: own, warnings: &conflicts) } ?? own
                        }
                    } catch {
                        throw context.failure(.badInput, [error].map { $0.inFolder(label) })
                    }
                }
                let bibleConflicts = conflicts
                let context = ContinuityContext(
                    chapters: chapters, bible: seriesBible, wordList: WordList.load(), titles: titles,
                    language: last?.config.language ?? "en")
                var across = Parallel.map(seriesRules) { $0.check(context) }.flatMap { $0 }
                // What a book's own check found is listed once.
                let known = Set(diagnostics.filter(\.isFinding).map { FindingPlace($0) })
                across.removeAll { known.contains(FindingPlace($0)) }
                if let manuscript = last {
                    AnalyzeStage.settle(&across, chapters: chapters, manuscript: manuscript, waivers: Waivers(file: ""))
                }
                diagnostics += bibleConflicts + across
                let report = ContinuityReport(
                    findings: diagnostics, stats: ContinuityStats(filesAnalyzed: chapters.count, totalWords: words),
                    startedAt: startedAt, completedAt: Date(), chapters: zip(chapters, titles).map { ($0.path, $1) })
                return CheckResult(
                    diagnostics: diagnostics, continuity: report, duration: clock.now - start, inputs: inputs ?? BuildInputs())
            }
        }.get()
    }

    /// A finding's code and place, to tell whether two runs found the same thing.
    private struct FindingPlace: Hashable {
        var code: String
        var location: SourceLocation?
        init(_ finding: Diagnostic) {
            code = finding.code
            location = finding.location
        }
    }
}

extension Diagnostic {
    /// The diagnostic with its file under `folder`.
    func inFolder(_ folder: String) -> Diagnostic {
        var moved = self
        if let file = location?.file, !file.isEmpty { moved.location?.file = folder + "/" + file }
        return moved
    }
}

extension StoryBible {
    /// The bible with the chapters it names, and the files of its locations, under `folder`.
    func inFolder(_ folder: String) -> StoryBible {
        func move(_ location: SourceLocation) -> SourceLocation {
            var moved = location
            moved.file = folder + "/" + location.file
            return moved
        }
        func move(_ bound: Character.Bound?) -> Character.Bound? {
            guard case .chapter(let name) = bound else { return bound }
            return .chapter(folder + "/" + name)
        }
        var moved = self
        moved.file = folder + "/" + file
        moved.characters = characters.map { character in
            var character = character
            character.location = move(character.location)
            character.attributes = character.attributes.map { ($0.key, .init(value: $0.value.value, location: move($0.value.location))) }
            character.born = character.born.map { .init(value: $0.value, location: move($0.location)) }
            character.dies = character.dies.map { .init(value: folder + "/" + $0.value, location: move($0.location)) }
            character.periods = character.periods.mapValues { periods in
                periods.map { period in
                    var period = period
                    period.value.location = move(period.value.location)
                    period.from = move(period.from)
                    period.until = move(period.until)
                    return period
                }
            }
            return character
        }
        moved.rules = rules.map { var rule = $0; rule.location = move(rule.location); return rule }
        moved.spelling = spelling.map { var entry = $0; entry.location = move(entry.location); return entry }
        return moved
    }
}
