// One type for everything a user must see: config and load errors, problems in the text,
// packaging failures, and continuity findings (which also carry a quote, a confidence, a status
// and a stable id).
import Foundation

/// A place in a manuscript file: a path relative to the manuscript root, 1-based line and column.
public struct SourceLocation: Hashable, Codable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// "bible.yml:4": where a bible fact is stated, for messages that point to it.
    public var fileAndLine: String { "\(file):\(line ?? 0)" }

    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}

/// A finding or an error, with a stable code such as `manuscript.broken-link`.
public struct Diagnostic: Hashable, Codable, Sendable, Error {
    public enum Severity: String, Codable, Sendable, Comparable {
        case error, warning, info

        private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// What part of the work the problem belongs to. `manuscript` is a problem in the text itself;
    /// the continuity categories are named as the platform's `agent_runs` records name them.
    public enum Category: String, Codable, Sendable, CaseIterable {
        case config, load, bible, waivers, manuscript, render, package, output
        case characterConsistency = "character_consistency"
        case nameInconsistency = "name_inconsistency"
        case timelineError = "timeline_error"
        case deadCharacter = "dead_character"
        case worldRules = "world_rules"
        case accessibility
        /// What a store would refuse or ask to change; not a finding of the manuscript.
        case store

        /// The categories whose findings the continuity report lists.
        public static let findings: [Category] = [
            .characterConsistency, .nameInconsistency, .timelineError, .deadCharacter, .worldRules, .manuscript,
            .accessibility,
        ]
        public var isFinding: Bool { Self.findings.contains(self) }
    }

    /// Where a finding stands, as the platform's QA records say it.
    public enum Status: String, Codable, Sendable {
        case open = "OPEN", resolved = "RESOLVED", waived = "WAIVED"
    }

    /// The fields, shared by copies until one of them changes: a list of tens of thousands of
    /// findings is copied from stage to stage, and each copy of a finding retained its seven
    /// strings, where it now retains one reference.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private struct Fields: Hashable, Codable {
        var severity: Severity
        var category: Category
        var code: String
        var location: SourceLocation?
        var message: String
        var suggestion: String?
        var isBlocking: Bool
        var quote: String?
        var confidence: Double?
        var status: Status?
        var id: String?
        var waiverReason: String?
    }

    private var storage: Storage

    public var severity: Severity {
        get { storage.fields.severity }
        set { change { $0.severity = newValue } }
    }
    public var category: Category {
        get { storage.fields.category }
        set { change { $0.category = newValue } }
    }
    /// `category.check`, stable across versions and documented in the README.
    public var code: String {
        get { storage.fields.code }
        set { change { $0.code = newValue } }
    }
    public var location: SourceLocation? {
        get { storage.fields.location }
        set { change { $0.location = newValue } }
    }
    /// One sentence, lower-case start, no trailing period.
    public var message: String {
        get { storage.fields.message }
        set { change { $0.message = newValue } }
    }
    /// What to change, in the imperative.
    public var suggestion: String? {
        get { storage.fields.suggestion }
        set { change { $0.suggestion = newValue } }
    }
    /// A blocking finding stops export unless the build is run with `--allow-blocking`.
    public var isBlocking: Bool {
        get { storage.fields.isBlocking }
        set { change { $0.isBlocking = newValue } }
    }
    /// The text the finding points at, exactly as it stands in the source file.
    public var quote: String? {
        get { storage.fields.quote }
        set { change { $0.quote = newValue } }
    }
    /// How sure the check is, 0–1 (1 for facts such as a weekday; lower for guesses).
    public var confidence: Double? {
        get { storage.fields.confidence }
        set { change { $0.confidence = newValue } }
    }
    /// Set on findings: `OPEN`, or `WAIVED` when the author waived it.
    public var status: Status? {
        get { storage.fields.status }
        set { change { $0.status = newValue } }
    }
    /// A finding's stable id, `cont-` and 8 hex digits (see `ContinuityID`).
    public var id: String? {
        get { storage.fields.id }
        set { change { $0.id = newValue } }
    }
    /// Why a waived finding was waived.
    public var waiverReason: String? {
        get { storage.fields.waiverReason }
        set { change { $0.waiverReason = newValue } }
    }

    private mutating func change(_ body: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        body(&storage.fields)
    }

    public static func == (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

    /// Coded as its fields, as before they moved into `Storage`.
    public init(from decoder: any Decoder) throws { storage = Storage(try Fields(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try storage.fields.encode(to: encoder) }

    public init(
        _ severity: Severity, _ code: DiagnosticCode, at location: SourceLocation?,
        _ message: String, suggestion: String? = nil, isBlocking: Bool = false,
        quote: String? = nil, confidence: Double? = nil
    ) {
        storage = Storage(Fields(
            severity: severity, category: code.category, code: code.rawValue, location: location, message: message,
            suggestion: suggestion, isBlocking: isBlocking, quote: quote, confidence: confidence,
            status: code.category.isFinding ? .open : nil, id: nil, waiverReason: nil))
    }

    /// True for a finding of the continuity report (any of `Category.findings`).
    public var isFinding: Bool { category.isFinding }
    public var isWaived: Bool { status == .waived }
}

extension Diagnostic: CustomStringConvertible {
    /// The console form: `file:line:col: severity: message [code]`, then the suggestion. What
    /// came from the author's files is printed with its control characters escaped.
    public var description: String {
        var text = ""
        if let location { text += "\(location.description.escapingControlCharacters): " }
        text += "\(severity.rawValue): \(message.escapingControlCharacters) [\(code)]"
        if isBlocking { text += " (blocking)" }
        if let id { text += " " + id.escapingControlCharacters }
        if status == .waived { text += " WAIVED" + (waiverReason.map { ": \($0.escapingControlCharacters)" } ?? "") }
        if let suggestion { text += "\n  suggestion: \(suggestion.escapingControlCharacters)" }
        return text
    }
}

/// A failure that stops the build before anything is written. It carries the diagnostics that
/// explain it; `exitCode` tells the CLI how to end.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable { case badInput, blocked, exportFailed }
    public var kind: Kind
    public var diagnostics: [Diagnostic]
    /// The continuity report, when the build got as far as the checks (a blocked build has one).
    public var continuity: ContinuityReport?

    public init(_ kind: Kind, _ diagnostics: [Diagnostic], continuity: ContinuityReport? = nil) {
        self.kind = kind
        self.diagnostics = diagnostics
        self.continuity = continuity
    }

    public var exitCode: Int32 {
        switch kind {
        case .badInput: return 2
        case .blocked, .exportFailed: return 1
        }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
