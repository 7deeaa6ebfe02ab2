// The page templates and stylesheet an output format uses, loaded once per build.
import DraftForgeTemplates
import Foundation
import Mustache

struct TemplateSet {
    private var templates: [String: MustacheTemplate] = [:]
    private(set) var stylesheet: String

    /// Loads `<format>/*.mustache` and `<format>/book.css` from the default templates.
    init(format: String) throws {
        let folder = TemplateBundle.resourceURL.appendingPathComponent(format)
        stylesheet = try String(contentsOf: folder.appendingPathComponent("book.css"), encoding: .utf8)
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
        }
    }

    /// Renders the template `name` (e.g. `chapter.xhtml`). Strings in `context` must be XML-safe.
    func render(_ name: String, _ context: [String: Any]) -> String {
        guard let template = templates[name] else {
            preconditionFailure("the default templates have no \(name).mustache")
        }
        return template.render(context)
    }
}
