// What the fuzzer (Sources/DraftForgeFuzz, `scripts/fuzz`) feeds its bytes to, and what it
// checks of the outcome; the hostile tests replay its findings through the same calls. Each
// target runs the build's own stages in memory, from the bytes to the EPUB's files, and
// returns what went wrong: an error that is not the defined one, a diagnostic pointing outside
// the file, or an XML document of the EPUB that libxml2 does not accept. Crashes, hangs and
// memory errors are the fuzzer's (and the address sanitizer's) to see.
import DraftForgeKit
import Foundation

package enum FuzzHarness {
    package enum Target: String, CaseIterable, Sendable {
        /// The bytes are a chapter file: front matter and Markdown.
        case markdown
        /// The bytes are `draftforge.yml`.
        case config
        /// The bytes are an SVG image, cleaned as every output's copy is.
        case svg
    }

    package static func problems(_ target: Target, _ bytes: Data) -> [String] {
        switch target {
        case .markdown: return markdown(bytes)
        case .config: return config(bytes)
        case .svg: return svg(bytes)
        }
    }

    static let chapterPath = "chapters/01-fuzz.md"
    static let configFile = ConfigLoader.fileNames[0]
    /// Fixed, so two runs of one input do the same work.
    static let buildDate = Date(timeIntervalSince1970: 1_700_000_000)
    /// An empty folder (one for every run, never written): images and files the input names
    /// are looked for there and not found.
    static let root: URL = {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("draftforge-fuzz-empty-root", isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }()
    static let templates = Result { try TemplateSet(format: ExportFormat.epub.templateFolder, manuscriptRoot: root) }

    // MARK: - Targets

    /// A cleaned SVG must parse again and hold nothing more to remove: what the cleaning
    /// writes back can never bring a script or a reference with it.
    static func svg(_ bytes: Data) -> [String] {
        guard case .success(let cleaned) = SVGSanitizer.sanitize(bytes) else { return [] }
        switch SVGSanitizer.sanitize(cleaned.data) {
        case .failure(let refusal): return ["the cleaned SVG is refused when read again: \(refusal.reason)"]
        case .success(let again): return again.removed.isEmpty ? [] : ["cleaning it again removes \(again.removed)"]
        }
    }

    static func markdown(_ bytes: Data) -> [String] {
        var problems: [String] = []
        let lines = lineCount(bytes)
        var text: String
        do {
            text = try decodeText(bytes, name: chapterPath)
        } catch {
            problems += unexpected(error, codes: [.notUTF8], file: chapterPath, lines: lines)
            // Go on with the bytes repaired, so the parser still sees what follows.
            text = String(decoding: bytes, as: UTF8.self)
        }
        text = LoadStage.unixLineEndings(text)
        var diagnostics: [Diagnostic] = []
        var chapter = Chapter(
            name: "01-fuzz", path: chapterPath, frontMatter: FrontMatter(), body: text, sourceMap: SourceMap(file: chapterPath),
            partIndex: nil, matter: nil)
        do {
            let (frontMatter, body, offset) = try FrontMatterReader.split(text, file: chapterPath, warnings: &diagnostics)
            chapter.frontMatter = frontMatter
            chapter.body = body
            chapter.sourceMap = SourceMap(file: chapterPath, bodyLineOffset: offset)
        } catch {
            problems += unexpected(
                error, codes: [.frontMatterSyntax, .frontMatterType, .frontMatterValue], file: chapterPath, lines: lines)
        }
        var config = ManuscriptConfig(file: configFile, title: "Fuzz", slug: "fuzz")
        config.authors = ["Ann Author"]
        let manuscript = Manuscript(root: root, config: config, chapters: [chapter], parts: [])
        problems += epubProblems(manuscript, diagnostics: &diagnostics, acceptedFailures: [])
        for diagnostic in diagnostics {
            problems += misplaced(diagnostic, file: chapterPath, lines: lines)
        }
        return problems
    }

    static func config(_ bytes: Data) -> [String] {
        let lines = lineCount(bytes)
        let text: String
        do {
            text = try decodeText(bytes, name: configFile)
        } catch {
            return unexpected(error, codes: [.notUTF8], file: configFile, lines: lines)
        }
        var diagnostics: [Diagnostic] = []
        let config: ManuscriptConfig
        do {
            config = try ConfigLoader(root: root).load(text: text, fileName: configFile, warnings: &diagnostics)
        } catch {
            let configCodes = DiagnosticCode.allCases.filter { $0.rawValue.hasPrefix("config.") }
            return unexpected(error, codes: Set(configCodes), file: configFile, lines: lines)
        }
        var problems = diagnostics.flatMap { misplaced($0, file: configFile, lines: lines) }
        let chapter = Chapter(
            name: "01-one", path: "chapters/01-one.md", frontMatter: FrontMatter(), body: "# One\n\nText.\n",
            sourceMap: SourceMap(file: "chapters/01-one.md"), partIndex: nil, matter: nil)
        let manuscript = Manuscript(root: root, config: config, chapters: [chapter], parts: [])
        // The empty root holds no cover, stylesheet or font the config may name.
        problems += epubProblems(manuscript, diagnostics: &diagnostics, acceptedFailures: [.configValue])
        return problems
    }

    // MARK: - Checks

    /// Renders, analyzes and packages the manuscript in memory; every XML file must parse.
    private static func epubProblems(
        _ manuscript: Manuscript, diagnostics: inout [Diagnostic], acceptedFailures: Set<DiagnosticCode>
    ) -> [String] {
        let context = BuildContext(root: manuscript.root, environment: [:])
        let book: RenderedBook
        do {
            book = try RenderStage(buildDate: buildDate).run(manuscript, context: context)
        } catch {
            let codes = Set(error.diagnostics.filter { $0.severity == .error }.map(\.code))
            if error.kind == .badInput, !codes.isEmpty, codes.isSubset(of: acceptedFailures.map(\.rawValue)) { return [] }
            return ["render failed: \(error.diagnostics.map { "\($0.code) \($0.message)" })"]
        }
        _ = AnalyzeStage().run(
            manuscript, titles: book.chapters.map(\.title), prose: book.chapters.map(\.text),
            wordCounts: book.chapters.map(\.prose.words), bible: nil, waivers: Waivers(file: "waivers.yml"), context: context)
        diagnostics += context.diagnostics
        do {
            let files = try EPUBPackager(templates: try templates.get()).files(of: book)
            return files.compactMap { file in
                guard [".xhtml", ".opf", ".ncx", ".xml"].contains(where: file.path.hasSuffix) else { return nil }
                return XMLCheck.problem(in: String(decoding: file.data, as: UTF8.self)).map { "\(file.path): \($0)" }
            }
        } catch {
            return ["packaging failed: \(error)"]
        }
    }

    /// Nothing, when `error` is a diagnostic with one of `codes` placed inside the file.
    static func unexpected(_ error: Diagnostic, codes: Set<DiagnosticCode>, file: String, lines: Int) -> [String] {
        guard codes.map(\.rawValue).contains(error.code) else { return ["unexpected error \(error.code): \(error.message)"] }
        return misplaced(error, file: file, lines: lines)
    }

    /// A diagnostic must name the file it is about and a line that exists (one past the last
    /// line stands for the end of the file).
    static func misplaced(_ diagnostic: Diagnostic, file: String, lines: Int) -> [String] {
        guard let location = diagnostic.location else { return [] }
        if location.file != file { return ["\(diagnostic.code) names \(location.file), not \(file)"] }
        if let line = location.line, !(1...(lines + 1)).contains(line) {
            return ["\(diagnostic.code) names line \(line) of a \(lines)-line file: \(diagnostic.message)"]
        }
        return []
    }

    private static func lineCount(_ bytes: Data) -> Int {
        // CR, LF and CRLF all end a line, as the loader reads them.
        var count = 1
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 10, previous == 13 {
                previous = byte
                continue
            }
            if byte == 10 || byte == 13 { count += 1 }
            previous = byte
        }
        return count
    }
}
