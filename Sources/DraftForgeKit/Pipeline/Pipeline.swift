// The build, as one recipe: load → render → analyze → package. Each stage reports diagnostics
// and throws only when there is nothing left to work with. `check` is the same recipe without
// packaging.
import Foundation

/// An output the build can produce.
public enum ExportFormat: String, CaseIterable, Sendable, Codable {
    case epub
    /// What `build` makes when `--format` is not given.
    public static let defaults: [ExportFormat] = [.epub]
}

/// What the build is doing, for a progress display.
public enum BuildProgress: Sendable, Equatable {
    case loaded(chapters: Int)
    case rendered(chapters: Int, of: Int)
    case wrote(ExportFormat, URL)
}

/// What to build and where.
public struct BuildOptions: Sendable {
    public var root: URL
    public var outputDirectory: URL?
    public var formats: [ExportFormat]
    public var allowBlocking: Bool
    public var environment: [String: String]
    /// Where the continuity checks read their word lists.
    public var wordListPaths: [String] = WordList.defaultPaths
    /// Called as the build advances (on the build's thread).
    public var progress: (@Sendable (BuildProgress) -> Void)?

    public init(
        root: URL, outputDirectory: URL? = nil, formats: [ExportFormat] = ExportFormat.defaults,
        allowBlocking: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.root = root
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.allowBlocking = allowBlocking
        self.environment = environment
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

/// How long one stage took.
public struct StageTiming: Sendable, Equatable {
    public var stage: String
    public var duration: Duration
}

/// What a finished build reports.
public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var outputs: [BuildOutput]
    public var wordCount: Int
    public var chapterCount: Int
    public var duration: Duration
    /// Per stage, in order: load, render, analyze, report, then one entry per output format.
    public var timings: [StageTiming]
    /// The continuity checks' report (also written as continuity.json and continuity.sarif).
    public var continuity: ContinuityReport
}

/// What `Pipeline.check` reports: every diagnostic (findings among them) and the report.
public struct CheckResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var continuity: ContinuityReport
    public var duration: Duration
}

public enum Pipeline {
    /// Loads, renders and runs the continuity checks, writing nothing.
    public static func check(_ options: BuildOptions) throws(BuildFailure) -> CheckResult {
        try LargeStack.run {
            Result { () throws(BuildFailure) in
                let clock = ContinuousClock()
                let start = clock.now
                var diagnostics: [Diagnostic] = []
                let (_, _, report) = try analyze(options, diagnostics: &diagnostics, finishStage: { _ in })
                return CheckResult(diagnostics: diagnostics, continuity: report, duration: clock.now - start)
            }
        }.get()
    }

    /// Load, render and analyze: what `build` and `check` share.
    private static func analyze(
        _ options: BuildOptions, diagnostics: inout [Diagnostic], finishStage: (String) -> Void
    ) throws(BuildFailure) -> (Manuscript, RenderedBook, ContinuityReport) {
        let progress = options.progress ?? { _ in }
        let manuscript = try LoadStage().run(root: options.root, diagnostics: &diagnostics)
        let bible: StoryBible?
        let waivers: Waivers
        do {
            bible = try BibleLoader.load(
                root: manuscript.root, config: manuscript.config, chapters: manuscript.chapters.map(\.name),
                warnings: &diagnostics)
            waivers = try Waivers.load(root: manuscript.root, config: manuscript.config)
        } catch {
            throw BuildFailure(.badInput, diagnostics + [error])
        }
        let buildDate = BuildDate.resolve(root: manuscript.root, environment: options.environment)
        progress(.loaded(chapters: manuscript.chapters.count))
        finishStage("load")
        let book: RenderedBook
        do {
            book = try RenderStage(buildDate: buildDate).run(manuscript, diagnostics: &diagnostics) { done, total in
                progress(.rendered(chapters: done, of: total))
            }
        } catch {
            throw BuildFailure(error.kind, diagnostics + error.diagnostics)
        }
        finishStage("render")

        let startedAt = Date()
        let stats = AnalyzeStage(wordListPaths: options.wordListPaths).run(
            manuscript, titles: book.chapters.map(\.title), bible: bible, waivers: waivers, diagnostics: &diagnostics)
        let (trigger, reference) = ContinuityReport.trigger(environment: options.environment, root: manuscript.root)
        let report = ContinuityReport(
            findings: diagnostics, stats: stats, trigger: trigger, triggerRef: reference, startedAt: startedAt,
            completedAt: Date(), chapters: book.chapters.map { ($0.sourcePath, $0.title) })
        finishStage("analyze")
        return (manuscript, book, report)
    }

    /// Runs the build once. Throws a `BuildFailure` (with every diagnostic so far) when the input
    /// is bad, a blocking finding stops export, or an output cannot be written.
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildResult {
        try LargeStack.run { Result { () throws(BuildFailure) in try buildOnCurrentThread(options) } }.get()
    }

    private static func buildOnCurrentThread(_ options: BuildOptions) throws(BuildFailure) -> BuildResult {
        let clock = ContinuousClock()
        let start = clock.now
        var stageStart = start
        var timings: [StageTiming] = []
        func finishStage(_ name: String) {
            let now = clock.now
            timings.append(StageTiming(stage: name, duration: now - stageStart))
            stageStart = now
        }
        let progress = options.progress ?? { _ in }
        var diagnostics: [Diagnostic] = []
        let (manuscript, book, report) = try analyze(options, diagnostics: &diagnostics, finishStage: finishStage)

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

        // The report is written even when export is blocked: it records why.
        let directory = options.resolvedOutputDirectory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let prefix = ContinuityReport.repositoryPrefix(root: manuscript.root, environment: options.environment)
            for (name, data) in [
                (ContinuityReport.jsonFileName, report.json()),
                (ContinuityReport.sarifFileName, report.sarif(pathPrefix: prefix)),
            ] {
                try data.write(to: directory.appendingPathComponent(name), options: .atomic)
                try OutputRecord.add(name, in: directory)
            }
        } catch {
            diagnostics.append(Diagnostic(
                .error, .outputFailed, at: nil,
                "could not write the continuity report in \(directory.path): \(error.localizedDescription)"))
            throw BuildFailure(.exportFailed, diagnostics, continuity: report)
        }
        finishStage("report")

        let blocking = diagnostics.filter(\.isBlocking)
        if !blocking.isEmpty, !options.allowBlocking {
            throw BuildFailure(.blocked, diagnostics, continuity: report)
        }

        var outputs: [BuildOutput] = []
        for format in options.formats {
            let destination = directory.appendingPathComponent("\(manuscript.config.slug).\(format.rawValue)")
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                let size: Int
                switch format {
                case .epub: size = try EPUBPackager(templates: epubTemplates).write(book, to: destination)
                }
                outputs.append(BuildOutput(format: format, url: destination, sizeBytes: size))
                try OutputRecord.add(destination.lastPathComponent, in: directory)
                progress(.wrote(format, destination))
                finishStage(format.rawValue)
            } catch {
                diagnostics.append(Diagnostic(
                    .error, .outputFailed, at: nil,
                    "could not write \(destination.path): \(error.localizedDescription)"))
                throw BuildFailure(.exportFailed, diagnostics, continuity: report)
            }
        }
        return BuildResult(
            diagnostics: diagnostics, outputs: outputs, wordCount: book.wordCount,
            chapterCount: book.chapters.count, duration: clock.now - start, timings: timings, continuity: report)
    }
}
