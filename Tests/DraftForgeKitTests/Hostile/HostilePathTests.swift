import Foundation
import Testing
@testable import DraftForgeKit

/// Hostile paths and file names: images and chapters that lead outside the root, symbolic
/// links and loops, odd names, files that are not chapters, files that cannot be read.
@Suite("Hostile manuscripts: paths")
struct HostilePathTests {
    /// Image references that leave the root: each is blocking, is never read, and with
    /// --allow-blocking becomes its alt text.
    @Test(arguments: [
        "../../outside/secret.png", "/etc/hostname", "%2e%2e/%2e%2e/%2e%2e/etc/hostname",
        "..%2F..%2F..%2Fetc%2Fhostname", "images/link.png", "images/dir-link/secret.png",
    ])
    func imagePathsThatLeaveTheRoot(_ reference: String) throws {
        let book = try Hostile()
        let target = reference.replacingOccurrences(of: "../../outside", with: "../../" + book.outside.root.lastPathComponent)
        try book.link("chapters/images/link.png", to: book.outside.url("secret.png"))
        try book.link("chapters/images/dir-link", to: book.outside.root)
        try book.write("chapters/02-two.md", "# Two\n\nText.\n\n![the secret](\(target))\n")
        try book.expectFailure(.imageOutsideRoot, file: "chapters/02-two.md", line: 5, exitCode: 1)
        let (result, epub) = try book.expectSuccess(allowBlocking: true)
        #expect(result.codes == ["manuscript.image-outside-root"])
        #expect(epub["OEBPS/text/02-two.xhtml"]?.contains("<p>the secret</p>") == true)
        #expect(!epub.names.contains { $0.hasPrefix("OEBPS/images/") })
    }

    /// The build never fetches a web image: the site leaves it to the reader's browser, and
    /// the EPUB has its alt text.
    @Test(arguments: ["https://example.com/a.png", "http://127.0.0.1:9/a.png", "//example.com/a.png"])
    func webImagesAreNeverFetched(_ reference: String) throws {
        let book = try Hostile(["chapters/02-two.md": "# Two\n\n![remote](\(reference))\n"])
        let (result, epub) = try book.expectSuccess()
        #expect(result.codes == ["manuscript.remote-image"])
        #expect(epub["OEBPS/text/02-two.xhtml"]?.contains("<p>remote</p>") == true)
        #expect(!epub.names.contains { $0.hasPrefix("OEBPS/images/") })
    }

    @Test(arguments: ["file:///etc/hostname", "data:image/png;base64,AAAA", "ftp://example.com/a.png"])
    func otherSchemesAreRefused(_ reference: String) throws {
        let book = try Hostile(["chapters/02-two.md": "# Two\n\n![remote](\(reference))\n"])
        try book.expectFailure(.remoteImage, file: "chapters/02-two.md", line: 3, exitCode: 1)
        let (_, epub) = try book.expectSuccess(allowBlocking: true)
        #expect(epub["OEBPS/text/02-two.xhtml"]?.contains("<p>remote</p>") == true)
    }

    @Test func anImageThatIsNotWhatItsExtensionSays() throws {
        let book = try Hostile(["chapters/02-two.md": "# Two\n\n![photo](images/photo.jpg)\n\n![text](images/notes.png)\n"])
        try book.write("chapters/images/photo.jpg", TestImage.png(width: 10, height: 10))
        try book.write("chapters/images/notes.png", "just some text")
        let error = try book.expectFailure(.imageMismatch, file: "chapters/02-two.md", line: 3, exitCode: 1)
        #expect(error?.message == "the image 'images/photo.jpg' is a PNG image, not a JPEG as its name says")
        let (result, _) = try book.expectSuccess(allowBlocking: true)
        #expect(result.codes == ["manuscript.image-mismatch", "manuscript.image-mismatch"])
        #expect(result.diagnostics.last?.message == "the image 'images/notes.png' is not a PNG image: its first bytes match no image format")
    }

    @Test func aChapterThatLinksOutsideTheRootIsRefused() throws {
        let book = try Hostile()
        try book.link("chapters/02-secret.md", to: book.outside.url("secret.md"))
        try book.expectFailure(.outsideRoot, file: "chapters/02-secret.md")
    }

    @Test func aChaptersFolderThatLinksOutsideTheRootIsRefused() throws {
        let book = try Hostile()
        try FileManager.default.removeItem(at: book.manuscript.url("chapters"))
        try book.link("chapters", to: book.outside.url("chapters"))
        try book.expectFailure(.outsideRoot, file: "chapters")
    }

    @Test func aConfigThatLinksOutsideTheRootIsRefused() throws {
        let book = try Hostile()
        try FileManager.default.removeItem(at: book.manuscript.url("draftforge.yml"))
        try book.link("draftforge.yml", to: book.outside.url("secret.yml"))
        try book.expectFailure(.outsideRoot, file: "draftforge.yml")
    }

    @Test func aTemplateThatLinksOutsideTheRootIsRefused() throws {
        let book = try Hostile()
        try book.link("templates/chapter.xhtml.mustache", to: book.outside.url("secret.md"))
        try book.expectFailure(.outsideRoot, file: "templates/chapter.xhtml.mustache")
    }

    @Test(arguments: ["cover: art/cover.png", "css: style.css", "fonts: [font.ttf]"])
    func aCoverStylesheetOrFontThatLinksOutsideIsRefused(_ line: String) throws {
        let book = try Hostile()
        for path in ["art/cover.png", "style.css", "font.ttf"] { try book.link(path, to: book.outside.url("secret.png")) }
        try book.write("draftforge.yml", "title: T\n\(line)\n")
        try book.expectFailure(.configValue, file: "draftforge.yml", line: 2)
    }

    @Test func aChaptersFolderThatIsASymbolicLinkLoop() throws {
        let book = try Hostile()
        try FileManager.default.removeItem(at: book.manuscript.url("chapters"))
        try book.link("chapters", to: book.manuscript.url("loop"))
        try book.link("loop", to: book.manuscript.url("chapters"))
        try book.expectFailure(.unreadable, file: "chapters", hangGuard: .seconds(10))
    }

    @Test func aLoopInsideTheChaptersFolderIsHarmless() throws {
        let book = try Hostile()
        try book.link("chapters/again", to: book.manuscript.url("chapters"))
        try book.link("chapters/self.md", to: book.manuscript.url("chapters/self.md"))
        try book.expectFailure(.unreadable, file: "chapters/self.md", hangGuard: .seconds(10))
    }

    @Test func aLinkToAChapterInsideTheRootIsFine() throws {
        let book = try Hostile(["drafts/two.md": "# Two\n"])
        try book.link("chapters/02-two.md", to: book.manuscript.url("drafts/two.md"))
        let (result, _) = try book.expectSuccess()
        #expect(result.chapterCount == 2)
    }

    @Test func duplicateChapterNumbersWarnAndKeepBoth() throws {
        let book = try Hostile(["chapters/02-storm.md": "# Storm\n", "chapters/2-calm.md": "# Calm\n", "chapters/02-wreck.md": "# Wreck\n"])
        let (result, epub) = try book.expectSuccess()
        #expect(result.codes == ["load.duplicate-number", "load.duplicate-number"])
        #expect(result.diagnostics.filter { $0.severity != .info }.map { $0.location?.file } == ["chapters/02-storm.md", "chapters/02-wreck.md"])
        let nav = try #require(epub["OEBPS/nav.xhtml"])
        let order = ["01-one", "2-calm", "02-storm", "02-wreck"].compactMap { nav.range(of: "text/\($0).xhtml")?.lowerBound }
        #expect(order.count == 4 && order == order.sorted(), "natural order, then by name")
    }

    @Test func namesWithSpacesUnicodeAndCaseCollisions() throws {
        let book = try Hostile([
            "chapters/02 the storm.md": "# Storm\n\n[back](01-one.md)\n",
            "chapters/03-café ü 日本.md": "# Café\n\n[storm](02%20the%20storm.md)\n",
            "chapters/04-日本語.md": "# Nihon\n",
            "chapters/05-Echo.md": "# Upper\n",
            "chapters/05-echo.md": "# Lower\n",
            "chapters/06-'quote\" & <angle>.md": "# Odd\n",
        ])
        let (result, epub) = try book.expectSuccess()
        #expect(result.codes == ["load.case-collision"])
        #expect(result.chapterCount == 7)
        #expect(epub.names.filter { $0.hasPrefix("OEBPS/text/") }.count == 7)
        #expect(epub["OEBPS/text/03-cafe-u-ri-ben.xhtml"]?.contains("href=\"02-the-storm.xhtml\"") == true)
    }

    @Test func nonMarkdownFilesAmongTheChaptersAreIgnored() throws {
        let book = try Hostile([
            "chapters/notes.txt": "not a chapter", "chapters/02-two.markdown": "# no", "chapters/.hidden.md": "# no",
            "chapters/03.md.bak": "# no", "chapters/04.MD": "# no", "chapters/folder.md/inside.md": "# no",
        ])
        try book.write("chapters/binary.pdf", Data([0x25, 0x50, 0x44, 0x46, 0xFF, 0x00]))
        #expect(mkfifo(book.manuscript.url("chapters/05-fifo.md").path, 0o644) == 0)
        let (result, _) = try book.expectSuccess(hangGuard: .seconds(30))
        #expect(result.chapterCount == 1)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func aChapterThatLinksToNothingIsUnreadable() throws {
        let book = try Hostile()
        try book.link("chapters/02-gone.md", to: book.manuscript.url("drafts/nowhere.md"))
        try book.expectFailure(.unreadable, file: "chapters/02-gone.md")
    }

    /// chmod 000 does not stop root, which reads every file: there the file is read and the
    /// build succeeds, and the test says so rather than pretending.
    @Test func anUnreadableChapter() throws {
        let book = try Hostile(["chapters/02-locked.md": "# Locked\n"])
        let url = book.manuscript.url("chapters/02-locked.md")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: url.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path) }
        if access(url.path, R_OK) == 0 {
            // Running as root (or with CAP_DAC_OVERRIDE): permissions do not apply.
            let (result, _) = try book.expectSuccess()
            #expect(result.chapterCount == 2)
        } else {
            let error = try book.expectFailure(.unreadable, file: "chapters/02-locked.md")
            #expect(error?.message == "cannot read the file")
        }
    }
}
