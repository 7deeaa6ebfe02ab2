// The build chooses its writer once: `build`'s flushes every output to the disk before and after
// its rename, `serve`'s preview flushes nothing. Each test builds with a writer whose flushes are
// logged, so a stage that wrote past the writer it was handed, or a build that ignored the
// choice, shows as a missing or an extra flush.
import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Output writer")
struct OutputWriterTests {
    /// The names of the files and folders flushed, in order.
    final class FlushLog: @unchecked Sendable {
        private let lock = NSLock()
        private var flushed: [String] = []

        func record(_ url: URL) { lock.withLock { flushed.append(url.lastPathComponent) } }
        var names: [String] { lock.withLock { flushed } }
    }

    /// `writer`, with every flush it makes logged in `log` before it is made.
    static func logging(_ writer: OutputWriter, into log: FlushLog) -> OutputWriter {
        var writer = writer
        writer.flush = AtomicFile.Flush(
            item: { url in
                log.record(url)
                try AtomicFile.sync(url)
            },
            tree: { url in
                log.record(url)
                try AtomicFile.syncTree(url)
            })
        return writer
    }

    static func options(_ book: TestManuscript, writer: OutputWriter) -> BuildOptions {
        var options = book.options()
        options.formats = [.epub, .html, .docx]
        options.includeHistory = false
        options.writer = writer
        return options
    }

    @Test func aBuildFlushesEveryOutputBeforeItsRenameAndTheFolderAfter() throws {
        let book = try TestManuscript.minimal()
        let log = FlushLog()
        let result = try Pipeline.build(Self.options(book, writer: Self.logging(.durable, into: log)))
        let pid = ProcessInfo.processInfo.processIdentifier
        let files = result.outputs.filter { !$0.isDirectory }.map(\.url.lastPathComponent) + [
            ManuscriptStats.fileName, ContinuityReport.jsonFileName, ContinuityReport.sarifFileName,
            BuildManifest.fileName, OutputRecord.fileName,
        ]
        #expect(files.count == 7)
        for name in files {
            #expect(log.names.contains(".\(name).\(pid).partial"), "\(name) was renamed into place unflushed")
        }
        #expect(
            log.names.contains { $0.hasPrefix(".html.\(pid)-") && $0.hasSuffix(".partial") },
            "the site was swapped into place unflushed")
        #expect(log.names.contains("dist"), "the output folder was not flushed after the renames")
    }

    @Test func aRebuildLeavesTheRecordOfOutputsAloneUnlessAnOutputIsNew() throws {
        let book = try TestManuscript.minimal()
        var options = Self.options(book, writer: .durable)
        options.formats = [.epub]
        _ = try Pipeline.build(options)
        let record = book.dist.appendingPathComponent(OutputRecord.fileName)
        let pid = ProcessInfo.processInfo.processIdentifier
        let log = FlushLog()
        options.writer = Self.logging(.durable, into: log)
        _ = try Pipeline.build(options)
        #expect(!log.names.contains(".\(OutputRecord.fileName).\(pid).partial"), "the unchanged record was rewritten")
        #expect(log.names.contains { $0.hasSuffix(".epub.\(pid).partial") }, "the EPUB itself is written again")
        options.formats = [.epub, .docx]
        _ = try Pipeline.build(options)
        let names = OutputRecord.names(in: book.dist)
        #expect(names.contains { $0.hasSuffix(".docx") }, "the new output was not recorded: \(names)")
        #expect(names.contains { $0.hasSuffix(".epub") } && names.contains(BuildManifest.fileName))
        #expect(try String(contentsOf: record, encoding: .utf8) == names.joined(separator: "\n") + "\n")
    }

    @Test func aPreviewBuildFlushesNothingAndWritesOnlyTheOutputs() throws {
        let book = try TestManuscript.minimal()
        let log = FlushLog()
        let result = try Pipeline.build(Self.options(book, writer: Self.logging(.preview, into: log)))
        #expect(log.names.isEmpty, "a preview flushed \(log.names)")
        #expect(result.outputs.map(\.format) == [.epub, .html, .docx])
        let written = try FileManager.default.contentsOfDirectory(atPath: book.dist.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(written == result.outputs.map(\.url.lastPathComponent).sorted())
    }
}
