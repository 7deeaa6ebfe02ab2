import Foundation
import Testing
@testable import DraftForgeKit

/// For generated manuscripts (random mixes of the GFM spec examples, Markdown punctuation,
/// control characters, noncharacters and random bytes), the build either ends in a defined
/// input error or writes an EPUB whose every XML document is namespace-well-formed and whose
/// structure holds (see `EPUBStructure`).
///
/// Deterministic: case k uses seed `DRAFTFORGE_PROPERTY_SEED + k` (default 20260509), for
/// `DRAFTFORGE_PROPERTY_CASES` cases (default 200). A failure prints its case seed; rerun it
/// alone with `DRAFTFORGE_PROPERTY_SEED=<seed> DRAFTFORGE_PROPERTY_CASES=1`. `scripts/fuzz` runs
/// this for a given time with random seeds.
@Suite("Property: generated manuscripts", .corpus)
struct PropertyTests {
    static let environment = ProcessInfo.processInfo.environment
    static let firstSeed = environment["DRAFTFORGE_PROPERTY_SEED"].flatMap { UInt64($0) } ?? 20_260_509
    static let cases = environment["DRAFTFORGE_PROPERTY_CASES"].flatMap { Int($0) } ?? 200
    static let examples: [String] = (try? GFMSpecTests.examples()) ?? []

    /// Failures a random input may legitimately end in: bytes that are not UTF-8, or a chapter
    /// that happens to start with front matter that does not parse or holds a bad value.
    static let acceptedFailures: Set<String> = [
        "load.not-utf8", "load.front-matter-syntax", "load.front-matter-type", "load.front-matter-value",
        "load.no-chapters",
    ]

    @Test func generatedMarkdownMakesWellFormedEPUBs() throws {
        // Without ../shared the examples are missing: fail here, not with an index out of range
        // that takes the whole test process down.
        try #require(Self.examples.count == 720, "the GFM spec's examples in ../shared/corpus/gfm-spec")
        let manuscript = try TestManuscript(["draftforge.yml": "title: Generated\n"])
        for index in 0..<Self.cases {
            let seed = Self.firstSeed &+ UInt64(index)
            // Under scripts/fuzz: name each case first, so a crash still tells its seed.
            if Self.environment["DRAFTFORGE_PROPERTY_SEED"] != nil { print("property case seed=\(seed)") }
            let problems = try Self.check(seed: seed, in: manuscript)
            if !problems.isEmpty {
                Issue.record("seed \(seed): \(problems.prefix(5).joined(separator: "; "))")
                print("PROPERTY FAILURE seed=\(seed)")
            }
        }
    }

    /// Builds the manuscript generated from `seed`; returns what is wrong with the outcome.
    static func check(seed: UInt64, in manuscript: TestManuscript) throws -> [String] {
        var random = SplitMix64(seed: seed)
        let chapters = manuscript.url("chapters")
        try? FileManager.default.removeItem(at: chapters)
        for number in 1...(1 + random.below(3)) {
            try manuscript.write(String(format: "chapters/%02d-generated.md", number), chapter(&random))
        }
        let result: BuildResult
        do {
            result = try manuscript.build(allowBlocking: true)
        } catch {
            let codes = Set(error.diagnostics.filter { $0.severity == .error }.map(\.code))
            if error.kind == .badInput, !codes.isEmpty, codes.isSubset(of: acceptedFailures) { return [] }
            return ["the build failed: \(error.diagnostics.map { "\($0.code) \($0.message)" })"]
        }
        return EPUBStructure.problems(try EPUBContents(result.outputs[0].url))
    }

    static let soup: [String] = [
        "*", "**", "_", "__", "~~", "[", "]", "(", ")", "![", "<", ">", "`", "```", "~~~", "\n", "\n\n", "> ", "- ",
        "1. ", "+ [ ] ", "|", "| --- |", "---", "===", "# ", "&", "&amp;", "&#0;", "&#xD800;", "&#xFFFE;", "&bogus;",
        "<!--", "-->", "<![CDATA[", "]]>", "<?xml ?>", "<!DOCTYPE x>", "\\", "[^1]", "[^1]: ", "[x]: /u", "http://",
        "www.", "mailto:", "\t", "    ", " ", "é", "\u{200B}", "\u{FFFE}", "\u{FFFF}", "\u{1}", "\u{0}", "\u{1B}",
        "\u{7F}", "\u{85}", "\u{2028}", "\u{D7FF}", "\u{E000}", "\u{10FFFF}", "<div>", "</div>", "<p>", "<span ",
        "a=\"", "\"", "'", "<x:y>", "xmlns:a=\"\"", " id=\"1 2\"", "<img src=", "<a href=\"#", "<svg>", "<math>",
        "<script>", "</script>", "<table><tr><td>", "<br>", "<ruby>", "<rt>", "---\ntitle: x\n---\n",
    ]

    static func chapter(_ random: inout SplitMix64) -> Data {
        var data = Data()
        for _ in 0..<(1 + random.below(6)) {
            switch random.below(20) {
            case 0...9:
                data += Data(examples[random.below(examples.count)].utf8)
            case 10...15:
                for _ in 0..<random.below(60) { data += Data(soup[random.below(soup.count)].utf8) }
            case 16...18:
                var text = String.UnicodeScalarView()
                for _ in 0..<random.below(80) {
                    let value = random.below(4) == 0 ? UInt32(random.below(0x80)) : UInt32(random.below(0x110000))
                    if let scalar = Unicode.Scalar(value) { text.append(scalar) }
                }
                data += Data(String(text).utf8)
            default:
                // Raw bytes: usually not UTF-8, which must end in load.not-utf8.
                data += Data((0..<random.below(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            }
            data += Data(["\n", "\n\n", "", " "][random.below(4)].utf8)
        }
        return data
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
}
