// An mdBook project read as the manuscript config: `book.toml` gives the metadata and options
// that mean something here, `SUMMARY.md` the outline. Every other table and key is accepted as
// mdBook's own; a preprocessor or renderer DraftForge does not run is one warning each, since
// whatever syntax it handles will print as written.
import Foundation

enum MdBookConfig {
    static let file = "book.toml"
    /// mdBook's own preprocessors, whose work DraftForge does itself.
    static let builtInPreprocessors: Set<String> = ["links", "index"]
    /// The renderers DraftForge stands in for.
    static let replacedRenderers: Set<String> = ["html", "markdown"]

    /// The config `book.toml` describes, with the outline of its SUMMARY.md.
    static func load(root: URL, warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig {
        try RootCheck.refuseUnlessInside(root.appendingPathComponent(file), root: root, file: file)
        let table = try TOMLReader.read(try readText(root.appendingPathComponent(file), name: file), file: file)
        var config = try decode(table, folderName: root.lastPathComponent, warnings: &warnings)
        let summaryFile = config.chaptersDirectory + "/SUMMARY.md"
        let summaryURL = root.appendingPathComponent(summaryFile)
        guard fileExists(summaryURL) else {
            throw Diagnostic(
                .error, .chaptersMissing, at: SourceLocation(file: summaryFile),
                "the mdBook has no \(summaryFile), which lists its chapters",
                suggestion: "create it with a line such as '- [Introduction](README.md)', or set 'src' in book.toml")
        }
        try RootCheck.refuseUnlessInside(summaryURL, root: root, file: summaryFile)
        let summary = try BookSummary.read(
            LoadStage.unixLineEndings(try readText(summaryURL, name: summaryFile)), file: summaryFile, warnings: &warnings)
        config.outline = outline(of: summary, file: summaryFile, warnings: &warnings)
        config.summaryFile = summaryFile
        return config
    }

    static func decode(_ table: TOMLTable, folderName: String, warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig {
        let book = try section(table, "book")
        let title = try string(book, "title", in: "book")?.trimmed.nonEmpty
        var config = ManuscriptConfig(file: file, title: title ?? folderName, slug: "")
        config.slug = Slug.fileStem(config.title)
        config.authors = try strings(book, "authors", in: "book").compactMap(\.trimmed.nonEmpty)
        config.description = try string(book, "description", in: "book")?.trimmed.nonEmpty
        if let language = try string(book, "language", in: "book")?.trimmed.nonEmpty {
            guard language.range(of: #"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"#, options: .regularExpression) != nil else {
                throw Diagnostic(
                    .error, .configValue, at: location(book?["language"]),
                    "'language' must be a language tag such as en or pt-BR, not '\(language)'")
            }
            config.language = language
        }
        if let source = try string(book, "src", in: "book") {
            let trimmed = source.trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard !trimmed.isEmpty, !trimmed.hasPrefix("/"), !trimmed.split(separator: "/").contains("..") else {
                throw Diagnostic(
                    .error, .configValue, at: location(book?["src"]),
                    "'src' must be a folder inside the book, not '\(source)'")
            }
            config.chaptersDirectory = trimmed
        } else {
            config.chaptersDirectory = "src"
        }

        let output = try section(table, "output")
        let html = try section(output, "html", in: "output")
        let smart = try bool(html, "smart-punctuation", in: "output.html")
        let curlyQuotes = try bool(html, "curly-quotes", in: "output.html")  // its name before mdBook 0.4.27
        config.smartPunctuation = smart ?? curlyQuotes ?? false  // mdBook's default
        // Without MathJax mdBook shows `$` and backslashes as written.
        config.math = try bool(html, "mathjax-support", in: "output.html") == true ? .mathJax : .none
        if let edit = try string(html, "edit-url-template", in: "output.html")?.trimmed.nonEmpty {
            if edit.contains("{path}"), edit.hasPrefix("https://") || edit.hasPrefix("http://") {
                config.site.editURL = edit
            } else {
                warnings.append(Diagnostic(
                    .warning, .configValue, at: location(html?["edit-url-template"]),
                    "'edit-url-template' is not an http(s) address with {path} in it; the site has no edit links"))
            }
        }
        if let siteURL = try string(html, "site-url", in: "output.html")?.trimmed, siteURL.hasPrefix("https://") || siteURL.hasPrefix("http://") {
            config.site.baseURL = siteURL.hasSuffix("/") ? siteURL : siteURL + "/"
        }
        if let redirects = try section(html, "redirect", in: "output.html") {
            for key in redirects.keys {
                guard let target = redirects[key]?.string else {
                    throw Diagnostic(
                        .error, .configType, at: location(redirects[key]),
                        "the redirect of '\(key)' must be a string, the page it moved to")
                }
                let path = key.drop { $0 == "/" }
                guard path.hasSuffix(".html"), !path.split(separator: "/").contains(where: { $0 == ".." || $0.hasPrefix(".") }),
                    !path.contains("\\"), !SitePackager.reservedPageNames.contains(String(path.dropLast(".html".count)))
                else {
                    throw Diagnostic(
                        .error, .configValue, at: location(redirects[key]),
                        "the redirect '\(key)' must be the path of an .html page inside the site, such as \"/old/page.html\"")
                }
                config.site.redirects.append(.init(from: key, to: target, location: location(redirects[key])))
            }
        }
        if let code = try section(html, "code", in: "output.html"), let hidden = try section(code, "hidelines", in: "output.html.code") {
            for language in hidden.keys {
                guard let prefix = hidden[language]?.string, !prefix.isEmpty else {
                    throw Diagnostic(
                        .error, .configType, at: location(hidden[language]),
                        "the hidden-line prefix of '\(language)' must be a string such as \"~\"")
                }
                config.hiddenLinePrefixes[language] = prefix
            }
        }

        for name in try section(table, "preprocessor")?.keys ?? [] where !builtInPreprocessors.contains(name) {
            warnings.append(Diagnostic(
                .warning, .configNotRun, at: location(table["preprocessor"]?.table?[name]),
                "custom preprocessor '\(name)' is not run; its syntax will print as written",
                suggestion: "check the pages it would change, or give DraftForge's build the files it would write"))
        }
        for name in output?.keys ?? [] where !replacedRenderers.contains(name) {
            warnings.append(Diagnostic(
                .warning, .configNotRun, at: location(output?[name]),
                "custom renderer '\(name)' is not run; DraftForge writes its own formats",
                suggestion: "choose DraftForge's formats with --format epub,html,docx,pdf"))
        }
        return config
    }

    /// The outline of a summary: prefix and suffix chapters at the top, numbered chapters under
    /// their part titles, nested chapters after their parent with a deeper level. A draft
    /// chapter (`[Title]()`) has no page, so it is left out; its sections keep its level.
    static func outline(of summary: BookSummary, file: String, warnings: inout [Diagnostic]) -> [ManuscriptConfig.OutlineEntry] {
        var entries: [ManuscriptConfig.OutlineEntry] = []
        var part: (title: String, chapters: [ManuscriptConfig.OutlineChapter], location: SourceLocation)?

        func chapters(_ link: BookSummary.Link, level: Int) -> [ManuscriptConfig.OutlineChapter] {
            var own: [ManuscriptConfig.OutlineChapter] = []
            var childLevel = level
            if let path = link.path {
                var name = path
                if name.hasSuffix(".md") { name.removeLast(3) }
                own.append(.init(
                    name: name, location: SourceLocation(file: file, line: link.line), title: link.title.nonEmpty,
                    level: level, number: link.number))
                childLevel = level + 1
            }
            for case .chapter(let child) in link.children { own += chapters(child, level: childLevel) }
            return own
        }
        func add(_ items: [BookSummary.Item], numbered: Bool) {
            for item in items {
                switch item {
                case .separator: continue
                case .partTitle(let title, let line):
                    if let part { entries.append(.part(title: part.title, chapters: part.chapters, location: part.location)) }
                    part = (title, [], SourceLocation(file: file, line: line))
                case .chapter(let link):
                    let listed = chapters(link, level: 0)
                    if numbered, part != nil {
                        part!.chapters += listed
                    } else {
                        entries += listed.map { .chapter($0) }
                    }
                }
            }
        }
        add(summary.prefix, numbered: false)
        add(summary.numbered, numbered: true)
        if let part { entries.append(.part(title: part.title, chapters: part.chapters, location: part.location)) }
        add(summary.suffix, numbered: false)
        return entries
    }

    // MARK: - Typed values, each error at its line

    private static func location(_ value: TOMLValue?) -> SourceLocation {
        SourceLocation(file: file, line: value?.line)
    }

    private static func section(_ table: TOMLTable?, _ key: String, in parent: String? = nil) throws(Diagnostic) -> TOMLTable? {
        guard let value = table?[key] else { return nil }
        guard let section = value.table else {
            let name = parent.map { "\($0).\(key)" } ?? key
            throw Diagnostic(.error, .configType, at: location(value), "'\(name)' must be a table such as [\(name)]")
        }
        return section
    }

    private static func string(_ table: TOMLTable?, _ key: String, in parent: String) throws(Diagnostic) -> String? {
        guard let value = table?[key] else { return nil }
        guard let text = value.string else {
            throw Diagnostic(.error, .configType, at: location(value), "'\(parent).\(key)' must be a string")
        }
        return text
    }

    private static func bool(_ table: TOMLTable?, _ key: String, in parent: String) throws(Diagnostic) -> Bool? {
        guard let value = table?[key] else { return nil }
        guard case .boolean(let flag) = value.kind else {
            throw Diagnostic(.error, .configType, at: location(value), "'\(parent).\(key)' must be true or false")
        }
        return flag
    }

    private static func strings(_ table: TOMLTable?, _ key: String, in parent: String) throws(Diagnostic) -> [String] {
        guard let value = table?[key] else { return [] }
        if let text = value.string { return [text] }
        let texts: [String]? = if case .array(let items) = value.kind { items.compactMap(\.string) } else { nil }
        guard let texts, case .array(let items) = value.kind, texts.count == items.count else {
            throw Diagnostic(.error, .configType, at: location(value), "'\(parent).\(key)' must be a list of strings")
        }
        return texts
    }
}
