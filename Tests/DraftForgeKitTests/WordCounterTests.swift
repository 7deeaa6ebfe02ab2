import Foundation
import Testing
@testable import DraftForgeKit

/// The counting rules of the README, one row each: Markdown in, words (and where it matters,
/// characters, paragraphs and dialogue) out. Every right answer was counted by hand.
@Suite("Word counting")
struct WordCounterTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var markdown: String
        var words: Int
        var note: String
        var testDescription: String { note }
    }

    static let cases: [Case] = [
        Case(markdown: "Don’t stop.", words: 2, note: "U+2019 inside a word joins"),
        Case(markdown: "Don't stop.", words: 2, note: "U+0027 inside a word joins"),
        Case(markdown: "the students’ books and ’tis", words: 5, note: "outer apostrophes separate"),
        Case(markdown: "a well-known fact", words: 3, note: "U+002D inside a word joins"),
        Case(markdown: "well\u{2010}known and non\u{2011}breaking", words: 3, note: "U+2010 and U+2011 join"),
        Case(markdown: "a wall -- of text - here", words: 5, note: "free-standing hyphens separate"),
        Case(markdown: "one\u{00A0}two", words: 2, note: "U+00A0 separates"),
        Case(markdown: "one\u{2060}—two", words: 2, note: "U+2060 separates"),
        Case(markdown: "one\u{2060}two", words: 2, note: "U+2060 alone separates"),
        Case(markdown: "I—we—left", words: 3, note: "dashes separate"),
        Case(markdown: "中文字", words: 3, note: "each ideograph is a word"),
        Case(markdown: "我爱你 and more", words: 5, note: "ideographs beside Latin words"),
        Case(markdown: "A中B", words: 3, note: "an ideograph ends the word before it"),
        Case(markdown: "東京は大きい", words: 6, note: "each kana is a word, as each ideograph is"),
        Case(markdown: "こんにちは", words: 5, note: "hiragana: one each"),
        Case(markdown: "カタカナ・テスト", words: 7, note: "katakana one each; the middle dot is punctuation"),
        Case(markdown: "ภาษาไทยเป็นภาษาที่สวยงาม", words: 6, note: "Thai: words found by dictionary"),
        Case(markdown: "ภาษาไทย ๒๕๖๗ ครับ", words: 4, note: "Thai words and Thai digits"),
        Case(markdown: "ຂ້ອຍຮັກເຈົ້າ", words: 3, note: "Lao"),
        Case(markdown: "ខ្ញុំស្រលាញ់អ្នក", words: 3, note: "Khmer"),
        Case(markdown: "한국어 문장입니다", words: 2, note: "Korean separates words with spaces"),
        Case(markdown: "Linux의 설치", words: 3, note: "a Korean particle on a Latin name is a word of its own"),
        Case(markdown: "설치Linux 판", words: 3, note: "so are Latin letters after a Korean word"),
        Case(markdown: "Zoë’s naïve x2b café", words: 4, note: "ASCII letters and digits beside other letters: one word"),
        Case(markdown: "Cygwinのインストール", words: 8, note: "so is a kana particle: Cygwin, の, and six kana"),
        Case(markdown: "Ελληνικά и русский язык", words: 4, note: "any script's letters"),
        Case(markdown: "cafe\u{0301} au lait", words: 3, note: "combining marks stay in the word"),
        Case(markdown: "in 1890, at 3.5 knots", words: 6, note: "digits are word characters; '.' separates"),
        Case(markdown: "H₂O and x²", words: 3, note: "other numbers are word characters"),
        Case(markdown: "**bold**ness *is* one", words: 3, note: "inline markup does not split a word"),
        Case(markdown: "Use `let x = 1` here", words: 2, note: "inline code does not count"),
        Case(markdown: "Text.\n\n```swift\nlet y = 2 // words\n```\n\n    indented code too\n", words: 1,
             note: "code blocks do not count"),
        Case(markdown: "See [the docs](https://example.com/a-long/path \"A title\").", words: 3,
             note: "a link's target and title do not count"),
        Case(markdown: "Visit <https://example.com/x> or www.example.com or me@example.com today.", words: 4,
             note: "autolinks are their own targets"),
        Case(markdown: "A map: ![the harbour map](images/map-of-the-harbour.svg)", words: 2,
             note: "image paths and alt text do not count"),
        Case(markdown: "<span class=\"big words\">inside</span> <!-- not counted --> out <br> end", words: 3,
             note: "HTML tags, attributes and comments do not count"),
        Case(markdown: "Text[^1] and more.\n\n[^1]: A note here.\n", words: 6,
             note: "footnotes count, their markers do not"),
        Case(markdown: "Twice[^a] and[^a].\n\n[^a]: Note.\n", words: 3,
             note: "repeated footnote back-references do not count"),
        Case(markdown: "# The Title\n\n## A *Sub* heading\n", words: 5, note: "headings count"),
        Case(markdown: "- one\n- two words\n  1. nested item\n", words: 5, note: "lists count"),
        Case(markdown: "| a | b c |\n|---|---|\n| d | e |\n", words: 5, note: "tables count, cells separate"),
        Case(markdown: "> quoted words\n>\n> > nested\n", words: 3, note: "block quotes count"),
        Case(markdown: "- [x] done task\n- [ ] open\n", words: 3, note: "task list boxes are not words"),
        Case(markdown: "end of one\nline and the next", words: 7, note: "a soft line break separates"),
        Case(markdown: "word<br>word", words: 2, note: "a hard line break separates"),
        Case(markdown: "First\n\nSecond", words: 2, note: "blocks separate"),
        Case(markdown: "* * *\n\n---\n", words: 0, note: "scene breaks hold no words"),
        Case(markdown: "", words: 0, note: "empty"),
    ]

    @Test(arguments: cases) func words(_ row: Case) {
        #expect(WordCounter.count(markdown: row.markdown).words == row.words, "\(row.markdown)")
    }

    @Test func plainTextFollowsTheSameRules() {
        #expect(WordCounter.words(in: "don't") == 1)
        #expect(WordCounter.words(in: "well--known") == 2)
        #expect(WordCounter.words(in: "rock 'n' roll") == 3)
        #expect(WordCounter.words(in: "don''t") == 2)
        #expect(WordCounter.words(in: "-lead trail- 'quote'") == 3)
        #expect(WordCounter.words(in: "  \n\t ") == 0)
        #expect(WordCounter.words(in: "中\u{FE00}文") == 2, "a variation selector stays with its ideograph")
    }

    @Test func charactersAreScalarsOfProseWithoutLineBreaks() {
        #expect(WordCounter.count(markdown: "one two\nthree").characters == 12)
        #expect(WordCounter.count(markdown: "Use `x` now").characters == 8)
        #expect(WordCounter.count(markdown: "# Head\n\nBody.\n").characters == 9)
        #expect(WordCounter.count(markdown: "cafe\u{0301}").characters == 5, "scalars, not graphemes")
        #expect(WordCounter.count(markdown: "a\u{00A0}b\u{2060}c").characters == 5)
        #expect(WordCounter.count(markdown: "[link](http://x.example/long)").characters == 4)
        #expect(WordCounter.count(markdown: "x &amp; y").characters == 5, "entities count as the character they name")
    }

    @Test func paragraphsArePBlocksWithWords() {
        let count = WordCounter.count(markdown: "One.\n\nTwo.\n\n* * *\n\n> Three.\n\n- tight\n- list\n\n---\n")
        #expect(count.paragraphs == 3)
        #expect(WordCounter.count(markdown: "- loose\n\n- list\n").paragraphs == 2)
    }

    @Test func dialogueIsWordsInsideDoubleQuotes() {
        let curly = WordCounter.count(markdown: "“Hello there,” she said. “Go.”", smartPunctuation: false)
        #expect(curly.words == 5)
        #expect(curly.dialogueWords == 3)
        let straight = WordCounter.count(markdown: #""Go now," he said."#, smartPunctuation: false)
        #expect(straight.dialogueWords == 2)
        #expect(straight.words == 4)
        let smart = WordCounter.count(markdown: #""Go now," he said."#, smartPunctuation: true)
        #expect(smart.dialogueWords == 2)
        // A speech running over paragraphs reopens in each; a block always ends a quotation.
        let running = WordCounter.count(markdown: "“Start of speech.\n\n“More speech,” he said.\n\nNarration.")
        #expect(running.words == 8)
        #expect(running.dialogueWords == 5)
        // Single quotes are not dialogue marks: ’ is also the apostrophe.
        #expect(WordCounter.count(markdown: "‘Go,’ he said, “it’s ‘fine’ now.”").dialogueWords == 3)
        #expect(WordCounter.count(markdown: "He said ” odd").dialogueWords == 0)
        #expect(WordCounter.count(markdown: "“Use `code` here”").dialogueWords == 2)
    }

    @Test func deeplyNestedMarkdownCountsOnALargeStack() {
        let markdown = String(repeating: "> ", count: 5_000) + "deepest words\n"
        #expect(LargeStack.run { WordCounter.count(markdown: markdown).words } == 2)
    }
}
