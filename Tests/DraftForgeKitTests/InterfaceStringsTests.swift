import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// DraftForge's own words — contents, search, copyright lines, the report pages — in the book's
/// language, from `Templates/strings/`, with `site.strings` over them.
@Suite("Interface strings")
struct InterfaceStringsTests {
    static let english = InterfaceStrings.table("en") ?? [:]

    // MARK: - The tables

    @Test func everyTableHasTheEnglishKeysPlaceholdersAndItsLanguagesPluralForms() throws {
        #expect(Self.english.count > 90)
        #expect(InterfaceStrings.languages.count >= 13, "\(InterfaceStrings.languages)")
        for name in InterfaceStrings.languages {
            let table = try #require(InterfaceStrings.table(name))
            #expect(Set(table.keys) == Set(Self.english.keys), "\(name).json: keys differ from en.json")
            for (key, entry) in table {
                guard let original = Self.english[key] else { continue }
                let placeholders = InterfaceStrings.placeholders(in: original.texts.joined())
                for text in entry.texts {
                    #expect(!text.isEmpty || key == "list_separator", "\(name).json: '\(key)' is empty")
                    #expect(InterfaceStrings.placeholders(in: text) == placeholders, "\(name).json: '\(key)' = \(text)")
                }
                switch (original, entry) {
                case (.text, .text): break
                case (.plural, .plural(let forms)):
                    // Every category a whole number takes, and `other` (CLDR's for fractions) at most besides.
                    let categories = InterfaceStrings.pluralCategories(language: name)
                    #expect(categories.isSubset(of: forms.keys), "\(name).json: '\(key)' lacks \(categories.subtracting(forms.keys).sorted())")
                    #expect(Set(forms.keys).isSubset(of: categories.union(["other"])), "\(name).json: '\(key)' forms \(forms.keys.sorted())")
                default: Issue.record("\(name).json: '\(key)' is a text in one table and plural in the other")
                }
            }
        }
    }

    @Test func aTagFindsItsTableByLanguageAndChineseByScript() {
        #expect(InterfaceStrings.tableName(for: "fr-CA") == "fr")
        #expect(InterfaceStrings.tableName(for: "pt-BR") == "pt")
        #expect(InterfaceStrings.tableName(for: "zh") == "zh-Hans")
        #expect(InterfaceStrings.tableName(for: "zh-CN") == "zh-Hans")
        #expect(InterfaceStrings.tableName(for: "zh-TW") == "zh-Hant")
        #expect(InterfaceStrings.tableName(for: "zh-Hant-CN") == "zh-Hant")
        #expect(InterfaceStrings.tableName(for: "zh-Hans-HK") == "zh-Hans")
        #expect(InterfaceStrings.tableName(for: "cs") == nil)
        #expect(InterfaceStrings(language: "cs")["contents"] == "Contents")
    }

    @Test func pluralCategoriesFollowCLDRForWholeNumbers() {
        func categories(_ language: String, _ numbers: [Int]) -> [String] {
            numbers.map { InterfaceStrings.pluralCategory($0, language: language) }
        }
        #expect(categories("en", [0, 1, 2]) == ["other", "one", "other"])
        #expect(categories("fr", [0, 1, 2]) == ["one", "one", "other"])
        #expect(categories("ru", [1, 2, 5, 11, 12, 21, 22, 25, 111, 112]) == ["one", "few", "many", "many", "many", "one", "few", "many", "many", "many"])
        #expect(categories("ar", [0, 1, 2, 3, 10, 11, 99, 100, 102, 103]) == ["zero", "one", "two", "few", "few", "many", "many", "other", "other", "few"])
        #expect(categories("he", [1, 2, 3, 20]) == ["one", "two", "other", "other"])
        #expect(categories("pl", [1, 2, 5, 22, 25]) == ["one", "few", "many", "few", "many"])
        #expect(categories("ja", [0, 1, 2]) == ["other", "other", "other"])
    }

    @Test func countsTakeTheLanguagesFormAndDigitGrouping() throws {
        let french = InterfaceStrings(language: "fr")
        let one = try #require(InterfaceStrings.table("fr")?["word_count"]).text(for: "one")
        #expect(french.count("word_count", 1) == one.replacingOccurrences(of: "{count}", with: "1"))
        #expect(french.count("word_count", 1204).hasPrefix("1\u{202F}204"))
        let russian = InterfaceStrings(language: "ru")
        let few = try #require(InterfaceStrings.table("ru")?["word_count"]).text(for: "few")
        let many = try #require(InterfaceStrings.table("ru")?["word_count"]).text(for: "many")
        #expect(russian.count("word_count", 22) == few.replacingOccurrences(of: "{count}", with: "22"))
        #expect(russian.count("word_count", 25) == many.replacingOccurrences(of: "{count}", with: "25"))
        #expect(few != many)
        #expect(InterfaceStrings.english.count("word_count", 1204) == "1,204 words")
        #expect(InterfaceStrings.english.count("word_count", 1, signed: true) == "+1 word")
        #expect(InterfaceStrings.english.count("word_count", -3) == "-3 words")
    }

    @Test func htmlFormattingEscapesTheTextAndKeepsMarkupValues() {
        let strings = InterfaceStrings(language: "en", overrides: ["no_such_page": .text("No <page> in {book} & {missing}.")])
        #expect(strings.html("no_such_page", ["book": "<a href=\"index.html\">B</a>"])
            == "No &lt;page&gt; in <a href=\"index.html\">B</a> &amp; {missing}.")
        #expect(strings.format("no_such_page", ["book": "{missing}"]) == "No <page> in {missing} & {missing}.")
    }

    @Test func theScriptTableIsWrittenOnlyWhenItIsNotEnglishAndCannotCloseItsElement() throws {
        #expect(InterfaceStrings.english.scriptTable() == nil)
        #expect(InterfaceStrings(language: "cs").scriptTable() == nil)
        let french = try #require(InterfaceStrings(language: "fr").scriptTable())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(french.utf8)) as? [String: Any])
        #expect(object["lang"] as? String == "fr")
        #expect(Set(object.keys) == Set(InterfaceStrings.scriptKeys + ["lang"]))
        let hostile = InterfaceStrings(language: "en", overrides: ["copy": .text("</script><script>alert(1)</script>")])
        let table = try #require(hostile.scriptTable())
        #expect(!table.contains("</"))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(table.utf8)) as? [String: Any])
        #expect(decoded["copy"] as? String == "</script><script>alert(1)</script>")
    }

    // MARK: - site.strings in the config

    @Test func siteStringsOverrideTextsAndPluralForms() throws {
        let (config, warnings) = try loadConfig("""
            title: T
            site:
              strings:
                search: Chercher
                results: {one: "{count} trouvaille", other: "{count} trouvailles"}
            """)
        #expect(warnings.isEmpty, "\(warnings)")
        let strings = config.interfaceStrings
        #expect(strings["search"] == "Chercher")
        #expect(strings.count("results", 1) == "1 trouvaille")
        #expect(strings.count("results", 3) == "3 trouvailles")
        #expect(strings["contents"] == "Contents")
    }

    @Test func anUnknownKeyCategoryOrPlaceholderInSiteStringsIsAWarningAtItsLine() throws {
        let (config, warnings) = try loadConfig("""
            title: T
            site:
              strings:
                serch: Chercher
                results: {one: "{count} result", several: "{count}", other: "{count} results"}
                back_to: "Retour à {title}"
            """)
        #expect(warnings.map(\.code) == ["config.unknown-key", "config.unknown-key", "config.value"])
        #expect(warnings[0].message == "unknown key 'serch' in 'site.strings'")
        #expect(warnings[0].suggestion == "did you mean 'search'?")
        #expect(warnings[0].location == SourceLocation(file: "draftforge.yml", line: 4, column: 5))
        #expect(warnings[1].message == "'several' is not a plural category in 'site.strings.results'")
        #expect(warnings[1].location?.line == 5)
        #expect(warnings[2].message == "'{title}' in 'site.strings.back_to' is not filled in and is shown as written")
        #expect(warnings[2].suggestion == "use {book}")
        #expect(warnings[2].location?.line == 6)
        #expect(config.interfaceStrings["back_to"] == "Retour à {title}")
    }

    @Test func aPluralWithoutOtherOrAStringThatIsNotTextIsAnError() {
        let noOther = configError("title: T\nsite:\n  strings:\n    results: {one: \"{count} result\"}\n")
        #expect(noOther?.code == "config.value")
        #expect(noOther?.message == "'site.strings.results' has no 'other' form")
        #expect(noOther?.location?.line == 4)
        let list = configError("title: T\nsite:\n  strings:\n    search: [a, b]\n")
        #expect(list?.code == "config.type")
        #expect(list?.location?.line == 4)
        #expect(configError("title: T\nsite:\n  strings: Chercher\n")?.message == "'site.strings' must be a mapping")
    }

    @Test func aLanguageWithoutATableGetsANoteUnlessTheBookTranslates() throws {
        let (_, warnings) = try loadConfig("title: T\nlanguage: cs\n")
        #expect(warnings.map(\.code) == ["config.untranslated"])
        #expect(warnings.first?.severity == .info)
        #expect(warnings.first?.location == SourceLocation(file: "draftforge.yml", line: 2, column: 11))
        #expect(try loadConfig("title: T\nlanguage: cs\nsite:\n  strings:\n    search: Hledat\n").1.isEmpty)
        #expect(try loadConfig("title: T\nlanguage: fr-CA\n").1.isEmpty)
    }

    // MARK: - In the outputs

    static let frenchConfig = """
        title: Le Phare
        authors: [Anne Auteur, Bruno Auteur]
        language: fr
        date: 2026-01-01
        publisher: Éditions du Port
        series: {name: Les Phares, position: 2}
        site:
          reports: true
        """

    @Test func aFrenchBookHasAFrenchSiteEPUBAndMatterTitles() throws {
        let french = InterfaceStrings(language: "fr")
        let book = try TestManuscript.minimal([
            "chapters/00-preface.md": "Quelques mots.\n",
            "chapters/01-one.md": "# Un\n\nLe matin.\n\n```swift\nlet a = 1\n```\n",
        ], config: Self.frenchConfig)
        let result = try Pipeline.build(BuildOptions(root: book.root, outputDirectory: book.url("out"), formats: [.epub, .html]))
        #expect(result.diagnostics.filter { $0.severity != .info }.isEmpty, "\(result.diagnostics)")
        let site = book.url("out/html")
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        let page = try String(contentsOf: site.appendingPathComponent("01-one.html"), encoding: .utf8)
        let notFound = try String(contentsOf: site.appendingPathComponent("404.html"), encoding: .utf8)
        let stats = try String(contentsOf: site.appendingPathComponent("stats.html"), encoding: .utf8)
        for key in ["contents", "start_reading"] { #expect(index.contains(">\(french[key])<"), "index.html lacks \(key)") }
        #expect(page.contains("placeholder=\"\(french["search"])\""))
        #expect(page.contains(french["previous"]))
        #expect(page.contains("<script type=\"application/json\" id=\"df-strings\">"))
        #expect(notFound.contains("<h1>\(french["page_not_found"])</h1>"))
        #expect(notFound.contains(french.html("no_such_page", ["book": "<a href=\"index.html\">Le Phare</a>"])))
        #expect(stats.contains("<h1>\(french["writing_statistics"])</h1>"))
        #expect(stats.contains("<th>\(french["chapter"])</th>"))
        #expect(french["contents"] != "Contents" && french["writing_statistics"] != "Writing statistics")

        let epub = try Golden.unzip(try #require(result.outputs.first { $0.format == .epub }).url)
        let nav = String(decoding: try #require(epub["OEBPS/nav.xhtml"]), as: UTF8.self)
        let copyright = String(decoding: try #require(epub["OEBPS/copyright.xhtml"]), as: UTF8.self)
        let preface = String(decoding: try #require(epub["OEBPS/text/00-preface.xhtml"]), as: UTF8.self)
        #expect(nav.contains("<h1>\(french["contents"])</h1>"))
        #expect(nav.contains(">\(french["copyright"])</a>"))
        #expect(copyright.contains(french.format("copyright_line", ["year": "2026"])))
        #expect(copyright.contains(french.format("names_and", ["names": "Anne Auteur", "last": "Bruno Auteur"])))
        #expect(copyright.contains(french.format("published_by", ["publisher": "Éditions du Port"])))
        #expect(copyright.contains(french.format("series_position", ["series": "Les Phares", "position": "2"])))
        #expect(preface.contains("<title>\(french["preface"])</title>"))
    }

    @Test func theContinuityPageSpeaksTheBooksLanguage() throws {
        let russian = InterfaceStrings(language: "ru")
        let book = try TestManuscript.minimal([
            "chapters/01-one.md": "# Один\n\nОн пришёл пришёл домой.\n",
        ], config: "title: Книга\nauthors: [Автор]\nlanguage: ru\nsite:\n  reports: true\n")
        _ = try Pipeline.build(BuildOptions(root: book.root, outputDirectory: book.url("out"), formats: [.html]))
        let page = try String(contentsOf: book.url("out/html/continuity.html"), encoding: .utf8)
        #expect(page.contains("<h1>\(russian["continuity_report"])</h1>"))
        #expect(page.contains(russian.count("file_count", 1)) && page.contains(russian.count("warning_count", 1)), "\(page)")
        #expect(page.contains(russian.count("error_count", 0)))  // 0 takes the "many" form: "0 ошибок"
        #expect(page.contains(">\(russian["severity_warning"])<") || page.contains(">\(russian["severity_info"])<"))
    }

    @Test func anArabicSiteSpeaksArabicAndItsPagerPointsTheOtherWay() throws {
        let arabic = InterfaceStrings(language: "ar")
        let book = try TestManuscript.minimal([
            "chapters/01-one.md": "# واحد\n\nنص.\n", "chapters/02-two.md": "# اثنان\n\nنص.\n",
        ], config: "title: كتاب\nauthors: [كاتب]\nlanguage: ar\n")
        _ = try Pipeline.build(BuildOptions(root: book.root, outputDirectory: book.url("out"), formats: [.html]))
        let page = try String(contentsOf: book.url("out/html/02-two.html"), encoding: .utf8)
        #expect(page.contains("dir=\"rtl\""))
        #expect(page.contains("→ \(arabic["previous"])"))
        #expect(page.contains(">\(arabic["skip_to_text"])<"))
        #expect(arabic["skip_to_text"] != "Skip to the text")
    }

    @Test func overriddenWordsReachTheSiteAndItsScript() throws {
        let book = try TestManuscript.minimal([:], config: """
            title: T
            authors: [A]
            site:
              strings:
                search: Look it up
                copy: Grab
            """)
        _ = try Pipeline.build(BuildOptions(root: book.root, outputDirectory: book.url("out"), formats: [.html]))
        let page = try String(contentsOf: book.url("out/html/01-one.html"), encoding: .utf8)
        #expect(page.contains("placeholder=\"Look it up\""))
        #expect(page.contains("\"copy\":\"Grab\""))
    }
}

/// Numbers grouped by hand are the locale's own: for every language with a table and for
/// locales that group or write digits otherwise, each number is what Foundation writes.
@Suite("Numbers the language's way")
struct LocaleNumbersTests {
    static let languages = InterfaceStrings.languages + ["en-IN", "hi", "es", "pl", "pt-PT", "de-CH", "ar", "fa", "bn", "fr-CH", "sv"]

    @Test(arguments: languages)
    func integersAreWhatFoundationWrites(_ language: String) {
        let numbers = LocaleNumbers(language: language)
        var generator = SplitMix64(seed: 24)
        var values = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 999_999, 1_000_000, Int.max, -1, -1234, Int.min]
        for digits in 1...18 {
            let upper = Int(pow(10.0, Double(digits)))
            values += (0..<20).map { _ in Int.random(in: upper / 10..<upper, using: &generator) }
        }
        for value in values {
            #expect(numbers.integer(value) == numbers.formatted(value), "\(language): \(value)")
        }
    }

    @Test func groupingIsReadOffTheLocale() {
        #expect(LocaleNumbers.grouping(of: .number.locale(Locale(identifier: "en")))
            == LocaleNumbers.Grouping(separator: ",", primary: 3, secondary: 3, minimumDigits: 4))
        let indian = LocaleNumbers.grouping(of: .number.locale(Locale(identifier: "en-IN")))
        #expect(indian?.primary == 3 && indian?.secondary == 2)
        #expect(LocaleNumbers.grouped("1234567", .init(separator: ",", primary: 3, secondary: 2, minimumDigits: 4)) == "12,34,567")
        #expect(LocaleNumbers.grouped("1234", .init(separator: " ", primary: 3, secondary: 3, minimumDigits: 5)) == "1234")
        // Grouped by hand wherever the digits are ASCII; the style itself writes the others.
        for language in ["en", "fr", "de", "es", "pl", "en-IN", "sv", "de-CH", "ja", "zh-Hans"] {
            #expect(LocaleNumbers.grouping(of: .number.locale(Locale(identifier: language))) != nil, "\(language)")
        }
    }

    @Test(arguments: languages)
    func wholePercentagesAreWhatFoundationWrites(_ language: String) {
        let numbers = LocaleNumbers(language: language)
        let style = FloatingPointFormatStyle<Double>.Percent.percent.precision(.fractionLength(0)).locale(Locale(identifier: language))
        for share in (0...100).map({ Double($0) / 100 }) + [0.125, 1.5, -0.25, 0.3333] {
            // Twice: the second comes from what the first kept.
            #expect(numbers.percent(share) == style.format(share), "\(language): \(share)")
            #expect(numbers.percent(share) == style.format(share), "\(language): \(share)")
        }
    }
}
