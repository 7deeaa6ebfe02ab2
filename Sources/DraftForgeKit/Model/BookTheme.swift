// A book design (`theme:` in the config): a stylesheet added to the EPUB's, the site's and the
// PDF's (Templates/themes/<name>.css, or the manuscript's templates/theme.css), and the chapter
// opening and scene-break ornament it sets unless the config sets its own.
import Foundation

public enum BookTheme: String, CaseIterable, Sendable {
    case classic, modern, romance, thriller, literary

    /// The override an author copies a theme to, in `templates/`.
    static let overrideFile = "theme.css"

    /// How the theme opens a story chapter.
    var opening: ManuscriptConfig.ChapterOpening {
        var opening = ManuscriptConfig.ChapterOpening()
        switch self {
        case .classic:
            opening.number = .words
            opening.dropCap = true
            opening.smallCaps = true
        case .modern:
            opening.number = .figures
        case .romance:
            opening.number = .words
            opening.dropCap = true
        case .thriller:
            opening.number = .figures
            opening.label = ""
            opening.smallCaps = true
        case .literary:
            opening.number = .roman
            opening.label = ""
            opening.smallCaps = true
        }
        return opening
    }

    /// The ornament between scenes.
    var sceneBreak: String {
        switch self {
        case .classic: return "❦"
        case .modern: return "• • •"
        case .romance: return "❧"
        case .thriller: return "▪ ▪ ▪"
        case .literary: return "⁂"
        }
    }
}
