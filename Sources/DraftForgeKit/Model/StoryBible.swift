// The story bible (`bible.yml`): characters with their aliases, attributes, birth and death,
// places, forbidden patterns and preferred spellings. The continuity checks hold the text to it.
import Foundation

/// A story date: a year, optionally a month and a day (`1890`, `1890-03`, `1890-03-04`).
public struct StoryDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil for anything else or an impossible day.
    public init?(_ text: String) {
        let parts = text.trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]) else { return nil }
        self.year = year
        if parts.count > 1 {
            guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            self.month = month
        }
        if parts.count > 2 {
            guard parts[2].count == 2, let day = Int(parts[2]), let month,
                (1...Calendar.daysIn(month: month, year: year)).contains(day)
            else { return nil }
            self.day = day
        }
    }

    /// The earliest and latest full dates this (possibly partial) date covers.
    var range: (first: (Int, Int, Int), last: (Int, Int, Int)) {
        let firstMonth = month ?? 1, lastMonth = month ?? 12
        return ((year, firstMonth, day ?? 1), (year, lastMonth, day ?? Calendar.daysIn(month: lastMonth, year: year)))
    }

    /// Orders by the first day covered.
    public static func < (lhs: StoryDate, rhs: StoryDate) -> Bool {
        let a = lhs.range.first, b = rhs.range.first
        return (a.0, a.1, a.2) < (b.0, b.1, b.2)
    }

    /// True when every day of `self` is before every day of `other`.
    func isWhollyBefore(_ other: StoryDate) -> Bool {
        let a = range.last, b = other.range.first
        return (a.0, a.1, a.2) < (b.0, b.1, b.2)
    }

    public var description: String {
        var text = String(format: "%04d", year)
        if let month { text += String(format: "-%02d", month) }
        if let day { text += String(format: "-%02d", day) }
        return text
    }
}

extension Calendar {
    /// Days in a month of the proleptic Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// What `bible.yml` says.
public struct StoryBible: Sendable {
    /// A value with the place in the bible that states it.
    public struct Located<Value: Sendable>: Sendable {
        public var value: Value
        public var location: SourceLocation
    }

    public struct Character: Sendable {
        public var name: String
        public var aliases: [String]
        /// Attribute name (`eyes`, `hair`, …) → value, in the bible's order.
        public var attributes: [(key: String, value: Located<String>)]
        public var born: Located<StoryDate>?
        /// The chapter (file name without `.md`) in which the character dies.
        public var dies: Located<String>?
        public var location: SourceLocation
        /// The values of an attribute that changes with the story, by key, in the bible's order:
        /// `hair: [{value: brown}, {value: grey, from: 30-the-winter}]`.
        public var periods: [String: [Period]] = [:]

        /// An attribute's value over part of the story: from a chapter on (that chapter
        /// included), until a chapter (that chapter excluded), or from and until story dates;
        /// without either, the whole story.
        public struct Period: Sendable {
            public var value: Located<String>
            public var from: Bound?
            public var until: Bound?

            /// True when the period holds at `moment`, nil when the moment is not known well
            /// enough to say (a date bound in a chapter without a story date).
            func holds(at moment: StoryMoment, chapters: [String]) -> Bool? {
                func started(_ bound: Bound) -> Bool? {
                    switch bound {
                    case .chapter(let name):
                        guard let position = moment.position, let start = chapters.firstIndex(of: name) else { return nil }
                        return position >= start
                    case .date(let date):
                        // A partial date that straddles the bound ("1890" against "1890-06") cannot say.
                        if let now = moment.date {
                            if now.isWhollyBefore(date) { return false }
                            return now < date ? nil : true
                        }
                        if let earliest = moment.notBefore, !(earliest < date) { return true }
                        return nil
                    }
                }
                let begun = from.map(started) ?? true
                let ended = until.map(started) ?? false
                guard let begun, let ended else { return nil }
                return begun && !ended
            }
        }

        /// Where a period begins or ends: a chapter (file name without `.md`) or a story date.
        public enum Bound: Sendable, Equatable, CustomStringConvertible {
            case chapter(String)
            case date(StoryDate)

            public var description: String {
                switch self {
                case .chapter(let name): name
                case .date(let date): date.description
                }
            }
        }

        /// The name and every alias.
        public var allNames: [String] { [name] + aliases }

        /// The attribute's value (its first, when it changes).
        public func attribute(_ key: String) -> Located<String>? {
            attributes.first { $0.key == key }?.value
        }

        /// The value in force at `moment` (the last period that has begun and not ended); nil
        /// when none holds, or when the moment cannot be placed against a period's bounds.
        /// `chapters` are the book's chapter names in reading order.
        public func attribute(_ key: String, at moment: StoryMoment, of chapters: [String]) -> Located<String>? {
            guard periods[key] != nil else { return attribute(key) }
            if case .value(let value) = fact(key, at: moment, of: chapters) { return value }
            return nil
        }

        /// What the bible says of a changing fact at a moment.
        public enum FactAt {
            /// The moment cannot be placed against the periods' bounds.
            case unknown
            /// No period holds there (not married, say).
            case none
            case value(Located<String>)
        }

        /// The changing fact `key` at `moment`: the last period that has begun and not ended.
        public func fact(_ key: String, at moment: StoryMoment, of chapters: [String]) -> FactAt {
            var value: Located<String>?
            for period in periods[key] ?? [] {
                guard let holds = period.holds(at: moment, chapters: chapters) else { return .unknown }
                if holds { value = period.value }
            }
            return value.map { .value($0) } ?? .none
        }

        /// The value in the chapter at `position`, for a book without story dates.
        public func attribute(_ key: String, at position: Int, of chapters: [String]) -> Located<String>? {
            attribute(key, at: StoryMoment(position: position), of: chapters)
        }
    }

    /// When a chapter happens: its place in the story's order (a flashback takes the place its
    /// story date falls in) and its story date, or the latest date before it.
    public struct StoryMoment: Sendable, Equatable {
        public var position: Int?
        /// The chapter's own story date.
        public var date: StoryDate?
        /// The story date of an earlier chapter: the chapter is no earlier than it.
        public var notBefore: StoryDate?

        public init(position: Int?, date: StoryDate? = nil, notBefore: StoryDate? = nil) {
            self.position = position
            self.date = date
            self.notBefore = notBefore
        }

        /// Each chapter's moment, from reading order, `date:` and `flashback:` front matter.
        static func of(_ chapters: [(date: StoryDate?, flashback: Bool)]) -> [StoryMoment] {
            var moments: [StoryMoment] = []
            var latest: StoryDate?
            for (index, chapter) in chapters.enumerated() {
                guard chapter.flashback else {
                    moments.append(StoryMoment(position: index, date: chapter.date, notBefore: latest))
                    if let date = chapter.date, latest.map({ $0 < date }) ?? true { latest = date }
                    continue
                }
                // A flashback happens where its date falls among the dated chapters before it.
                guard let date = chapter.date else {
                    moments.append(StoryMoment(position: nil))
                    continue
                }
                let place = (0..<index).last { i in
                    !chapters[i].flashback && chapters[i].date.map { !date.isWhollyBefore($0) } == true
                }
                moments.append(StoryMoment(position: place ?? -1, date: date))
            }
            return moments
        }
    }

    public struct Place: Sendable {
        public var name: String
        public var aliases: [String]
        /// Kilometres to other places, by their name as the bible writes it (either side may say it).
        public var distances: [String: Located<Double>] = [:]
    }

    /// The distance in kilometres between two places, from either side's `distances`.
    public func distance(_ a: String, _ b: String) -> Located<Double>? {
        func place(_ name: String) -> Place? { places.first { $0.name == name || $0.aliases.contains(name) } }
        guard let first = place(a), let second = place(b) else { return nil }
        let names = { (place: Place) in [place.name] + place.aliases }
        for name in names(second) { if let km = first.distances[name] { return km } }
        for name in names(first) { if let km = second.distances[name] { return km } }
        return nil
    }

    /// A pattern the text must not contain.
    public struct ForbidRule: Sendable {
        public var id: String
        public var pattern: String
        public var message: String?
        public var severity: Diagnostic.Severity
        public var location: SourceLocation
    }

    /// A preferred spelling and the variants to flag.
    public struct Spelling: Sendable {
        public var preferred: String
        public var variants: [String]
        public var location: SourceLocation
    }

    /// The bible's path relative to the manuscript root.
    public var file: String
    public var characters: [Character] = []
    public var places: [Place] = []
    public var rules: [ForbidRule] = []
    public var spelling: [Spelling] = []

    public init(file: String) { self.file = file }

    /// Every character name, alias, place name and place alias.
    public var knownNames: [String] {
        characters.flatMap(\.allNames) + places.flatMap { [$0.name] + $0.aliases }
    }
}
