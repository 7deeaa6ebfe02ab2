// Typed reads from a Yams node tree that fail with a diagnostic naming file, line and column,
// so config and front-matter errors point at the exact value that is wrong.
import Foundation
import Yams

/// A YAML node together with the file it came from and a line offset (front matter starts
/// below the top of its chapter).
struct YAMLValue {
    let node: Node
    let file: String
    let lineOffset: Int

    var location: SourceLocation {
        SourceLocation(
            file: file, line: node.mark.map { $0.line + lineOffset },
            column: node.mark.map(\.column))
    }

    /// Parses `text`; a syntax error becomes a diagnostic at the reported position.
    static func parse(
        _ text: String, file: String, lineOffset: Int = 0, code: DiagnosticCode
    ) throws(Diagnostic) -> YAMLValue? {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxDiagnostic(error, file: file, lineOffset: lineOffset, code: code)
        } catch {
            throw Diagnostic(
                .error, code, at: SourceLocation(file: file), "YAML could not be read: \(error)")
        }
        guard let node = composed else { return nil }
        // Yams resolves each alias to its anchor's node, so ten nested aliases of ten items
        // each stand for 10^10 values: walking them would never end. Count before walking.
        // Bytes too: one long string aliased a few hundred times is few values but gigabytes.
        var budget = Budget(nodes: maximumNodeCount, bytes: max(maximumExpandedBytes, 4 * text.utf8.count))
        guard withinBudget(node, &budget) else {
            let what = budget.nodes < 0 ? "more than \(maximumNodeCount.formatted()) values"
                : "more than \(max(maximumExpandedBytes, 4 * text.utf8.count).formatted()) bytes of text"
            throw Diagnostic(
                .error, code, at: SourceLocation(file: file, line: 1 + lineOffset),
                "the YAML holds \(what) once its aliases (*name) are expanded",
                suggestion: "write the values out instead of repeating anchors (&name) through aliases")
        }
        return YAMLValue(node: node, file: file, lineOffset: lineOffset)
    }

    /// Far more values than any real config or front matter holds.
    static let maximumNodeCount = 100_000
    /// Far more text than any real config or front matter holds, unless its file is larger.
    static let maximumExpandedBytes = 16 * 1024 * 1024

    private struct Budget {
        var nodes: Int
        var bytes: Int
    }

    /// Visits nodes while the budget lasts; false when the expanded document exceeds it.
    private static func withinBudget(_ node: Node, _ budget: inout Budget) -> Bool {
        budget.nodes -= 1
        guard budget.nodes >= 0 else { return false }
        switch node {
        case .scalar(let scalar):
            budget.bytes -= scalar.string.utf8.count
            return budget.bytes >= 0
        case .alias:
            return true
        case .sequence(let sequence):
            for item in sequence where !withinBudget(item, &budget) { return false }
            return true
        case .mapping(let mapping):
            for pair in mapping where !withinBudget(pair.key, &budget) || !withinBudget(pair.value, &budget) {
                return false
            }
            return true
        }
    }

    private static func syntaxDiagnostic(
        _ error: YamlError, file: String, lineOffset: Int, code: DiagnosticCode
    ) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return Diagnostic(.error, code, at: at(mark), "YAML syntax error: \(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(
                .error, code, at: at(context.mark),
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return Diagnostic(.error, code, at: SourceLocation(file: file), "YAML could not be read: \(problem)")
        default:
            return Diagnostic(.error, code, at: SourceLocation(file: file), "YAML could not be read: \(error)")
        }
    }

    private func child(_ node: Node) -> YAMLValue {
        YAMLValue(node: node, file: file, lineOffset: lineOffset)
    }

    /// The code for a well-typed but unacceptable value, beside the code for a wrong type.
    private func valueCode(_ typeCode: DiagnosticCode) -> DiagnosticCode {
        typeCode == .frontMatterType ? .frontMatterValue : .configValue
    }

    private func typeError(_ what: String, _ key: String, code: DiagnosticCode) -> Diagnostic {
        Diagnostic(.error, code, at: location, "'\(key)' must be \(what)")
    }

    /// The pairs of a mapping in document order, or nil when the node is not a mapping.
    var pairs: [(key: String, keyLocation: SourceLocation, value: YAMLValue)]? {
        guard case let .mapping(mapping) = node else { return nil }
        return mapping.map { pair in
            let key = child(pair.key)
            return (pair.key.string ?? "", key.location, child(pair.value))
        }
    }

    var isNull: Bool {
        if case let .scalar(scalar) = node {
            return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    func string(_ key: String, code: DiagnosticCode) throws(Diagnostic) -> String {
        guard case let .scalar(scalar) = node else { throw typeError("text", key, code: code) }
        return scalar.string
    }

    func strings(_ key: String, code: DiagnosticCode) throws(Diagnostic) -> [String] {
        switch node {
        case .scalar(let scalar):
            return [scalar.string]
        case .sequence(let sequence):
            var result: [String] = []
            for item in sequence {
                result.append(try child(item).string(key, code: code))
            }
            return result
        default:
            throw typeError("a list of text values", key, code: code)
        }
    }

    func bool(_ key: String, code: DiagnosticCode) throws(Diagnostic) -> Bool {
        guard case .scalar = node, let value = node.bool else {
            throw typeError("true or false", key, code: code)
        }
        return value
    }

    func wholeNumber(_ key: String, range: ClosedRange<Int>, code: DiagnosticCode) throws(Diagnostic) -> Int {
        guard case .scalar = node, let value = node.int else {
            throw typeError("a whole number", key, code: code)
        }
        guard range.contains(value) else {
            throw Diagnostic(
                .error, valueCode(code), at: location,
                "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
        }
        return value
    }

    func oneOf(_ allowed: [String], _ key: String, code: DiagnosticCode) throws(Diagnostic) -> String {
        let value = try string(key, code: code)
        guard allowed.contains(value) else {
            let near = EditDistance.nearest(to: value.lowercased(), in: allowed, limit: EditDistance.typoLimit(for: value))
                ?? allowed.first { $0 == value.lowercased() }
            throw Diagnostic(
                .error, valueCode(code), at: location,
                "'\(key)' must be one of \(allowed.joined(separator: ", ")), not '\(value)'",
                suggestion: near.map { "did you mean '\($0)'?" })
        }
        return value
    }

    /// The node as plain JSON-like data, for settings that are passed through untouched.
    var jsonValue: JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if isNull { return .null }
            if let bool = node.bool { return .bool(bool) }
            if let int = node.int { return .number(Double(int)) }
            if let double = node.float { return .number(double) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map { child($0).jsonValue })
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for pair in mapping { object[pair.key.string ?? ""] = child(pair.value).jsonValue }
            return .object(object)
        case .alias:
            return .null
        }
    }
}

/// Untyped data kept as the author wrote it (the platform's `settings`).
public enum JSONValue: Hashable, Sendable, Codable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// A tree of dictionaries, arrays, strings, numbers and booleans; anything else is null.
    init(plain value: Any) {
        switch value {
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .number(Double(value))
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        case let value as [Any]: self = .array(value.map(JSONValue.init(plain:)))
        case let value as [String: Any]: self = .object(value.mapValues(JSONValue.init(plain:)))
        default: self = .null
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}
