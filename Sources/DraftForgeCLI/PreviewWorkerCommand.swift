// `draftforge preview-worker`, not listed in the help: the process `serve` runs its builds in,
// so that a build that crashes costs one build and never the server. It speaks only to serve,
// one JSON line each way (see `PreviewWorker`).
import ArgumentParser
import DraftForgePreview
import Foundation

struct PreviewWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview-worker",
        abstract: "Run serve's builds (started by serve itself).",
        shouldDisplay: false)

    func run() throws {
        let status = PreviewWorker.run()
        if status != 0 { throw ExitCode(status) }
    }
}
