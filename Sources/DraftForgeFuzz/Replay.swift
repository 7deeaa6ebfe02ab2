// Without libFuzzer (`swift build`): replays saved inputs through the same checks, so an input
// can be run under a debugger or without the fuzzer's instrumentation.
//   draftforge-fuzz markdown|config|svg FILE...
// `scripts/fuzz` builds with -D DRAFTFORGE_LIBFUZZER: then libFuzzer's own main runs (it too
// replays files named on its command line).
#if !DRAFTFORGE_LIBFUZZER
import DraftForgeFuzzChecks
import Foundation

@main
struct Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2, let target = FuzzHarness.Target(rawValue: arguments[0]) else {
            print("usage: draftforge-fuzz markdown|config|svg FILE...")
            exit(2)
        }
        var failed = 0
        for path in arguments.dropFirst() {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                failed += 1
                continue
            }
            let problems = FuzzHarness.problems(target, bytes)
            print("\(path): " + (problems.isEmpty ? "ok" : problems.joined(separator: "\n  ")))
            if !problems.isEmpty { failed += 1 }
        }
        exit(failed == 0 ? 0 : 1)
    }
}
#endif
