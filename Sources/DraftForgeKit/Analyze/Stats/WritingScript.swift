// The script a word is written in, by its first letter: for stats.json's words per script in a
// book that mixes them. Unicode's script names; blocks rather than the full Scripts.txt, which
// is enough to tell the scripts of a book apart.

enum WritingScript: Int, CaseIterable, Sendable {
    case latin, greek, cyrillic, armenian, hebrew, arabic, devanagari, bengali, tamil, thai, lao, khmer, myanmar,
        georgian, hangul, han, hiragana, katakana, ethiopic, other, common

    var name: String {
        switch self {
        case .latin: "Latin"
        case .greek: "Greek"
        case .cyrillic: "Cyrillic"
        case .armenian: "Armenian"
        case .hebrew: "Hebrew"
        case .arabic: "Arabic"
        case .devanagari: "Devanagari"
        case .bengali: "Bengali"
        case .tamil: "Tamil"
        case .thai: "Thai"
        case .lao: "Lao"
        case .khmer: "Khmer"
        case .myanmar: "Myanmar"
        case .georgian: "Georgian"
        case .hangul: "Hangul"
        case .han: "Han"
        case .hiragana: "Hiragana"
        case .katakana: "Katakana"
        case .ethiopic: "Ethiopic"
        case .other: "Other"
        case .common: "Common"
        }
    }

    /// Numbers belong to no script (Unicode's "Common").
    init(_ scalar: Unicode.Scalar) {
        // ASCII first: most scalars of most books, and no property lookup needed.
        if scalar.value < 0x80 {
            self = (0x30...0x39).contains(scalar.value) ? .common : .latin
            return
        }
        if scalar.properties.numericType != nil, !scalar.properties.isIdeographic {
            self = .common
            return
        }
        switch scalar.value {
        case 0...0x24F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFF21...0xFF5A: self = .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: self = .cyrillic
        case 0x530...0x58F: self = .armenian
        case 0x590...0x5FF, 0xFB1D...0xFB4F: self = .hebrew
        case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: self = .arabic
        case 0x900...0x97F: self = .devanagari
        case 0x980...0x9FF: self = .bengali
        case 0xB80...0xBFF: self = .tamil
        case 0xE00...0xE7F: self = .thai
        case 0xE80...0xEFF: self = .lao
        case 0x1780...0x17FF, 0x19E0...0x19FF: self = .khmer
        case 0x1000...0x109F, 0xA9E0...0xA9FF, 0xAA60...0xAA7F: self = .myanmar
        case 0x10A0...0x10FF: self = .georgian
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: self = .hangul
        case 0x3040...0x309F: self = .hiragana
        case 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: self = .katakana
        case 0x1200...0x139F: self = .ethiopic
        default: self = scalar.properties.isIdeographic ? .han : .other
        }
    }
}
