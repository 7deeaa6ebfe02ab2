import Foundation
import Testing
@testable import DraftForgeKit

/// A cover below the stores' size or above their weight is a warning at the `cover:` line, and
/// the book is still built with it. (Covers that are not what their name says: BadInputTests.)
@Suite("Cover")
struct CoverTests {
    /// Builds a minimal manuscript with `image` as its cover and returns the build's warnings.
    private func warnings(cover file: String, _ image: Data) throws -> [Diagnostic] {
        let manuscript = try TestManuscript.minimal(config: "title: T\ncover: \(file)\n")
        try manuscript.write(file, image)
        let result = try manuscript.build()
        let epub = try EPUBContents(result.outputs[0].url)
        let coverName = "OEBPS/images/cover." + (file as NSString).pathExtension
        #expect(epub.names.contains(coverName), "the EPUB lacks \(coverName)")
        return result.diagnostics.filter { $0.severity == .warning }
    }

    private let coverLocation = SourceLocation(file: "draftforge.yml", line: 2, column: 8)

    @Test func smallCoverWarns() throws {
        let found = try warnings(cover: "cover.png", TestImage.png(width: 800, height: 1200))
        #expect(found == [Diagnostic(
            .warning, .coverSmall, at: coverLocation,
            "the cover is 800×1200 px; stores ask for at least 1400 px on the short side",
            suggestion: "export the cover larger, such as 1600×2560 px")])
    }

    @Test func theShortSideCountsForALandscapeCover() throws {
        let found = try warnings(cover: "cover.jpg", TestImage.jpeg(width: 2000, height: 1399))
        #expect(found.map(\.code) == ["config.cover-small"])
        #expect(found.first?.message.hasPrefix("the cover is 2000×1399 px;") == true)
    }

    @Test func coverOf1400OnTheShortSideIsEnough() throws {
        #expect(try warnings(cover: "cover.jpeg", TestImage.jpeg(width: 1400, height: 1400)).isEmpty)
    }

    @Test func coverOfExactly4MBIsEnough() throws {
        let image = TestImage.png(width: 1600, height: 2560, byteCount: 4 * 1024 * 1024)
        #expect(try warnings(cover: "cover.png", image).isEmpty)
    }

    @Test func coverAbove4MBWarns() throws {
        let image = TestImage.png(width: 1600, height: 2560, byteCount: 4 * 1024 * 1024 + 1)
        let found = try warnings(cover: "cover.png", image)
        #expect(found.map(\.code) == ["config.cover-large"])
        #expect(found.first?.message == "the cover is 4.0 MB; stores ask for at most 4 MB")
        #expect(found.first?.location == coverLocation)
    }

    @Test func smallAndLargeCoverGivesBothWarnings() throws {
        let image = TestImage.png(width: 600, height: 900, byteCount: 5 * 1024 * 1024)
        let found = try warnings(cover: "cover.png", image)
        #expect(found.map(\.code) == ["config.cover-small", "config.cover-large"])
        #expect(found.last?.message == "the cover is 5.0 MB; stores ask for at most 4 MB")
    }

    @Test func sampleCoverGivesNoWarning() throws {
        let sample = packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper")
        let context = BuildContext(root: sample)
        let manuscript = try LoadStage().run(context: context)
        let book = try RenderStage(buildDate: BuildDate.fallback).run(manuscript, context: context)
        #expect(book.cover?.href == "images/cover.png")
        #expect(context.diagnostics.isEmpty, "\(context.diagnostics)")
        #expect(ImageInfo.read(sample.appendingPathComponent("cover.png"))?.pixelSize == .init(width: 1600, height: 2560))
    }
}
