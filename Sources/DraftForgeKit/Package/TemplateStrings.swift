// The interface strings as templates read them (`{{strings.contents}}`): one table a build,
// given to every page, its names sorted once rather than by each page's frame lookup.
import Mustache

/// Interface strings by name, for Mustache; `TemplateFrames` reads it as a fixed list of slots.
final class TemplateStrings: MustacheParent, Sendable {
    /// Names in sorted order, and each name's text at the same position.
    let names: [String]
    let texts: [String]
    /// The names as one string: this table's part of a frame's shape key.
    let shapeKey: String
    private let positions: [String: Int]

    init(_ table: [String: String]) {
        names = table.keys.sorted()
        texts = names.map { table[$0]! }
        shapeKey = "S" + names.map { $0 + "=" }.joined() + ";"
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }

    /// The same names with other texts (a frame's markers).
    private init(names: [String], texts: [String], shapeKey: String, positions: [String: Int]) {
        (self.names, self.texts, self.shapeKey, self.positions) = (names, texts, shapeKey, positions)
    }

    func replacingTexts(_ texts: [String]) -> TemplateStrings {
        precondition(texts.count == names.count)
        return TemplateStrings(names: names, texts: texts, shapeKey: shapeKey, positions: positions)
    }

    subscript(name: String) -> String? { positions[name].map { texts[$0] } }

    func child(named name: String) -> Any? { self[name] }
}
