import Foundation
import Testing
@testable import DraftForgeKit

/// `AtomicFile`: the file is replaced whole or not at all, and no temporary file outlives a
/// write. That the bytes are flushed before the rename cannot be seen in the files; the
/// command-line test `DurableWriteTests` watches the system calls for it.
@Suite("Atomic file writes")
struct AtomicFileTests {
    func leftovers(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".partial") }
    }

    @Test func aWriteReplacesTheWholeFile() throws {
        let folder = try TestManuscript(["out/book.txt": String(repeating: "old ", count: 10_000)])
        let url = folder.url("out/book.txt")
        try AtomicFile.write(Data("new".utf8), to: url)
        #expect(try Data(contentsOf: url) == Data("new".utf8))
        let large = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try AtomicFile.write(large, to: url)
        #expect(try Data(contentsOf: url) == large)
        #expect(try leftovers(folder.url("out")).isEmpty)
    }

    @Test func aFailedFillLeavesTheOldFileAndNoTemporaryFile() throws {
        let folder = try TestManuscript(["book.epub": "the earlier book"])
        let url = folder.url("book.epub")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try AtomicFile.replace(url) { temporary in
                try Data("half a bo".utf8).write(to: temporary)
                throw Stop()
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "the earlier book")
        #expect(try leftovers(folder.root).isEmpty)
    }

    @Test func aFolderThatIsGoneFailsNamingThePath() throws {
        let folder = try TestManuscript()
        let url = folder.url("missing/book.txt")
        do {
            try AtomicFile.write(Data("x".utf8), to: url)
            Issue.record("the write succeeded")
        } catch let error as CocoaError {
            #expect(error.userInfo[NSFilePathErrorKey] as? String == url.deletingLastPathComponent()
                .appendingPathComponent(".book.txt.\(ProcessInfo.processInfo.processIdentifier).partial").path)
            #expect((error.userInfo[NSUnderlyingErrorKey] as? POSIXError)?.code == .ENOENT)
        }
        #expect(throws: CocoaError.self) { try AtomicFile.sync(folder.url("missing")) }
    }

    @Test func aTreeSyncsAndAZipIsWrittenInPlace() throws {
        let folder = try TestManuscript(["site/a.html": "<p>a</p>", "site/sub/b.html": "<p>b</p>"])
        try AtomicFile.syncTree(folder.url("site"))
        // ZipWriter creates its file where it is told, with no temporary of its own to rename.
        let zip = try ZipWriter(url: folder.url("book.zip"), modificationDate: Date(timeIntervalSince1970: 1_700_000_000))
        try zip.addEntry(path: "mimetype", data: Data("application/epub+zip".utf8), compression: .stored)
        try zip.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.root.path).sorted() == ["book.zip", "site"])
    }
}
