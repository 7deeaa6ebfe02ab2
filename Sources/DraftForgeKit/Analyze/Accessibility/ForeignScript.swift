// Text in a script the chapter's language is not written in (`WritingScript`): Greek in an
// English book, Chinese in a Russian one. A reader's voice reads it in the book's language
// unless the text says its own (`lang`). Only the script is looked at: a French phrase in an
// English book is the same script and cannot be told apart without guessing, so it is not
// reported.
import Foundation

enum ForeignScript {
    /// The scripts each language is written in, by primary subtag; a language not listed is
    /// written in Latin letters, which every book may hold (names, addresses, code).
    static let scripts: [String: Set<WritingScript>] = {
        var table: [String: Set<WritingScript>] = [
            "el": [.greek], "hy": [.armenian], "ka": [.georgian], "th": [.thai], "lo": [.lao], "km": [.khmer],
            "my": [.myanmar], "bn": [.bengali], "ta": [.tamil], "am": [.ethiopic], "ti": [.ethiopic],
        ]
        for code in ["ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba", "cv"] { table[code] = [.cyrillic] }
        for code in ["he", "iw", "yi"] { table[code] = [.hebrew] }
        for code in ["ar", "fa", "ur", "ps", "ug", "sd", "ckb"] { table[code] = [.arabic] }
        for code in ["hi", "mr", "ne", "sa"] { table[code] = [.devanagari] }
        table["zh"] = [.han]
        table["ja"] = [.han, .hiragana, .katakana]
        table["ko"] = [.hangul, .han]
        return table
    }()

    /// Latin, numbers and what no script claims are every book's.
    private static let everyBooks: Set<WritingScript> = [.latin, .common, .other]

    /// False when every character is below U+0240 or general punctuation (U+2000–U+206F), which
    /// no script owns: decided on the bytes, as this runs on every paragraph of the book.
    static func mayHoldOtherScripts(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count, UTF8Bytes.isASCII(UTF8Bytes.word(bytes, at: index)) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                if byte < 0xC9 {
                    // ASCII, a continuation byte, or the lead of a character below U+0240.
                    index += 1
                } else if byte == 0xE2, index + 2 < bytes.count,
                    bytes[index + 1] == 0x80 || (bytes[index + 1] == 0x81 && bytes[index + 2] < 0xB0) {
                    index += 3
                } else {
                    return true
                }
            }
            return false
        }
    }

    /// The first run of two or more letters of a script `language` is not written in, and the script.
    static func firstRun(in text: String, language: String) -> (text: String, script: WritingScript)? {
        guard mayHoldOtherScripts(text) else { return nil }
        let own = (scripts[LanguageTag.primary(language)] ?? []).union(everyBooks)
        // Kana and Han mix within Japanese words: one run.
        func same(_ a: WritingScript, _ b: WritingScript) -> Bool {
            a == b || (Set([a, b]).isSubset(of: [.hiragana, .katakana, .han]))
        }
        func foreign(_ scalar: Unicode.Scalar) -> WritingScript? {
            // Latin letters, digits and general punctuation are every book's: most of every text,
            // answered without looking up the scalar's properties.
            if scalar.value < 0x250 || (0x2000...0x206F).contains(scalar.value) { return nil }
            let script = WritingScript(scalar)
            return own.contains(script) ? nil : script
        }
        var run = String.UnicodeScalarView()
        var runScript: WritingScript?
        var letters = 0
        func finished() -> (String, WritingScript)? {
            guard let runScript, letters >= 2 else { return nil }
            return (String(run), runScript)
        }
        for scalar in text.unicodeScalars {
            if let script = foreign(scalar), runScript.map({ same($0, script) }) ?? true {
                runScript = script
                run.append(scalar)
                letters += 1
            } else if runScript != nil, scalar.properties.generalCategory == .nonspacingMark || scalar == " " || scalar == "\u{00B7}" {
                // Accents and the spaces between the words of one foreign phrase stay in the run.
                run.append(scalar)
            } else {
                if let found = finished() { return (found.0.trimmingCharacters(in: .whitespaces), found.1) }
                run = String.UnicodeScalarView()
                runScript = nil
                letters = 0
                if let script = foreign(scalar) {
                    runScript = script
                    run.append(scalar)
                    letters = 1
                }
            }
        }
        return finished().map { ($0.0.trimmingCharacters(in: .whitespaces), $0.1) }
    }
}
