// With DRAFTFORGE_PROFILE set, a stage prints how long each of its steps took: where a stage's
// time goes, without a profiler.
import Foundation

struct ProfileLaps {
    let isOn = ProcessInfo.processInfo.environment["DRAFTFORGE_PROFILE"] != nil
    private let prefix: String
    private var mark = ContinuousClock.now

    init(_ prefix: String = "") { self.prefix = prefix }

    /// Prints the time since the last lap (or the start) under `name`.
    mutating func lap(_ name: String) {
        print(name, since: mark)
        mark = ContinuousClock.now
    }

    func print(_ name: String, since start: ContinuousClock.Instant) {
        guard isOn else { return }
        FileHandle.standardError.write(Data("  \(prefix)\(name): \(ContinuousClock.now - start)\n".utf8))
    }
}
