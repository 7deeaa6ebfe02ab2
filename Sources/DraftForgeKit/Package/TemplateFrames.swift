// Pages that differ only in their strings, filled from one Mustache render: a chapter page's
// context has the same keys, flags and list lengths as most others, and Mustache's dynamic
// lookups cost more than the page's text itself.
import Foundation
import Mustache

/// Each template's renders by shape: the output for a context whose strings were replaced by
/// numbered markers, cut into the literal text between the markers. Filling a frame with
/// another context of the same shape gives exactly what Mustache would have rendered.
final class TemplateFrames: @unchecked Sendable {
    /// Literal text around the string slots: `literals.count == slots.count + 1`.
    struct Frame {
        var literals: [String]
        var slots: [Slot]
    }

    struct Slot {
        /// The value's position in the context's strings, in `Shape`'s order.
        var value: Int
        /// Written with `{{name}}` (HTML-escaped) rather than `{{{name}}}`.
        var escaped: Bool
    }

    /// True when every template of the set renders a string's text unchanged wherever it goes:
    /// no transforms (`{{uppercased(title)}}`) that would act on the markers, no partial named
    /// by a value (`{{>*name}}`), no changed delimiters that hide them from this check, no
    /// indented partials or blocks (Mustache indents after a newline that a value may end
    /// with), and no marker character in the text itself.
    static func fit(_ sources: [String]) -> Bool {
        sources.allSatisfy { source in
            let scalars = Array(source.unicodeScalars)
            var joins = false
            for scalar in scalars {
                if scalar == markerStart || scalar == markerEnd { return false }
                if !joins, mayJoinACluster(scalar) { joins = true }
            }
            // The regular expressions match characters (grapheme clusters); the scan below, scalars.
            // They agree unless a scalar can join a delimiter to its neighbour.
            return joins ? !hasChangingTagByRegex(source) : !hasChangingTag(scalars)
        }
    }

    /// The tags `fit` refuses, as regular expressions: changed delimiters (`{{=`); `{{` then a
    /// `(` before any `}`; a dynamic partial or parent (`{{>*name}}`); a partial, parent or block
    /// indented on its line.
    static func hasChangingTagByRegex(_ source: String) -> Bool {
        source.contains("{{=")
            || source.firstMatch(of: /\{\{[^}]*\(/) != nil
            || source.firstMatch(of: /\{\{\s*[<>]\s*\*/) != nil
            || source.firstMatch(of: /(?m)^[ \t]+\{\{\s*[<>$]/) != nil
    }

    /// `hasChangingTagByRegex` by a scan of the scalars, linear in the text: Swift's regular
    /// expressions took ~5 ms over the bundled templates, at every build's start. Line starts
    /// are found after any line break, a few more than the regex's: a template refused by
    /// mistake only renders without frames.
    static func hasChangingTag(_ scalars: [Unicode.Scalar]) -> Bool {
        let count = scalars.count
        func afterSpace(_ start: Int) -> Int {
            var index = start
            while index < count, scalars[index].properties.isWhitespace { index += 1 }
            return index
        }
        // The first `(` or `}` at or after the last tag's inside; a tag opened before it finds the same.
        var stop = -1
        var index = 0
        while index + 1 < count {
            defer { index += 1 }
            guard scalars[index] == "{", scalars[index + 1] == "{" else { continue }
            let inside = index + 2
            if inside > stop {
                stop = inside
                while stop < count, scalars[stop] != "(", scalars[stop] != "}" { stop += 1 }
            }
            if stop < count, scalars[stop] == "(" { return true }
            if inside < count, scalars[inside] == "=" { return true }
            let sigil = afterSpace(inside)
            if sigil < count, scalars[sigil] == "<" || scalars[sigil] == ">",
                case let star = afterSpace(sigil + 1), star < count, scalars[star] == "*"
            {
                return true
            }
            var before = index - 1
            while before >= 0, scalars[before] == " " || scalars[before] == "\t" { before -= 1 }
            let indented = before < index - 1 && (before < 0 || isLineBreak(scalars[before]))
            if indented, sigil < count, scalars[sigil] == "<" || scalars[sigil] == ">" || scalars[sigil] == "$" { return true }
        }
        return false
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether `scalar` can join a neighbouring scalar into one character: combining and
    /// spacing marks, format controls (the zero-width joiner, Arabic number signs) and the
    /// few prepended letters.
    private static func mayJoinACluster(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x300 else { return false }
        let properties = scalar.properties
        if properties.isGraphemeExtend { return true }
        switch properties.generalCategory {
        case .spacingMark, .format, .nonspacingMark, .enclosingMark: return true
        default: break
        }
        switch scalar.value {
        case 0x0D4E, 0x111C2...0x111C3, 0x1193F, 0x11941, 0x11A3A, 0x11A84...0x11A89, 0x11D46, 0x11F02: return true
        default: return false
        }
    }

    /// Beyond this many shapes a template renders directly: its contexts vary in more than strings.
    private static let shapeLimit = 64

    private let lock = NSLock()
    private var frames: [String: Frame?] = [:]
    private var shapeCount: [String: Int] = [:]
    /// Templates rendered once already: a template rendered only once (the package document,
    /// the print page's frame) is not worth a frame.
    private var rendered: Set<String> = []

    /// The page template `name` renders for `context`, or nil when the caller should render it
    /// directly: the template's first render, a value of a type not known here, a template
    /// with too many shapes, or an output whose markers are not whole.
    func render(_ name: String, _ context: [String: Any], with render: ([String: Any]) -> String) -> String? {
        lock.lock()
        let first = rendered.insert(name).inserted
        lock.unlock()
        guard !first else { return nil }
        var shape = Shape()
        guard shape.add(context) != nil else { return nil }
        let key = name + "\u{0}" + shape.key
        lock.lock()
        let known = frames[key]
        let full = shapeCount[name, default: 0] >= Self.shapeLimit
        lock.unlock()
        let frame: Frame?
        if let known {
            frame = known
        } else {
            guard !full else { return nil }
            var marking = Shape(marking: true)
            frame = Self.cut(render(marking.add(context) as! [String: Any]), valueCount: shape.values.count)
            lock.lock()
            if frames[key] == nil {
                frames[key] = .some(frame)
                shapeCount[name, default: 0] += 1
            }
            lock.unlock()
        }
        guard let frame else { return nil }
        return Self.fill(frame, shape.values)
    }

    // MARK: - Shapes

    /// A context's keys, flags, numbers and list lengths, with its strings in a fixed order.
    struct Shape {
        var key = ""
        var values: [String] = []
        /// Whether `add` returns the context with each string replaced by its marker (for the
        /// first render of a shape) rather than the context itself.
        let marks: Bool

        init(marking marks: Bool = false) { self.marks = marks }

        /// Adds `value`'s shape and strings; returns it, or its marked copy, or nil for a type
        /// not known here. Exact types only: `as? [String: String]` on a `[String: Any]`
        /// converts it element by element.
        mutating func add(_ value: Any) -> Any? {
            let type = type(of: value)
            if type == String.self {
                key += "s"
                return string(value as! String) ?? value
            } else if type == Bool.self {
                key += value as! Bool ? "t" : "f"
            } else if type == Int.self {
                key += "i\(value as! Int);"
            } else if type == [String: String].self {
                let table = value as! [String: String]
                var copy: [String: String] = [:]
                key += "{"
                for name in table.keys.sorted() {
                    key += name + "=s"
                    if let marker = string(table[name]!) { copy[name] = marker }
                }
                key += "}"
                return marks ? copy : value
            } else if type == TemplateStrings.self {
                let table = value as! TemplateStrings
                key += table.shapeKey
                let first = values.count
                values.append(contentsOf: table.texts)
                return marks ? table.replacingTexts((first..<values.count).map(Self.marker)) : value
            } else if type == [String: Any].self {
                let table = value as! [String: Any]
                var copy: [String: Any] = [:]
                key += "{"
                for name in table.keys.sorted() {
                    key += name + "="
                    guard let added = add(table[name]!) else { return nil }
                    if marks { copy[name] = added }
                }
                key += "}"
                return marks ? copy : value
            } else if type == [String].self {
                let list = value as! [String]
                key += "[\(list.count)s]"
                var copy: [String] = []
                for item in list { if let marker = string(item) { copy.append(marker) } }
                return marks ? copy : value
            } else if type == [[String: Any]].self {
                return addElements(value as! [[String: Any]])
            } else if type == [[String: String]].self {
                return addElements(value as! [[String: String]])
            } else {
                return nil
            }
            return value
        }

        /// A list of tables, without first copying it into an `[Any]` on every page.
        private mutating func addElements<Element>(_ list: [Element]) -> Any? {
            var copy: [Any] = []
            key += "["
            for element in list {
                guard let added = add(element) else { return nil }
                if marks { copy.append(added) }
            }
            key += "]"
            return marks ? copy : list
        }

        /// Keeps `string`; its marker when marking.
        private mutating func string(_ string: String) -> String? {
            values.append(string)
            return marks ? Self.marker(values.count - 1) : nil
        }

        private static func marker(_ position: Int) -> String {
            String(markerStart) + "&\(position)" + String(markerEnd)
        }
    }

    // MARK: - Markers

    /// Private-use characters around `&n`: Mustache's escaping turns the `&` into `&amp;`,
    /// which tells an escaped slot from a raw one.
    static let markerStart: Unicode.Scalar = "\u{E000}"
    static let markerEnd: Unicode.Scalar = "\u{E001}"

    /// The output cut at its markers, or nil when one is not whole (the caller renders directly).
    static func cut(_ output: String, valueCount: Int) -> Frame? {
        var literals: [String] = []
        var slots: [Slot] = []
        let scalars = output.unicodeScalars
        var literalStart = scalars.startIndex
        var index = scalars.startIndex
        while let start = scalars[index...].firstIndex(of: markerStart) {
            var cursor = scalars.index(after: start)
            let escaped: Bool
            if scalars[cursor...].starts(with: "&amp;".unicodeScalars) {
                escaped = true
                cursor = scalars.index(cursor, offsetBy: 5)
            } else if cursor < scalars.endIndex, scalars[cursor] == "&" {
                escaped = false
                cursor = scalars.index(after: cursor)
            } else {
                return nil
            }
            var number = 0
            var digits = 0
            while cursor < scalars.endIndex, ("0"..."9").contains(scalars[cursor]) {
                number = number * 10 + Int(scalars[cursor].value - 48)
                digits += 1
                cursor = scalars.index(after: cursor)
            }
            guard digits > 0, number < valueCount, cursor < scalars.endIndex, scalars[cursor] == markerEnd else { return nil }
            literals.append(String(scalars[literalStart..<start]))
            slots.append(Slot(value: number, escaped: escaped))
            index = scalars.index(after: cursor)
            literalStart = index
        }
        literals.append(String(scalars[literalStart...]))
        return Frame(literals: literals, slots: slots)
    }

    static func fill(_ frame: Frame, _ values: [String]) -> String {
        var size = frame.literals.reduce(0) { $0 + $1.utf8.count }
        for slot in frame.slots { size += values[slot.value].utf8.count + (slot.escaped ? 16 : 0) }
        var page = ""
        page.reserveCapacity(size)
        for (position, slot) in frame.slots.enumerated() {
            page += frame.literals[position]
            let value = values[slot.value]
            if slot.escaped {
                appendEscaped(value, to: &page)
            } else {
                page += value
            }
        }
        page += frame.literals[frame.literals.count - 1]
        return page
    }

    /// Mustache's HTML escaping (`<`, `>`, `&`, `"`, `'`), on bytes: Mustache's own goes
    /// character by character through a dictionary, which hashed every character of a table
    /// of contents; and a `<` that a combining mark follows is escaped too, as XML needs.
    static func appendEscaped(_ value: String, to page: inout String) {
        let utf8 = value.utf8
        guard utf8.contains(where: { entity($0) != nil }) else {
            page += value
            return
        }
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            if let entity = entity(utf8[index]) {
                page += value[runStart..<index]
                page += entity
                runStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        page += value[runStart...]
    }

    static func escaped(_ value: String) -> String {
        var page = ""
        appendEscaped(value, to: &page)
        return page
    }

    @inline(__always)
    private static func entity(_ byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }
}
