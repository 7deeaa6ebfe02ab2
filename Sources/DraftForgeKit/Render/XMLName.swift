// IDs that are valid XML names (NCName) and unique across the whole book.
import Foundation

/// Hands out ids, each once per book.
struct IDRegistry {
    private var names = UniqueNames(firstCounter: 1)

    /// `reserved` are ids the outputs' own page markup uses; the book's ids never take them.
    init(reserved: [String] = []) {
        for id in reserved { _ = names.claim(id) }
    }

    /// One id handed out: the valid id asked for, the scope it was asked in, and the id given.
    typealias Claim = (valid: String, scope: String?, given: String)

    /// The claims made since `startJournal()`.
    private(set) var journal: [Claim]?

    /// A unique, valid id built from `wanted`. When another chapter holds it already, the id is
    /// `wanted--scope` (the chapter's file stem), so it does not change when a heading is added
    /// to some other chapter; a counter follows only if that is taken too.
    mutating func claim(_ wanted: String, scope: String? = nil) -> String {
        let valid = Self.validID(wanted)
        let given = names.claim(valid, otherwise: scope.map { valid + "--" + $0 })
        journal?.append((valid, scope, given))
        return given
    }

    /// Starts recording claims, to replay them in a later build.
    mutating func startJournal() { journal = [] }

    mutating func endJournal() -> [Claim] {
        defer { journal = nil }
        return journal ?? []
    }

    /// Makes the claims again, made in `scope`; true when each is given the same id as before.
    /// Otherwise none of them stays claimed.
    mutating func replay(_ claims: [Claim], scope: String?) -> Bool {
        guard claims.allSatisfy({ $0.scope == nil || $0.scope == scope }) else { return false }
        for (index, claim) in claims.enumerated() {
            let given = names.claim(claim.valid, otherwise: claim.scope.map { claim.valid + "--" + $0 })
            guard given == claim.given else {
                names.release(given)
                for made in claims[..<index] { names.release(made.given) }
                return false
            }
        }
        return true
    }

    /// An XML name (NCName) usable as an id and as a URL fragment: letters and digits of every
    /// script (`основы`, `基本`), combining marks, '-', '_' and '.', composed (NFC), starting
    /// with a letter or '_' (else `id-` goes first).
    static func validID(_ text: String) -> String {
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        let composed = isASCII ? text : text.precomposedStringWithCanonicalMapping
        var id = String.UnicodeScalarView()
        for scalar in composed.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": id.append(scalar)
            case " ": id.append("-")
            default:
                if !isASCII, isNameCharacter(scalar) { id.append(scalar) }
            }
        }
        // Nothing but hyphens and dots (a heading of symbols) names nothing.
        guard id.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) else { return "section" }
        if let first = id.first, !isNameStart(first) {
            return "id-" + String(id)
        }
        return String(id)
    }

    /// A letter, digit or mark outside ASCII that XML allows in a name.
    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        let isWordCharacter = properties.isAlphabetic || properties.numericType == .decimal
            || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
        return isWordCharacter && inNameRanges(scalar)
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "_": true
        default: scalar.value >= 0x80 && scalar.properties.isAlphabetic && inNameRanges(scalar)
            && !(0x300...0x36F).contains(scalar.value)
        }
    }

    /// XML 1.0's NameChar ranges above ASCII.
    private static func inNameRanges(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xB7, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x203F...0x2040,
            0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            true
        default: false
        }
    }
}

/// Names handed out once each: a taken name gets `-2`, `-3`… (or from `firstCounter`).
struct UniqueNames {
    var firstCounter = 2
    private var used: Set<String> = []

    init(firstCounter: Int = 2) { self.firstCounter = firstCounter }

    /// `stem`, or when it is taken `otherwise` (if given), or either with a counter.
    mutating func claim(_ stem: String, suffix: String = "", otherwise: String? = nil) -> String {
        var stem = stem
        if let otherwise, used.contains(stem + suffix) { stem = otherwise }
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
