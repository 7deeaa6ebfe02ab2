import Foundation
import Testing
@testable import DraftForgePreview

/// The inotify watcher alone, on a temporary folder.
@Suite(.serialized) struct FileWatcherTests {
    /// Collects batches and waits for them with a deadline.
    final class Batches: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [FileChanges] = []

        func add(_ batch: FileChanges) {
            lock.lock()
            batches.append(batch)
            lock.unlock()
        }

        var all: [FileChanges] {
            lock.lock()
            defer { lock.unlock() }
            return batches
        }

        /// Waits for the next batch after the first `count`; throws after `timeout` seconds.
        func batch(after count: Int, timeout: TimeInterval = 10) async throws -> FileChanges {
            let deadline = Date().addingTimeInterval(timeout)
            while all.count <= count {
                guard Date() < deadline else { throw TestFailure("no batch within \(timeout) s; got \(all)") }
                try await Task.sleep(for: .milliseconds(10))
            }
            return all[count]
        }
    }

    func watch(_ folder: TestFolder, debounce: Duration = .milliseconds(100)) throws -> (FileWatcher, Batches) {
        let watcher = try FileWatcher(
            root: folder.root, filter: WatchFilter(root: folder.root, ignoring: [folder.url("out")]), debounce: debounce)
        let batches = Batches()
        watcher.start(batches.add)
        return (watcher, batches)
    }

    @Test func coalescesABurstOfSavesIntoOneBatch() async throws {
        let folder = try TestFolder(["chapters/01.md": "a", "chapters/02.md": "b"])
        // A long quiet period, so the burst stays inside it even on a loaded machine.
        let (watcher, batches) = try watch(folder, debounce: .milliseconds(500))
        defer { watcher.stop() }
        for index in 0..<5 { try folder.append("chapters/01.md", "\(index)") }
        try folder.write("chapters/02.md", "c")
        let batch = try await batches.batch(after: 0)
        #expect(batch.paths == ["chapters/01.md", "chapters/02.md"])
        try await Task.sleep(for: .milliseconds(700))
        #expect(batches.all.count == 1)
    }

    @Test func waitsForTheTreeToBeQuiet() async throws {
        let folder = try TestFolder(["a.md": ""])
        let (watcher, batches) = try watch(folder, debounce: .milliseconds(300))
        defer { watcher.stop() }
        let start = ContinuousClock.now
        try folder.write("a.md", "x")
        _ = try await batches.batch(after: 0)
        #expect(ContinuousClock.now - start >= .milliseconds(300))
    }

    @Test func watchesFoldersCreatedOrMovedInWhileRunning() async throws {
        let folder = try TestFolder(["chapters/01.md": "a"])
        let outside = try TestFolder(["part/02.md": "b", "part/deeper/03.md": "c"])
        let (watcher, batches) = try watch(folder)
        defer { watcher.stop() }
        let before = watcher.watchedFolderCount

        try FileManager.default.createDirectory(at: folder.url("chapters/new/deep"), withIntermediateDirectories: true)
        try folder.write("chapters/new/deep/04.md", "d")
        #expect(try await batches.batch(after: 0).paths == ["chapters/new/deep/04.md"])
        #expect(watcher.watchedFolderCount == before + 2)

        // A tree moved in: its files are reported, and its folders watched.
        try FileManager.default.moveItem(at: outside.url("part"), to: folder.url("chapters/part"))
        #expect(try await batches.batch(after: 1).paths == ["chapters/part/02.md", "chapters/part/deeper/03.md"])
        try folder.write("chapters/part/deeper/03.md", "changed")
        #expect(try await batches.batch(after: 2).paths == ["chapters/part/deeper/03.md"])

        // Renamed: the old name is reported as a folder, the new one's files as files, and
        // changes inside carry the new name.
        try FileManager.default.moveItem(at: folder.url("chapters/part"), to: folder.url("chapters/book-two"))
        #expect(try await batches.batch(after: 3).paths
            == ["chapters/book-two/02.md", "chapters/book-two/deeper/03.md", "chapters/part/"])
        try folder.write("chapters/book-two/deeper/03.md", "again")
        #expect(try await batches.batch(after: 4).paths == ["chapters/book-two/deeper/03.md"])
        #expect(watcher.watchedFolderCount == before + 4)

        try FileManager.default.removeItem(at: folder.url("chapters/book-two"))
        #expect(try await batches.batch(after: 5).paths == ["chapters/book-two/02.md", "chapters/book-two/deeper/03.md"])
        try await Task.sleep(for: .milliseconds(100))
        #expect(watcher.watchedFolderCount == before + 2)
    }

    @Test func ignoresTheOutputFolderAndHiddenFiles() async throws {
        let folder = try TestFolder(["chapters/01.md": "a", "out/old.epub": "x"])
        let (watcher, batches) = try watch(folder)
        defer { watcher.stop() }
        try folder.write("out/new.epub", "y")
        try folder.write(".git/HEAD", "ref")
        try folder.write("chapters/.01.md.swp", "swap")
        try folder.write("chapters/01.md", "b")
        #expect(try await batches.batch(after: 0).paths == ["chapters/01.md"])
    }

    @Test func doesNotFollowLinksOutOfTheTree() async throws {
        let folder = try TestFolder(["chapters/01.md": "a"])
        let outside = try TestFolder(["elsewhere.md": "x"])
        try FileManager.default.createSymbolicLink(at: folder.url("link"), withDestinationURL: outside.root)
        let (watcher, batches) = try watch(folder)
        defer { watcher.stop() }
        try outside.write("elsewhere.md", "changed")
        try folder.write("chapters/01.md", "b")
        #expect(try await batches.batch(after: 0).paths == ["chapters/01.md"])
    }

    /// Waits for a batch after the first `count` that satisfies `condition`; returns its index.
    func batch(
        _ batches: Batches, after count: Int, _ what: String, where condition: (FileChanges) -> Bool
    ) async throws -> Int {
        var index = count
        // Bounded: each batch comes within the hang guard or the wait throws.
        for _ in 0..<50 {
            if condition(try await batches.batch(after: index, timeout: 60)) { return index }
            index += 1
        }
        throw TestFailure("no batch with \(what) in \(batches.all)")
    }

    @Test func watchesTheRootAgainWhenItIsDeletedAndCreatedAgain() async throws {
        let folder = try TestFolder(["chapters/01.md": "a", "draftforge.yml": "title: T"])
        let fresh = try TestFolder(["chapters/01.md": "b", "chapters/02.md": "c", "draftforge.yml": "title: T"])
        let (watcher, batches) = try watch(folder)
        defer { watcher.stop() }

        // rm -rf, then a fresh copy (cp -r).
        try FileManager.default.removeItem(at: folder.root)
        let removed = try await batch(batches, after: 0, "the root removed") { $0.rootRemoved }
        #expect(watcher.watchedFolderCount == 0)
        try FileManager.default.copyItem(at: fresh.root, to: folder.root)
        let restored = try await batch(batches, after: removed, "the root restored") { $0.rootRestored }
        #expect(batches.all[removed...].flatMap(\.paths).contains("chapters/02.md"))
        #expect(watcher.watchedFolderCount == 2)

        // Watched again: an edit, and a folder made in it, are seen.
        try folder.write("chapters/02.md", "d")
        try await _ = batch(batches, after: restored + 1, "the edit") { $0.paths.contains("chapters/02.md") }
        try folder.write("chapters/new/03.md", "e")
        try await _ = batch(batches, after: restored + 1, "the new folder's file") { $0.paths.contains("chapters/new/03.md") }
    }

    @Test func watchesTheRootAgainWhenItIsMovedAwayAndReplaced() async throws {
        let folder = try TestFolder(["chapters/01.md": "a"])
        let elsewhere = try TestFolder([:])
        let (watcher, batches) = try watch(folder)
        defer { watcher.stop() }

        try FileManager.default.moveItem(at: folder.root, to: elsewhere.url("old"))
        let removed = try await batch(batches, after: 0, "the root moved away") { $0.rootRemoved }
        // What happens in the old tree is no longer this manuscript.
        try elsewhere.write("old/chapters/01.md", "moved")
        try FileManager.default.createDirectory(at: folder.root, withIntermediateDirectories: false)
        let restored = try await batch(batches, after: removed, "the root restored") { $0.rootRestored }
        try folder.write("chapters/01.md", "new")
        try await _ = batch(batches, after: restored + 1, "the new chapter") { $0.paths.contains("chapters/01.md") }
        #expect(!batches.all.contains { $0.paths.contains("old/chapters/01.md") })
    }

    @Test func stopReturnsPromptly() throws {
        let folder = try TestFolder(["a.md": ""])
        let (watcher, _) = try watch(folder)
        let start = ContinuousClock.now
        watcher.stop()
        watcher.stop()
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
