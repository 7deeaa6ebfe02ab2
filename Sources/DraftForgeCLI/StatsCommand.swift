// `draftforge stats`: the manuscript's writing statistics as a table, or as the JSON the build
// writes to stats.json. Exits 0, 2 when the manuscript cannot be read, 64 on bad usage.
import ArgumentParser
import DraftForgeKit
import Foundation

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show the manuscript's writing statistics: words, chapters, history and streaks.",
        discussion: """
            Counts the chapters the build would include, and reads the Git history of the manuscript \
            folder (first parents from HEAD). "Today" is --today, else the date of SOURCE_DATE_EPOCH, \
            else the local date.
            """)

    @OptionGroup var manuscript: ManuscriptArgument

    @Flag(help: "Print the JSON that builds write to stats.json.")
    var json = false

    @OptionGroup var statsOptions: StatsArguments

    func run() throws {
        let root = manuscript.root
        let console = Console()
        let report: StatsReport
        do {
            report = try Pipeline.stats(root: root, options: statsOptions.options())
        } catch {
            console.report(error.diagnostics)
            console.line("stats failed: the manuscript could not be read")
            throw ExitCode(error.exitCode)
        }
        console.report(report.diagnostics)
        let text = json
            ? String(decoding: report.stats.json(), as: UTF8.self)
            : StatsTable(report: report, today: statsOptions.today(environment: ProcessInfo.processInfo.environment)).render()
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// `--today` and `--no-history`, shared by `stats` and `build`.
struct StatsArguments: ParsableArguments {
    @Option(help: ArgumentHelp("The day streaks end on (default: SOURCE_DATE_EPOCH's date, else today).", valueName: "yyyy-mm-dd"))
    var today: String?

    @Flag(help: "Do not read the Git history: no snapshots, streaks or commit fields.")
    var noHistory = false

    func validate() throws {
        if let today, CalendarDay(today) == nil {
            throw ValidationError("--today must be a date written YYYY-MM-DD, not '\(today)'")
        }
    }

    func options() -> StatsOptions {
        StatsOptions(today: today.flatMap { CalendarDay($0) }, includeHistory: !noHistory)
    }

    func today(environment: [String: String]) -> CalendarDay {
        CalendarDay.today(explicit: today.flatMap { CalendarDay($0) }, environment: environment)
    }
}
