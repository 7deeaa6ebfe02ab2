// Report: the build's stats and continuity report. A published build writes them beside the
// outputs (stats.json, continuity.json, continuity.sarif), even when a blocking finding stops the
// export; every build hands them to the export, as the site's report pages and as the records
// the manifest embeds. Nothing but the site and the manifest waits for them: the pipeline makes
// them beside the other outputs.
import Foundation

struct ReportStage {
    let options: BuildOptions
    /// The output folder.
    let directory: URL

    /// Where stats.json is written.
    var statsURL: URL { directory.appendingPathComponent(ManuscriptStats.fileName) }

    /// What the reports give the export.
    struct Reports {
        var stats: ManuscriptStats
        /// stats.json's text, and the continuity run as continuity.json holds it but for its
        /// list of issues: the manifest embeds them.
        var statsText: [UInt8]?
        var agentRunText: [UInt8]?
        var sitePages: [SitePackager.Report] = []
        /// A report could not be written (an error is reported): the export is marked failed.
        var failed = false
    }

    /// A report that cannot be written is an error, and the export is marked failed.
    func run(
        _ manuscript: Manuscript, book: RenderedBook, continuity report: ContinuityReport,
        history: HistoryReport, context: BuildContext
    ) -> Reports {
        let measured = zip(manuscript.chapters, book.chapters).filter { !$0.0.isGenerated }.map { source, rendered in
            MeasuredChapter(
                title: rendered.title, file: rendered.sourcePath, status: source.frontMatter.status,
                prose: rendered.prose)
        }
        let stats = StatsStage(options: options.statsOptions).run(manuscript, chapters: measured, history: history)
        var reports = Reports(stats: stats)
        let strings = manuscript.config.interfaceStrings
        // The report pages are the author's notes: a published site has them only when asked.
        let sitePages = manuscript.config.site.reports || !options.writer.keepsRecords
        do {
            if options.writer.keepsRecords {
                let json = stats.json()
                try options.writer.write(json, to: statsURL)
                try options.writer.record(ManuscriptStats.fileName)
                reports.statsText = [UInt8](json.dropLast())  // but the line break that ends the file
            }
            if sitePages { reports.sitePages.append(SitePackager.Report(
                fileName: StatsPage.fileName, title: strings["writing_statistics"],
                body: StatsPage.html(stats, target: manuscript.config.targetWordCount, strings: strings))) }
        } catch {
            context.report(Diagnostic(
                .error, .outputFailed, at: nil, "could not write \(statsURL.path): \(error.localizedDescription)"))
            reports.failed = true
        }
        do {
            if options.writer.keepsRecords {
                let prefix = ContinuityReport.repositoryPrefix(root: manuscript.root, environment: options.environment)
                // Each is tens of MB for a book with tens of thousands of findings: made side by
                // side, and written side by side (most of a write is waiting for the disk).
                let start = ContinuousClock.now
                let texts = report.recordAndSARIF(pathPrefix: prefix)
                let made = ContinuousClock.now
                let files = [(ContinuityReport.jsonFileName, texts.record), (ContinuityReport.sarifFileName, texts.sarif)]
                let writer = options.writer
                let written = Parallel.map(files) { name, text in
                    Result { try writer.write(text, to: directory.appendingPathComponent(name)) }
                }
                for ((name, _), result) in zip(files, written) where (try? result.get()) != nil {
                    try writer.record(name)
                }
                for result in written { try result.get() }
                if options.environment["DRAFTFORGE_PROFILE"] != nil {
                    FileHandle.standardError.write(Data(
                        "  continuity reports: made in \(made - start), written in \(ContinuousClock.now - made)\n".utf8))
                }
                reports.agentRunText = report.summaryRecord().bytes
            }
            // The site's page of findings; tens of thousands of them are worth not rendering for an EPUB.
            if sitePages && options.formats.contains(.html) {
                reports.sitePages.append(SitePackager.Report(
                    fileName: ContinuityPage.fileName, title: strings["continuity_report"],
                    body: ContinuityPage.html(report, strings: strings, pages: Dictionary(
                        uniqueKeysWithValues: zip(book.chapters.map(\.sourcePath), SitePackager.pageFiles(book))))))
            }
        } catch {
            context.report(Diagnostic(
                .error, .outputFailed, at: nil,
                "could not write the continuity report in \(directory.path): \(error.localizedDescription)"))
            reports.failed = true
        }
        return reports
    }
}
