// The escaping every template of a set renders with: Mustache's own hashes each character
// through a dictionary, and leaves a `<` bare when a combining mark follows it.
import Mustache

/// Named by the pragma `TemplateSet` puts before each template's text.
struct MarkupContentType: MustacheContentType {
    static let name = "DRAFTFORGE_MARKUP"
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"
    static let registered: Void = MustacheContentTypes.register(MarkupContentType(), named: name)

    func escapeText(_ text: String) -> String { TemplateFrames.escaped(text) }
}
