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
    /// Per slot, 0 when empty, else the line's start + 1 (bits 0-31), its length (32-47) and 16
    /// bits of its hash (48-63): one load a probe, and the bytes read only when the hashes agree.
    /// Filling the table is random access; two arrays were two cache misses a line.
    private let slots: [UInt64]
    private let mask: Int
    let count: Int

    init(lines bytes: [UInt8]) {
        precondition(bytes.count < Int(UInt32.max), "a word list of 4 GB")
        let lineCount = 1 + Self.newlines(in: bytes)
        // At most four fifths full when every line differs; Debian's two English lists share
        // half their lines, so theirs is two fifths full.
        var capacity = 16
        while capacity < lineCount + lineCount / 4 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            slots.withUnsafeMutableBufferPointer { slots in
                var start = 0
                while start < buffer.count {
                    let end = memchr(base + start, 0x0A, buffer.count - start)
                        .map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? buffer.count
                    var length = end - start
                    if length > 0, base[start + length - 1] == 0x0D { length -= 1 }
                    // A line longer than a slot can say is no word.
                    if length > 0, length <= Self.longestLine {
                        let hash = Self.hash(UnsafeBufferPointer(start: base + start, count: length))
                        let key = Self.key(hash: hash, length: length)
                        var slot = hash & mask
                        var isNew = true
                        while slots[slot] != 0 {
                            if slots[slot] & Self.keyBits == key, memcmp(base + Int(slots[slot] & 0xFFFF_FFFF) - 1, base + start, length) == 0 {
                                isNew = false
                                break
                            }
                            slot = (slot + 1) & mask
                        }
                        if isNew {
                            slots[slot] = key | UInt64(start + 1)
                            count += 1
                        }
                    }
                    start = end + 1
                }
            }
        }
        self.bytes = bytes
        self.slots = slots
        self.mask = mask
        self.count = count
    }

    /// The "\n" bytes, eight at a time: a byte-by-byte loop was a third of building the table.
    static func newlines(in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            var count = 0
            var offset = 0
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            while offset + 8 <= raw.count {
                let x = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                // A byte's top bit is set here unless the byte is zero; no carry crosses bytes.
                let nonzero = ((x & low7) &+ low7) | x
                count &+= (~nonzero & 0x8080_8080_8080_8080).nonzeroBitCount
                offset += 8
            }
            while offset < raw.count {
                if raw[offset] == 0x0A { count += 1 }
                offset += 1
            }
            return count
        }
    }

    private static let longestLine = 0xFFFF
    private static let keyBits: UInt64 = 0xFFFF_FFFF_0000_0000

    /// A slot's upper half: the length and the hash's top bits (its low bits choose the slot).
    @inline(__always)
    private static func key(hash: Int, length: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: hash) & 0xFFFF_0000_0000_0000 | UInt64(length) << 32
    }

    func contains(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { query in
            guard !query.isEmpty, query.count <= Self.longestLine else { return false }
            let hash = Self.hash(query)
            let key = Self.key(hash: hash, length: query.count)
            var slot = hash & mask
            return bytes.withUnsafeBufferPointer { buffer in
                while slots[slot] != 0 {
                    if slots[slot] & Self.keyBits == key,
                        memcmp(buffer.baseAddress! + Int(slots[slot] & 0xFFFF_FFFF) - 1, query.baseAddress!, query.count) == 0
                    {
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
