// The site's stats.html: the two charts and the per-chapter table, as an HTML fragment.
import Foundation

public enum StatsPage {
    public static let fileName = "stats.html"

    public static func html(_ stats: ManuscriptStats, target: Int?, strings: InterfaceStrings = .english) -> String {
        var html = "<p class=\"df-stats-summary\">" + escape(strings.format("stats_summary", [
            "words": strings.count("word_count", stats.wordCount), "chapters": strings.count("chapter_count", stats.chapterCount),
            "minutes": strings.count("minute_count", stats.readingTimeMinutes),
        ]))
        if let target, let progress = stats.targetProgress {
            html += " " + escape(strings.format("target_progress", [
                "percent": percent(progress, strings), "target": strings.number(target),
            ]))
        }
        html += "</p>\n"
        if stats.currentStreakDays > 0 || stats.longestStreakDays > 0 {
            html += "<p class=\"df-stats-streak\">" + escape(strings.format("streak", [
                "current": strings.count("day_count", stats.currentStreakDays),
                "longest": strings.count("day_count", stats.longestStreakDays),
            ])) + "</p>\n"
        }
        html += "<h2>\(escape(strings["words_over_time"]))</h2>\n<figure class=\"df-chart\">\(StatsCharts.wordsOverTime(stats.statsHistory, strings: strings))</figure>\n"
        html += "<h2>\(escape(strings["words_per_day"]))</h2>\n<figure class=\"df-chart\">\(StatsCharts.wordsPerDay(stats.statsHistory, strings: strings))</figure>\n"
        if let note = stats.historyNote { html += "<p class=\"df-stats-note\">\(escape(note)).</p>\n" }
        html += "<h2>\(escape(strings["chapters"]))</h2>\n<table class=\"df-stats-table\">\n<thead><tr>"
        for key in ["chapter", "words", "characters", "paragraphs", "dialogue", "reading", "status"] {
            html += "<th>\(escape(strings[key]))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for chapter in stats.chapters {
            html += "<tr><td>\(escape(chapter.title))</td><td>\(strings.number(chapter.wordCount))</td>"
            html += "<td>\(strings.number(chapter.characterCount))</td><td>\(strings.number(chapter.paragraphCount))</td>"
            html += "<td>\(percent(chapter.dialogueShare, strings))</td>"
            html += "<td>\(escape(strings.format("minutes_short", ["count": strings.number(chapter.readingTimeMinutes)])))</td>"
            html += "<td>\(escape(chapter.status ?? "–"))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    /// A share as a whole percentage the language's way: `12%`, `12 %`.
    private static func percent(_ share: Double, _ strings: InterfaceStrings) -> String {
        strings.percent(Double(Int((share * 100).rounded())) / 100)
    }

    private static func escape(_ text: String) -> String { XHTMLSerializer.escaped(XML.safe(text)) }
}
