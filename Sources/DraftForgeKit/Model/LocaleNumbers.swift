// Numbers the way a language writes them (`1,204`, `1 204`, `12 %`). Foundation's format styles
// cost 2-10 µs a call, and a stats page of a long book makes thousands: integers are grouped
// here with the separator and group sizes read off the style's own output, and whole
// percentages are kept once made.
import Foundation
import Synchronization

final class LocaleNumbers: Sendable {
    private let integerStyle: IntegerFormatStyle<Int>
    private let percentStyle: FloatingPointFormatStyle<Double>.Percent
    private let grouping: Grouping?
    private let wholePercents: Mutex<[Int: String]>

    /// How the style groups ASCII digits: `separator` between groups of `primary` digits (the
    /// last) and `secondary` (the others; Indian grouping has 3 then 2), only in numbers of at
    /// least `minimumDigits` digits (Spanish and Polish leave 4-digit numbers whole).
    struct Grouping: Equatable {
        var separator: String
        var primary: Int
        var secondary: Int
        var minimumDigits: Int
    }

    init(language: String) {
        let locale = Locale(identifier: language)
        integerStyle = IntegerFormatStyle<Int>.number.locale(locale)
        percentStyle = FloatingPointFormatStyle<Double>.Percent.percent.precision(.fractionLength(0)).locale(locale)
        grouping = Self.grouping(of: integerStyle)
        wholePercents = Mutex([:])
    }

    /// One per language a process meets.
    static func forLanguage(_ language: String) -> LocaleNumbers {
        shared.withLock { made in
            if let numbers = made[language] { return numbers }
            let numbers = LocaleNumbers(language: language)
            made[language] = numbers
            return numbers
        }
    }

    private static let shared = Mutex<[String: LocaleNumbers]>([:])

    func integer(_ value: Int) -> String {
        guard let grouping, value >= 0 else { return integerStyle.format(value) }
        return Self.grouped(String(value), grouping)
    }

    func percent(_ share: Double) -> String {
        let hundredths = share * 100
        guard hundredths == hundredths.rounded(), abs(hundredths) <= 1_000_000 else { return percentStyle.format(share) }
        let whole = Int(hundredths)
        if let made = wholePercents.withLock({ $0[whole] }) { return made }
        let made = percentStyle.format(share)
        wholePercents.withLock { $0[whole] = made }
        return made
    }

    /// What the style itself writes, for checks.
    func formatted(_ value: Int) -> String { integerStyle.format(value) }

    static func grouped(_ digits: String, _ grouping: Grouping) -> String {
        let count = digits.utf8.count
        guard count >= grouping.minimumDigits, count > grouping.primary else { return digits }
        var groups: [Substring] = []
        var end = digits.endIndex
        var size = grouping.primary
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -size, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.append(digits[start..<end])
            end = start
            size = grouping.secondary
        }
        return groups.reversed().joined(separator: grouping.separator)
    }

    /// The style's grouping, or nil when its output is not ASCII digits in groups of one
    /// separator, or when writing numbers this way would differ from the style on any probe.
    static func grouping(of style: IntegerFormatStyle<Int>) -> Grouping? {
        let sample = style.format(1_234_567_890)
        var runs: [(isDigits: Bool, text: String)] = []
        for scalar in sample.unicodeScalars {
            let isDigit = ("0"..."9").contains(scalar)
            if let last = runs.last, last.isDigits == isDigit {
                runs[runs.count - 1].text.unicodeScalars.append(scalar)
            } else {
                runs.append((isDigit, String(scalar)))
            }
        }
        let digitRuns = runs.filter(\.isDigits).map(\.text)
        let separators = Set(runs.filter { !$0.isDigits }.map(\.text))
        guard digitRuns.joined() == "1234567890", runs.first?.isDigits == true, runs.last?.isDigits == true,
            separators.count == 1, let separator = separators.first, digitRuns.count >= 3
        else { return nil }
        let primary = digitRuns.last!.count
        let secondary = digitRuns[digitRuns.count - 2].count
        let minimumDigits = (primary + 1...primary + 3).first { style.format(Int(String(repeating: "9", count: $0))!).contains(separator) }
        guard let minimumDigits else { return nil }
        let grouping = Grouping(separator: separator, primary: primary, secondary: secondary, minimumDigits: minimumDigits)
        let probes = [0, 7, 42, 999, 1000, 1234, 9999, 10_000, 12_345, 99_999, 100_000, 123_456, 1_000_000, 9_876_543, 12_345_678_901, Int.max]
        guard probes.allSatisfy({ grouped(String($0), grouping) == style.format($0) }) else { return nil }
        return grouping
    }
}
