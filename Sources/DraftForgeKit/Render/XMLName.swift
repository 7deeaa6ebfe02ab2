// IDs that are valid XML names (NCName) and unique across the whole book.
import Foundation

/// Hands out ids, each once per book.
struct IDRegistry {
    private var names = UniqueNames(firstCounter: 1)

    /// `reserved` are ids the outputs' own page markup uses; the book's ids never take them.
    init(reserved: [String] = []) {
        for id in reserved { _ = names.claim(id) }
    }

    /// The claims made since `startJournal()`: the valid id asked for and the id given.
    private(set) var journal: [(valid: String, given: String)]?

    /// A unique, valid id built from `wanted`.
    mutating func claim(_ wanted: String) -> String {
        let valid = Self.validID(wanted)
        let given = names.claim(valid)
        journal?.append((valid, given))
        return given
    }

    /// Starts recording claims, to replay them in a later build.
    mutating func startJournal() { journal = [] }

    mutating func endJournal() -> [(valid: String, given: String)] {
        defer { journal = nil }
        return journal ?? []
    }

    /// Makes the claims again; true when each is given the same id as before. Otherwise none of
    /// them stays claimed.
    mutating func replay(_ claims: [(valid: String, given: String)]) -> Bool {
        for (index, claim) in claims.enumerated() {
            let given = names.claim(claim.valid)
            guard given == claim.given else {
                names.release(given)
                for made in claims[..<index] { names.release(made.given) }
                return false
            }
        }
        return true
    }

    /// ASCII letters, digits, '-', '_' and '.', starting with a letter: valid as an XML id and
    /// in a URL fragment without escaping.
    static func validID(_ text: String) -> String {
        let folded = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.folding(options: .diacriticInsensitive, locale: nil)
        var id = ""
        for scalar in folded.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": id.unicodeScalars.append(scalar)
            case " ": id.append("-")
            default: continue
            }
        }
        if id.isEmpty { return "section" }
        if let first = id.utf8.first, !(0x41...0x5A).contains(first), !(0x61...0x7A).contains(first), first != 0x5F {
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

    /// Gives a claimed name back.
    mutating func release(_ name: String) { used.remove(name) }
}
