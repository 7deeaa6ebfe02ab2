// IDs that are valid XML names (NCName) and unique across the whole book.
import Foundation

/// Hands out ids, each once per book.
struct IDRegistry {
    private var names = UniqueNames(firstCounter: 1)

    /// `reserved` are ids the outputs' own page markup uses; the book's ids never take them.
    init(reserved: [String] = []) {
        for id in reserved { _ = names.claim(id) }
    }

    /// A unique, valid id built from `wanted`.
    mutating func claim(_ wanted: String) -> String {
        names.claim(Self.validID(wanted))
    }

    /// ASCII letters, digits, '-', '_' and '.', starting with a letter: valid as an XML id and
    /// in a URL fragment without escaping.
    static func validID(_ text: String) -> String {
        let folded = text.folding(options: .diacriticInsensitive, locale: nil)
        var id = ""
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": id.unicodeScalars.append(scalar)
            case " ": id.append("-")
            default: continue
            }
        }
        if id.isEmpty { return "section" }
        if let first = id.unicodeScalars.first, !CharacterSet.letters.contains(first), first != "_" {
            id = "id-" + id
        }
        return id
    }
}

/// Names handed out once each: a taken name gets `-2`, `-3`… (or from `firstCounter`).
struct UniqueNames {
    var firstCounter = 2
    private var used: Set<String> = []

    init(firstCounter: Int = 2) { self.firstCounter = firstCounter }

    mutating func claim(_ stem: String, suffix: String = "") -> String {
        var candidate = stem + suffix
        var counter = firstCounter
        while !used.insert(candidate).inserted {
            candidate = "\(stem)-\(counter)\(suffix)"
            counter += 1
        }
        return candidate
    }
}
