// BCP 47 language tags: checked once, and what a tag says about the writing direction.
import Foundation

public enum LanguageTag {
    /// BCP 47's shape: a primary subtag of 2–8 letters, then subtags of 1–8 letters or digits.
    public static func isValid(_ tag: String) -> Bool {
        tag.range(of: #"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"#, options: .regularExpression) != nil
    }

    /// The primary language subtag, lower-cased: `fr` for `fr-CA`.
    public static func primary(_ tag: String) -> String {
        String(tag.lowercased().prefix { $0 != "-" && $0 != "_" })
    }

    /// The languages written right to left, by primary subtag.
    static let rightToLeft: Set<String> = ["ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr", "arc"]

    /// Whether text in `tag` runs right to left: its language, or a script subtag (`-Arab`, `-Hebr`).
    public static func isRightToLeft(_ tag: String) -> Bool {
        let subtags = tag.lowercased().split(separator: "-")
        guard let primary = subtags.first else { return false }
        if subtags.dropFirst().contains(where: { ["latn", "cyrl"].contains($0) }) { return false }
        return rightToLeft.contains(String(primary)) || subtags.dropFirst().contains { ["arab", "hebr", "thaa", "syrc"].contains($0) }
    }
}
