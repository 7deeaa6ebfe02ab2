// `draftforge clean`: removes what builds wrote into the output folder, and nothing else.
import ArgumentParser
import DraftForgeKit
import Foundation

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove what builds wrote (the outputs they recorded in the output folder).",
        discussion: """
            Only files and folders a build recorded in <output>/\(OutputRecord.fileName) are removed, \
            then the folder itself if nothing else is left in it.
            """)

    @OptionGroup var location: BuiltOutputArguments

    @OptionGroup var printing: OutputOptions

    func run() throws {
        let root = location.manuscript.root
        let console = printing.console
        if let missing = ManuscriptConfig.missingConfig(in: root) {
            console.report([missing])
            throw ExitCode(2)
        }
        let directory = location.directory
        if let undone = BuildJournal.undoInterruptedBuild(lockingFolder: directory) { console.report([undone]) }
        let removed: [String]
        do {
            removed = try OutputRecord.clean(directory)
        } catch {
            console.report([Diagnostic(
                .error, .outputFailed, at: SourceLocation(file: directory.path),
                "could not remove: \(error.localizedDescription)")])
            throw ExitCode(1)
        }
        if printing.quiet { return }
        if removed.isEmpty {
            print("nothing to clean in \(directory.path)")
        } else {
            print("removed \(removed.joined(separator: ", ")) from \(directory.path)")
        }
    }
}
