// Options every command that prints shares.
import ArgumentParser

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
}
