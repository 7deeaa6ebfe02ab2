// The history as SVG charts, drawn at build time with no script: words over time (a step line,
// since the count holds between commit days) and words written per day (bars, below the axis
// when a day removed words). The site's stats page embeds them; they also stand alone.
//
// Both charts share one layout: a 640 × 240 view box, one slot per calendar day from the first
// snapshot to the last, the plot inset for the axis labels. Elements carry `df-` classes so a
// stylesheet can restyle them; presentation attributes give readable defaults without one.
import Foundation

/// SVG charts of `stats_history`.
public enum StatsCharts {
    static let width = 640.0
    static let height = 240.0
    static let plot = (left: 56.0, right: 624.0, top: 16.0, bottom: 208.0)

    /// The book's word count after each day with commits, as a step line.
    public static func wordsOverTime(_ history: [StatsSnapshot], strings: InterfaceStrings = .english) -> String {
        let days = sortedDays(history)
        let title = strings["words_over_time"]
        guard let first = days.first, let last = days.last else { return empty(id: "df-words-over-time", title: title, strings) }
        let top = niceCeiling(Double(days.map(\.snapshot.wordCount).max() ?? 0))
        let scale = Scale(first: first.day, last: last.day, low: 0, high: top)
        let description = strings.format("words_over_time_description", [
            "words": strings.count("word_count", last.snapshot.wordCount), "last": "\(last.day)",
            "count": strings.number(first.snapshot.wordCount), "first": "\(first.day)",
        ])

        var svg = open(id: "df-words-over-time", title: title, description: description)
        svg += axes(scale, ticks: [0, top / 2, top], first: first.day, last: last.day, strings)
        var path = ""
        for (index, entry) in days.enumerated() {
            let x = number(scale.x(entry.day))
            let y = number(scale.y(Double(entry.snapshot.wordCount)))
            path += index == 0 ? "M\(x) \(y)" : " H\(x) V\(y)"
        }
        svg += "<path class=\"df-line\" d=\"\(path)\" fill=\"none\" stroke=\"#2b5d8c\" stroke-width=\"2\"/>\n"
        for entry in days {
            svg += "<circle class=\"df-point\" cx=\"\(number(scale.x(entry.day)))\" cy=\"\(number(scale.y(Double(entry.snapshot.wordCount))))\" r=\"2.5\" fill=\"#2b5d8c\">"
                + "<title>\(escape(strings.format("chart_point", ["day": "\(entry.day)", "words": strings.count("word_count", entry.snapshot.wordCount), "chapters": strings.count("chapter_count", entry.snapshot.chapterCount)])))</title></circle>\n"
        }
        return svg + "</svg>\n"
    }

    /// Words written each day with commits, as bars; days that removed words go below zero.
    public static func wordsPerDay(_ history: [StatsSnapshot], strings: InterfaceStrings = .english) -> String {
        let days = sortedDays(history)
        let title = strings["words_per_day"]
        guard let first = days.first, let last = days.last else { return empty(id: "df-words-per-day", title: title, strings) }
        let values = days.map { Double($0.snapshot.wordsWrittenToday) }
        let high = niceCeiling(max(0, values.max() ?? 0))
        let lowest = values.min() ?? 0
        let low = lowest < 0 ? -niceCeiling(-lowest) : 0
        let scale = Scale(first: first.day, last: last.day, low: low, high: high)
        let written = days.filter { $0.snapshot.wordsWrittenToday > 0 }.count
        let description = strings.format("words_per_day_description", [
            "days": strings.count("writing_day_count", written), "first": "\(first.day)", "last": "\(last.day)",
            "words": strings.count("word_count", Int(values.max() ?? 0)),
        ])

        var svg = open(id: "df-words-per-day", title: title, description: description)
        svg += axes(scale, ticks: low < 0 ? [0, high, low] : [0, high / 2, high], first: first.day, last: last.day, strings)
        let barWidth = max(1, min(24, scale.slot * 0.8))
        for entry in days {
            let value = Double(entry.snapshot.wordsWrittenToday)
            let zero = scale.y(0)
            let end = scale.y(value)
            let negative = value < 0
            let x = scale.x(entry.day) - barWidth / 2
            svg += "<rect class=\"df-chart-bar\(negative ? " df-chart-bar-negative" : "")\" x=\"\(number(x))\" y=\"\(number(min(zero, end)))\" "
                + "width=\"\(number(barWidth))\" height=\"\(number(abs(zero - end)))\" fill=\"\(negative ? "#b5523b" : "#2b5d8c")\">"
                + "<title>\(escape(strings.format("chart_bar", ["day": "\(entry.day)", "words": strings.count("word_count", entry.snapshot.wordsWrittenToday, signed: true), "commits": strings.count("commit_count", entry.snapshot.commits)])))</title></rect>\n"
        }
        return svg + "</svg>\n"
    }

    // MARK: - Layout

    /// Maps days to slot centres and values to heights.
    struct Scale {
        var first: CalendarDay
        var low: Double
        var high: Double
        /// The width of one day.
        var slot: Double

        init(first: CalendarDay, last: CalendarDay, low: Double, high: Double) {
            self.first = first
            self.low = low
            self.high = high
            slot = (plot.right - plot.left) / Double(last.ordinal - first.ordinal + 1)
        }

        func x(_ day: CalendarDay) -> Double { plot.left + (Double(day.ordinal - first.ordinal) + 0.5) * slot }

        func y(_ value: Double) -> Double {
            plot.bottom - (value - low) / (high - low) * (plot.bottom - plot.top)
        }
    }

    private static func sortedDays(_ history: [StatsSnapshot]) -> [(day: CalendarDay, snapshot: StatsSnapshot)] {
        history.compactMap { snapshot in CalendarDay(snapshot.date).map { ($0, snapshot) } }.sorted { $0.day < $1.day }
    }

    /// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6 and 8 times a power of ten that is at least
    /// `value` (10 for 0), so the line nearly fills the chart and the half-way tick stays round.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 10 }
        var power = 1.0
        while power * 10 <= value { power *= 10 }
        while power > value { power /= 10 }
        for step in [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    private static func open(id: String, title: String, description: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" class="df-chart" viewBox="0 0 \(number(width)) \(number(height))" \
        width="\(number(width))" height="\(number(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" \
        font-family="sans-serif" font-size="11">
        <title id="\(id)-title">\(escape(title))</title>
        <desc id="\(id)-desc">\(escape(description))</desc>

        """
    }

    private static func axes(_ scale: Scale, ticks: [Double], first: CalendarDay, last: CalendarDay, _ strings: InterfaceStrings) -> String {
        var svg = ""
        var labelled: [Double] = []
        for tick in ticks {
            let y = number(scale.y(tick))
            svg += "<line class=\"df-grid\" x1=\"\(number(plot.left))\" y1=\"\(y)\" x2=\"\(number(plot.right))\" y2=\"\(y)\" "
                + "stroke=\"\(tick == 0 ? "#555555" : "#dddddd")\" stroke-width=\"1\"/>\n"
            // A label too close to one already drawn (a short negative range) would overprint it.
            guard !labelled.contains(where: { abs($0 - scale.y(tick)) < 12 }) else { continue }
            labelled.append(scale.y(tick))
            svg += "<text class=\"df-label\" x=\"\(number(plot.left - 6))\" y=\"\(number(scale.y(tick) + 4))\" "
                + "text-anchor=\"end\" fill=\"#555555\">\(escape(strings.number(Int(tick.rounded()))))</text>\n"
        }
        let labelY = number(plot.bottom + 20)
        svg += "<text class=\"df-label\" x=\"\(number(plot.left))\" y=\"\(labelY)\" fill=\"#555555\">\(first)</text>\n"
        if last != first {
            svg += "<text class=\"df-label\" x=\"\(number(plot.right))\" y=\"\(labelY)\" text-anchor=\"end\" fill=\"#555555\">\(last)</text>\n"
        }
        return svg
    }

    private static func empty(id: String, title: String, _ strings: InterfaceStrings) -> String {
        open(id: id, title: title, description: strings["no_history"])
            + "<rect class=\"df-frame\" x=\"\(number(plot.left))\" y=\"\(number(plot.top))\" "
            + "width=\"\(number(plot.right - plot.left))\" height=\"\(number(plot.bottom - plot.top))\" fill=\"none\" stroke=\"#dddddd\"/>\n"
            + "<text class=\"df-label\" x=\"\(number(width / 2))\" y=\"\(number(height / 2))\" text-anchor=\"middle\" fill=\"#555555\">"
            + "\(escape(strings["no_history"]))</text>\n</svg>\n"
    }

    // MARK: - Text

    /// A coordinate with at most two decimals and no trailing zeros.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
