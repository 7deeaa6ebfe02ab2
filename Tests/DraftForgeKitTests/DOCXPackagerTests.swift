import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DraftForgeKit

/// The Word document: its package read back with Python's zipfile, its XML against the structure
/// Word expects, and the manuscript conventions agents ask for.
@Suite("DOCX")
struct DOCXPackagerTests {
    static let sampleTitle = "The Lighthouse Keeper's Daughter"

    @Test func thePackageHoldsEveryPartWithTypesAndRelationships() throws {
        let (_, docx) = try buildDOCX(try sampleCopy())
        for part in [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
            "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
            "word/footnotes.xml", "word/_rels/footnotes.xml.rels", "word/header1.xml", "word/header2.xml",
            "word/media/harbour-map.svg", "word/media/fallback/harbour-map.png",
        ] {
            #expect(docx.names.contains(part), "\(part) is missing")
        }
        #expect(docx.names.first == "[Content_Types].xml")
        for name in docx.names where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
            #expect(XMLCheck.problem(in: docx.entries[name] ?? "") == nil, "\(name) is not well-formed")
        }

        // Every part has a content type: an Override for XML parts, a Default for media.
        let types = try docx.xml("[Content_Types].xml")
        let overrides = Set(types.descendants("Override").map { $0.attributeValue("PartName") })
        let defaults = Set(types.descendants("Default").map { $0.attributeValue("Extension") })
        for name in docx.names where name != "[Content_Types].xml" {
            // By the text after the last dot: `_rels/.rels` has the extension "rels" in a package.
            let known = overrides.contains("/" + name) || defaults.contains(String(name.split(separator: ".").last ?? ""))
            #expect(known, "\(name) has no content type")
        }
        #expect(overrides.contains("/word/document.xml"))

        // Every internal relationship points at a part that is there.
        for (part, folder) in [("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/"), ("word/_rels/footnotes.xml.rels", "word/")] {
            for (id, relationship) in try docx.relationships(part) where !relationship.external {
                #expect(docx.names.contains(folder + relationship.target), "\(part) \(id) → \(relationship.target) is missing")
            }
        }
        let document = try docx.relationships("word/_rels/document.xml.rels")
        #expect(Set(document.values.map(\.type)).isSuperset(of: ["styles", "settings", "numbering", "footnotes", "header", "image"]))
        // Every r:id the document uses is defined.
        let body = try #require(docx.entries["word/document.xml"])
        for match in body.matches(of: /r:(?:id|embed)="([^"]+)"/) {
            #expect(document[String(match.1)] != nil, "r:id \(match.1) is not defined")
        }
    }

    @Test func stylesAreNamedAndTheManuscriptFormatHolds() throws {
        let (_, docx) = try buildDOCX(try sampleCopy())
        let styles = try docx.xml("word/styles.xml")
        var byID: [String: XMLElement] = [:]
        for style in styles.descendants("w:style") { byID[style.attributeValue("w:styleId")] = style }
        let names = [
            "Title": "Title", "Heading1": "heading 1", "Heading2": "heading 2", "Heading3": "heading 3",
            "BodyText": "Body Text", "BlockQuote": "Block Quote", "FootnoteText": "footnote text", "Code": "Code",
        ]
        for (id, name) in names {
            #expect(byID[id]?.value(of: "w:name") == name, "style \(id) should be named \(name)")
        }
        // 12-point Times New Roman, double-spaced, no space between paragraphs.
        let defaults = try #require(styles.descendants("w:docDefaults").first)
        #expect(defaults.descendants("w:rFonts").first?.attributeValue("w:ascii") == "Times New Roman")
        #expect(defaults.value(of: "w:sz") == "24")
        let spacing = try #require(defaults.descendants("w:spacing").first)
        #expect(spacing.attributeValue("w:line") == "480")
        #expect(spacing.attributeValue("w:after") == "0" && spacing.attributeValue("w:before") == "0")
        // Half-inch first-line indents; chapters on a new page a third down (11 in / 3 − 1 in margin).
        #expect(byID["BodyText"]?.descendants("w:ind").first?.attributeValue("w:firstLine") == "720")
        let heading = try #require(byID["Heading1"])
        #expect(!heading.descendants("w:pageBreakBefore").isEmpty)
        #expect(heading.descendants("w:spacing").first?.attributeValue("w:before") == "\(15840 / 3 - 1440)")
        // One-inch margins on US Letter.
        let section = try #require(try docx.xml("word/document.xml").descendants("w:sectPr").first)
        let margins = try #require(section.descendants("w:pgMar").first)
        for side in ["top", "right", "bottom", "left"] { #expect(margins.attributeValue("w:\(side)") == "1440") }
        #expect(section.descendants("w:pgSz").first?.attributeValue("w:w") == "12240")
        #expect(!section.descendants("w:titlePg").isEmpty)
    }

    @Test func theCoverPageAndHeaderFollowStandardManuscriptFormat() throws {
        let sample = try sampleCopy()
        let (_, docx) = try buildDOCX(sample)
        let paragraphs = try docx.paragraphs()
        // 8,573 words round to 9,000.
        #expect(paragraphs[0].style == "Contact")
        #expect(paragraphs[0].text == "Marian Holtabout 9,000 words")
        #expect(paragraphs[1].style == "Title" && paragraphs[1].text == Self.sampleTitle)
        #expect(paragraphs[2].style == "Subtitle" && paragraphs[2].text == "A Novel of Harrow Point")
        #expect(paragraphs[3].style == "Author" && paragraphs[3].text == "by Marian Holt")
        #expect(paragraphs.filter { $0.style == "PartTitle" }.map(\.text) == ["Part One: The Harbour", "Part Two: The Light"])
        #expect(paragraphs.filter { $0.style == "Heading1" }.map(\.text)
            == ["Preface", "Arrival", "The Storm", "The Keeper", "The Fall", "The Light"])
        // The scene break is a centred '#', and the text after it starts a new scene.
        let breakIndex = try #require(paragraphs.firstIndex { $0.style == "SceneBreak" })
        #expect(paragraphs[breakIndex].text == "#")
        #expect(paragraphs[breakIndex + 1].style == "FirstParagraph")

        // Surname / SHORT TITLE / page number, on every page but the cover.
        let header = try docx.xml("word/header1.xml")
        #expect(header.text == "Holt / THE LIGHTHOUSE KEEPER'S DAUGHTER / 1")
        #expect(header.descendants("w:fldSimple").first?.attributeValue("w:instr") == " PAGE ")
        #expect(try docx.xml("word/header2.xml").text.isEmpty)
        let document = try docx.relationships("word/_rels/document.xml.rels")
        let references = try docx.xml("word/document.xml").descendants("w:headerReference")
        #expect(references.map { $0.attributeValue("w:type") } == ["default", "first"])
        #expect(references.map { document[$0.attributeValue("r:id")]?.target } == ["header1.xml", "header2.xml"])

        // Contact details, the short title and the surname come from docx: in the config.
        let config = try String(contentsOf: sample.url("draftforge.yml"), encoding: .utf8)
        try sample.write("draftforge.yml", config + """
            docx:
              short_title: Lighthouse
              surname: Holt-Penrose
              contact:
                name: Mary Ann Holt
                address: "12 Quay Street\\nHarrow, Cornwall"
                phone: 01234 567890
                email: marian@example.com
            """)
        let (_, custom) = try buildDOCX(sample)
        let cover = try custom.paragraphs().prefix(5).map(\.text)
        #expect(cover == ["Mary Ann Holtabout 9,000 words", "12 Quay Street", "Harrow, Cornwall", "01234 567890", "marian@example.com"])
        #expect(try custom.xml("word/header1.xml").text == "Holt-Penrose / LIGHTHOUSE / 1")
    }

    @Test func wordCountsRoundAsManuscriptsGiveThem() {
        #expect(DOCXPackager.roundedWordCount(8573) == "9,000")
        #expect(DOCXPackager.roundedWordCount(8499) == "8,000")
        #expect(DOCXPackager.roundedWordCount(1_000_849) == "1,001,000")
        #expect(DOCXPackager.roundedWordCount(420) == "400")
        #expect(DOCXPackager.roundedWordCount(3) == "100")
    }

    static let features = """
        # One

        Text with *italic*, **bold**, ~~struck~~, `code`, H<sub>2</sub>O, an [outside link](https://example.com/a?b=1&c=2) \
        and [a heading elsewhere](02-two.md#deep).

        ***

        After the break.

        3. three
        4. four
           - nested *a*
           - nested b

        - [x] done
        - [ ] todo

        | Left | Right |
        |:-----|------:|
        | a | 1 |

        ```swift
        let x = 1
        \tindented
        ```

        > quoted
        """

    @Test func emphasisListsTablesAndCodeCarryOver() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": Self.features, "chapters/02-two.md": "# Two\n\n## Deep\n\nText.\n",
        ])
        let (_, docx) = try buildDOCX(manuscript)
        let document = try docx.xml("word/document.xml")
        let runs = document.descendants("w:r")
        func run(_ text: String) -> XMLElement? { runs.first { $0.text == text } }
        #expect(run("italic").map { !$0.descendants("w:i").isEmpty } == true)
        #expect(run("bold").map { !$0.descendants("w:b").isEmpty } == true)
        #expect(run("struck").map { !$0.descendants("w:strike").isEmpty } == true)
        #expect(run("code")?.value(of: "w:rStyle") == "CodeChar")
        #expect(run("2")?.value(of: "w:vertAlign") == "subscript")

        // Lists: each is a w:num of its own; the ordered one starts at 3; nesting is a level.
        let numbering = try docx.xml("word/numbering.xml")
        let listParagraphs = document.descendants("w:p").filter { !$0.descendants("w:numPr").isEmpty }
        #expect(listParagraphs.map(\.text) == ["three", "four", "nested a", "nested b", "\u{2612} done", "\u{2610} todo"])
        let nums = Dictionary(uniqueKeysWithValues: numbering.descendants("w:num").map { ($0.attributeValue("w:numId"), $0) })
        let first = try #require(listParagraphs.first)
        let orderedNum = try #require(nums[first.value(of: "w:numId") ?? ""])
        #expect(orderedNum.value(of: "w:abstractNumId") == "1")
        #expect(orderedNum.value(of: "w:startOverride") == "3")
        #expect(listParagraphs[2].value(of: "w:ilvl") == "1")
        #expect(nums[listParagraphs[2].value(of: "w:numId") ?? ""]?.value(of: "w:abstractNumId") == "0")
        #expect(Set(listParagraphs.map { $0.value(of: "w:numId") }).count == 3)

        // The table: a grid of two columns, a repeated header row, right-aligned cells.
        let table = try #require(document.descendants("w:tbl").first)
        #expect(table.descendants("w:gridCol").count == 2)
        let rows = table.descendants("w:tr")
        #expect(rows.count == 2 && !rows[0].descendants("w:tblHeader").isEmpty)
        #expect(rows[1].descendants("w:tc").map(\.text) == ["a", "1"])
        #expect(rows[1].descendants("w:tc")[1].value(of: "w:jc") == "right")
        #expect(rows[0].descendants("w:b").count == 2)

        // Code keeps its lines and tabs; the quote has its style; the scene break is a '#'.
        let paragraphs = document.descendants("w:p")
        let code = try #require(paragraphs.first { $0.paragraphStyle == "Code" })
        #expect(code.text == "let x = 1indented")
        #expect(code.descendants("w:br").count == 1 && code.descendants("w:tab").count == 1)
        #expect(paragraphs.first { $0.paragraphStyle == "BlockQuote" }?.text == "quoted")
        #expect(paragraphs.first { $0.paragraphStyle == "SceneBreak" }?.text == "#")
    }

    @Test func linksBecomeHyperlinksAndBookmarks() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": Self.features, "chapters/02-two.md": "Starts without a heading.\n\n## Deep\n\nText.\n",
        ])
        let (_, docx) = try buildDOCX(manuscript)
        let document = try docx.xml("word/document.xml")
        let relationships = try docx.relationships("word/_rels/document.xml.rels")
        let links = document.descendants("w:hyperlink")
        let outside = try #require(links.first { $0.text == "outside link" })
        let target = try #require(relationships[outside.attributeValue("r:id")])
        #expect(target.target == "https://example.com/a?b=1&c=2" && target.external && target.type == "hyperlink")
        #expect(outside.descendants("w:r").first?.value(of: "w:rStyle") == "Hyperlink")
        let inside = try #require(links.first { $0.text == "a heading elsewhere" })
        let bookmarks = document.descendants("w:bookmarkStart")
        let names = bookmarks.map { $0.attributeValue("w:name") }
        #expect(names.contains(inside.attributeValue("w:anchor")))
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.count <= 40 && $0.first!.isLetter && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
        #expect(Set(bookmarks.map { $0.attributeValue("w:id") }).count == bookmarks.count)

        // A chapter that opens without a heading still starts on a new page a third down.
        let paragraphs = document.descendants("w:p")
        let opening = try #require(paragraphs.first { $0.text == "Starts without a heading." })
        #expect(!opening.descendants("w:pageBreakBefore").isEmpty)
        #expect(opening.descendants("w:spacing").first?.attributeValue("w:before") == "\(15840 / 3 - 1440)")
    }

    @Test func footnotesAreWordFootnotes() throws {
        let (_, docx) = try buildDOCX(try sampleCopy())
        let notes = try docx.xml("word/footnotes.xml").descendants("w:footnote")
        #expect(notes.map { $0.attributeValue("w:id") } == ["-1", "0", "1", "2", "3", "4"])
        #expect(notes[0].attributeValue("w:type") == "separator")
        let references = try docx.xml("word/document.xml").descendants("w:footnoteReference")
        #expect(references.map { $0.attributeValue("w:id") } == ["1", "2", "3", "4"])
        let first = notes[2]
        #expect(first.descendants("w:p").first?.paragraphStyle == "FootnoteText")
        #expect(!first.descendants("w:footnoteRef").isEmpty)
        // Word numbers the note; the rendered "1." is gone.
        #expect(first.text.hasPrefix(" The light at Harrow Point showed a fixed white light"))
        // The link inside the note has its relationship in the footnotes part.
        let link = try #require(first.descendants("w:hyperlink").first)
        #expect(link.text == "Trinity House")
        let relationship = try #require(try docx.relationships("word/_rels/footnotes.xml.rels")[link.attributeValue("r:id")])
        #expect(relationship.target == "https://www.trinityhouse.co.uk/" && relationship.external)
        #expect(try docx.xml("word/settings.xml").descendants("w:footnote").map { $0.attributeValue("w:id") } == ["-1", "0"])
    }

    /// Notes reach the DOCX as notes, not as markup to decode: text that merely looks like the
    /// notes section (an author's own classes) stays in the body.
    @Test func notesComeTypedAndLookAlikeMarkupStaysText() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": """
                # One

                Paragraph <span class="footnote-number">7.</span> with a note.[^a]

                <section class="notes"><p>Own section.</p></section>

                [^a]: The note, with *emphasis*.

                    And a second paragraph.
                """,
        ])
        let (book, _) = try manuscript.render()
        let notes = book.chapters[0].notes
        #expect(notes.count == 1)
        #expect(notes[0].backReference?.hasPrefix("#fnref") == true)
        #expect(notes[0].content.map(\.textContent).joined().trimmed == "The note, with emphasis.\nAnd a second paragraph.")
        let (_, docx) = try buildDOCX(manuscript)
        let body = try docx.paragraphs().map(\.text)
        #expect(body.contains("Paragraph 7. with a note."))
        #expect(body.contains("Own section."))
        let footnotes = try docx.xml("word/footnotes.xml").descendants("w:footnote").filter { $0.attributeValue("w:id") == "1" }
        #expect(footnotes.first?.descendants("w:p").map(\.text) == [" The note, with emphasis.", "And a second paragraph."])
    }

    @Test func imagesAreEmbeddedAtTheirSizeAndFitThePage() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "# One\n\n![Small](images/small.png)\n\n![Wide](images/wide.jpg)\n\n![Anim](images/anim.gif)\n\n![Web](images/photo.webp)\n\n![Vector](images/plan.svg)\n",
            "chapters/images/plan.svg": #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"><rect width="300" height="150" fill="red"/></svg>"#,
        ])
        try manuscript.write("chapters/images/small.png", TestImage.png(width: 200, height: 100))
        try manuscript.write("chapters/images/wide.jpg", TestImage.jpeg(width: 3000, height: 1500))
        try manuscript.write("chapters/images/anim.gif", Data("GIF89a".utf8) + Data([0x40, 0x01, 0xA0, 0x00, 0, 0, 0, 0]))
        try manuscript.write("chapters/images/photo.webp", Data("RIFF\0\0\0\0WEBPVP8 ".utf8))
        let (result, docx) = try buildDOCX(manuscript)
        let drawings = try docx.xml("word/document.xml").descendants("wp:inline")
        let extents = drawings.map { inline in
            inline.descendants("wp:extent").first.map { [$0.attributeValue("cx"), $0.attributeValue("cy")] } ?? []
        }
        // 96 pixels to the inch (9,525 EMUs a pixel); the wide photo shrinks to the 6.5-inch text width.
        #expect(extents[0] == ["\(200 * 9525)", "\(100 * 9525)"])
        #expect(extents[1] == ["5943600", "2971800"])
        #expect(extents[2] == ["\(320 * 9525)", "\(160 * 9525)"])
        #expect(extents[3] == ["\(300 * 9525)", "\(150 * 9525)"])
        #expect(drawings.map { $0.descendants("wp:docPr").first?.attributeValue("descr") } == ["Small", "Wide", "Anim", "Vector"])
        #expect(Set(drawings.map { $0.descendants("wp:docPr").first?.attributeValue("id") }).count == 4)
        for name in ["small.png", "wide.jpg", "anim.gif", "plan.svg", "fallback/plan.png"] {
            #expect(docx.names.contains("word/media/" + name), "\(name) is not embedded")
        }
        // The SVG is drawn by Word 2016 through svgBlip, with a PNG rendering for other readers.
        let vector = drawings[3]
        let relationships = try docx.relationships("word/_rels/document.xml.rels")
        #expect(relationships[vector.descendants("a:blip").first?.attributeValue("r:embed") ?? ""]?.target == "media/fallback/plan.png")
        #expect(relationships[vector.descendants("asvg:svgBlip").first?.attributeValue("r:embed") ?? ""]?.target == "media/plan.svg")
        #expect(docx.entries["word/media/fallback/plan.png"]?.hasPrefix("\u{FFFD}PNG") == true)
        // WebP is left out with its alt text and one warning.
        #expect(!docx.names.contains("word/media/photo.webp"))
        #expect(try docx.paragraphs().contains { $0.text == "Web" })
        let dropped = result.diagnostics.filter { $0.code == "package.image-dropped" }
        #expect(dropped.map(\.location?.file) == ["chapters/01-one.md"])
    }

    @Test func rawHTMLIsDroppedWithOneWarningPerChapter() throws {
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "# One\n\n<div class=\"letter\">\nDear <b>Sir</b>,\n</div>\n\nText with <span>inline</span> tags.\n",
            "chapters/02-two.md": "---\ntitle: Two\n---\n\nPlain text.\n\nA <kbd>key</kbd> here.\n",
            "chapters/03-three.md": "# Three\n\n<!-- a note to self -->\n\nNo raw HTML but comments.\n\n<!--\nover\nlines\n-->\n",
            "chapters/04-four.md": "# Four\n\n{{#include parts/letter.md}}\n",
            "chapters/parts/letter.md": "Intro.\n\n<div>Dear Madam,</div>\n",
        ])
        let (result, docx) = try buildDOCX(manuscript)
        let warnings = result.diagnostics.filter { $0.code == "package.raw-html-dropped" }
        #expect(warnings.map { $0.location?.description }
            == ["chapters/01-one.md:3", "chapters/02-two.md:7", "chapters/parts/letter.md:3"])
        #expect(warnings.first?.message == "the DOCX drops raw HTML and keeps its text: 3 tags in this chapter, the first here")
        #expect(warnings.allSatisfy { $0.severity == .warning })
        let text = try docx.paragraphs().map(\.text)
        #expect(text.contains("Dear Sir,"))
        #expect(text.contains("Text with inline tags."))
        #expect(text.contains("A key here."))
        // Only the DOCX warns: the EPUB keeps raw HTML.
        let epubOnly = try manuscript.build()
        #expect(!epubOnly.diagnostics.contains { $0.code == "package.raw-html-dropped" })
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let sample = try sampleCopy()
        let other = try TestManuscript()
        let (first, docx) = try buildDOCX(sample)
        let (second, _) = try buildDOCX(sample, output: other.root)
        #expect(try Data(contentsOf: first.outputs[0].url) == Data(contentsOf: second.outputs[0].url))
        // The dates are the build date (SOURCE_DATE_EPOCH here), as in the EPUB.
        let core = try docx.xml("docProps/core.xml")
        #expect(core.descendants("dcterms:created").first?.stringValue == "2023-11-14T22:13:20Z")
        #expect(core.descendants("dcterms:modified").first?.stringValue == "2023-11-14T22:13:20Z")
        #expect(core.descendants("dc:title").first?.stringValue == Self.sampleTitle)
        #expect(core.descendants("dc:creator").first?.stringValue == "Marian Holt")
        #expect(core.descendants("dc:language").first?.stringValue == "en")
    }

    @Test func theManifestRecordsTheDOCXJobAndDefaultBuildsLeaveItOut() throws {
        let sample = try sampleCopy()
        let (result, _) = try buildDOCX(sample, formats: [.epub, .docx])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: sample.dist.appendingPathComponent("manifest.json"))) as? [String: Any]
        let builds = try #require(manifest?["builds"] as? [[String: Any]])
        let jobs = try #require(builds.first?["export_jobs"] as? [[String: Any]])
        let job = try #require(jobs.first { $0["export_type"] as? String == "docx" })
        let output = try #require(result.outputs.first { $0.format == .docx })
        #expect(job["export_format_version"] as? String == "ECMA-376 transitional")
        #expect(job["status"] as? String == "completed")
        #expect(job["output_url"] as? String == "lighthouse-keepers-daughter.docx")
        #expect(job["output_checksum"] as? String == (try Checksum.sha256(ofItemAt: output.url)))
        #expect(job["output_size_bytes"] as? Int == output.sizeBytes)
        let settings = try #require(job["settings"] as? [String: Any])
        #expect(settings["docx_style"] as? String == "manuscript")
        #expect(settings["include_cover"] as? Bool == false)

        #expect(!ExportFormat.defaults.contains(.docx))
        let plain = try TestManuscript.minimal()
        let built = try plain.build()
        #expect(!built.outputs.contains { $0.format == .docx })
        #expect(!FileManager.default.fileExists(atPath: plain.dist.appendingPathComponent("test-book.docx").path))
    }

    @Test func theModernStyleIsAPlainBookLayout() throws {
        let manuscript = try TestManuscript.minimal(
            ["chapters/01-one.md": Self.features],
            config: "title: Test Book\nauthors: [Ann Author]\ndocx:\n  style: modern\n  paper: a4\n  font: Georgia\n")
        let (_, docx) = try buildDOCX(manuscript)
        let styles = try docx.xml("word/styles.xml")
        #expect(styles.descendants("w:docDefaults").first?.value(of: "w:sz") == "22")
        #expect(styles.descendants("w:docDefaults").first?.descendants("w:rFonts").first?.attributeValue("w:ascii") == "Georgia")
        let first = styles.descendants("w:style").first { $0.attributeValue("w:styleId") == "FirstParagraph" }
        #expect(first?.descendants("w:ind").first?.attributeValue("w:firstLine") == "0")
        // A title page instead of the manuscript's cover; page numbers at the foot, no header.
        let paragraphs = try docx.paragraphs()
        #expect(paragraphs.prefix(2).map(\.style) == ["Title", "Author"])
        #expect(paragraphs.first { $0.style == "SceneBreak" }?.text == "*\u{2003}*\u{2003}*")
        #expect(docx.names.contains("word/footer1.xml") && !docx.names.contains("word/header1.xml"))
        #expect(try docx.xml("word/footer1.xml").descendants("w:fldSimple").count == 1)
        let size = try #require(try docx.xml("word/document.xml").descendants("w:pgSz").first)
        #expect(size.attributeValue("w:w") == "11906" && size.attributeValue("w:h") == "16838")
    }

    @Test func aStylesOverrideIsUsedAndABrokenOneDamagesNothing() throws {
        let manuscript = try TestManuscript.minimal()
        let defaults = try String(
            contentsOf: packageRoot.appendingPathComponent("Templates/docx/styles.xml.mustache"), encoding: .utf8)
        try manuscript.write("templates/styles.xml.mustache", defaults.replacingOccurrences(
            of: "<w:name w:val=\"Block Quote\"/>", with: "<w:name w:val=\"House Quote\"/>"))
        let (result, docx) = try buildDOCX(manuscript)
        #expect(try docx.xml("word/styles.xml").descendants("w:name").contains { $0.attributeValue("w:val") == "House Quote" })
        #expect(!result.diagnostics.contains { $0.code == "config.template-unused" })
        let before = try Data(contentsOf: result.outputs[0].url)

        try manuscript.write("templates/styles.xml.mustache", "<w:styles>{{font}}")
        var options = manuscript.options()
        options.formats = [.docx]
        #expect {
            try Pipeline.build(options)
        } throws: { error in
            guard let failure = error as? BuildFailure, failure.kind == .exportFailed else { return false }
            return failure.diagnostics.contains {
                $0.code == "output.write-failed" && $0.message.contains("templates/styles.xml.mustache does not give well-formed XML")
            }
        }
        #expect(try Data(contentsOf: result.outputs[0].url) == before)
    }
}
