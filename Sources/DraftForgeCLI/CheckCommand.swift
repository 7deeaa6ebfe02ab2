// `draftforge check`: runs the continuity checks without building anything and prints the
// findings as text, the agent_runs JSON record, SARIF or GitHub annotations; `--store` adds what
// each store named would refuse. Exit 0 when nothing blocks, 1 when an open error finding would
// stop export or a store would refuse the book, 2 for bad input, 64 for bad usage.
import ArgumentParser
import DraftForgeKit
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the continuity checks and print their findings.",
        discussion: """
            Reads the manuscript, its bible.yml and waivers.yml, and writes nothing. The findings go to \
            standard output; other diagnostics (config warnings) to standard error. Given the books of \
            a series, checks each and then what spans them: attributes, names, marriages and deaths \
            established in one book and contradicted in a later one.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github
    }

    @OptionGroup var manuscript: ManuscriptArgument

    @Argument(help: ArgumentHelp(
        "Later books of the same series: all are checked together, in this order, and paths are given from here.",
        valueName: "book"), completion: .directory)
    var laterBooks: [String] = []

    @Option(name: .shortAndLong, help: "How to print the findings: text, json, sarif or github.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Print only findings of this severity or above: info, warning or error.", valueName: "severity"))
    var minSeverity: String = "info"

    @Option(help: ArgumentHelp("Print at most this many findings as text (all by default).", valueName: "count"))
    var limit: Int?

    @Option(name: .customLong("store"), help: ArgumentHelp(
        "Also check what this store asks of the book: kdp, apple, kobo, google or ingram (repeatable).",
        valueName: "store"))
    var stores: [Store] = []

    @OptionGroup var printing: OutputOptions

    func validate() throws {
        if !laterBooks.isEmpty, !stores.isEmpty { throw ValidationError("--store checks one book; name one manuscript") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        guard Diagnostic.Severity(rawValue: minSeverity) != nil else {
            throw ValidationError("unknown severity '\(minSeverity)'; choose from info, warning, error")
        }
    }

    func run() throws {
        let series = laterBooks.isEmpty ? nil : [manuscript.manuscript] + laterBooks
        // A series' paths start at the current folder, each under its book as named.
        let root = series == nil ? manuscript.root : absoluteURL(".")
        var options = BuildOptions(root: root)
        options.stores = stores
        options.leavesBookToExit = true
        let minimum = Diagnostic.Severity(rawValue: minSeverity) ?? .info
        let console = printing.console(annotating: root, environment: options.environment)
        let result: CheckResult
        do {
            if let series {
                result = try Pipeline.checkSeries(series.map { book in
                    let label = book.hasSuffix("/") && book.count > 1 ? String(book.dropLast()) : book
                    return (label, BuildOptions(root: absoluteURL(book)))
                })
            } else {
                result = try Pipeline.check(options)
            }
        } catch {
            console.report(error.diagnostics)
            console.line("check failed: the manuscript could not be read")
            throw ExitCode(error.exitCode)
        }
        console.report(result.diagnostics.filter { !$0.isFinding })
        let report = result.continuity
        let prefix = ContinuityReport.repositoryPrefix(root: root, environment: options.environment)
        var out = ""
        switch format {
        case .json:
            out = String(decoding: report.json(minimum: minimum), as: UTF8.self)
        case .sarif:
            out = String(decoding: report.sarif(minimum: minimum, pathPrefix: prefix), as: UTF8.self)
        case .github:
            out = report.githubAnnotations(minimum: minimum, pathPrefix: prefix).map { $0 + "\n" }.joined()
        case .text:
            let (listed, hidden) = Console.limitFindings(report.findings(atLeast: minimum), to: limit) { finding in
                !(printing.quiet && finding.severity != .error) && (!finding.isWaived || printing.verbose)
            }
            for finding in listed { out += finding.description + "\n" }
            if hidden.count > 0 { out += Console.countLine(hidden, hint: "without --limit, check lists them all") + "\n" }
            if !printing.quiet { out += report.summary(report.findings(atLeast: minimum)) + "\n" }
            if options.environment["GITHUB_ACTIONS"] == "true" {
                out += report.githubAnnotations(minimum: minimum, pathPrefix: prefix).map { $0 + "\n" }.joined()
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        let refused = result.diagnostics.contains { $0.category == .store && $0.severity == .error }
        if report.isBlocking || refused { throw ExitCode(1) }
    }
}

extension Store: ExpressibleByArgument {}
