// `draftforge bible --suggest`: prints a bible drafted from the text (characters with their
// aliases and gender, places), or what the existing bible lacks. Never writes a file.
import ArgumentParser
import DraftForgeKit
import Foundation

struct BibleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bible",
        abstract: "Draft a story bible from the manuscript.",
        discussion: """
            With --suggest, reads the chapters and prints, as bible YAML, the characters (recurring proper \
            names, with aliases and gender) and places the bible does not hold yet, each with where it was \
            first seen. Nothing is written: copy what is right into bible.yml.
            """)

    @OptionGroup var manuscript: ManuscriptArgument

    @Flag(help: "Print a suggested bible, or the additions to the existing one.")
    var suggest = false

    @OptionGroup var printing: OutputOptions

    func validate() throws {
        guard suggest else { throw ValidationError("say what to do: 'draftforge bible --suggest'") }
    }

    func run() throws {
        let options = BuildOptions(root: manuscript.root)
        let console = printing.console(annotating: options.root, environment: options.environment)
        do {
            let (suggestion, diagnostics) = try Pipeline.suggestBible(options)
            console.report(diagnostics)
            FileHandle.standardOutput.write(Data(suggestion.yaml.utf8))
        } catch {
            console.report(error.diagnostics)
            console.line("bible failed: the manuscript could not be read")
            throw ExitCode(error.exitCode)
        }
    }
}
