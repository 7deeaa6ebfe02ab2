// Runs one continuity rule over chapters written inline, without touching the disk.
import Foundation
import Testing
@testable import DraftForgeKit

/// What the rule tests compare: the parts of a finding that say where and what.
struct Found: Equatable, CustomStringConvertible {
    var code: DiagnosticCode
    var severity: Diagnostic.Severity
    var file: String
    var line: Int
    var column: Int
    var quote: String

    init(_ code: DiagnosticCode, _ severity: Diagnostic.Severity, _ file: String, _ line: Int, _ column: Int, _ quote: String) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.quote = quote
    }

    init(_ diagnostic: Diagnostic) {
        code = DiagnosticCode(rawValue: diagnostic.code) ?? .outputFailed
        severity = diagnostic.severity
        file = diagnostic.location?.file ?? ""
        line = diagnostic.location?.line ?? 0
        column = diagnostic.location?.column ?? 0
        quote = diagnostic.quote ?? ""
    }

    var description: String { "\(file):\(line):\(column) \(severity) \(code.rawValue) “\(quote)”" }
}

enum ContinuityTesting {
    /// Chapters as (name, Markdown with optional front matter), in reading order.
    static func chapters(_ sources: [(String, String)]) throws -> [ProseChapter] {
        var result: [ProseChapter] = []
        for (index, (name, text)) in sources.enumerated() {
            var warnings: [Diagnostic] = []
            let path = "chapters/\(name).md"
            let (matter, body, offset) = try FrontMatterReader.split(text, file: path, warnings: &warnings)
            let chapter = Chapter(
                name: name, path: path, frontMatter: matter, body: body, sourceMap: SourceMap(file: path, bodyLineOffset: offset), partIndex: nil,
                matter: nil)
            result.append(ProseChapter(chapter, index: index))
        }
        return result
    }

    static func bible(_ yaml: String?, chapters: [String]) throws -> StoryBible? {
        guard let yaml else { return nil }
        var warnings: [Diagnostic] = []
        let bible = try BibleLoader.parse(yaml, file: "bible.yml", chapters: chapters, warnings: &warnings)
        #expect(warnings.isEmpty, "\(warnings)")
        return bible
    }

    /// Runs `rule` and returns its findings in reading order.
    static func run(
        _ rule: some ContinuityRule, _ sources: [(String, String)], bible yaml: String? = nil,
        wordList: WordList? = WordList.load(), titles: [String]? = nil
    ) throws -> [Found] {
        let chapters = try chapters(sources)
        let bible = try bible(yaml, chapters: sources.map(\.0))
        let context = ContinuityContext(
            chapters: chapters, bible: bible, wordList: wordList, titles: titles ?? sources.map(\.0))
        return rule.check(context).map(Found.init).sorted {
            ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column)
        }
    }

    /// One chapter named `01-one`.
    static func run(
        _ rule: some ContinuityRule, _ markdown: String, bible yaml: String? = nil
    ) throws -> [Found] {
        try run(rule, [("01-one", markdown)], bible: yaml)
    }
}
