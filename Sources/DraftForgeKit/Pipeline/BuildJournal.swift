// An undo journal for one build's output folder. Outputs are renamed into place one by one and
// the manifest last, so a build killed between two renames would leave new outputs beside a
// manifest that describes the old ones. Before the first rename of each name, the journal
// records it and keeps the earlier file or folder aside; when the manifest is in place the build
// commits (the journal goes, then the kept copies). A journal found by the next build, `clean`
// or `manifest --verify` is rolled back, so the folder and its manifest always agree.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

public final class BuildJournal: @unchecked Sendable {
    public static let fileName = ".draftforge-journal"

    /// What the journal knows of one name in the output folder.
    private enum Entry: Equatable {
        /// The name held something, kept aside under `kept`.
        case replaced(name: String, kept: String)
        /// The name held nothing: undoing removes what the build put there.
        case created(name: String)

        var name: String {
            switch self {
            case .replaced(let name, _), .created(let name): name
            }
        }

        var line: String {
            switch self {
            case .replaced(let name, let kept): "replaced\t\(name)\t\(kept)\n"
            case .created(let name): "created\t\(name)\n"
            }
        }

        init?(line: Substring) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.allSatisfy(BuildJournal.isPlainName) else { return nil }
            switch (fields.first, fields.count) {
            case ("replaced", 3): self = .replaced(name: fields[1], kept: fields[2])
            case ("created", 2): self = .created(name: fields[1])
            default: return nil
            }
        }
    }

    let directory: URL
    private let lock = NSLock()
    private var journaled: Set<String> = []
    /// The earlier contents this build set aside, removed when it commits.
    private var keptCopies: [URL] = []
    private var handle: FileHandle?
    /// Called with each name just before its new content is renamed in: the tests' kill point.
    var beforeRename: (@Sendable (String) -> Void)?

    /// A journal for a build about to write into `directory`, which must hold the build lock
    /// and have been recovered (`recover(in:)`).
    init(directory: URL) {
        self.directory = directory
    }

    /// Records `url` (a file or, with `folder`, a folder directly inside the output folder) and
    /// keeps its earlier content aside, the first time the build replaces it; its later
    /// replacements need nothing more. A folder where a file goes is left alone, for the
    /// rename to refuse as it would without a journal.
    func keep(_ url: URL, folder: Bool) throws {
        guard url.deletingLastPathComponent().standardizedFileURL.path == directory.standardizedFileURL.path else { return }
        let name = url.lastPathComponent
        try lock.withLock {
            guard !journaled.contains(name) else { return }
            var status = stat()
            let exists = lstat(url.path, &status) == 0
            if exists, !folder, status.st_mode & S_IFMT == S_IFDIR { return }
            journaled.insert(name)
            let kept = ".\(name).\(ProcessInfo.processInfo.processIdentifier).previous"
            let entry: Entry = exists ? .replaced(name: name, kept: kept) : .created(name: name)
            try append(entry)
            guard exists else { return }
            let keptURL = directory.appendingPathComponent(kept)
            try? FileManager.default.removeItem(at: keptURL)
            keptCopies.append(keptURL)
            // A file is linked, so its name never goes missing; a folder is moved, and the
            // write moves the new one in at once.
            if status.st_mode & S_IFMT == S_IFDIR {
                guard rename(url.path, keptURL.path) == 0 else { throw AtomicFile.failure(errno, url) }
            } else if link(url.path, keptURL.path) != 0 {
                try FileManager.default.copyItem(at: url, to: keptURL)
            }
        }
        beforeRename?(name)
    }

    /// The journal line is on the disk before anything it describes happens.
    private func append(_ entry: Entry) throws {
        let url = directory.appendingPathComponent(Self.fileName)
        if handle == nil {
            handle = try FileHandle.creating(url)
            try AtomicFile.sync(directory)
        }
        try handle?.write(contentsOf: Data(entry.line.utf8))
        try handle?.synchronize()
    }

    /// The build's outputs and manifest are in place: forgets the earlier ones. Removing the
    /// journal is the commit; kept copies a crash leaves after it are leftovers of a dead build.
    func commit() {
        lock.withLock {
            try? handle?.close()
            handle = nil
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(Self.fileName))
            try? AtomicFile.sync(directory)
            for url in keptCopies { try? FileManager.default.removeItem(at: url) }
            keptCopies = []
            journaled = []
        }
    }

    /// Puts back what this build replaced, for a build that cannot finish its manifest.
    func rollBack() {
        lock.withLock {
            try? handle?.close()
            handle = nil
            journaled = []
            keptCopies = []
        }
        Self.recover(in: directory)
    }

    /// The environment variable naming an output before whose rename the build kills itself
    /// (SIGKILL): the tests' way to stop a real build between two renames.
    public static let killPointVariable = "DRAFTFORGE_TEST_KILL_BEFORE_RENAME"

    /// `recover(in:)`, told as a warning when there was something to undo.
    public static func undoInterruptedBuild(in directory: URL) -> Diagnostic? {
        let undone = recover(in: directory)
        guard !undone.isEmpty else { return nil }
        return Diagnostic(
            .warning, .interruptedBuildUndone, at: SourceLocation(file: directory.path),
            "an earlier build stopped before its manifest was written; put back the outputs it had replaced: \(undone.joined(separator: ", "))",
            suggestion: "nothing to do: the folder matches manifest.json again")
    }

    /// `undoInterruptedBuild(in:)` for a command outside a build (`clean`, `manifest --verify`):
    /// when a journal is there, waits for the build lock first, so a build still running is
    /// never undone.
    public static func undoInterruptedBuild(lockingFolder directory: URL) -> Diagnostic? {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(fileName).path),
            let lock = try? BuildLock(directory: directory)
        else { return nil }
        defer { lock.release() }
        let undone = undoInterruptedBuild(in: directory)
        OutputRecord.removeLeftovers(in: directory)
        return undone
    }

    /// Undoes an unfinished build's journal in `directory`, if there is one: every name it
    /// replaced gets its kept content back and every name it created goes. Returns the names
    /// restored or removed. Call it holding the build lock.
    @discardableResult
    public static func recover(in directory: URL) -> [String] {
        let journalURL = directory.appendingPathComponent(fileName)
        guard let text = try? String(contentsOf: journalURL, encoding: .utf8) else { return [] }
        let manager = FileManager.default
        var undone: [String] = []
        // Only whole lines count: a line cut short by the crash describes nothing done yet.
        let entries = text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
            .compactMap(Entry.init(line:))
        for entry in entries.reversed() {
            let url = directory.appendingPathComponent(entry.name)
            switch entry {
            case .replaced(_, let kept):
                let keptURL = directory.appendingPathComponent(kept)
                // No kept copy: the crash came before anything was moved, so the name is as it was.
                guard exists(keptURL) else { continue }
                if isFolder(url) || isFolder(keptURL) { try? manager.removeItem(at: url) }
                guard rename(keptURL.path, url.path) == 0 else { continue }
                undone.append(entry.name)
            case .created:
                if (try? manager.removeItem(at: url)) != nil { undone.append(entry.name) }
            }
        }
        try? AtomicFile.sync(directory)
        try? manager.removeItem(at: journalURL)
        try? AtomicFile.sync(directory)
        return undone.reversed()
    }

    private static func isFolder(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether anything is at `url`, a dangling symbolic link included.
    private static func exists(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0
    }

    /// A name directly inside the folder, or a journal keyword.
    fileprivate static func isPlainName(_ field: String) -> Bool {
        !field.isEmpty && !field.contains("/") && field != "." && field != ".." && field != fileName
    }
}
