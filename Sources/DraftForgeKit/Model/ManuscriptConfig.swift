// The manuscript's `draftforge.yml`, decoded and checked. Field names follow the platform's
// project record (see the README's "Config keys").
import Foundation

/// Everything `draftforge.yml` says about the book.
public struct ManuscriptConfig: Sendable, Equatable {
    public enum ProjectType: String, CaseIterable, Sendable {
        case novel, screenplay, technicalBook = "technical-book", nonFiction = "non-fiction"
        case poetry, shortStory = "short-story"
    }
    public enum Status: String, CaseIterable, Sendable { case active, archived, completed }
    public enum Visibility: String, CaseIterable, Sendable { case `private`, unlisted, `public` }
    /// What an image given by its web address becomes (`remote_images`).
    public enum RemoteImages: String, CaseIterable, Sendable {
        /// The site loads it; the EPUB, DOCX and PDF show its alt text; a warning says so.
        case allow
        /// A blocking error, for authors who want every image inside the book.
        case block
    }

    /// An entry of the outline: a chapter (its file name without `.md`) or a titled part.
    public enum OutlineEntry: Sendable, Equatable {
        case chapter(OutlineChapter)
        case part(title: String, chapters: [OutlineChapter], location: SourceLocation)
    }
    public struct OutlineChapter: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
        /// Set by an entry such as `- dedication: 00-dedication`.
        public var matter: MatterType? = nil
        /// The title an mdBook SUMMARY.md gives the chapter, for its table-of-contents entry.
        public var title: String? = nil
        /// How deep the chapter is nested under another (mdBook's sections): 0 at the top.
        public var level = 0
        /// mdBook's section number, `[3, 1]` for 3.1; nil for an unnumbered chapter.
        public var number: [Int]? = nil
        /// The language of the part the chapter is in (`language:` on an outline part), for a
        /// book that holds its translations one part each.
        public var language: String? = nil
    }

    /// The book's place in a series (`belongs-to-collection`, `group-position`).
    public struct Series: Sendable, Equatable {
        public var name: String
        public var position: String?
    }

    /// Someone other than an author, with a MARC relator code (`edt`, `trl`, `ill`, `cov`…).
    public struct Contributor: Sendable, Equatable {
        public var name: String
        public var role: String

        static let roles = [
            "editor": "edt", "translator": "trl", "illustrator": "ill", "cover designer": "cov",
            "cover-designer": "cov", "narrator": "nrt", "photographer": "pht", "author": "aut",
            "contributor": "ctb", "foreword": "aui", "afterword": "aft",
        ]

        /// The relator code for a role name, or the code itself when given as three letters.
        static func relatorCode(for role: String) -> String? {
            let lowered = role.lowercased()
            if let code = roles[lowered] { return code }
            return lowered.count == 3 && lowered.allSatisfy({ $0 >= "a" && $0 <= "z" }) ? lowered : nil
        }
    }

    /// A font file to embed, with the `@font-face` rule DraftForge writes for it.
    public struct FontFile: Sendable, Equatable {
        public var path: String
        public var location: SourceLocation
        public var family: String
        public var weight: String
        public var style: String

        static let mediaTypes = ["ttf": "font/ttf", "otf": "font/otf", "woff": "font/woff", "woff2": "font/woff2"]

        /// Family, weight and style default from a name such as `Literata-BoldItalic.ttf`.
        init(path: String, location: SourceLocation) {
            self.path = path
            self.location = location
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let parts = stem.split(separator: "-", maxSplits: 1)
            family = String(parts.first ?? Substring(stem))
            let variant = parts.count > 1 ? parts[1].lowercased() : ""
            weight = variant.contains("bold") ? "700" : "400"
            style = variant.contains("italic") ? "italic" : "normal"
        }

        var fileExtension: String { (path as NSString).pathExtension.lowercased() }
    }

    /// How code blocks look (`code:` in the config).
    /// `also_by:`: the author's other books, listed on a page of their own.
    public struct AlsoBy: Sendable, Equatable {
        public struct Book: Sendable, Equatable {
            public var title: String
            public var series: String?
            /// A web address (http or https) where the book is sold or described.
            public var url: String?
            /// The book's page in each store, by store (`links: {kobo: …}`), for that store's edition.
            public var links: [String: String] = [:]
        }
        public var books: [Book]
        /// Before the first chapter rather than after the last.
        public var atFront = false
        /// Where `also_by:` is written.
        public var location: SourceLocation
    }

    /// How a story chapter opens (`chapter_opening:` in the config).
    public struct ChapterOpening: Sendable, Hashable {
        public enum Numbering: String, CaseIterable, Sendable {
            /// "Chapter One" (English; other languages get figures).
            case words
            /// "Chapter 1".
            case figures
            /// "Chapter I".
            case roman
            case none
        }
        public var number = Numbering.none
        /// The word before the number; nil for the book's language's ("Chapter", "Chapitre"…).
        public var label: String?
        /// The first letter of the first paragraph as a drop cap.
        public var dropCap = false
        /// The first line of the first paragraph in small capitals.
        public var smallCaps = false
        public init() {}

        /// True when an opening adds anything to the chapter's text.
        var isPlain: Bool { number == .none && !dropCap && !smallCaps }
    }

    public struct CodeOptions: Sendable, Equatable {
        /// Colour code blocks by their tokens when the fence names a language DraftForge knows.
        public var highlight = true
        /// Number the lines of code blocks in the site.
        public var lineNumbers = false
        public init() {}
    }

    /// Which delimiters mark TeX math in the text (`math:` in the config).
    public enum MathSyntax: Sendable, Hashable {
        /// pandoc's: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`.
        case tex
        /// An mdBook with `mathjax-support`: MathJax reads the text after Markdown, so the source
        /// writes `\\(…\\)`, `\\[…\\]` and `$$…$$`, with Markdown's backslash escapes inside.
        case mathJax
        /// No math: every `$` and backslash is text (an mdBook without `mathjax-support`, or `math: false`).
        case none
    }

    /// How figures are numbered (`figures:` in the config).
    public struct FigureOptions: Sendable, Equatable {
        public enum Numbering: String, CaseIterable, Sendable { case chapter, book }
        /// "Figure 3.2" before each caption.
        public var numbered = false
        /// Per chapter (3.2, the story's chapters counted) or through the book (7).
        public var numbering = Numbering.chapter
        public init() {}
    }

    /// The HTML site's options (`site:` in the config).
    public struct SiteOptions: Sendable, Equatable {
        /// Where the site is published, ending in `/`; when set, the site gets a `sitemap.xml`
        /// and canonical links.
        public var baseURL: String?
        /// A URL with `{path}` standing for the chapter's file, relative to the manuscript root.
        public var editURL: String?
        /// Whether the published site has the stats and continuity pages (`site.reports`): they
        /// are the author's notes, so only `serve`'s preview shows them unless the book says so.
        public var reports = false
        /// The book's own wording for DraftForge's interface strings (`site.strings`), by key.
        public var strings: [String: InterfaceStrings.Entry] = [:]

        /// Pages that send the reader on (mdBook's `[output.html.redirect]`): the old page's
        /// path in the site, and where it now is, relative to it.
        public var redirects: [Redirect] = []

        public struct Redirect: Sendable, Equatable {
            /// The old page, such as `/format/config.html`.
            public var from: String
            /// Where it went, relative to the old page (`configuration/index.html`) or absolute.
            public var to: String
            public var location: SourceLocation?
        }

        public init(baseURL: String? = nil, editURL: String? = nil) {
            self.baseURL = baseURL
            self.editURL = editURL
        }

        /// The edit link of the chapter at root-relative `path`, its segments percent-encoded.
        public func editLink(for path: String) -> String? {
            guard let editURL else { return nil }
            let encoded = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? String(segment)
            }.joined(separator: "/")
            return editURL.replacingOccurrences(of: "{path}", with: encoded)
        }

        private static let segmentCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#"))
    }

    /// The config file's name relative to the manuscript root.
    public var file: String
    public var title: String
    public var subtitle: String?
    public var authors: [String] = []
    public var language = "en"
    public var identifier: String?
    public var publisher: String?
    public var rights: String?
    public var description: String?
    public var subjects: [String] = []
    public var date: String?
    public var slug: String
    public var projectType: ProjectType?
    public var genre: String?
    public var targetWordCount: Int?
    public var status: Status?
    public var visibility: Visibility?
    public var chaptersDirectory = "chapters"
    public var manuscriptDirectory: String?
    public var cover: String?
    public var coverLocation: SourceLocation?
    public var css: String?
    public var cssLocation: SourceLocation?
    public var smartPunctuation = true
    /// The mdBook SUMMARY.md the outline was read from (`src/SUMMARY.md`): the chapters are then
    /// the files it lists, in any folder under the chapters folder, and no other file.
    public var summaryFile: String?
    /// The prefix that hides a code line, per fence language (mdBook's
    /// `[output.html.code.hidelines]`); Rust's `#` needs none.
    public var hiddenLinePrefixes: [String: String] = [:]
    public var remoteImages = RemoteImages.allow
    public var outline: [OutlineEntry]?
    public var edition: String?
    public var series: Series?
    public var contributors: [Contributor] = []
    public var fonts: [FontFile] = []
    public var site = SiteOptions()
    public var code = CodeOptions()
    public var figures = FigureOptions()
    public var math = MathSyntax.tex
    /// `quotes:` as written: two or four marks (outer, then inner) that smart punctuation uses
    /// instead of the language's own.
    public var quotes: String?
    /// `direction: rtl` or `ltr`; nil follows the language (`ar`, `he`, `fa`… run right to left).
    public var direction: String?

    /// The author's other books (`also_by:`), for a generated Also By page.
    public var alsoBy: AlsoBy?
    /// The stores the book gets an edition for (`editions:`): `kobo` writes `<slug>-kobo.epub`.
    public var editions: [String] = []
    /// `large_print: true`: a large-print edition of the EPUB and the PDF.
    public var largePrint = false
    /// `accessibility:`: an exemption the European Accessibility Act allows, and a report.
    public var accessibility = AccessibilityOptions()
    /// `cover_print:`: a cover PDF for the print book, its own export job (Typst engine).
    public var printCover: PrintCoverOptions?
    public var printCoverLocation: SourceLocation?
    /// The author's biography in Markdown (`author_bio:`) and photo (`author_photo:`), for a
    /// generated About the Author page.
    public var authorBio: String?
    public var authorBioLocation: SourceLocation?
    public var authorPhoto: String?
    /// How story chapters open: number, drop cap, small capitals (the theme's unless set).
    public var chapterOpening = ChapterOpening()
    /// The book's design (`theme:`); nil for DraftForge's plain default.
    public var theme: BookTheme?
    /// The ornament between scenes (`scene_break:`), a glyph or short text; nil for the default.
    public var sceneBreak: String?
    /// `writing_mode: vertical`: Japanese and Chinese set top to bottom, columns right to left
    /// (in the EPUB; the site and the PDF stay horizontal).
    public var isVertical = false

    /// The quotation marks smart punctuation writes: `quotes`, else the language's.
    var quotationMarks: QuotationMarks {
        quotes.flatMap(QuotationMarks.init(written:)) ?? QuotationMarks.forLanguage(language)
    }

    /// Whether the book's pages run right to left.
    public var isRightToLeft: Bool { direction.map { $0 == "rtl" } ?? LanguageTag.isRightToLeft(language) }

    /// Whether the EPUB's pages turn right to left: a right-to-left language, or vertical text.
    public var turnsRightToLeft: Bool { isRightToLeft || isVertical }
    /// The Word document's options (`docx:`).
    public var docx = DOCXOptions()
    /// The print PDF's page size, margins and running heads (`pdf:` in the config).
    public var pdf = PDFOptions()
    public var settings: JSONValue?
    /// The story bible the continuity checks read; `bible.yml` when not set (and then optional).
    public var bible: String?
    public var bibleLocation: SourceLocation?
    /// A bible the books of a series share (`../series/bible.yml`), read under the book's own.
    public var seriesBible: String?
    public var seriesBibleLocation: SourceLocation?
    /// The continuity waivers; `waivers.yml` when not set (and then optional).
    public var waivers: String?
    public var waiversLocation: SourceLocation?

    public init(file: String, title: String, slug: String) {
        self.file = file
        self.title = title
        self.slug = slug
    }
}
