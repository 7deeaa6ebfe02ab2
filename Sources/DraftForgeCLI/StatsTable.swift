// The readable form of the stats: a table of chapters with totals, progress toward the target,
// the last 30 days as a sparkline, streaks and the history's provenance.
import DraftForgeKit
import Foundation

struct StatsTable {
    var report: StatsReport
    var today: CalendarDay

    static let sparkLevels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let barWidth = 30

    func render() -> String {
        let stats = report.stats
        var lines: [String] = []
        lines.append(report.config.title.escapingControlCharacters)
        lines.append("")

        let header = ["#", "chapter", "words", "chars", "paras", "dialogue", "read", "status"]
        var rows: [[String]] = []
        for (index, chapter) in stats.chapters.enumerated() {
            rows.append([
                "\(index + 1)", chapter.title.escapingControlCharacters, number(chapter.wordCount), number(chapter.characterCount),
                number(chapter.paragraphCount), percent(chapter.dialogueShare), "\(chapter.readingTimeMinutes) min",
                chapter.status ?? "-",
            ])
        }
        let totalParagraphs = stats.chapters.reduce(0) { $0 + $1.paragraphCount }
        let totalDialogue = stats.wordCount == 0 ? 0
            : stats.chapters.reduce(0.0) { $0 + $1.dialogueShare * Double($1.wordCount) } / Double(stats.wordCount)
        let total = [
            "", "total (\(stats.chapterCount) \(stats.chapterCount == 1 ? "chapter" : "chapters"))", number(stats.wordCount), number(stats.characterCount),
            number(totalParagraphs), percent(totalDialogue), "\(stats.readingTimeMinutes) min", "",
        ]
        lines += table(header: header, rows: rows, total: total, rightAligned: [0, 2, 3, 4, 5, 6])
        lines.append("")

        if let progress = stats.targetProgress, let target = report.config.targetWordCount {
            let filled = Int((progress * Double(Self.barWidth)).rounded(.down))
            lines.append("target     [\(String(repeating: "█", count: filled))\(String(repeating: "░", count: Self.barWidth - filled))] "
                + "\(percent(progress)) of \(number(target)) \(target.noun("word"))")
        } else {
            lines.append("target     none (set target_word_count in the config)")
        }

        let start = today.adding(days: -29)
        lines.append("30 days    \(sparkline(from: start))  \(start) to \(today)")
        let todayWords = stats.statsHistory.first { $0.date == today.description }?.wordsWrittenToday ?? 0
        var todayLine = "today      \(signed(todayWords)) \(todayWords.noun("word")) committed"
        if let uncommitted = stats.uncommittedWords { todayLine += ", \(signed(uncommitted)) uncommitted" }
        lines.append(todayLine)
        lines.append("streak     \(days(stats.currentStreakDays)) (longest \(days(stats.longestStreakDays)))"
            + (stats.lastWriteDate.map { ", last wrote \($0)" } ?? ""))
        if let sha = stats.lastCommitSHA, let at = stats.lastCommitAt {
            lines.append("history    \(number(stats.totalCommits)) \(stats.totalCommits.noun("commit")) on \(days(stats.statsHistory.count)); "
                + "last \(sha.prefix(10)) at \(at)")
        } else {
            lines.append("history    none")
        }
        if let note = stats.historyNote { lines.append("note       \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One character per day from `start` to today: the words written that day, scaled to the
    /// busiest day; `·` for a day without words written.
    func sparkline(from start: CalendarDay) -> String {
        var written: [CalendarDay: Int] = [:]
        for snapshot in report.stats.statsHistory {
            if let day = CalendarDay(snapshot.date) { written[day] = snapshot.wordsWrittenToday }
        }
        let values = (0..<30).map { written[start.adding(days: $0)] ?? 0 }
        let highest = values.max() ?? 0
        return String(values.map { value -> Character in
            guard value > 0, highest > 0 else { return "·" }
            let level = Int((Double(value) / Double(highest) * Double(Self.sparkLevels.count)).rounded(.up))
            return Self.sparkLevels[min(Self.sparkLevels.count, max(1, level)) - 1]
        })
    }

    private func table(header: [String], rows: [[String]], total: [String], rightAligned: Set<Int>) -> [String] {
        let all = [header] + rows + [total]
        // Columns by display width: a Chinese title takes two columns a character.
        var widths = header.indices.map { column in all.map { $0[column].displayWidth }.max() ?? 0 }
        widths[1] = min(widths[1], 40)
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                var text = cell
                if text.displayWidth > widths[column] { text = text.prefix(columns: widths[column] - 1) + "…" }
                let padding = String(repeating: " ", count: widths[column] - text.displayWidth)
                return rightAligned.contains(column) ? padding + text : text + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = String(repeating: "─", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return [line(header), rule] + rows.map(line) + [rule, line(total)]
    }

    private func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    private func signed(_ value: Int) -> String { (value > 0 ? "+" : "") + number(value) }

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    private func days(_ count: Int) -> String { count.counting("day") }
}
