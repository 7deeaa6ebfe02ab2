// What the preview asks of a build and what it keeps of the answer: plain values that cross
// the pipe to a build worker as one line of JSON each way.
import DraftForgeKit
import Foundation

/// One preview build: what its `BuildOptions` hold that a worker process needs to be told.
public struct PreviewBuildRequest: Codable, Sendable, Equatable {
    public var root: URL
    public var outputDirectory: URL
    public var formats: [ExportFormat]
    public var allowBlocking: Bool
    public var environment: [String: String]

    public init(
        root: URL, outputDirectory: URL, formats: [ExportFormat], allowBlocking: Bool,
        environment: [String: String]
    ) {
        self.root = root
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.allowBlocking = allowBlocking
        self.environment = environment
    }

    /// The options of this build: written as a preview (`OutputWriter.preview`), reusing `cache`.
    func options(cache: BuildCache?) -> BuildOptions {
        var options = BuildOptions(
            root: root, outputDirectory: outputDirectory, formats: formats, allowBlocking: allowBlocking,
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

/// A worker's answer to one request.
enum PreviewBuildReply: Codable {
    case built(PreviewBuildReport)
    case failed(BuildFailure.Kind, [Diagnostic])

    init(_ result: Result<PreviewBuildReport, BuildFailure>) {
        switch result {
        case .success(let report): self = .built(report)
        case .failure(let failure): self = .failed(failure.kind, failure.diagnostics)
        }
    }

    var result: Result<PreviewBuildReport, BuildFailure> {
        switch self {
        case .built(let report): .success(report)
        case .failed(let kind, let diagnostics): .failure(BuildFailure(kind, diagnostics))
        }
    }
}
