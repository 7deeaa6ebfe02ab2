import Foundation
import Testing
@testable import DraftForgeKit

/// `ChildProcess`: more than a pipe's worth on each stream never stalls the program or the
/// build, and a program past its time is stopped.
@Suite("Child processes")
struct ChildProcessTests {
    static let size = 300_000

    @Test func bothOutputsAreReadWithoutStalling() throws {
        let shell = ChildProcess.onPath("sh", ["-c", "head -c \(Self.size) /dev/zero; head -c \(Self.size) /dev/zero >&2; exit 3"])
        let outcome = try shell.run()
        #expect(outcome.exited && outcome.status == 3 && !outcome.timedOut)
        #expect(outcome.output.count == Self.size && outcome.errors.count == Self.size)
        var merged = shell
        merged.errors = .mergedWithOutput
        #expect(try merged.run().output.count == 2 * Self.size)
    }

    @Test func aProgramPastItsTimeIsStopped() throws {
        var sleeper = ChildProcess.onPath("sleep", ["30"])
        sleeper.timeout = 0.2
        let outcome = try sleeper.run()
        // SIGTERM, or SIGKILL where the test's thread blocks SIGTERM and the child inherits that.
        #expect(outcome.timedOut && !outcome.exited)
    }

    @Test func aRunningProgramAnswersWhileItIsStillAsked() throws {
        let cat = try ChildProcess.onPath("cat", []).start()
        let request = Data((0..<Self.size).map { UInt8(truncatingIfNeeded: $0) })
        let answer = cat.send(request) {
            var answer = Data()
            while answer.count < request.count {
                let chunk = cat.output.availableData
                if chunk.isEmpty { break }
                answer.append(chunk)
            }
            return answer
        }
        #expect(answer == request)
    }
}
