// `draftforge stats`: load the manuscript and compute its stats without rendering or writing
// anything. The build computes the same stats from the chapters it renders.
import Foundation

/// What `Pipeline.stats` reports.
public struct StatsReport: Sendable {
    public var stats: ManuscriptStats
    /// The config the stats were computed with (title, target).
    public var config: ManuscriptConfig
    /// The load stage's warnings.
    public var diagnostics: [Diagnostic]
}

extension Pipeline {
    /// Loads the manuscript at `root` and computes its stats. Throws a `BuildFailure` when the
    /// manuscript cannot be loaded.
    public static func stats(root: URL, options: StatsOptions) throws(BuildFailure) -> StatsReport {
        try LargeStack.run {
            Result { () throws(BuildFailure) in
                let context = BuildContext(root: root, environment: options.environment)
                let manuscript = try LoadStage().run(context: context)
                let chapters = manuscript.chapters.map { measure($0, config: manuscript.config) }
                let stats = StatsStage(options: options).run(manuscript, chapters: chapters)
                return StatsReport(stats: stats, config: manuscript.config, diagnostics: context.diagnostics)
            }
        }.get()
    }

    /// A chapter parsed and counted exactly as the render stage does it.
    static func measure(_ chapter: Chapter, config: ManuscriptConfig) -> MeasuredChapter {
        let parsed = CMarkParser.parse(chapter.body, smartPunctuation: config.smartPunctuation)
        let nodes = DocumentRenderer.render(parsed.document).nodes
        return MeasuredChapter(
            title: chapter.title(heading: Chapter.firstHeading(in: nodes), strings: config.interfaceStrings), file: chapter.path, status: chapter.frontMatter.status,
            prose: WordCounter.count(ChapterProse(document: parsed.document, body: chapter.body)))
    }
}
