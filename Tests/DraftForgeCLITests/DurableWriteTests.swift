import Foundation
import Testing
import DraftForgeTestSupport

/// Every output reaches the disk before its name does, so a crash or a power cut leaves the old
/// file or the new one, never the new name on empty bytes. A flush cannot be seen in the files
/// themselves, so the build runs under `strace`, which shows the system calls in order: each
/// temporary file is fsynced before it is renamed into place, the site folder is synced
/// (syncfs) before its rename, and the output folder is fsynced after each rename.
@Suite("Durable writes", .externalTools)
struct DurableWriteTests {
    struct Call {
        var name: String
        var arguments: String
    }

    /// The default build, and every format: the DOCX and the PDF were once renamed unflushed.
    @Test(arguments: [[], ["--format", "epub,html,docx,pdf"]])
    func everyOutputIsFlushedBeforeItsRenameAndTheFolderAfter(_ formats: [String]) throws {
        let root = URL(fileURLWithPath: try OutputFolderCheck.shell(#"realpath "$1""#, FileManager.default.temporaryDirectory.path))
            .appendingPathComponent("draftforge-durable-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chapters"), withIntermediateDirectories: true)
        try "title: Kept\n".write(to: root.appendingPathComponent("draftforge.yml"), atomically: true, encoding: .utf8)
        try "# One\n\nText.\n".write(to: root.appendingPathComponent("chapters/01.md"), atomically: true, encoding: .utf8)
        let trace = root.appendingPathComponent("trace.txt")

        let run = try runCommand([
            "strace", "-f", "-qq", "-y", "-s", "4096", "-e", "trace=fsync,fdatasync,syncfs,rename,renameat,renameat2",
            "-o", trace.path, CommandLineTests.binary.path, "build", root.path, "--quiet",
        ] + formats)
        #expect(run.status == 0, "\(run.output)")
        let calls = Self.calls(in: try String(contentsOf: trace, encoding: .utf8))

        let dist = root.appendingPathComponent("dist").path
        let renames = calls.enumerated().compactMap { index, call -> (index: Int, from: String, to: String)? in
            guard call.name.hasPrefix("rename") else { return nil }
            let paths = Self.quoted(call.arguments)
            guard paths.count == 2, paths[1].hasPrefix(dist + "/"), !paths[1].hasSuffix(".previous") else { return nil }
            return (index, paths[0], paths[1])
        }
        let renamed = Set(renames.map { ($0.to as NSString).lastPathComponent })
        let expected: Set<String> = [
            "kept.epub", "html", "manifest.json", "stats.json", "continuity.json", "continuity.sarif", ".draftforge-outputs",
        ]
        #expect(renamed == (formats.isEmpty ? expected : expected.union(["kept.docx", "kept.pdf"])))
        for rename in renames {
            let name = (rename.to as NSString).lastPathComponent
            let flushedBefore = calls[..<rename.index].contains { call in
                (call.name == "fsync" || call.name == "syncfs") && Self.firstDescriptor(call, is: rename.from)
            }
            #expect(flushedBefore, "\(name) was renamed into place before it was flushed")
            let folderSyncedAfter = calls[(rename.index + 1)...].contains { call in
                call.name == "fsync" && Self.firstDescriptor(call, is: dist)
            }
            #expect(folderSyncedAfter, "dist/ was not flushed after \(name) was renamed")
        }
        let problems = try OutputFolderCheck.problems(
            in: root.appendingPathComponent("dist"), epub: "kept.epub", builds: 1,
            others: formats.isEmpty ? [] : ["kept.docx", "kept.pdf"])
        #expect(problems.isEmpty, "\(problems)")
    }

    /// Two threads' fsyncs interleaved still read as the two completed calls.
    @Test func callsInterruptedByAnotherThreadAreJoined() {
        let trace = """
            12 fsync(5</d/.a.partial> <unfinished ...>
            13 fsync(6</d/.b.partial>) = 0
            12 <... fsync resumed>) = 0
            12 rename("/d/.a.partial", "/d/a") = 0
            """
        let calls = Self.calls(in: trace)
        #expect(calls.map(\.name) == ["fsync", "fsync", "rename"])
        #expect(Self.firstDescriptor(calls[1], is: "/d/.a.partial"))
    }

    /// The trace's completed calls in the order they completed. A call another thread interrupts
    /// is two lines (`12 fsync(5</a> <unfinished ...>`, then `12 <... fsync resumed>) = 0`): the
    /// reports are written on two threads at once. It is joined where it completed.
    static func calls(in trace: String) -> [Call] {
        var pending: [Substring: Substring] = [:]
        var lines: [Substring] = []
        for line in trace.split(separator: "\n") {
            let pid = line.prefix { $0 != " " }
            if line.hasSuffix(" <unfinished ...>") {
                pending[pid] = line.dropLast(" <unfinished ...>".count)
            } else if line.contains("<... "), let resumed = line.range(of: " resumed>"), let start = pending.removeValue(forKey: pid) {
                lines.append(Substring(start + line[resumed.upperBound...]))
            } else {
                lines.append(line)
            }
        }
        return lines.compactMap(call)
    }

    /// `12 fsync(5</path>) = 0` → fsync, `5</path>) = 0`; failed calls are left out.
    static func call(_ line: Substring) -> Call? {
        guard let open = line.firstIndex(of: "("), line.hasSuffix(" = 0") else { return nil }
        let name = line[..<open].split(separator: " ").last.map(String.init) ?? ""
        return Call(name: name, arguments: String(line[line.index(after: open)...]))
    }

    /// Whether the call's first argument is a descriptor of `path` (strace -y shows `5</path>`).
    static func firstDescriptor(_ call: Call, is path: String) -> Bool {
        call.arguments.drop { $0.isNumber }.hasPrefix("<" + path + ">")
    }

    /// The double-quoted strings of a call's arguments.
    static func quoted(_ arguments: String) -> [String] {
        arguments.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
