import Foundation
import Testing
@testable import DraftForgeKit

/// mdBook's `{{#…}}` directives: found as mdBook finds them; one DraftForge does not run is never printed in silence.
@Suite("mdBook directives")
struct BookDirectiveTests {
    @Test func foundWhereMdBookFindsThem() {
        let body = """
            Text {{#include listings/main.rs:2:10}} and {{ #playground ex.rs editable }}.

            ```rust
            {{#rustdoc_include ../src/lib.rs:anchor}}
            ```
            {{#title A
            title over lines}} then {{#include b.rs}}
            Not directives: {{#}} {{#include}} {{include x}} {x} {{#bad-name x}}
            Escaped: \\{{#include kept.rs}} and `\\{{#include code.rs}}`
            """
        let found = BookDirective.find(in: body)
        #expect(found.map(\.name) == ["include", "playground", "rustdoc_include", "title", "include", "", ""])
        #expect(found.map(\.line) == [1, 1, 4, 6, 7, 9, 9])
        #expect(found.map(\.column) == [6, 45, 1, 1, 25, 10, 37])
        #expect(found.map(\.isEscaped) == [false, false, false, false, false, true, true])
        #expect(found[3].text == "{{#title A\ntitle over lines}}")
        #expect(found[0].argument == " listings/main.rs:2:10")
        #expect(found[3].argument.trimmingCharacters(in: .whitespacesAndNewlines) == "A\ntitle over lines")
    }

    /// The scan for `{{` that lets most chapters skip the line-counting one must not miss a
    /// directive at either end of the text, nor take single braces for one.
    @Test func directivesAtTheEdgesAreFound() {
        #expect(BookDirective.find(in: "{{#title At the start}} text").map(\.name) == ["title"])
        #expect(BookDirective.find(in: "text {{#include end.rs}}").map(\.name) == ["include"])
        #expect(BookDirective.find(in: "{ {#include no.rs} } {").isEmpty)
        #expect(BookDirective.find(in: "{").isEmpty)
        #expect(BookDirective.find(in: "").isEmpty)
        #expect(BookDirective.find(in: "{x} {y} then {{#include late.rs}}").map(\.column) == [14])
    }

    @Test func anUnknownDirectiveWarnsAndKeepsItsText() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "---\ntitle: One\n---\n\n# One\n\n```rust\n{{#template ../listings/main.rs}}\n```\n\nShown: \\{{#include kept.rs}}\n",
        ], config: "title: Test Book\ncode:\n  highlight: false\n")  // the code as text, without token spans
        let (book, diagnostics) = try manuscript.render()
        let warnings = diagnostics.filter { $0.code == "load.unknown-directive" }
        #expect(warnings.map(\.location?.description) == ["chapters/01-one.md:8:1"])
        #expect(warnings.first?.message == "'{{#template ../listings/main.rs}}' is an mdBook directive DraftForge does not run; it prints as written")
        #expect(warnings.first?.severity == .warning)
        let page = book.chapters[0].xhtml
        #expect(page.contains("{{#template ../listings/main.rs}}"))
        #expect(page.contains("Shown: {{#include kept.rs}}"))
    }
}
