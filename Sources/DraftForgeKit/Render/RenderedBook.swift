// What the render stage hands to packaging: finished XHTML bodies, the files they use, and
// the book's metadata, all independent of the output format's container.
import Foundation

/// A file copied into the book (an image, the cover).
public struct BookAsset: Sendable, Equatable {
    /// Where it is read from; always inside the manuscript root.
    public var source: URL
    /// Its path inside the book, e.g. `images/map.svg`.
    public var href: String
    public var mediaType: String
    /// The bytes to publish when they are not the file's: an SVG with its scripts and external
    /// references removed (`SVGSanitizer`).
    public var contents: Data? = nil

    /// What every output writes for the asset.
    public func data() throws -> Data { try contents ?? Data(contentsOf: source) }
}

/// A font file embedded in the book, with its `@font-face` description.
public struct EmbeddedFont: Sendable, Equatable {
    public var asset: BookAsset
    public var family: String
    public var weight: String
    public var style: String
}

/// One chapter, rendered.
public struct RenderedChapter: Sendable {
    public var title: String
    /// The page's file-name stem, unique in the book, e.g. `01-arrival`.
    public var stem: String
    /// An id, unique in the book, for the chapter as a whole: where a link to the chapter lands
    /// when all chapters share one page (the site's `print.html`).
    public var anchorID: String
    /// The Markdown file, relative to the manuscript root, e.g. `chapters/01-arrival.md`.
    public var sourcePath: String
    /// The chapter's content without its notes; links to other chapters and to images are
    /// `BookReference`s, which each output maps to its own layout. `page` adds the notes.
    public var body: [HTMLNode]
    public var notes: [ChapterNote]
    public var partIndex: Int?
    /// Set for front and back matter; nil for the story's chapters.
    public var matter: MatterType?
    /// The chapter's prose as the counting rules measure it (`WordCounter`).
    public var prose: ProseCount
    /// The prose itself, for the continuity checks.
    package var text: ChapterProse
    /// The `<img>` elements in the body and the notes.
    public var imageCount: Int
    public var hasImages: Bool { imageCount > 0 }
    /// The chapter's own language (front matter `language`), when it differs from the book's.
    public var language: String?
    /// Written by DraftForge from the config (Also By, About the Author): no source to edit.
    public var isGenerated = false
    /// Shows no title, and no table of contents lists it: a dedication or an epigraph without
    /// a heading or `title:` of its own. `title` still names the page (`<title>`, a label).
    public var isUntitled = false
    /// Holds MathML (`<math>`), which the EPUB declares for the chapter.
    public var hasMath = false
    /// Where raw HTML is written (comments aside), in the chapter or a file it includes, for
    /// outputs that drop it.
    public var rawHTMLLocations: [SourceLocation] = []
    /// How deep the outline nests the chapter under the one before it: 0 at the top.
    public var outlineLevel = 0
    /// mdBook's section number, `[3, 1]` for 3.1; nil for an unnumbered chapter.
    public var outlineNumber: [Int]?
    /// Identifies the chapter's tree within one process's builds, so its serialized pages can be
    /// reused (`BuildCache`); nil when the build keeps no cache.
    var fingerprint: Int?

    public var wordCount: Int { prose.words }

    /// The title as tables of contents list it: with its section number, `3.1. init`, when the
    /// outline numbers it.
    public var listedTitle: String {
        guard let outlineNumber else { return title }
        return outlineNumber.map(String.init).joined(separator: ".") + ". " + title
    }
}

/// The whole book, ready to package.
public struct RenderedBook: Sendable {
    public var config: ManuscriptConfig
    public var identifier: String
    public var modified: Date
    public var chapters: [RenderedChapter]
    public var parts: [Part]
    public var images: [BookAsset]
    public var cover: BookAsset?
    public var fonts: [EmbeddedFont]
    /// The manuscript's own stylesheet, appended to the default one.
    public var extraCSS: String?
    /// The theme's stylesheet (`theme:`, or the manuscript's templates/theme.css), added to
    /// every output's after DraftForge's own and before the book's `css`.
    public var themeCSS: String?
    /// Some story chapter has an opening (`chapter_opening`, a subtitle or an epigraph), which
    /// the stylesheets then set.
    public var hasChapterOpenings = false
    /// The large-print edition (`Edition`): the Typst engine sets it in bigger type.
    public var isLargePrint = false
    /// The print cover's job (`Edition`): the PDF is the cover, not the interior.
    public var isPrintCover = false

    /// The tag being built, without its `v` (`1.2.0`): in the metadata, the copyright page and
    /// the file names.
    public var bookVersion: String?
    /// What the EPUB states of its accessibility, from the build's findings (set after analyze).
    public var accessibility: AccessibilityClaim?
    /// Set the print PDF with its blocks marked, to give the EPUB its pages (`PrintPages`).
    public var marksPrintPages = false
    /// Where the print edition's pages begin, once the PDF is set.
    public var printPageStarts: [PrintPageStart] = []
    /// Serialized chapters kept between builds in one process (`draftforge serve`).
    var cache: BuildCache?

    public var wordCount: Int { chapters.reduce(0) { $0 + $1.wordCount } }
}
