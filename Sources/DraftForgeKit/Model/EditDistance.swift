// Edit distance for "did you mean" suggestions: insertions, deletions, substitutions, and a swap
// of two neighbouring characters as one edit (optimal string alignment), since `titel` is one
// typo away from `title`, not two. `nearest` is the one "did you mean" search: a command name,
// a status, an outline entry, a link.

package enum EditDistance {
    /// The candidate fewest edits from `word`, if that is at most `limit` (the first of a tie).
    package static func nearest(to word: String, in candidates: some Sequence<String>, limit: Int) -> String? {
        var best: (candidate: String, distance: Int)?
        let length = word.count
        for candidate in candidates where candidate != word {
            // Only a strictly nearer candidate counts, and the lengths' difference is edits
            // already: most of a book's anchors are ruled out without the table.
            let bound = min(limit, (best?.distance ?? .max) - 1)
            guard abs(candidate.count - length) <= bound else { continue }
            let distance = between(word, candidate)
            if distance <= bound { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// How many edits a mistyped word of this length may be from what was meant: one in a
    /// short word, two from five characters on.
    package static func typoLimit(for word: String) -> Int {
        word.count < 5 ? 1 : 2
    }

    package static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var beforePrevious = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
