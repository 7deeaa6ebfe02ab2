// The interface strings as templates read them (`{{strings.contents}}`): one table a build,
// given to every page, its names sorted once rather than by each page's frame lookup.
import Mustache

/// Interface strings by name, for Mustache; `TemplateFrames` reads it as a fixed list of slots.
final class TemplateStrings: MustacheParent, Sendable {
    /// Each name's text, the names in sorted order.
    let texts: [String]
    /// The names as one string: this table's part of a frame's shape key.
    let shapeKey: String
    private let positions: [String: Int]

    init(_ table: [String: String]) {
        let names = table.keys.sorted()
        texts = names.map { table[$0]! }
        shapeKey = "S" + names.map { $0 + "=" }.joined() + ";"
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    /// The same names with other texts (a frame's markers).
    private init(texts: [String], shapeKey: String, positions: [String: Int]) {
        (self.texts, self.shapeKey, self.positions) = (texts, shapeKey, positions)
    }

    func replacingTexts(_ texts: [String]) -> TemplateStrings {
        precondition(texts.count == self.texts.count)
        return TemplateStrings(texts: texts, shapeKey: shapeKey, positions: positions)
    }

    subscript(name: String) -> String? { positions[name].map { texts[$0] } }

    func child(named name: String) -> Any? { self[name] }
}
