import Foundation
import Testing
@testable import DraftForgeKit

/// The real format and pixel size of an image, from its header, whatever its name says.
@Suite("Image info")
struct ImageInfoTests {
    /// Writes `data` to a file called `name` and reads its header.
    private func info(_ data: Data, named name: String = "image") throws -> ImageInfo? {
        let folder = try TestManuscript()
        try folder.write(name, data)
        return ImageInfo.read(folder.url(name))
    }

    @Test func pngFormatSizeAndByteCount() throws {
        let data = TestImage.png(width: 1600, height: 2560)
        let found = try info(data, named: "cover.png")
        #expect(found == ImageInfo(format: .png, pixelSize: .init(width: 1600, height: 2560), byteCount: data.count))
        // The helper's CRC is right: IEND's is fixed by the PNG specification.
        #expect(data.suffix(12) == Data([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]))
    }

    @Test func jpegFormatAndSize() throws {
        let found = try info(TestImage.jpeg(width: 1400, height: 2100), named: "cover.jpg")
        #expect(found?.format == .jpeg)
        #expect(found?.pixelSize == .init(width: 1400, height: 2100))
    }

    @Test func pngRenamedToJPGIsStillAPNG() throws {
        let found = try info(TestImage.png(width: 30, height: 20), named: "cover.jpg")
        #expect(found?.format == .png)
        #expect(found?.pixelSize == .init(width: 30, height: 20))
    }

    @Test(arguments: [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF] as [UInt8])
    func everyStartOfFrameMarkerGivesTheSize(_ marker: UInt8) throws {
        let found = try info(TestImage.jpeg(width: 3000, height: 2000, frameMarker: marker))
        #expect(found?.pixelSize == .init(width: 3000, height: 2000))
    }

    /// DHT, JPG and DAC sit in the SOF range; read as a frame, this payload would give 5×7.
    @Test(arguments: [0xC4, 0xC8, 0xCC] as [UInt8])
    func tablesInTheFrameRangeAreSkipped(_ marker: UInt8) throws {
        let lookalike: [UInt8] = [8, 0, 7, 0, 5, 3, 0, 0, 0]
        let found = try info(TestImage.jpeg(width: 1600, height: 2400, before: [(marker, lookalike)]))
        #expect(found?.pixelSize == .init(width: 1600, height: 2400))
    }

    @Test func frameAfterLargeSegmentsAndFillBytes() throws {
        var data = TestImage.jpeg(width: 10, height: 10)
        let exif = TestImage.segment(0xE1, [UInt8](repeating: 0xAB, count: 65_000))
        let icc = TestImage.segment(0xE2, [UInt8](repeating: 0xFF, count: 40_000))
        // After SOI (2 bytes) and APP0 (18 bytes): two large segments, then fill bytes before SOF0.
        data.insert(contentsOf: exif + icc + [0xFF, 0xFF], at: 20)
        let found = try info(data)
        #expect(found?.pixelSize == .init(width: 10, height: 10))
        #expect(found?.byteCount == data.count)
    }

    @Test func jpegWithNoFrameBeforeTheScanHasNoSize() throws {
        var data = Data([0xFF, 0xD8]) + TestImage.segment(0xDA, [1, 2, 3])
        data += [0xFF, 0xD9]
        let found = try info(data)
        #expect(found?.format == .jpeg)
        #expect(found?.pixelSize == nil)
    }

    @Test func truncatedPNGHasNoSize() throws {
        let found = try info(TestImage.png(width: 100, height: 100).prefix(20))
        #expect(found?.format == .png)
        #expect(found?.pixelSize == nil)
    }

    @Test func otherFormatsByMagicNumber() throws {
        let gif = try info(Data("GIF89a\u{1}\0\u{1}\0".utf8))
        #expect(gif?.format == .gif)
        let webp = try info(Data("RIFF\u{24}\0\0\0WEBPVP8 ".utf8))
        #expect(webp?.format == .webp)
        let svgData = Data("<?xml version=\"1.0\"?>\n<!-- map -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)
        #expect(try info(svgData) == ImageInfo(format: .svg, pixelSize: nil, byteCount: svgData.count))
    }

    @Test func notAnImage() throws {
        #expect(try info(Data("not really a png".utf8)) == nil)
        #expect(try info(Data()) == nil)
        let lateSVG = String(repeating: " ", count: 1100) + "<svg/>"
        #expect(try info(Data(lateSVG.utf8)) == nil, "<svg is looked for in the first KB only")
    }

    @Test func missingFile() {
        #expect(ImageInfo.read(URL(fileURLWithPath: "/nonexistent/draftforge/cover.png")) == nil)
    }
}
