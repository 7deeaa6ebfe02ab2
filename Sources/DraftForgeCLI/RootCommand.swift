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
            ManifestCommand.self, InitCommand.self, PreviewWorkerCommand.self,
        ],
        defaultSubcommand: BuildCommand.self)

    public init() {}
}
