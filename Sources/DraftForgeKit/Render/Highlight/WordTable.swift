// A set of words, each with the token kind it gets, looked up by a byte range of the code
// without building a String for every identifier the lexers meet.

struct WordTable: Sendable {
    private var entriesByHash: [UInt64: [(word: [UInt8], kind: TokenKind)]] = [:]
    private let ignoresCase: Bool

    /// `groups` pairs a kind with space-separated words; SQL and friends ignore ASCII case.
    init(ignoringCase: Bool = false, _ groups: [(TokenKind, String)]) {
        ignoresCase = ignoringCase
        for (kind, words) in groups {
            for word in words.split(separator: " ") {
                let bytes = Array(word.utf8).map { ignoringCase ? CodeByte.lowercased($0) : $0 }
                entriesByHash[Self.hash(bytes[...], ignoringCase: false), default: []].append((bytes, kind))
            }
        }
    }

    /// The kind of the word spelled by `bytes[range]`, or nil when it is not in the table.
    func kind(of range: Range<Int>, in bytes: [UInt8]) -> TokenKind? {
        let word = bytes[range]
        guard let entries = entriesByHash[Self.hash(word, ignoringCase: ignoresCase)] else { return nil }
        for entry in entries where entry.word.count == word.count {
            if zip(entry.word, word).allSatisfy({ $0 == (ignoresCase ? CodeByte.lowercased($1) : $1) }) {
                return entry.kind
            }
        }
        return nil
    }

    func contains(_ range: Range<Int>, in bytes: [UInt8]) -> Bool { kind(of: range, in: bytes) != nil }

    // FNV-1a.
    private static func hash(_ word: ArraySlice<UInt8>, ignoringCase: Bool) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word {
            hash = (hash ^ UInt64(ignoringCase ? CodeByte.lowercased(byte) : byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
