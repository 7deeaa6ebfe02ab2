// `draftforge manifest`: the exports a manuscript's builds recorded, as a table or JSON, and
// `--verify` to recompute their checksums.
import ArgumentParser
import DraftForgeKit
import Foundation

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "List the exports recorded in <output>/manifest.json.")

    @OptionGroup var location: BuiltOutputArguments

    @Flag(help: "Print the manifest as JSON.")
    var json = false

    @Flag(help: "Recompute the newest build's checksums; exit 1 when a file is missing or changed.")
    var verify = false

    func run() throws {
        let directory = location.directory
        if let undone = BuildJournal.undoInterruptedBuild(lockingFolder: directory) { Console().report([undone]) }
        guard let manifest = ManifestStore.read(in: directory) else {
            Console().report([Diagnostic(
                .error, .manifestMissing, at: SourceLocation(file: directory.appendingPathComponent(BuildManifest.fileName).path),
                "no manifest", suggestion: "run draftforge build first")])
            throw ExitCode(2)
        }
        if verify {
            // After a blocked (or wholly failed) build, the outputs are an earlier build's.
            let exporting = ManifestVerifier.exportingBuild(manifest)
            if let newest = manifest.builds.first, newest.version != exporting?.version {
                let earlier = exporting.map { build in
                    build.version == newest.version - 1
                        ? "; the outputs are from the previous build, \(build.version)"
                        : "; the outputs are from build \(build.version), the last that exported any"
                } ?? "; no build has exported any, so there is nothing to verify"
                print("the newest build, \(newest.version), exported nothing\(earlier)")
            }
            let problems = ManifestVerifier.verify(manifest, in: directory)
            for problem in problems { print("\(problem)".escapingControlCharacters) }
            if !problems.isEmpty { throw ExitCode(1) }
            if let exporting {
                let count = exporting.exportJobs.filter { $0.status == .completed }.count
                print(count == 1 ? "the 1 output matches the manifest" : "all \(count) outputs match the manifest")
            }
            return
        }
        if json {
            FileHandle.standardOutput.write(ManifestStore.data(in: directory) ?? Data())
            return
        }
        print("\(manifest.project.title) (\(manifest.project.identifier))".escapingControlCharacters)
        // A book with editions (a store's EPUB, large print) says which file each job is.
        func edition(_ job: ExportJob) -> String? {
            if case .string(let name) = job.settings["edition"] { return name }
            return nil
        }
        let hasEditions = manifest.builds.contains { $0.exportJobs.contains { edition($0) != nil } }
        print("version  ref                 type  status     size      sha-256       completed" + (hasEditions ? "             edition" : ""))
        for build in manifest.builds {
            for job in build.exportJobs {
                var columns = [
                    String(build.version).padding(toLength: 8, withPad: " ", startingAt: 0),
                    String((build.bookVersion ?? build.sourceRef ?? "-").prefix(19)).padding(toLength: 19, withPad: " ", startingAt: 0),
                    job.exportType.padding(toLength: 5, withPad: " ", startingAt: 0),
                    job.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0),
                    (job.outputSizeBytes.map { String($0) } ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0),
                    String((job.outputChecksum ?? "-").prefix(12)).padding(toLength: 13, withPad: " ", startingAt: 0),
                    job.completedAt ?? "-",
                ]
                if hasEditions, let name = edition(job) { columns.append(" " + name) }
                print(columns.joined(separator: " ").escapingControlCharacters)
            }
        }
    }
}
