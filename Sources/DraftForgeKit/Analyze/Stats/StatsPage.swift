// The site's stats.html: the two charts and the per-chapter table, as an HTML fragment.
import Foundation

public enum StatsPage {
    public static let fileName = "stats.html"
    public static let title = "Writing statistics"

    public static func html(_ stats: ManuscriptStats, target: Int?) -> String {
        var html = "<p class=\"df-stats-summary\">\(stats.wordCount.counting("word", grouped: true)) in \(stats.chapterCount.counting("chapter"))"
        html += ", \(stats.readingTimeMinutes.counting("minute")) of reading"
        if let target, let progress = stats.targetProgress {
            html += "; \(Int((progress * 100).rounded()))% of the \(target.formatted())-word target"
        }
        html += ".</p>\n"
        if stats.currentStreakDays > 0 || stats.longestStreakDays > 0 {
            html += "<p class=\"df-stats-streak\">Current streak: \(stats.currentStreakDays.counting("day")); longest: \(stats.longestStreakDays.counting("day")).</p>\n"
        }
        html += "<h2>Words over time</h2>\n<figure class=\"df-chart\">\(StatsCharts.wordsOverTime(stats.statsHistory))</figure>\n"
        html += "<h2>Words per day</h2>\n<figure class=\"df-chart\">\(StatsCharts.wordsPerDay(stats.statsHistory))</figure>\n"
        if let note = stats.historyNote { html += "<p class=\"df-stats-note\">\(escape(note)).</p>\n" }
        html += "<h2>Chapters</h2>\n<table class=\"df-stats-table\">\n<thead><tr><th>Chapter</th><th>Words</th>"
        html += "<th>Characters</th><th>Paragraphs</th><th>Dialogue</th><th>Reading</th><th>Status</th></tr></thead>\n<tbody>\n"
        for chapter in stats.chapters {
            html += "<tr><td>\(escape(chapter.title))</td><td>\(chapter.wordCount.formatted())</td>"
            html += "<td>\(chapter.characterCount.formatted())</td><td>\(chapter.paragraphCount)</td>"
            html += "<td>\(Int((chapter.dialogueShare * 100).rounded()))%</td><td>\(chapter.readingTimeMinutes) min</td>"
            html += "<td>\(escape(chapter.status ?? "–"))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    private static func escape(_ text: String) -> String { XHTMLSerializer.escaped(XML.safe(text)) }
}
