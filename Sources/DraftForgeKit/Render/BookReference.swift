// Links inside the book are written in a neutral form while rendering, because each output
// places pages differently (EPUB: `text/01-one.xhtml`; the site: `01-one.html`). Each
// serializer maps them to its own layout.
import Foundation

enum BookReference {
    static let chapterPrefix = "draftforge:chapter/"
    static let assetPrefix = "draftforge:asset/"

    enum Target: Equatable, Sendable {
        /// A chapter by file stem, with an optional fragment (already a valid id).
        case chapter(stem: String, fragment: String?)
        /// A packaged file such as `images/map.svg`.
        case asset(String)
    }

    static func chapter(_ stem: String, fragment: String?) -> String {
        chapterPrefix + stem + (fragment.map { "#" + $0 } ?? "")
    }

    static func asset(_ href: String) -> String { assetPrefix + href }

    static func parse(_ reference: String) -> Target? {
        if reference.hasPrefix(chapterPrefix) {
            let rest = reference.dropFirst(chapterPrefix.count)
            guard let hash = rest.firstIndex(of: "#") else { return .chapter(stem: String(rest), fragment: nil) }
            return .chapter(stem: String(rest[..<hash]), fragment: String(rest[rest.index(after: hash)...]))
        }
        if reference.hasPrefix(assetPrefix) { return .asset(String(reference.dropFirst(assetPrefix.count))) }
        return nil
    }
}
