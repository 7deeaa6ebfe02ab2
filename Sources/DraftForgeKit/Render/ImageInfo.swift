// What an image file really is, whatever its extension says: the format from its magic number
// and, for PNG and JPEG, the size in pixels. Only headers are read, never the whole file.
import Foundation

struct ImageInfo: Hashable, Sendable {
    enum Format: String, Hashable, Sendable {
        case png = "PNG", jpeg = "JPEG", gif = "GIF", webp = "WebP", svg = "SVG"

        /// "a PNG", "an SVG".
        var withArticle: String { (self == .svg ? "an " : "a ") + rawValue }
    }

    struct PixelSize: Hashable, Sendable {
        var width: Int
        var height: Int

        var shortSide: Int { min(width, height) }
    }

    var format: Format
    /// Nil for GIF, WebP and SVG, and for a PNG or JPEG whose header is cut short.
    var pixelSize: PixelSize?
    /// The size of the file in bytes.
    var byteCount: Int

    /// How far into a file `<svg` may be found (past an XML declaration, a doctype, comments).
    static let svgSearchLength = 1024
    /// A JPEG's frame header follows its APPn segments (Exif, ICC profile); a file with more
    /// segments than this before it is treated as having no size.
    private static let maxJPEGSegments = 512

    /// Reads the header of the file at `url`. Nil when the file cannot be read or is not an image
    /// in a format DraftForge knows.
    static func read(_ url: URL) -> ImageInfo? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd() else { return nil }
        func bytes(at offset: Int, count: Int) -> [UInt8] {
            guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
                let data = try? handle.read(upToCount: count)
            else { return [] }
            return [UInt8](data)
        }

        let head = bytes(at: 0, count: svgSearchLength)
        guard let format = format(of: head) else { return nil }
        let pixelSize: PixelSize? =
            switch format {
            case .png: pngSize(head)
            case .jpeg: jpegSize(bytes)
            case .gif, .webp, .svg: nil
            }
        return ImageInfo(format: format, pixelSize: pixelSize, byteCount: Int(end))
    }

    private static func format(of head: [UInt8]) -> Format? {
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return .gif }
        if head.starts(with: Array("RIFF".utf8)), head.dropFirst(8).starts(with: Array("WEBP".utf8)) { return .webp }
        if String(decoding: head, as: UTF8.self).contains("<svg") { return .svg }
        return nil
    }

    /// The IHDR chunk comes first: length, "IHDR", then width and height as 32-bit big-endian.
    private static func pngSize(_ head: [UInt8]) -> PixelSize? {
        guard head.count >= 24, head[12..<16].elementsEqual("IHDR".utf8) else { return nil }
        return positive(width: bigEndian(head[16..<20]), height: bigEndian(head[20..<24]))
    }

    /// Walks the segments after SOI to the first start-of-frame marker, seeking past the others.
    private static func jpegSize(_ bytes: (_ offset: Int, _ count: Int) -> [UInt8]) -> PixelSize? {
        var offset = 2
        for _ in 0..<maxJPEGSegments {
            // A marker, its segment length, then for a frame header: precision, height, width.
            let segment = bytes(offset, 9)
            guard segment.count >= 2, segment[0] == 0xFF else { return nil }
            let marker = segment[1]
            switch marker {
            case 0xFF:
                offset += 1  // a fill byte before the marker
                continue
            case 0x01, 0xD0...0xD8:
                offset += 2  // TEM, RSTn and SOI stand alone, with no length
                continue
            case 0xD9, 0xDA:
                return nil  // end of image, or scan data, before any frame header
            case 0xC0...0xCF where ![0xC4, 0xC8, 0xCC].contains(marker):
                // SOF0–SOF15; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
                guard segment.count >= 9 else { return nil }
                return positive(width: bigEndian(segment[7..<9]), height: bigEndian(segment[5..<7]))
            default:
                guard segment.count >= 4 else { return nil }
                let length = bigEndian(segment[2..<4])
                guard length >= 2 else { return nil }
                offset += 2 + length
            }
        }
        return nil
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }

    /// A height of 0 in a JPEG means it is given later in the file; DraftForge does not look there.
    private static func positive(width: Int, height: Int) -> PixelSize? {
        width > 0 && height > 0 ? PixelSize(width: width, height: height) : nil
    }
}
