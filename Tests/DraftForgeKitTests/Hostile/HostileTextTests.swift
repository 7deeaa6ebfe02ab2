import Foundation
import Testing
@testable import DraftForgeKit

/// Hostile text inside chapters: encodings, line endings, control bytes, pathological Markdown
/// and raw HTML.
@Suite("Hostile manuscripts: text")
struct HostileTextTests {
    @Test func invalidUTF8IsAnErrorAtItsLine() throws {
        let book = try Hostile()
        try book.write("chapters/02-two.md", Data("# Two\n\nfine\n".utf8) + Data([0x61, 0xC3, 0x28, 0x0A]))
        try book.expectFailure(.notUTF8, file: "chapters/02-two.md", line: 4)
    }

    @Test func invalidUTF8InTheConfigIsAnError() throws {
        let book = try Hostile()
        try book.write("draftforge.yml", Data("title: T\nsubtitle: ".utf8) + Data([0xFF, 0x0A]))
        try book.expectFailure(.notUTF8, file: "draftforge.yml", line: 2)
    }

    @Test func aByteOrderMarkIsDroppedAndFrontMatterStillFound() throws {
        let book = try Hostile(["chapters/01-one.md": "\u{FEFF}---\ntitle: Marked\n---\nText.\n"])
        let (result, epub) = try book.expectSuccess()
        #expect(result.diagnostics.isEmpty)
        let chapter = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(chapter.contains("<h1 id=\"marked\">Marked</h1>") || chapter.contains(">Marked</h1>"))
        #expect(!chapter.contains("\u{FEFF}"))
    }

    @Test(arguments: ["\r\n", "\r"])
    func crlfAndLoneCRReadAsLineEndings(_ ending: String) throws {
        let text = ["---", "title: Ends", "---", "# Heading", "", "Line [broken](gone.md) here."]
            .joined(separator: ending) + ending
        let book = try Hostile(["chapters/01-one.md": text])
        let (result, epub) = try book.expectSuccess()
        // Front matter is recognised, and the warning names the right line (6).
        #expect(result.codes == ["manuscript.broken-link"])
        #expect(result.diagnostics.first?.location?.line == 6)
        let chapter = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(chapter.contains("<title>Ends</title>"))
        #expect(!chapter.contains("\r"))
    }

    @Test func nulAndControlBytesBecomeWellFormedText() throws {
        var text = "# Nul\u{0}byte\n\nText \u{0} with \u{1}\u{8}\u{B}\u{C}\u{1B}[31m controls\u{7F}.\n\n"
        text += "<p title=\"a\u{0}b\u{1}\">raw</p>\n\n`code \u{0}\u{2}`\n"
        let book = try Hostile(["chapters/01-one.md": text])
        let (_, epub) = try book.expectSuccess()
        let chapter = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(chapter.contains("controls"))
        #expect(!chapter.unicodeScalars.contains { $0.value < 0x20 && ![0x9, 0xA, 0xD].contains($0.value) })
    }

    @Test func nulInFrontMatterIsAFrontMatterError() throws {
        let book = try Hostile(["chapters/01-one.md": "---\ntitle: a\u{0}b\n---\nText\n"])
        try book.expectFailure(.frontMatterSyntax, file: "chapters/01-one.md")
    }

    @Test(.disabled(if: Hostile.skipHeavy, "4 minutes under the address sanitizer"))
    func pathologicalEmphasisAndBracketRunsFinish() throws {
        var text = String(repeating: "*a **a ", count: 20_000) + "\n\n"
        text += String(repeating: "_", count: 50_000) + "x\n\n"
        text += String(repeating: "[", count: 30_000) + "a" + String(repeating: "](b)", count: 30_000) + "\n\n"
        text += String(repeating: "`", count: 20_000) + "x" + String(repeating: "``", count: 5_000) + "\n\n"
        text += String(repeating: "<a ", count: 20_000) + "\n\n"
        text += String(repeating: "| a ", count: 5_000) + "|\n" + String(repeating: "|---", count: 5_000) + "|\n"
        text += String(repeating: "![", count: 10_000) + "\n\n" + String(repeating: "[^x]", count: 10_000) + "\n\n[^x]: note\n"
        let book = try Hostile(["chapters/02-two.md": text])
        _ = try book.expectSuccess(hangGuard: .seconds(120))
    }

    @Test func scriptAndUnclosedRawHTMLAreSanitized() throws {
        let text = """
            # Raw

            <script>alert(1)</script>

            <div onclick="evil()"><p>open <b>bold <i>italic <script src="x.js">

            <iframe src="https://example.com"></iframe><style>body{}</style>
            <img src="x" onerror="alert(2)"><svg><script>alert(3)</script></svg>
            <a href="javascript:alert(4)">js</a> <table><tr><td>cell
            <!-- unclosed comment
            """
        let book = try Hostile(["chapters/01-one.md": text])
        let (result, epub) = try book.expectSuccess(allowBlocking: true)
        #expect(result.codes.contains("manuscript.invalid-url"))
        let chapter = try #require(epub["OEBPS/text/01-one.xhtml"])
        for forbidden in ["<script", "<iframe", "<style", "onclick", "onerror", "javascript:", "<svg"] {
            #expect(!chapter.contains(forbidden), "\(forbidden) survived")
        }
    }

    /// libxml2 2.9 took HTML5 void elements it does not know as containers, and the sanitizer
    /// dropped "their content": the rest of the chapter and its footnotes, in silence.
    @Test(arguments: ["embed src=\"clip.swf\"", "source src=\"a.mp3\"", "track src=\"a.vtt\"", "link rel=\"x\"",
                      "meta name=\"x\"", "area", "base href=\"/\"", "param name=\"x\"", "wbr", "br"])
    func aVoidElementEndsAtItsStartTag(_ tag: String) throws {
        let name = String(tag.prefix { $0 != " " })
        let text = "# Void\n\nBefore it.\n\n<\(tag)>\n\nThe rest of the chapter[^n] stays.\n\n"
            + "Inline <\(tag)> keeps what follows.\n\n[^n]: And its note.\n"
        let book = try Hostile(["chapters/01-one.md": text])
        let (result, epub) = try book.expectSuccess()
        let chapter = try #require(epub["OEBPS/text/01-one.xhtml"])
        #expect(chapter.contains("The rest of the chapter"))
        #expect(chapter.contains("keeps what follows"))
        #expect(chapter.contains("And its note."))
        let warnings = result.diagnostics.filter { $0.code == DiagnosticCode.rawHTMLRemoved.rawValue }
        if HTMLVocabulary.allowedElements.contains(name) {
            #expect(warnings.isEmpty)
        } else {
            #expect(warnings.map(\.location?.line) == [5, 9], "\(warnings)")
            #expect(warnings.allSatisfy { $0.location?.file == "chapters/01-one.md" && $0.message.contains("<\(name)>") })
        }
    }

    @Test func anElementDroppedWithItsContentIsAWarningAtItsLine() throws {
        let text = "# Media\n\nText.\n\n<video src=\"a.mp4\">no video</video>\n\nAfter.\n"
        let book = try Hostile(["chapters/01-one.md": text])
        let (result, epub) = try book.expectSuccess()
        #expect(try #require(epub["OEBPS/text/01-one.xhtml"]).contains("After."))
        let warning = try #require(result.diagnostics.first { $0.code == DiagnosticCode.rawHTMLRemoved.rawValue })
        #expect(warning.location == SourceLocation(file: "chapters/01-one.md", line: 5))
    }

    /// Swift strings compare by canonical equivalence, so two files Linux keeps apart were one
    /// key in the build's tables, and `build`, `check` and `serve` trapped ("Duplicate values").
    @Test func chapterNamesInTwoUnicodeFormsAreAnErrorNamingBoth() throws {
        // Two writes: the two names are one key even in a dictionary literal.
        let book = try Hostile()
        try book.write("chapters/02-caf\u{E9}.md", "# Composed\n\nText.\n")
        try book.write("chapters/02-cafe\u{301}.md", "# Decomposed\n\nText.\n")
        let error = try book.expectFailure(.nameCollision, file: "chapters/02-caf\u{E9}.md")
        #expect(error?.message.contains("02-caf\\u{E9}.md") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("02-cafe\\u{301}.md") == true)
    }

    @Test func anSVGImageReachesNoOutputWithItsScriptsOrReferences() throws {
        let book = try Hostile([
            "chapters/01-one.md": "# One\n\nText.\n\n![Map](images/map.svg)\n",
            "chapters/images/map.svg": #"<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><script>y()</script><image href="file:///etc/hostname"/><rect width="1" height="1"/></svg>"#,
        ])
        let (result, epub) = try book.expectSuccess()
        let warning = try #require(result.diagnostics.first { $0.code == DiagnosticCode.svgCleaned.rawValue })
        #expect(warning.location == SourceLocation(file: "chapters/01-one.md", line: 5, column: 8), "\(warning)")
        let image = try #require(epub.names.first { $0.hasSuffix(".svg") }.flatMap { epub[$0] })
        #expect(image.contains("<rect") && !image.contains("script") && !image.contains("onload") && !image.contains("file:"), "\(image)")
        let site = try String(contentsOf: book.manuscript.dist.appendingPathComponent("html/images/map.svg"), encoding: .utf8)
        #expect(site == image)
    }

    @Test func anSVGReferenceBombStopsTheBuildAtItsLine() throws {
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg"><rect id="l0" width="1" height="1"/>"#
        for level in 1...8 { svg += "<g id=\"l\(level)\">" + String(repeating: "<use href=\"#l\(level - 1)\"/>", count: 10) + "</g>" }
        svg += "</svg>"
        let book = try Hostile(["chapters/01-one.md": "# One\n\n![Bomb](bomb.svg)\n", "chapters/bomb.svg": svg])
        try book.expectFailure(.unsafeImage, file: "chapters/01-one.md", line: 3, exitCode: 1)
    }
}
