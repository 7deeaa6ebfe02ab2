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
}
