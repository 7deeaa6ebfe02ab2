import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// Books in Russian, Greek, Chinese, Japanese, Thai, Arabic and French: ids in their own
/// script, links as GitHub writes them, counts made by hand, `lang` per chapter, direction.
@Suite("Every language")
struct LanguageTests {
    static let books: [String: [String: String]] = [
        "russian": [
            "draftforge.yml": "title: Война и мир\nlanguage: ru\n",
            "chapters/01-vvedenie.md": """
                # Вступление

                ## Основы

                См. [основы](#основы), [Основы](#Основы), [ОСНОВЫ](#%D0%9E%D0%A1%D0%9D%D0%9E%D0%92%D0%AB) и [дальше](02-dalee.md#Дальше).
                """,
            "chapters/02-dalee.md": "# Дальше\n\n## Основы\n\nНазад: [основы](01-vvedenie.md#основы).\n",
        ],
        "greek": [
            "draftforge.yml": "title: Τα βασικά\nlanguage: el\n",
            "chapters/01-one.md": "# Τα βασικά\n\nΔες [τα βασικά](#τα-βασικά) και [Τα Βασικά](#Τα-Βασικά).\n",
        ],
        "chinese": [
            "draftforge.yml": "title: 三体\nlanguage: zh-Hans\n",
            "chapters/01-one.md": "# 第一章\n\n## 基本\n\n见[基本](#基本)。我爱你。\n",
        ],
        "japanese": [
            "draftforge.yml": "title: 日本の本\nlanguage: ja\n",
            "chapters/01-one.md": "# はじめに\n\n東京は大きい。カタカナ・テスト。\n",
        ],
        "thai": [
            "draftforge.yml": "title: ภาษาไทย\nlanguage: th\n",
            "chapters/01-one.md": "# บทที่หนึ่ง\n\nภาษาไทยเป็นภาษาที่สวยงาม\n",
        ],
        "arabic": [
            "draftforge.yml": "title: كتاب\nlanguage: ar\n",
            "chapters/01-one.md": "# مقدمة\n\nانظر [المقدمة](#مقدمة).\n",
            "chapters/02-english.md": "---\nlanguage: en\n---\n# An English chapter\n\nHello.\n",
        ],
        "french": [
            "draftforge.yml": "title: L'Écluse d'Été\nlanguage: fr\n",
            "chapters/01-un.md": "# Les bases\n\n## Été\n\nVoir [l'été](#été) et [ete](#ete).\n",
            "chapters/02-deux.md": "---\nlanguage: de\n---\n# Ein deutsches Kapitel\n\nHallo.\n",
        ],
    ]

    static func book(_ name: String) throws -> TestManuscript { try TestManuscript(books[name]!) }

    static func page(_ manuscript: TestManuscript, _ epubName: String, _ file: String) throws -> String {
        let epub = try EPUBContents(manuscript.dist.appendingPathComponent(epubName))
        return try #require(epub["OEBPS/text/\(file).xhtml"], "\(epub.names)")
    }

    @Test func russianIDsKeepTheirScriptAndFragmentsLandInAnyCase() throws {
        let manuscript = try Self.book("russian")
        let result = try manuscript.build()
        #expect(!result.diagnostics.contains { $0.code == "manuscript.broken-link" }, "\(result.diagnostics)")
        #expect(FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("voina-i-mir.epub").path))
        let one = try Self.page(manuscript, "voina-i-mir.epub", "01-vvedenie")
        #expect(one.contains(#"<h1 id="вступление">Вступление</h1>"#), "\(one)")
        #expect(one.contains(#"<h2 id="основы">Основы</h2>"#))
        #expect(one.components(separatedBy: ##"<a href="#основы">"##).count == 4, "three spellings, one id: \(one)")
        #expect(one.contains(#"<a href="02-dalee.xhtml#дальше">дальше</a>"#))
        let two = try Self.page(manuscript, "voina-i-mir.epub", "02-dalee")
        #expect(two.contains(#"<h2 id="основы--02-dalee">Основы</h2>"#), "another chapter's heading takes its file's name")
        #expect(two.contains(#"<a href="01-vvedenie.xhtml#основы">основы</a>"#))
    }

    @Test func greekChineseAndFrenchHeadingsKeepTheirLetters() throws {
        let greek = try Self.book("greek")
        let greekResult = try greek.build()
        #expect(!greekResult.diagnostics.contains { $0.code == "manuscript.broken-link" })
        let greekPage = try Self.page(greek, "ta-basika.epub", "01-one")
        #expect(greekPage.contains(#"<h1 id="τα-βασικά">"#), "\(greekPage)")
        #expect(greekPage.components(separatedBy: ##"href="#τα-βασικά""##).count == 3)

        let chinese = try Self.book("chinese")
        _ = try chinese.build()
        let chinesePage = try Self.page(chinese, "san-ti.epub", "01-one")
        #expect(chinesePage.contains(#"<h2 id="基本">基本</h2>"#), "\(chinesePage)")
        #expect(chinesePage.contains(##"<a href="#基本">基本</a>"##))

        let french = try Self.book("french")
        let frenchResult = try french.build()
        #expect(!frenchResult.diagnostics.contains { $0.code == "manuscript.broken-link" })
        let frenchPage = try Self.page(french, "l-ecluse-d-ete.epub", "01-un")
        #expect(frenchPage.contains(#"<h2 id="été">Été</h2>"#))
        #expect(frenchPage.components(separatedBy: ##"href="#été""##).count == 3, "an accent-less link from an earlier version lands too")
    }

    /// Counted by hand: 第一章 3 + 我爱你 3 + 基本 2 (heading) + 见基本 3 = 11; 東京は大きい 6 +
    /// カタカナ 4 + テスト 3 + はじめに 4 = 17; Thai: บท ที่ หนึ่ง 3 + ภาษา ไทย เป็น ภาษา ที่ สวยงาม 6 = 9.
    @Test(arguments: [("chinese", 11), ("japanese", 17), ("thai", 9)])
    func wordsAreCountedAsTheirWritersCountThem(_ name: String, _ words: Int) throws {
        let manuscript = try Self.book(name)
        let result = try manuscript.build()
        #expect(result.wordCount == words)
    }

    @Test func aChapterInAnotherLanguageHasItsLangAndArabicRunsRightToLeft() throws {
        let arabic = try Self.book("arabic")
        _ = try arabic.build()
        let epub = try EPUBContents(arabic.dist.appendingPathComponent(
            try #require(FileManager.default.contentsOfDirectory(atPath: arabic.dist.path).first { $0.hasSuffix(".epub") })))
        let opf = try #require(epub["OEBPS/content.opf"])
        #expect(opf.contains(#"<spine toc="ncx" page-progression-direction="rtl">"#), "\(opf)")
        let one = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(one.contains(#"lang="ar" xml:lang="ar" dir="rtl">"#), "\(one)")
        #expect(one.contains(#"<h1 id="مقدمة">"#))
        let english = try #require(epub["OEBPS/text/02-english.xhtml"])
        #expect(english.contains(#"lang="en" xml:lang="en">"#), "a left-to-right chapter in a right-to-left book: \(english)")
        let site = try String(contentsOf: arabic.dist.appendingPathComponent("html/02-english.html"), encoding: .utf8)
        #expect(site.contains(#"<html lang="en" class="no-js">"#), "\(site)")
        let arabicPage = try String(contentsOf: arabic.dist.appendingPathComponent("html/01-one.html"), encoding: .utf8)
        #expect(arabicPage.contains(#"<html lang="ar" dir="rtl" class="no-js">"#))

        let templates = try TemplateSet(format: "pdf", manuscriptRoot: arabic.root)
        let engine = try PDFEngine.locate(environment: [PDFEngine.overrideVariable: "/bin/false"])
        let (book, _) = try arabic.render()
        let pdf = PDFPackager(templates: templates, engine: engine).document(book)
        #expect(pdf.contains(#"<html lang="ar" dir="rtl">"#))
        #expect(pdf.contains(#" lang="en" dir="ltr">"#), "the English chapter of the print document")

        let french = try Self.book("french")
        _ = try french.build()
        let german = try Self.page(french, "l-ecluse-d-ete.epub", "02-deux")
        #expect(german.contains(#"lang="de" xml:lang="de">"#))
        let frenchPage = try Self.page(french, "l-ecluse-d-ete.epub", "01-un")
        #expect(frenchPage.contains(#"lang="fr" xml:lang="fr">"#))
        #expect(!opf.isEmpty)
    }

    /// Latin names with a Korean or Japanese particle attached are the names, not variants of them.
    @Test func namesWithParticlesAreNotVariants() throws {
        let english = String(repeating: "Linux and Cygwin run here. ", count: 12)
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: Multilingual\nlanguage: en\n",
            "chapters/01-one.md": "# One\n\n\(english)\n\nLinux의 설치. Linux의 버전. Cygwinのインストール。Cygwinの設定。\n",
        ])
        let result = try manuscript.build()
        #expect(!result.diagnostics.contains { $0.code.hasPrefix("name_inconsistency") }, "\(result.diagnostics)")
        #expect(!result.diagnostics.contains { $0.code == "manuscript.doubled-word" })
    }

    /// A language Debian has no word list for is said once, not guessed at with English words.
    @Test func aLanguageWithoutAWordListIsSaidOnce() throws {
        let manuscript = try Self.book("thai")
        let result = try manuscript.build()
        let notes = result.diagnostics.filter { $0.code == "manuscript.no-word-list" || $0.code.hasSuffix("no-word-list") }
        #expect(notes.count == 1, "\(result.diagnostics)")
        #expect(notes.first?.message == "DraftForge knows no word list for 'th', so name spellings were not checked")
    }

    /// Smart punctuation writes each language's marks; apostrophes stay apostrophes.
    @Test(arguments: [
        ("de", "„Sie sagte: ‚Nein‘, und ging.“ Es ist Peter’s Haus."),
        ("fr", "«\u{202F}Elle a dit\u{00A0}: “non”, et partit.\u{202F}» Es ist Peter’s Haus."),
        ("ja", "「Sie sagte: 『Nein』, und ging.」 Es ist Peter’s Haus."),
        ("ru", "«Sie sagte: „Nein“, und ging.» Es ist Peter’s Haus."),
        ("en", "“Sie sagte: ‘Nein’, und ging.” Es ist Peter’s Haus."),
    ])
    func quotationMarksFollowTheLanguage(_ language: String, _ expected: String) throws {
        let text = language == "fr" ? "\"Elle a dit : 'non', et partit.\" Es ist Peter's Haus." : "\"Sie sagte: 'Nein', und ging.\" Es ist Peter's Haus."
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": "# One\n\n\(text)\n\n`\"code\"`\n"], config: "title: T\nlanguage: \(language)\n")
        let (book, _) = try manuscript.render()
        #expect(book.chapters[0].xhtml.contains("<p>\(expected)</p>"), "\(book.chapters[0].xhtml)")
        #expect(book.chapters[0].xhtml.contains("<code>\"code\"</code>"), "code keeps its straight quotes")
    }

    /// French sets a no-break space before `:` and a narrow one before `; ! ?`, where the author
    /// typed a space: the mark never starts a line. Code and untyped spaces are left alone.
    @Test func frenchSpacesItsHighPunctuation() throws {
        let text = "Quoi ? Non ! Il vint ; elle dit : oui. Pourquoi? `a ; b ?`"
        let french = try TestManuscript.minimal(
            ["chapters/01-one.md": "# One\n\n\(text)\n", "chapters/02-two.md": "---\nlanguage: en\n---\n# Two\n\n\(text)\n"],
            config: "title: T\nlanguage: fr\n")
        let (book, _) = try french.render()
        #expect(book.chapters[0].xhtml.contains(
            "<p>Quoi\u{202F}? Non\u{202F}! Il vint\u{202F}; elle dit\u{00A0}: oui. Pourquoi? <code>a ; b ?</code></p>"), "\(book.chapters[0].xhtml)")
        #expect(book.chapters[1].xhtml.contains("<p>Quoi ? Non ! Il vint ; elle dit : oui."), "an English chapter keeps its spaces")
        let plain = try TestManuscript.minimal(["chapters/01-one.md": "# One\n\n\(text)\n"], config: "title: T\nlanguage: fr\nsmart_punctuation: false\n")
        #expect(try plain.render().0.chapters[0].xhtml.contains("<p>Quoi ? Non !"), "smart punctuation off")
    }

    @Test func quotesInTheConfigOverrideTheLanguage() throws {
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": "# One\n\n\"Hi.\"\n"], config: "title: T\nquotes: \"»«›‹\"\n")
        let (book, _) = try manuscript.render()
        #expect(book.chapters[0].xhtml.contains("<p>»Hi.«</p>"))
        let bad = try TestManuscript.minimal([:], config: "title: T\nquotes: \"«\"\n")
        #expect(bad.failure()?.diagnostics.first { $0.severity == .error }?.message == "'quotes' must be two or four quotation marks, not '«'")
    }

    @Test func verticalJapaneseTurnsRightToLeft() throws {
        var files = Self.books["japanese"]!
        files["draftforge.yml"] = "title: 日本の本\nlanguage: ja\nwriting_mode: vertical\n"
        let manuscript = try TestManuscript(files)
        let result = try manuscript.build()
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        #expect(try #require(epub["OEBPS/content.opf"]).contains(#"page-progression-direction="rtl""#))
        #expect(try #require(epub["OEBPS/styles/book.css"]).contains("writing-mode: vertical-rl"))
        #expect(!(try #require(epub["OEBPS/text/01-one.xhtml"]).contains(#"dir="rtl""#)), "the text itself runs top to bottom, not right to left")
    }

    /// stats.json counts the words of each script in a book that mixes them; in 1926, 3 Han,
    /// 2 Latin and 5 kana.
    @Test func statsCountTheWordsOfEachScriptInAMixedBook() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: T\nlanguage: ja\n",
            "chapters/01-one.md": "# 東京\n\nIn 1926 Tokyo 大きい。カタカナ\n",
        ])
        let result = try manuscript.build()
        #expect(result.stats.wordsByScript == ["Han": 3, "Latin": 2, "Hiragana": 2, "Katakana": 4, "Common": 1])
        let english = try TestManuscript.minimal(["chapters/01.md": "# One\n\nIn 1926.\n"])
        #expect(try english.build().stats.wordsByScript == nil)
    }

    /// A bilingual edition holds each language in a part of its own.
    @Test func aPartsLanguageIsItsChaptersLanguage() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": """
                title: Two Tongues
                language: en
                outline:
                  - part: English
                    chapters: [01-one]
                  - part: Français
                    language: fr
                    chapters: [02-un, 03-deux]
                """,
            "chapters/01-one.md": "# One\n\n\"Hello.\"\n",
            "chapters/02-un.md": "# Un\n\n\"Vous vous levez.\"\n",
            "chapters/03-deux.md": "---\nlanguage: de\n---\n# Zwei\n\nHallo.\n",
        ])
        let result = try manuscript.build()
        #expect(!result.diagnostics.contains { $0.code == "manuscript.doubled-word" }, "\(result.diagnostics)")
        let epub = try EPUBContents(try #require(result.outputs.first { $0.format == .epub }).url)
        #expect(try #require(epub["OEBPS/text/01-one.xhtml"]).contains(#"lang="en" xml:lang="en">"#))
        let french = try #require(epub["OEBPS/text/02-un.xhtml"])
        #expect(french.contains(#"lang="fr" xml:lang="fr">"#))
        #expect(french.contains("«\u{202F}Vous vous levez.\u{202F}»"), "the part's quotation marks")
        #expect(try #require(epub["OEBPS/text/03-deux.xhtml"]).contains(#"lang="de" xml:lang="de">"#), "front matter wins")
    }

    @Test func aBadLanguageInFrontMatterIsAnErrorAtItsLine() throws {
        let manuscript = try TestManuscript(["draftforge.yml": "title: T\n", "chapters/01.md": "---\nlanguage: not a tag\n---\n# One\n"])
        let failure = try #require(manuscript.failure())
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.message == "'not a tag' is not a BCP 47 language tag")
        #expect(error.location?.description == "chapters/01.md:2:11")
    }

    @Test(.externalTools, arguments: ["russian", "greek", "chinese", "japanese", "thai", "arabic", "french", "vertical"])
    func epubCheckAndTheNuCheckerPassEachBook(_ name: String) throws {
        var files = Self.books[name == "vertical" ? "japanese" : name]!
        if name == "vertical" { files["draftforge.yml"] = "title: 縦書き\nlanguage: ja\nwriting_mode: vertical\n" }
        let manuscript = try TestManuscript(files)
        let result = try manuscript.build()
        let epub = try #require(result.outputs.first { $0.format == .epub }).url
        let problems = try EPUBCheckTests.problems(in: epub, report: manuscript.url("epubcheck.json"))
        #expect(problems == nil, "\(problems ?? "")")
        let site = manuscript.dist.appendingPathComponent("html")
        let pages = try FileManager.default.contentsOfDirectory(atPath: site.path).filter { $0.hasSuffix(".html") }.sorted()
            .map { site.appendingPathComponent($0) }
        let verdict = try SiteValidationTests.check(pages, scratch: manuscript)
        #expect(verdict.errors.isEmpty, "\(verdict.listed)")
    }
}
