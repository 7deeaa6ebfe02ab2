// Options and arguments the commands share, and how the commands read the paths they are given.
import ArgumentParser
import DraftForgeKit
import Foundation

struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print errors only.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print how long each stage took.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }

    var console: Console {
        Console(verbosity: quiet ? .quiet : verbose ? .verbose : .normal)
    }

    /// The console for a command on a manuscript: annotated paths are relative to the repository.
    func console(annotating root: URL, environment: [String: String]) -> Console {
        var console = self.console
        console.annotationPrefix = ContinuityReport.repositoryPrefix(root: root, environment: environment)
        return console
    }
}

/// MANUSCRIPT, the argument of every command that reads a manuscript.
struct ManuscriptArgument: ParsableArguments {
    @Argument(help: "The manuscript folder (the one holding draftforge.yml).", completion: .directory)
    var manuscript: String = "."

    var root: URL { absoluteURL(manuscript) }
}

/// MANUSCRIPT and `--output`, for the commands that read what builds wrote.
struct BuiltOutputArguments: ParsableArguments {
    @OptionGroup var manuscript: ManuscriptArgument

    @Option(name: .shortAndLong, help: "The output folder the builds wrote to.", completion: .directory)
    var output: String?

    /// `--output`, else the folder builds write to by default.
    var directory: URL {
        BuildOptions(root: manuscript.root, outputDirectory: output.map(absoluteURL)).resolvedOutputDirectory
    }
}

/// A path as the user typed it, made absolute from the current folder.
func absoluteURL(_ path: String) -> URL {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
}
