// Finds and decodes `draftforge.yml`: every key is checked for type and value, unknown keys warn.
import Foundation

/// Reads the manuscript config. Emits `config.*` diagnostics.
package struct ConfigLoader {
    package static let fileNames = ["draftforge.yml", "draftforge.yaml"]
    /// Keys later features own: accepted now without a warning.
    static let reservedKeys: Set<String> = ["continuity"]
    /// Every key the config reads, for "did you mean" suggestions.
    static let knownKeys: [String] = [
        "title", "name", "subtitle", "authors", "language", "identifier", "publisher", "rights",
        "description", "subjects", "date", "slug", "project_type", "genre", "target_word_count", "status",
        "visibility", "chapters_directory", "manuscript_directory", "cover", "css", "smart_punctuation", "remote_images",
        "outline", "settings", "edition", "series", "contributors", "fonts", "site", "code", "figures", "math", "direction", "quotes", "writing_mode", "theme", "chapter_opening", "scene_break", "also_by", "editions", "large_print", "author_bio", "author_photo", "bible", "series_bible", "waivers", "docx", "pdf", "cover_print", "accessibility",
    ] + reservedKeys.sorted()
    /// The keys of `site:`.
    static let siteKeys = ["base_url", "edit_url", "reports", "strings"]

    let root: URL

    package init(root: URL) { self.root = root }

    /// `config.missing`: `root` holds no config file.
    static func missing(in root: URL) -> Diagnostic {
        Diagnostic(
            .error, .configMissing, at: SourceLocation(file: fileNames[0]),
            "no draftforge.yml in \(root.path)",
            suggestion: "create draftforge.yml with at least a title, or run in the manuscript folder")
    }

    /// An mdBook project (`book.toml`) needs no `draftforge.yml`; one beside it adds to or
    /// overrides what `book.toml` and `SUMMARY.md` say.
    func load(warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig {
        let mdBook = fileExists(root.appendingPathComponent(MdBookConfig.file))
            ? try MdBookConfig.load(root: root, warnings: &warnings) : nil
        guard let fileName = Self.fileNames.first(where: { fileExists(root.appendingPathComponent($0)) }) else {
            if let mdBook { return mdBook }
            throw Self.missing(in: root)
        }
        try RootCheck.refuseUnlessInside(root.appendingPathComponent(fileName), root: root, file: fileName)
        let text = try readText(root.appendingPathComponent(fileName), name: fileName)
        return try load(text: text, fileName: fileName, over: mdBook, warnings: &warnings)
    }

    /// Decodes config text read from elsewhere (the history reads it from Git), over what an
    /// mdBook's `book.toml` said, if anything.
    package func load(
        text: String, fileName: String, over base: ManuscriptConfig? = nil, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> ManuscriptConfig {
        guard let document = try YAMLValue.parse(text, file: fileName, code: .configSyntax),
            let pairs = document.pairs
        else {
            throw Diagnostic(
                .error, .configType, at: SourceLocation(file: fileName, line: 1),
                "the config must be a mapping of keys to values",
                suggestion: "start with a line such as 'title: My Book'")
        }
        return try decode(pairs, file: fileName, over: base, warnings: &warnings)
    }

    private func decode(
        _ pairs: [(key: String, keyLocation: SourceLocation, value: YAMLValue)], file: String,
        over base: ManuscriptConfig?, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> ManuscriptConfig {
        var config = base ?? ManuscriptConfig(file: file, title: "", slug: "")
        config.file = file
        var slug: String?
        var titleSeen = base != nil
        var languageLocation: SourceLocation?
        let code = DiagnosticCode.configType
        // Every key is read even after one is wrong, so one run shows every mistake.
        var errors: [Diagnostic] = []
        var failedKeys = Set<String>()
        for (key, keyLocation, value) in pairs where !value.isNull {
            do throws(Diagnostic) {
                switch key {
                case "title", "name":
                    config.title = try value.string(key, code: code).trimmed
                    titleSeen = true
                case "subtitle": config.subtitle = try value.string(key, code: code).nonEmpty
                case "authors", "author": config.authors = try value.strings(key, code: code).compactMap(\.nonEmpty)
                case "language":
                    config.language = try languageTag(value)
                    languageLocation = value.location
                case "identifier": config.identifier = try identifier(value)
                case "publisher": config.publisher = try value.string(key, code: code).nonEmpty
                case "rights": config.rights = try value.string(key, code: code).nonEmpty
                case "description": config.description = try value.string(key, code: code).nonEmpty
                case "subjects": config.subjects = try value.strings(key, code: code).compactMap(\.nonEmpty)
                case "date": config.date = try publicationDate(value)
                case "slug": slug = try slugValue(value)
                case "project_type":
                    config.projectType = .init(rawValue: try value.oneOf(
                        ManuscriptConfig.ProjectType.allCases.map(\.rawValue), key, code: code))
                case "genre": config.genre = try value.string(key, code: code).nonEmpty
                case "target_word_count":
                    config.targetWordCount = try value.wholeNumber(key, range: 1...100_000_000, code: code)
                case "status":
                    config.status = .init(rawValue: try value.oneOf(
                        ManuscriptConfig.Status.allCases.map(\.rawValue), key, code: code))
                case "visibility":
                    config.visibility = .init(rawValue: try value.oneOf(
                        ManuscriptConfig.Visibility.allCases.map(\.rawValue), key, code: code))
                case "chapters_directory": config.chaptersDirectory = try relativePath(value, key)
                case "manuscript_directory": config.manuscriptDirectory = try value.string(key, code: code)
                case "cover":
                    config.cover = try relativePath(value, key)
                    config.coverLocation = value.location
                case "css":
                    config.css = try relativePath(value, key)
                    config.cssLocation = value.location
                case "smart_punctuation": config.smartPunctuation = try value.bool(key, code: code)
                case "math": config.math = try value.bool(key, code: code) ? .tex : .none
                case "direction": config.direction = try value.oneOf(["ltr", "rtl"], key, code: code)
                case "writing_mode": config.isVertical = try value.oneOf(["horizontal", "vertical"], key, code: code) == "vertical"
                case "quotes":
                    let quotes = try value.string(key, code: code)
                    guard QuotationMarks(written: quotes) != nil else {
                        throw Diagnostic(
                            .error, .configValue, at: value.location, "'quotes' must be two or four quotation marks, not '\(quotes)'",
                            suggestion: "write the opening and closing marks, then the inner ones, such as \"„“‚‘\"")
                    }
                    config.quotes = quotes
                case "remote_images":
                    config.remoteImages = ManuscriptConfig.RemoteImages(
                        rawValue: try value.oneOf(ManuscriptConfig.RemoteImages.allCases.map(\.rawValue), key, code: code))!
                case "edition": config.edition = try value.string(key, code: code).nonEmpty
                case "series": config.series = try series(value)
                case "contributors": config.contributors = try contributors(value)
                case "fonts": config.fonts = try fonts(value)
                case "bible":
                    config.bible = try relativePath(value, key)
                    config.bibleLocation = value.location
                case "series_bible":
                    // A bible the books of a series share: it may sit beside the book, in the
                    // repository around it (the loader holds it to that).
                    let path = try value.string(key, code: .configType).trimmed
                    guard !path.isEmpty, !path.hasPrefix("/"), RootCheck.hiddenComponent(path) == nil else {
                        throw Diagnostic(
                            .error, .configValue, at: value.location,
                            "'series_bible' must be a relative path in the book's repository, not '\(path)'")
                    }
                    config.seriesBible = path
                    config.seriesBibleLocation = value.location
                case "waivers":
                    config.waivers = try relativePath(value, key)
                    config.waiversLocation = value.location
                case "outline":
                    config.outline = try outline(value)
                    config.summaryFile = nil
                case "site": config.site = try site(value, warnings: &warnings)
                case "code": config.code = try codeOptions(value, warnings: &warnings)
                case "chapter_opening": config.chapterOpening = try chapterOpening(value, warnings: &warnings)
                case "also_by": config.alsoBy = try alsoBy(value, warnings: &warnings)
                case "editions":
                    config.editions = []
                    for store in try value.strings(key, code: code) {
                        let name = try YAMLValue.checkedStore(store, at: value.location, key: key)
                        if !config.editions.contains(name) { config.editions.append(name) }
                    }
                case "large_print": config.largePrint = try value.bool(key, code: code)
                case "author_bio":
                    config.authorBio = try value.string(key, code: code).trimmed.nonEmpty
                    config.authorBioLocation = value.location
                case "author_photo": config.authorPhoto = try relativePath(value, key)
                case "theme":
                    config.theme = BookTheme(rawValue: try value.oneOf(BookTheme.allCases.map(\.rawValue), key, code: code))
                case "scene_break":
                    let glyph = try value.string(key, code: code).trimmed
                    guard !glyph.isEmpty, glyph.count <= 12, !glyph.contains(where: \.isNewline) else {
                        throw Diagnostic(
                            .error, .configType, at: value.location, "scene_break must be a glyph or a short text (at most 12 characters)",
                            suggestion: "write a glyph such as \"❦\" or \"* * *\"")
                    }
                    config.sceneBreak = glyph
                case "figures": config.figures = try figureOptions(value, warnings: &warnings)
                case "docx": config.docx = try docx(value, warnings: &warnings)
                case "pdf": config.pdf = try pdfOptions(value, warnings: &warnings)
                case "accessibility": config.accessibility = try accessibility(value, warnings: &warnings)
                case "cover_print":
                    config.printCover = try printCover(value, warnings: &warnings)
                    config.printCoverLocation = value.location
                case "settings":
                    guard value.pairs != nil else {
                        throw Diagnostic(.error, code, at: value.location, "'settings' must be a mapping")
                    }
                    config.settings = value.jsonValue
                default:
                    if !Self.reservedKeys.contains(key) {
                        let suggestion = Self.closestKey(to: key).map { "did you mean '\($0)'?" }
                        warnings.append(Diagnostic(
                            .warning, .configUnknownKey, at: keyLocation, "unknown config key '\(key)'",
                            suggestion: suggestion ?? "check the spelling; the guide's Configuration chapter (docs/chapters/13-configuration.md) lists every key"))
                    }
                }
            } catch {
                errors.append(error)
                failedKeys.insert(key)
            }
        }
        if !titleSeen || config.title.isEmpty, failedKeys.isDisjoint(with: ["title", "name"]) {
            // A misspelled title key is the likely cause: point at it.
            let misspelled = pairs.first { !Self.knownKeys.contains($0.key) && Self.closestKey(to: $0.key) == "title" }
            errors.append(Diagnostic(
                .error, .configValue, at: misspelled?.keyLocation ?? SourceLocation(file: file, line: 1),
                "the config has no title",
                suggestion: misspelled.map { "rename '\($0.key)' to 'title'" } ?? "add a line such as 'title: My Book'"))
        }
        // The errors before the last go with the warnings, which a failed load reports too.
        if let last = errors.popLast() {
            warnings += errors
            throw last
        }
        config.slug = slug ?? Slug.fileStem(config.title)
        if InterfaceStrings.tableName(for: config.language) == nil, config.site.strings.isEmpty {
            warnings.append(Diagnostic(
                .info, .configUntranslated, at: languageLocation ?? SourceLocation(file: file, line: 1),
                "DraftForge has no '\(config.language)' wording for its own pages: the contents, search and copyright lines are in English",
                suggestion: "translate them under 'site: strings:' (see \"The book's language\" in the guide's site chapter)"))
        }
        // A theme opens chapters and breaks scenes its own way unless the config says otherwise.
        if let theme = config.theme {
            let keys = Set(pairs.map(\.key))
            if !keys.contains("chapter_opening") { config.chapterOpening = theme.opening }
            if !keys.contains("scene_break") { config.sceneBreak = theme.sceneBreak }
        }
        return config
    }

    /// The known key nearest in spelling, when it is near enough to be a typo.
    static func closestKey(to key: String) -> String? {
        let lowered = key.lowercased().replacingOccurrences(of: "-", with: "_")
        let scored = knownKeys.map { ($0, EditDistance.between(lowered, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, min(3, best.0.count / 3)) ? best.0 : nil
    }

    // MARK: - Values with rules of their own

    private func series(_ value: YAMLValue) throws(Diagnostic) -> ManuscriptConfig.Series {
        guard let pairs = value.pairs else {
            return .init(name: try value.string("series", code: .configType), position: nil)
        }
        var series = ManuscriptConfig.Series(name: "", position: nil)
        for (key, keyLocation, field) in pairs {
            switch key {
            case "name": series.name = try field.string("series.name", code: .configType).trimmed
            case "position":
                let position = try field.string("series.position", code: .configType).trimmed
                guard position.range(of: #"^[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil else {
                    throw Diagnostic(
                        .error, .configValue, at: field.location,
                        "'series.position' must be a number such as 2 or 2.5, not '\(position)'")
                }
                series.position = position
            default:
                throw Diagnostic(.error, .configType, at: keyLocation, "unknown key '\(key)' in 'series'",
                                 suggestion: "use 'name' and 'position'")
            }
        }
        guard !series.name.isEmpty else {
            throw Diagnostic(.error, .configValue, at: value.location, "'series' needs a 'name'")
        }
        return series
    }

    /// `site:` — `base_url` must be an absolute http(s) URL; `edit_url` one with `{path}` in it.
    private func site(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig.SiteOptions {
        guard let pairs = value.pairs else {
            throw Diagnostic(
                .error, .configType, at: value.location, "'site' must be a mapping",
                suggestion: "write the site's options on their own lines, such as '  base_url: https://example.com/book/'")
        }
        var site = ManuscriptConfig.SiteOptions()
        for (key, keyLocation, field) in pairs where !field.isNull {
            switch key {
            case "base_url":
                var url = try webAddress(field, "site.base_url")
                if !url.hasSuffix("/") { url += "/" }
                site.baseURL = url
            case "edit_url":
                let url = try webAddress(field, "site.edit_url")
                guard url.contains("{path}") else {
                    throw Diagnostic(
                        .error, .configValue, at: field.location, "'site.edit_url' has no '{path}' in it",
                        suggestion: "write where a chapter is edited, with {path} for its file, such as https://github.com/me/book/edit/main/{path}")
                }
                site.editURL = url
            case "strings": site.strings = try interfaceStrings(field, warnings: &warnings)
            case "reports": site.reports = try field.bool("site.reports", code: .configType)
            default:
                let near = Self.siteKeys.min { EditDistance.between(key, $0) < EditDistance.between(key, $1) }
                let suggestion = near.flatMap { EditDistance.between(key, $0) <= 3 ? "did you mean '\($0)'?" : nil }
                warnings.append(Diagnostic(
                    .warning, .configUnknownKey, at: keyLocation, "unknown key '\(key)' in 'site'",
                    suggestion: suggestion ?? "use \(Self.siteKeys.joined(separator: ", "))"))
            }
        }
        return site
    }

    /// `site.strings:` — the book's wording for interface strings: a key of the English table,
    /// and a text or a mapping of plural categories (`one`, `few`, `other`…) that has `other`.
    private func interfaceStrings(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> [String: InterfaceStrings.Entry] {
        guard let pairs = value.pairs else {
            throw Diagnostic(
                .error, .configType, at: value.location, "'site.strings' must be a mapping",
                suggestion: "write one string per line, such as '    search: Rechercher'")
        }
        let english = InterfaceStrings.table("en") ?? [:]
        var strings: [String: InterfaceStrings.Entry] = [:]
        for (key, keyLocation, field) in pairs where !field.isNull {
            guard let original = english[key] else {
                let near = EditDistance.nearest(to: key, in: english.keys.sorted(), limit: EditDistance.typoLimit(for: key))
                warnings.append(Diagnostic(
                    .warning, .configUnknownKey, at: keyLocation, "unknown key '\(key)' in 'site.strings'",
                    suggestion: near.map { "did you mean '\($0)'?" } ?? "Templates/strings/en.json lists the keys"))
                continue
            }
            let entry: InterfaceStrings.Entry
            if let forms = field.pairs {
                var texts: [String: String] = [:]
                for (category, categoryLocation, text) in forms {
                    guard Self.pluralCategories.contains(category) else {
                        warnings.append(Diagnostic(
                            .warning, .configUnknownKey, at: categoryLocation, "'\(category)' is not a plural category in 'site.strings.\(key)'",
                            suggestion: "use \(Self.pluralCategories.joined(separator: ", "))"))
                        continue
                    }
                    texts[category] = try text.string("site.strings.\(key).\(category)", code: .configType)
                }
                guard texts["other"] != nil else {
                    throw Diagnostic(
                        .error, .configValue, at: field.location, "'site.strings.\(key)' has no 'other' form",
                        suggestion: "add 'other:', the form used when no other category applies")
                }
                entry = .plural(texts)
            } else {
                entry = .text(try field.string("site.strings.\(key)", code: .configType))
            }
            let known = InterfaceStrings.placeholders(in: original.texts.joined())
            for text in entry.texts {
                if let unknown = InterfaceStrings.placeholders(in: text).subtracting(known).sorted().first {
                    warnings.append(Diagnostic(
                        .warning, .configValue, at: field.location, "'{\(unknown)}' in 'site.strings.\(key)' is not filled in and is shown as written",
                        suggestion: known.isEmpty ? "this string has no placeholders" : "use \(known.sorted().map { "{\($0)}" }.joined(separator: ", "))"))
                }
            }
            strings[key] = entry
        }
        return strings
    }

    static let pluralCategories = ["zero", "one", "two", "few", "many", "other"]

    /// An http or https address.
    private static func webLink(_ field: YAMLValue, _ key: String) throws(Diagnostic) -> String {
        let url = try field.string(key, code: .configType).trimmed
        guard let scheme = URL(string: url)?.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw Diagnostic(
                .error, .configValue, at: field.location, "'\(url)' is not a web address (http or https)",
                suggestion: "write the book's page, such as https://example.com/harbour")
        }
        return url
    }

    /// `code:` — `highlight` and `line_numbers`, both true or false.
    private func codeOptions(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig.CodeOptions {
        var code = ManuscriptConfig.CodeOptions()
        try section(value, "code", keys: ["highlight", "line_numbers"], example: "highlight: false", warnings: &warnings) {
            (key, field) throws(Diagnostic) in
            switch key {
            case "highlight": code.highlight = try field.bool("code.highlight", code: .configType)
            default: code.lineNumbers = try field.bool("code.line_numbers", code: .configType)
            }
        }
        return code
    }

    /// `also_by:` — a list of books (a title, or `{title, series, url}`), or `{position, books}`
    /// with `position` front or back.
    private func alsoBy(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig.AlsoBy {
        var list = value
        var atFront = false
        if let pairs = value.pairs {
            guard let books = pairs.first(where: { $0.key == "books" }) else {
                throw Diagnostic(
                    .error, .configType, at: value.location, "'also_by' needs 'books', a list of titles",
                    suggestion: "write also_by: [The Harbour Light, The Long Winter]")
            }
            list = books.value
            try section(value, "also_by", keys: ["books", "position"], example: "position: back", warnings: &warnings) {
                (key, field) throws(Diagnostic) in
                if key == "position" { atFront = try field.oneOf(["front", "back"], "also_by.position", code: .configType) == "front" }
            }
        }
        guard case .sequence(let items) = list.node else {
            throw Diagnostic(.error, .configType, at: list.location, "'also_by' must be a list of books")
        }
        var books: [ManuscriptConfig.AlsoBy.Book] = []
        for item in items {
            let entry = YAMLValue(node: item, file: list.file, lineOffset: list.lineOffset)
            guard let pairs = entry.pairs else {
                books.append(.init(title: try entry.string("also_by", code: .configType).trimmed))
                continue
            }
            guard let title = pairs.first(where: { $0.key == "title" }) else {
                throw Diagnostic(
                    .error, .configType, at: entry.location, "a book in 'also_by' needs a 'title'",
                    suggestion: "write {title: The Harbour Light, url: https://example.com/harbour}")
            }
            var book = ManuscriptConfig.AlsoBy.Book(title: try title.value.string("title", code: .configType).trimmed)
            for (key, keyLocation, field) in pairs where key != "title" {
                switch key {
                case "series": book.series = try field.string("series", code: .configType).trimmed.nonEmpty
                case "url": book.url = try Self.webLink(field, "url")
                case "links":
                    guard let stores = field.pairs else {
                        throw Diagnostic(
                            .error, .configType, at: field.location, "'links' must map stores to addresses",
                            suggestion: "write links: {kobo: https://www.kobo.com/…, apple: https://books.apple.com/…}")
                    }
                    for (store, _, link) in stores {
                        book.links[try YAMLValue.checkedStore(store, at: link.location, key: "links")] = try Self.webLink(link, "links.\(store)")
                    }
                default:
                    warnings.append(Diagnostic(
                        .warning, .configUnknownKey, at: keyLocation, "unknown key '\(key)' in a book of 'also_by'",
                        suggestion: "use title, series, url and links"))
                }
            }
            books.append(book)
        }
        return .init(books: books.filter { !$0.title.isEmpty }, atFront: atFront, location: value.location)
    }

    /// `chapter_opening:` — `number` (words, figures, roman, none), `label`, `drop_cap`, `small_caps`.
    private func chapterOpening(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig.ChapterOpening {
        var opening = ManuscriptConfig.ChapterOpening()
        try section(value, "chapter_opening", keys: ["number", "label", "drop_cap", "small_caps"], example: "number: words", warnings: &warnings) {
            (key, field) throws(Diagnostic) in
            switch key {
            case "number":
                opening.number = .init(rawValue: try field.oneOf(
                    ManuscriptConfig.ChapterOpening.Numbering.allCases.map(\.rawValue), "chapter_opening.number", code: .configType))!
            case "label": opening.label = try field.string("chapter_opening.label", code: .configType).trimmed
            case "drop_cap": opening.dropCap = try field.bool("chapter_opening.drop_cap", code: .configType)
            default: opening.smallCaps = try field.bool("chapter_opening.small_caps", code: .configType)
            }
        }
        return opening
    }

    /// `figures:` — `numbered` (true or false) and `numbering` (chapter or book).
    private func figureOptions(_ value: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> ManuscriptConfig.FigureOptions {
        var figures = ManuscriptConfig.FigureOptions()
        try section(value, "figures", keys: ["numbered", "numbering"], example: "numbered: true", warnings: &warnings) {
            (key, field) throws(Diagnostic) in
            switch key {
            case "numbered": figures.numbered = try field.bool("figures.numbered", code: .configType)
            default:
                figures.numbering = .init(rawValue: try field.oneOf(
                    ManuscriptConfig.FigureOptions.Numbering.allCases.map(\.rawValue), "figures.numbering", code: .configType))!
            }
        }
        return figures
    }

    /// A mapping of options: each known key's value goes to `read`; another key is a warning.
    private func section(
        _ value: YAMLValue, _ name: String, keys: [String], example: String, warnings: inout [Diagnostic],
        read: (String, YAMLValue) throws(Diagnostic) -> Void
    ) throws(Diagnostic) {
        guard let pairs = value.pairs else {
            throw Diagnostic(
                .error, .configType, at: value.location, "'\(name)' must be a mapping",
                suggestion: "write its options on their own lines, such as '  \(example)'")
        }
        for (key, keyLocation, field) in pairs where !field.isNull {
            guard keys.contains(key) else {
                warnings.append(Diagnostic(
                    .warning, .configUnknownKey, at: keyLocation, "unknown key '\(key)' in '\(name)'",
                    suggestion: "use \(keys.joined(separator: " and "))"))
                continue
            }
            try read(key, field)
        }
    }

    /// An absolute http or https URL with a host. `{path}` is allowed as a placeholder.
    private func webAddress(_ value: YAMLValue, _ key: String) throws(Diagnostic) -> String {
        let url = try value.string(key, code: .configType).trimmed
        let checked = url.replacingOccurrences(of: "{path}", with: "path")
        guard let scheme = URLCheck.scheme(of: checked), scheme == "http" || scheme == "https",
            URLCheck.isValidExternal(checked, scheme: scheme)
        else {
            throw Diagnostic(
                .error, .configValue, at: value.location, "'\(key)' must be an http or https address, not '\(url)'",
                suggestion: "write the whole address, such as https://example.com/book/")
        }
        return url
    }

    private func contributors(_ value: YAMLValue) throws(Diagnostic) -> [ManuscriptConfig.Contributor] {
        guard case .sequence(let items) = value.node else {
            throw Diagnostic(.error, .configType, at: value.location, "'contributors' must be a list")
        }
        var contributors: [ManuscriptConfig.Contributor] = []
        for item in items {
            let entry = YAMLValue(node: item, file: value.file, lineOffset: value.lineOffset)
            guard let pairs = entry.pairs, let name = pairs.first(where: { $0.key == "name" }),
                let role = pairs.first(where: { $0.key == "role" })
            else {
                throw Diagnostic(
                    .error, .configType, at: entry.location, "a contributor needs a 'name' and a 'role'",
                    suggestion: "write {name: Ann Editor, role: editor}")
            }
            let roleName = try role.value.string("role", code: .configType).trimmed
            guard let code = ManuscriptConfig.Contributor.relatorCode(for: roleName) else {
                throw Diagnostic(
                    .error, .configValue, at: role.value.location, "unknown contributor role '\(roleName)'",
                    suggestion: "use \(ManuscriptConfig.Contributor.roles.keys.sorted().joined(separator: ", ")) or a three-letter MARC relator code")
            }
            contributors.append(.init(name: try name.value.string("name", code: .configType).trimmed, role: code))
        }
        return contributors
    }

    private func fonts(_ value: YAMLValue) throws(Diagnostic) -> [ManuscriptConfig.FontFile] {
        guard case .sequence(let items) = value.node else {
            throw Diagnostic(.error, .configType, at: value.location, "'fonts' must be a list of font files")
        }
        var fonts: [ManuscriptConfig.FontFile] = []
        for item in items {
            let entry = YAMLValue(node: item, file: value.file, lineOffset: value.lineOffset)
            var font: ManuscriptConfig.FontFile
            if let pairs = entry.pairs {
                guard let file = pairs.first(where: { $0.key == "file" }) else {
                    throw Diagnostic(.error, .configType, at: entry.location, "a font needs a 'file'")
                }
                font = .init(path: try relativePath(file.value, "fonts.file"), location: file.value.location)
                for (key, keyLocation, field) in pairs where key != "file" {
                    switch key {
                    case "family": font.family = try field.string("family", code: .configType).trimmed
                    case "weight":
                        font.weight = try field.oneOf(["100", "200", "300", "400", "500", "600", "700", "800", "900", "normal", "bold"], "weight", code: .configType)
                    case "style": font.style = try field.oneOf(["normal", "italic", "oblique"], "style", code: .configType)
                    default:
                        throw Diagnostic(.error, .configType, at: keyLocation, "unknown key '\(key)' in a font",
                                         suggestion: "use file, family, weight and style")
                    }
                }
            } else {
                font = .init(path: try relativePath(entry, "fonts"), location: entry.location)
            }
            guard ManuscriptConfig.FontFile.mediaTypes[font.fileExtension] != nil else {
                throw Diagnostic(
                    .error, .configValue, at: font.location, "'\(font.path)' is not a TTF, OTF, WOFF or WOFF2 font")
            }
            fonts.append(font)
        }
        return fonts
    }

    private func languageTag(_ value: YAMLValue) throws(Diagnostic) -> String {
        let tag = try value.string("language", code: .configType)
        guard LanguageTag.isValid(tag) else {
            throw Diagnostic(
                .error, .configValue, at: value.location, "'\(tag)' is not a BCP 47 language tag",
                suggestion: "write a tag such as en, en-GB or fr")
        }
        return tag
    }

    private func identifier(_ value: YAMLValue) throws(Diagnostic) -> String? {
        guard let identifier = try value.string("identifier", code: .configType).nonEmpty else { return nil }
        if case .failure(let problem) = ISBN.parse(identifier) {
            throw Diagnostic(
                .error, .configValue, at: value.location, problem.message(identifier),
                suggestion: problem.suggestion)
        }
        return identifier
    }

    private func publicationDate(_ value: YAMLValue) throws(Diagnostic) -> String {
        let date = try value.string("date", code: .configType)
        let pattern = #"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?)?)?$"#
        guard date.range(of: pattern, options: .regularExpression) != nil else {
            throw Diagnostic(
                .error, .configValue, at: value.location, "'\(date)' is not a date",
                suggestion: "write the date as YYYY-MM-DD")
        }
        return date
    }

    private func slugValue(_ value: YAMLValue) throws(Diagnostic) -> String {
        let slug = try value.string("slug", code: .configType)
        guard slug.range(of: #"^[a-z0-9_-]{1,100}$"#, options: .regularExpression) != nil else {
            throw Diagnostic(
                .error, .configValue, at: value.location,
                "'\(slug)' is not a slug: use 1 to 100 lowercase letters, digits, '-' or '_'")
        }
        return slug
    }

    private func relativePath(_ value: YAMLValue, _ key: String) throws(Diagnostic) -> String {
        let path = try value.string(key, code: .configType).trimmed
        let leavesRoot = path.hasPrefix("/") || path.split(separator: "/").contains("..")
        guard !path.isEmpty, !leavesRoot else {
            throw Diagnostic(
                .error, .configValue, at: value.location,
                "'\(key)' must be a path inside the manuscript folder, not '\(path)'")
        }
        if let hidden = RootCheck.hiddenComponent(path) {
            throw Diagnostic(
                .error, .configValue, at: value.location,
                "'\(key)' names '\(path)', which is not read: \(RootCheck.hiddenReason(hidden))",
                suggestion: "move the file out of '\(hidden)'")
        }
        return path
    }

    private func outline(_ value: YAMLValue) throws(Diagnostic) -> [ManuscriptConfig.OutlineEntry] {
        guard case .sequence(let sequence) = value.node else {
            throw Diagnostic(.error, .configType, at: value.location, "'outline' must be a list")
        }
        var entries: [ManuscriptConfig.OutlineEntry] = []
        for item in sequence {
            let entry = YAMLValue(node: item, file: value.file, lineOffset: value.lineOffset)
            if let pairs = entry.pairs, pairs.count == 1, let matter = MatterType(rawValue: pairs[0].key) {
                var chapter = try outlineChapter(pairs[0].value)
                chapter.matter = matter
                entries.append(.chapter(chapter))
            } else if let pairs = entry.pairs {
                guard let part = pairs.first(where: { $0.key == "part" }),
                    let chapters = pairs.first(where: { $0.key == "chapters" })
                else {
                    throw Diagnostic(
                        .error, .configType, at: entry.location,
                        "an outline entry is a chapter name, a part ('part' and 'chapters'), or front or back matter such as 'preface: 00-preface'")
                }
                if let other = pairs.first(where: { !["part", "chapters", "language"].contains($0.key) }) {
                    throw Diagnostic(
                        .error, .configType, at: other.keyLocation,
                        "unknown key '\(other.key)' in an outline part")
                }
                let language = try pairs.first(where: { $0.key == "language" }).map { pair throws(Diagnostic) in try languageTag(pair.value) }
                guard case .sequence(let names) = chapters.value.node else {
                    throw Diagnostic(
                        .error, .configType, at: chapters.value.location, "'chapters' must be a list")
                }
                var partChapters: [ManuscriptConfig.OutlineChapter] = []
                for name in names {
                    var chapter = try outlineChapter(YAMLValue(node: name, file: value.file, lineOffset: value.lineOffset))
                    chapter.language = language
                    partChapters.append(chapter)
                }
                entries.append(.part(
                    title: try part.value.string("part", code: .configType),
                    chapters: partChapters, location: entry.location))
            } else {
                entries.append(.chapter(try outlineChapter(entry)))
            }
        }
        return entries
    }

    private func outlineChapter(_ value: YAMLValue) throws(Diagnostic) -> ManuscriptConfig.OutlineChapter {
        var name = try value.string("outline", code: .configType).trimmed
        if name.hasSuffix(".md") { name.removeLast(3) }
        return .init(name: name, location: value.location)
    }
}

/// True when `url` is a regular file (symbolic links followed). A folder, a FIFO, a socket or a
/// device is not: reading a FIFO named `02.md` would wait forever.
func fileExists(_ url: URL) -> Bool {
    var info = stat()
    return stat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
}

/// Reads a file as UTF-8; anything else is a `load.not-utf8` error naming the first bad line.
func readText(_ url: URL, name: String) throws(Diagnostic) -> String {
    let data: Data
    do {
        data = try Data(contentsOf: url)
    } catch {
        throw Diagnostic(.error, .unreadable, at: SourceLocation(file: name), "cannot read the file")
    }
    return try decodeText(data, name: name)
}

/// Decodes a file's bytes as UTF-8 without a byte-order mark, or throws `load.not-utf8`.
package func decodeText(_ data: Data, name: String) throws(Diagnostic) -> String {
    guard var text = String(validating: data, as: UTF8.self) else {
        let line = firstInvalidUTF8Line(data)
        throw Diagnostic(
            .error, .notUTF8, at: SourceLocation(file: name, line: line),
            "the file is not valid UTF-8", suggestion: "save the file as UTF-8")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text
}

private func firstInvalidUTF8Line(_ data: Data) -> Int {
    var line = 1
    var start = data.startIndex
    while start < data.endIndex {
        let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
        if String(validating: data[start..<end], as: UTF8.self) == nil { return line }
        line += 1
        start = end < data.endIndex ? data.index(after: end) : end
    }
    return line
}

extension YAMLValue {
    /// A store an edition can be for, lower-cased; another name is an error with the nearest store.
    static func checkedStore(_ name: String, at location: SourceLocation, key: String) throws(Diagnostic) -> String {
        let store = name.trimmed.lowercased()
        guard Edition.stores.contains(store) else {
            let near = EditDistance.nearest(to: store, in: Edition.stores, limit: EditDistance.typoLimit(for: store))
            throw Diagnostic(
                .error, .configValue, at: location, "'\(name)' in '\(key)' is not a store DraftForge makes an edition for",
                suggestion: near.map { "did you mean '\($0)'?" } ?? "use \(Edition.stores.joined(separator: ", "))")
        }
        return store
    }
}
