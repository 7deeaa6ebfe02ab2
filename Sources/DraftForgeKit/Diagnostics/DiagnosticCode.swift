// Every diagnostic code DraftForge can emit, with the category it belongs to.
// The README lists them; keep both in step.

/// The stable identifier of a kind of diagnostic.
public enum DiagnosticCode: String, CaseIterable, Sendable {
    // config
    case configMissing = "config.missing"
    case configSyntax = "config.syntax"
    case configType = "config.type"
    case configValue = "config.value"
    case configUnknownKey = "config.unknown-key"
    case configNotRun = "config.not-run"
    case configUntranslated = "config.untranslated"
    case templateInvalid = "config.template"
    case templateUnused = "config.template-unused"
    case coverSmall = "config.cover-small"
    case coverLarge = "config.cover-large"
    // load
    case chaptersMissing = "load.chapters-missing"
    case chaptersEmpty = "load.chapters-empty"
    case outlineMissingChapter = "load.outline-missing-chapter"
    case outlineDuplicateChapter = "load.outline-duplicate-chapter"
    case chapterNotInOutline = "load.chapter-not-in-outline"
    case notUTF8 = "load.not-utf8"
    case unreadable = "load.unreadable"
    case frontMatterSyntax = "load.front-matter-syntax"
    case frontMatterType = "load.front-matter-type"
    case frontMatterValue = "load.front-matter-value"
    case frontMatterUnknownKey = "load.front-matter-unknown-key"
    case noChapters = "load.no-chapters"
    case outsideRoot = "load.outside-root"
    case duplicateChapterNumber = "load.duplicate-number"
    case caseCollision = "load.case-collision"
    case nameCollision = "load.name-collision"
    case unknownDirective = "load.unknown-directive"
    case summarySkipped = "load.summary-skipped"
    case includeMissing = "load.include-missing"
    case includeAnchorMissing = "load.include-anchor-missing"
    case includeCycle = "load.include-cycle"
    case includeTooDeep = "load.include-depth"
    // bible.yml and waivers.yml
    case bibleSyntax = "bible.syntax"
    case bibleType = "bible.type"
    case bibleValue = "bible.value"
    case bibleUnknownKey = "bible.unknown-key"
    case bibleSeriesConflict = "bible.series-conflict"
    case waiversSyntax = "waivers.syntax"
    case waiversType = "waivers.type"
    case waiverUnused = "waivers.unused"
    // continuity findings
    case attributeContradiction = "character_consistency.attribute"
    case nameVariant = "name_inconsistency.variant"
    case noWordList = "name_inconsistency.no-word-list"
    case dateOrder = "timeline_error.date-order"
    case badStoryDate = "timeline_error.bad-date"
    case weekdayMismatch = "timeline_error.weekday"
    case ageMismatch = "timeline_error.age"
    case relativeDate = "timeline_error.relative-date"
    case travelTooFast = "timeline_error.travel"
    case actsAfterDeath = "dead_character.acts"
    case actsWhileMissing = "dead_character.missing"
    case relationContradiction = "character_consistency.relation"
    case pointOfView = "character_consistency.pov"
    case forbiddenPattern = "world_rules.forbidden"
    case spellingVariant = "world_rules.spelling"
    case placeholder = "manuscript.placeholder"
    case doubledWord = "manuscript.doubled-word"
    case unclosedQuote = "manuscript.unclosed-quote"
    case missingFootnote = "manuscript.missing-footnote"
    case emptyChapter = "manuscript.empty-chapter"
    case duplicateTitle = "manuscript.duplicate-title"
    // manuscript: problems in the text itself
    case brokenLink = "manuscript.broken-link"
    case invalidURL = "manuscript.invalid-url"
    case missingImage = "manuscript.missing-image"
    case remoteImage = "manuscript.remote-image"
    case imageOutsideRoot = "manuscript.image-outside-root"
    case unsupportedImage = "manuscript.unsupported-image"
    case imageMismatch = "manuscript.image-mismatch"
    case unsafeImage = "manuscript.unsafe-image"
    case svgCleaned = "manuscript.svg-cleaned"

    case imageWithoutAlt = "accessibility.image-alt"
    case headingSkip = "accessibility.heading-skip"
    case tableWithoutHeader = "accessibility.table-header"
    case vagueLinkText = "accessibility.link-text"
    case lowContrast = "accessibility.contrast"
    case pageReference = "accessibility.page-reference"
    case languageChange = "accessibility.language-change"
    // render
    case rawHTMLRemoved = "render.raw-html-removed"
    case nestingFlattened = "render.nesting-flattened"
    case mathUnsupported = "render.math-unsupported"
    // package: what an output format cannot carry
    case rawHTMLDropped = "package.raw-html-dropped"
    case mathAsTeX = "package.math-as-tex"
    case imageDropped = "package.image-dropped"
    case engineReferenceRemoved = "package.reference-removed"
    case printRules = "package.print-rules"
    case engineWarning = "package.engine-warning"
    case noAccessibilityClaim = "package.no-accessibility-claim"
    // store: what a store would refuse or ask to change (`check --store`, `editions:`)
    case storeCover = "store.cover"
    case storeMetadata = "store.metadata"
    case storeOtherLink = "store.other-store-link"
    case storePageReference = "store.page-reference"
    case storeFileSize = "store.file-size"
    case storePrint = "store.print"
    // output
    case outputFailed = "output.write-failed"
    case engineMissing = "output.engine-missing"
    case manifestMissing = "output.no-manifest"
    case interruptedBuildUndone = "output.interrupted-build-undone"
    // preview: `serve` itself (no category of its own: it counts as `output`)
    case buildCrashed = "preview.build-crashed"

    /// The category named before the code's first dot. Looked up, not parsed: every finding
    /// asks, and a book can have tens of thousands.
    public var category: Diagnostic.Category { Self.categories[self]! }

    private static let categories = Dictionary(uniqueKeysWithValues: allCases.map { code in
        (code, Diagnostic.Category(rawValue: String(code.rawValue.prefix(while: { $0 != "." }))) ?? .output)
    })

    /// The codes a continuity report can hold, each one SARIF rule.
    public static var findingCodes: [DiagnosticCode] { allCases.filter { $0.category.isFinding } }

    /// One line on what the check finds (SARIF rule descriptions, annotation titles, the README).
    public var summary: String {
        switch self {
        case .attributeContradiction: return "A character's attribute contradicts the bible or an earlier statement"
        case .nameVariant: return "A rare spelling one or two edits from a frequent name"
        case .noWordList: return "No word list was found, so names were not checked"
        case .dateOrder: return "Chapter story dates go backwards without flashback: true"
        case .badStoryDate: return "A chapter's story date is not YYYY-MM-DD"
        case .weekdayMismatch: return "A date is written with a weekday it did not fall on"
        case .travelTooFast: return "A journey between two places is faster than its means of travel allow"
        case .relativeDate: return "A weekday contradicts the day the story has reached from a dated scene ('three days later')"
        case .ageMismatch: return "A stated age contradicts the character's birth date"
        case .actsAfterDeath: return "A character speaks or acts after the chapter in which they die"
        case .actsWhileMissing: return "A character speaks or acts while the bible says they are missing"
        case .pointOfView: return "A chapter's point-of-view character is unknown, dead, named in their own first-person narration, or absent"
        case .relationContradiction: return "A marriage stated in the text contradicts the bible's married_to at that point"
        case .forbiddenPattern: return "Text matches a rule the bible forbids"
        case .spellingVariant: return "A spelling variant the bible replaces with its preferred form"
        case .placeholder: return "A TK, TODO or FIXME placeholder is left in the text"
        case .doubledWord: return "A word is written twice in a row"
        case .unclosedQuote: return "A quotation opened in a paragraph is never closed"
        case .missingFootnote: return "A footnote reference has no definition"
        case .emptyChapter: return "A chapter has no text"
        case .duplicateTitle: return "Two chapters have the same title"
        case .brokenLink: return "A link between chapters leads nowhere"
        case .invalidURL: return "A link is not a valid http, https or mailto address"
        case .missingImage: return "An image file does not exist"
        case .remoteImage: return "An image is given as a URL"
        case .imageOutsideRoot: return "An image path leaves the manuscript folder"
        case .unsupportedImage: return "An image is not JPEG, PNG, GIF, SVG or WebP"
        case .unsafeImage: return "An SVG image that cannot be made safe to publish (external entities, reference bombs)"
        case .svgCleaned: return "Scripts or external references were removed from an SVG image"
        case .imageWithoutAlt: return "An image has no text alternative (WCAG 1.1.1)"
        case .headingSkip: return "A heading skips a level (WCAG 1.3.1)"
        case .tableWithoutHeader: return "A table has no header cells (WCAG 1.3.1)"
        case .vagueLinkText: return "A link's text does not say where it leads (WCAG 2.4.4)"
        case .lowContrast: return "Text and background colours contrast less than 4.5:1 (WCAG 1.4.3)"
        case .languageChange: return "Text in a script the chapter's language is not written in, with no lang saying its language"
        case .pageReference: return "A page number is referred to in a reflowable book, which has no fixed pages"
        case .rawHTMLRemoved: return "Raw HTML that no book format can show (script, media, forms) was removed"
        default: return rawValue
        }
    }
}
