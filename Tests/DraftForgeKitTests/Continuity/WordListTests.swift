import Foundation
import Testing

@testable import DraftForgeKit

@Suite struct WordListTests {
    /// Two files with shared words, Windows line ends and an accented word, read as Debian's are.
    private func list(_ files: [String]) throws -> WordList {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wordlist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = try files.enumerated().map { index, text in
            let path = folder.appendingPathComponent("list\(index)").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        return try #require(WordList.load(paths: paths + [folder.appendingPathComponent("missing").path]))
    }

    @Test func readsEveryLineOfEveryFileOnce() throws {
        let words = try list(["colour\nharbour\nLondon\n", "color\r\nharbour\r\ncafé\r\nisn't"])
        #expect(words.sources.count == 2)
        for word in ["colour", "color", "harbour", "London", "café", "isn't"] {
            #expect(words.contains(word), "\(word)")
        }
        #expect(!words.contains("harbou"))
        #expect(!words.contains("harbours"))
        #expect(!words.contains(""))
        #expect(!words.contains("colour\r"))
    }

    @Test func asksAsTheAuthorMayHaveTyped() throws {
        let words = try list(["harbour\nLondon\ncafé\nisn't\n"])
        #expect(words.contains("Harbour"), "a capitalized ordinary word")
        #expect(words.contains("HARBOUR"))
        #expect(words.contains("isn’t"), "a curly apostrophe")
        #expect(words.contains("cafe\u{301}"), "a decomposed accent")
        #expect(words.contains("Café"))
        #expect(!words.containsLowercase("London"), "a name is not an ordinary word")
        #expect(words.containsLowercase("Harbour"))
    }

    @Test func aListMadeInMemoryAnswersTheSame() {
        let words = WordList(words: ["then", "June", "Zoe"])
        #expect(words.contains("then"))
        #expect(words.contains("Then"))
        #expect(words.contains("June"))
        #expect(!words.containsLowercase("June"))
        #expect(!words.contains("Jun"))
    }

    @Test func noFileNoList() {
        #expect(WordList.load(paths: ["/nonexistent/words"]) == nil)
    }

    @Test func debiansEnglishListsAreReadWhole() throws {
        let paths = WordList.defaultPaths.filter { FileManager.default.fileExists(atPath: $0) }
        try #require(!paths.isEmpty, "wbritish or wamerican is installed by scripts/bootstrap")
        let words = try #require(WordList.load(paths: paths))
        var expected = Set<String>()
        for path in paths {
            for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") { expected.insert(String(line)) }
        }
        #expect(words.count == expected.count)
        for word in expected.shuffled().prefix(2000) { #expect(words.containsExactly(word), "\(word)") }
    }

    @Test func newlinesAreCountedAtEveryOffsetAndBesideEveryByte() {
        // Every byte value before and after a newline, at every offset of an 8-byte word.
        for prefix in 0..<9 {
            var bytes = [UInt8](repeating: 0x61, count: prefix)
            var expected = 0
            for value in 0...255 {
                bytes += [UInt8(value), 0x0A, UInt8(255 - value)]
                expected += 1 + (value == 0x0A ? 1 : 0) + (255 - value == 0x0A ? 1 : 0)
            }
            #expect(WordListTable.newlines(in: bytes) == expected, "after \(prefix) bytes")
        }
        #expect(WordListTable.newlines(in: []) == 0)
        #expect(WordListTable.newlines(in: Array("\n\n\n".utf8)) == 3)
    }

    @Test func aListOfOnlyDifferentLinesIsReadWhole() {
        // Four fifths of the slots full, the most the table allows: every line found, no other.
        let lines = (0..<50_000).map { "w\($0)" }
        let table = WordListTable(lines: Array(lines.joined(separator: "\n").utf8))
        #expect(table.count == lines.count)
        #expect(lines.allSatisfy(table.contains))
        #expect(!(50_000..<51_000).contains { table.contains("w\($0)") })
    }
}
