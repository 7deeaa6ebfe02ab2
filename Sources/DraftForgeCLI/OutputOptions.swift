// Options every command that prints shares, and how the commands read the paths they are given.
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

/// A path as the user typed it, made absolute from the current folder.
func absoluteURL(_ path: String) -> URL {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
}
