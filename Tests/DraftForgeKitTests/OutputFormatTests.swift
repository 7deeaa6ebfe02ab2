// Each `ExportFormat` maps to the one type that writes it, and that type names it back; what the
// manifest and the output folder show of each format stays as it was before formats were types.
import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Output formats")
struct OutputFormatTests {
    @Test(arguments: ExportFormat.allCases)
    func eachFormatsTypeNamesItBack(_ format: ExportFormat) {
        #expect(format.outputFormat.id == format)
    }

    @Test func namesVersionsAndTemplateFoldersAreUnchanged() {
        let described = ExportFormat.allCases.map { format in
            [format.rawValue, format.formatVersion, format.templateFolder, format.outputName(slug: "book")]
        }
        #expect(described == [
            ["epub", "3.3", "epub", "book.epub"],
            ["html", "5", "site", "html"],
            ["docx", "ECMA-376 transitional", "docx", "book.docx"],
            ["pdf", "1.7", "pdf", "book.pdf"],
        ])
    }
}
