// Checks that every internal link of a built site leads somewhere: each href and src of each
// page (and each address in the search index, each url() in the stylesheet) names a file of
// the site, and a fragment names an element id in that file.
import Foundation

struct SiteLinkChecker {
    let root: URL
    private var pages: [String: HTMLPage] = [:]

    init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// Every broken reference, as "page: reference: what is wrong".
    mutating func problems() throws -> [String] {
        var problems: [String] = []
        let files = try folderContents(root).keys.sorted()
        for file in files where file.hasSuffix(".html") {
            let page = try page(file)
            for (element, reference) in page.references {
                if let problem = try check(reference, from: file) {
                    problems.append("\(file): <\(element)> \(reference): \(problem)")
                }
            }
        }
        if files.contains("search-index.js") {
            let index = try DecodedSearchIndex(root.appendingPathComponent("search-index.js"))
            for url in index.chapters.map(\.url) + index.sections.map(\.u) {
                if let problem = try check(url, from: "index.html") { problems.append("search-index.js: \(url): \(problem)") }
            }
        }
        if files.contains("site.css") {
            let css = try String(contentsOf: root.appendingPathComponent("site.css"), encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: #"url\(\s*["']?([^"')]+)["']?\s*\)"#)
            for match in pattern.matches(in: css, range: NSRange(css.startIndex..., in: css)) {
                guard let range = Range(match.range(at: 1), in: css) else { continue }
                if let problem = try check(String(css[range]), from: "site.css") {
                    problems.append("site.css: \(css[range]): \(problem)")
                }
            }
        }
        return problems
    }

    /// Nil when `reference`, written in the file at `from`, resolves.
    private mutating func check(_ reference: String, from: String) throws -> String? {
        if let colon = reference.firstIndex(of: ":"), reference[..<colon].allSatisfy({ $0.isLetter }) {
            let scheme = reference[..<colon].lowercased()
            return ["http", "https", "mailto"].contains(scheme) ? nil : "a link with the scheme \(scheme):"
        }
        if reference.hasPrefix("/") { return "an absolute path; the site must use relative links only" }
        let (path, fragment): (String, String?) = {
            guard let hash = reference.firstIndex(of: "#") else { return (reference, nil) }
            return (String(reference[..<hash]), String(reference[reference.index(after: hash)...]))
        }()
        var target = from
        if !path.isEmpty {
            let decoded = path.removingPercentEncoding ?? path
            var components = from.split(separator: "/").dropLast().map(String.init)
            for component in decoded.split(separator: "/") {
                if component == "." { continue }
                if component == ".." {
                    guard !components.isEmpty else { return "leads out of the site" }
                    components.removeLast()
                } else {
                    components.append(String(component))
                }
            }
            target = components.joined(separator: "/")
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(target).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { return "no file \(target)" }
        }
        guard let fragment, !fragment.isEmpty else { return nil }
        guard target.hasSuffix(".html") else { return "a fragment into \(target), which is not a page" }
        let id = fragment.removingPercentEncoding ?? fragment
        return try page(target).ids.contains(id) ? nil : "no element with id '\(id)' in \(target)"
    }

    private mutating func page(_ file: String) throws -> HTMLPage {
        if let page = pages[file] { return page }
        let page = try HTMLPage(root.appendingPathComponent(file))
        pages[file] = page
        return page
    }
}
