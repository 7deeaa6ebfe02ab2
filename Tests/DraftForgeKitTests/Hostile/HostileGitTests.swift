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
    @Test func aRepositorysConfigRunsNothingAndTheIndexIsNotRewritten() throws {
        let manuscript = try TestManuscript.minimal(["chapters/02-two.md": "# Two\n\nText.\n"])
        let markers = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-markers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: markers, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: markers) }
        let root = manuscript.root
        // A name with '=' in it would be cut short by `git -c filter.NAME.clean=`.
        try manuscript.write(".gitattributes", "*.md filter=evil\n*.yml filter=evil2\n02-two.md filter=a=b\n")
        try runCommand(["git", "init", "-q", "-b", "main"], in: root)
        try runCommand(["git", "add", "."], in: root)
        try runCommand(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "first"], in: root)

        // Each program leaves a marker. The clean filter passes the bytes through (a failing
        // required filter would stop git before the others run).
        func script(_ name: String, then last: String = "exit 1") throws -> String {
            let url = markers.appendingPathComponent("\(name).sh")
            try Data("#!/bin/sh\ntouch '\(markers.path)/\(name)-ran'\n\(last)\n".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            return url.path
        }
        for (key, value) in [
            ("core.fsmonitor", try script("fsmonitor")), ("filter.evil.clean", try script("clean", then: "cat")),
            ("filter.evil.required", "true"), ("filter.evil2.process", try script("process")),
            ("filter.a=b.clean", try script("equals", then: "cat")),
            ("core.hooksPath", markers.path),
        ] {
            try runCommand(["git", "config", key, value], in: root)
        }
        // Newer timestamps make git hash the files again, through their filters.
        let later = Date().addingTimeInterval(120)
        for path in ["draftforge.yml", "chapters/01-one.md", "chapters/02-two.md"] {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: manuscript.url(path).path)
        }
        let index = manuscript.url(".git/index")
        let indexBytes = try Data(contentsOf: index)
        let indexDate = try FileManager.default.attributesOfItem(atPath: index.path)[.modificationDate] as? Date

        let result = try Pipeline.build(BuildOptions(root: root, environment: [:]))
        #expect(result.outputs.count >= 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: markers.path).filter { $0.hasSuffix("-ran") } == [])
        #expect(try Data(contentsOf: index) == indexBytes, ".git/index was rewritten")
        #expect(try FileManager.default.attributesOfItem(atPath: index.path)[.modificationDate] as? Date == indexDate)
        let build = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first)
        #expect(build.sourceBranch == "main")
        #expect(build.dirty == false, "the files' bytes are what was committed")

        // The repository is hostile indeed: git's own status runs the programs.
        _ = try runCommand(["git", "status", "--porcelain"], in: root)
        let ran = try FileManager.default.contentsOfDirectory(atPath: markers.path).filter { $0.hasSuffix("-ran") }
        #expect(!ran.isEmpty, "the test's repository runs nothing even without DraftForge's guards")
    }
}
