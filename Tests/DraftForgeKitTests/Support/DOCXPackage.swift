// A built .docx read back for tests: the zip through Python's zipfile (an independent reader),
// each XML part through Foundation's XML parser.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

struct DOCXPackage {
    let url: URL
    let entries: EPUBContents

    init(_ url: URL) throws {
        self.url = url
        entries = try EPUBContents(url)
        let check = try runCommand(["python3", "-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())", url.path])
        guard check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "None" else {
            throw TestError("zipfile.testzip() failed on \(url.path): \(check.output)")
        }
    }

    var names: [String] { entries.names }

    func xml(_ name: String) throws -> XMLElement {
        guard let text = entries[name] else { throw TestError("\(name) is not in the package") }
        let document = try XMLDocument(data: Data(text.utf8))
        guard let root = document.rootElement() else { throw TestError("\(name) has no root element") }
        return root
    }

    /// The body's paragraphs, in order, as (style, text).
    func paragraphs(_ part: String = "word/document.xml") throws -> [(style: String, text: String)] {
        try xml(part).descendants("w:p").map { ($0.paragraphStyle, $0.text) }
    }

    /// The relationships of a part: id → (type's last path component, target, external).
    func relationships(_ part: String) throws -> [String: (type: String, target: String, external: Bool)] {
        var result: [String: (type: String, target: String, external: Bool)] = [:]
        for relationship in try xml(part).descendants("Relationship") {
            let type = relationship.attributeValue("Type").split(separator: "/").last.map(String.init) ?? ""
            result[relationship.attributeValue("Id")] = (
                type, relationship.attributeValue("Target"), relationship.attributeValue("TargetMode") == "External"
            )
        }
        return result
    }
}

extension XMLElement {
    /// Every element below this one (itself included) with the qualified name `name`.
    func descendants(_ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ element: XMLElement) {
            if element.name == name { found.append(element) }
            for case let child as XMLElement in element.children ?? [] { walk(child) }
        }
        walk(self)
        return found
    }

    /// An attribute by its name as written (`w:val`, `Id`): FoundationXML does not find an
    /// unprefixed attribute of an element in a default namespace by `attribute(forName:)`.
    func attributeValue(_ name: String) -> String {
        (attributes ?? []).first { $0.name == name }?.stringValue ?? ""
    }

    /// The `w:val` of the first descendant named `name`, if any.
    func value(of name: String) -> String? {
        descendants(name).first.map { $0.attributeValue("w:val") }
    }

    var paragraphStyle: String { descendants("w:pPr").first?.value(of: "w:pStyle") ?? "" }

    /// The text of every `w:t` below, joined.
    var text: String { descendants("w:t").map { $0.stringValue ?? "" }.joined() }
}

/// Builds `manuscript` as a DOCX (and whatever else `formats` asks for) into its dist folder.
func buildDOCX(
    _ manuscript: TestManuscript, formats: [ExportFormat] = [.docx], output: URL? = nil
) throws -> (BuildResult, DOCXPackage) {
    var options = manuscript.options(output: output)
    options.formats = formats
    let result = try Pipeline.build(options)
    let docx = try #require(result.outputs.first { $0.format == .docx })
    return (result, try DOCXPackage(docx.url))
}

/// A copy of the sample manuscript in a temporary folder.
func sampleCopy() throws -> TestManuscript {
    let copy = try TestManuscript()
    try FileManager.default.removeItem(at: copy.root)
    try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper"), to: copy.root)
    return copy
}
