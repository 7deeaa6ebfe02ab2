// The libFuzzer entry point. libFuzzer calls it with each input it makes; an input whose
// outcome breaks one of `FuzzHarness`'s checks aborts, so libFuzzer saves it as a crash file.
// DRAFTFORGE_FUZZ_TARGET picks what the bytes are: `markdown` (a chapter, the default) or
// `config` (draftforge.yml) or `svg` (an SVG image through the cleaning).
import DraftForgeFuzzChecks
import Foundation

let fuzzTarget: FuzzHarness.Target = {
    let name = ProcessInfo.processInfo.environment["DRAFTFORGE_FUZZ_TARGET"] ?? "markdown"
    guard let target = FuzzHarness.Target(rawValue: name) else {
        FileHandle.standardError.write(Data("DRAFTFORGE_FUZZ_TARGET must be markdown, config or svg, not \(name)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    let problems = FuzzHarness.problems(fuzzTarget, bytes)
    guard problems.isEmpty else {
        FileHandle.standardError.write(Data(("\(fuzzTarget.rawValue): " + problems.joined(separator: "\n") + "\n").utf8))
        abort()
    }
    return 0
}
