// Ordinary words and known names, from Debian's word lists (`wbritish`, `wamerican`). The name
// check asks it "is this a real word?"; without a list the check is skipped with an info note.
import Foundation

/// A set of words read from one or more word-list files (one word a line).
public struct WordList: Sendable {
    /// Where Debian installs its English lists.
    public static let defaultPaths = ["/usr/share/dict/british-english", "/usr/share/dict/american-english"]

    /// Debian's list for each language (by primary subtag): its package and file.
    static let debianLists: [String: (package: String, paths: [String])] = [
        "en": ("wbritish and wamerican", defaultPaths),
        "fr": ("wfrench", ["/usr/share/dict/french"]),
        "de": ("wngerman", ["/usr/share/dict/ngerman"]),
        "es": ("wspanish", ["/usr/share/dict/spanish"]),
        "it": ("witalian", ["/usr/share/dict/italian"]),
        "pt": ("wportuguese", ["/usr/share/dict/portuguese"]),
        "nl": ("wdutch", ["/usr/share/dict/dutch"]),
        "pl": ("wpolish", ["/usr/share/dict/polish"]),
    ]

    /// The lists a book in `language` is checked against: English for English, the language's
    /// own list otherwise, none where Debian has none (the name check then says so).
    public static func paths(forLanguage language: String) -> [String] {
        debianLists[LanguageTag.primary(language)]?.paths ?? []
    }

    /// The Debian package that has the list for `language`, if any.
    static func package(forLanguage language: String) -> String? {
        debianLists[LanguageTag.primary(language)]?.package
    }

    private var words: Set<String>
    /// The files that were read.
    public private(set) var sources: [String]

    public init(words: Set<String>, sources: [String] = []) {
        self.words = words
        self.sources = sources
    }

    /// Reads every file of `paths` that exists; nil when none does.
    public static func load(paths: [String] = defaultPaths) -> WordList? {
        if paths == defaultPaths {
            Cached.lock.lock()
            defer { Cached.lock.unlock() }
            if let cached = Cached.defaultList { return cached }
            let list = read(paths)
            Cached.defaultList = list
            return list
        }
        return read(paths)
    }

    private static func read(_ paths: [String]) -> WordList? {
        var words = Set<String>()
        var sources: [String] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            sources.append(path)
            let text = String(decoding: data, as: UTF8.self)
            words.reserveCapacity(words.count + data.count / 9)
            for line in text.utf8.split(separator: 0x0A) { words.insert(String(Substring(line))) }
        }
        guard !sources.isEmpty else { return nil }
        return WordList(words: words, sources: sources)
    }

    /// True when `word` is listed as written, in lower case, or (for a capitalized word) with
    /// only its first letter capitalized.
    public func contains(_ word: String) -> Bool {
        let word = word.replacingOccurrences(of: "’", with: "'")
        if words.contains(word) { return true }
        let lower = word.lowercased()
        if words.contains(lower) { return true }
        return words.contains(lower.prefix(1).uppercased() + lower.dropFirst())
    }

    /// True when the word list has `word` as an ordinary (lower-case) word: "saint", "pip".
    public func containsLowercase(_ word: String) -> Bool {
        words.contains(word.replacingOccurrences(of: "’", with: "'").lowercased())
    }

    private enum Cached {
        static let lock = NSLock()
        nonisolated(unsafe) static var defaultList: WordList?
    }
}
