import Foundation
import Testing

/// Two `draftforge build`s of one manuscript at once, as two CI jobs or a build beside
/// `serve` would run them: both finish, and dist/ holds one whole, valid EPUB and site, no
/// temporary files, and a manifest that records both builds (see `OutputFolderCheck`).
@Suite("Concurrent builds")
struct ConcurrentBuildTests {
    @Test func twoBuildsAtOnceLeaveAWholeOutput() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-concurrent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try "title: Twice\n".write(to: root.appendingPathComponent("draftforge.yml"), atomically: true, encoding: .utf8)
        let paragraph = String(repeating: "The lamp turned and the *sea* answered. ", count: 40) + "\n\n"
        for number in 1...200 {
            try ("# Chapter \(number)\n\n" + String(repeating: paragraph, count: 10))
                .write(to: root.appendingPathComponent(String(format: "chapters/%03d.md", number)), atomically: true, encoding: .utf8)
        }

        for build in finish([try startBuild(root), try startBuild(root)]) {
            #expect(build.status == 0, "\(build.errors)")
        }
        let problems = try OutputFolderCheck.problems(in: root.appendingPathComponent("dist"), epub: "twice.epub", builds: 2)
        #expect(problems.isEmpty, "\(problems)")
    }
}
