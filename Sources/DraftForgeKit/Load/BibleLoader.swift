// Reads `bible.yml` (or the path the config's `bible` key names) and `waivers.yml`. Every error
// names the file, line and column of the value that is wrong (bible.*, waivers.* codes).
import Foundation

enum BibleLoader {
    static let defaultFile = "bible.yml"
    static let topKeys = ["characters", "places", "rules", "spelling"]
    static let characterKeys = ["name", "aliases", "attributes", "born", "dies", "status", "married_to"]
    /// What `status:` may say of a character.
    static let statuses = ["alive", "missing", "dead"]
    static let ruleKeys = ["id", "forbid", "message", "severity"]

    /// The bible, or nil when there is none. `chapters` are the manuscript's chapter names, which
    /// `dies` must name.
    static func load(
        root: URL, config: ManuscriptConfig, chapters: [String], warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> StoryBible? {
        let own = try loadOwn(root: root, config: config, chapters: chapters, warnings: &warnings)
        guard let path = config.seriesBible else { return own }
        let series = try loadSeries(path, root: root, location: config.seriesBibleLocation, warnings: &warnings)
        guard let own else { return series }
        return merge(series, under: own, warnings: &warnings)
    }

    /// The book's own bible, without the series bible.
    static func loadOwn(
        root: URL, config: ManuscriptConfig, chapters: [String], warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> StoryBible? {
        let file = config.bible ?? defaultFile
        let url = root.appendingPathComponent(file)
        guard fileExists(url) else {
            if config.bible != nil {
                throw Diagnostic(
                    .error, .configValue, at: config.bibleLocation, "the bible '\(file)' does not exist",
                    suggestion: "create it, or remove the 'bible' key to use bible.yml when it exists")
            }
            return nil
        }
        try RootCheck.refuseUnlessInside(url, root: root, file: file)
        return try parse(try readText(url, name: file), file: file, chapters: chapters, warnings: &warnings)
    }

    /// Parses bible text. Public to the module for tests.
    static func parse(
        _ text: String, file: String, chapters: [String]?, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> StoryBible {
        var bible = StoryBible(file: file)
        guard let document = try YAMLValue.parse(text, file: file, code: .bibleSyntax) else { return bible }
        guard let pairs = document.pairs else {
            throw Diagnostic(
                .error, .bibleType, at: document.location,
                "the bible must be a mapping with characters, places, rules and spelling")
        }
        for (key, keyLocation, value) in pairs where !value.isNull {
            switch key {
            case "characters":
                for item in try list(value, key) {
                    bible.characters.append(try character(item, chapters: chapters, warnings: &warnings))
                }
            case "places":
                for item in try list(value, key) {
                    let fields = try mapping(item, "a place")
                    guard let name = fields.first(where: { $0.key == "name" }) else {
                        throw Diagnostic(.error, .bibleType, at: item.location, "a place needs a 'name'")
                    }
                    var place = StoryBible.Place(name: try nonEmptyText(name.value, "name"), aliases: [])
                    for (fieldKey, fieldLocation, field) in fields where fieldKey != "name" && !field.isNull {
                        switch fieldKey {
                        case "aliases": place.aliases = try field.strings("aliases", code: .bibleType).compactMap(\.nonEmpty)
                        case "distances":
                            // distances: {London: 24 mi, Meryton: 1.5 km}
                            guard let pairs = field.pairs else {
                                throw Diagnostic(
                                    .error, .bibleType, at: field.location,
                                    "'distances' must map places to distances, such as {London: 24 mi}")
                            }
                            for (other, _, value) in pairs {
                                place.distances[other] = .init(value: try kilometres(value, "distances.\(other)"), location: value.location)
                            }
                        default: warnings.append(unknownKey(fieldKey, at: fieldLocation, known: ["name", "aliases", "distances"]))
                        }
                    }
                    bible.places.append(place)
                }
            case "rules":
                for item in try list(value, key) { bible.rules.append(try rule(item, warnings: &warnings)) }
            case "spelling":
                guard let entries = value.pairs else {
                    throw Diagnostic(
                        .error, .bibleType, at: value.location,
                        "'spelling' must map a preferred form to its variants, such as 'grey: [gray]'")
                }
                for (preferred, preferredLocation, variants) in entries {
                    let list = try variants.strings("spelling.\(preferred)", code: .bibleType).compactMap(\.nonEmpty)
                    bible.spelling.append(.init(preferred: preferred, variants: list, location: preferredLocation))
                }
            default:
                warnings.append(unknownKey(key, at: keyLocation, known: topKeys))
            }
        }
        return bible
    }

    private static func character(
        _ item: YAMLValue, chapters: [String]?, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> StoryBible.Character {
        let fields = try mapping(item, "a character")
        guard let name = fields.first(where: { $0.key == "name" }) else {
            throw Diagnostic(
                .error, .bibleType, at: item.location, "a character needs a 'name'",
                suggestion: "write '- name: Sarah Quill'")
        }
        var character = StoryBible.Character(
            name: try nonEmptyText(name.value, "name"), aliases: [], attributes: [], born: nil, dies: nil,
            location: name.value.location)
        for (key, keyLocation, value) in fields where key != "name" && !value.isNull {
            switch key {
            case "aliases":
                character.aliases = try value.strings("aliases", code: .bibleType).compactMap(\.nonEmpty)
            case "attributes":
                guard let attributes = value.pairs else {
                    throw Diagnostic(
                        .error, .bibleType, at: value.location,
                        "'attributes' must be a mapping such as {eyes: grey, hair: auburn}")
                }
                for (attribute, _, attributeValue) in attributes where !attributeValue.isNull {
                    let key = attribute.lowercased()
                    guard case .sequence = attributeValue.node else {
                        let stated = try nonEmptyText(attributeValue, "attributes.\(attribute)")
                        character.attributes.append((key, .init(value: stated.lowercased(), location: attributeValue.location)))
                        continue
                    }
                    // hair: [{value: brown}, {value: grey, from: 30-the-winter}]
                    let periods = try periods(attributeValue, "attributes.\(attribute)", chapters: chapters, warnings: &warnings)
                    guard let first = periods.first else { continue }
                    character.attributes.append((key, first.value))
                    character.periods[key] = periods
                }
            case "born":
                let raw = try nonEmptyText(value, "born")
                guard let date = StoryDate(raw) else {
                    throw Diagnostic(
                        .error, .bibleValue, at: value.location, "'born' must be a date YYYY-MM-DD, not '\(raw)'")
                }
                character.born = .init(value: date, location: value.location)
            case "dies":
                character.dies = .init(value: try chapter(value, "dies", chapters: chapters), location: value.location)
            case "status":
                // status: [{value: missing, from: 05-the-fog}, {value: dead, from: 12-the-storm}]
                let periods = try periods(value, "status", chapters: chapters, warnings: &warnings)
                for period in periods where !Self.statuses.contains(period.value.value) {
                    throw Diagnostic(
                        .error, .bibleValue, at: period.value.location,
                        "'status' must be \(Self.statuses.joined(separator: ", ")), not '\(period.value.value)'")
                }
                character.periods["status"] = periods
                // Dead from a chapter: the chapter in which the character dies, as `dies:` says it.
                if character.dies == nil, let death = periods.first(where: { $0.value.value == "dead" }),
                    case .chapter(let from) = death.from
                {
                    character.dies = .init(value: from, location: death.value.location)
                }
            case "married_to":
                // married_to: Harold, or [{value: Harold, until: 12-the-storm}, {value: Tom, from: 20-spring}]
                character.periods["married_to"] = try periods(value, "married_to", chapters: chapters, lowercase: false, warnings: &warnings)
            default:
                warnings.append(unknownKey(key, at: keyLocation, known: characterKeys))
            }
        }
        return character
    }

    private static func rule(_ item: YAMLValue, warnings: inout [Diagnostic]) throws(Diagnostic) -> StoryBible.ForbidRule {
        let fields = try mapping(item, "a rule")
        guard let forbid = fields.first(where: { $0.key == "forbid" }) else {
            throw Diagnostic(
                .error, .bibleType, at: item.location, "a rule needs 'forbid', a regular expression",
                suggestion: "write forbid: '\\b(smartphone|mobile phone)s?\\b'")
        }
        let pattern = try nonEmptyText(forbid.value, "forbid")
        do {
            _ = try NSRegularExpression(pattern: pattern)
        } catch {
            throw Diagnostic(
                .error, .bibleValue, at: forbid.value.location,
                "'\(pattern)' is not a valid regular expression",
                suggestion: "check the brackets and escapes; write the pattern in single quotes")
        }
        var rule = StoryBible.ForbidRule(
            id: "rule-\(item.location.line ?? 0)", pattern: pattern, message: nil, severity: .error,
            location: forbid.value.location)
        for (key, keyLocation, value) in fields where key != "forbid" && !value.isNull {
            switch key {
            case "id": rule.id = try nonEmptyText(value, "id")
            case "message": rule.message = try nonEmptyText(value, "message")
            case "severity":
                rule.severity = .init(rawValue: try value.oneOf(["error", "warning", "info"], "severity", code: .bibleType)) ?? .error
            default: warnings.append(unknownKey(key, at: keyLocation, known: ruleKeys))
            }
        }
        return rule
    }

    // MARK: - Typed reads

    /// A chapter named by its file name (`.md` optional), which must be in the book.
    private static func chapter(_ value: YAMLValue, _ key: String, chapters: [String]?) throws(Diagnostic) -> String {
        var chapter = try nonEmptyText(value, key)
        if chapter.hasSuffix(".md") { chapter.removeLast(3) }
        if let chapters, !chapters.contains(chapter) {
            let nearest = chapters.min { EditDistance.between($0, chapter) < EditDistance.between($1, chapter) }
            throw Diagnostic(
                .error, .bibleValue, at: value.location,
                "'\(key)' names the chapter '\(chapter)', which is not in the book",
                suggestion: nearest.map { "did you mean '\($0)'?" } ?? "name a chapter file without .md")
        }
        return chapter
    }

    static let periodKeys = ["value", "from", "until"]

    /// A chapter, or a story date (`1890`, `1890-03`, `1890-03-04`).
    private static func bound(
        _ value: YAMLValue, _ key: String, chapters: [String]?
    ) throws(Diagnostic) -> StoryBible.Character.Bound {
        if let written = try? value.string(key, code: .bibleType), let date = StoryDate(written) { return .date(date) }
        return .chapter(try chapter(value, key, chapters: chapters))
    }

    /// A value that changes with the story: one value, one period, or a list of periods.
    private static func periods(
        _ value: YAMLValue, _ key: String, chapters: [String]?, lowercase: Bool = true, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> [StoryBible.Character.Period] {
        guard case .sequence = value.node else {
            return [try period(value, key, chapters: chapters, lowercase: lowercase, warnings: &warnings)]
        }
        var periods: [StoryBible.Character.Period] = []
        for item in try list(value, key) {
            periods.append(try period(item, key, chapters: chapters, lowercase: lowercase, warnings: &warnings))
        }
        return periods
    }

    /// `{value: grey, from: 30-the-winter}`, `{value: Harold, until: 12-the-storm}`, or a bare value.
    /// Values are compared in lower case, except names (`lowercase: false`).
    private static func period(
        _ item: YAMLValue, _ key: String, chapters: [String]?, lowercase: Bool = true, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> StoryBible.Character.Period {
        func text(_ value: YAMLValue, _ key: String) throws(Diagnostic) -> String {
            let text = try nonEmptyText(value, key)
            return lowercase ? text.lowercased() : text
        }
        guard let fields = item.pairs else {
            return .init(value: .init(value: try text(item, key), location: item.location))
        }
        guard let value = fields.first(where: { $0.key == "value" })?.value else {
            throw Diagnostic(
                .error, .bibleType, at: item.location, "each value of '\(key)' needs a 'value'",
                suggestion: "write {value: grey, from: 30-the-winter}")
        }
        var period = StoryBible.Character.Period(value: .init(value: try text(value, key + ".value"), location: value.location))
        for (field, location, fieldValue) in fields where field != "value" && !fieldValue.isNull {
            switch field {
            case "from": period.from = try bound(fieldValue, key + ".from", chapters: chapters)
            case "until": period.until = try bound(fieldValue, key + ".until", chapters: chapters)
            default: warnings.append(unknownKey(field, at: location, known: periodKeys))
            }
        }
        return period
    }

    /// `24 mi`, `24 miles`, `40 km`, or a bare number of kilometres.
    private static func kilometres(_ value: YAMLValue, _ key: String) throws(Diagnostic) -> Double {
        let text = try nonEmptyText(value, key).lowercased()
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let factors = ["km": 1.0, "kilometres": 1, "kilometers": 1, "mi": 1.609_344, "mile": 1.609_344, "miles": 1.609_344]
        guard let number = Double(parts[0]), number > 0, let factor = parts.count == 1 ? 1 : factors[parts[1]] else {
            throw Diagnostic(
                .error, .bibleValue, at: value.location, "'\(key)' must be a distance such as 24 mi or 40 km, not '\(text)'")
        }
        return number * factor
    }

    private static func list(_ value: YAMLValue, _ key: String) throws(Diagnostic) -> [YAMLValue] {
        guard case .sequence(let items) = value.node else {
            throw Diagnostic(.error, .bibleType, at: value.location, "'\(key)' must be a list")
        }
        return items.map { YAMLValue(node: $0, file: value.file, lineOffset: value.lineOffset) }
    }

    private static func mapping(
        _ value: YAMLValue, _ what: String
    ) throws(Diagnostic) -> [(key: String, keyLocation: SourceLocation, value: YAMLValue)] {
        guard let pairs = value.pairs else {
            throw Diagnostic(.error, .bibleType, at: value.location, "\(what) must be a mapping of keys to values")
        }
        return pairs
    }

    private static func nonEmptyText(_ value: YAMLValue, _ key: String) throws(Diagnostic) -> String {
        guard let text = try value.string(key, code: .bibleType).nonEmpty else {
            throw Diagnostic(.error, .bibleValue, at: value.location, "'\(key)' must not be empty")
        }
        return text
    }

    private static func unknownKey(_ key: String, at location: SourceLocation, known: [String]) -> Diagnostic {
        let nearest = known.min { EditDistance.between($0, key) < EditDistance.between($1, key) }
        let suggestion =
            if let nearest, EditDistance.between(nearest, key) <= 2 { "did you mean '\(nearest)'?" }
            else { "known keys here: \(known.joined(separator: ", "))" }
        return Diagnostic(.warning, .bibleUnknownKey, at: location, "unknown bible key '\(key)'", suggestion: suggestion)
    }
}

/// Findings the author has waived in `waivers.yml`: id → reason.
public struct Waivers: Sendable {
    public struct Entry: Sendable {
        public var id: String
        public var reason: String
        public var location: SourceLocation
    }
    public var file: String
    public var entries: [Entry] = []

    public init(file: String, entries: [Entry] = []) {
        self.file = file
        self.entries = entries
    }

    static let defaultFile = "waivers.yml"

    static func load(root: URL, config: ManuscriptConfig) throws(Diagnostic) -> Waivers {
        let file = config.waivers ?? defaultFile
        let url = root.appendingPathComponent(file)
        guard fileExists(url) else {
            if config.waivers != nil {
                throw Diagnostic(.error, .configValue, at: config.waiversLocation, "the waivers file '\(file)' does not exist")
            }
            return Waivers(file: file)
        }
        try RootCheck.refuseUnlessInside(url, root: root, file: file)
        return try parse(try readText(url, name: file), file: file)
    }

    /// Accepts a list of `{id, reason}`, or the same list under a `waivers:` key.
    static func parse(_ text: String, file: String) throws(Diagnostic) -> Waivers {
        var waivers = Waivers(file: file)
        guard var document = try YAMLValue.parse(text, file: file, code: .waiversSyntax) else { return waivers }
        if let pairs = document.pairs, let list = pairs.first(where: { $0.key == "waivers" }), pairs.count == 1 {
            document = list.value
        }
        guard case .sequence(let items) = document.node else {
            throw Diagnostic(
                .error, .waiversType, at: document.location, "waivers must be a list of {id, reason}",
                suggestion: "write '- id: cont-1a2b3c4d' and '  reason: …'")
        }
        for node in items {
            let item = YAMLValue(node: node, file: file, lineOffset: 0)
            guard let pairs = item.pairs, let id = pairs.first(where: { $0.key == "id" }) else {
                throw Diagnostic(.error, .waiversType, at: item.location, "a waiver needs an 'id' and a 'reason'")
            }
            let idText = try id.value.string("id", code: .waiversType).trimmed
            guard idText.range(of: #"^cont-[0-9a-f]{8}$"#, options: .regularExpression) != nil else {
                throw Diagnostic(
                    .error, .waiversType, at: id.value.location,
                    "'\(idText)' is not a finding id such as cont-1a2b3c4d")
            }
            guard let reason = pairs.first(where: { $0.key == "reason" }),
                let reasonText = try reason.value.string("reason", code: .waiversType).nonEmpty
            else {
                throw Diagnostic(
                    .error, .waiversType, at: item.location, "the waiver of \(idText) needs a 'reason'",
                    suggestion: "say why the finding is not a mistake")
            }
            waivers.entries.append(.init(id: idText, reason: reasonText, location: id.value.location))
        }
        return waivers
    }
}
