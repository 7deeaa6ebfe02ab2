// `draftforge bible --suggest`: load the manuscript and its bible (if any), read the chapters'
// prose, and propose what the bible does not hold yet. Writes nothing.
import Foundation

extension Pipeline {
    public static func suggestBible(_ options: BuildOptions) throws(BuildFailure) -> (BibleSuggestion, [Diagnostic]) {
        let context = options.context()
        let manuscript = try LoadStage().run(context: context)
        var warnings: [Diagnostic] = []
        let bible: StoryBible?
        do {
            bible = try BibleLoader.load(
                root: manuscript.root, config: manuscript.config, chapters: manuscript.chapters.map(\.name), warnings: &warnings)
        } catch {
            throw context.failure(.badInput, [error])
        }
        context.report(warnings)
        let paths = options.wordListPaths(forLanguage: manuscript.config.language)
        let prose = Parallel.map(Array(manuscript.chapters.enumerated())) { index, chapter in
            ProseChapter(chapter, index: index)
        }
        let wordList = WordList.load(paths: paths)
        var suggestion = BibleSuggestion.suggest(prose, wordList: wordList, existing: bible)
        // Attributes are read as without a bible: the first statement of each sets it.
        let reading = ContinuityContext(chapters: prose, bible: nil, wordList: wordList, titles: [], language: manuscript.config.language)
        suggestion.addFacts(attributes: AttributeRule().firstStatements(reading), chapters: prose)
        return (suggestion, context.diagnostics)
    }
}
