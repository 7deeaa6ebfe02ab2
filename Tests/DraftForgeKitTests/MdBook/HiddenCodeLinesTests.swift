import Foundation
import Testing
@testable import DraftForgeKit

/// mdBook's and rustdoc's hidden lines in Rust examples, and `hidelines=` for other languages.
@Suite("Hidden code lines")
struct HiddenCodeLinesTests {
    @Test func rustHidesHashSpaceLinesAndKeepsAttributes() {
        let code = "# use std::io;\n#\n    # fn hidden() {}\n#[derive(Debug)]\n#![allow(unused)]\n## not hidden\nfn main() {}\n#x\n"
        #expect(HiddenCodeLines.visible(code, info: "rust,ignore") == "#[derive(Debug)]\n#![allow(unused)]\n# not hidden\nfn main() {}\n#x\n")
        #expect(HiddenCodeLines.visible(code, info: "python") == code)
        #expect(HiddenCodeLines.visible(code, info: "") == code)
    }

    @Test func aFenceMayNameItsOwnPrefix() {
        #expect(HiddenCodeLines.visible("~import os\nprint(1)\n  ~hidden\n", info: "python,hidelines=~") == "print(1)\n")
    }

    @Test func everyFormatLeavesThemOut() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "# One\n\n```rust,does_not_compile\n# fn setup() {}\nfn main() {\n    ## attribute-looking text\n}\n```\n\n> ```rust\n> # hidden in a quote\n> shown();\n> ```\n",
        ], config: "title: Test Book\ncode:\n  highlight: false\n")  // the code as text, without token spans
        let (book, _) = try manuscript.render()
        let page = book.chapters[0].xhtml
        #expect(page.contains(#"<pre><code class="language-rust">fn main() {"#))
        #expect(page.contains("    # attribute-looking text\n}"))
        #expect(!page.contains("setup"))
        #expect(!page.contains("hidden in a quote"))
        #expect(page.contains("shown();"))
    }
}
