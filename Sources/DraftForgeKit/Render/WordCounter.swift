// Counts words in rendered prose: runs of letters, marks and digits that may hold inner
// apostrophes and hyphens; code is not prose and does not count.
import Foundation

enum WordCounter {
    static func count(_ nodes: [HTMLNode]) -> Int {
        var total = 0
        for node in nodes {
            switch node {
            case .text(let text): total += count(text)
            case .element(let element) where element.name != "code" && element.name != "pre":
                total += count(element.children)
            default: continue
            }
        }
        return total
    }

    static func count(_ text: String) -> Int {
        var words = 0
        var inWord = false
        var pendingJoiner = false
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                if !inWord { words += 1 }
                inWord = true
                pendingJoiner = false
            } else if inWord, !pendingJoiner, isJoiner(scalar) {
                pendingJoiner = true
            } else {
                inWord = false
                pendingJoiner = false
            }
        }
        return words
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    private static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        ["\u{27}", "\u{2019}", "\u{2D}", "\u{2010}", "\u{2011}"].contains(scalar)
    }
}
