// The small parts of an Office Open XML package around the document: content types, package
// relationships, properties, settings, numbering, footnotes, header and footer.
import Foundation

enum DOCXParts {
    static let wordprocessingML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    /// The namespaces of the document, footnotes, header and footer parts.
    static let namespaces = "xmlns:w=\"\(wordprocessingML)\""
        + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        + " xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\""
        + " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""
        + " xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\""
        + " xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\""

    private static let officeDocument = "application/vnd.openxmlformats-officedocument."
    static let contentTypes: [String: String] = [
        "/word/document.xml": officeDocument + "wordprocessingml.document.main+xml",
        "/word/styles.xml": officeDocument + "wordprocessingml.styles+xml",
        "/word/settings.xml": officeDocument + "wordprocessingml.settings+xml",
        "/word/numbering.xml": officeDocument + "wordprocessingml.numbering+xml",
        "/word/footnotes.xml": officeDocument + "wordprocessingml.footnotes+xml",
        "/word/header1.xml": officeDocument + "wordprocessingml.header+xml",
        "/word/header2.xml": officeDocument + "wordprocessingml.header+xml",
        "/word/footer1.xml": officeDocument + "wordprocessingml.footer+xml",
        "/word/footer2.xml": officeDocument + "wordprocessingml.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": officeDocument + "extended-properties+xml",
    ]

    /// `[Content_Types].xml` for the parts in `paths` (zip paths).
    static func contentTypesXML(parts paths: [String]) -> String {
        var xml = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        let extensions = Set(paths.map { ($0 as NSString).pathExtension.lowercased() })
        for (fileExtension, type) in [("gif", "image/gif"), ("jpeg", "image/jpeg"), ("jpg", "image/jpeg"), ("png", "image/png"), ("svg", "image/svg+xml")]
        where extensions.contains(fileExtension) {
            xml += "<Default Extension=\"\(fileExtension)\" ContentType=\"\(type)\"/>"
        }
        for path in paths {
            if let type = contentTypes["/" + path] { xml += "<Override PartName=\"/\(path)\" ContentType=\"\(type)\"/>" }
        }
        return xml + "</Types>"
    }

    static func packageRelationships() -> String {
        var relationships = DOCXRelationships()
        _ = relationships.add(type: DOCXRelationships.base + "officeDocument", target: "word/document.xml")
        _ = relationships.add(
            type: "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            target: "docProps/core.xml")
        _ = relationships.add(type: DOCXRelationships.base + "extended-properties", target: "docProps/app.xml")
        return relationships.xml
    }

    /// Title, authors, language, identifier and the build date, which keeps the file reproducible.
    static func coreProperties(_ book: RenderedBook) -> String {
        let config = book.config
        let date = BuildDate.iso8601(book.modified)
        var xml = declaration + "<cp:coreProperties"
        xml += " xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
        xml += " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
        xml += " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        func element(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            xml += "<\(name)>" + XHTMLSerializer.escaped(value) + "</\(name)>"
        }
        element("dc:title", config.title)
        element("dc:subject", config.subtitle)
        element("dc:creator", config.authors.joined(separator: "; "))
        element("cp:keywords", config.subjects.joined(separator: ", "))
        element("dc:description", config.description)
        element("dc:identifier", book.identifier)
        element("dc:language", config.language)
        element("cp:lastModifiedBy", "DraftForge")
        element("cp:version", book.bookVersion)
        xml += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:created>"
        xml += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(date)</dcterms:modified>"
        return xml + "</cp:coreProperties>"
    }

    static func appProperties(_ book: RenderedBook) -> String {
        declaration + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
            + "<Application>DraftForge</Application><Words>\(book.wordCount)</Words>"
            + (book.config.publisher.map { "<Company>" + XHTMLSerializer.escaped($0) + "</Company>" } ?? "")
            + "</Properties>"
    }

    /// Footnotes -1 and 0 are Word's separator lines, which every footnotes part must hold.
    static func settings(language: String) -> String {
        declaration + "<w:settings xmlns:w=\"\(wordprocessingML)\">"
            + "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>"
            + "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
            + "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>"
            + "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
            + "<w:themeFontLang w:val=\"\(XHTMLSerializer.escaped(language))\"/>"
            + "</w:settings>"
    }

    static func footnotes(_ notes: [String]) -> String {
        let separatorParagraph = "<w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
        return declaration + "<w:footnotes \(namespaces)>"
            + "<w:footnote w:type=\"separator\" w:id=\"-1\">\(separatorParagraph)<w:r><w:separator/></w:r></w:p></w:footnote>"
            + "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\">\(separatorParagraph)<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
            + notes.joined() + "</w:footnotes>"
    }

    /// Bullets and numbers over nine levels; each list is a `w:num` of its own, so it restarts.
    static func numbering(_ lists: [WordprocessingWriter.ListInstance]) -> String {
        var xml = declaration + "<w:numbering xmlns:w=\"\(wordprocessingML)\">"
        let bullets = ["\u{2022}", "\u{25E6}", "\u{25AA}"]
        let formats = ["decimal", "lowerLetter", "lowerRoman"]
        for (id, ordered) in [(0, false), (1, true)] {
            xml += "<w:abstractNum w:abstractNumId=\"\(id)\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
            for level in 0...8 {
                let format = ordered ? formats[level % 3] : "bullet"
                let text = ordered ? "%\(level + 1)." : bullets[level % 3]
                xml += "<w:lvl w:ilvl=\"\(level)\"><w:start w:val=\"1\"/><w:numFmt w:val=\"\(format)\"/>"
                xml += "<w:lvlText w:val=\"\(text)\"/><w:lvlJc w:val=\"left\"/>"
                xml += "<w:pPr><w:ind w:left=\"\(720 * (level + 1))\" w:hanging=\"360\"/></w:pPr></w:lvl>"
            }
            xml += "</w:abstractNum>"
        }
        for (index, list) in lists.enumerated() {
            xml += "<w:num w:numId=\"\(index + 1)\"><w:abstractNumId w:val=\"\(list.ordered ? 1 : 0)\"/>"
            if list.ordered {
                xml += "<w:lvlOverride w:ilvl=\"\(list.level)\"><w:startOverride w:val=\"\(list.start)\"/></w:lvlOverride>"
            }
            xml += "</w:num>"
        }
        return xml + "</w:numbering>"
    }

    /// A header (`hdr`) or footer (`ftr`) of one paragraph; `text` then, if asked, the page number.
    static func headerFooter(_ element: String, style: String, text: String, pageNumber: Bool) -> String {
        var xml = declaration + "<w:\(element) \(namespaces)><w:p><w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr>"
        if !text.isEmpty { xml += "<w:r><w:t xml:space=\"preserve\">" + XHTMLSerializer.escaped(text) + "</w:t></w:r>" }
        if pageNumber { xml += "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>" }
        return xml + "</w:p></w:\(element)>"
    }
}
