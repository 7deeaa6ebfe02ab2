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
    // manuscript: problems in the text itself
    case brokenLink = "manuscript.broken-link"
    case invalidURL = "manuscript.invalid-url"
    case missingImage = "manuscript.missing-image"
    case remoteImage = "manuscript.remote-image"
    case imageOutsideRoot = "manuscript.image-outside-root"
    case unsupportedImage = "manuscript.unsupported-image"
    case imageMismatch = "manuscript.image-mismatch"
    case missingAltText = "manuscript.missing-alt-text"
    // output
    case outputFailed = "output.write-failed"

    public var category: Diagnostic.Category {
        switch rawValue.prefix(while: { $0 != "." }) {
        case "config": return .config
        case "load": return .load
        case "manuscript": return .manuscript
        default: return .output
        }
    }
}
