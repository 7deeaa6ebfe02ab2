import Foundation
import Testing
@testable import DraftForgeKit

/// Every bad input ends the build with one clear error naming the file (and line), exit code 2,
/// and leaves the EPUB and the site from an earlier good build exactly as they were.
@Suite("Bad input")
struct BadInputTests {
    /// Builds once successfully, breaks the manuscript with `damage`, builds again, and returns
    /// the failure after checking that the output folder (the earlier EPUB and site, the
    /// manifest) is byte for byte as it was: nothing written, nothing removed.
    private func failureAfterGoodBuild(
        _ damage: (TestManuscript) throws -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic? {
        let manuscript = try TestManuscript.minimal()
        let outputs = try manuscript.build().outputs
        #expect(outputs.map(\.format) == [.epub, .html], sourceLocation: sourceLocation)
        let before = try snapshot(manuscript.dist)
        try damage(manuscript)
        let failure = try #require(manuscript.failure(sourceLocation: sourceLocation))
        #expect(failure.kind == .badInput, sourceLocation: sourceLocation)
        #expect(failure.exitCode == 2, sourceLocation: sourceLocation)
        let after = try snapshot(manuscript.dist)
        #expect(after == before, "the output folder changed: \(after.keys.sorted())", sourceLocation: sourceLocation)
        #expect(["test-book.epub", "html/index.html", "stats.json", "manifest.json", "continuity.json"].allSatisfy(before.keys.contains),
                sourceLocation: sourceLocation)
        let errors = failure.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, sourceLocation: sourceLocation)
        return errors.first
    }

    /// Every file under a folder (hidden ones too) by relative path, with its bytes.
    private func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in Checksum.files(in: folder) {
            files[path] = try Data(contentsOf: folder.appendingPathComponent(path))
        }
        return files
    }

    @Test func noConfigFile() throws {
        let error = try failureAfterGoodBuild { try FileManager.default.removeItem(at: $0.url("draftforge.yml")) }
        #expect(error?.code == "config.missing")
        #expect(error?.location?.file == "draftforge.yml")
        #expect(error?.message.hasPrefix("no draftforge.yml in ") == true)
    }

    @Test func yamlSyntaxError() throws {
        let error = try failureAfterGoodBuild { try $0.write("draftforge.yml", "title: T\nauthors: [A\n") }
        #expect(error?.code == "config.syntax")
        #expect(error?.location?.file == "draftforge.yml")
        #expect(error?.location?.line == 3)
    }

    @Test func valueOfTheWrongType() throws {
        let error = try failureAfterGoodBuild { try $0.write("draftforge.yml", "title: T\nsmart_punctuation: maybe\n") }
        #expect(error == Diagnostic(
            .error, .configType, at: SourceLocation(file: "draftforge.yml", line: 2, column: 20),
            "'smart_punctuation' must be true or false"))
    }

    @Test func chapterThatIsNotUTF8() throws {
        let error = try failureAfterGoodBuild {
            try $0.write("chapters/02-bad.md", Data("# Fine\n\nStill fine\nbroken \u{FF}".utf8.map { $0 } + [0xFF, 0xFE, 0x0A]))
        }
        #expect(error?.code == "load.not-utf8")
        #expect(error?.location == SourceLocation(file: "chapters/02-bad.md", line: 4))
    }

    @Test func emptyChaptersFolder() throws {
        let error = try failureAfterGoodBuild { try FileManager.default.removeItem(at: $0.url("chapters/01-one.md")) }
        #expect(error?.code == "load.chapters-empty")
        #expect(error?.location?.file == "chapters")
    }

    @Test func missingChaptersFolder() throws {
        let error = try failureAfterGoodBuild { try $0.write("draftforge.yml", "title: T\nchapters_directory: text\n") }
        #expect(error?.code == "load.chapters-missing")
        #expect(error?.location?.file == "text")
    }

    @Test func outlineEntryThatDoesNotExist() throws {
        let error = try failureAfterGoodBuild {
            try $0.write("draftforge.yml", "title: T\noutline:\n  - 01-one\n  - part: P\n    chapters: [02-gone]\n")
        }
        #expect(error?.code == "load.outline-missing-chapter")
        #expect(error?.location == SourceLocation(file: "draftforge.yml", line: 5, column: 16))
    }

    @Test func frontMatterSyntaxError() throws {
        let error = try failureAfterGoodBuild { try $0.write("chapters/01-one.md", "---\ntitle: [x\n---\nText\n") }
        #expect(error?.code == "load.front-matter-syntax")
        #expect(error?.location?.file == "chapters/01-one.md")
    }

    @Test func missingCoverOrStylesheet() throws {
        let cover = try failureAfterGoodBuild { try $0.write("draftforge.yml", "title: T\ncover: art/none.png\n") }
        #expect(cover?.location == SourceLocation(file: "draftforge.yml", line: 2, column: 8))
        let css = try failureAfterGoodBuild { try $0.write("draftforge.yml", "title: T\ncss: none.css\n") }
        #expect(css?.location == SourceLocation(file: "draftforge.yml", line: 2, column: 6))
    }

    @Test func isbnWithAWrongCheckDigit() throws {
        let error = try failureAfterGoodBuild { try $0.write("draftforge.yml", "title: T\nidentifier: urn:isbn:9780306406158\n") }
        #expect(error?.code == "config.value")
        #expect(error?.location == SourceLocation(file: "draftforge.yml", line: 2, column: 13))
        #expect(error?.message == "the ISBN 'urn:isbn:9780306406158' has a wrong check digit: expected 7")
    }

    /// A cover whose bytes are not the JPEG or PNG its name promises: (file name, contents, message, suggestion).
    static let wrongCovers: [(String, Data, String, String)] = [
        ("cover.jpg", TestImage.png(width: 1600, height: 2560),
         "the cover 'cover.jpg' is a PNG image, not a JPEG", "rename it to 'cover.png'"),
        ("art/cover.png", TestImage.jpeg(width: 1600, height: 2560),
         "the cover 'art/cover.png' is a JPEG image, not a PNG", "rename it to 'art/cover.jpg'"),
        ("cover.png", Data("GIF89a\u{1}\0\u{1}\0".utf8),
         "the cover 'cover.png' is a GIF image, not a PNG", "export the cover again as a JPEG or PNG"),
        ("cover.jpeg", Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8),
         "the cover 'cover.jpeg' is an SVG image, not a JPEG", "export the cover again as a JPEG or PNG"),
        ("cover.png", Data("not really a png".utf8),
         "the cover 'cover.png' is not a PNG image: its first bytes match no image format",
         "export the cover again as a JPEG or PNG"),
        ("cover.gif", Data("GIF89a\u{1}\0\u{1}\0".utf8),
         "the cover 'cover.gif' must be a JPEG or PNG image", "export the cover again as a JPEG or PNG"),
        ("cover.webp", TestImage.png(width: 1600, height: 2560),
         "the cover 'cover.webp' must be a JPEG or PNG image", "rename it to 'cover.png'"),
    ]

    @Test(arguments: wrongCovers)
    func coverThatIsNotWhatItsNameSays(_ file: String, _ contents: Data, _ message: String, _ suggestion: String) throws {
        let error = try failureAfterGoodBuild {
            try $0.write(file, contents)
            try $0.write("draftforge.yml", "title: T\ncover: \(file)\n")
        }
        #expect(error == Diagnostic(
            .error, .configValue, at: SourceLocation(file: "draftforge.yml", line: 2, column: 8), message,
            suggestion: suggestion))
    }
}
