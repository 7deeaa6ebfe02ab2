// What the preview asks of a build and what it keeps of the answer: plain values that cross
// the pipe to a build worker as one line of JSON each way.
import DraftForgeKit
import Foundation

/// One preview build: what its `BuildOptions` hold that a worker process needs to be told.
struct PreviewBuildRequest: Codable, Sendable, Equatable {
    var root: URL
    var outputDirectory: URL
    var formats: [ExportFormat]
    var environment: [String: String]

    init(root: URL, outputDirectory: URL, formats: [ExportFormat], environment: [String: String]) {
        self.root = root
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.environment = environment
    }

    /// The options of this build: written as a preview (`OutputWriter.preview`), reusing `cache`.
    /// A preview never blocks: a blocking finding is shown over the pages, not instead of them.
    func options(cache: BuildCache?) -> BuildOptions {
        var options = BuildOptions(
            root: root, outputDirectory: outputDirectory, formats: formats, allowBlocking: true,
            environment: environment)
        options.cache = cache
        options.writer = .preview
        return options
    }
}

/// What the preview keeps of a good build: what it prints, and what it watches next.
public struct PreviewBuildReport: Codable, Sendable {
    public var diagnostics: [Diagnostic]
    /// What the build read: the files whose change rebuilds.
    public var inputs: BuildInputs
    public var chapterCount: Int
    public var wordCount: Int
    public var duration: Duration
    public var timings: [StageTiming]

    public init(_ result: BuildResult) {
        diagnostics = result.diagnostics
        inputs = result.inputs
        chapterCount = result.chapterCount
        wordCount = result.wordCount
        duration = result.duration
        timings = result.timings
    }
}

/// A worker's answer to one request (made and read through a `ReplyDelta`).
enum PreviewBuildReply: Codable {
    /// A good build. When `sameDiagnostics` or `sameInputs`, the report's are left empty: they
    /// are those of the last good build this worker answered.
    case built(PreviewBuildReport, sameDiagnostics: Bool, sameInputs: Bool)
    case failed(BuildFailure.Kind, [Diagnostic])
}

/// Leaves out of a good build's reply the diagnostics and inputs the last good reply already
/// carried, and puts them back at the other end: a save seldom changes them, and a long book's
/// hundreds of warnings took milliseconds to encode and decode on every save. Each end of the
/// pipe keeps one, for the life of one worker.
struct ReplyDelta {
    private var last: PreviewBuildReport?

    /// The worker's side: the reply for `result`.
    mutating func reply(_ result: Result<PreviewBuildReport, BuildFailure>) -> PreviewBuildReply {
        switch result {
        case .success(let report):
            let sameDiagnostics = last?.diagnostics == report.diagnostics
            let sameInputs = last?.inputs == report.inputs
            last = report
            var sent = report
            if sameDiagnostics { sent.diagnostics = [] }
            if sameInputs { sent.inputs = BuildInputs() }
            return .built(sent, sameDiagnostics: sameDiagnostics, sameInputs: sameInputs)
        case .failure(let failure):
            return .failed(failure.kind, failure.diagnostics)
        }
    }

    /// serve's side: the build `reply` tells of; nil when it refers to a good build never told.
    mutating func result(of reply: PreviewBuildReply) -> Result<PreviewBuildReport, BuildFailure>? {
        switch reply {
        case .built(var report, let sameDiagnostics, let sameInputs):
            if sameDiagnostics || sameInputs {
                guard let last else { return nil }
                if sameDiagnostics { report.diagnostics = last.diagnostics }
                if sameInputs { report.inputs = last.inputs }
            }
            last = report
            return .success(report)
        case .failed(let kind, let diagnostics):
            return .failure(BuildFailure(kind, diagnostics))
        }
    }
}

/// The JSON both ends of the worker's pipe write and read: one line a value (the encoder writes
/// no newline), and every value a build can report, a confidence that is not a number included.
enum WorkerJSON {
    private static let nonFinite = (positive: "+inf", negative: "-inf", nan: "nan")

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        var line = try encoder.encode(value)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    static func decode<T: Decodable>(_ type: T.Type, from line: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative, nan: nonFinite.nan)
        return try decoder.decode(type, from: line)
    }
}
