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
}
