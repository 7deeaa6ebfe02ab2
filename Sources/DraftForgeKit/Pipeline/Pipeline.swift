// The build, as one recipe: load → render → analyze → stats → export. Each stage reports
// diagnostics and throws only when there is nothing left to work with. `check` is the same recipe
// without exporting.
import Foundation
import Synchronization

/// An output the build can produce, by the name users and the manifest know it by; what it is
/// and how it is written is its `OutputFormat` (`ExportFormat.outputFormat`).
public enum ExportFormat: String, CaseIterable, Sendable, Codable {
    case epub
    /// The static site: a folder of HTML pages.
    case html
    /// A Word document (Office Open XML), in standard manuscript format by default. Opt-in.
    case docx
    /// The print PDF, made by WeasyPrint; opt-in, never in the default build.
    case pdf
    /// What `build` makes when `--format` is not given.
    public static let defaults: [ExportFormat] = [.epub, .html]
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
    /// The wall clock for the manifest's timestamps (tests pin it).
    public var now: @Sendable () -> Date = { Date() }
    /// The stores `check` checks the book for (`--store`); `build` checks its `editions:`.
    public var stores: [Store] = []
    /// The day the stats' streaks end on (`--today`); nil for the default.
    public var today: CalendarDay?
    /// False skips reading Git for the stats (`--no-history`).
    public var includeHistory: Bool
    /// Kept across builds by a long-running process (`serve`), so unchanged chapters are not
    /// parsed or serialized again.
    public var cache: BuildCache?
    /// How every output is written: `.durable` (flushed to the disk) for `build`; `.preview` for
    /// `serve`'s preview, into a folder thrown away on the next save: it writes the outputs only
    /// (no stats.json, continuity reports, manifest or checksums) and flushes nothing.
    public var writer = OutputWriter.durable
    /// True in a process that ends with the build (`draftforge build`, `check`): the book's
    /// trees are left for the exit to reclaim instead of being freed node by node (tens of
    /// milliseconds on a long book, on one core, after the work is done).
    public var leavesBookToExit = false

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

    /// The lists for a book in `language`: by default (the English lists) its language's own.
    func wordListPaths(forLanguage language: String) -> [String] {
        wordListPaths == WordList.defaultPaths ? WordList.paths(forLanguage: language) : wordListPaths
    }

    var statsOptions: StatsOptions {
        var options = StatsOptions(today: today, includeHistory: includeHistory, environment: environment)
        options.cache = cache
        return options
    }

    /// A fresh context for one build with these options.
    func context() -> BuildContext {
        BuildContext(root: root, environment: environment, now: now, memo: cache)
    }

    /// `<manuscript>/dist` unless an output folder was given.
    public var resolvedOutputDirectory: URL {
        outputDirectory ?? root.appendingPathComponent("dist")
    }
}

/// One file, or one folder of files, the build wrote.
public struct BuildOutput: Sendable {
    public var format: ExportFormat
    public var url: URL
    /// The file's size, or the total size of the folder's files.
    public var sizeBytes: Int
    public var checksum: String
    /// 1 for a file; the number of files in a folder.
    public var fileCount: Int = 1
    public var isDirectory = false
}

/// How long one stage took.
public struct StageTiming: Sendable, Equatable, Codable {
    public var stage: String
    public var duration: Duration
    /// The process's peak resident memory when the stage ended, in MB (nil where the system
    /// does not say): the stage whose figure jumps is the one that holds the memory.
    public var peakMegabytes: Int?

    public init(stage: String, duration: Duration, peakMegabytes: Int? = PeakMemory.megabytes()) {
        self.stage = stage
        self.duration = duration
        self.peakMegabytes = peakMegabytes
    }
}

/// What a one-shot command keeps until the process ends, rather than free it just before.
enum ExitReclaims {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ value: Any) {
        lock.withLock { kept.append(value) }
    }
}

/// The peak resident memory of this process so far.
public enum PeakMemory {
    /// Linux's `VmHWM` from /proc/self/status, in MB, never less than an earlier answer; nil
    /// where there is none. The kernel's figure can fall by a megabyte: it takes the larger of
    /// the recorded peak and the current size, and the current size is read from per-CPU
    /// counters, approximately.
    public static func megabytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.dropFirst(6).filter(\.isNumber))
        else { return nil }
        return highest.withLock { highest in
            highest = max(highest, kilobytes / 1024)
            return highest
        }
    }

    private static let highest = Mutex(0)
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
    /// Per stage, in order: load, render, analyze, report, one entry per output format, manifest.
    public var timings: [StageTiming]
    /// The build's number in the manifest.
    public var version: Int
    /// The tag being built, without its `v`.
    public var bookVersion: String?
    /// The book's title.
    public var title: String

    public var wordCount: Int { stats.wordCount }
    public var chapterCount: Int { stats.chapterCount }
    /// The continuity checks' report (also written as continuity.json and continuity.sarif).
    public var continuity: ContinuityReport
    /// What the build read: what `serve` watches.
    public var inputs: BuildInputs
}

/// What `Pipeline.check` reports: every diagnostic (findings among them) and the report.
public struct CheckResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var continuity: ContinuityReport
    public var duration: Duration
    public var inputs: BuildInputs
}

public enum Pipeline {
    /// Loads, renders and runs the continuity checks, writing nothing.
    public static func check(_ options: BuildOptions) throws(BuildFailure) -> CheckResult {
        try LargeStack.run {
            Result { () throws(BuildFailure) in
                let clock = ContinuousClock()
                let start = clock.now
                let context = options.context()
                let (_, book, report) = try analyze(options, context: context, purpose: .findings, finishStage: { _ in })
                defer { if options.leavesBookToExit { ExitReclaims.keep(book) } }
                for store in options.stores {
                    context.report(StoreRules.problems(
                        for: store, book: book, findings: report.findings, epubBytes: nil, root: options.root))
                }
                return CheckResult(
                    diagnostics: context.diagnostics, continuity: report, duration: clock.now - start, inputs: context.inputs)
            }
        }.get()
    }

    /// Load, render and analyze: what `build` and `check` share.
    static func analyze(
        _ options: BuildOptions, context: BuildContext, purpose: RenderStage.Purpose = .pages, finishStage: (String) -> Void
    ) throws(BuildFailure) -> (Manuscript, RenderedBook, ContinuityReport) {
        let progress = options.progress ?? { _ in }
        // The last commit's date may take git a while to find; it is needed once rendering starts.
        let buildDate = Prefetch {
            BuildDate.resolve(root: context.root, environment: options.environment, head: { context.headCommit }, cache: options.cache)
        }
        // The word lists (~30 ms of hashing) load beside the chapters' reading, which is serial.
        var wordLists: (paths: [String], list: Prefetch<WordList?>)?
        let manuscript = try LoadStage().run(context: context) { config in
            let paths = options.wordListPaths(forLanguage: config.language)
            wordLists = (paths, Prefetch { WordList.load(paths: paths) })
        }
        guard let (wordListPaths, wordList) = wordLists else { preconditionFailure("the load stage reads the config first") }
        let bible: StoryBible?
        let waivers: Waivers
        do {
            var warnings: [Diagnostic] = []
            context.read(manuscript.config.bible ?? BibleLoader.defaultFile)
            context.read(manuscript.config.waivers ?? Waivers.defaultFile)
            // Watched by `serve` when it is inside the manuscript folder (outside it cannot be).
            if let series = manuscript.config.seriesBible { context.read(manuscript.root.appendingPathComponent(series).standardizedFileURL) }
            bible = try BibleLoader.load(
                root: manuscript.root, config: manuscript.config, chapters: manuscript.chapters.map(\.name),
                warnings: &warnings)
            context.report(warnings)
            waivers = try Waivers.load(root: manuscript.root, config: manuscript.config)
        } catch {
            throw context.failure(.badInput, [error])
        }
        progress(.loaded(chapters: manuscript.chapters.count))
        finishStage("load")
        let book = try RenderStage(buildDate: buildDate.value, purpose: purpose).run(manuscript, context: context) { done, total in
            progress(.rendered(chapters: done, of: total))
        }
        finishStage("render")

        let startedAt = Date()
        var analyze = AnalyzeStage(wordListPaths: wordListPaths)
        analyze.wordList = wordList
        let stats = analyze.run(
            manuscript, titles: book.chapters.map(\.title), prose: book.chapters.map(\.text),
            wordCounts: book.chapters.map(\.prose.words), bible: bible, waivers: waivers, context: context)
        let (trigger, reference) = ContinuityReport.trigger(environment: options.environment, head: context.headCommit)
        let report = ContinuityReport(
            findings: context.diagnostics, stats: stats, trigger: trigger, triggerRef: reference, startedAt: startedAt,
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
        let startedAt = options.now()
        var stageStart = start
        var timings: [StageTiming] = []
        func finishStage(_ name: String) {
            let now = clock.now
            // The kernel's VmHWM is summed from per-CPU counters and may read a page batch
            // lower than before while threads allocate: a peak so far never goes down.
            let peak = PeakMemory.megabytes().map { max($0, timings.last?.peakMegabytes ?? 0) }
            timings.append(StageTiming(stage: name, duration: now - stageStart, peakMegabytes: peak))
            stageStart = now
        }
        let progress = options.progress ?? { _ in }
        let context = options.context()
        let directory = options.resolvedOutputDirectory
        let rootPath = context.root.path + "/"
        let outputInside = directory.standardizedFileURL.path.hasPrefix(rootPath)
            ? [String(directory.standardizedFileURL.path.dropFirst(rootPath.count))] : []
        // Git's answers (tens of milliseconds of processes) come while the book is made.
        let forRecords = options.writer.keepsRecords
        let gitReading = Prefetch { GitState.Reading(context: context, ignoring: outputInside, forRecords: forRecords) }
        let history = Prefetch { StatsStage(options: options.statsOptions).history(root: context.root, head: { context.headCommit }) }
        // The templates parse (~10 ms, serial) while the book is made; their errors stop the build below.
        // An override that no format knows by name is a warning, found on the same thread.
        let templateSets = Prefetch { () -> Result<(sets: [ExportFormat: TemplateSet], unused: [Diagnostic]), Diagnostic> in
            Result { () throws(Diagnostic) in
                var sets: [ExportFormat: TemplateSet] = [:]
                for format in options.formats where sets[format] == nil {
                    sets[format] = try TemplateSet(format: format.templateFolder, manuscriptRoot: context.root)
                }
                return (sets, TemplateSet.unusedOverrideWarnings(in: context.root))
            }
        }
        let (manuscript, analyzedBook, report) = try analyze(options, context: context, finishStage: finishStage)
        var book = consume analyzedBook
        defer { if options.leavesBookToExit { ExitReclaims.keep(book) } }
        // The prose is the rules' alone: let go while the reports are made and before the
        // outputs are, whose memory reuses its (about a third of what render holds on a long
        // book). But for an EPUB alone, which adds a few MB to the peak, in a process that ends
        // with the build: freeing a long book's hundreds of thousands of prose blocks costs
        // about as much as making them (~80 ms of CPU on ~1M words, much of it waiting on the
        // allocator's locks), for memory nothing after would use.
        let leavesProseToExit = options.leavesBookToExit && options.formats.allSatisfy { $0 == .epub }
        let proseReleased = leavesProseToExit ? nil : Parallel.releaseInBackground(book.chapters.indices.map { index in
            var text = ChapterProse()
            swap(&text, &book.chapters[index].text)
            return text
        })
        book.marksPrintPages = options.formats.contains(.epub) && options.formats.contains(.pdf) && book.config.pdf.engine == .typst
        let claim = AccessibilityClaim(config: manuscript.config, findings: report.findings)
        book.accessibility = claim
        if let reason = claim.withheldReason, options.formats.contains(.epub) {
            context.report(Diagnostic(
                .info, .noAccessibilityClaim, at: nil, reason,
                suggestion: "fix them, or waive those that are not problems: 'draftforge check' lists them"))
        }

        // Templates of the formats being built, so a broken override stops the build before any
        // output is written.
        let templates: [ExportFormat: TemplateSet]
        do {
            let loaded = try templateSets.value.get()
            templates = loaded.sets
            loaded.unused.forEach(context.report)
        } catch {
            throw context.failure(.badInput, [error])
        }

        let lock: BuildLock
        do {
            lock = try BuildLock(directory: directory)
        } catch {
            throw context.failure(.exportFailed, [Diagnostic(
                .error, .outputFailed, at: nil, "could not prepare \(directory.path): \(error.localizedDescription)")])
        }
        defer { lock.release() }
        if let undone = BuildJournal.undoInterruptedBuild(in: directory) { context.report(undone) }
        OutputRecord.removeLeftovers(in: directory)
        var options = options
        let journal = options.writer.keepsRecords ? BuildJournal(directory: directory) : nil
        if let journal {
            options.writer.journal = journal
            options.writer.outputRecord = OutputRecord.Additions(directory: directory)
            if let name = options.environment[BuildJournal.killPointVariable] {
                journal.beforeRename = { if $0 == name { kill(getpid(), SIGKILL) } }
            }
        }
        // Only a build that put its manifest in place keeps what it wrote.
        var manifestWritten = false
        defer {
            if manifestWritten { journal?.commit() } else { journal?.rollBack() }
        }

        let git = GitState(gitReading.value, inputs: context.inputs, environment: context.environment)
        book.bookVersion = git.bookVersion
        // The reports are made and written beside the outputs that do not show them.
        let reportStage = ReportStage(options: options, directory: directory)
        let reportsMade = Prefetch { [book] () -> (ReportStage.Reports, Duration) in
            let start = ContinuousClock.now
            let reports = reportStage.run(
                manuscript, book: book, continuity: report, history: history.value, context: context)
            return (reports, ContinuousClock.now - start)
        }
        var exports = ExportStage(
            book: book, directory: directory, git: git, allowBlocking: options.allowBlocking,
            startedAt: startedAt, templates: templates, reports: reportsMade, now: options.now)
        exports.writer = options.writer
        exports.environment = options.environment

        let blocking = context.diagnostics.filter(\.isBlocking)
        if !blocking.isEmpty, !options.allowBlocking {
            timings.append(exports.reportTiming)
            exports.recordBlocked(options.formats, by: blocking)
            let manifestProblems = exports.writeManifest()
            context.report(manifestProblems)
            manifestWritten = manifestProblems.isEmpty
            throw context.failure(.blocked, continuity: report)
        }

        proseReleased?.value
        // The print PDF is set first when the EPUB takes its page numbers from it.
        let formats = exports.book.marksPrintPages ? options.formats.sorted { $0 == .pdf && $1 != .pdf } : options.formats
        for format in formats {
            for edition in Edition.all(for: format, config: book.config) {
                var problems: [Diagnostic] = []
                let output = exports.export(format, edition: edition, diagnostics: &problems)
                context.report(problems)
                if let output { progress(.wrote(format, output.url)) }
            }
            finishStage(format.rawValue)
        }
        timings.append(exports.reportTiming)
        // The book is written: what a store would refuse is a warning here, an error in `check --store`.
        let epubBytes = exports.outputs.filter { $0.format == .epub }.map(\.sizeBytes).max()
        for store in book.config.editions.compactMap(Store.init(edition:)) {
            context.report(StoreRules.problems(
                for: store, book: book, findings: report.findings, epubBytes: epubBytes, root: manuscript.root
            ).map { problem in
                var problem = problem
                problem.severity = problem.severity == .error ? .warning : problem.severity
                return problem
            })
        }
        let manifestProblems = exports.writeManifest()
        context.report(manifestProblems)
        manifestWritten = manifestProblems.isEmpty
        finishStage("manifest")
        options.cache?.endBuild(chapterPaths: Set(manuscript.chapters.map(\.path)))
        if exports.failed || !manifestProblems.isEmpty {
            throw context.failure(.exportFailed)
        }
        return BuildResult(
            diagnostics: context.diagnostics, outputs: exports.outputs, stats: exports.reports.stats, statsURL: reportStage.statsURL,
            duration: clock.now - start, timings: timings,
            version: exports.version, bookVersion: git.bookVersion, title: manuscript.config.title, continuity: report,
            inputs: context.inputs)
    }
}
