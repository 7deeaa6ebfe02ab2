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

    private let words: WordListTable
    /// The files that were read.
    public private(set) var sources: [String]

    public init(words: Set<String>, sources: [String] = []) {
        self.words = WordListTable(lines: Array(words.joined(separator: "\n").utf8))
        self.sources = sources
    }

    private init(table: WordListTable, sources: [String]) {
        self.words = table
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
        let files = paths.compactMap { path in FileManager.default.contents(atPath: path).map { (path, $0) } }
        guard !files.isEmpty else { return nil }
        // Kept for the whole build: sized once rather than grown by doubling (megabytes spare).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(files.reduce(0) { $0 + $1.1.count + 1 })
        for (_, data) in files {
            bytes.append(contentsOf: data)
            bytes.append(0x0A)
        }
        let sources = files.map(\.0)
        return WordList(table: WordListTable(lines: bytes), sources: sources)
    }

    /// True when `word` is listed as written, in lower case, or (for a capitalized word) with
    /// only its first letter capitalized.
    public func contains(_ word: String) -> Bool {
        let word = WordListTable.comparable(word)
        if words.contains(word) { return true }
        let lower = word.lowercased()
        if words.contains(lower) { return true }
        return words.contains(lower.prefix(1).uppercased() + lower.dropFirst())
    }

    /// How many different lines were read.
    var count: Int { words.count }

    /// True when the list has exactly these bytes as a line.
    func containsExactly(_ word: String) -> Bool { words.contains(word) }

    /// True when the word list has `word` as an ordinary (lower-case) word: "saint", "pip".
    public func containsLowercase(_ word: String) -> Bool {
        words.contains(WordListTable.comparable(word).lowercased())
    }

    private enum Cached {
        static let lock = NSLock()
        nonisolated(unsafe) static var defaultList: WordList?
    }
}

/// The words of a list as its file's bytes and an open-addressing table of where each line
/// starts: reading Debian's two English lists this way takes a few milliseconds, where a
/// `Set<String>` of their 200,000 lines took a tenth of a second of every build.
/// Lines are compared as bytes, so a query is put in the lists' form (NFC) first.
final class WordListTable: Sendable {
    private let bytes: [UInt8]
    /// Per slot: the line's start + 1 (0 = empty), and its length.
    private let starts: [UInt32]
    private let lengths: [UInt32]
    private let mask: Int
    let count: Int

    init(lines bytes: [UInt8]) {
        var lineCount = 1
        for byte in bytes where byte == 0x0A { lineCount += 1 }
        var capacity = 16
        while capacity < lineCount * 2 { capacity <<= 1 }
        var starts = [UInt32](repeating: 0, count: capacity)
        var lengths = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            starts.withUnsafeMutableBufferPointer { starts in
                lengths.withUnsafeMutableBufferPointer { lengths in
                    var start = 0
                    while start < buffer.count {
                        let end = memchr(base + start, 0x0A, buffer.count - start)
                            .map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? buffer.count
                        var length = end - start
                        if length > 0, base[start + length - 1] == 0x0D { length -= 1 }
                        if length > 0 {
                            var slot = Self.hash(UnsafeBufferPointer(start: base + start, count: length)) & mask
                            var isNew = true
                            while starts[slot] != 0 {
                                if Int(lengths[slot]) == length, memcmp(base + Int(starts[slot]) - 1, base + start, length) == 0 {
                                    isNew = false
                                    break
                                }
                                slot = (slot + 1) & mask
                            }
                            if isNew {
                                starts[slot] = UInt32(start + 1)
                                lengths[slot] = UInt32(length)
                                count += 1
                            }
                        }
                        start = end + 1
                    }
                }
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        self.mask = mask
        self.count = count
    }

    func contains(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { query in
            guard !query.isEmpty else { return false }
            var slot = Self.hash(query) & mask
            return bytes.withUnsafeBufferPointer { buffer in
                while starts[slot] != 0 {
                    let start = Int(starts[slot]) - 1
                    if Int(lengths[slot]) == query.count, memcmp(buffer.baseAddress! + start, query.baseAddress!, query.count) == 0 {
                        return true
                    }
                    slot = (slot + 1) & mask
                }
                return false
            }
        }
    }

    /// A word as the lists write it: a straight apostrophe, composed accents.
    static func comparable(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word }
        return word.replacingOccurrences(of: "’", with: "'").precomposedStringWithCanonicalMapping
    }

    /// FNV-1a: the lines are short and the table only needs a good spread.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
