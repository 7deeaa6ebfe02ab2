// A series bible (`series_bible:` in the config): the facts the books of a series share, read
// under each book's own bible. It spans books, so its changes are bounded by story dates, not
// chapters. A book's bible may add to it, and change a fact with `from:`; a book that states a
// shared fact otherwise contradicts the series (`bible.series-conflict`) and the series holds.
import Foundation

extension BibleLoader {
    /// Reads the series bible at `path` (relative to the manuscript root), which must stay inside
    /// the Git repository that holds the book (a series folder, a submodule), or inside the book
    /// when there is no repository.
    static func loadSeries(
        _ path: String, root: URL, location: SourceLocation?, warnings: inout [Diagnostic]
    ) throws(Diagnostic) -> StoryBible {
        let url = root.appendingPathComponent(path).standardizedFileURL
        guard fileExists(url) else {
            throw Diagnostic(
                .error, .configValue, at: location, "the series bible '\(path)' does not exist",
                suggestion: "give its path from the manuscript folder, such as ../series-bible.yml")
        }
        let boundary = repositoryTop(of: root) ?? root
        guard case .inside = RootCheck.place(url, root: boundary) else {
            throw Diagnostic(
                .error, .outsideRoot, at: location,
                "the series bible '\(path)' is outside \(boundary == root ? "the manuscript folder (which is in no Git repository)" : "the book's Git repository"); it is not read",
                suggestion: "keep the series bible in the repository, or add it as a Git submodule")
        }
        let bible = try parse(try readText(url, name: path), file: path, chapters: nil, warnings: &warnings)
        for character in bible.characters {
            if let dies = character.dies {
                throw Diagnostic(
                    .error, .bibleValue, at: dies.location,
                    "a series bible spans books, so '\(character.name)' cannot die in a chapter here",
                    suggestion: "write status: [{value: dead, from: 1891-03-02}] with a story date, or 'dies:' in the book's bible")
            }
            for (key, periods) in character.periods {
                for period in periods {
                    for bound in [period.from, period.until] {
                        guard case .chapter(let name) = bound else { continue }
                        throw Diagnostic(
                            .error, .bibleValue, at: period.value.location,
                            "a series bible spans books, so '\(key)' cannot change at the chapter '\(name)'",
                            suggestion: "bound it with a story date (from: 1891-03-02), or change it in the book's bible")
                    }
                }
            }
        }
        return bible
    }

    /// The folder holding `.git` above (or at) `root`, if any.
    static func repositoryTop(of root: URL) -> URL? {
        var folder = root.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// The book's bible over the series': characters joined by name (or a shared alias), the
    /// book adding aliases, attributes and changes; places, rules and spellings of both.
    static func merge(_ series: StoryBible, under book: StoryBible, warnings: inout [Diagnostic]) -> StoryBible {
        var merged = book
        var characters = series.characters
        for own in book.characters {
            guard let index = characters.firstIndex(where: { !Set($0.allNames).isDisjoint(with: own.allNames) }) else {
                characters.append(own)
                continue
            }
            characters[index] = merge(characters[index], under: own, warnings: &warnings)
        }
        merged.characters = characters
        let placeNames = Set(book.places.map(\.name))
        merged.places = series.places.filter { !placeNames.contains($0.name) } + book.places
        merged.rules = series.rules + book.rules
        merged.spelling = series.spelling + book.spelling
        return merged
    }

    private static func merge(
        _ shared: StoryBible.Character, under own: StoryBible.Character, warnings: inout [Diagnostic]
    ) -> StoryBible.Character {
        var merged = shared
        for alias in own.allNames where !merged.allNames.contains(alias) { merged.aliases.append(alias) }
        for (key, value) in own.attributes {
            guard let established = shared.attribute(key) else {
                merged.attributes.append((key, value))
                if let periods = own.periods[key] { merged.periods[key] = periods }
                continue
            }
            var changes = own.periods[key] ?? []
            // A value without bounds restates the series' (the series holds, with a warning when
            // it differs); the changes after it take over where they begin.
            if changes.isEmpty || (changes[0].from == nil && changes[0].until == nil) {
                let restated = changes.isEmpty ? value : changes.removeFirst().value
                if restated.value != established.value {
                    warnings.append(conflict("\(shared.name)’s \(key) is \(restated.value)", at: restated.location, established: established))
                }
            }
            if !changes.isEmpty { merged.periods[key] = (shared.periods[key] ?? [.init(value: established)]) + changes }
        }
        for key in ["status", "married_to"] {
            guard let periods = own.periods[key] else { continue }
            merged.periods[key] = (shared.periods[key] ?? []) + periods
        }
        if let born = own.born {
            if let established = shared.born, established.value != born.value {
                warnings.append(conflict(
                    "\(shared.name) is born \(born.value)", at: born.location,
                    established: .init(value: established.value.description, location: established.location)))
            } else {
                merged.born = born
            }
        }
        if merged.dies == nil { merged.dies = own.dies }
        return merged
    }

    private static func conflict(
        _ claim: String, at location: SourceLocation, established: StoryBible.Located<String>
    ) -> Diagnostic {
        Diagnostic(
            .warning, .bibleSeriesConflict, at: location,
            "\(claim) here, but \(established.value) in the series bible (\(established.location.fileAndLine)); the series holds",
            suggestion: "give the change a 'from:' (a chapter of this book), or correct one of the two bibles")
    }
}
