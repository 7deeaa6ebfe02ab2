// The harness of the hostile-manuscript suite: a manuscript that first builds well, then is
// damaged; the second build must end in a defined outcome. A failure names its code, file and
// line, and leaves the earlier EPUB byte for byte as it was. A success writes an EPUB whose
// every document is well-formed and whose structure holds. Nothing from outside the root (a
// folder beside it holding `secret`) may reach any output.
import Foundation
import Testing
@testable import DraftForgeKit

final class Hostile {
    static let secret = "SECRET-OUTSIDE-THE-ROOT-5d1c"
    /// Under a sanitizer (`scripts/sanitize` sets DRAFTFORGE_SANITIZER) code runs many times
    /// slower; the hang guards, which catch hangs and not slowness, stretch with it.
    static let hangGuardScale = ProcessInfo.processInfo.environment["DRAFTFORGE_SANITIZER"] == nil ? 1 : 10
    /// Set by the address-sanitizer pass of `scripts/test`, which must stay short: the cases
    /// that take minutes even unsanitized are left to `scripts/sanitize` and the plain run.
    static let skipHeavy = ProcessInfo.processInfo.environment["DRAFTFORGE_SKIP_HEAVY_HOSTILE"] != nil
    let manuscript: TestManuscript
    /// A folder beside the manuscript, never to be read.
    let outside: TestManuscript
    private let before: [String: Data]

    init(_ files: [String: String] = [:], config: String = "title: Test Book\nauthors: [Ann Author]\n") throws {
        manuscript = try TestManuscript.minimal(config: config)
        outside = try TestManuscript([
            "secret.md": "# \(Self.secret)\n", "secret.png": Self.secret, "secret.yml": "title: \(Self.secret)\n",
            "chapters/01-secret.md": "# \(Self.secret)\n",
        ])
        _ = try manuscript.build()
        before = try Self.snapshot(manuscript.dist)
        for (path, text) in files { try manuscript.write(path, text) }
    }

    var root: URL { manuscript.root }
    func write(_ path: String, _ text: String) throws { try manuscript.write(path, text) }
    func write(_ path: String, _ data: Data) throws { try manuscript.write(path, data) }
    func link(_ path: String, to destination: URL) throws {
        let url = manuscript.url(path)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination.path)
    }

    /// Every file under a folder (the site's included) by relative path, with its bytes.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in Checksum.files(in: folder) {
            files[path] = try Data(contentsOf: folder.appendingPathComponent(path))
        }
        return files
    }

    /// Builds, expecting a failure; checks the first error and that the earlier output is intact.
    /// Bad input (exit 2) leaves the whole folder unchanged; a blocked build (exit 1) records
    /// itself in the manifest but leaves the EPUB unchanged.
    @discardableResult
    func expectFailure(
        _ code: DiagnosticCode, file: String, line: Int? = nil, exitCode: Int32 = 2,
        hangGuard: Duration = .seconds(60), sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic? {
        var failure: BuildFailure?
        let elapsed = ContinuousClock().measure {
            do throws(BuildFailure) { _ = try manuscript.build() } catch { failure = error }
        }
        #expect(elapsed < hangGuard * Self.hangGuardScale, "hang guard: \(elapsed)", sourceLocation: sourceLocation)
        guard let failure else {
            Issue.record("the build succeeded", sourceLocation: sourceLocation)
            return nil
        }
        #expect(failure.exitCode == exitCode, sourceLocation: sourceLocation)
        let errors = failure.diagnostics.filter { $0.severity == .error }
        let error = errors.first { $0.code == code.rawValue }
        #expect(error != nil, "errors: \(errors.map { "\($0.code) \($0.message)" })", sourceLocation: sourceLocation)
        #expect(error?.location?.file == file, sourceLocation: sourceLocation)
        if let line { #expect(error?.location?.line == line, sourceLocation: sourceLocation) }
        let after = try Self.snapshot(manuscript.dist)
        if exitCode == 2 {
            #expect(after == before, "the output folder changed", sourceLocation: sourceLocation)
        } else {
            #expect(after["test-book.epub"] == before["test-book.epub"], "the EPUB changed", sourceLocation: sourceLocation)
        }
        for diagnostic in failure.diagnostics {
            #expect(!diagnostic.message.contains(Self.secret), "read outside the root", sourceLocation: sourceLocation)
        }
        return error
    }

    /// Builds, expecting success; checks the EPUB's structure and that nothing from outside got in.
    func expectSuccess(
        allowBlocking: Bool = false, hangGuard: Duration = .seconds(60),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> (BuildResult, EPUBContents) {
        var outcome: Result<BuildResult, BuildFailure>!
        let elapsed = ContinuousClock().measure {
            outcome = Result { () throws(BuildFailure) in try manuscript.build(allowBlocking: allowBlocking) }
        }
        #expect(elapsed < hangGuard * Self.hangGuardScale, "hang guard: \(elapsed)", sourceLocation: sourceLocation)
        let result = try outcome.get()
        let epub = try EPUBContents(result.outputs[0].url)
        let problems = EPUBStructure.problems(epub)
        #expect(problems.isEmpty, "\(problems.prefix(10))", sourceLocation: sourceLocation)
        for name in epub.names {
            #expect(epub[name]?.contains(Self.secret) != true, "\(name) holds a file from outside the root",
                    sourceLocation: sourceLocation)
        }
        return (result, epub)
    }
}

extension BuildResult {
    /// The codes of the warnings and errors (info notes, such as a heading-only chapter, left out).
    var codes: [String] { diagnostics.filter { $0.severity != .info }.map(\.code) }
}
