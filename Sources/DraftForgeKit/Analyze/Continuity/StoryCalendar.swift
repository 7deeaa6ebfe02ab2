// Calendar arithmetic and number words for the timeline checks: weekdays in the proleptic
// Gregorian calendar (and the Julian one, which Britain used until September 1752), ages,
// month names, and numbers written as words ("twenty-five", "fourth").
import Foundation

enum StoryCalendar {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// 0 = Monday … 6 = Sunday, for a Gregorian date.
    static func gregorianWeekday(year: Int, month: Int, day: Int) -> Int {
        dayNumber(year: year, month: month, day: day) % 7
    }

    /// The Julian day number of a Gregorian date: days can be added to it.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// The Gregorian date of a Julian day number.
    static func date(dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let a = dayNumber + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        return (100 * b + d - 4800 + m / 10, m + 3 - 12 * (m / 10), e - (153 * m + 2) / 5 + 1)
    }

    /// Reads a date at token `start`: `4 March 1890`, `the 4th of March, 1890`, `March 4, 1890`
    /// (the year optional), with the index of its last token.
    static func readDate(_ block: ProseBlock, from start: Int) -> (day: Int, month: Int, year: Int?, lastToken: Int)? {
        let tokens = block.tokens
        var i = start
        func skip(_ words: Set<String>) {
            while i < tokens.count, words.contains(block.text(of: tokens[i])) { i += 1 }
        }
        skip(["the"])
        guard i < tokens.count else { return nil }
        var day: Int?
        var month: Int?
        if let value = dayOfMonth(block.text(of: tokens[i])), tokens[i].isWord {
            day = value
            i += 1
            skip(["of"])
            guard i < tokens.count, let m = self.month(block.text(of: tokens[i])) else { return nil }
            month = m
        } else if let m = self.month(block.text(of: tokens[i])) {
            month = m
            i += 1
            skip(["the"])
            guard i < tokens.count, tokens[i].isWord, let value = dayOfMonth(block.text(of: tokens[i])) else { return nil }
            day = value
        }
        guard let day, let month else { return nil }
        let last = i  // the month or the day, whichever came second
        i += 1
        skip([","])
        if i < tokens.count, tokens[i].isWord, tokens[i].length == 4, let year = Int(block.text(of: tokens[i])), year > 0 {
            return (day, month, year, i)
        }
        return (day, month, nil, last)
    }

    /// The first date with its year that tokens `range` write ("4 March 1890", "the 4th of
    /// March, 1890", "March 4, 1890"), as a day number, with the token it starts at.
    static func firstFullDate(_ block: ProseBlock, in range: Range<Int>) -> (dayNumber: Int, start: Int)? {
        let tokens = block.tokens
        // A full date names its month, inside the range: only "the" and "of" words can stand
        // between a day and its month, and a sentence ends at punctuation. Most sentences name
        // none, and reading each word as a day of the month is the costly part.
        guard range.contains(where: { tokens[$0].isWord && month(block.text(of: tokens[$0])) != nil }) else { return nil }
        for i in range where tokens[i].isWord {
            let word = block.text(of: tokens[i])
            guard month(word) != nil || dayOfMonth(word) != nil else { continue }
            let start = i > range.lowerBound && block.text(of: tokens[i - 1]) == "the" ? i - 1 : i
            if let date = readDate(block, from: start), let year = date.year,
                date.day <= Calendar.daysIn(month: date.month, year: year)
            {
                return (dayNumber(year: year, month: date.month, day: date.day), start)
            }
        }
        return nil
    }

    /// 0 = Monday … 6 = Sunday, for a Julian date.
    static func julianWeekday(year: Int, month: Int, day: Int) -> Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        let jdn = day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083
        return jdn % 7
    }

    /// True for dates before Britain's switch to the Gregorian calendar (14 September 1752).
    static func mayBeJulian(year: Int, month: Int, day: Int) -> Bool {
        (year, month, day) < (1752, 9, 14)
    }

    /// Whole years between two dates.
    static func age(born: (Int, Int, Int), on date: (Int, Int, Int)) -> Int {
        var years = date.0 - born.0
        if (date.1, date.2) < (born.1, born.2) { years -= 1 }
        return years
    }

    /// The range of ages a character born on `born` has on `date` (both possibly partial).
    static func ages(born: StoryDate, on date: StoryDate) -> ClosedRange<Int> {
        let low = age(born: born.range.last, on: date.range.first)
        let high = age(born: born.range.first, on: date.range.last)
        return min(low, high)...max(low, high)
    }

    private static let units = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    private static let ordinalUnits = [
        "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
        "nineteenth",
    ]
    private static let ordinalTens = ["", "", "twentieth", "thirtieth"]

    /// A whole number written in digits or words, up to 119 ("twenty-five", "a hundred" is not).
    static func cardinal(_ word: String) -> Int? {
        if let value = Int(word), word.count <= 3 { return value }
        let lower = word.lowercased()
        if let unit = units.firstIndex(of: lower) { return unit }
        if let ten = tens.firstIndex(of: lower), ten >= 2 { return ten * 10 }
        let parts = lower.split(separator: "-")
        if parts.count == 2, let ten = tens.firstIndex(of: String(parts[0])), ten >= 2,
            let unit = units.firstIndex(of: String(parts[1])), (1...9).contains(unit)
        {
            return ten * 10 + unit
        }
        return nil
    }

    /// A day of the month: `4`, `4th`, `fourth`, `twenty-first`.
    static func dayOfMonth(_ word: String) -> Int? {
        let lower = word.lowercased()
        var digits = lower
        for suffix in ["st", "nd", "rd", "th"] where lower.hasSuffix(suffix) { digits = String(lower.dropLast(2)) }
        if let value = Int(digits), digits.count <= 2, (1...31).contains(value) { return value }
        if let unit = ordinalUnits.firstIndex(of: lower), unit > 0 { return unit }
        if let ten = ordinalTens.firstIndex(of: lower), ten >= 2 { return ten * 10 }
        let parts = lower.split(separator: "-")
        if parts.count == 2, let ten = tens.firstIndex(of: String(parts[0])), (2...3).contains(ten),
            let unit = ordinalUnits.firstIndex(of: String(parts[1])), (1...9).contains(unit), ten * 10 + unit <= 31
        {
            return ten * 10 + unit
        }
        return nil
    }

    static func month(_ word: String) -> Int? {
        monthNumbers[word]
    }

    private static let monthNumbers = Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0 + 1) })
}
