// The one timestamp a build stamps into its outputs, so that the same commit always gives the
// same bytes: SOURCE_DATE_EPOCH, else the last commit touching the manuscript, else a fixed date.
import Foundation

public enum BuildDate {
    /// 2000-01-01T00:00:00Z, for manuscripts outside Git.
    public static let fallback = Date(timeIntervalSince1970: 946_684_800)

    public static func resolve(root: URL, environment: [String: String]) -> Date {
        resolve(root: root, environment: environment, head: nil, cache: nil)
    }

    /// As above; a build that already knows HEAD's commit passes it in `head`: the date follows
    /// from it (and the folder), so `cache` keeps it until HEAD moves, and without a commit
    /// there is no date to look for.
    static func resolve(root: URL, environment: [String: String], head: (() -> String?)?, cache: BuildCache?) -> Date {
        if let epoch = epoch(environment) { return epoch }
        guard let head else { return lastCommitDate(root) ?? fallback }
        guard let commit = head() else { return fallback }
        let key = root.standardizedFileURL.path + "\n" + commit
        if let known = cache?.lastCommitDate(key) { return known ?? fallback }
        let date = lastCommitDate(root)
        cache?.setLastCommitDate(date, for: key)
        return date ?? fallback
    }

    private static func epoch(_ environment: [String: String]) -> Date? {
        environment["SOURCE_DATE_EPOCH"].flatMap { TimeInterval($0.trimmed) }.map { Date(timeIntervalSince1970: $0) }
    }

    private static func lastCommitDate(_ root: URL) -> Date? {
        guard let seconds = Git.text(["log", "-1", "--format=%at", "--", "."], in: root).flatMap({ TimeInterval($0) }) else {
            return nil
        }
        return Date(timeIntervalSince1970: seconds)
    }

    /// `2024-03-01T12:00:00Z`, as `dcterms:modified` wants it: the UTC time to the second,
    /// counted here (a build writes it several times, and each `ISO8601DateFormatter` opened an
    /// ICU calendar and formatter).
    public static func iso8601(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = CalendarDay(ordinal: Int((Double(seconds) / 86_400).rounded(.down)))
        let time = seconds - day.ordinal * 86_400
        let (hours, minutes, second) = (time / 3_600, time / 60 % 60, time % 60)
        return "\(day)T\(CalendarDay.padded(hours, 2)):\(CalendarDay.padded(minutes, 2)):\(CalendarDay.padded(second, 2))Z"
    }
}
