// Every language's sample under Fixtures/highlight/ against its token dump in expected/, the
// invariant every token list keeps, and random byte mutations of the samples.
import DraftForgeTestSupport
import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Highlight goldens")
struct HighlightGoldenTests {
    static let folder = packageRoot.appendingPathComponent("Tests/DraftForgeKitTests/Fixtures/highlight")

    /// Each sample with its language, named `<language>.<ext>`.
    static func samples() throws -> [(url: URL, language: CodeLanguage)] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .compactMap { url in
                guard let name = url.lastPathComponent.split(separator: ".").first,
                    let language = CodeLanguage(rawValue: String(name))
                else { return nil }
                return (url, language)
            }
            .sorted { $0.url.lastPathComponent < $1.url.lastPathComponent }
    }

    @Test func everyLanguageHasASample() throws {
        let covered = Set(try Self.samples().map(\.language))
        #expect(covered == Set(CodeLanguage.allCases))
    }

    @Test(arguments: CodeLanguage.allCases)
    func sampleMatchesItsTokenDump(_ language: CodeLanguage) throws {
        let sample = try #require(try Self.samples().first { $0.language == language })
        let code = try String(contentsOf: sample.url, encoding: .utf8)
        let tokens = Highlighter.tokens(in: code, language: language)
        try Golden.verify(
            TokenDump.render(code, tokens),
            matches: Self.folder.appendingPathComponent("expected/\(language.rawValue).tokens"))
    }

    @Test func everySampleKeepsTheInvariant() throws {
        for sample in try Self.samples() {
            let code = try String(contentsOf: sample.url, encoding: .utf8)
            let tokens = Highlighter.tokens(in: code, language: sample.language)
            #expect(TokenDump.invariantViolation(code, tokens) == nil, "\(sample.url.lastPathComponent)")
        }
    }

    /// Bytes inserted, deleted, duplicated and swapped at random (a fixed seed): no crash, no
    /// hang, and the invariant holds for whatever comes out.
    @Test func mutatedSamplesKeepTheInvariant() throws {
        var random = SplitMix64(seed: 17)
        let alphabet = Array("\"'`$#{}()[]<>/*\\\n -+@:=!&|;,.0x_eé".utf8)
        for sample in try Self.samples() {
            let original = Array(try Data(contentsOf: sample.url))
            for _ in 0..<150 {
                var bytes = original
                for _ in 0...random.below(6) {
                    let index = random.below(bytes.count + 1)
                    switch random.below(4) {
                    case 0: bytes.insert(alphabet[random.below(alphabet.count)], at: index)
                    case 1 where index < bytes.count: bytes.remove(at: index)
                    case 2 where index < bytes.count: bytes.insert(contentsOf: bytes[index..<min(bytes.count, index + 40)], at: index)
                    default: bytes = Array(bytes[index...] + bytes[..<index])
                    }
                }
                let code = String(decoding: bytes, as: UTF8.self)
                let tokens = Highlighter.tokens(in: code, language: sample.language)
                if let violation = TokenDump.invariantViolation(code, tokens) {
                    Issue.record("\(sample.url.lastPathComponent) mutated: \(violation)\n\(code)")
                    return
                }
            }
        }
    }
}

/// Token lists as text, and the invariant they keep.
enum TokenDump {
    /// One token per line, `kind<TAB>text`, with line feeds and tabs inside the text escaped.
    static func render(_ code: String, _ tokens: [CodeToken]) -> String {
        let bytes = Array(code.utf8)
        return tokens.map { token in
            let text = String(decoding: bytes[token.range], as: UTF8.self)
                .replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\n", with: "\\n")
                .replacingOccurrences(of: "\t", with: "\\t")
            return "\(token.kind.name)\t\(text)\n"
        }.joined()
    }

    /// What breaks the invariant, or nil: tokens sorted, non-empty, non-overlapping, inside the
    /// code, on scalar boundaries, and the gaps and tokens together spell the code again.
    static func invariantViolation(_ code: String, _ tokens: [CodeToken]) -> String? {
        let bytes = Array(code.utf8)
        var rebuilt: [UInt8] = []
        var previousEnd = 0
        for token in tokens {
            let range = token.range
            guard range.lowerBound >= previousEnd else { return "\(token) overlaps or precedes the token before it" }
            guard !range.isEmpty else { return "\(token) is empty" }
            guard range.upperBound <= bytes.count else { return "\(token) ends after the code (\(bytes.count) bytes)" }
            for boundary in [range.lowerBound, range.upperBound] where boundary < bytes.count && bytes[boundary] & 0xC0 == 0x80 {
                return "\(token) splits a scalar at byte \(boundary)"
            }
            rebuilt += bytes[previousEnd..<range.lowerBound]
            rebuilt += bytes[range]
            previousEnd = range.upperBound
        }
        rebuilt += bytes[previousEnd...]
        return rebuilt == bytes ? nil : "the gaps and tokens do not spell the code"
    }
}
