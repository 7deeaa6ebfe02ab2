import DraftForgeKit
import Foundation
import Testing
@testable import DraftForgePreview

/// The worker runner against stand-in workers (shell scripts) that fail each way a real one can:
/// every way is a failed build with `preview.build-crashed`, the dead worker's folder goes, and
/// the next build gets a fresh worker. `ServeWorkerTests` crashes the real one.
@Suite("preview build worker runner", .serialized)
struct WorkerBuildRunnerTests {
    /// Runs one build on a worker started as `sh -c script`; the failure's diagnostic, and what
    /// the work folder held after the build and after `stop`.
    func failedBuild(_ script: String) throws -> (diagnostic: Diagnostic?, after: [String], stopped: [String]) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // No core file, wherever the shell runs.
        let runner = WorkerBuildRunner(
            command: ["/bin/sh", "-c", "ulimit -c 0; " + script], environment: ProcessInfo.processInfo.environment,
            workDirectory: work)
        let request = PreviewBuildRequest(
            root: work, outputDirectory: work.appendingPathComponent("build-1"), formats: [.html],
            environment: [:])
        let result = runner.build(request)
        let after = try FileManager.default.contentsOfDirectory(atPath: work.path).sorted()
        runner.stop()
        let stopped = try FileManager.default.contentsOfDirectory(atPath: work.path)
        guard case .failure(let failure) = result else { return (nil, after, stopped) }
        #expect(failure.diagnostics.count == 1)
        return (failure.diagnostics.first, after, stopped)
    }

    @Test func aWorkerKilledByASignalIsNamedAndReplaced() throws {
        let (diagnostic, after, stopped) = try failedBuild("read request; touch \"$TMPDIR/half-built\"; kill -SEGV $$")
        #expect(diagnostic?.code == "preview.build-crashed")
        #expect(diagnostic?.severity == .error)
        #expect(diagnostic?.message.hasPrefix("the build worker was killed by signal \(SIGSEGV) (SIGSEGV") == true, "\(String(describing: diagnostic))")
        #expect(after == ["worker-2"], "the dead worker's temporary folder is gone, a fresh one started")
        #expect(stopped.isEmpty)
    }

    @Test func aWorkerThatExitsOrWritesGarbageIsAFailedBuild() throws {
        let exited = try failedBuild("read request; exit 3")
        #expect(exited.diagnostic?.message.hasPrefix("the build worker exited with status 3") == true)
        #expect(exited.after == ["worker-2"])
        let garbage = try failedBuild("read request; echo '{\"no\": \"reply\"}'; read more")
        #expect(garbage.diagnostic?.message.hasPrefix("the build worker wrote something that is not a build result") == true)
        #expect(garbage.after == ["worker-2"])
        #expect(garbage.stopped.isEmpty)
    }

    @Test func oneWorkerAnswersBuildAfterBuild() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let reply = String(decoding: try JSONEncoder().encode(PreviewBuildReply.failed(.badInput, [])), as: UTF8.self)
        let runner = WorkerBuildRunner(
            command: ["/bin/sh", "-c", "while read request; do echo '\(reply)'; done"], environment: [:], workDirectory: work)
        defer { runner.stop() }
        for number in 1...3 {
            let request = PreviewBuildRequest(
                root: work, outputDirectory: work.appendingPathComponent("build-\(number)"), formats: [.html],
                environment: [:])
            guard case .failure(let failure) = runner.build(request) else {
                Issue.record("build \(number) succeeded")
                continue
            }
            #expect(failure.kind == .badInput && failure.diagnostics.isEmpty, "build \(number): \(failure)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["worker-1"], "no second worker")
    }

    /// What a build reports crosses the pipe whole, as one line, a confidence that is no number too.
    @Test func aReplyIsOneLineAndCarriesAnyConfidence() throws {
        var odd = Diagnostic(.warning, .doubledWord, at: SourceLocation(file: "chapters/01.md", line: 1), "two\nlines")
        odd.confidence = .nan
        let line = try WorkerJSON.encode(PreviewBuildReply.failed(.blocked, [odd]))
        #expect(line.firstIndex(of: UInt8(ascii: "\n")) == line.index(before: line.endIndex))
        var delta = ReplyDelta()
        let decoded = try WorkerJSON.decode(PreviewBuildReply.self, from: line.dropLast())
        guard case .failure(let failure) = delta.result(of: decoded) else { throw TestFailure("not a failure") }
        #expect(failure.kind == .blocked)
        #expect(failure.diagnostics.first?.message == "two\nlines")
        #expect(failure.diagnostics.first?.confidence?.isNaN == true)
    }

    /// A good build's diagnostics and inputs cross the pipe only when they changed since the
    /// last good build, and come out whole at the other end.
    @Test func aGoodBuildSendsOnlyWhatChanged() throws {
        var worker = ReplyDelta()
        var server = ReplyDelta()
        func roundTrip(_ report: PreviewBuildReport) throws -> (sent: PreviewBuildReply, received: PreviewBuildReport?) {
            let sent = worker.reply(.success(report))
            let line = try WorkerJSON.encode(sent)
            guard case .success(let received) = server.result(of: try WorkerJSON.decode(PreviewBuildReply.self, from: line)) else {
                return (sent, nil)
            }
            return (sent, received)
        }
        let warning = Diagnostic(.warning, .doubledWord, at: SourceLocation(file: "chapters/01.md", line: 3), "\"the the\"")
        var report = try WorkerJSON.decode(PreviewBuildReport.self, from: Data("""
            {"diagnostics": [], "inputs": {"files": ["chapters/01.md"], "folders": ["chapters"]}, "chapterCount": 1,
             "wordCount": 9, "duration": [0, 0], "timings": []}
            """.utf8))
        report.diagnostics = [warning]

        let first = try roundTrip(report)
        guard case .built(_, false, false) = first.sent else { throw TestFailure("the first reply is whole: \(first.sent)") }
        report.wordCount = 10
        let second = try roundTrip(report)
        guard case .built(let sent, true, true) = second.sent else { throw TestFailure("\(second.sent)") }
        #expect(sent.diagnostics.isEmpty && sent.inputs.files.isEmpty)
        #expect(second.received?.diagnostics == [warning] && second.received?.inputs == report.inputs)
        #expect(second.received?.wordCount == 10)

        report.diagnostics = []
        let third = try roundTrip(report)
        guard case .built(_, false, true) = third.sent else { throw TestFailure("\(third.sent)") }
        #expect(third.received?.diagnostics == [] && third.received?.inputs == report.inputs)

        // A reply that leans on a build this end never heard of is not a result.
        var fresh = ReplyDelta()
        #expect(fresh.result(of: second.sent) == nil)
    }
}
