// Writes an `HTMLNode` tree as XHTML that is well-formed XML whatever the text holds.
import Foundation

enum XHTMLSerializer {
    static func serialize(_ nodes: [HTMLNode]) -> String {
        var output = ""
        output.reserveCapacity(nodes.count * 64)
        for node in nodes { write(node, to: &output) }
        return output
    }

    static func write(_ node: HTMLNode, to output: inout String) {
        switch node {
        case .text(let text):
            appendEscaped(text, to: &output, inAttribute: false)
        case .element(let element):
            output += "<" + element.name
            for attribute in element.attributes {
                output += " " + attribute.name + "=\""
                appendEscaped(attribute.value, to: &output, inAttribute: true)
                output += "\""
            }
            if HTMLVocabulary.voidElements.contains(element.name) {
                output += "/>"
                return
            }
            output += ">"
            for child in element.children { write(child, to: &output) }
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
