// The prose read off the parsed document: each scalar tied to where the author wrote it, and
// one count of words for the stats and the continuity report.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

struct ProseTests {
    /// The text each word token was read from, as the file has it.
    private func sources(_ markdown: String) -> [(word: String, source: String)] {
        let chapter = Chapter(
            name: "c", path: "chapters/c.md", frontMatter: FrontMatter(), body: markdown, sourceMap: SourceMap(file: "chapters/c.md"), partIndex: nil,
            matter: nil)
        let prose = ProseChapter(chapter, index: 0)
        return prose.blocks.indices.flatMap { b in
            prose.blocks[b].tokens.filter(\.isWord).map { (prose.blocks[b].text(of: $0), prose.source(block: b, range: $0.start..<$0.end)) }
        }
    }

    /// Offsets kept as runs read back as the plain array they replace: consecutive stretches,
    /// jumps over markup, repeats (markers the parser adds) and steps back.
    @Test func sourceOffsetsReadBackAsWritten() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var plain: [Int32] = []
            var offsets = SourceOffsets()
            var next = Int32.random(in: 0..<50, using: &generator)
            for _ in 0..<Int.random(in: 0..<120, using: &generator) {
                plain.append(next)
                offsets.append(next)
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: next += Int32.random(in: 2..<9, using: &generator)
                case 1: break
                case 2: next = max(0, next - 3)
                default: next += 1
                }
            }
            #expect(offsets.count == plain.count)
            #expect(offsets.isEmpty == plain.isEmpty)
            #expect(offsets.first == plain.first)
            #expect(plain.indices.map { offsets[$0] } == plain)
        }
        let plainText = SourceOffsets(consecutiveFrom: 7, count: 5)
        #expect((0..<5).map { plainText[$0] } == [7, 8, 9, 10, 11])
    }

    /// Stretches appended at once read back as the same offsets appended one by one.
    @Test func sourceOffsetsTakeStretchesAsSingleOffsets() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var single = SourceOffsets()
            var stretches = SourceOffsets()
            var next = Int32.random(in: 0..<50, using: &generator)
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                let length = Int.random(in: 0..<6, using: &generator)
                for step in 0..<length { single.append(next + Int32(step)) }
                stretches.append(consecutiveFrom: next, length: length)
                next += Int32(length) + (Bool.random(using: &generator) ? 0 : Int32.random(in: -3..<9, using: &generator))
                next = max(0, next)
            }
            #expect(stretches.count == single.count)
            #expect((0..<single.count).map { stretches[$0] } == (0..<single.count).map { single[$0] })
        }
    }

    /// A body read as scalars in one pass over its bytes matches the scalars Swift reads, with
    /// carriage returns as spaces, and each line's start and ASCII-ness as a second reading says.
    @Test(arguments: [
        "", "one line", "a\nb\n", "\n\n\n", "crlf\r\nline\r\n", "é\nü ascii\n中文\n🦜 at the end",
        "ends without newline: Ω", "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}\n",
    ])
    func scalarBodyReadsAsSwiftDoes(_ body: String) {
        let read = ScalarBody(body)
        let expected = body.unicodeScalars.map { $0 == "\r" ? " " : $0 }
        #expect(read.scalars == expected)
        var starts = [0]
        for (offset, scalar) in expected.enumerated() where scalar == "\n" { starts.append(offset + 1) }
        starts.append(expected.count + 1)
        #expect(read.lines.starts == starts)
        let lines = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)  // "\r\n" is one Character
        #expect(read.asciiLines == lines.map { $0.allSatisfy { $0 < 0x80 } })
    }

    /// A literal's scalars decoded from its bytes (how prose is matched to its source) are the ones Swift reads.
    @Test func scalarsDecodedFromBytesAreSwifts() {
        let text = "a\u{7F}\u{80}é\u{7FF}\u{800}中\u{FFFF}\u{10000}🦜\u{10FFFF}z"
        var decoded: [Unicode.Scalar] = []
        var copy = text
        copy.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let (scalar, width) = UTF8Bytes.scalar(in: bytes, at: offset)
                #expect(width == UTF8.width(scalar))
                decoded.append(scalar)
                offset += width
            }
        }
        #expect(decoded == Array(text.unicodeScalars))
    }

    @Test func wordsAfterCurlyQuotesAndDashesAreFoundWhereTheyAreWritten() {
        let found = sources("She said \"don't\" -- and 'élan' ... then “naïve” 中文 words.")
        #expect(found.map(\.word) == ["She", "said", "don’t", "and", "élan", "then", "naïve", "中", "文", "words"])
        #expect(found.first { $0.word == "don’t" }?.source == "don't")
        #expect(found.first { $0.word == "naïve" }?.source == "naïve")
    }

    /// The bitmap half and the hashed half of `ScalarSet` agree with a plain set, on every
    /// ASCII character and a few beyond.
    @Test func aScalarSetHoldsWhatWasPutInIt() {
        let members: [Unicode.Scalar] = ["A", "z", "\0", "?", "@", "\u{7F}", "é", "Ж", "😀"]
        let set = ScalarSet(members)
        let candidates = (0..<UInt32(0x80)).compactMap { Unicode.Scalar($0) } + ["é", "e", "Ж", "ж", "😀", "😁", "\u{80}"]
        for scalar in candidates {
            #expect(set.contains(scalar) == members.contains(scalar), "U+\(String(scalar.value, radix: 16))")
        }
    }

    /// Every word of the book is a token held until the rules are done: its size is the
    /// biggest part of a long book's peak memory, so it must not grow by accident.
    /// The tokenizer answers ASCII and General Punctuation without Unicode's property tables:
    /// those answers must be the tables'.
    @Test func scalarKindsWithoutTheTablesAreTheTables() {
        let ranges: [ClosedRange<UInt32>] = [0x00...0x7F, 0x2000...0x206F]
        for value in ranges.joined() {
            let scalar = Unicode.Scalar(value)!
            let properties = scalar.properties
            let isWordScalar: Bool
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
                .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
                isWordScalar = true
            default:
                isWordScalar = properties.isIdeographic
            }
            #expect(ProseText.isWordScalar(scalar) == isWordScalar, "U+\(String(value, radix: 16))")
            #expect(ProseText.isAlphabetic(scalar) == properties.isAlphabetic || value >= 0x80, "U+\(String(value, radix: 16))")
        }
        for word in ["Elizabeth", "élan", "Émile", "9th", "ß", "Ωmega"] {
            let tokens = ProseText.tokenize(Array(word.unicodeScalars)).tokens
            #expect(tokens.count == 1)
            #expect(tokens[0].isCapitalized == (word.unicodeScalars.first!.properties.isUppercase), "\(word)")
        }
    }

    @Test func aTokenTakesEightBytes() {
        #expect(MemoryLayout<ProseToken>.stride == 8)
    }

    /// The kind and the three flags share the offsets' words: setting one changes nothing else.
    @Test func aTokensFlagsAndOffsetsAreIndependent() {
        var token = ProseToken(start: 7, end: (1 << 30) - 1, kind: .punctuation)
        #expect(token.kind == .punctuation && !token.isSentenceInitial && !token.isPossessive && !token.isCapitalized)
        token.isSentenceInitial = true
        token.isPossessive = true
        token.isCapitalized = true
        #expect(token.start == 7 && token.end == (1 << 30) - 1 && token.kind == .punctuation)
        #expect(token.isSentenceInitial && token.isPossessive && token.isCapitalized)
        token.isSentenceInitial = false
        #expect(!token.isSentenceInitial && token.isPossessive && token.isCapitalized && token.start == 7)
        token.isPossessive = false
        #expect(!token.isPossessive && token.isCapitalized && token.end == (1 << 30) - 1)
        token.isCapitalized = false
        #expect(!token.isCapitalized && token.end == (1 << 30) - 1 && token.kind == .punctuation)
        #expect(ProseToken(start: 0, end: 1, kind: .word).kind == .word)
    }

    /// A token's text is read from its block: the word as written, its base without a
    /// possessive, and a punctuation mark as its one scalar.
    @Test func aTokensTextIsReadFromItsBlock() {
        let chapter = Chapter(
            name: "c", path: "chapters/c.md", frontMatter: FrontMatter(), body: "Sarah’s café — Émile's «oui».\n",
            sourceMap: SourceMap(file: "chapters/c.md"), partIndex: nil, matter: nil)
        let block = ProseChapter(chapter, index: 0).blocks[0]
        #expect(block.tokens.map { block.text(of: $0) } == ["Sarah’s", "café", "—", "Émile’s", "«", "oui", "»", "."])
        #expect(block.tokens.filter(\.isWord).map { block.base(of: $0) } == ["Sarah", "café", "Émile", "oui"])
        #expect(block.tokens.map(\.isPossessive) == [true, false, false, true, false, false, false, false])
    }

    /// A rule's word list, asked about tokens: as written, or lowercased; a word is only the
    /// whole token, and one with a scalar past ASCII is none of the list's.
    @Test func aProseWordSetFindsWholeTokens() {
        let chapter = Chapter(
            name: "c", path: "chapters/c.md", frontMatter: FrontMatter(), body: "Monday LATER later latest Later’s Mondays I café Ｉ\n",
            sourceMap: SourceMap(file: "chapters/c.md"), partIndex: nil, matter: nil)
        let block = ProseChapter(chapter, index: 0).blocks[0]
        let words = ProseWordSet(["Monday", "later", "I", "cafe"])
        #expect(block.tokens.map { words.contains($0, in: block) } == [true, false, true, false, false, false, true, false, false])
        #expect(block.tokens.map { words.containsLowercased($0, in: block) } == [false, true, true, false, false, false, false, false, false])
        #expect(!ProseWordSet([]).contains(block.tokens[0], in: block))
    }

    @Test func aWordTallyCountsEachDistinctWordOnce() {
        // Ninety distinct names (the table grows past its first 64 slots), each used twice, and
        // one name written precomposed and with a combining accent: one String, one key.
        let names = (0..<90).map { "Name\(String(UnicodeScalar(UInt8(65 + $0 % 26))))\($0)" }
        let body = (names + names).joined(separator: " ") + " Zo\u{EB} Zoe\u{308}\n"
        let chapter = Chapter(
            name: "c", path: "chapters/c.md", frontMatter: FrontMatter(), body: body,
            sourceMap: SourceMap(file: "chapters/c.md"), partIndex: nil, matter: nil)
        let blocks = ProseChapter(chapter, index: 0).blocks
        var tally = ProseWordTally<Int>()
        for token in blocks[0].tokens where token.isWord {
            tally.update(token.start..<token.end, ofBlock: 0, in: blocks, initial: 0) { $0 += 1 }
        }
        #expect(tally.count == 92)
        let counts = tally.dictionary(blocks: blocks) { $0 += $1 }
        #expect(counts.count == 91)
        #expect(names.allSatisfy { counts[$0] == 2 })
        #expect(counts["Zo\u{EB}"] == 2)
    }

    @Test func aChapterBodyIsReadEightBytesAtATime() {
        // Line ends and letters past ASCII at every offset of an eight-byte word.
        var bodies = ["", "a", "short\n", "exactly8", "exactly8\n", "\r\n\r\n\r\n\r\n"]
        for offset in 0..<9 {
            let pad = String(repeating: "x", count: offset)
            bodies += [pad + "\nrest of a longer line here", pad + "\r\nmore text after it", pad + "é and then ASCII for a while\n", pad + "“quoted”"]
        }
        for body in bodies {
            let read = ScalarBody(body)
            #expect(read.scalars == body.unicodeScalars.map { $0 == "\r" ? " " : $0 }, "\(body.debugDescription)")
            // By bytes: "\r\n" is one Character.
            let lines = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
            #expect(read.lines.count == lines.count)
            #expect(read.asciiLines == lines.map { $0.allSatisfy { $0 < 0x80 } })
        }
        #expect(UTF8Bytes.asciiWord(0x6161_6161_6161_0A61, holds: 0x0A))
        #expect(!UTF8Bytes.asciiWord(0x0B0B_0909_6161_6161, holds: 0x0A))
    }

    @Test func aFullStopAfterAnAbbreviationOrAnInitialEndsNoSentence() {
        // "É" written with a combining accent is one character: an initial; "I." is not one.
        let text = Array("Mr. Darcy met J. Smith and E\u{301}. Zola. Then I. Then etc. Then word. Next".unicodeScalars)
        let (tokens, sentences) = ProseText.tokenize(text)
        let words = sentences.map { sentence in
            tokens[sentence].filter(\.isWord).map { ProseText.string(text[$0.start..<$0.end]) }.joined(separator: " ")
        }
        #expect(words == ["Mr Darcy met J Smith and E\u{301} Zola", "Then I", "Then etc Then word", "Next"])
    }

    @Test func anArrayKeptForTheBuildLosesItsGrowthRoom() {
        var grown: [Int] = []
        for value in 0..<1000 { grown.append(value) }
        let exact = grown.withExactCapacity
        #expect(exact == grown)
        #expect(exact.capacity - exact.count <= exact.count / 8)
    }

    @Test func eachWordIsFoundWhereItIsWritten() {
        let markdown = """
            > He said "hello" and *she*
            answered \\*no\\* &amp; left -- fast...
            > third [link](http://x "title") `code` end.

            - [x] done
              > quoted
              lazy line

            Text with hard\\
            break, **strong** words, ![an image](i.png) and <span class="x">xylophone</span>.

            | cell one | cell *two* |
            |---|---|
            | caf&eacute; | a\\|b |
            """
        let found = sources(markdown)
        for (word, source) in found where !["café", "a", "b"].contains(word) {
            #expect(word == source, "\(word) was read from '\(source)'")
        }
        #expect(found.first { $0.word == "café" }?.source == "caf&eacute;")
        #expect(found.map(\.word) == [
            "He", "said", "hello", "and", "she", "answered", "no", "left", "fast", "third", "link", "end", "done", "quoted",
            "lazy", "line", "Text", "with", "hard", "break", "strong", "words", "and", "xylophone", "cell", "one", "cell",
            "two", "café", "a", "b",
        ])
    }

    @Test func rubyAnnotationsAndRawCodeAreNotProse() {
        #expect(WordCounter.count(markdown: "A <ruby>漢<rt>かん</rt></ruby> word").words == 3)
        #expect(WordCounter.count(markdown: "Use <code>let x</code> here").words == 2)
        #expect(WordCounter.count(markdown: "<div>\nTwo words <code>not these</code>\n</div>\n").words == 2)
    }

    @Test func findingsNameTheLineAndColumnAfterMarkup() {
        let chapter = Chapter(
            name: "c", path: "chapters/c.md", frontMatter: FrontMatter(), body: "Intro.\n\n> *Quoted* and\n> the the end.\n",
            sourceMap: SourceMap(file: "chapters/c.md", bodyLineOffset: 2), partIndex: nil, matter: nil)
        let prose = ProseChapter(chapter, index: 0)
        let block = prose.blocks[1]
        let the = block.tokens.firstIndex { block.text(of: $0) == "the" }!
        let finding = prose.finding(.warning, .doubledWord, block: 1, tokens: the...(the + 1), "m", suggestion: "s", confidence: 1)
        #expect(finding.location == SourceLocation(file: "chapters/c.md", line: 6, column: 3))
        #expect(finding.quote == "the the")
    }

    /// stats.json and continuity.json count the same words: on the sample and on four real books.
    @Test(arguments: ["Samples/the-lighthouse-keeper", "corpus/pride-and-prejudice", "corpus/a-tale-of-two-cities",
        "corpus/great-expectations", "corpus/rust-book"])
    func theStatsAndTheContinuityReportCountTheSameWords(_ book: String) throws {
        if book.hasPrefix("corpus/") { try Hermetic.require(.corpus) }
        let root = book.hasPrefix("corpus/") ? sharedFolder.appendingPathComponent(book) : packageRoot.appendingPathComponent(book)
        try #require(FileManager.default.fileExists(atPath: root.path), "\(root.path) is missing")
        var options = BuildOptions(root: root, includeHistory: false)
        options.allowBlocking = true
        let checked = try Pipeline.check(options)
        let stats = try Pipeline.stats(root: root, options: StatsOptions(includeHistory: false)).stats
        #expect(stats.wordCount > 1000)
        #expect(checked.continuity.stats.totalWords == stats.wordCount)
    }
}
