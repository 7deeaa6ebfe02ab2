// manuscript.doubled-word: the same word twice in a row, with only spaces or a line break
// between them. Pairs that English uses on purpose ("had had", "that that", "told you you
// could", "teach her her own", "a long long time") are left alone, as are those of the chapter's
// language ("vous vous connectez", "dass sie sie sah"), reduplication in scripts that use it
// (谢谢, ひとびと), and words on two lines of verse (a hard line break between them).
//     She walked to the the door.
import Foundation

struct DoubledWordRule: ChapterRule {
    static let codes: [DiagnosticCode] = [.doubledWord]
    /// Doubles that are grammatical or deliberate.
    static let allowed: Set<String> = ["had", "that", "is", "her", "you", "long", "many", "ever", "never", "whom", "which", "do", "ha", "la", "tut", "bye", "very", "so", "no", "yes", "oh", "ah", "now", "well", "pooh", "hush", "knock", "dear", "there", "come", "go", "again", "far", "on", "round", "more", "over", "out", "in", "off", "away", "back", "down", "up", "why", "what", "who"]

    /// Doubles each language writes on purpose, by primary language subtag: reflexive and
    /// relative pronouns beside their own kind.
    static let allowedByLanguage: [String: Set<String>] = [
        "fr": ["vous", "nous", "que", "ou", "si"],
        "de": ["die", "der", "das", "den", "dem", "sie", "es", "ich", "wir", "ihr"],
        "nl": ["die", "dat", "er", "ik", "ze", "zo"],
        "es": ["que", "se", "no", "sí", "muy", "ya"],
        "pt": ["que", "se", "não", "muito", "já"],
        "it": ["che", "si", "no", "molto", "piano", "pian"],
        "ru": ["что", "так", "нет", "да", "очень", "еле", "чуть", "давно", "только"],
        "uk": ["що", "так", "ні", "дуже", "ледве"],
        "pl": ["że", "nie", "tak", "bardzo", "się"],
        "cs": ["že", "ne", "tak", "velmi", "se"],
        "el": ["να", "πολύ", "σιγά", "όχι", "ναι"],
    ]

    func check(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic] {
        let language = chapter.chapter.frontMatter.language ?? context.language
        let primary = LanguageTag.primary(language)
        let allowed = Self.allowed.union(Self.allowedByLanguage[primary] ?? [])
        var findings: [Diagnostic] = []
        for (b, block) in chapter.blocks.enumerated() where block.tokens.count > 1 {
            // A paragraph of tens of thousands of words is checked in pieces on every core: each
            // finding quotes its source, and the other rules are long done.
            let pieces = Parallel.pieces(of: 1..<block.tokens.count, from: 8192)
            guard pieces.count > 1 else {
                findings += Self.doubles(in: chapter, block: b, pairs: 1..<block.tokens.count, allowed: allowed)
                continue
            }
            for found in Parallel.map(pieces, { Self.doubles(in: chapter, block: b, pairs: $0, allowed: allowed) }) { findings += found }
        }
        return findings
    }

    /// The first UTF-8 byte of a scalar with ASCII's case bit set: equal for the first letters
    /// of a word and of its capitalised form, so most pairs are told apart without a String.
    private static func foldedLeadByte(_ scalar: Unicode.Scalar) -> UInt8 {
        UTF8.encode(scalar)!.first! | 0x20
    }

    /// False when two words of one length differ in a letter that is ASCII in both, case
    /// folded: "it is", "of on" are told apart before either is made a String.
    private static func mayBeEqualFolded(_ text: [Unicode.Scalar], _ first: ProseToken, _ second: ProseToken) -> Bool {
        var other = second.start
        for scalar in text[first.start..<first.end] {
            let a = scalar.value, b = text[other].value
            other += 1
            guard a != b, a < 0x80, b < 0x80 else { continue }
            if CodeByte.lowercased(UInt8(a)) != CodeByte.lowercased(UInt8(b)) { return false }
        }
        return true
    }

    /// The doubled words among token pairs `(t - 1, t)` of block `b`, for `t` in `pairs`.
    private static func doubles(in chapter: ProseChapter, block b: Int, pairs: Range<Int>, allowed: Set<String>) -> [Diagnostic] {
        let block = chapter.blocks[b]
        let tokens = block.tokens
        var findings: [Diagnostic] = []
        lazy var lines = LineCache()  // only a pair of equal words reads the source
        for t in pairs {
            let first = tokens[t - 1], second = tokens[t]
            guard first.isWord, second.isWord, first.length == second.length,
                Self.foldedLeadByte(block.text[first.start]) == Self.foldedLeadByte(block.text[second.start]),
                Self.mayBeEqualFolded(block.text, first, second)
            else { continue }
            let firstText = block.text(of: first), secondText = block.text(of: second)
            let lower = firstText.lowercased()
            guard lower == secondText.lowercased(),
                let initial = firstText.unicodeScalars.first, initial.properties.isAlphabetic,
                // Han characters and kana double on purpose (谢谢, 人人, ひとびと).
                ProseText.kind(of: initial) != .ideograph,
                !allowed.contains(lower),
                firstText.count == 1 || firstText.uppercased() != firstText,  // AND AND in a truth table
                block.text[first.end..<second.start].allSatisfy({ ProseText.isBlank($0) && $0 != ProseText.hardBreak }),
                chapter.sourceIsBlank(block: b, between: first.start..<first.end, and: second.start..<second.end, lines: lines)
            else { continue }
            findings.append(chapter.finding(
                .warning, .doubledWord, block: b, tokens: (t - 1)...t,
                "'\(firstText)' is written twice",
                suggestion: "delete one '\(secondText)'", confidence: 0.85, lines: lines))
        }
        return findings
    }
}
