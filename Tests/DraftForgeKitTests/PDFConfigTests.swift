import Foundation
import Testing
@testable import DraftForgeKit

/// `pdf:` in draftforge.yml: trim size, margins, running heads, and an error at the line of
/// each wrong value.
@Suite("PDF config")
struct PDFConfigTests {
    private func load(_ yaml: String) throws -> (PDFOptions, [Diagnostic]) {
        let (config, warnings) = try loadConfig(yaml)
        return (config.pdf, warnings)
    }

    private func error(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        configError(yaml, sourceLocation: sourceLocation)
    }

    @Test func defaultsAreASixByNineBook() throws {
        let (options, warnings) = try load("title: T\n")
        #expect(warnings.isEmpty)
        #expect(options.width.points == 432 && options.height.points == 648)
        #expect(options.inside.description == "63pt" && options.outside.description == "45pt")
        #expect(options.top.description == "54pt" && options.bottom.description == "54pt")
        #expect(options.runningHeads)
    }

    @Test func everyKeyIsRead() throws {
        let (options, warnings) = try load("""
            title: T
            pdf:
              trim: 5.5 x 8.5 in
              margins: {inside: 22mm, outside: 1.5cm, top: 0.5in, bottom: 40pt}
              running_heads: false
            """)
        #expect(warnings.isEmpty)
        #expect(options.width.description == "396pt" && options.height.description == "612pt")
        #expect(options.inside.description == "62.362pt")
        #expect(options.outside.description == "42.52pt")
        #expect(options.top.description == "36pt" && options.bottom.description == "40pt")
        #expect(!options.runningHeads)
        let (same, _) = try load("title: T\npdf:\n  margins: 0.6in\n")
        #expect([same.inside, same.outside, same.top, same.bottom].allSatisfy { $0.description == "43.2pt" })
    }

    @Test(arguments: [
        ("6x9in", 432.0, 648.0), ("6in x 9in", 432, 648), ("152x229mm", 430.866, 649.134), ("A5", 419.528, 595.276),
        ("a4", 595.276, 841.89), ("Letter", 612, 792), ("5 × 8 in", 360, 576), ("400x600pt", 400, 600),
    ])
    func trimSizes(trim: String, width: Double, height: Double) throws {
        let (options, _) = try load("title: T\npdf: {trim: \(trim)}\n")
        #expect(abs(options.width.points - width) < 0.001 && abs(options.height.points - height) < 0.001)
    }

    @Test func wrongValuesNameTheirLine() {
        let trim = error("title: T\npdf:\n  trim: 6x9\n")
        #expect(trim?.code == "config.value")
        #expect(trim?.location == SourceLocation(file: "draftforge.yml", line: 3, column: 9))
        #expect(trim?.message == "'pdf.trim' must be a page size, not '6x9'")
        #expect(trim?.suggestion?.contains("6x9in") == true)

        #expect(error("title: T\npdf: {trim: 1x2in}\n")?.message == "'pdf.trim' sides must be between 2 and 17 inches, not '1x2in'")
        #expect(error("title: T\npdf: {trim: 6x30in}\n")?.code == "config.value")
        let list = error("title: T\npdf: {trim: [6, 9]}\n")
        #expect(list?.code == "config.type")
        #expect(list?.message == "'pdf.trim' must be text")

        let margin = error("title: T\npdf:\n  margins:\n    inside: wide\n")
        #expect(margin?.message == "'pdf.margins.inside' must be a length with a unit, not 'wide'")
        #expect(margin?.location?.line == 4)
        #expect(error("title: T\npdf: {margins: {top: 4in}}\n")?.message == "'pdf.margins.top' must be at most 3in, not '4in'")
        #expect(error("title: T\npdf: {margins: 12}\n")?.code == "config.value")

        let crowded = error("title: T\npdf:\n  trim: 3x5in\n  margins: 1.2in\n")
        #expect(crowded?.message == "the PDF's margins leave less than an inch for the text on a 216pt × 360pt page")
        #expect(crowded?.location?.line == 3)

        #expect(error("title: T\npdf: {running_heads: sometimes}\n")?.message == "'pdf.running_heads' must be true or false")
        let notMapping = error("title: T\npdf: 6x9in\n")
        #expect(notMapping?.code == "config.type")
        #expect(notMapping?.message == "'pdf' must be a mapping")
        #expect(notMapping?.location?.line == 2)
    }

    @Test func unknownKeysWarnWithTheNearestOne() throws {
        let (_, warnings) = try load("title: T\npdf:\n  trim_size: 6x9in\n  margins: {inner: 1in}\n  colour: red\n  runing_heads: true\n")
        #expect(warnings.map(\.code) == Array(repeating: "config.unknown-key", count: 4))
        #expect(warnings.map(\.message) == [
            "unknown key 'trim_size' in 'pdf'", "unknown key 'inner' in 'pdf.margins'", "unknown key 'colour' in 'pdf'",
            "unknown key 'runing_heads' in 'pdf'",
        ])
        #expect(warnings.map(\.suggestion) == [
            "did you mean 'trim'?", "use inside, outside, top, bottom", "use trim, margins, running_heads, engine, bleed, recto_chapters",
            "did you mean 'running_heads'?",
        ])
        #expect(warnings.first?.location == SourceLocation(file: "draftforge.yml", line: 3, column: 3))
    }

    /// A bad `pdf:` stops every build before anything is written, like any config error.
    @Test func aBadPDFConfigStopsTheBuild() throws {
        let manuscript = try TestManuscript.minimal(config: "title: T\npdf: {trim: huge}\n")
        do {
            _ = try manuscript.build()
            Issue.record("the build succeeded")
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.diagnostics.map(\.code) == ["config.value"])
        }
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.path))
    }

    /// A hung engine waited twenty minutes whatever the book: the limit now follows its size.
    @Test func theEnginesTimeFollowsTheBooksSize() throws {
        #expect(PDFEngine.timeout(forWords: 0, images: 0) == 45)
        #expect(PDFEngine.timeout(forWords: 120_000, images: 10) == 167)
        #expect(PDFEngine.timeout(forWords: 10_000_000, images: 0) == PDFEngine.defaultTimeout)
        let fake = FileManager.default.temporaryDirectory.appendingPathComponent("fake-weasyprint-\(UUID().uuidString)")
        try "#!/bin/sh\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        defer { try? FileManager.default.removeItem(at: fake) }
        let sized = try PDFEngine.locate(environment: [PDFEngine.overrideVariable: fake.path])
        #expect(!sized.timeoutIsExplicit)
        let named = try PDFEngine.locate(environment: [PDFEngine.overrideVariable: fake.path, PDFEngine.timeoutVariable: "7"])
        #expect(named.timeoutIsExplicit && named.timeout == 7)
    }

    @Test func onlyReferencesInsideTheEnginesFolderAreKept() {
        for inside in ["images/map.png", "fonts/a.ttf", "#note", "data:image/png;base64,AA", "book.css", "a/b/../c.png"] {
            #expect(EngineInput.staysInside(inside) == !inside.contains(".."), "\(inside)")
        }
        for outside in ["file:///etc/passwd", "/proc/self/environ", "../secret.png", "https://x/y.css", "FILE:/dev/zero", "%2e%2e/x"] {
            #expect(!EngineInput.staysInside(outside), "\(outside)")
        }
        var removed: [String] = []
        let html = #"<p>Write url(file:///x) like this.</p><img src="/etc/x.png" alt="x"><a href="https://example.com">a link</a>"#
        let confined = EngineInput.confine(html: html, removed: &removed)
        #expect(confined.contains("Write url(file:///x) like this."), "text is the book's own")
        #expect(confined.contains(#"<img src="""#) && confined.contains(#"href="https://example.com""#))
        #expect(removed == ["/etc/x.png"])
    }
}
