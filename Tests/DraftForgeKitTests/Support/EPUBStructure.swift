// A structural check of an EPUB, independent of the packager's code: the manifest lists exactly
// the files in the zip, the spine names manifest items, and every link of the navigation
// document reaches a file and, with a fragment, an id in it. Every XML document must be
// namespace-well-formed.
import Foundation
@testable import DraftForgeKit

enum EPUBStructure {
    /// Every problem found; empty when the EPUB is sound.
    static func problems(_ epub: EPUBContents) -> [String] {
        var problems: [String] = []
        let names = Set(epub.names)
        if epub.names.first != "mimetype" { problems.append("mimetype is not the first entry") }
        guard let container = epub["META-INF/container.xml"],
            let opfPath = attributes(in: container, element: "rootfile").first?["full-path"]
        else { return problems + ["no rootfile in META-INF/container.xml"] }
        guard let opf = epub[opfPath] else { return problems + ["the package \(opfPath) is missing"] }
        let base = directory(of: opfPath)

        var hrefByID: [String: String] = [:]
        var navPath: String?
        for item in attributes(in: opf, element: "item") {
            guard let id = item["id"], let href = item["href"] else {
                problems.append("a manifest item without id or href")
                continue
            }
            let path = resolve(href, from: base)
            if hrefByID.updateValue(path, forKey: id) != nil { problems.append("duplicate manifest id \(id)") }
            if !names.contains(path) { problems.append("manifest item \(id) names \(path), which is not in the zip") }
            if item["properties"]?.split(separator: " ").contains("nav") == true { navPath = path }
        }
        let listed = Set(hrefByID.values)
        for name in epub.names where name != "mimetype" && !name.hasPrefix("META-INF/") && name != opfPath {
            if !listed.contains(name) { problems.append("\(name) is in the zip but not in the manifest") }
        }
        let spine = attributes(in: opf, element: "itemref")
        if spine.isEmpty { problems.append("the spine is empty") }
        for itemref in spine where hrefByID[itemref["idref"] ?? ""] == nil {
            problems.append("spine idref \(itemref["idref"] ?? "") is not a manifest id")
        }

        if let navPath, let nav = epub[navPath] {
            for link in attributes(in: nav, element: "a") {
                guard let href = link["href"] else { continue }
                let (file, fragment) = split(href)
                let target = file.isEmpty ? navPath : resolve(file, from: directory(of: navPath))
                guard let text = epub[target] else {
                    problems.append("nav link \(href) leads to \(target), which is not in the zip")
                    continue
                }
                if let fragment, !text.contains("id=\"\(fragment)\"") {
                    problems.append("nav link \(href): no id '\(fragment)' in \(target)")
                }
            }
        } else {
            problems.append("no navigation document")
        }

        for name in epub.names where [".xhtml", ".opf", ".ncx", ".xml"].contains(where: name.hasSuffix) {
            if let problem = XMLCheck.problem(in: epub[name] ?? "") { problems.append("\(name): \(problem)") }
        }
        return problems
    }

    /// The attributes of every `<element …>` start tag (generated XML: double-quoted values).
    static func attributes(in xml: String, element: String) -> [[String: String]] {
        let tag = try! Regex("<\(element)(\\s[^>]*)?/?>")
        let attribute = #/([A-Za-z_][\w:.-]*)="([^"]*)"/#
        return xml.matches(of: tag).map { match in
            var values: [String: String] = [:]
            for pair in xml[match.range].matches(of: attribute) {
                values[String(pair.1)] = unescape(String(pair.2))
            }
            return values
        }
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func directory(of path: String) -> String {
        path.split(separator: "/").dropLast().joined(separator: "/")
    }

    private static func split(_ href: String) -> (String, String?) {
        guard let hash = href.firstIndex(of: "#") else { return (href, nil) }
        return (String(href[..<hash]), String(href[href.index(after: hash)...]))
    }

    private static func resolve(_ href: String, from base: String) -> String {
        var parts = base.split(separator: "/").map(String.init)
        for part in (href.removingPercentEncoding ?? href).split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
        }
        return parts.joined(separator: "/")
    }
}
