// Package: what an output format is. Each format is one type (`EPUBPackager`, `SitePackager`,
// `DOCXPackager`, `PDFPackager`) that says what it is called, which version it writes, where its
// templates are and where it goes, and writes a book through the build's `OutputWriter`.
// `ExportFormat.outputFormat` is the one place a format's name meets its type, so a new format
// is a new type and a line there.
import Foundation

/// One output the build can make, and how it is written.
protocol OutputFormat {
    /// The name users ask for it by (`--format`) and the manifest records.
    static var id: ExportFormat { get }
    /// The version of the format written, as the manifest records it.
    static var formatVersion: String { get }
    /// The folder of `Templates/` (and of names in the manuscript's `templates/`) it uses.
    static var templateFolder: String { get }
    /// Where it is written inside the output folder, for a book whose files are named `slug`.
    static func outputName(slug: String) -> String
    /// The export's settings the manifest records beyond the template, cover and fonts (in
    /// place of those, where it names them too).
    static func settings(_ book: RenderedBook) -> [String: JSONValue]

    /// The format for one build, with its templates and the build's environment (where
    /// programs are looked up); throws when it cannot be written here.
    init(templates: TemplateSet, environment: [String: String]) throws

    /// Writes `book` to `destination` through `context.writer` and says what it wrote. What the
    /// format cannot carry is added to `warnings`.
    func write(
        _ book: RenderedBook, to destination: URL, context: OutputContext, warnings: inout [Diagnostic]
    ) throws -> WrittenOutput
}

extension OutputFormat {
    static func settings(_ book: RenderedBook) -> [String: JSONValue] { [:] }
}

/// What the build hands a format to write with.
struct OutputContext {
    /// Every byte of the output goes through it.
    var writer: OutputWriter
    /// Pages of the build's reports, for a format that shows them (the site). The reports are
    /// made beside the outputs: asking waits for them, so only a format that shows them asks.
    var reports: () -> [SitePackager.Report] = { [] }
}

/// What a format wrote.
struct WrittenOutput: Equatable {
    /// The file's size, or the total size of the folder's files.
    var sizeBytes: Int
    /// 1 for a file; the number of files in a folder.
    var fileCount = 1
    var isDirectory = false
    /// The print PDF's pages, when its blocks were marked.
    var pageStarts: [PrintPageStart]? = nil
    /// The file's SHA-256, when the format hashed it as it wrote it.
    var checksum: String? = nil
}

extension ExportFormat {
    /// The type that writes this format: the one place a format's name meets its type.
    var outputFormat: any OutputFormat.Type {
        switch self {
        case .epub: EPUBPackager.self
        case .html: SitePackager.self
        case .docx: DOCXPackager.self
        case .pdf: PDFPackager.self
        }
    }

    /// The version of the format written, as the manifest records it.
    public var formatVersion: String { outputFormat.formatVersion }

    /// The folder of `Templates/` (and of names in the manuscript's `templates/`) it uses.
    package var templateFolder: String { outputFormat.templateFolder }

    /// Where it is written inside the output folder: `<slug>.epub`, `html/`, `<slug>.pdf`.
    func outputName(slug: String) -> String { outputFormat.outputName(slug: slug) }

    /// The format, ready to write one build's book.
    func format(templates: TemplateSet, environment: [String: String]) throws -> any OutputFormat {
        try outputFormat.init(templates: templates, environment: environment)
    }
}
