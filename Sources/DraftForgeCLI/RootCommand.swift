// The `draftforge` command: a thin layer over DraftForgeKit's pipeline.
import ArgumentParser
import DraftForgeKit
import Foundation

public struct RootCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "draftforge",
        abstract: "Compile a manuscript of Markdown chapters into an EPUB 3 book, a website, DOCX and PDF.",
        version: DraftForgeVersion.current,
        subcommands: [
            BuildCommand.self, CheckCommand.self, ServeCommand.self, StatsCommand.self, CleanCommand.self,
            ManifestCommand.self, InitCommand.self, BibleCommand.self, PreviewWorkerCommand.self,
        ],
        defaultSubcommand: BuildCommand.self)

    public init() {}

    /// Runs the command line. `build` is the default subcommand, so a mistyped command name
    /// would be read as a manuscript folder ("no draftforge.yml in …/biuld"): a first word that
    /// is no path and is a typo away from a command's name is reported as what it is.
    public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        if let word = arguments.first, let command = mistypedCommand(word) {
            FileHandle.standardError.write(Data(
                "unknown command '\(word.escapingControlCharacters)'; did you mean '\(command)'?\n".utf8))
            exit(withError: ExitCode.validationFailure)
        }
        main(arguments)
    }

    /// The command `word` nearly spells, when it is neither a command nor an existing path.
    static func mistypedCommand(_ word: String) -> String? {
        guard !word.hasPrefix("-"), !word.contains("/"), !FileManager.default.fileExists(atPath: word) else { return nil }
        let names = configuration.subcommands.filter { $0.configuration.shouldDisplay }
            .compactMap { $0.configuration.commandName }
        guard !names.contains(word) else { return nil }
        return EditDistance.nearest(to: word.lowercased(), in: names, limit: EditDistance.typoLimit(for: word))
            ?? (names.contains(word.lowercased()) ? word.lowercased() : nil)
    }
}
