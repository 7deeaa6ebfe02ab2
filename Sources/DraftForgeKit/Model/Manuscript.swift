// The loaded manuscript: config plus chapters in reading order, grouped in parts.
import Foundation

/// A section of front or back matter, with its EPUB structural semantics.
public enum MatterType: String, CaseIterable, Sendable {
    case dedication, epigraph, foreword, preface, introduction, prologue, epilogue, acknowledgements, afterword
    case aboutTheAuthor = "about-the-author", alsoBy = "also-by"

    /// The `epub:type` term (EPUB Structural Semantics), where one exists.
    var epubType: String? {
        switch self {
        case .acknowledgements: return "acknowledgments"
        case .aboutTheAuthor, .alsoBy: return nil
        default: return rawValue
        }
    }

    /// The DPUB-ARIA role, where one exists.
    var role: String? { epubType.map { "doc-" + $0 } }

    /// Whether a book shows this page's title by convention: a dedication or an epigraph is
    /// set without one, so without a heading of its own it gets none and no contents entry.
    var showsTitle: Bool { self != .dedication && self != .epigraph }

    /// The title of a page of this kind that has no heading or `title:` of its own, in the
    /// interface's language: "Acknowledgments", "Remerciements".
    func defaultTitle(_ strings: InterfaceStrings = .english) -> String {
        strings[rawValue.replacingOccurrences(of: "-", with: "_")]
    }

    private static let longestName = allCases.map(\.rawValue.utf8.count).max()!

    /// Recognises a file name such as `00-preface`, `00b-epigraph` or `acknowledgments`.
    static func detect(fileName: String) -> MatterType? {
        let lowered = fileName.lowercased()
        var stem = lowered.drop { $0.isNumber }
        // An ordering letter after the number: `00b-epigraph`.
        if stem.startIndex != lowered.startIndex, stem.count > 2, stem.first?.isLetter == true,
            "-_ .".contains(stem[stem.index(after: stem.startIndex)])
        {
            stem = stem.dropFirst()
        }
        stem = stem.drop { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." }
        // Most names are chapters' ("0100-a-tale-of-two-cities-1-39-chapter-v"), longer than any type.
        guard stem.utf8.count <= longestName else { return nil }
        let normalized = String(stem.map { $0 == "_" || $0 == " " ? "-" : $0 })
        if normalized == "acknowledgments" { return .acknowledgements }
        return MatterType(rawValue: normalized)
    }
}

/// A chapter's front matter, checked.
public struct FrontMatter: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable { case draft, reviewing, approved }
    public var title: String?
    /// A line under the title at the chapter's opening.
    public var subtitle: String?
    /// A quotation set at the chapter's opening, and whom it is from.
    public var epigraph: String?
    public var epigraphSource: String?
    /// Front or back matter this chapter is (`type: dedication`), if any.
    public var type: MatterType?
    public var status: Status?
    public var date: String?
    /// Where `date` is written, for timeline findings.
    public var dateLocation: SourceLocation?
    /// The point-of-view character, and where the front matter names them.
    public var pov: String?
    public var povLocation: SourceLocation?
    /// The chapter's language when it is not the book's (BCP 47), for its `lang`.
    public var language: String?
    public var flashback = false
    public var exclude = false
    public init() {}
}

/// One Markdown chapter file.
public struct Chapter: Sendable {
    /// The file name without `.md`: the name the outline uses.
    public var name: String
    /// Path relative to the manuscript root, e.g. `chapters/01-arrival.md`.
    public var path: String
    public var frontMatter: FrontMatter
    /// The Markdown after the front matter, with mdBook's directives run.
    public var body: String
    /// Where each body line was written: past the front matter in `path`, or in an included file.
    public var sourceMap: SourceMap
    /// The index of the part this chapter belongs to, if any.
    public var partIndex: Int?
    /// Set for front and back matter (a preface, a dedication…); nil for a chapter of the story.
    public var matter: MatterType?
    /// How deep the outline nests the chapter under another (an mdBook section): 0 at the top.
    public var outlineLevel = 0
    /// mdBook's section number, `[3, 1]` for 3.1; nil for an unnumbered chapter.
    public var outlineNumber: [Int]?
    /// Written by DraftForge from the config (Also By, About the Author), not by the author:
    /// left out of the stats and the checks.
    public var isGenerated = false

    package init(
        name: String, path: String, frontMatter: FrontMatter, body: String, sourceMap: SourceMap, partIndex: Int?,
        matter: MatterType?
    ) {
        self.name = name
        self.path = path
        self.frontMatter = frontMatter
        self.body = body
        self.sourceMap = sourceMap
        self.partIndex = partIndex
        self.matter = matter
    }
}

/// A titled group of chapters.
public struct Part: Sendable, Equatable {
    public var title: String
}

/// The manuscript as loaded from disk, before parsing.
public struct Manuscript: Sendable {
    public var root: URL
    public var config: ManuscriptConfig
    public var chapters: [Chapter]
    public var parts: [Part]

    package init(root: URL, config: ManuscriptConfig, chapters: [Chapter], parts: [Part]) {
        self.root = root
        self.config = config
        self.chapters = chapters
        self.parts = parts
    }
}
