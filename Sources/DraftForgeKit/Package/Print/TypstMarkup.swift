// The pieces of Typst source the print writer builds with. Every word of the author's reaches
// Typst as a string literal (`#"…"`), never as markup, so no character of theirs can start a
// Typst construct.

enum TypstMarkup {
    /// A Typst string literal: `"…"` with `\`, `"` and control characters escaped.
    static func string(_ text: String) -> String {
        var output = "\""
        output.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    output += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// Text in markup: the string literal as content, with line ends as spaces (a soft break).
    static func text(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        return "#" + string(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
    }

    /// A length in points, as Typst writes it, with at most three decimals.
    static func points(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + "pt"
    }
}
