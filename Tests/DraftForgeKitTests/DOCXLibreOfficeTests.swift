import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// LibreOffice (Debian's, headless) as an independent reader of the DOCX: it converts the file
/// to PDF, and Poppler's pdftotext and pdfinfo read that back. scripts/test installs all three
/// (libreoffice-writer-nogui, fonts-liberation2 for Times New Roman's metrics, poppler-utils);
/// without them these tests fail rather than skip.
@Suite("DOCX in LibreOffice", .externalTools)
struct DOCXLibreOfficeTests {
    /// Converts `docx` to PDF beside it, with a LibreOffice profile of its own so that parallel
    /// conversions do not share (and lock) one.
    static func convertToPDF(_ docx: URL) throws -> URL {
        guard try runCommand(["sh", "-c", "command -v soffice && command -v pdftotext && command -v pdfinfo"]).status == 0 else {
            throw TestError("LibreOffice or Poppler is missing: run scripts/test, which installs libreoffice-writer-nogui, fonts-liberation2 and poppler-utils")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-soffice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work.appendingPathComponent("profile")) }
        let result = try runCommand([
            "soffice", "-env:UserInstallation=file://\(work.path)/profile", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", work.path, docx.path,
        ])
        let pdf = work.appendingPathComponent(docx.deletingPathExtension().lastPathComponent + ".pdf")
        guard result.status == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            throw TestError("LibreOffice could not convert \(docx.lastPathComponent): \(result.output)")
        }
        return pdf
    }

    static func pdfText(_ pdf: URL) throws -> String {
        let result = try runCommand(["pdftotext", "-enc", "UTF-8", pdf.path, "-"])
        guard result.status == 0 else { throw TestError("pdftotext failed: \(result.output)") }
        return result.output
    }

    static func pdfInfo(_ pdf: URL) throws -> [String: String] {
        let result = try runCommand(["pdfinfo", pdf.path])
        var fields: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Lowercased runs of letters and digits, ligatures unfolded, so layout and punctuation
    /// do not matter.
    static func words(_ text: String) -> [Substring] {
        text.precomposedStringWithCompatibilityMapping.lowercased()
            .split { !($0.isLetter || $0.isNumber) }
    }

    /// The text a chapter shows in its body, notes left out (they sit at the foot of pages) and
    /// table cells too (pdftotext reads a table by columns); `cells` collects the cells' text.
    static func bodyText(_ nodes: [HTMLNode], cells: inout [String]) -> String {
        nodes.map { node in
            switch node {
            case .text(let text): return text
            case .element(let element):
                if element.name == "section" && element.classes.contains("footnotes") { return " " }
                if element.name == "sup" && element.classes.contains("footnote-ref") { return " " }
                if element.name == "td" || element.name == "th" {
                    cells.append(element.textContent)
                    return " "
                }
                return " " + bodyText(element.children, cells: &cells) + " "
            }
        }.joined()
    }

    @Test func theSampleOpensWithEveryChapterAndAManuscriptPageCount() throws {
        let sample = try sampleCopy()
        let (result, docx) = try buildDOCX(sample)
        let pdf = try Self.convertToPDF(docx.url)
        let pdfWords = Self.words(try Self.pdfText(pdf))
        let (book, _) = try sample.render()
        // Each chapter's words appear in the PDF in order; headers, note numbers and notes may
        // stand between them.
        var position = pdfWords.startIndex
        var cells: [String] = []
        for chapter in book.chapters {
            for word in Self.words(Self.bodyText(chapter.page, cells: &cells)) {
                guard let found = pdfWords[position...].firstIndex(of: word) else {
                    Issue.record("'\(word)' of \(chapter.sourcePath) is missing from LibreOffice's PDF after word \(position)")
                    return
                }
                position = found + 1
            }
        }
        let text = Self.words(try Self.pdfText(pdf)).joined(separator: " ")
        #expect(cells.count == 32)
        for cell in cells {
            #expect(text.contains(Self.words(cell).joined(separator: " ")), "the table cell '\(cell)' is missing")
        }
        #expect(text.contains(Self.words("Like almost every lighthouse in England and Wales, it was maintained by the Corporation of Trinity House").joined(separator: " ")))
        #expect(text.contains("holt the lighthouse keeper s daughter 2"))
        #expect(text.contains("about 9 000 words"))

        // Double-spaced manuscript pages hold about 250 words.
        let info = try Self.pdfInfo(pdf)
        let pages = try #require(Int(info["Pages"] ?? ""))
        let expected = Double(result.wordCount) / 250
        #expect(abs(Double(pages) - expected) <= 0.2 * expected, "\(pages) pages for \(result.wordCount) words")
        #expect(info["Title"] == DOCXPackagerTests.sampleTitle)
        #expect(info["Author"] == "Marian Holt")
        #expect(info["Page size"]?.hasPrefix("612 x 792 pts") == true)
        // The map, an SVG, shows through its PNG rendering.
        let images = try runCommand(["pdfimages", "-list", pdf.path]).output
        #expect(images.split(separator: "\n").dropFirst(2).contains { $0.split(separator: " ").dropFirst(3).first.flatMap { Int($0) } ?? 0 > 100 })
    }

    @Test(arguments: ["manuscript", "modern"])
    func everyConstructOpens(_ style: String) throws {
        let manuscript = try TestManuscript.minimal(
            [
                "chapters/01-one.md": DOCXPackagerTests.features + "\n\nA note.[^n]\n\n[^n]: The note's text, with a [link](https://example.org).\n",
                "chapters/02-two.md": "Starts without a heading.\n\n## Deep\n\n<div>Raw <em>html</em> text</div>\n",
            ],
            config: "title: Every Construct\nauthors: [Ann Author]\ndocx:\n  style: \(style)\n")
        let (_, docx) = try buildDOCX(manuscript)
        let text = Self.words(try Self.pdfText(try Self.convertToPDF(docx.url))).joined(separator: " ")
        for expected in [
            "text with italic bold struck code h2o an outside link and a heading elsewhere", "after the break",
            "three", "nested a", "done", "left a", "right 1", "let x 1", "indented", "quoted", "the note s text with a link",
            "starts without a heading", "deep", "raw html text",
        ] {
            #expect(text.contains(expected), "'\(expected)' is missing from the \(style) PDF")
        }
    }
}
