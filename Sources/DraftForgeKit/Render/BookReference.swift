// Links inside the book are written in a neutral form while rendering, because each output
// places pages differently (EPUB: `text/01-one.xhtml`; the site: `01-one.html`). Each
// serializer maps them to its own layout.
import Foundation

enum BookReference {
    static let chapterPrefix = "draftforge:chapter/"
    static let assetPrefix = "draftforge:asset/"
    static let remotePrefix = "draftforge:remote/"

    enum Target: Equatable, Sendable {
        /// A chapter by file stem, with an optional fragment (already a valid id).
        case chapter(stem: String, fragment: String?)
        /// A packaged file such as `images/map.svg`.
        case asset(String)
        /// An image on the web, `https://…`: the site loads it; the other formats have only its
        /// alt text, as they cannot embed what the build does not have.
        case remoteImage(String)
    }

    static func chapter(_ stem: String, fragment: String?) -> String {
        chapterPrefix + stem + (fragment.map { "#" + $0 } ?? "")
    }

    static func asset(_ href: String) -> String { assetPrefix + href }

    static func remoteImage(_ url: String) -> String { remotePrefix + url }

    /// What a format that cannot show a remote image prints in its place: its alt text, or
    /// without one the file's name, so nothing the author wrote vanishes.
    static func standIn(forRemoteImage url: String, alt: String) -> String {
        if !alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return alt }
        let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return path.split(separator: "/").last.map(String.init) ?? url
    }

    static func parse(_ reference: String) -> Target? {
        if reference.hasPrefix(chapterPrefix) {
            let rest = reference.dropFirst(chapterPrefix.count)
            guard let hash = rest.firstIndex(of: "#") else { return .chapter(stem: String(rest), fragment: nil) }
            return .chapter(stem: String(rest[..<hash]), fragment: String(rest[rest.index(after: hash)...]))
        }
        if reference.hasPrefix(assetPrefix) { return .asset(String(reference.dropFirst(assetPrefix.count))) }
        if reference.hasPrefix(remotePrefix) { return .remoteImage(String(reference.dropFirst(remotePrefix.count))) }
        return nil
    }
}
