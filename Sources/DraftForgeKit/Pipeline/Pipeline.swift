// The build, as one recipe: load → render → stats → package, then stats.json. Each stage reports diagnostics and
// throws only when there is nothing left to work with.
import Foundation

/// An output the build can produce.
public enum ExportFormat: String, CaseIterable, Sendable, Codable {
    case epub
    /// What `build` makes when `--format` is not given.
    public static let defaults: [ExportFormat] = [.epub]
}

/// What to build and where.
public struct BuildOptions: Sendable {
    public var root: URL
    public var outputDirectory: URL?
    public var formats: [ExportFormat]
    public var allowBlocking: Bool
    public var environment: [String: String]
    /// The day the stats' streaks end on (`--today`); nil for the default.
    public var today: CalendarDay?
    /// False skips reading Git for the stats (`--no-history`).
    public var includeHistory: Bool

    public init(
        root: URL, outputDirectory: URL? = nil, formats: [ExportFormat] = ExportFormat.defaults,
        allowBlocking: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment,
        today: CalendarDay? = nil, includeHistory: Bool = true
    ) {
        self.root = root
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.allowBlocking = allowBlocking
        self.environment = environment
        self.today = today
        self.includeHistory = includeHistory
    }

    var statsOptions: StatsOptions {
        StatsOptions(today: today, includeHistory: includeHistory, environment: environment)
    }

    /// `<manuscript>/dist` unless an output folder was given.
    public var resolvedOutputDirectory: URL {
        outputDirectory ?? root.appendingPathComponent("dist")
    }
}

/// One file the build wrote.
public struct BuildOutput: Sendable {
    public var format: ExportFormat
    public var url: URL
    public var sizeBytes: Int
}

/// What a finished build reports.
public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var outputs: [BuildOutput]
    /// The writing statistics, as written to `stats.json`.
    public var stats: ManuscriptStats
    /// Where `stats.json` was written.
    public var statsURL: URL
    public var duration: Duration

    public var wordCount: Int { stats.wordCount }
    public var chapterCount: Int { stats.chapterCount }
}

public enum Pipeline {
    /// Runs the build once. Throws a `BuildFailure` (with every diagnostic so far) when the input
    /// is bad, a blocking finding stops export, or an output cannot be written.
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildResult {
        try LargeStack.run { Result { () throws(BuildFailure) in try buildOnCurrentThread(options) } }.get()
    }

    private static func buildOnCurrentThread(_ options: BuildOptions) throws(BuildFailure) -> BuildResult {
        let clock = ContinuousClock()
        let start = clock.now
        var diagnostics: [Diagnostic] = []

        let manuscript = try LoadStage().run(root: options.root, diagnostics: &diagnostics)
        let buildDate = BuildDate.resolve(root: manuscript.root, environment: options.environment)
        let book: RenderedBook
        do {
            book = try RenderStage(buildDate: buildDate).run(manuscript, diagnostics: &diagnostics)
        } catch {
            throw BuildFailure(error.kind, diagnostics + error.diagnostics)
        }

        let epubTemplates: TemplateSet
        do {
            epubTemplates = try TemplateSet(format: "epub", manuscriptRoot: manuscript.root)
        } catch {
            throw BuildFailure(.badInput, diagnostics + [error])
        }
        for unused in TemplateSet.unusedOverrides(in: manuscript.root, knownNames: Set(epubTemplates.names)) {
            diagnostics.append(Diagnostic(
                .warning, .templateUnused, at: SourceLocation(file: "\(TemplateSet.overrideFolder)/\(unused)"),
                "this file replaces no template",
                suggestion: "name it after a template: \(epubTemplates.names.joined(separator: ", "))"))
        }

        let measured = zip(manuscript.chapters, book.chapters).map { source, rendered in
            MeasuredChapter(
                title: rendered.title, file: rendered.sourcePath, status: source.frontMatter.status,
                prose: rendered.prose)
        }
        let stats = StatsStage(options: options.statsOptions).run(manuscript, chapters: measured)

        let blocking = diagnostics.filter(\.isBlocking)
        if !blocking.isEmpty, !options.allowBlocking {
            throw BuildFailure(.blocked, diagnostics)
        }

        var outputs: [BuildOutput] = []
        let directory = options.resolvedOutputDirectory
        for format in options.formats {
            let destination = directory.appendingPathComponent("\(manuscript.config.slug).\(format.rawValue)")
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let size: Int
                switch format {
                case .epub: size = try EPUBPackager(templates: epubTemplates).write(book, to: destination)
                }
                outputs.append(BuildOutput(format: format, url: destination, sizeBytes: size))
            } catch {
                diagnostics.append(Diagnostic(
                    .error, .outputFailed, at: nil,
                    "could not write \(destination.path): \(error.localizedDescription)"))
                throw BuildFailure(.exportFailed, diagnostics)
            }
        }
        let statsURL: URL
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            statsURL = try stats.write(into: directory)
        } catch {
            diagnostics.append(Diagnostic(
                .error, .outputFailed, at: nil,
                "could not write \(directory.appendingPathComponent("stats.json").path): \(error.localizedDescription)"))
            throw BuildFailure(.exportFailed, diagnostics)
        }
        return BuildResult(
            diagnostics: diagnostics, outputs: outputs, stats: stats, statsURL: statsURL,
            duration: clock.now - start)
    }
}
