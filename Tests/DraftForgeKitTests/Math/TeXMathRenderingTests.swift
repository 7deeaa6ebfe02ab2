import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// The fixture's formulas in a real MathML Core renderer: Debian's Chromium, headless, reading
/// the page as XHTML as an EPUB reading system would. The screenshot stays in
/// .build/test-output/math/ for a person to look at.
@Suite("TeX math in Chromium", .serialized, .externalTools)
struct TeXMathRenderingTests {
    static let output = packageRoot.appendingPathComponent(".build/test-output/math")

    /// An XHTML page with every formula that converts, its TeX beside it, and a script that lists
    /// the formulas Chromium laid out with no width or height.
    static func page(_ formulas: [TeXMathTests.Formula]) -> String {
        var rows = ""
        for formula in formulas {
            guard case .success(let mathML) = TeXMath.mathML(formula.tex, display: formula.display) else { continue }
            rows += "<div class=\"case\"><code>\(XHTMLSerializer.escaped(formula.tex, inAttribute: false))</code>"
            rows += formula.display == .block ? mathML : "<p>Inline: \(mathML) in a line.</p>"
            rows += "</div>\n"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/><title>Formulas</title>
            <style>
            body { font: 17px serif; margin: 12px; display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px 18px; }
            .case { border-top: 1px solid #ccc; padding-top: 2px; }
            code { font: 11px monospace; color: #555; display: block; }
            p { margin: 4px 0; }
            /* Stretchy delimiters and large operators need a font with an OpenType MATH table. */
            math { font-family: "Latin Modern Math", math; }
            </style></head><body>
            \(rows)<script>//<![CDATA[
            const flat = [...document.querySelectorAll("math")].map((m, i) => [i, m.getBoundingClientRect()])
                .filter(([i, r]) => r.width < 2 || r.height < 2).map(([i]) => i);
            document.body.setAttribute("data-flat", flat.join(" "));
            document.body.setAttribute("data-count", document.querySelectorAll("math").length);
            //]]></script></body></html>
            """
    }

    @Test func everyFormulaRendersWithABoxAndTheScreenshotIsNotBlank() throws {
        let formulas = TeXMathTests.formulas.filter { !$0.expectsError }
        try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
        let pageURL = Self.output.appendingPathComponent("formulas.xhtml")
        try Data(Self.page(formulas).utf8).write(to: pageURL)

        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-math-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let browser = try HeadlessChromium(profile: profile)
        let dom = try browser.dom(pageURL)
        #expect(dom.contains("data-count=\"\(formulas.count)\""), "Chromium did not read every <math>")
        let flat = dom.range(of: #"data-flat=""#).map { dom[$0.upperBound...].prefix { $0 != "\"" } } ?? "?"
        #expect(flat.isEmpty, "these formulas (by index) were laid out with no size: \(flat)")

        let shot = Self.output.appendingPathComponent("formulas.png")
        try browser.screenshot(pageURL, to: shot, width: 1500, height: 40 * formulas.count)
        let inked = try Self.inkedShare(of: shot)
        #expect(inked > 0.002, "the screenshot is nearly blank (\(inked) of its pixels are dark)")
        // Kept in the test run's attachments too, where `swift test --attachments-path` asks for them.
        Attachment.record(try Data(contentsOf: shot), named: "tex-math-formulas.png")
        print("TeX math screenshot: \(shot.path)")
    }

    /// The share of dark pixels in an 8-bit RGB or RGBA PNG, decoded with Python's zlib.
    static func inkedShare(of png: URL) throws -> Double {
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            pos, idat = 8, b''
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                if kind == b'IHDR': width, height, depth, color = struct.unpack('>IIBB', body[:10])
                if kind == b'IDAT': idat += body
                pos += 12 + length
            assert depth == 8 and color in (2, 6), (depth, color)
            channels = 3 if color == 2 else 4
            raw, stride = zlib.decompress(idat), width * channels
            previous, dark = bytearray(stride), 0
            for row in range(height):
                start = row * (stride + 1)
                kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
                for i in range(stride):
                    left = line[i - channels] if i >= channels else 0
                    up, corner = previous[i], previous[i - channels] if i >= channels else 0
                    if kind == 1: line[i] = (line[i] + left) & 255
                    elif kind == 2: line[i] = (line[i] + up) & 255
                    elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
                    elif kind == 4:
                        p = left + up - corner
                        pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                        line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
                dark += sum(1 for i in range(0, stride, channels) if line[i] + line[i + 1] + line[i + 2] < 300)
                previous = line
            print(dark / (width * height))
            """
        let result = try runCommand(["python3", "-c", script, png.path])
        guard result.status == 0, let share = Double(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestError("cannot read \(png.path): \(result.output)")
        }
        return share
    }
}
