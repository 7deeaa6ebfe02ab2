// The build, as one recipe: load → render → package. Each stage reports diagnostics and
// throws only when there is nothing left to work with.
import Foundation

/// An output the build can produce.
public enum ExportFormat: String, CaseIterable, Sendable, Codable {
    case epub
    /// The static site: a folder of HTML pages.
    case html
    /// What `build` makes when `--format` is not given.
    public static let defaults: [ExportFormat] = [.epub, .html]

    /// The folder of `Templates/` (and of names in the manuscript's `templates/`) it uses.
    var templateFolder: String {
        switch self {
        case .epub: return "epub"
        case .html: return "site"
        }
    }

    /// Where it is written inside the output folder: `<slug>.epub`, `html/`.
    func outputName(slug: String) -> String {
        switch self {
        case .epub: return "\(slug).epub"
        case .html: return "html"
        }
    }
}

/// What to build and where.
public struct BuildOptions: Sendable {
    public var root: URL
    public var outputDirectory: URL?
    public var formats: [ExportFormat]
    public var allowBlocking: Bool
    public var environment: [String: String]

    public init(
        root: URL, outputDirectory: URL? = nil, formats: [ExportFormat] = ExportFormat.defaults,
        allowBlocking: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.root = root
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.allowBlocking = allowBlocking
        self.environment = environment
    }

    /// `<manuscript>/dist` unless an output folder was given.
    public var resolvedOutputDirectory: URL {
        outputDirectory ?? root.appendingPathComponent("dist")
    }
}

/// One file, or one folder of files, the build wrote.
public struct BuildOutput: Sendable {
    public var format: ExportFormat
    public var url: URL
    /// The file's size, or the total size of the folder's files.
    public var sizeBytes: Int
    /// 1 for a file; the number of files in a folder.
    public var fileCount: Int = 1
    public var isDirectory = false
}

/// What a finished build reports.
public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var outputs: [BuildOutput]
    public var wordCount: Int
    public var chapterCount: Int
    public var duration: Duration
}

public enum Pipeline {
    /// Runs the build once. Throws a `BuildFailure` (with every diagnostic so far) when the input
    /// is bad, a blocking finding stops export, or an output cannot be written.
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildResult {
        try LargeStack.run { Result { () throws(BuildFailure) in try buildOnCurrentThread(options) } }.get()
    }

    private static func buildOnCurrentThread(_ options: BuildOptions) throws(BuildFailure) -> BuildResult {
        let clock = ContinuousClock()
        let start = clock.now
        var diagnostics: [Diagnostic] = []

        let manuscript = try LoadStage().run(root: options.root, diagnostics: &diagnostics)
        let buildDate = BuildDate.resolve(root: manuscript.root, environment: options.environment)
        let book: RenderedBook
        do {
            book = try RenderStage(buildDate: buildDate).run(manuscript, diagnostics: &diagnostics)
        } catch {
            throw BuildFailure(error.kind, diagnostics + error.diagnostics)
        }

        // Templates of the formats being built, so a broken override stops the build before any
        // output is written; an override that no format knows by name is a warning.
        var templates: [ExportFormat: TemplateSet] = [:]
        do {
            for format in options.formats where templates[format] == nil {
                templates[format] = try TemplateSet(format: format.templateFolder, manuscriptRoot: manuscript.root)
            }
        } catch {
            throw BuildFailure(.badInput, diagnostics + [error])
        }
        let knownNames = ExportFormat.allCases.flatMap { TemplateSet.defaultNames(format: $0.templateFolder) }
        for unused in TemplateSet.unusedOverrides(in: manuscript.root, knownNames: Set(knownNames)) {
            diagnostics.append(Diagnostic(
                .warning, .templateUnused, at: SourceLocation(file: "\(TemplateSet.overrideFolder)/\(unused)"),
                "this file replaces no template",
                suggestion: "name it after a template: \(knownNames.joined(separator: ", "))"))
        }

        let blocking = diagnostics.filter(\.isBlocking)
        if !blocking.isEmpty, !options.allowBlocking {
            throw BuildFailure(.blocked, diagnostics)
        }

        var outputs: [BuildOutput] = []
        let directory = options.resolvedOutputDirectory
        for format in options.formats {
            let destination = directory.appendingPathComponent(format.outputName(slug: manuscript.config.slug))
            guard let formatTemplates = templates[format] else { continue }
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                switch format {
                case .epub:
                    let size = try EPUBPackager(templates: formatTemplates).write(book, to: destination)
                    outputs.append(BuildOutput(format: format, url: destination, sizeBytes: size))
                case .html:
                    let site = try SitePackager(templates: formatTemplates).write(book, to: destination)
                    outputs.append(BuildOutput(
                        format: format, url: destination, sizeBytes: site.sizeBytes, fileCount: site.fileCount,
                        isDirectory: true))
                }
            } catch {
                diagnostics.append(Diagnostic(
                    .error, .outputFailed, at: nil,
                    "could not write \(destination.path): \(error.localizedDescription)"))
                throw BuildFailure(.exportFailed, diagnostics)
            }
        }
        return BuildResult(
            diagnostics: diagnostics, outputs: outputs, wordCount: book.wordCount,
            chapterCount: book.chapters.count, duration: clock.now - start)
    }
}
