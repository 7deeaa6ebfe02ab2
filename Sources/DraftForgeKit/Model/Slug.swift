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

    /// An ASCII file-name stem: lowercase letters, digits and single hyphens; other scripts are
    /// transliterated (`三体` → `san-ti`, `Война и мир` → `voina-i-mir`).
    static func fileStem(_ text: String, fallback: String = "book") -> String {
        // Folding is slow, and ASCII names (most of them) have nothing to fold but case.
        var folded = text
        if !text.utf8.allSatisfy({ $0 < 0x80 }) {
            folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            if !folded.utf8.allSatisfy({ $0 < 0x80 }), let latin = folded.applyingTransform(.toLatin, reverse: false) {
                folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            }
        }
        var stem = ""
        for scalar in folded.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x61...0x7A: stem.unicodeScalars.append(scalar)
            case 0x41...0x5A: stem.unicodeScalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            default: if !stem.isEmpty, !stem.hasSuffix("-") { stem.append("-") }
            }
        }
        while stem.hasSuffix("-") { stem.removeLast() }
        return stem.isEmpty ? fallback : String(stem.prefix(100))
    }
}
