// WCAG 2.2's contrast minimum (1.4.3, AA) over a stylesheet's own colours: a rule that sets a
// text colour is measured against the background it sets, or the page's white when it sets
// none; under 4.5:1 is a finding at the rule's line. Colours given through variables or
// `currentColor` are not resolved and not measured.
import Foundation

enum ContrastCheck {
    /// WCAG's minimum for body text.
    static let minimum = 4.5

    struct Problem: Equatable {
        var line: Int
        var selector: String
        var foreground: String
        var background: String
        var ratio: Double
    }

    /// Rules under `minimum`, in the order written. Rules for dark schemes (inside an @media
    /// block that names `dark`) are measured against black.
    static func problems(in css: String) -> [Problem] {
        var problems: [Problem] = []
        let scalars = Array(css.unicodeScalars)
        var index = 0
        var line = 1
        var selectorStart = 0, selectorLine = 1
        var darkDepth: Int?
        var depth = 0
        var ruleSelector = ""
        var ruleLine = 1
        var declarations = ""
        var inRule = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" { line += 1 }
            // Comments are skipped whole.
            if scalar == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                index += 2
                while index + 1 < scalars.count, !(scalars[index] == "*" && scalars[index + 1] == "/") {
                    if scalars[index] == "\n" { line += 1 }
                    index += 1
                }
                index += 2
                if !inRule { selectorStart = index; selectorLine = line }
                continue
            }
            if scalar == "{" {
                let prelude = String(String.UnicodeScalarView(scalars[selectorStart..<index])).trimmingCharacters(in: .whitespacesAndNewlines)
                if prelude.hasPrefix("@") {
                    depth += 1
                    if darkDepth == nil, prelude.contains("dark") { darkDepth = depth }
                } else {
                    inRule = true
                    ruleSelector = prelude
                    ruleLine = selectorLine
                    declarations = ""
                }
                selectorStart = index + 1
                selectorLine = line
            } else if scalar == "}" {
                if inRule {
                    if let problem = measure(declarations, selector: ruleSelector, line: ruleLine, dark: darkDepth != nil) {
                        problems.append(problem)
                    }
                    inRule = false
                } else {
                    if darkDepth == depth { darkDepth = nil }
                    depth = max(0, depth - 1)
                }
                selectorStart = index + 1
                selectorLine = line
            } else if inRule {
                declarations.unicodeScalars.append(scalar)
            } else if String(String.UnicodeScalarView(scalars[selectorStart..<index])).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                selectorLine = line
            }
            index += 1
        }
        return problems
    }

    private static func measure(_ declarations: String, selector: String, line: Int, dark: Bool) -> Problem? {
        var foreground: (text: String, color: RGB)?
        var background: (text: String, color: RGB)?
        for declaration in declarations.split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased()
            let value = parts[1].replacingOccurrences(of: "!important", with: "").trimmingCharacters(in: .whitespaces)
            if name == "color", let color = RGB(css: value) { foreground = (value, color) }
            if name == "background-color" || name == "background", let color = RGB(css: value.split(separator: " ").first.map(String.init) ?? value) {
                background = (value, color)
            }
        }
        guard let foreground, foreground.color.alpha == 1 else { return nil }
        let page = dark ? RGB(red: 0, green: 0, blue: 0) : RGB(red: 1, green: 1, blue: 1)
        let back = background.map { $0.color.alpha == 1 ? $0.color : $0.color.over(page) } ?? page
        let ratio = RGB.contrast(foreground.color, back)
        guard ratio < minimum else { return nil }
        return Problem(
            line: line, selector: selector, foreground: foreground.text,
            background: background?.text ?? (dark ? "the dark page's black" : "the page's white"), ratio: ratio)
    }
}

/// An sRGB colour, channels 0–1.
struct RGB: Equatable {
    var red: Double, green: Double, blue: Double
    var alpha: Double = 1

    /// `#rgb`, `#rrggbb` (with alpha, `#rgba`, `#rrggbbaa`), `rgb()`/`rgba()` with numbers, and
    /// the common named colours; nil for anything else (variables, `currentColor`, gradients).
    init?(css text: String) {
        let value = text.lowercased().trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("#") {
            var hex = String(value.dropFirst())
            if hex.count == 3 || hex.count == 4 { hex = hex.map { "\($0)\($0)" }.joined() }
            guard hex.count == 6 || hex.count == 8, let number = UInt64(hex, radix: 16) else { return nil }
            let channels = hex.count == 8 ? number >> 8 : number
            self.init(
                red: Double((channels >> 16) & 0xFF) / 255, green: Double((channels >> 8) & 0xFF) / 255,
                blue: Double(channels & 0xFF) / 255, alpha: hex.count == 8 ? Double(number & 0xFF) / 255 : 1)
        } else if value.hasPrefix("rgb"), let open = value.firstIndex(of: "("), let close = value.lastIndex(of: ")") {
            let numbers = value[value.index(after: open)..<close]
                .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "/" }).compactMap { part -> Double? in
                    part.hasSuffix("%") ? Double(part.dropLast()).map { $0 / 100 * 255 } : Double(part)
                }
            guard numbers.count >= 3 else { return nil }
            let alpha = numbers.count > 3 ? (numbers[3] > 1 ? numbers[3] / 255 : numbers[3]) : 1
            self.init(red: numbers[0] / 255, green: numbers[1] / 255, blue: numbers[2] / 255, alpha: alpha)
        } else if let named = Self.named[value] {
            self = named
        } else {
            return nil
        }
    }

    init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    private static let named: [String: RGB] = [
        "black": RGB(red: 0, green: 0, blue: 0), "white": RGB(red: 1, green: 1, blue: 1),
        "gray": RGB(red: 128 / 255, green: 128 / 255, blue: 128 / 255), "grey": RGB(red: 128 / 255, green: 128 / 255, blue: 128 / 255),
        "silver": RGB(red: 192 / 255, green: 192 / 255, blue: 192 / 255), "red": RGB(red: 1, green: 0, blue: 0),
        "blue": RGB(red: 0, green: 0, blue: 1), "navy": RGB(red: 0, green: 0, blue: 128 / 255),
        "maroon": RGB(red: 128 / 255, green: 0, blue: 0), "green": RGB(red: 0, green: 128 / 255, blue: 0),
        "yellow": RGB(red: 1, green: 1, blue: 0), "lightgray": RGB(red: 211 / 255, green: 211 / 255, blue: 211 / 255),
        "lightgrey": RGB(red: 211 / 255, green: 211 / 255, blue: 211 / 255), "darkgray": RGB(red: 169 / 255, green: 169 / 255, blue: 169 / 255),
    ]

    /// This colour laid over `backdrop`.
    func over(_ backdrop: RGB) -> RGB {
        RGB(
            red: red * alpha + backdrop.red * (1 - alpha), green: green * alpha + backdrop.green * (1 - alpha),
            blue: blue * alpha + backdrop.blue * (1 - alpha))
    }

    /// WCAG's relative luminance.
    var luminance: Double {
        func linear(_ channel: Double) -> Double {
            channel <= 0.04045 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG's contrast ratio, 1–21.
    static func contrast(_ first: RGB, _ second: RGB) -> Double {
        let (light, dark) = first.luminance > second.luminance ? (first, second) : (second, first)
        return (light.luminance + 0.05) / (dark.luminance + 0.05)
    }
}
