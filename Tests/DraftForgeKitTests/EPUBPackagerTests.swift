import Crypto
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

@Suite("EPUB package")
struct EPUBPackagerTests {
    static let sample = packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper")

    @Test func containerAndPackageDocument() throws {
        let manuscript = try TestManuscript.minimal(
            ["chapters/02-two.md": "---\ntitle: Second\n---\nText.\n"],
            config: """
                title: "Salt & Stone"
                subtitle: A Tale
                authors: [Ann One, Bob Two]
                language: en-GB
                publisher: House
                rights: All rights reserved
                description: A book.
                subjects: [Fiction]
                date: 2026-03-01
                slug: salt
                cover: cover.png
                outline:
                  - part: Part One
                    chapters: [01-one, 02-two]
                """)
        try manuscript.write("cover.png", TestImage.png(width: 1600, height: 2560))
        let result = try manuscript.build()
        #expect(result.outputs.map(\.url.lastPathComponent) == ["salt.epub", "html"])
        let epub = try EPUBContents(result.outputs[0].url)
        #expect(epub.names.first == "mimetype")
        #expect(epub["mimetype"] == "application/epub+zip")
        #expect(epub["META-INF/container.xml"]?.contains(#"full-path="OEBPS/content.opf""#) == true)
        let opf = try #require(epub["OEBPS/content.opf"])
        for expected in [
            "<dc:title id=\"title\">Salt &amp; Stone</dc:title>", "<dc:title id=\"subtitle\">A Tale</dc:title>",
            "<dc:creator id=\"creator-2\">Bob Two</dc:creator>", "<dc:language>en-GB</dc:language>",
            "<dc:publisher>House</dc:publisher>", "<dc:rights>All rights reserved</dc:rights>",
            "<dc:date>2026-03-01</dc:date>", "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>",
            "<meta property=\"schema:accessMode\">textual</meta>", "<meta property=\"schema:accessibilityHazard\">none</meta>",
            "<meta property=\"schema:accessibilitySummary\">", "<meta property=\"schema:accessModeSufficient\">textual</meta>",
            "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>",
            "properties=\"cover-image\"", "properties=\"nav\"",
            "<spine toc=\"ncx\">\n<itemref idref=\"cover\"/>\n<itemref idref=\"title-page\"/>\n<itemref idref=\"copyright\"/>\n<itemref idref=\"nav\"/>\n<itemref idref=\"part-1\"/>\n<itemref idref=\"chapter-1\"/>",
        ] {
            #expect(opf.contains(expected), "content.opf lacks \(expected)")
        }
        #expect(opf.contains("urn:uuid:" + BookIdentifier.nameBasedUUID("Salt & Stone\nAnn One\nBob Two")))
        let nav = try #require(epub["OEBPS/nav.xhtml"])
        #expect(nav.contains("<li><a href=\"part-1.xhtml\">Part One</a>\n<ol>\n<li><a href=\"text/01-one.xhtml\">One</a></li>\n<li><a href=\"text/02-two.xhtml\">Second</a></li>\n</ol>\n</li>"))
        #expect(nav.contains("<a epub:type=\"bodymatter\" href=\"text/01-one.xhtml\">"))
        for (name, text) in epub.xhtml {
            #expect(XMLCheck.problem(in: text) == nil, "\(name) is not well-formed")
        }
    }

    @Test func identifierIsStableAndConfigurable() {
        var config = ManuscriptConfig(file: "draftforge.yml", title: "A", slug: "a")
        config.authors = ["B"]
        let derived = BookIdentifier.make(for: config)
        #expect(derived == BookIdentifier.make(for: config))
        #expect(derived.range(of: #"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#, options: .regularExpression) != nil)
        config.identifier = "978-0-306-40615-7"
        #expect(BookIdentifier.make(for: config) == "urn:isbn:9780306406157")
        config.identifier = "urn:doi:10.1000/182"
        #expect(BookIdentifier.make(for: config) == "urn:doi:10.1000/182")
    }

    @Test func twoBuildsInDifferentFoldersAreByteIdentical() throws {
        let first = try copyOfSample()
        let second = try copyOfSample()
        let a = try first.build().outputs[0].url
        let b = try second.build().outputs[0].url
        #expect(a.path != b.path)
        #expect(try sha256(a) == sha256(b))
        let text = try EPUBContents(a).xhtml.map(\.text).joined()
        #expect(!text.contains(first.root.path), "an absolute path leaked into the EPUB")
    }

    @Test func buildDateComesFromSourceDateEpochThenGit() throws {
        let manuscript = try TestManuscript.minimal()
        #expect(BuildDate.resolve(root: manuscript.root, environment: ["SOURCE_DATE_EPOCH": "86400"])
            == Date(timeIntervalSince1970: 86400))
        #expect(BuildDate.resolve(root: manuscript.root, environment: [:]) == BuildDate.fallback)
        try runCommand(["git", "init", "-q"], in: manuscript.root)
        try runCommand(["git", "add", "."], in: manuscript.root)
        let commit = try runCommand(
            ["env", "GIT_AUTHOR_DATE=@1600000000 +0000", "GIT_COMMITTER_DATE=@1600000000 +0000",
             "git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "x"],
            in: manuscript.root)
        #expect(commit.status == 0, "\(commit.output)")
        #expect(BuildDate.resolve(root: manuscript.root, environment: [:]) == Date(timeIntervalSince1970: 1_600_000_000))
    }

    @Test func unwritableOutputFailsWithoutPartialFiles() throws {
        let manuscript = try TestManuscript.minimal()
        try manuscript.write("blocker", "a file where a folder should be")
        do {
            _ = try manuscript.build(output: manuscript.url("blocker/dist"))
            Issue.record("the build succeeded")
        } catch {
            #expect(error.kind == .exportFailed)
            #expect(error.diagnostics.last?.code == "output.write-failed")
        }
    }

    private func copyOfSample() throws -> TestManuscript {
        let copy = try TestManuscript()
        try FileManager.default.removeItem(at: copy.root)
        try FileManager.default.copyItem(at: Self.sample, to: copy.root)
        return copy
    }

    private func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }
}
