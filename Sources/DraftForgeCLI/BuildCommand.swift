// `draftforge build`: runs the pipeline, prints diagnostics and a summary, exits with the
// documented code (0 ok, 1 blocked or export failed, 2 bad input, 3 warnings under --strict,
// 64 usage).
import ArgumentParser
import DraftForgeKit
import Foundation

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the manuscript's outputs (by default an EPUB 3 and an HTML site; also DOCX and PDF) and its reports.",
        discussion: "Outputs go to <manuscript>/dist unless --output is given: the EPUB, DOCX and PDF named after the slug, the site in html/, stats.json, the continuity reports and manifest.json beside them.")

    @OptionGroup var manuscript: ManuscriptArgument

    @Option(name: .shortAndLong, help: "The folder to write outputs to.", completion: .directory)
    var output: String?

    @Option(
        name: .shortAndLong, parsing: .singleValue,
        help: ArgumentHelp(
            "The export types to build: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")); a comma list or repeated.",
            valueName: "list"))
    var format: [String] = []

    @Flag(help: "Build even when a blocking finding (an error finding such as a missing image or a contradiction of the bible) is open; bad images become their alt text.")
    var allowBlocking = false

    @Flag(help: "Exit with code 3 when the build has warnings (the outputs are still written).")
    var strict = false

    @OptionGroup var printing: OutputOptions

    @OptionGroup var statsOptions: StatsArguments

    func validate() throws {
        _ = try formats()
    }

    private func formats() throws -> [ExportFormat] {
        let names = format.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var result: [ExportFormat] = []
        for name in names where !name.isEmpty {
            guard let format = ExportFormat(rawValue: name) else {
                throw ValidationError(
                    "unknown format '\(name)'; choose from \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !result.contains(format) { result.append(format) }
        }
        return result.isEmpty ? ExportFormat.defaults : result
    }

    func run() throws {
        // A CI step's timeout (SIGTERM) must not leave the PDF engine running or its folder behind.
        Interruption.installHandlers()
        var options = BuildOptions(
            root: manuscript.root,
            outputDirectory: output.map(absoluteURL),
            formats: try formats(), allowBlocking: allowBlocking)
        let stats = statsOptions.options()
        options.today = stats.today
        options.includeHistory = stats.includeHistory
        options.leavesBookToExit = true
        let console = printing.console(annotating: options.root, environment: options.environment)
        options.progress = { console.progress($0) }
        do {
            let result = try Pipeline.build(options)
            console.report(result.diagnostics, findingLimit: Console.buildFindingLimit)
            console.annotate(result.continuity, root: options.root)
            console.summary(result)
            if GitHubActions.isActive(options.environment) {
                let manifest = options.resolvedOutputDirectory.appendingPathComponent(BuildManifest.fileName)
                try GitHubActions.report(result, title: result.title, manifest: manifest, environment: options.environment)
            }
            if strict, result.diagnostics.contains(where: { $0.severity == .warning && !$0.isWaived }) {
                console.line("build has warnings and --strict is set")
                throw ExitCode(3)
            }
        } catch let error as BuildFailure {
            console.report(error.diagnostics, findingLimit: Console.buildFindingLimit)
            console.annotate(error.continuity, root: options.root)
            switch error.kind {
            case .badInput: console.line("build failed: the manuscript could not be read")
            case .blocked:
                console.line("build stopped: blocking findings above; no book was written, only the continuity report (use --allow-blocking to build anyway)")
            case .exportFailed: console.line("build failed: an output could not be written")
            }
            throw ExitCode(error.exitCode)
        }
    }
}
