// Pages DraftForge writes from the config rather than from a chapter file: Also By (`also_by:`)
// and About the Author (`author_bio:`, `author_photo:`). They are matter pages like any other
// (every output shows them, their epub:type set) but not the author's manuscript: the stats
// and the continuity checks leave them out. Their lines point back into the config.
import Foundation

enum GeneratedPages {
    /// `chapters` with the generated pages added: Also By after the last chapter (or before the
    /// first), About the Author last. A page the author wrote as a file is kept, with a warning.
    static func adding(to chapters: [Chapter], config: ManuscriptConfig, diagnostics: inout [Diagnostic]) -> [Chapter] {
        var front: [Chapter] = []
        var back: [Chapter] = []
        /// The page made by `make`, unless the author wrote one of this kind (then a warning).
        func generated(_ matter: MatterType, key: String, at location: SourceLocation?, _ make: () -> Chapter) -> Chapter? {
            guard let file = chapters.first(where: { $0.matter == matter }) else { return make() }
            diagnostics.append(Diagnostic(
                .warning, .configValue, at: location,
                "'\(key)' is not used: \(file.path) is the book's \(matter.defaultTitle()) page",
                suggestion: "remove '\(key)', or the file"))
            return nil
        }
        if let alsoBy = config.alsoBy, !alsoBy.books.isEmpty, let page = generated(.alsoBy, key: "also_by", at: alsoBy.location, {
            page("also-by", matter: .alsoBy, config: config, at: alsoBy.location, body: alsoByBody(alsoBy, config: config))
        }) {
            if alsoBy.atFront { front.append(page) } else { back.append(page) }
        }
        if let bio = config.authorBio, let page = generated(.aboutTheAuthor, key: "author_bio", at: config.authorBioLocation, {
            var body = "# \(markdownEscaped(MatterType.aboutTheAuthor.defaultTitle(config.interfaceStrings)))\n\n"
            if let photo = config.authorPhoto {
                body += "![\(markdownEscaped(config.authors.first ?? "The author"))](<\(photo)>)\n\n"
            }
            return page("about-the-author", matter: .aboutTheAuthor, config: config, at: config.authorBioLocation, body: body + bio + "\n")
        }) {
            back.append(page)
        }
        return front + chapters + back
    }

    private static func alsoByBody(_ alsoBy: ManuscriptConfig.AlsoBy, config: ManuscriptConfig) -> String {
        let strings = config.interfaceStrings
        let title = config.authors.first.map { strings.format("also_by_author", ["author": $0]) } ?? strings["also_by"]
        var body = "# \(markdownEscaped(title))\n\n"
        // Books grouped by series, each group a list under the series' name; an HTML comment
        // ends one list where the next group has no name to start a paragraph.
        var group: String?? = .none
        for book in alsoBy.books {
            if group != .some(book.series) {
                if let name = book.series {
                    body += "\n*\(markdownEscaped(name))*\n\n"
                } else if group != .none {
                    body += "\n<!-- -->\n\n"
                }
                group = .some(book.series)
            }
            let title = markdownEscaped(book.title)
            body += book.defaultLink.map { "- [\(title)](<\($0)>)\n" } ?? "- \(title)\n"
        }
        return body
    }

    private static func page(
        _ name: String, matter: MatterType, config: ManuscriptConfig, at location: SourceLocation?, body: String
    ) -> Chapter {
        var chapter = Chapter(
            name: name, path: "\(config.file)#\(name)", frontMatter: FrontMatter(), body: body,
            sourceMap: SourceMap(file: config.file, bodyLineOffset: max(0, (location?.line ?? 1) - 1)), partIndex: nil,
            matter: matter)
        chapter.isGenerated = true
        return chapter
    }

    /// Text that reads as itself in Markdown: the marks Markdown acts on escaped (quotes and
    /// apostrophes stay, for smart punctuation).
    static func markdownEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\`*_{}[]<>()#+-!|~&".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
