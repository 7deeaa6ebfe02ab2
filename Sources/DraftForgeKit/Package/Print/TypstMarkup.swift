// The pieces of Typst source the print writer builds with. Every word of the author's reaches
// Typst as a string literal (`#"…"`), never as markup, so no character of theirs can start a
// Typst construct.

enum TypstMarkup {
    /// A Typst string literal: `"…"` with `\`, `"` and control characters escaped.
    static func string(_ text: String) -> String { literal(text, lineEndsAsSpaces: false) }

    /// Text in markup: the string literal as content, with line ends as spaces (a soft break).
    static func text(_ text: String) -> String {
        text.isEmpty ? "" : "#" + literal(text, lineEndsAsSpaces: true)
    }

    /// One pass over the UTF-8 bytes: a book's text is megabytes of short strings.
    private static func literal(_ text: String, lineEndsAsSpaces: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        bytes.append(UInt8(ascii: "\""))
        var previous: UInt8 = 0
        for byte in text.utf8 {
            defer { previous = byte }
            switch byte {
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\n"):
                if lineEndsAsSpaces {
                    if previous != UInt8(ascii: "\r") { bytes.append(UInt8(ascii: " ")) }
                } else {
                    bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                }
            case UInt8(ascii: "\r"):
                if lineEndsAsSpaces { bytes.append(UInt8(ascii: " ")) } else { bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")] }
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20, 0x7F:
                bytes += Array("\\u{\(String(byte, radix: 16))}".utf8)
            case 0x80...0x9F where previous == 0xC2:
                // A C1 control, U+0080–U+009F, is C2 80–9F in UTF-8: its code point is the byte.
                bytes.removeLast()
                bytes += Array("\\u{\(String(byte, radix: 16))}".utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A length in points, as Typst writes it, with at most three decimals.
    static func points(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + "pt"
    }
}
