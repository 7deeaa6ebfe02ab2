// Tiny image files written byte by byte: just the headers an image reader looks at, so tests can
// ask for any pixel size without an image library.
import Foundation

enum TestImage {
    /// A PNG signature, an IHDR chunk (with its CRC) for an 8-bit RGB image and IEND. With
    /// `byteCount`, a private ancillary chunk pads the file to exactly that size.
    static func png(width: Int, height: Int, byteCount: Int? = nil) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        data += chunk("IHDR", bigEndian(width, 4) + bigEndian(height, 4) + [8, 2, 0, 0, 0])
        if let byteCount {
            let chunkOverhead = 12
            let padding = byteCount - data.count - 2 * chunkOverhead
            precondition(padding >= 0, "\(byteCount) bytes is too small for a padded PNG")
            data += chunk("drFt", [UInt8](repeating: 0, count: padding))
        }
        data += chunk("IEND", [])
        return data
    }

    /// SOI, a JFIF APP0 segment, then `before` (marker and payload of each segment), a frame
    /// header with `frameMarker` (SOF0 by default) for a 3-component image, and EOI.
    static func jpeg(
        width: Int, height: Int, frameMarker: UInt8 = 0xC0, before: [(marker: UInt8, payload: [UInt8])] = []
    ) -> Data {
        var data = Data([0xFF, 0xD8])
        data += segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        for (marker, payload) in before { data += segment(marker, payload) }
        let components: [UInt8] = [1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        data += segment(frameMarker, [8] + bigEndian(height, 2) + bigEndian(width, 2) + [3] + components)
        data += [0xFF, 0xD9]
        return data
    }

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker] + bigEndian(payload.count + 2, 2) + payload
    }

    /// A whole black 8-bit greyscale PNG, its pixels in one stored (uncompressed) deflate block,
    /// so an engine can draw it.
    static func greyPNG(width: Int, height: Int) -> Data {
        let rows = [UInt8](repeating: 0, count: height * (1 + width))  // a filter byte, then the row
        precondition(rows.count <= 65_535, "one stored block holds 65,535 bytes")
        var (a, b): (Int, Int) = (1, 0)
        for byte in rows { a = (a + Int(byte)) % 65521; b = (b + a) % 65521 }
        let length = rows.count
        let zlib: [UInt8] = [0x78, 0x01, 0x01] + bigEndian(length, 2).reversed() + bigEndian(~length & 0xFFFF, 2).reversed()
            + rows + bigEndian((b << 16) | a, 4)
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        data += chunk("IHDR", bigEndian(width, 4) + bigEndian(height, 4) + [8, 0, 0, 0, 0])
        data += chunk("IDAT", zlib) + chunk("IEND", [])
        return data
    }

    static func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let typeAndPayload = Array(type.utf8) + payload
        return bigEndian(payload.count, 4) + typeAndPayload + bigEndian(Int(crc32(typeAndPayload)), 4)
    }

    private static func bigEndian(_ value: Int, _ width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// CRC-32 as PNG defines it (the zlib polynomial, bit by bit).
    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
