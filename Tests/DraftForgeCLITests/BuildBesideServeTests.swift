import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `draftforge build` of a manuscript, twice at once, while `draftforge serve` previews it and
/// rebuilds on a save made just before: round after round, dist/ is left whole (see
/// `OutputFolderCheck`), and the preview never sees the builds' writes as changes to rebuild on.
@Suite("build beside serve", .serialized)
struct BuildBesideServeTests {
    @Test func buildsWhileServeRebuildsLeaveDistWhole() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-beside-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try "title: Side by Side\n".write(to: root.appendingPathComponent("draftforge.yml"), atomically: true, encoding: .utf8)
        let paragraph = String(repeating: "The lamp turned and the *sea* answered. ", count: 40) + "\n\n"
        for number in 1...40 {
            try ("# Chapter \(number)\n\n" + String(repeating: paragraph, count: 6))
                .write(to: root.appendingPathComponent(String(format: "chapters/%02d.md", number)), atomically: true, encoding: .utf8)
        }

        let serve = try ServeCommandTests.ServeProcess([root.path, "--port", "0"])
        defer { if serve.process.isRunning { kill(serve.process.processIdentifier, SIGKILL) } }
        try serve.waitForOutput("serving at", timeout: 120)

        let rounds = 4
        for round in 1...rounds {
            // A save, so the preview rebuilds while the builds run.
            try ("# Chapter 1\n\nRound \(round).\n\n" + paragraph)
                .write(to: root.appendingPathComponent("chapters/01.md"), atomically: false, encoding: .utf8)
            for build in finish([try startBuild(root), try startBuild(root)]) {
                #expect(build.status == 0, "round \(round): \(build.errors)")
            }
            let problems = try OutputFolderCheck.problems(
                in: root.appendingPathComponent("dist"), epub: "side-by-side.epub", builds: 2 * round)
            #expect(problems.isEmpty, "round \(round): \(problems)")
        }

        try serve.waitForOutput("after a change to chapters/01.md", timeout: 120)
        #expect(!serve.stdout.contains("dist/"), "the preview saw the builds' writes: \(serve.stdout)")
        #expect(!serve.stderr.contains("build failed"), "\(serve.stderr)")
        kill(serve.process.processIdentifier, SIGINT)
        #expect(try serve.waitForExit(timeout: 60) == 0)
    }
}
