// A story chapter's opening, as novels set it: the chapter's number ("Chapter One"), its
// title, a subtitle, an epigraph, and a first paragraph with a drop cap or its first line in
// small capitals. Added to the chapter's tree after the structure pass, so every output
// (EPUB, site, PDF, DOCX) shows the same opening; the themes' stylesheets set it.
import Foundation

struct ChapterOpeningRenderer {
    let options: ManuscriptConfig.ChapterOpening
    /// The chapter's language, for the label and the number's words.
    let language: String

    /// "Chapter One", "Chapitre 1", "第1章": the heading of story chapter `number` (from 1).
    func label(_ number: Int) -> String? {
        let primary = LanguageTag.primary(language)
        let numeral: String
        switch options.number {
        case .none: return nil
        case .roman: numeral = Self.roman(number)
        case .words where primary == "en": numeral = Self.englishWords(number)
        case .words, .figures: numeral = String(number)
        }
        if let label = options.label { return label.isEmpty ? numeral : label + " " + numeral }
        switch primary {
        case "zh", "ja": return "第" + numeral + "章"
        case "ko": return "제" + numeral + "장"
        default: return (Self.labels[primary] ?? "Chapter") + " " + numeral
        }
    }

    /// Adds the opening to a story chapter's `body`. `number` is its number among the story's
    /// chapters; `numberIsTitle` when the chapter has no heading and its label is its title.
    func apply(to body: inout [HTMLNode], number: Int, numberIsTitle: Bool, frontMatter: FrontMatter) {
        let headingIndex = body.firstIndex { node in
            guard case .element(let element) = node else { return false }
            return Self.headings.contains(element.name)
        }
        var after = (headingIndex ?? -1) + 1
        if let subtitle = frontMatter.subtitle {
            body.insert(.element(HTMLElement("p", [("class", "df-chapter-subtitle")], children: [.text(subtitle)])), at: after)
            after += 1
        }
        if let epigraph = frontMatter.epigraph {
            var lines: [HTMLNode] = [.element(HTMLElement("p", children: [.text(epigraph)]))]
            if let source = frontMatter.epigraphSource {
                lines.append(.element(HTMLElement("p", [("class", "df-epigraph-source")], children: [.text("— " + source)])))
            }
            body.insert(.element(HTMLElement(
                "blockquote", [("class", "df-chapter-epigraph"), ("role", "doc-epigraph")], children: lines)), at: after)
            after += 1
        }
        if options.dropCap || options.smallCaps,
            let first = body[after...].firstIndex(where: { if case .element(let element) = $0 { element.name == "p" } else { false } }),
            case .element(var paragraph) = body[first]
        {
            let classes = [options.dropCap ? "df-drop-cap" : nil, options.smallCaps ? "df-small-caps" : nil].compactMap { $0 }
            paragraph["class"] = (paragraph.classes.map(String.init) + classes).joined(separator: " ")
            body[first] = .element(paragraph)
        }
        if !numberIsTitle, let label = label(number) {
            body.insert(
                .element(HTMLElement("p", [("class", "df-chapter-number")], children: [.text(label)])),
                at: headingIndex ?? 0)
        }
    }

    private static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    /// The word for "chapter" by primary language subtag.
    private static let labels: [String: String] = [
        "en": "Chapter", "fr": "Chapitre", "de": "Kapitel", "es": "Capítulo", "it": "Capitolo", "pt": "Capítulo",
        "nl": "Hoofdstuk", "ru": "Глава", "uk": "Розділ", "pl": "Rozdział", "cs": "Kapitola", "el": "Κεφάλαιο",
        "ar": "الفصل", "he": "פרק", "sv": "Kapitel", "da": "Kapitel", "nb": "Kapittel", "fi": "Luku",
    ]

    static func roman(_ number: Int) -> String {
        guard number > 0, number < 4000 else { return String(number) }
        let values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                      (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = number
        var text = ""
        for (value, numeral) in values {
            while rest >= value {
                text += numeral
                rest -= value
            }
        }
        return text
    }

    /// 1 → "One", 21 → "Twenty-One", 101 → "One Hundred One"; figures from 1,000.
    static func englishWords(_ number: Int) -> String {
        let ones = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
                    "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"]
        let tens = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
        guard number > 0, number < 1000 else { return String(number) }
        func belowHundred(_ n: Int) -> String {
            n < 20 ? ones[n] : tens[n / 10] + (n % 10 == 0 ? "" : "-" + ones[n % 10])
        }
        guard number >= 100 else { return belowHundred(number) }
        let rest = number % 100
        return ones[number / 100] + " Hundred" + (rest == 0 ? "" : " " + belowHundred(rest))
    }
}
