// Export: each requested format is written and recorded as an `export_jobs` entry. A format
// that fails is recorded `failed` and the others still run; a blocked build records every job
// as failed and touches no export file. The manifest is written last, whole.
import Foundation

struct ExportStage {
    private(set) var book: RenderedBook
    let directory: URL
    let git: GitState
    let allowBlocking: Bool
    let startedAt: Date
    let templates: [ExportFormat: TemplateSet]

    private(set) var jobs: [ExportJob] = []
    private(set) var outputs: [BuildOutput] = []
    /// An output could not be written.
    private var anOutputFailed = false
    /// An output or a report could not be written. Waits for the reports.
    var failed: Bool { anOutputFailed || reports.failed }
    /// Every output goes through it. A preview's (`serve`) flushes nothing, and since nobody
    /// downloads a preview and it lives in a temporary folder, no manifest, record of outputs or
    /// checksums are written for it.
    var writer = OutputWriter.durable
    /// The reports, made beside the outputs that do not show them: the site (their pages) and
    /// the manifest (it embeds stats.json's text and the continuity run's) wait for them.
    private let reportsMade: Prefetch<(ReportStage.Reports, Duration)>
    var reports: ReportStage.Reports { reportsMade.value.0 }
    /// The reports' own time on their thread (beside the other stages, not after them), and the
    /// peak memory when they are awaited.
    var reportTiming: StageTiming { StageTiming(stage: "report", duration: reportsMade.value.1) }
    /// The build's environment, where a format looks up the programs it runs (the PDF engine).
    var environment: [String: String] = [:]
    /// The build's number: one more than the highest in the manifest.
    var version: Int { history.value.highestVersion + 1 }
    /// The manifest's builds before this one, read once, on a thread of its own while the
    /// reports and the first output are made (megabytes of JSON with fifty builds kept).
    private let history: Prefetch<ManifestHistory>
    private let now: () -> Date

    init(
        book: RenderedBook, directory: URL, git: GitState, allowBlocking: Bool, startedAt: Date,
        templates: [ExportFormat: TemplateSet], reports: Prefetch<(ReportStage.Reports, Duration)>,
        now: @escaping () -> Date = { Date() }
    ) {
        self.book = book
        self.directory = directory
        self.git = git
        self.allowBlocking = allowBlocking
        self.startedAt = startedAt
        self.templates = templates
        self.now = now
        reportsMade = reports
        history = Prefetch { ManifestStore.history(in: directory) }
    }

    /// `<slug>.epub` (`<slug>-1.2.0.epub` on a tag build, `<slug>-kobo.epub` for an edition), `html`.
    func fileName(_ format: ExportFormat, edition: Edition = Edition()) -> String {
        format.outputName(slug: book.config.slug + (book.bookVersion.map { "-" + Self.fileSafe($0) } ?? "")
            + (edition.name.map { "-" + $0 } ?? ""))
    }

    /// A version such as `1.2.0-rc.1` as it may stand in a file name.
    static func fileSafe(_ version: String) -> String {
        String(version.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || ".-_".unicodeScalars.contains(scalar))
                ? Character(scalar) : "-"
        })
    }

    /// Writes one format; on failure records the job as failed and reports a diagnostic.
    mutating func export(_ format: ExportFormat, edition: Edition = Edition(), diagnostics: inout [Diagnostic]) -> BuildOutput? {
        let jobStart = now()
        let destination = directory.appendingPathComponent(fileName(format, edition: edition))
        var book = edition.apply(to: self.book)
        if format == .epub, !book.printPageStarts.isEmpty { book = PrintPages.marked(book) }
        do {
            guard let formatTemplates = templates[format] else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no templates for \(format.rawValue)"])
            }
            let context = OutputContext(writer: writer) { [reportsMade] in reportsMade.value.0.sitePages }
            let written = try format.format(templates: formatTemplates, environment: environment).write(
                book, to: destination, context: context, warnings: &diagnostics)
            if let starts = written.pageStarts { self.book.printPageStarts = starts }
            var output = BuildOutput(
                format: format, url: destination, sizeBytes: written.sizeBytes, checksum: "",
                fileCount: written.fileCount, isDirectory: written.isDirectory)
            if writer.keepsRecords {
                output.checksum = try written.checksum ?? Checksum.sha256(ofItemAt: destination)
                try writer.record(destination.lastPathComponent)
            }
            outputs.append(output)
            jobs.append(job(format, edition: edition, started: jobStart, output: output, error: nil))
            return output
        } catch {
            var problem = error as? Diagnostic ?? Diagnostic(.error, .outputFailed, at: nil, error.localizedDescription)
            problem.message = "could not write \(destination.lastPathComponent): \(problem.message)"
            diagnostics.append(problem)
            jobs.append(job(format, edition: edition, started: jobStart, output: nil, error: problem.message))
            anOutputFailed = true
            return nil
        }
    }

    /// A blocked build: every requested format is recorded as failed, naming the findings.
    mutating func recordBlocked(_ formats: [ExportFormat], by findings: [Diagnostic]) {
        let named = findings.prefix(5).map { finding in
            "\(finding.location.map { "\($0): " } ?? "")\(finding.message) [\(finding.code)]"
        }
        let more = findings.count > 5 ? "; and \(findings.count - 5) more" : ""
        let message = "export stopped by \(findings.count.counting("blocking finding")): " + named.joined(separator: "; ") + more
        for format in formats {
            for edition in Edition.all(for: format, config: book.config) {
                jobs.append(job(format, edition: edition, started: now(), output: nil, error: message))
            }
        }
        anOutputFailed = true
    }

    /// The stats as stats.json holds them, and the continuity run as continuity.json holds it
    /// but for its list of issues: the manifest embeds this text as it is.
    private var rawMembers: [String: [UInt8]] {
        var members: [String: [UInt8]] = [:]
        members[BuildRecord.CodingKeys.stats.rawValue] = reports.statsText
        members[BuildRecord.CodingKeys.agentRun.rawValue] = reports.agentRunText
        return members
    }

    /// Writes manifest.json (not in a preview); a failure to write it is reported, never fatal to the outputs.
    func writeManifest() -> [Diagnostic] {
        guard writer.keepsRecords else { return [] }
        let record = BuildRecord(
            version: version, bookVersion: git.bookVersion, toolVersion: DraftForgeVersion.current,
            sourceRef: git.sourceRef, sourceBranch: git.branch, dirty: git.dirty,
            startedAt: Timestamp.string(startedAt), completedAt: Timestamp.string(now()),
            exportJobs: jobs, agentRun: nil, stats: nil)
        let project = BuildManifest.Project(
            title: book.config.title, slug: book.config.slug, identifier: book.identifier)
        do {
            try ManifestStore.append(
                record, rawMembers: rawMembers, project: project, in: directory, history: history.value, writer: writer)
            try writer.record(BuildManifest.fileName)
            return []
        } catch {
            return [Diagnostic(
                .error, .outputFailed, at: nil, "could not write \(BuildManifest.fileName): \(error.localizedDescription)")]
        }
    }

    private func job(_ format: ExportFormat, edition: Edition, started: Date, output: BuildOutput?, error: String?) -> ExportJob {
        let completed = now()
        let log = output.map { output in
            "wrote \(output.url.lastPathComponent)\(output.isDirectory ? "/ (\(output.fileCount.counting("file")), " : " (")\(output.sizeBytes.counting("byte")))"
        } ?? error
        return ExportJob(
            id: BookIdentifier.nameBasedUUID("\(book.identifier)/\(version)/\(format.rawValue)" + (edition.name.map { "/" + $0 } ?? "")),
            exportType: format.rawValue, exportFormatVersion: format.formatVersion,
            sourceRef: git.sourceRef, sourceBranch: git.branch, settings: settings(format, edition),
            status: output == nil ? .failed : .completed, progressPercent: output == nil ? 0 : 100,
            outputURL: output.map { $0.url.lastPathComponent + ($0.isDirectory ? "/" : "") }, outputSizeBytes: output?.sizeBytes,
            outputChecksum: output?.checksum,
            expiresAt: output == nil ? nil : Timestamp.string(completed.addingTimeInterval(30 * 24 * 3600)),
            errorMessage: error, buildLog: log, startedAt: Timestamp.string(started),
            completedAt: Timestamp.string(completed),
            durationSeconds: (completed.timeIntervalSince(started) * 1000).rounded() / 1000,
            createdAt: Timestamp.string(startedAt))
    }

    /// The template, fonts and inclusions the export used.
    private func settings(_ format: ExportFormat, _ edition: Edition) -> [String: JSONValue] {
        let overridden = templates[format]?.overridden ?? []
        var settings: [String: JSONValue] = [
            "template": .string(overridden.isEmpty ? "default" : "custom"),
            "templates_overridden": .array(overridden.map(JSONValue.string)),
            "include_cover": .bool(book.cover != nil),
            "fonts": .array(book.fonts.map { .string($0.asset.href) }),
            "allow_blocking": .bool(allowBlocking),
        ]
        // Only an edition's job says which it is, so a book without editions keeps its record.
        if let name = edition.name { settings["edition"] = .string(name) }
        if let store = edition.store { settings["store"] = .string(store) }
        if edition.largePrint { settings["large_print"] = .bool(true) }
        return settings.merging(format.outputFormat.settings(book)) { $1 }
    }
}

/// ISO 8601 in UTC, as the platform stores timestamps.
enum Timestamp {
    static func string(_ date: Date) -> String { BuildDate.iso8601(date) }
}

/// An exclusive lock on an output folder, so two builds never interleave their writes.
final class BuildLock {
    static let fileName = ".draftforge.lock"
    private let descriptor: Int32

    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        descriptor = open(directory.appendingPathComponent(Self.fileName).path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: directory.path]) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw CocoaError(.fileLocking, userInfo: [NSFilePathErrorKey: directory.path])
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
