// `pdf.engine: typst`: the book set by Typst, then checked against the printers' rules.
import Foundation

extension PDFPackager {
    func writeWithTypst(
        _ book: RenderedBook, to destination: URL, work: URL, context: OutputContext, warnings: inout [Diagnostic]
    ) throws -> WrittenOutput {
        let manager = FileManager.default
        let print = TypstPrint(templates: templates, environment: environment)
        let (source, writer) = print.source(book)
        try Data(source.utf8).write(to: work.appendingPathComponent(TypstPrint.documentName))
        // For a manuscript's own templates/draftforge.typ: the source it is given, to read.
        if let folder = environment[TypstPrint.sourceVariable], !folder.isEmpty {
            try? Data(source.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(TypstPrint.documentName))
        }
        try Data(templates.file(TypstPrint.layoutName).utf8).write(to: work.appendingPathComponent(TypstPrint.layoutName))
        try manager.createDirectory(at: work.appendingPathComponent("fonts"), withIntermediateDirectories: true)
        for asset in book.images {
            let copy = work.appendingPathComponent(asset.href)
            try manager.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard !manager.fileExists(atPath: copy.path) else { continue }
            if let contents = asset.contents { try contents.write(to: copy) } else { try manager.copyItem(at: asset.source, to: copy) }
        }
        for font in book.fonts {
            let copy = work.appendingPathComponent("fonts").appendingPathComponent(font.asset.source.lastPathComponent)
            if !manager.fileExists(atPath: copy.path) { try manager.copyItem(at: font.asset.source, to: copy) }
        }

        let words = book.wordCount
        let timeout: Double
        let memoryLimit: Int?
        switch weasyprint {
        case .success(let engine) where engine.timeoutIsExplicit || engine.memoryIsExplicit:
            timeout = engine.timeoutIsExplicit ? engine.timeout : PDFEngine.timeout(forWords: words, images: book.images.count)
            memoryLimit = engine.memoryIsExplicit ? engine.memoryLimit : PDFEngine.memoryLimit(forWords: words, images: book.images.count)
        default:
            timeout = PDFEngine.timeout(forWords: words, images: book.images.count)
            memoryLimit = PDFEngine.memoryLimit(forWords: words, images: book.images.count)
        }

        if book.isPrintCover {
            return try writeCover(book, print: print, to: destination, work: work, context: context, limits: (timeout, memoryLimit), warnings: &warnings)
        }
        var outcome: TypstPrint.Outcome?
        let size = try context.writer.replace(destination) { partial in
            outcome = try print.run(folder: work, output: partial, book: book, timeout: timeout, memoryLimit: memoryLimit)
            guard Self.isWholePDF(partial) else {
                throw Diagnostic(.error, .outputFailed, at: nil, "the PDF engine Typst wrote no complete PDF")
            }
            return (try manager.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? 0
        }
        if let css = book.config.css {
            warnings.append(Diagnostic(
                .info, .engineWarning, at: SourceLocation(file: book.config.file),
                "the PDF is set by Typst, which does not read '\(css)'; the EPUB and the site use it",
                suggestion: "to style the print book with it, set 'pdf.engine: weasyprint'; for Typst, copy its layout to templates/draftforge.typ"))
        }
        for formula in writer.unconvertedFormulas {
            warnings.append(Diagnostic(
                .warning, .mathAsTeX, at: SourceLocation(file: formula.chapter),
                "the formula '\(String(formula.tex.prefix(80)).escapingControlCharacters)' could not be typeset: the PDF shows its TeX",
                suggestion: "the build's render.math-unsupported finding says what in it is not supported"))
        }
        if let outcome {
            warnings += Self.printRuleWarnings(book, outcome: outcome, images: writer.placedImages)
            if let problem = outcome.standardProblem {
                warnings.append(Diagnostic(
                    .info, .engineWarning, at: nil,
                    "the PDF is tagged but does not claim PDF/UA-1: \(String(problem.prefix(300)).escapingControlCharacters)",
                    suggestion: "PDF/UA asks for headings that skip no level and a description for every image"))
            }
            for message in Set(outcome.warnings).sorted() {
                warnings.append(Diagnostic(
                    .warning, .engineWarning, at: nil, "Typst: \(String(message.prefix(300)).escapingControlCharacters)"))
            }
        }
        var written = WrittenOutput(sizeBytes: size)
        if book.marksPrintPages, let outcome {
            written.pageStarts = PrintPages.starts(outcome.blockPlaces, top: book.config.pdf.top.points)
        }
        return written
    }

    /// The print cover: the interior is set first, in the work folder, for its page count.
    private func writeCover(
        _ book: RenderedBook, print: TypstPrint, to destination: URL, work: URL, context: OutputContext,
        limits: (timeout: Double, memoryLimit: Int?), warnings: inout [Diagnostic]
    ) throws -> WrittenOutput {
        let manager = FileManager.default
        if let cover = book.cover {
            let copy = work.appendingPathComponent(cover.href)
            try manager.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !manager.fileExists(atPath: copy.path) { try Data(contentsOf: cover.source).write(to: copy) }
        } else {
            warnings.append(Diagnostic(
                .warning, .printRules, at: book.config.printCoverLocation,
                "the print cover has no front image ('cover:' names none), so its front shows the title in type",
                suggestion: "set 'cover:' to the front's image, \(Int(book.config.pdf.width.points / 72 * 300 + 38)) pixels wide or more"))
        }
        if book.config.pdf.engine != .typst {
            warnings.append(Diagnostic(
                .warning, .printRules, at: book.config.printCoverLocation,
                "the cover's spine follows the page count Typst sets, and the interior is set by WeasyPrint, which may take more or fewer pages",
                suggestion: "set 'pdf.engine: typst' so the cover and the interior agree"))
        }
        let interior = try print.run(
            folder: work, output: work.appendingPathComponent("interior.pdf"), book: book,
            timeout: limits.timeout, memoryLimit: limits.memoryLimit)
        let (source, spine) = print.coverSource(book, pages: interior.pages)
        try Data(source.utf8).write(to: work.appendingPathComponent("cover.typ"))
        let size = try context.writer.replace(destination) { partial in
            _ = try print.run(
                folder: work, document: "cover.typ", output: partial, book: book, timeout: limits.timeout, memoryLimit: limits.memoryLimit)
            guard Self.isWholePDF(partial) else {
                throw Diagnostic(.error, .outputFailed, at: nil, "the PDF engine Typst wrote no complete cover PDF")
            }
            return (try manager.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? 0
        }
        if interior.pages < PrintCoverOptions.spineTextPages {
            warnings.append(Diagnostic(
                .info, .printRules, at: book.config.printCoverLocation,
                "the spine is \((spine * 1000).rounded() / 1000) in wide for \(interior.pages) pages: too narrow for text, which KDP prints from 80 pages"))
        }
        return WrittenOutput(sizeBytes: size)
    }

    /// Where the set book breaks what KDP and IngramSpark ask.
    static func printRuleWarnings(_ book: RenderedBook, outcome: TypstPrint.Outcome, images: [TypstWriter.PlacedImage]) -> [Diagnostic] {
        let options = book.config.pdf
        let configFile = SourceLocation(file: book.config.file)
        var warnings: [Diagnostic] = []
        let names = Dictionary(book.images.map { ($0.href, $0.source.lastPathComponent) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        for image in images where image.pixelsPerInch < PrintRules.imagePixelsPerInch && seen.insert(image.href).inserted {
            let inches = (image.widthInches * 100).rounded() / 100
            warnings.append(Diagnostic(
                .warning, .printRules, at: nil,
                "the image '\(names[image.href] ?? image.href)' prints \(inches) in wide at \(Int(image.pixelsPerInch.rounded())) ppi; printers ask for 300",
                suggestion: "export it at least \(Int((image.widthInches * PrintRules.imagePixelsPerInch).rounded(.up))) pixels wide"))
        }
        if !PrintRules.pageCounts.contains(outcome.pages) {
            warnings.append(Diagnostic(
                .warning, .printRules, at: nil,
                "the print PDF has \(outcome.pages) pages; KDP prints paperbacks of 24 to 828 pages",
                suggestion: outcome.pages < 24 ? "a shorter book can still be printed by IngramSpark (18 pages at least)" : "split the book, or choose a larger trim size"))
        }
        let needed = PrintRules.gutter(forPages: outcome.pages)
        if !options.insideIsAutomatic, options.inside.points < needed * 72 - 0.01 {
            warnings.append(Diagnostic(
                .warning, .printRules, at: configFile,
                "'pdf.margins.inside' is \(options.inside), narrower than the \(needed) in KDP asks of a \(outcome.pages)-page book",
                suggestion: "remove 'inside' (the gutter then follows the page count) or set it to \(needed)in"))
        }
        let least = options.bleed ? PrintRules.outsideMarginWithBleed : PrintRules.outsideMargin
        for (name, length) in [("outside", options.outside), ("top", options.top), ("bottom", options.bottom)]
        where length.points < least * 72 - 0.01 {
            warnings.append(Diagnostic(
                .warning, .printRules, at: configFile,
                "'pdf.margins.\(name)' is \(length); KDP asks for at least \(least) in\(options.bleed ? " with bleed" : "")",
                suggestion: "set it to \(least)in or more"))
        }
        return warnings
    }
}
