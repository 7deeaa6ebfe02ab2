// How many terminal columns text takes: wide (East Asian Wide and Fullwidth, emoji) characters
// two, combining marks and zero-width characters none, the rest one.

extension String {
    var displayWidth: Int {
        unicodeScalars.reduce(0) { $0 + $1.displayWidth }
    }

    /// The longest prefix that fits in `columns`.
    func prefix(columns: Int) -> String {
        var width = 0
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            width += scalar.displayWidth
            if width > columns { break }
            result.append(scalar)
        }
        return String(result)
    }
}

extension Unicode.Scalar {
    var displayWidth: Int {
        let value = self.value
        if value < 0x300 { return value < 0x20 || (0x7F..<0xA0).contains(value) ? 0 : 1 }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B || (0x1160...0x11FF).contains(value) { return 0 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return properties.isEmojiPresentation ? 2 : 1
        }
    }
}
