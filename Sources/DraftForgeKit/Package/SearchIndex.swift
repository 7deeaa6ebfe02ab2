// The site's full-text search index, built at compile time. It ships as `search-index.js`, a
// script that assigns a global, because browsers refuse `fetch()` of a JSON file from file://.
// Each chapter is cut at its headings (levels 1 to 3), so a result links to the right heading.
import Foundation

struct SearchIndex {
    /// The global `site.js` reads.
    static let globalName = "draftforgeSearchIndex"

    struct Chapter: Encodable, Equatable {
        var title: String
        var url: String
    }

    /// A stretch of a chapter from one heading to the next.
    struct Section: Encodable, Equatable {
        /// The chapter's position in `chapters`.
        var chapter: Int
        var heading: String
        /// The page, with the heading's id as fragment.
        var url: String
        /// The plain text, whitespace collapsed.
        var text: String

        enum CodingKeys: String, CodingKey {
            case chapter = "c", heading = "h", url = "u", text = "t"
        }
    }

    var chapters: [Chapter] = []
    /// Each chapter's sections as JSON array elements, encoded once per chapter so a rebuild
    /// can reuse those of unchanged chapters (`BuildCache`).
    private var sectionsJSON: [String] = []

    init(_ book: RenderedBook, _ site: SitePackager.SiteLayout) {
        for (position, chapter) in book.chapters.enumerated() {
            chapters.append(Chapter(title: XML.safe(chapter.title), url: site.pageFiles[position]))
        }
        let perChapter = Parallel.map(Array(book.chapters.indices)) { position in
            let chapter = book.chapters[position]
            let page = site.pageFiles[position]
            return book.cache.fragment(chapter.fingerprint, "search \(position) \(page)") {
                var collector = Collector(chapter: position, page: page, heading: XML.safe(chapter.title))
                collector.walk(chapter.page)
                collector.flush()
                return Self.elementsJSON(collector.sections)
            }
        }
        sectionsJSON = perChapter.filter { !$0.isEmpty }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The sections as `JSONEncoder` would write the array's elements (keys sorted, no
    /// spaces), without the brackets; written by hand, as the encoder took a tenth of the
    /// site's time on a long book.
    static func elementsJSON(_ sections: [Section]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(sections.reduce(0) { $0 + $1.text.utf8.count + $1.heading.utf8.count + 64 })
        for (position, section) in sections.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            output += Array(#"{"c":"#.utf8)
            output += Array(String(section.chapter).utf8)
            output += Array(#","h":"#.utf8)
            JSONValue.writeString(section.heading, to: &output)
            output += Array(#","t":"#.utf8)
            JSONValue.writeString(section.text, to: &output)
            output += Array(#","u":"#.utf8)
            JSONValue.writeString(section.url, to: &output)
            output.append(UInt8(ascii: "}"))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `window.… = {"chapters":[…],"sections":[…]};`, keys sorted, as one `JSONEncoder` pass
    /// would write the object, as pieces: each chapter's sections stay the cached string, and
    /// the index of a long book (megabytes) is never copied into one.
    func javaScriptPieces() throws -> [String] {
        let chaptersJSON = String(decoding: try Self.encoder.encode(chapters), as: UTF8.self)
        var pieces = ["window.\(Self.globalName) = {\"chapters\":" + chaptersJSON + #","sections":["#]
        pieces.reserveCapacity(2 * sectionsJSON.count + 1)
        for (position, sections) in sectionsJSON.enumerated() {
            if position > 0 { pieces.append(",") }
            pieces.append(sections)
        }
        pieces.append("]};\n")
        return pieces
    }

    private struct Collector {
        static let headings: Set<String> = ["h1", "h2", "h3"]
        static let blocks: Set<String> = [
            "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
            "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p",
            "pre", "section", "summary", "table", "td", "th", "tr", "ul",
        ]

        let chapter: Int
        let page: String
        var heading: String
        var anchor: String?
        var text = ""
        var sections: [Section] = []

        init(chapter: Int, page: String, heading: String) {
            self.chapter = chapter
            self.page = page
            self.heading = heading
        }

        mutating func walk(_ nodes: [HTMLNode]) {
            for node in nodes {
                switch node {
                case .text(let value):
                    text += value
                case .element(let element):
                    // Note numbers would glue to the word before them ("harbour1").
                    if element.name == "sup", element.classes.contains("footnote-ref") { continue }
                    if element.name == "a", element.classes.contains("footnote-number") { continue }
                    if Self.headings.contains(element.name), let id = element["id"] {
                        flush()
                        heading = XML.safe(element.textContent.collapsedWhitespace)
                        anchor = id
                        continue
                    }
                    let isBlock = Self.blocks.contains(element.name)
                    if isBlock { text += " " }
                    walk(element.children)
                    if isBlock { text += " " }
                }
            }
        }

        /// Ends the current section; one with neither text nor heading is dropped.
        mutating func flush() {
            let body = XML.safe(text.collapsedWhitespace)
            if !body.isEmpty || anchor != nil {
                sections.append(Section(
                    chapter: chapter, heading: heading, url: page + (anchor.map { "#" + $0 } ?? ""), text: body))
            }
            text = ""
        }
    }
}

extension String {
    /// Runs of whitespace (Unicode's White_Space) become one space; none at either end. On the
    /// UTF-8 bytes: every chapter's text goes through here for the search index.
    var collapsedWhitespace: String {
        var text = self
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var count = 0
                var afterSpace = true  // whitespace at the start is dropped
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        // Without a branch on the byte: ASCII is nearly all of a book's text, and
                        // a branch at every word's edge was mispredicted (5 ns a byte, now 1.5).
                        let isSpace = byte == 0x20 || byte &- 0x09 <= 0x04
                        output[count] = isSpace ? 0x20 : byte
                        count &+= isSpace && afterSpace ? 0 : 1
                        afterSpace = isSpace
                        index &+= 1
                        continue
                    }
                    let width = Self.whitespaceWidth(bytes, at: index)
                    if width > 0 {
                        output[count] = 0x20
                        count &+= afterSpace ? 0 : 1
                        afterSpace = true
                        index &+= width
                    } else {
                        output[count] = byte
                        count &+= 1
                        afterSpace = false
                        index &+= 1
                    }
                }
                return afterSpace && count > 0 ? count - 1 : count  // and at the end
            }
        }
    }

    /// The bytes of the White_Space character past ASCII starting at `index` of valid UTF-8, or
    /// 0: U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000
    /// (`collapsedWhitespace` tests ASCII's itself). A continuation byte is never taken for the
    /// start of one.
    @inline(__always)
    private static func whitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        switch bytes[index] {
        case 0xC2:
            return bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 ? 2 : 0
        case 0xE1:
            return bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2:
            let second = bytes[index + 1], third = bytes[index + 2]
            if second == 0x80 { return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0 }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3:
            return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }
}
