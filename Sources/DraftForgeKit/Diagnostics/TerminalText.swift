// What reaches a terminal or a CI log from the author's files (names, keys, titles, quotes)
// could hold escape sequences (set the title, clear the screen, write the clipboard) or a
// newline that starts a GitHub Actions workflow command. Such text is printed escaped.

extension String {
    /// The text with every control character (C0, DEL, C1, the Unicode line and paragraph
    /// separators) written as `\u{1B}`, so it prints on one line and commands nothing.
    public var escapingControlCharacters: String {
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return self }
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if Self.isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
