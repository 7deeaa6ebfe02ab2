// The print PDF (`--format pdf`), laid out by WeasyPrint (scripts/test installs it) and read back
// with poppler-utils: page size and count, contents with true page numbers, running heads,
// mirrored margins, embedded fonts, metadata, and what a missing or failing engine leaves.
import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

@Suite("PDF")
struct PDFTests {
    static let sampleTitles = ["Preface", "Arrival", "The Storm", "The Keeper", "The Fall", "The Light"]
    static let sampleParts = ["Part One: The Harbour", "Part Two: The Light"]

    static func sample() throws -> TestManuscript {
        let copy = try TestManuscript()
        try FileManager.default.removeItem(at: copy.root)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper"), to: copy.root)
        return copy
    }

    /// Chapters long enough to fill several pages each.
    static func longBook(config: String) throws -> TestManuscript {
        let paragraph = String(repeating: "The keeper climbed the ninety-two steps and trimmed the wick again. ", count: 12)
        var files = ["draftforge.yml": config]
        for (number, title) in ["First Light", "High Water", "Last Watch"].enumerated() {
            files["chapters/0\(number + 1).md"] = "# \(title)\n\n" + Array(repeating: paragraph, count: 14).joined(separator: "\n\n")
        }
        return try TestManuscript(files)
    }

    /// Builds `manuscript`; a config that names no engine is set by WeasyPrint, which this suite
    /// tests (`TypstPrintTests` names Typst).
    static func build(_ manuscript: TestManuscript, formats: [ExportFormat] = [.pdf], environment: [String: String] = [:])
        throws(BuildFailure) -> BuildResult
    {
        if let config = try? String(contentsOf: manuscript.url("draftforge.yml"), encoding: .utf8), !config.contains("engine:") {
            let pinned =
                if config.contains("\npdf: {") {
                    config.replacingOccurrences(of: "\npdf: {", with: "\npdf: {engine: weasyprint, ")
                } else if config.contains("\npdf:\n") {
                    config.replacingOccurrences(of: "\npdf:\n", with: "\npdf:\n  engine: weasyprint\n")
                } else {
                    config + (config.hasSuffix("\n") ? "" : "\n") + "pdf:\n  engine: weasyprint\n"
                }
            try? manuscript.write("draftforge.yml", pinned)
        }
        var options = manuscript.options()
        options.formats = formats
        options.environment.merge(environment) { $1 }
        return try Pipeline.build(options)
    }

    /// A shell script in the manuscript standing in for the engine; its path.
    static func fakeEngine(_ manuscript: TestManuscript, _ name: String, _ script: String) throws -> String {
        try manuscript.write(name, "#!/bin/sh\n\(script)\n")
        chmod(manuscript.url(name).path, 0o755)
        return manuscript.url(name).path
    }

    @Test(.externalTools) func theSampleIsA6By9PrintBook() throws {
        let manuscript = try Self.sample()
        _ = try Self.build(manuscript)
        let file = manuscript.dist.appendingPathComponent("lighthouse-keepers-daughter.pdf")
        let pdf = try PDFDocument(file)

        #expect(pdf.info["Page size"]?.hasPrefix("432 x 648 pts") == true)
        #expect((30...50).contains(pdf.pageCount ?? 0), "\(pdf.pageCount ?? 0) pages")
        #expect(pdf.pages.count == pdf.pageCount)
        #expect(pdf.info["Title"] == "The Lighthouse Keeper's Daughter")
        #expect(pdf.info["Author"] == "Marian Holt")
        #expect(pdf.info["Subject"]?.hasPrefix("In the autumn of 1890 Sarah Quill comes home") == true)
        #expect(pdf.info["Keywords"] == "Fiction, Sea stories")
        #expect(pdf.info["Creator"] == "DraftForge \(DraftForgeVersion.current)")
        #expect(pdf.info["PDF version"] == PDFPackager.formatVersion)
        #expect(pdf.info["CreationDate"]?.contains("2023") == true)  // SOURCE_DATE_EPOCH 1700000000

        let text = pdf.pages.joined(separator: "\n")
        for title in Self.sampleTitles + Self.sampleParts {
            #expect(text.contains(title), "no \(title) in the PDF")
        }
        #expect(pdf.lines(ofPage: 1).prefix(3).joined(separator: " ").contains("The Lighthouse Keeper's"))
        #expect(text.contains("Released under CC BY 4.0"))  // the copyright page

        // The language, and bookmarks for the contents, the parts and the chapters, in order.
        let objects = try pdf.inflatedObjects()
        #expect(objects.contains("/Lang (en)"))
        let bookmarks = objects.matches(of: #/\/Title \(([^)]*)\)/#).map { String($0.output.1) }
        #expect(bookmarks.filter { $0 != "The Lighthouse Keeper's Daughter" } == [
            "Contents", "Preface", "Part One: The Harbour", "Arrival", "The Storm", "Part Two: The Light",
            "The Keeper", "The Fall", "The Light",
        ], "\(bookmarks)")

        // Every font is embedded, and the text is set in Debian's Liberation Serif.
        let fonts = try pdf.fonts()
        #expect(!fonts.isEmpty)
        #expect(fonts.allSatisfy { $0.embedded }, "\(fonts)")
        #expect(fonts.contains { $0.name.contains("Liberation-Serif") })

        let manifest = try #require(ManifestStore.read(in: manuscript.dist))
        let job = try #require(manifest.builds.first?.exportJobs.first)
        #expect(job.exportType == "pdf")
        #expect(job.exportFormatVersion == "1.7")
        #expect(job.status == .completed)
        #expect(job.outputURL == "lighthouse-keepers-daughter.pdf")
        #expect(job.outputChecksum == Checksum.sha256(of: try Data(contentsOf: file)))
        #expect(job.outputSizeBytes == (try Data(contentsOf: file)).count)
    }

    /// The contents give each chapter the number printed on its first page; chapters open on
    /// right-hand (odd) pages, the story is numbered from 1 and the front matter in roman numerals.
    @Test(.externalTools) func contentsPageNumbersLeadToTheChapters() throws {
        let manuscript = try Self.sample()
        _ = try Self.build(manuscript)
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("lighthouse-keepers-daughter.pdf"))
        let contentsPage = try #require((1...pdf.pages.count).first { pdf.lines(ofPage: $0).first == "Contents" })
        var listed: [String: String] = [:]
        for line in pdf.lines(ofPage: contentsPage) {
            guard let match = line.wholeMatch(of: #/(.+?)\s*(?:\.\s*)+\s*([0-9]+|[ivxlc]+)/#) else { continue }
            listed[String(match.output.1)] = String(match.output.2)
        }
        #expect(Set(listed.keys) == Set(Self.sampleTitles), "\(listed)")
        #expect(listed["Preface"] == "v")
        #expect(listed["Arrival"] == "3")  // page 1 is the title page of part one

        for title in Self.sampleTitles {
            let opener = try #require(
                (contentsPage + 1...pdf.pages.count).first { pdf.lines(ofPage: $0).first == title }, "no page opens \(title)")
            #expect(opener % 2 == 1, "\(title) opens on page \(opener), a left-hand page")
            #expect(pdf.lines(ofPage: opener).last == listed[title], "\(title): its first page is numbered \(pdf.lines(ofPage: opener).last ?? "")")
        }
    }

    /// Left-hand pages carry the book's title, right-hand pages their chapter's; a chapter's
    /// first page, a part's page and a blank page carry none.
    @Test(.externalTools) func runningHeadsNameTheBookAndTheChapter() throws {
        let manuscript = try Self.sample()
        _ = try Self.build(manuscript)
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("lighthouse-keepers-daughter.pdf"))
        let book = "The Lighthouse Keeper's Daughter"
        var chapter: String?
        var checked = 0
        for page in 1...pdf.pages.count {
            let lines = pdf.lines(ofPage: page)
            guard let first = lines.first else { continue }
            if Self.sampleTitles.contains(first) {
                chapter = first
                #expect(!lines.joined().contains(book), "page \(page) opens \(first) under a running head")
                continue
            }
            guard let chapter, !Self.sampleParts.contains(first) else { continue }
            let folio = #/^([0-9]+|[ivx]+)\s+/#
            let rectoFolio = #/\s+([0-9]+|[ivx]+)$/#
            if page % 2 == 0 {
                #expect(first.contains(folio) && first.hasSuffix(book), "page \(page) heads '\(first)'")
            } else {
                #expect(first.contains(rectoFolio) && first.hasPrefix(chapter), "page \(page) heads '\(first)', not \(chapter)")
            }
            checked += 1
        }
        #expect(checked > 20)
    }

    @Test(.externalTools) func buildingTwiceGivesTheSameBytes() throws {
        let manuscript = try Self.longBook(config: "title: Twice\nauthors: [Ann Author]\n")
        _ = try Self.build(manuscript)
        let first = try Data(contentsOf: manuscript.dist.appendingPathComponent("twice.pdf"))
        var options = manuscript.options(output: manuscript.root.appendingPathComponent("again"))
        options.formats = [.pdf]
        _ = try Pipeline.build(options)
        #expect(try Data(contentsOf: manuscript.root.appendingPathComponent("again/twice.pdf")) == first)
    }

    /// `pdf.trim` sets the page; `pdf.margins` the text block, its wider side at the binding.
    @Test(.externalTools) func trimSizeAndMirroredMarginsComeFromTheConfig() throws {
        let manuscript = try Self.longBook(config: """
            title: Small Format
            pdf:
              trim: 5x8in
              margins: {inside: 1in, outside: 0.5in, top: 0.75in, bottom: 0.75in}
            """)
        _ = try Self.build(manuscript)
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("small-format.pdf"))
        #expect(pdf.info["Page size"]?.hasPrefix("360 x 576 pts") == true)
        // The text's left edge: 72 pt on right-hand pages (the inside), 36 pt on left-hand ones.
        let body = try (1...(pdf.pageCount ?? 0)).filter { pdf.lines(ofPage: $0).count > 20 }.map { page in
            (page, try pdf.words(ofPage: page).filter { $0.yMin > 60 }.map(\.xMin).min() ?? 0)
        }
        let rectos = body.filter { $0.0 % 2 == 1 }.map(\.1), versos = body.filter { $0.0 % 2 == 0 }.map(\.1)
        #expect(rectos.count >= 3 && versos.count >= 3)
        #expect(rectos.allSatisfy { abs($0 - 72) < 1 }, "\(rectos)")
        #expect(versos.allSatisfy { abs($0 - 36) < 1 }, "\(versos)")

        let job = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first?.exportJobs.first)
        #expect(job.settings["trim"] == .string("360pt x 576pt"))
        #expect(job.settings["margins"] == .object([
            "inside": .string("72pt"), "outside": .string("36pt"), "top": .string("54pt"), "bottom": .string("54pt"),
        ]))
        #expect(job.settings["running_heads"] == .bool(true))
    }

    @Test(.externalTools, arguments: [("A5", "419.528 x 595.276 pts"), ("152x229mm", "430.866 x 649.134 pts"), ("8.5in x 11in", "612 x 792 pts")])
    func namedAndMetricTrimSizes(trim: String, pageSize: String) throws {
        let manuscript = try TestManuscript.minimal(config: "title: Sized\npdf: {trim: \(trim)}\n")
        _ = try Self.build(manuscript)
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("sized.pdf"))
        #expect(pdf.info["Page size"]?.hasPrefix(pageSize) == true, "\(pdf.info["Page size"] ?? "")")
    }

    /// A PNG over Pillow's decompression-bomb limit: the engine, run quiet, left it out of the
    /// PDF with exit 0 and no word. Its log is read now, and the image is named.
    @Test(.externalTools) func anImageTheEngineRefusesIsAWarningNamingIt() throws {
        let size: [UInt8] = [0x00, 0x00, 0x4E, 0x20]  // 20,000
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + TestImage.chunk("IHDR", size + size + [8, 2, 0, 0, 0])
            + TestImage.chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + TestImage.chunk("IEND", [])
        let manuscript = try TestManuscript.minimal(["chapters/01-one.md": "# One\n\nText.\n\n![Huge](huge.png)\n"])
        try manuscript.write("chapters/huge.png", Data(png))
        let result = try Self.build(manuscript)
        let warning = try #require(result.diagnostics.first { $0.code == DiagnosticCode.imageDropped.rawValue }, "\(result.diagnostics)")
        #expect(warning.message.contains("'huge.png'"), "\(warning.message)")
        #expect(FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("test-book.pdf").path))
    }

    @Test(.externalTools) func runningHeadsCanBeTurnedOff() throws {
        func firstLines(_ config: String) throws -> [String] {
            let manuscript = try Self.longBook(config: "title: Quiet Book\n" + config)
            _ = try Self.build(manuscript)
            let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("quiet-book.pdf"))
            return (1...pdf.pages.count).compactMap { pdf.lines(ofPage: $0).first }
        }
        #expect(try firstLines("").contains { $0.hasSuffix("Quiet Book") && $0.first?.isNumber == true })
        let plain = try firstLines("pdf: {running_heads: false}\n")
        #expect(!plain.contains { $0.contains("Quiet Book") && $0.first?.isNumber == true }, "\(plain)")
        #expect(plain.contains { Int($0) != nil }, "the page numbers stay: \(plain)")
    }

    /// Prose is hyphenated; code, wrapped at its spaces, never is.
    @Test(.externalTools) func codeIsNeverHyphenated() throws {
        let line = "    Locking 8 packages: internationalization documentation compatibility responsibilities"
        let prose = String(repeating: "Internationalization responsibilities overwhelmed the documentation committee. ", count: 12)
        let manuscript = try TestManuscript.minimal([
            "chapters/01-one.md": "# One\n\n\(prose)\n\n```\n" + Array(repeating: line, count: 6).joined(separator: "\n") + "\n```\n",
        ])
        _ = try Self.build(manuscript)
        let text = try PDFDocument(manuscript.dist.appendingPathComponent("test-book.pdf")).pages.joined(separator: "\n")
        let code = try #require(text.range(of: "Locking 8 packages"))
        #expect(text[..<code.lowerBound].contains("\u{2010}"), "the prose is not hyphenated")
        #expect(!text[code.lowerBound...].contains("\u{2010}"), "\(text[code.lowerBound...])")
        #expect(text[code.lowerBound...].components(separatedBy: "responsibilities").count == 7)
    }

    /// The book's `fonts` are laid out and embedded: a copy of DejaVu Sans renamed, so that no
    /// installed font can stand in for it.
    @Test(.externalTools) func theBooksOwnFontIsEmbedded() throws {
        let manuscript = try Self.sample()
        let font = manuscript.url("fonts/ForgeSans.ttf")
        try FileManager.default.createDirectory(at: font.deletingLastPathComponent(), withIntermediateDirectories: true)
        let rename = """
            import sys
            from fontTools.ttLib import TTFont
            font = TTFont(sys.argv[1])
            for record in font["name"].names:
                if record.nameID in (1, 4, 6): record.string = "ForgeSans"
            font.save(sys.argv[2])
            """
        let renamed = try runCommand(["python3", "-c", rename, EPUBCheckTests.dejaVuSans.path, font.path])
        guard renamed.status == 0 else {
            throw TestError("fontTools (installed with WeasyPrint by scripts/test) could not rename the font: \(renamed.output)")
        }
        let config = try String(contentsOf: manuscript.url("draftforge.yml"), encoding: .utf8)
        try manuscript.write("draftforge.yml", config + "fonts: [fonts/ForgeSans.ttf]\n")
        try manuscript.write("custom.css", "body { font-family: \"ForgeSans\"; }\n")
        _ = try Self.build(manuscript)
        let fonts = try PDFDocument(manuscript.dist.appendingPathComponent("lighthouse-keepers-daughter.pdf")).fonts()
        #expect(fonts.contains { $0.name.hasSuffix("+ForgeSans") && $0.embedded }, "\(fonts)")
        #expect(!fonts.contains { $0.name.contains("Liberation-Serif") }, "\(fonts)")
    }

    @Test(.externalTools) func aTemplateOverrideIsUsedAndRecorded() throws {
        let template = try String(
            contentsOf: packageRoot.appendingPathComponent("Templates/pdf/pdf.html.mustache"), encoding: .utf8)
        let manuscript = try TestManuscript.minimal([
            "templates/pdf.html.mustache": template.replacingOccurrences(
                of: "<h1 class=\"df-contents-title\">{{strings.contents}}</h1>", with: "<h1 class=\"df-contents-title\">Inhalt</h1>"),
        ])
        _ = try Self.build(manuscript)
        let pdf = try PDFDocument(manuscript.dist.appendingPathComponent("test-book.pdf"))
        #expect(pdf.pages.contains { $0.contains("Inhalt") })
        #expect(!pdf.pages.contains { $0.contains("Contents") })
        let job = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first?.exportJobs.first)
        #expect(job.settings["templates_overridden"] == JSONValue.array([JSONValue.string("pdf.html.mustache")]))
    }

    /// A template override attached the build's environment to the PDF, and the book's css
    /// embedded an image from anywhere on the machine; the engine now sees neither reference.
    @Test(.externalTools) func theEngineReadsNothingOutsideTheBook() throws {
        let template = try String(
            contentsOf: packageRoot.appendingPathComponent("Templates/pdf/pdf.html.mustache"), encoding: .utf8)
        let outside = try TestManuscript(["secret.png": ""])
        try outside.write("secret.png", try Data(contentsOf: packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper/cover.png")))
        let manuscript = try TestManuscript.minimal([
            "templates/pdf.html.mustache": template.replacingOccurrences(
                of: "</head>", with: "<link rel=\"attachment\" href=\"file:///proc/self/environ\"/></head>"),
            "custom.css": "body { background: url(\"file://\(outside.url("secret.png").path)\"); }\n",
        ], config: "title: Test Book\ncss: custom.css\n")
        let result = try Self.build(manuscript, environment: ["DRAFTFORGE_CANARY": "canary-5f3a"])
        let removed = result.diagnostics.filter { $0.code == DiagnosticCode.engineReferenceRemoved.rawValue }
        #expect(removed.count == 2, "\(result.diagnostics)")
        let pdf = manuscript.dist.appendingPathComponent("test-book.pdf")
        let attachments = try runCommand(["pdfdetach", "-list", pdf.path])
        #expect(attachments.output.contains("0 embedded files"), "\(attachments.output)")
        let images = try runCommand(["pdfimages", "-list", pdf.path])
        #expect(images.output.split(separator: "\n").count <= 2, "an image reached the PDF: \(images.output)")
        #expect(try !Data(contentsOf: pdf).contains(Data("canary-5f3a".utf8)))
    }

    /// What a book's stylesheet names on the web is not fetched (as remote images are not): the
    /// engine runs without network, and the PDF is still made.
    @Test(.externalTools) func theEngineFetchesNothingFromTheNetwork() throws {
        let listener = try CountingListener()
        let remote = "http://127.0.0.1:\(listener.port)"
        let manuscript = try TestManuscript.minimal(
            ["book.css": "@import url(\"\(remote)/more.css\");\nbody { background: url(\"\(remote)/paper.png\"); }\n"],
            config: "title: Test Book\ncss: book.css\n")
        _ = try Self.build(manuscript)
        #expect(try PDFDocument(manuscript.dist.appendingPathComponent("test-book.pdf")).pageCount ?? 0 > 0)
        #expect(listener.connections == 0)
    }

    // MARK: - Without a working engine

    /// No weasyprint on PATH: the PDF fails with how to install it; the EPUB is still written and
    /// the manifest records both jobs.
    @Test func withoutTheEngineOnlyThePDFFails() throws {
        let manuscript = try TestManuscript.minimal()
        let emptyFolder = manuscript.root.appendingPathComponent("no-tools")
        try FileManager.default.createDirectory(at: emptyFolder, withIntermediateDirectories: true)
        do {
            _ = try Self.build(manuscript, formats: [.epub, .pdf], environment: ["PATH": emptyFolder.path])
            Issue.record("the build succeeded without a PDF engine")
        } catch {
            #expect(error.kind == .exportFailed)
            #expect(error.exitCode == 1)
            let problem = try #require(error.diagnostics.first { $0.code == "output.engine-missing" })
            #expect(problem.severity == .error)
            #expect(problem.message.hasPrefix("could not write test-book.pdf: the PDF engine WeasyPrint is not installed"))
            #expect(problem.message.contains("pip install weasyprint"))
            #expect(problem.message.contains("sudo apt-get install weasyprint"))
        }
        #expect(try Data(contentsOf: manuscript.dist.appendingPathComponent("test-book.epub")).starts(with: Data("PK".utf8)))
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("test-book.pdf").path))
        let jobs = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first?.exportJobs)
        #expect(jobs.map(\.exportType) == ["epub", "pdf"])
        #expect(jobs.map(\.status) == [.completed, .failed])
        #expect(jobs[1].errorMessage?.contains("pip install weasyprint") == true)
        #expect(jobs[1].outputURL == nil && jobs[1].outputChecksum == nil)
    }

    @Test func anOverrideThatIsNoProgramIsReported() throws {
        let manuscript = try TestManuscript.minimal()
        try manuscript.write("not-a-program", "just text\n")
        do {
            _ = try Self.build(manuscript, environment: ["DRAFTFORGE_WEASYPRINT": manuscript.url("not-a-program").path])
            Issue.record("the build succeeded with a text file as its engine")
        } catch {
            let problem = try #require(error.diagnostics.first { $0.code == "output.engine-missing" })
            #expect(problem.message.contains("DRAFTFORGE_WEASYPRINT names '\(manuscript.url("not-a-program").path)', which is not an executable file"))
        }
    }

    /// The engine runs with an address-space limit that follows the book (DRAFTFORGE_PDF_MEMORY
    /// overrides it), so a stylesheet that makes it read without end stops it, not the machine.
    @Test func theEngineRunsUnderAMemoryLimit() throws {
        let manuscript = try TestManuscript.minimal()
        let seen = manuscript.url("limit.txt")
        let limitEngine = try Self.fakeEngine(manuscript, "limit-engine", "ulimit -S -v > '\(seen.path)'\nexit 1")
        _ = try? Self.build(manuscript, environment: ["DRAFTFORGE_WEASYPRINT": limitEngine])
        let words = try #require(try? manuscript.render().0.chapters.reduce(0) { $0 + $1.prose.words })
        let expected = PDFEngine.memoryLimit(forWords: words, images: 0) >> 10
        #expect(try String(contentsOf: seen, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "\(expected)")

        let greedyEngine = try Self.fakeEngine(manuscript, "greedy-engine", "exec python3 -c 'bytearray(400 * 1024 * 1024)'")
        do {
            _ = try Self.build(manuscript, environment: ["DRAFTFORGE_WEASYPRINT": greedyEngine, "DRAFTFORGE_PDF_MEMORY": "100"])
            Issue.record("an engine over its memory limit succeeded")
        } catch {
            let problem = try #require(error.diagnostics.first { $0.code == "output.write-failed" })
            #expect(problem.message.contains("MemoryError"), "\(problem.message)")
            #expect(problem.suggestion?.contains("ran out of the 100 MB it may use, set DRAFTFORGE_PDF_MEMORY") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent("test-book.pdf").path))
    }

    /// An engine that fails, writes half a PDF or hangs past DRAFTFORGE_PDF_TIMEOUT leaves the earlier PDF as it
    /// was and no partial file behind.
    @Test(.externalTools, arguments: [
        ("printf '%%PDF-1.7 half' > \"$3\"; echo 'boom: layout failed' >&2; exit 3", "failed (exit status 3): boom: layout failed"),
        ("printf '%%PDF-1.7 half a document' > \"$3\"; exit 0", "wrote no complete PDF"),
        ("kill -9 $$", "failed (signal 9)"),
        ("exec sleep 60", "did not finish within 2 s and was stopped"),
    ])
    func aFailingEngineLeavesTheEarlierPDFWhole(script: String, message: String) throws {
        let manuscript = try TestManuscript.minimal()
        _ = try Self.build(manuscript)
        let file = manuscript.dist.appendingPathComponent("test-book.pdf")
        let earlier = try Data(contentsOf: file)
        #expect(try PDFDocument(file).pageCount ?? 0 > 0)

        let brokenEngine = try Self.fakeEngine(manuscript, "broken-engine", script)
        do {
            _ = try Self.build(manuscript, environment: ["DRAFTFORGE_WEASYPRINT": brokenEngine, "DRAFTFORGE_PDF_TIMEOUT": "2"])
            Issue.record("the build succeeded with a broken engine")
        } catch {
            #expect(error.exitCode == 1)
            let problem = try #require(error.diagnostics.first { $0.code == "output.write-failed" })
            #expect(problem.message.contains(message), "\(problem.message)")
        }
        #expect(try Data(contentsOf: file) == earlier)
        let left = try FileManager.default.contentsOfDirectory(atPath: manuscript.dist.path)
        #expect(!left.contains { $0.hasSuffix(".partial") }, "\(left)")
        let builds = try #require(ManifestStore.read(in: manuscript.dist)?.builds)
        #expect(builds.map { $0.exportJobs.first?.status } == [.failed, .completed])
    }
}
