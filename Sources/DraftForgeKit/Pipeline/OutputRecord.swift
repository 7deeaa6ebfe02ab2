// A list of what builds wrote into an output folder (`.draftforge-outputs`), so `clean` can
// remove exactly that and never a file the author put there.
import Foundation

public enum OutputRecord {
    public static let fileName = ".draftforge-outputs"

    /// The names recorded in `directory`, oldest builds' included.
    public static func names(in directory: URL) -> [String] {
        guard let text = try? String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").map(String.init).filter(isSafeName)
    }

    /// A build's additions to the record of its folder: read once, rewritten only when a name
    /// is new (rewriting it unchanged cost two flushes an output). The reports and the outputs
    /// are written side by side: one adds at a time.
    final class Additions: @unchecked Sendable {
        private let directory: URL
        private let lock = NSLock()
        private var recorded: Set<String>?

        init(directory: URL) {
            self.directory = directory
        }

        /// Records `name` (a file or folder directly inside the folder), through `writer`.
        func add(_ name: String, writer: OutputWriter) throws {
            try lock.withLock {
                let recorded = self.recorded ?? Set(OutputRecord.names(in: directory))
                self.recorded = recorded
                guard !recorded.contains(name) else { return }
                let names = recorded.union([name])
                try writer.write(
                    Data((names.sorted().joined(separator: "\n") + "\n").utf8), to: directory.appendingPathComponent(fileName))
                self.recorded = names
            }
        }
    }

    /// Removes every recorded output, the record, and the folder when nothing else is left in it.
    /// Returns the names removed.
    public static func clean(_ directory: URL) throws -> [String] {
        let manager = FileManager.default
        var removed: [String] = removeLeftovers(in: directory)
        for name in names(in: directory) {
            let url = directory.appendingPathComponent(name)
            if (try? url.checkResourceIsReachable()) == true || manager.fileExists(atPath: url.path) {
                try manager.removeItem(at: url)
                removed.append(name)
            }
        }
        try? manager.removeItem(at: directory.appendingPathComponent(fileName))
        try? manager.removeItem(at: directory.appendingPathComponent(BuildLock.fileName))
        if let left = try? manager.contentsOfDirectory(atPath: directory.path), left.isEmpty {
            try manager.removeItem(at: directory)
        }
        return removed
    }

    /// Removes what a killed build left behind: the temporary files and folders outputs are
    /// written to before their rename (`.<name>.<pid>.partial`, the site's
    /// `.<name>.<pid>-<uuid>.partial` and `.previous`), and the earlier outputs a build's journal
    /// kept (`.<name>.<pid>.previous`) when it died after committing. Only the name pattern DraftForge itself
    /// uses is touched, and only while the build lock is held, when no other writer is at work.
    @discardableResult
    static func removeLeftovers(in directory: URL) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        let leftovers = entries.filter(isLeftover)
        for name in leftovers { try? FileManager.default.removeItem(at: directory.appendingPathComponent(name)) }
        return leftovers.sorted()
    }

    /// `.<name>.<pid>[-<uuid>].partial` or `.previous`, of another process: this one's are
    /// still in the hands of a write that will remove them.
    static func isLeftover(_ entry: String) -> Bool {
        guard entry.hasPrefix("."), entry.hasSuffix(".partial") || entry.hasSuffix(".previous") else { return false }
        let parts = entry.dropFirst().dropLast(entry.hasSuffix(".partial") ? ".partial".count : ".previous".count)
            .split(separator: ".", omittingEmptySubsequences: false)
        // The name may itself start with a dot (`..draftforge-outputs.17.previous`).
        guard parts.count >= 2, !parts.dropLast().joined(separator: ".").isEmpty, let owner = parts.last else { return false }
        let pid = owner.prefix { $0.isASCII && $0.isNumber }
        let rest = owner.dropFirst(pid.count)
        guard !pid.isEmpty, Int32(pid) != ProcessInfo.processInfo.processIdentifier else { return false }
        return rest.isEmpty || rest.first == "-" && UUID(uuidString: String(rest.dropFirst())) != nil
    }

    /// A plain name inside the folder: no path separators, not `.` or `..`.
    private static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".." && name != fileName
    }
}
