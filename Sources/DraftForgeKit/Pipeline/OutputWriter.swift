// The one way a build puts bytes in its output folder. The build chooses the writer once
// (`BuildOptions.writer`) and hands it to every stage that writes: the formats, the reports, the
// record of outputs and the manifest. Both modes write beside the final name and rename into
// place, so a reader never sees half a file; only the durable one flushes (see `AtomicFile`).
import Foundation

/// Writes a build's outputs whole: durably for `build`, without flushing for `serve`'s preview.
public struct OutputWriter: Sendable {
    /// How the outputs reach the disk.
    public enum Mode: Sendable, Equatable {
        /// Flushed before and after each rename, so a crash or a power cut leaves the old
        /// output or the new one (`build`).
        case durable
        /// Renamed into place without flushing, into a folder thrown away on the next save;
        /// the build keeps no records (`serve`).
        case preview
    }

    /// Flushed to the disk: what `build` writes.
    public static let durable = OutputWriter(mode: .durable)
    /// Not flushed, and no reports, manifest or checksums: what `serve` writes.
    public static let preview = OutputWriter(mode: .preview)

    public let mode: Mode
    /// How a durable write flushes; tests count the calls.
    var flush = AtomicFile.Flush()
    /// The build's undo journal: each name is recorded, and its earlier content kept, before
    /// its first replacement (`build`; nil for a preview and for writes outside a build).
    var journal: BuildJournal?
    /// The build's record of outputs (`build`; nil for a preview and for writes outside a build).
    var outputRecord: OutputRecord.Additions?

    /// Whether the build writes its records beside the outputs (stats.json, the continuity
    /// reports, the record of outputs, the manifest) and takes checksums: a preview does not.
    var keepsRecords: Bool { mode == .durable }

    private var flushing: AtomicFile.Flush? { mode == .durable ? flush : nil }

    /// Adds `name`, a file or folder directly inside the build's folder, to its record of outputs.
    func record(_ name: String) throws {
        try outputRecord?.add(name, writer: self)
    }

    /// Writes `data` to `url` whole.
    func write(_ data: Data, to url: URL) throws {
        try AtomicFile.write(data, to: url, flush: flushing, beforeRename: keeping(url, folder: false))
    }

    /// Writes the JSON text of `json` to `url` whole.
    func write(_ json: JSONTextWriter, to url: URL) throws {
        try replace(url) { temporary in
            let handle = try FileHandle.creating(temporary)
            defer { try? handle.close() }
            try json.write(to: handle)
        }
    }

    /// Lets `fill` write a file beside `url`, then renames it into place.
    @discardableResult
    func replace<T>(_ url: URL, fill: (URL) throws -> T) throws -> T {
        try AtomicFile.replace(url, flush: flushing, beforeRename: keeping(url, folder: false), fill: fill)
    }

    /// Lets `fill` write a folder beside the folder `url`, then swaps it into place.
    @discardableResult
    func replaceFolder<T>(_ url: URL, fill: (URL) throws -> T) throws -> T {
        try AtomicFile.replaceFolder(
            url, flush: flushing, beforeRename: keeping(url, folder: true), fill: fill)
    }

    /// The journal's step before `url` is replaced, if the build keeps a journal.
    private func keeping(_ url: URL, folder: Bool) -> (() throws -> Void)? {
        journal.map { journal in { try journal.keep(url, folder: folder) } }
    }
}
