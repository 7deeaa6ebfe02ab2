import DraftForgeTestSupport
import Foundation
import Testing
@testable import DraftForgeKit

/// A repository whose own config would make git run programs: `core.fsmonitor` (run by
/// `status`) and filters named in `.gitattributes` (`clean`, `process`, run when a file whose
/// timestamps changed is hashed again). A build runs git (the history, the build date, the
/// manifest's Git state, the continuity report's commit) and must run none of them, nor
/// rewrite `.git/index`.
@Suite("Hostile manuscripts: Git")
struct HostileGitTests {
    /// A committed manuscript whose config then names the programs, each leaving a marker in
    /// `markers`, with its files' timestamps moved so that git must hash them again.
    final class HostileRepository {
        let manuscript: TestManuscript
        let markers = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-markers-\(UUID().uuidString)")

        init(attributes: String = "", filters: [(key: String, script: String)] = []) throws {
            manuscript = try TestManuscript.minimal(["chapters/02-two.md": "# Two\n\nText.\n"])
            try FileManager.default.createDirectory(at: markers, withIntermediateDirectories: true)
            let root = manuscript.root
            try manuscript.write(".gitattributes", "*.md filter=evil\n*.yml filter=evil2\n" + attributes)
            try runCommand(["git", "init", "-q", "-b", "main"], in: root)
            try runCommand(["git", "add", "."], in: root)
            try runCommand(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "first"], in: root)
            // The clean filters pass the bytes through (a failing required filter would stop
            // git before the others run).
            let settings = [
                ("core.fsmonitor", try script("fsmonitor")), ("filter.evil.clean", try script("clean", then: "cat")),
                ("filter.evil.required", "true"), ("filter.evil2.process", try script("process")),
                ("core.hooksPath", markers.path),
            ] + (try filters.map { ($0.key, try script($0.script, then: "cat")) })
            for (key, value) in settings { try runCommand(["git", "config", key, value], in: root) }
            let later = Date().addingTimeInterval(120)
            for path in ["draftforge.yml", "chapters/01-one.md", "chapters/02-two.md"] {
                try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: manuscript.url(path).path)
            }
        }

        deinit { try? FileManager.default.removeItem(at: markers) }

        private func script(_ name: String, then last: String = "exit 1") throws -> String {
            let url = markers.appendingPathComponent("\(name).sh")
            try Data("#!/bin/sh\ntouch '\(markers.path)/\(name)-ran'\n\(last)\n".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            return url.path
        }

        var ran: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: markers.path)) ?? []).filter { $0.hasSuffix("-ran") } }

        /// Builds (the build date from Git too); checks that nothing ran and the index is as it
        /// was, then that git's own status does run the programs. Returns the build's record.
        func buildRunsNothing(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> BuildRecord {
            let index = manuscript.url(".git/index")
            let indexBytes = try Data(contentsOf: index)
            let indexDate = try FileManager.default.attributesOfItem(atPath: index.path)[.modificationDate] as? Date
            _ = try Pipeline.build(BuildOptions(root: manuscript.root, environment: [:]))
            #expect(ran == [], sourceLocation: sourceLocation)
            #expect(try Data(contentsOf: index) == indexBytes, ".git/index was rewritten", sourceLocation: sourceLocation)
            #expect(try FileManager.default.attributesOfItem(atPath: index.path)[.modificationDate] as? Date == indexDate,
                    sourceLocation: sourceLocation)
            let record = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first, sourceLocation: sourceLocation)
            // The repository is hostile indeed: git's own status runs the programs.
            _ = try runCommand(["git", "status", "--porcelain"], in: manuscript.root)
            #expect(!ran.isEmpty, "the test's repository runs nothing even without DraftForge's guards", sourceLocation: sourceLocation)
            return record
        }
    }

    @Test func aRepositorysConfigRunsNothingAndTheIndexIsNotRewritten() throws {
        let repository = try HostileRepository()
        let record = try repository.buildRunsNothing()
        #expect(record.sourceBranch == "main")
        #expect(record.dirty == false, "the files' bytes are what was committed")
    }

    /// `git -c filter.a=b.clean=` would split at the first '=' and leave the filter on: such a
    /// name stops the status from being run, and the tree counts as dirty.
    @Test func aFilterWhoseNameHoldsAnEqualsSignRunsNothing() throws {
        let repository = try HostileRepository(
            attributes: "02-two.md filter=a=b\n", filters: [("filter.a=b.clean", "equals")])
        let record = try repository.buildRunsNothing()
        #expect(record.dirty, "the status could not be read safely")
    }
}
