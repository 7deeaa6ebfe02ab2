import Foundation
import Testing
@testable import DraftForgeKit

/// Inputs that would publish a secret: the story bible and waivers linked to a file outside the
/// manuscript, and anything under `.git/` (whose `config` holds the CI's token under
/// actions/checkout) or another dot-folder, named in the config, reached through a symbolic link
/// or referenced from a chapter. Each is refused before it is read, and nothing of it reaches an
/// output.
@Suite("Hostile manuscripts: secrets and dot-folders")
struct HostileSecretsTests {
    static let dotFolderReason = "dot-folders such as .git are never read"

    /// A manuscript whose `.git/` (and `.github/`, `chapters/.git/`) hold the secret: a Git
    /// config with a token, a PNG, a font, a chapter.
    static func bookWithGitFolder() throws -> Hostile {
        let book = try Hostile()
        let config = "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic \(Hostile.secret)\n"
        let png = TestImage.png(width: 10, height: 10) + Data(Hostile.secret.utf8)
        for folder in [".git", ".github", "chapters/.git"] {
            try book.write("\(folder)/config", config)
            try book.write("\(folder)/x.png", png)
            try book.write("\(folder)/font.ttf", Hostile.secret)
            try book.write("\(folder)/chapters/01-one.md", "# \(Hostile.secret)\n")
        }
        return book
    }

    // MARK: - bible.yml and waivers.yml

    @Test(arguments: ["bible.yml", "waivers.yml"])
    func aBibleOrWaiversThatLinksOutsideTheRootIsRefused(_ file: String) throws {
        let book = try Hostile()
        try book.link(file, to: book.outside.url("secret.yml"))
        let error = try book.expectFailure(.outsideRoot, file: file)
        #expect(error?.message.contains(file) == true)
    }

    @Test(arguments: ["bible", "waivers"])
    func aBibleOrWaiversNamedInTheConfigThatLinksOutsideIsRefused(_ key: String) throws {
        let book = try Hostile()
        try book.write("draftforge.yml", "title: T\n\(key): notes/\(key).yml\n")
        try book.link("notes/\(key).yml", to: book.outside.url("secret.yml"))
        try book.expectFailure(.outsideRoot, file: "notes/\(key).yml")
    }

    // MARK: - Dot-folders

    @Test(arguments: [
        "css: .git/config", "cover: .git/x.png", "fonts: [.git/font.ttf]", "fonts: [{file: .git/font.ttf}]",
        "chapters_directory: .git/chapters", "bible: .git/config", "waivers: .git/config", "css: .github/config",
        "css: ./.git/config", "cover: chapters/.git/x.png",
    ])
    func aConfigPathIntoADotFolderIsRefused(_ line: String) throws {
        let book = try Self.bookWithGitFolder()
        try book.write("draftforge.yml", "title: T\n\(line)\n")
        let error = try book.expectFailure(.configValue, file: "draftforge.yml", line: 2)
        #expect(error?.message.contains(Self.dotFolderReason) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: ["css: style.css", "cover: art/cover.png", "fonts: [font.ttf]"])
    func aConfigPathThatLinksIntoADotFolderIsRefused(_ line: String) throws {
        let book = try Self.bookWithGitFolder()
        try book.link("style.css", to: book.manuscript.url(".git/config"))
        try book.link("art/cover.png", to: book.manuscript.url(".git/x.png"))
        try book.link("font.ttf", to: book.manuscript.url(".git/font.ttf"))
        try book.write("draftforge.yml", "title: T\n\(line)\n")
        let error = try book.expectFailure(.configValue, file: "draftforge.yml", line: 2)
        #expect(error?.message.contains(Self.dotFolderReason) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: ["bible.yml", "waivers.yml", "chapters/02-two.md", "templates/epub.css"])
    func aFileThatLinksIntoADotFolderIsRefused(_ file: String) throws {
        let book = try Self.bookWithGitFolder()
        try book.link(file, to: book.manuscript.url(".git/config"))
        let error = try book.expectFailure(.outsideRoot, file: file)
        #expect(error?.message.contains(Self.dotFolderReason) == true, "\(error?.message ?? "")")
    }

    @Test func aChaptersFolderThatLinksIntoADotFolderIsRefused() throws {
        let book = try Self.bookWithGitFolder()
        try FileManager.default.removeItem(at: book.manuscript.url("chapters"))
        try book.link("chapters", to: book.manuscript.url(".git/chapters"))
        let error = try book.expectFailure(.outsideRoot, file: "chapters")
        #expect(error?.message.contains(Self.dotFolderReason) == true, "\(error?.message ?? "")")
    }

    /// Images from a chapter: written into a dot-folder, or linked into one. Each is blocking and
    /// never read; with --allow-blocking it becomes its alt text.
    @Test(arguments: ["../.git/config", "../.git/x.png", ".git/x.png", "images/git.png", "%2e%2e/.git/x.png"])
    func anImageInADotFolderIsRefused(_ reference: String) throws {
        let book = try Self.bookWithGitFolder()
        try book.link("chapters/images/git.png", to: book.manuscript.url(".git/x.png"))
        try book.write("chapters/02-two.md", "# Two\n\nText.\n\n![the secret](\(reference))\n")
        let error = try book.expectFailure(.imageOutsideRoot, file: "chapters/02-two.md", line: 5, exitCode: 1)
        #expect(error?.message.contains(Self.dotFolderReason) == true, "\(error?.message ?? "")")
        let (result, epub) = try book.expectSuccess(allowBlocking: true)
        #expect(result.codes == ["manuscript.image-outside-root"])
        #expect(!epub.names.contains { $0.hasPrefix("OEBPS/images/") })
        let site = try Hostile.snapshot(book.manuscript.dist.appendingPathComponent("html"))
        for (name, data) in site {
            #expect(!String(decoding: data, as: UTF8.self).contains(Hostile.secret), "\(name) holds a secret")
        }
    }

    /// Raw HTML images are resolved the same way as Markdown ones.
    @Test func aRawHTMLImageInADotFolderIsRefused() throws {
        let book = try Self.bookWithGitFolder()
        try book.write("chapters/02-two.md", "# Two\n\nText.\n\n<p><img src=\"../.git/x.png\" alt=\"the secret\"></p>\n")
        let error = try book.expectFailure(.imageOutsideRoot, file: "chapters/02-two.md", line: 5, exitCode: 1)
        #expect(error?.message.contains(Self.dotFolderReason) == true, "\(error?.message ?? "")")
    }

    /// Files whose names merely contain a dot, and folders such as `images.v2`, are read as before.
    @Test func dotsInsideNamesAreFine() throws {
        let book = try Hostile()
        try book.write("art.v2/style.min.css", "p { margin: 0; }\n")
        try book.write("chapters/images.v2/map.png", TestImage.png(width: 10, height: 10))
        try book.write("chapters/02-two.md", "# Two\n\n![map](./images.v2/map.png)\n")
        try book.write("draftforge.yml", "title: Test Book\ncss: ./art.v2/style.min.css\n")
        let (result, epub) = try book.expectSuccess()
        #expect(result.codes.isEmpty, "\(result.diagnostics.map(\.message))")
        #expect(epub.names.contains { $0.hasPrefix("OEBPS/images/map") })
    }
}
