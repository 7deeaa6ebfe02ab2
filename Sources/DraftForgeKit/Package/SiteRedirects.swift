// The site's redirect pages (mdBook's `[output.html.redirect]`): a page that moved keeps its old
// address, which sends the reader on. A target written as an mdBook page (`intro.html`,
// `folder/index.html`) lands on the page DraftForge made of that chapter.
import Foundation

enum SiteRedirects {
    /// Each redirect's page, by its path in the site. A chapter's page keeps its name: a redirect
    /// from it is a warning.
    static func pages(
        _ book: RenderedBook, pageFiles: [String], warnings: inout [Diagnostic]
    ) -> [(path: String, html: String)] {
        let taken = Set(pageFiles)
        let source = book.config.chaptersDirectory + "/"
        var pageBySource: [String: String] = [:]
        for (chapter, file) in zip(book.chapters, pageFiles) where chapter.sourcePath.hasPrefix(source) {
            pageBySource[String(chapter.sourcePath.dropFirst(source.count))] = file
        }
        return book.config.site.redirects.compactMap { redirect in
            let path = String(redirect.from.drop { $0 == "/" })
            guard !taken.contains(path) else {
                warnings.append(Diagnostic(
                    .warning, .configValue, at: redirect.location,
                    "the redirect from '\(redirect.from)' is not written: a chapter's page has that name",
                    suggestion: "remove the redirect, or rename the chapter's file"))
                return nil
            }
            let depth = path.split(separator: "/").count - 1
            let target = target(of: redirect, path: path, pageBySource: pageBySource)
                .map { String(repeating: "../", count: depth) + $0 } ?? redirect.to
            return (path, html(to: target, language: book.config.language))
        }
    }

    /// The page file (relative to the site's root) a redirect's target names, when it is a chapter.
    private static func target(
        of redirect: ManuscriptConfig.SiteOptions.Redirect, path: String, pageBySource: [String: String]
    ) -> String? {
        guard URLCheck.scheme(of: redirect.to) == nil else { return nil }
        let (written, fragment) = redirect.to.firstIndex(of: "#").map {
            (String(redirect.to[..<$0]), String(redirect.to[$0...]))
        } ?? (redirect.to, "")
        let folder = (path as NSString).deletingLastPathComponent
        let joined = written.hasPrefix("/") ? String(written.dropFirst()) : (folder.isEmpty ? written : folder + "/" + written)
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
        }
        let page = parts.joined(separator: "/")
        guard page.hasSuffix(".html") else { return nil }
        let stem = String(page.dropLast(".html".count))
        let candidates = stem == "index" || stem.hasSuffix("/index")
            ? [stem.dropLast("index".count) + "README.md", stem + ".md"] : [stem + ".md"]
        return candidates.lazy.compactMap { pageBySource[$0] }.first.map { $0 + fragment }
    }

    private static func html(to target: String, language: String) -> String {
        let escaped = XHTMLSerializer.escaped(XML.safe(target))
        return """
            <!DOCTYPE html>
            <html lang="\(XHTMLSerializer.escaped(XML.safe(language)))">
            <head>
            <meta charset="utf-8">
            <title>Redirecting…</title>
            <meta http-equiv="refresh" content="0; URL=\(escaped)">
            <link rel="canonical" href="\(escaped)">
            </head>
            <body>
            <p>This page has moved to <a href="\(escaped)">\(escaped)</a>.</p>
            </body>
            </html>

            """
    }
}
