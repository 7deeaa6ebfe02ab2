// Slugs: GitHub's heading anchors (so links written for GitHub's preview keep working) and
// file-name stems for outputs.
import Foundation

enum Slug {
    /// GitHub's heading anchor: lowercase, keep letters, digits, '-' and '_', spaces become '-'.
    static func heading(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character == " " {
                slug.append("-")
            } else if character == "-" || character == "_" || character.isLetter || character.isNumber {
                slug.append(character)
            }
        }
        return slug
    }

    /// An ASCII file-name stem: lowercase letters, digits and single hyphens.
    static func fileStem(_ text: String, fallback: String = "book") -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        var stem = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                stem.unicodeScalars.append(scalar)
            } else if !stem.isEmpty, !stem.hasSuffix("-") {
                stem.append("-")
            }
        }
        while stem.hasSuffix("-") { stem.removeLast() }
        return stem.isEmpty ? fallback : String(stem.prefix(100))
    }
}
