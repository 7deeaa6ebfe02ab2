// The page templates, stylesheet and scripts an output format uses: DraftForge's defaults, each
// replaceable by a file of the same name in the manuscript's `templates/` folder.
import DraftForgeTemplates
import Foundation
import Mustache

package struct TemplateSet {
    static let overrideFolder = "templates"

    private var templates: [String: MustacheTemplate] = [:]
    /// The same templates by name, so one can include another as a partial (`{{> header.html}}`).
    private var library = MustacheLibrary()
    /// Renders shared between pages of the same shape; nil when a template could change a string.
    private(set) var frames: TemplateFrames?
    /// Identifies the templates' text within one process, for pages cached between builds.
    private(set) var digest = 0
    private var files: [String: String] = [:]
    private(set) var stylesheet: String
    /// The names a manuscript may override for this format.
    private(set) var names: [String] = []
    /// The names the manuscript did override.
    private(set) var overridden: [String] = []

    /// Loads every file of `Templates/<format>/`, preferring the manuscript's own
    /// `templates/<name>`: `*.mustache` are templates, `<format>.css` is the stylesheet, and any
    /// other file (such as `site.js`) is kept as text. A template that does not parse is a
    /// `config.template` error.
    package init(format: String, manuscriptRoot: URL?) throws(Diagnostic) {
        let bundled = Self.bundled(format: format)
        let stylesheetName = "\(format).css"
        names = bundled.names

        var overridden: [String] = []
        func source(_ name: String) throws(Diagnostic) -> (text: String, file: String) {
            if let manuscriptRoot, let text = try Self.override(name, in: manuscriptRoot) {
                overridden.append(name)
                return (text, "\(Self.overrideFolder)/\(name)")
            }
            guard let text = bundled.texts[name] else {
                throw Diagnostic(.error, .templateInvalid, at: nil, "the default template \(name) is missing from the installation")
            }
            return (text, name)
        }

        // A format without a stylesheet of its own (the DOCX) has an empty one.
        let stylesheetSource = names.contains(stylesheetName) ? try source(stylesheetName) : (text: "", file: "")
        let stylesheetText = stylesheetSource.text
        var sources: [(name: String, text: String, file: String)] = []
        for name in names where name != stylesheetName {
            let (text, file) = try source(name)
            sources.append((name, text, file))
        }
        // A preview server builds on every save: the same texts are parsed once a process.
        let key = ParsedKey(
            format: format, texts: [stylesheetSource.file, stylesheetText] + sources.flatMap { [$0.file, $0.text] })
        if let parsed = Self.parsed.withLock({ $0.set(for: key) }) {
            self = parsed
            return
        }
        _ = MarkupContentType.registered
        var digest = Hasher()
        digest.combine(stylesheetText)
        var templateTexts: [String] = []
        for (name, text, file) in sources {
            digest.combine(name)
            digest.combine(text)
            guard name.hasSuffix(".mustache") else {
                files[name] = text
                continue
            }
            templateTexts.append(text)
            do {
                let template = try MustacheTemplate(string: MarkupContentType.pragma + text)
                let key = String(name.dropLast(".mustache".count))
                templates[key] = template
                library.register(template, named: key)
            } catch {
                // Told as the author's text parses alone, without the pragma: the place is theirs.
                var problem: any Error = error
                do { _ = try MustacheTemplate(string: text) } catch let own { problem = own }
                throw Diagnostic(
                    .error, .templateInvalid, at: SourceLocation(file: file),
                    "the template does not parse: \(problem)")
            }
        }
        stylesheet = stylesheetText
        self.overridden = overridden
        self.digest = digest.finalize()
        frames = TemplateFrames.fit(templateTexts) ? TemplateFrames() : nil
        let parsedSet = self
        Self.parsed.withLock { $0.keep(parsedSet, for: key) }
    }

    /// A format's default files as installed, read once a process.
    private static func bundled(format: String) -> (names: [String], texts: [String: String]) {
        if let read = bundledFiles.withLock({ $0[format] }) { return read }
        let folder = TemplateBundle.resourceURL.appendingPathComponent(format)
        let names = defaultNames(format: format)
        var texts: [String: String] = [:]
        for name in names {
            texts[name] = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        bundledFiles.withLock { $0[format] = (names, texts) }
        return (names, texts)
    }

    private static let bundledFiles = Locked<[String: (names: [String], texts: [String: String])]>([:])

    /// What a set was parsed from: its format, and each file's label and text (a label says
    /// whether the text is the manuscript's own, so a copy of a default still counts as one).
    private struct ParsedKey: Equatable {
        var format: String
        var texts: [String]
    }

    /// The sets parsed lately, the least recently used dropped first, so that builds of other
    /// manuscripts in the same process (the tests) do not undo a server's reuse.
    private struct ParsedSets {
        static let limit = 8
        private var sets: [(key: ParsedKey, set: TemplateSet)] = []

        mutating func set(for key: ParsedKey) -> TemplateSet? {
            guard let index = sets.firstIndex(where: { $0.key == key }) else { return nil }
            let found = sets.remove(at: index)
            sets.append(found)
            return found.set
        }

        mutating func keep(_ set: TemplateSet, for key: ParsedKey) {
            sets.removeAll { $0.key == key }
            if sets.count == Self.limit { sets.removeFirst() }
            sets.append((key, set))
        }
    }

    private static let parsed = Locked(ParsedSets())

    /// The files of `Templates/<format>/`, which are also the names a manuscript may override.
    /// The manuscript's own `templates/<name>`, or nil when it has none; one that leads outside
    /// the manuscript folder is refused, never read.
    static func override(_ name: String, in manuscriptRoot: URL) throws(Diagnostic) -> String? {
        let url = manuscriptRoot.appendingPathComponent(overrideFolder).appendingPathComponent(name)
        guard fileExists(url) else { return nil }
        let file = "\(overrideFolder)/\(name)"
        guard RootCheck.isInside(url, root: manuscriptRoot) else {
            throw Diagnostic(
                .error, .outsideRoot, at: SourceLocation(file: file),
                "the template leads outside the manuscript folder; it is not read",
                suggestion: "copy the template into \(overrideFolder)/ instead of linking to it")
        }
        return try readText(url, name: file)
    }

    static func defaultNames(format: String) -> [String] {
        let folder = TemplateBundle.resourceURL.appendingPathComponent(format)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Renders the template `name` (e.g. `chapter.xhtml`). Strings in `context` must be XML-safe.
    func render(_ name: String, _ context: [String: Any]) -> String {
        guard let template = templates[name] else {
            preconditionFailure("the default templates have no \(name).mustache")
        }
        if let frames, let page = frames.render(name, context, with: { template.render($0, library: library) }) {
            return page
        }
        return template.render(context, library: library)
    }

    /// A file that is not a template, such as `site.js`, as the manuscript or the defaults give it.
    func file(_ name: String) -> String {
        guard let text = files[name] else { preconditionFailure("the default templates have no \(name)") }
        return text
    }

    /// A warning for each file in the manuscript's `templates/` folder that matches no template
    /// of any format; the defaults' folders are listed only when that folder has files.
    static func unusedOverrideWarnings(in root: URL) -> [Diagnostic] {
        let folder = root.appendingPathComponent(overrideFolder)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }
        guard !files.isEmpty else { return [] }
        let knownNames = ExportFormat.allCases.flatMap { defaultNames(format: $0.templateFolder) } + [BookTheme.overrideFile]
        let known = Set(knownNames)
        return files.filter { !known.contains($0) }.sorted().map { unused in
            Diagnostic(
                .warning, .templateUnused, at: SourceLocation(file: "\(overrideFolder)/\(unused)"),
                "this file replaces no template",
                suggestion: "name it after a template: \(knownNames.joined(separator: ", "))")
        }
    }

    /// A format's stylesheet, then the fonts' `@font-face` rules (their files `assetPrefix` away
    /// from the stylesheet), then the book's own CSS, which therefore wins.
    static func bookStylesheet(_ stylesheet: String, book: RenderedBook, assetPrefix: String, print: Bool = false) -> String {
        var css = stylesheet + openingStylesheet(book.config, chaptersHaveOpenings: book.hasChapterOpenings, print: print)
        if let theme = book.themeCSS { css += "\n/* theme: \(book.config.theme?.rawValue ?? "") */\n" + theme }
        for font in book.fonts {
            css += """

                @font-face {
                  font-family: "\(font.family.replacingOccurrences(of: "\"", with: ""))";
                  font-weight: \(font.weight);
                  font-style: \(font.style);
                  src: url("\(assetPrefix)\(font.asset.href)");
                }
                """
        }
        if let extra = book.extraCSS {
            css += "\n/* \(book.config.css ?? "css") */\n" + extra
        }
        return css
    }

    /// The rules for `chapter_opening` and `scene_break`, when the config sets them: before the
    /// fonts and the author's own stylesheet, which may restyle them.
    /// A theme's stylesheet as DraftForge ships it.
    static func themeStylesheet(_ theme: BookTheme) throws -> String {
        try String(
            contentsOf: TemplateBundle.resourceURL.appendingPathComponent("themes/\(theme.rawValue).css"), encoding: .utf8)
    }

    /// `print` for the PDF: its engine draws a floated first letter over the first line, so the
    /// capital is raised rather than dropped, and the chapter's heading follows its number.
    static func openingStylesheet(_ config: ManuscriptConfig, chaptersHaveOpenings: Bool, print: Bool = false) -> String {
        var css = ""
        if chaptersHaveOpenings {
            css += """

                /* chapter_opening */
                .df-chapter-number { text-align: center; text-indent: 0; font-variant: small-caps; letter-spacing: 0.12em; margin: 3em 0 0; }
                .df-chapter-number + h1 { margin-top: 0.4em; }
                .df-chapter-subtitle { text-align: center; text-indent: 0; font-style: italic; margin: -0.8em 0 1.5em; }
                blockquote.df-chapter-epigraph { margin: 0 2em 2em; font-style: italic; border: 0; padding: 0; }
                blockquote.df-chapter-epigraph p { text-indent: 0; }
                .df-epigraph-source { text-align: end; font-style: normal; }
                .df-chapter-epigraph + p, .df-chapter-subtitle + p, p.df-drop-cap, p.df-small-caps { text-indent: 0; }
                p.df-drop-cap::first-letter { float: left; font-size: 3.2em; line-height: 0.8; margin: 0.06em 0.08em 0 0; }
                [dir="rtl"] p.df-drop-cap::first-letter { float: right; margin: 0.06em 0 0 0.08em; }
                p.df-small-caps::first-line { font-variant: small-caps; letter-spacing: 0.04em; }

                """
            if print {
                css += """
                    .df-chapter > .df-chapter-number { margin: 72pt 0 0; break-after: avoid; }
                    .df-chapter > .df-chapter-number + h1:first-of-type { margin-top: 6pt; }
                    p.df-drop-cap::first-letter { float: none; font-size: 2.4em; line-height: 1; margin: 0; }

                    """
            }
        }
        if let glyph = config.sceneBreak {
            let escaped = glyph.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            css += """

                /* scene_break */
                hr { border: 0; height: auto; text-align: center; }
                hr::after { content: "\(escaped)"; letter-spacing: normal; }

                """
        }
        return css
    }
}
