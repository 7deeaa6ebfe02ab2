// Writes an `HTMLNode` tree as XHTML that is well-formed XML whatever the text holds. It works
// on UTF-8 bytes: a book's text is copied in runs between the few bytes that need escaping,
// which is several times faster than appending scalar by scalar.
import Foundation

/// How one output writes the shared tree: where book references point, which attributes it
/// cannot carry (HTML5 has no `epub:type`), how void elements end (`<br/>` in XHTML, `<br>` in
/// HTML).
struct SerializationStyle: Sendable {
    var resolve: @Sendable (BookReference.Target) -> String
    var omittedAttributes: Set<String> = []
    var voidElementEnd = "/>"
    /// Whether `<img>`s of web addresses stay (a web page) or become their alt text (a book).
    var keepsRemoteImages = false
}

enum XHTMLSerializer {
    static func serialize(_ nodes: [HTMLNode], style: SerializationStyle) -> String {
        String(decoding: serializedBytes(nodes, style: style), as: UTF8.self)
    }

    /// The UTF-8 bytes, for an output that writes bytes: no String to validate and copy.
    static func serializedBytes(_ nodes: [HTMLNode], style: SerializationStyle) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(nodes.count * 256)
        for node in nodes { write(node, to: &output, style: style) }
        return output
    }

    static func write(_ node: HTMLNode, to output: inout [UInt8], style: SerializationStyle) {
        switch node {
        case .text(let text):
            appendEscaped(text, to: &output, inAttribute: false)
        case .element(let element):
            if !style.keepsRemoteImages, element.name == "img", let source = element["src"],
                case .remoteImage(let url) = BookReference.parse(source)
            {
                appendEscaped(BookReference.standIn(forRemoteImage: url, alt: element["alt"] ?? ""), to: &output, inAttribute: false)
                return
            }
            output.append(UInt8(ascii: "<"))
            append(element.name, to: &output)
            for attribute in element.attributes {
                // Most styles omit nothing: no hashing of every attribute's name for them.
                if !style.omittedAttributes.isEmpty, style.omittedAttributes.contains(attribute.name) { continue }
                var value = attribute.value
                if attribute.name == "href" || attribute.name == "src", let target = BookReference.parse(value) {
                    value = style.resolve(target)
                }
                output.append(UInt8(ascii: " "))
                append(attribute.name, to: &output)
                output.append(UInt8(ascii: "="))
                output.append(UInt8(ascii: "\""))
                appendEscaped(value, to: &output, inAttribute: true)
                output.append(UInt8(ascii: "\""))
            }
            if HTMLVocabulary.isVoidElement(element.name) {
                append(style.voidElementEnd, to: &output)
                return
            }
            output.append(UInt8(ascii: ">"))
            for child in element.children { write(child, to: &output, style: style) }
            output.append(UInt8(ascii: "<"))
            output.append(UInt8(ascii: "/"))
            append(element.name, to: &output)
            output.append(UInt8(ascii: ">"))
        }
    }

    /// A name's bytes, copied at once: appending a `String.UTF8View` went through the generic
    /// sequence path, several times slower for the short names every element writes.
    @inline(__always)
    private static func append(_ name: String, to output: inout [UInt8]) {
        var name = name
        name.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Escapes markup characters and drops code points XML 1.0 forbids (C0 controls but tab,
    /// newline and carriage return; U+FFFE and U+FFFF, whose UTF-8 is EF BF BE and EF BF BF).
    /// Whether one of eight bytes is a control character, `&`, `<`, `>`, `"` or 0xEF (the
    /// lead byte of U+FFFE and U+FFFF): a byte below n sets its high bit in (word - n·ones) &
    /// ~word, and a byte equal to c is a zero byte of word ^ (c·ones).
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasByte(_ value: UInt8) -> UInt64 {
            let masked = word ^ (UInt64(value) &* ones)
            return (masked &- ones) & ~masked
        }
        let control = (word &- 0x20 &* ones) & ~word
        let found = control | hasByte(UInt8(ascii: "&")) | hasByte(UInt8(ascii: "<")) | hasByte(UInt8(ascii: ">"))
            | hasByte(UInt8(ascii: "\"")) | hasByte(0xEF)
        return found & highs != 0
    }

    static func appendEscaped(_ text: String, to output: inout [UInt8], inAttribute: Bool) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            func flush(upTo end: Int) {
                if end > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end])) }
            }
            let base = UnsafeRawPointer(bytes.baseAddress)
            while index < bytes.count {
                // Eight bytes at a time past runs with nothing to escape: most of a book's text.
                if let base, index + 8 <= bytes.count, !Self.mayNeedEscaping(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                let replacement: StaticString?
                var skip = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\"") where inAttribute: replacement = "&quot;"
                case UInt8(ascii: "\n") where inAttribute: replacement = "&#10;"
                case UInt8(ascii: "\t") where inAttribute: replacement = "&#9;"
                case UInt8(ascii: "\r"): replacement = "&#13;"
                case UInt8(ascii: "\t"), UInt8(ascii: "\n"):
                    index += 1
                    continue
                case 0..<0x20: replacement = ""
                case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF
                    && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                    replacement = ""
                    skip = 3
                default:
                    index += 1
                    continue
                }
                flush(upTo: index)
                if let replacement {
                    output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                }
                index += skip
                runStart = index
            }
            flush(upTo: bytes.count)
        }
    }

    static func appendEscaped(_ text: String, to output: inout String, inAttribute: Bool) {
        output += escaped(text, inAttribute: inAttribute)
    }

    static func escaped(_ text: String, inAttribute: Bool = true) -> String {
        var output: [UInt8] = []
        appendEscaped(text, to: &output, inAttribute: inAttribute)
        return String(decoding: output, as: UTF8.self)
    }
}
