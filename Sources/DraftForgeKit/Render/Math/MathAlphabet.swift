// \mathbf, \mathbb, \mathcal and their kind as Unicode's Mathematical Alphanumeric Symbols
// (U+1D400–U+1D7FF), since MathML Core allows no mathvariant but "normal". Each alphabet is
// 52 letters A–Z a–z from a start code point; a few places are holes, because Unicode had
// already encoded those letters in Letterlike Symbols (ℝ, ℋ, ℜ …) and points there instead.

/// A math font command's alphabet.
enum MathFont: Equatable, Sendable {
    case roman, italic, bold, boldItalic, doubleStruck, script, fraktur, sansSerif, monospace

    /// A character in this font, and whether it needs mathvariant="normal" to stay upright.
    func styled(_ character: String) -> (text: String, upright: Bool) {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return (character, self == .roman) }
        let value = scalar.value
        if self == .roman { return (character, true) }
        if let letter = Self.latinIndex(value), let start = latinStart {
            if let hole = letterlikeHoles[Character(scalar)] { return (String(hole), false) }
            return (Self.string(start + letter), false)
        }
        if let digit = value >= 0x30 && value <= 0x39 ? value - 0x30 : nil, let start = digitStart {
            return (Self.string(start + digit), false)
        }
        if let greek = Self.greekIndex(value) {
            // \boldsymbol keeps capital Greek upright, as TeX does.
            let start = self == .boldItalic && greek < 26 ? 0x1D6A8 : greekStart
            if let start { return (Self.string(start + greek), false) }
        }
        return (character, false)
    }

    private var latinStart: UInt32? {
        switch self {
        case .roman: nil
        case .bold: 0x1D400
        case .italic: 0x1D434
        case .boldItalic: 0x1D468
        case .script: 0x1D49C
        case .fraktur: 0x1D504
        case .doubleStruck: 0x1D538
        case .sansSerif: 0x1D5A0
        case .monospace: 0x1D670
        }
    }

    private var digitStart: UInt32? {
        switch self {
        case .bold, .boldItalic: 0x1D7CE
        case .doubleStruck: 0x1D7D8
        case .sansSerif: 0x1D7E2
        case .monospace: 0x1D7F6
        case .roman, .italic, .script, .fraktur: nil
        }
    }

    /// Greek alphabets have 58 places: Α–Ω with ϴ where Σ's final form would be, ∇, α–ω, ∂ and
    /// six variants.
    private var greekStart: UInt32? {
        switch self {
        case .bold: 0x1D6A8
        case .italic: 0x1D6E2
        case .boldItalic: 0x1D71C
        default: nil
        }
    }

    private var letterlikeHoles: [Character: Character] {
        switch self {
        case .italic: ["h": "ℎ"]
        case .script:
            ["B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
             "e": "ℯ", "g": "ℊ", "o": "ℴ"]
        case .fraktur: ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"]
        case .doubleStruck: ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
        default: [:]
        }
    }

    private static func latinIndex(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x41...0x5A: value - 0x41
        case 0x61...0x7A: 26 + value - 0x61
        default: nil
        }
    }

    private static func greekIndex(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x391...0x3A9 where value != 0x3A2: value - 0x391
        case 0x3F4: 17
        case 0x2207: 25
        case 0x3B1...0x3C9: 26 + value - 0x3B1
        case 0x2202: 51
        case 0x3F5: 52
        case 0x3D1: 53
        case 0x3F0: 54
        case 0x3D5: 55
        case 0x3F1: 56
        case 0x3D6: 57
        default: nil
        }
    }

    private static func string(_ value: UInt32) -> String {
        Unicode.Scalar(value).map { String(Character($0)) } ?? ""
    }
}
