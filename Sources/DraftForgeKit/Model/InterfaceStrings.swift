// The words DraftForge itself puts in a book and its site — "Contents", "Search", "3 results",
// "Copyright ©" — in the book's language. The tables are `Templates/strings/<language>.json`;
// a book overrides any entry with `site.strings` in its config. A language without a table gets
// English, with a note saying how to translate it.
import DraftForgeTemplates
import Foundation
import Synchronization

public struct InterfaceStrings: Sendable {
    /// One entry: a text, or a text per CLDR plural category (`one`, `few`, `other`…).
    public enum Entry: Sendable, Equatable {
        case text(String)
        case plural([String: String])

        /// The text for `category`, falling back to `other`.
        func text(for category: String) -> String {
            switch self {
            case .text(let text): return text
            case .plural(let forms): return forms[category] ?? forms["other"] ?? forms.values.sorted().first ?? ""
            }
        }

        /// Every text of the entry, for checks.
        var texts: [String] {
            switch self {
            case .text(let text): return [text]
            case .plural(let forms): return forms.keys.sorted().map { forms[$0]! }
            }
        }
    }

    /// The language the numbers and plural forms follow: the book's, even when its table is English.
    public let language: String
    /// The table's name (`fr`, `zh-Hant`), or nil when the language has none and English stands in.
    public let tableName: String?
    private let entries: [String: Entry]
    /// Shared by the language's tables: a stats page formats thousands of numbers.
    private let numbers: LocaleNumbers

    public init(language: String, overrides: [String: Entry] = [:]) {
        self.language = language
        numbers = LocaleNumbers.forLanguage(language)
        tableName = Self.tableName(for: language)
        var entries = Self.table("en") ?? [:]
        if let tableName, tableName != "en" { entries.merge(Self.table(tableName) ?? [:]) { $1 } }
        entries.merge(overrides) { $1 }
        self.entries = entries
    }

    public static let english = InterfaceStrings(language: "en")

    /// The entry's text (a plural entry's `other` form), placeholders left as they are.
    public subscript(key: String) -> String { entries[key]?.text(for: "other") ?? key }

    /// The entry with `{name}` placeholders replaced by `values`.
    public func format(_ key: String, _ values: [String: String] = [:]) -> String {
        Self.fill(self[key], values)
    }

    /// As `format`, for HTML: the entry's own text escaped, the values (already HTML) put in as they are.
    public func html(_ key: String, _ values: [String: String] = [:]) -> String {
        Self.fill(self[key], values, escapingText: true)
    }

    /// The plural entry `key` for `count`, the number written the language's way (`1 204`, `1,204`);
    /// `signed` writes `+` before a positive count.
    public func count(_ key: String, _ count: Int, signed: Bool = false, values: [String: String] = [:]) -> String {
        let category = Self.pluralCategory(count.magnitude > Int.max.magnitude ? 2 : abs(count), language: language)
        var number = self.number(count)
        if signed && count > 0 { number = "+" + number }
        var filled = values
        filled["count"] = number
        return Self.fill(entries[key]?.text(for: category) ?? key, filled)
    }

    /// A number with the language's digit grouping.
    public func number(_ value: Int) -> String {
        numbers.integer(value)
    }

    /// A share (0.12) as a whole percentage the language's way: `12%`, `12 %`.
    public func percent(_ share: Double) -> String {
        numbers.percent(share)
    }

    /// Every entry's text (a plural entry's `other` form), for templates to read as `strings.key`.
    func templateTable() -> TemplateStrings {
        TemplateStrings(entries.mapValues { XML.safe($0.text(for: "other")) })
    }

    /// The entries the site's script uses, as JSON, when any differs from English; nil otherwise.
    func scriptTable() -> String? {
        let english = Self.english
        let differs = Self.scriptKeys.contains { entries[$0] != english.entries[$0] }
        guard differs else { return nil }
        var table: [String: Any] = ["lang": language]
        for key in Self.scriptKeys {
            switch entries[key] {
            case .text(let text): table[key] = text
            case .plural(let forms): table[key] = forms
            case nil: break
            }
        }
        // Slashes stay escaped: inside <script>, `</` would end the element early.
        guard let data = try? JSONSerialization.data(withJSONObject: table, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }

    /// What `site.js` shows: the theme button, heading links, the copy button and search.
    static let scriptKeys = [
        "use_light_theme", "use_dark_theme", "link_to_section", "copy", "copied", "copy_the_code",
        "search_index_failed", "nothing_found", "results", "results_capped",
    ]

    // MARK: - Tables

    /// The languages with a table of their own: the files of the template bundle's `strings` folder.
    public static let languages: [String] = {
        let folder = TemplateBundle.resourceURL.appendingPathComponent("strings")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// A built-in table by name, read when first asked for: a build needs English and its own
    /// language, and reading all thirteen was a tenth of a small book's build.
    static func table(_ name: String) -> [String: Entry]? {
        tableCache.withLock { cache in
            if let known = cache[name] { return known }
            let table = languages.contains(name) ? readTable(name) : nil
            cache[name] = .some(table)
            return table
        }
    }

    private static let tableCache = Mutex<[String: [String: Entry]?]>([:])

    private static func readTable(_ name: String) -> [String: Entry]? {
        let file = TemplateBundle.resourceURL.appendingPathComponent("strings").appendingPathComponent(name + ".json")
        guard let data = FileManager.default.contents(atPath: file.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object.compactMapValues { value in
            if let text = value as? String { return .text(text) }
            if let forms = value as? [String: String] { return .plural(forms) }
            return nil
        }
    }

    /// The table for a BCP 47 tag: its primary language, and for Chinese its script
    /// (`zh-Hant`, or `zh-TW`, `zh-HK`, `zh-MO` for traditional characters).
    static func tableName(for tag: String) -> String? {
        let primary = LanguageTag.primary(tag)
        guard primary == "zh" else { return languages.contains(primary) ? primary : nil }
        let subtags = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).dropFirst()
        let traditional = subtags.contains("hant") || (!subtags.contains("hans") && subtags.contains { ["tw", "hk", "mo"].contains($0) })
        return traditional ? "zh-Hant" : "zh-Hans"
    }

    /// The `{name}` placeholders of a text.
    static func placeholders(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    private static func fill(_ template: String, _ values: [String: String], escapingText: Bool = false) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let literal = String(rest[..<open])
            result += escapingText ? XHTMLSerializer.escaped(literal) : literal
            let name = String(rest[rest.index(after: open)..<close])
            result += values[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        result += escapingText ? XHTMLSerializer.escaped(String(rest)) : String(rest)
        return result
    }

    // MARK: - Plural rules

    /// The CLDR cardinal category of a whole number in `language`: the languages with a table,
    /// and a few more whose authors translate with `site.strings`.
    static func pluralCategory(_ n: Int, language: String) -> String {
        switch LanguageTag.primary(language) {
        case "zh", "ja", "ko": return "other"
        case "fr", "pt": return n <= 1 ? "one" : "other"
        case "ru", "uk", "be":
            if n % 10 == 1 && n % 100 != 11 { return "one" }
            if (2...4).contains(n % 10) && !(12...14).contains(n % 100) { return "few" }
            return "many"
        case "ar":
            switch n {
            case 0: return "zero"
            case 1: return "one"
            case 2: return "two"
            default: return (3...10).contains(n % 100) ? "few" : (11...99).contains(n % 100) ? "many" : "other"
            }
        case "he", "iw": return n == 1 ? "one" : n == 2 ? "two" : "other"
        case "pl":
            if n == 1 { return "one" }
            return (2...4).contains(n % 10) && !(12...14).contains(n % 100) ? "few" : "many"
        case "cs", "sk": return n == 1 ? "one" : (2...4).contains(n) ? "few" : "other"
        default: return n == 1 ? "one" : "other"
        }
    }

    /// The categories `pluralCategory` gives for a language.
    static func pluralCategories(language: String) -> Set<String> {
        Set((0...200).map { pluralCategory($0, language: language) })
    }
}

extension ManuscriptConfig {
    /// The book's interface strings: its language's table with `site.strings` over it.
    public var interfaceStrings: InterfaceStrings {
        InterfaceStrings(language: language, overrides: site.strings)
    }
}
