// How large an image stands in the DOCX, in EMUs (914,400 to the inch): its pixels at 96 per
// inch (PNG, JPEG and GIF headers; an SVG's width, height or viewBox), shrunk to fit the page.
import Foundation

enum DOCXImageSize {
    static let emuPerPixel = 9525
    static let emuPerInch = 914_400
    /// An image whose size cannot be read: 4 × 3 inches, then fitted.
    static let unknown = (width: 4 * emuPerInch, height: 3 * emuPerInch)

    /// Word shows an SVG through the Office 2016 `svgBlip` extension and needs a raster image
    /// beside it for older readers. `rsvg-convert` (Debian's librsvg2-bin) makes one when it is
    /// installed; else one transparent pixel, stretched, stands in.
    static let svgFallbackName = "blank/pixel.png"

    /// The SVG as a PNG `pixelWidth` wide, by `rsvg-convert`; nil when it is missing or fails.
    /// rsvg-convert reads the cleaned SVG from a private folder with nothing else in it, so the
    /// drawing cannot reach another file even through a reference the cleaning missed.
    static func rasterize(_ asset: BookAsset, pixelWidth: Int) -> Data? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-svg-\(UUID().uuidString)")
        Interruption.remove(folder: folder)
        defer { Interruption.removeNow(folder: folder) }
        let svg = folder.appendingPathComponent("image.svg")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try asset.data().write(to: svg)
        } catch {
            return nil
        }
        var rsvg = ChildProcess.onPath("rsvg-convert", ["--width", String(pixelWidth), "--keep-aspect-ratio", "--format", "png", svg.path])
        rsvg.errors = .discarded
        rsvg.stopsWithBuild = true
        guard let outcome = try? rsvg.run() else { return nil }
        let data = outcome.output
        guard outcome.status == 0, data.starts(with: svgFallbackPNG.prefix(8)) else { return nil }
        return data
    }
    static let svgFallbackPNG = Data([
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x60, 0x00, 0x02, 0x00,
        0x00, 0x05, 0x00, 0x01, 0xE9, 0xFA, 0xDC, 0xD8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
        0xAE, 0x42, 0x60, 0x82,
    ])

    /// The natural size of the image file, in EMUs.
    static func extent(of url: URL, format: ImageInfo.Format?) -> (Int, Int) {
        let pixels: (Int, Int)?
        switch format {
        case .png, .jpeg:
            pixels = ImageInfo.read(url)?.pixelSize.map { ($0.width, $0.height) }
        case .gif:
            pixels = gifSize(url)
        case .svg:
            pixels = svgSize(url)
        case .webp, nil:
            pixels = nil
        }
        guard let (width, height) = pixels, width > 0, height > 0 else { return unknown }
        return (width * emuPerPixel, height * emuPerPixel)
    }

    /// Shrinks (never enlarges) to fit within the bounds, keeping the aspect ratio.
    static func fit(width: Int, height: Int, maxWidth: Int, maxHeight: Int) -> (Int, Int) {
        guard width > 0, height > 0 else { return unknown }
        let scale = min(1, Double(maxWidth) / Double(width), Double(maxHeight) / Double(height))
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }

    /// The logical screen size: two little-endian 16-bit numbers after the signature.
    static func gifSize(_ url: URL) -> (Int, Int)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 10), head.count == 10 else { return nil }
        let bytes = [UInt8](head)
        return (Int(bytes[6]) | Int(bytes[7]) << 8, Int(bytes[8]) | Int(bytes[9]) << 8)
    }

    /// An SVG's `width` and `height` in CSS pixels, else its viewBox's; nil for percentages.
    static func svgSize(_ url: URL) -> (Int, Int)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 * 1024) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let open = text.range(of: "<svg"), let close = text[open.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = String(text[open.upperBound..<close])
        func attribute(_ name: String) -> String? {
            let pattern = #"(?:^|\s)"# + name + #"\s*=\s*["']([^"']*)["']"#
            guard let match = tag.range(of: pattern, options: .regularExpression) else { return nil }
            let value = tag[match].drop { $0 != "\"" && $0 != "'" }.dropFirst().dropLast()
            return String(value).trimmed
        }
        if let width = attribute("width").flatMap(cssPixels), let height = attribute("height").flatMap(cssPixels) {
            return (Int(width.rounded()), Int(height.rounded()))
        }
        let box = (attribute("viewBox") ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        guard box.count == 4, box[2] > 0, box[3] > 0 else { return nil }
        return (Int(box[2].rounded()), Int(box[3].rounded()))
    }

    /// A CSS length in pixels (96 to the inch); nil for a percentage or an unknown unit.
    static func cssPixels(_ length: String) -> Double? {
        let units: [(String, Double)] = [("px", 1), ("pt", 96.0 / 72), ("pc", 16), ("in", 96), ("cm", 96 / 2.54), ("mm", 96 / 25.4)]
        for (unit, factor) in units where length.hasSuffix(unit) {
            return Double(String(length.dropLast(unit.count)).trimmed).map { $0 * factor }
        }
        return Double(length)
    }
}
