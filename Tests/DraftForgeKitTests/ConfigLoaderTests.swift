import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Config")
struct ConfigLoaderTests {
    private func load(_ yaml: String) throws -> (ManuscriptConfig, [Diagnostic]) { try loadConfig(yaml) }

    private func error(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        configError(yaml, sourceLocation: sourceLocation)
    }

    @Test func everyKeyIsRead() throws {
        let (config, warnings) = try load("""
            title: The Book
            subtitle: A Subtitle
            authors: [Ann One, Bob Two]
            language: en-GB
            identifier: urn:isbn:9780306406157
            publisher: House
            rights: CC BY 4.0
            description: About it.
            subjects: [Fiction, Sea]
            date: 2026-03-01
            slug: the-book
            project_type: technical-book
            genre: mystery
            target_word_count: 90000
            status: completed
            visibility: unlisted
            chapters_directory: text
            manuscript_directory: manuscript
            cover: art/cover.png
            css: extra.css
            smart_punctuation: false
            outline: [a, b]
            settings: {agents: {continuity: {enabled: true}}, github_actions: {stats_enabled: false}}
            edition: Second edition
            series: {name: Harrow Point, position: 2}
            contributors: [{name: Ed Itor, role: editor}, {name: Tran Slator, role: trl}]
            fonts: [fonts/Literata-BoldItalic.ttf, {file: fonts/mono.woff2, family: Mono, weight: 400, style: normal}]
            continuity: {allow: []}
            site: {}
            docx: {}
            pdf: {}
            """)
        #expect(warnings.isEmpty)
        #expect(config.title == "The Book")
        #expect(config.subtitle == "A Subtitle")
        #expect(config.authors == ["Ann One", "Bob Two"])
        #expect(config.language == "en-GB")
        #expect(config.identifier == "urn:isbn:9780306406157")
        #expect(config.publisher == "House")
        #expect(config.rights == "CC BY 4.0")
        #expect(config.description == "About it.")
        #expect(config.subjects == ["Fiction", "Sea"])
        #expect(config.date == "2026-03-01")
        #expect(config.slug == "the-book")
        #expect(config.projectType == .technicalBook)
        #expect(config.genre == "mystery")
        #expect(config.targetWordCount == 90000)
        #expect(config.status == .completed)
        #expect(config.visibility == .unlisted)
        #expect(config.chaptersDirectory == "text")
        #expect(config.manuscriptDirectory == "manuscript")
        #expect(config.cover == "art/cover.png")
        #expect(config.css == "extra.css")
        #expect(config.smartPunctuation == false)
        #expect(config.outline?.count == 2)
        #expect(config.edition == "Second edition")
        #expect(config.series == .init(name: "Harrow Point", position: "2"))
        #expect(config.contributors == [.init(name: "Ed Itor", role: "edt"), .init(name: "Tran Slator", role: "trl")])
        #expect(config.fonts.map(\.path) == ["fonts/Literata-BoldItalic.ttf", "fonts/mono.woff2"])
        #expect(config.fonts.map(\.family) == ["Literata", "Mono"])
        #expect(config.fonts.map(\.weight) == ["700", "400"])
        #expect(config.fonts.map(\.style) == ["italic", "normal"])
        #expect(config.settings == .object([
            "agents": .object(["continuity": .object(["enabled": .bool(true)])]),
            "github_actions": .object(["stats_enabled": .bool(false)]),
        ]))
    }

    @Test func defaultsAndNameSynonym() throws {
        let (config, _) = try load("name: Über Straße & Co!\n")
        #expect(config.title == "Über Straße & Co!")
        #expect(config.language == "en")
        #expect(config.slug == "uber-strasse-co")
        #expect(config.chaptersDirectory == "chapters")
        #expect(config.smartPunctuation)
        #expect(config.outline == nil)
    }

    @Test func unknownKeyIsAWarningAtItsLine() throws {
        let (_, warnings) = try load("title: T\nbinding: hardcover\n")
        #expect(warnings.count == 1)
        #expect(warnings.first?.code == "config.unknown-key")
        #expect(warnings.first?.location == SourceLocation(file: "draftforge.yml", line: 2, column: 1))
    }

    @Test func unknownKeySuggestsTheClosestKnownKey() throws {
        let (_, warnings) = try load("title: T\ntarget_wordcount: 5\nsubtitel: x\nzebra: 1\n")
        #expect(warnings.map(\.suggestion) == [
            "did you mean 'target_word_count'?", "did you mean 'subtitle'?",
            "check the spelling; the guide's Configuration chapter (docs/chapters/13-configuration.md) lists every key",
        ])
    }

    @Test func everyWrongValueIsReportedInOneRun() {
        var warnings: [Diagnostic] = []
        var thrown: Diagnostic?
        do {
            _ = try ConfigLoader(root: URL(fileURLWithPath: "/")).load(
                text: "title: T\nsmart_punctuation: maybe\nlanguage: 5\ntarget_word_count: -5\n", fileName: "draftforge.yml",
                warnings: &warnings)
        } catch {
            thrown = error
        }
        let errors = (warnings + [thrown].compactMap { $0 }).filter { $0.severity == .error }
        #expect(errors.map(\.location?.line) == [2, 3, 4])
    }

    @Test func aSwapOfTwoLettersIsOneEdit() {
        #expect(EditDistance.between("titel", "title") == 1)
        #expect(EditDistance.between("ca", "abc") == 3)
        #expect(EditDistance.between("kitten", "sitting") == 3)
    }

    @Test func seriesContributorsAndFontsAreChecked() {
        #expect(error("title: T\nseries: {position: 1}\n")?.message == "'series' needs a 'name'")
        #expect(error("title: T\nseries: {name: S, position: first}\n")?.location?.line == 2)
        #expect(error("title: T\ncontributors: [{name: A, role: baker}]\n")?.message == "unknown contributor role 'baker'")
        #expect(error("title: T\ncontributors: [Ann]\n")?.code == "config.type")
        #expect(error("title: T\nfonts: [fonts/a.pdf]\n")?.message == "'fonts/a.pdf' is not a TTF, OTF, WOFF or WOFF2 font")
        #expect(error("title: T\nfonts: [../a.ttf]\n")?.code == "config.value")
    }

    @Test func siteOptionsAreRead() throws {
        let (config, warnings) = try load("""
            title: T
            site:
              base_url: https://example.com/book
              edit_url: https://github.com/me/book/edit/main/{path}
            """)
        #expect(warnings.isEmpty)
        #expect(config.site.baseURL == "https://example.com/book/")
        #expect(config.site.editURL == "https://github.com/me/book/edit/main/{path}")
        let (plain, _) = try load("title: T\nsite:\n  base_url: http://localhost:8000/\n")
        #expect(plain.site.baseURL == "http://localhost:8000/")
        #expect(plain.site.editURL == nil)
    }

    @Test func siteOptionsAreCheckedAtTheirLine() {
        #expect(error("title: T\nsite: yes\n") == Diagnostic(
            .error, .configType, at: SourceLocation(file: "draftforge.yml", line: 2, column: 7), "'site' must be a mapping",
            suggestion: "write the site's options on their own lines, such as '  base_url: https://example.com/book/'"))
        let relative = error("title: T\nsite:\n  base_url: /book/\n")
        #expect(relative?.code == "config.value")
        #expect(relative?.location == SourceLocation(file: "draftforge.yml", line: 3, column: 13))
        #expect(relative?.message == "'site.base_url' must be an http or https address, not '/book/'")
        #expect(error("title: T\nsite:\n  base_url: ftp://example.com/\n")?.location?.line == 3)
        #expect(error("title: T\nsite:\n  base_url: [a]\n")?.code == "config.type")
        let noPath = error("title: T\nsite:\n  edit_url: https://github.com/me/book/edit/main/\n")
        #expect(noPath?.code == "config.value")
        #expect(noPath?.location == SourceLocation(file: "draftforge.yml", line: 3, column: 13))
        #expect(noPath?.message == "'site.edit_url' has no '{path}' in it")
        #expect(error("title: T\nsite:\n  edit_url: javascript:alert({path})\n")?.code == "config.value")
    }

    @Test func unknownSiteKeyIsAWarning() throws {
        let (_, warnings) = try load("title: T\nsite:\n  base_ulr: https://example.com/\n  theme: dark\n")
        #expect(warnings.map(\.message) == ["unknown key 'base_ulr' in 'site'", "unknown key 'theme' in 'site'"])
        #expect(warnings.map(\.code) == ["config.unknown-key", "config.unknown-key"])
        #expect(warnings.first?.location == SourceLocation(file: "draftforge.yml", line: 3, column: 3))
        #expect(warnings.map(\.suggestion) == ["did you mean 'base_url'?", "use base_url, edit_url, reports, strings"])
    }

    @Test func wrongTypeNamesTheLine() {
        let diagnostic = error("title: T\ntarget_word_count: lots\n")
        #expect(diagnostic?.code == "config.type")
        #expect(diagnostic?.location == SourceLocation(file: "draftforge.yml", line: 2, column: 20))
        #expect(diagnostic?.message == "'target_word_count' must be a whole number")
    }

    @Test func listWhereTextIsExpected() {
        let diagnostic = error("title: [a, b]\n")
        #expect(diagnostic?.code == "config.type")
        #expect(diagnostic?.location?.line == 1)
    }

    @Test func valueOutsideTheAllowedSet() {
        let diagnostic = error("title: T\nstatus: paused\n")
        #expect(diagnostic?.code == "config.value")
        #expect(diagnostic?.location?.line == 2)
        #expect(diagnostic?.message.contains("active, archived, completed") == true)
    }

    @Test func yamlSyntaxErrorNamesLineAndColumn() {
        let diagnostic = error("title: T\nauthors: [a, b\nlanguage: en\n")
        #expect(diagnostic?.code == "config.syntax")
        #expect(diagnostic?.location?.file == "draftforge.yml")
        #expect(diagnostic?.location?.line != nil)
    }

    @Test func badLanguageTagAndSlug() {
        #expect(error("title: T\nlanguage: english language\n")?.code == "config.value")
        #expect(error("title: T\nslug: Not A Slug\n")?.location?.line == 2)
    }

    @Test func pathsMustStayInsideTheManuscript() {
        #expect(error("title: T\ncover: ../outside.png\n")?.code == "config.value")
        #expect(error("title: T\ncss: /etc/passwd\n")?.code == "config.value")
    }

    @Test func missingTitle() {
        #expect(error("authors: [A]\n")?.message == "the config has no title")
    }

    @Test func notAMapping() {
        #expect(error("- just\n- a list\n")?.code == "config.type")
    }

    @Test func yamlExtensionIsFound() throws {
        let manuscript = try TestManuscript(["draftforge.yaml": "title: Yaml\n"])
        var warnings: [Diagnostic] = []
        #expect(try ConfigLoader(root: manuscript.root).load(warnings: &warnings).title == "Yaml")
    }

    @Test func outlineWithParts() throws {
        let (config, _) = try load("""
            title: T
            outline:
              - 00-preface
              - part: "Part One"
                chapters: [01-a, 02-b.md]
            """)
        let outline = try #require(config.outline)
        #expect(outline.count == 2)
        guard case .part(let title, let chapters, _) = outline[1] else {
            Issue.record("expected a part")
            return
        }
        #expect(title == "Part One")
        #expect(chapters.map(\.name) == ["01-a", "02-b"])
        #expect(chapters[0].location.line == 5)
    }

    @Test func outlinePartNeedsChapters() {
        #expect(error("title: T\noutline:\n  - part: P\n")?.code == "config.type")
    }
}
