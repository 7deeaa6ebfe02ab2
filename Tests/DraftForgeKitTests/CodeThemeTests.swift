import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// Highlighted code's colours: readable on every background they are set on, the same in every
/// stylesheet and in the DOCX, and the `code:` options that switch them.
@Suite("Code theme")
struct CodeThemeTests {
    /// WCAG 2.2's contrast ratio of two `RRGGBB` colours.
    static func contrast(_ first: String, _ second: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex, radix: 16)!
            let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
                let c = Double(channel) / 255
                return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
        let (a, b) = (luminance(first), luminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    static func stylesheet(_ path: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The value of `--name` or a `.class { color: … }` rule as the stylesheet writes it.
    static func colours(in css: String, pattern: String) -> [String: String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        var found: [String: String] = [:]
        for match in regex.matches(in: css, range: NSRange(css.startIndex..., in: css)) {
            let kind = String(css[Range(match.range(at: 1), in: css)!])
            if found[kind] == nil { found[kind] = String(css[Range(match.range(at: 2), in: css)!]).lowercased() }
        }
        return found
    }

    @Test func everyColourReachesFourAndAHalfToOneOnItsBackground() throws {
        // The page and code backgrounds each stylesheet sets code on.
        let light = ["ffffff", "f4f4f4", "f1eee7", "f3f3f3", "fcfbf8"]
        for (kind, colour) in CodeTheme.light {
            for background in light {
                #expect(Self.contrast(colour, background) >= 4.5, "\(kind) #\(colour) on #\(background)")
            }
        }
        for (kind, colour) in CodeTheme.dark {
            for background in ["21252b", "15171b"] {
                #expect(Self.contrast(colour, background) >= 4.5, "dark \(kind) #\(colour) on #\(background)")
            }
        }
        #expect(Set(CodeTheme.light.keys) == Set(CodeTheme.dark.keys))
        #expect(CodeTheme.light.count == 13)
    }

    @Test func theStylesheetsUseTheThemesColours() throws {
        for path in ["Templates/epub/epub.css", "Templates/pdf/pdf.css"] {
            let rules = Self.colours(in: try Self.stylesheet(path), pattern: #"\.hl-([a-z]+) \{ color: #([0-9a-fA-F]{6})"#)
            #expect(rules == CodeTheme.light, "\(path)")
        }
        let site = try Self.stylesheet("Templates/site/site.css")
        let lightVariables = Self.colours(in: site, pattern: #"--hl-([a-z]+): #([0-9a-fA-F]{6})"#)
        #expect(lightVariables == CodeTheme.light, "the first --hl-* of site.css are the light theme's")
        let dark = site[site.range(of: "@media (prefers-color-scheme: dark)")!.lowerBound...]
        #expect(Self.colours(in: String(dark), pattern: #"--hl-([a-z]+): #([0-9a-fA-F]{6})"#) == CodeTheme.dark)
        for kind in CodeTheme.light.keys {
            #expect(site.contains(":where(.df-chapter) .hl-\(kind) { color: var(--hl-\(kind));"), "\(kind)")
        }
    }

    @Test func theDOCXColoursEachToken() throws {
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": """
            # One

            <pre><code class="language-rust"><span class="hl-keyword">fn</span> <span class="hl-function">main</span>() {
                <span class="hl-comment">// hi</span>
            }</code></pre>
            """])
        let (_, docx) = try buildDOCX(manuscript)
        let document = try docx.xml("word/document.xml")
        let runs = document.descendants("w:r").filter { !$0.text.isEmpty }
        let coloured = runs.map { "\($0.text)|\($0.descendants("w:color").first?.attributeValue("w:val") ?? "")|\($0.descendants("w:i").isEmpty ? "" : "i")" }
        #expect(coloured.contains("fn|8b1f8b|"), "\(coloured)")
        #expect(coloured.contains("main|1f55c0|"))
        #expect(coloured.contains("// hi|5f6670|i"))
        #expect(coloured.contains("() {||"))
    }

    @Test func theCodeOptionsAreRead() throws {
        let manuscript = try TestManuscript.minimal([:], config: "title: T\ncode:\n  highlight: false\n  line_numbers: true\n  colour: red\n")
        let (loaded, diagnostics) = try manuscript.loadManuscript()
        #expect(loaded.config.code.highlight == false)
        #expect(loaded.config.code.lineNumbers)
        #expect(diagnostics.map(\.message) == ["unknown key 'colour' in 'code'"])
        _ = try manuscript.build()
        let page = try String(contentsOf: manuscript.dist.appendingPathComponent("html/01-one.html"), encoding: .utf8)
        #expect(page.contains(#"<body class="df-with-sidebar df-line-numbers">"#))
        let bad = try TestManuscript.minimal([:], config: "title: T\ncode:\n  highlight: sometimes\n")
        #expect(bad.failure()?.diagnostics.first?.code == "config.type")
    }
}
