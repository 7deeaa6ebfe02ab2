// Writes an `HTMLNode` tree as XHTML that is well-formed XML whatever the text holds.
import Foundation

/// How one output writes the shared tree: where book references point, which attributes it
/// cannot carry (HTML5 has no `epub:type`), how void elements end (`<br/>` in XHTML, `<br>` in
/// HTML).
struct SerializationStyle: Sendable {
    var resolve: @Sendable (BookReference.Target) -> String
    var omittedAttributes: Set<String> = []
    var voidElementEnd = "/>"
}

enum XHTMLSerializer {
    static func serialize(_ nodes: [HTMLNode], style: SerializationStyle) -> String {
        var output = ""
        output.reserveCapacity(nodes.count * 64)
        for node in nodes { write(node, to: &output, style: style) }
        return output
    }

    static func write(_ node: HTMLNode, to output: inout String, style: SerializationStyle) {
        switch node {
        case .text(let text):
            appendEscaped(text, to: &output, inAttribute: false)
        case .element(let element):
            output += "<" + element.name
            for attribute in element.attributes where !style.omittedAttributes.contains(attribute.name) {
                var value = attribute.value
                if attribute.name == "href" || attribute.name == "src", let target = BookReference.parse(value) {
                    value = style.resolve(target)
                }
                output += " " + attribute.name + "=\""
                appendEscaped(value, to: &output, inAttribute: true)
                output += "\""
            }
            if HTMLVocabulary.voidElements.contains(element.name) {
                output += style.voidElementEnd
                return
            }
            output += ">"
            for child in element.children { write(child, to: &output, style: style) }
            output += "</" + element.name + ">"
        }
    }

    /// Escapes markup characters and drops code points XML 1.0 forbids (C0 controls but tab,
    /// newline and carriage return; U+FFFE and U+FFFF).
    static func appendEscaped(_ text: String, to output: inout String, inAttribute: Bool) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where inAttribute: output += "&quot;"
            case "\n" where inAttribute: output += "&#10;"
            case "\t" where inAttribute: output += "&#9;"
            case "\r": output += "&#13;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                output.unicodeScalars.append(scalar)
            }
        }
    }

    static func escaped(_ text: String) -> String {
        var output = ""
        appendEscaped(text, to: &output, inAttribute: true)
        return output
    }
}
