import Foundation
import Testing
@testable import DraftForgeKit

/// The SVG charts, with coordinates worked out by hand. The plot is x 56…624 and y 16…208;
/// three snapshots over five days give five slots of 113.6 px, so the days' centres are
/// 112.8, 340 and 567.2.
@Suite("Stats charts")
struct StatsChartsTests {
    static let history = [
        StatsSnapshot(date: "2024-03-05", wordCount: 125, chapterCount: 2, wordsWrittenToday: -25, commits: 1),
        StatsSnapshot(date: "2024-03-03", wordCount: 150, chapterCount: 2, wordsWrittenToday: 50, commits: 3),
        StatsSnapshot(date: "2024-03-01", wordCount: 100, chapterCount: 1, wordsWrittenToday: 100, commits: 1),
    ]

    @Test func wordsOverTimeIsAStepLineOnANiceScale() throws {
        let svg = StatsCharts.wordsOverTime(Self.history)
        // The scale tops out at 150 exactly: 100 → y 80, 150 → 16, 125 → 48.
        #expect(svg.contains(#"<path class="df-line" d="M112.8 80 H340 V16 H567.2 V48""#))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
        #expect(svg.contains("<title>2024-03-03: 150 words, 2 chapters</title>"))
        #expect(svg.contains(">150</text>") && svg.contains(">75</text>") && svg.contains(">0</text>"))
        #expect(svg.contains(">2024-03-01</text>") && svg.contains(">2024-03-05</text>"))
        #expect(svg.contains("125 words on 2024-03-05, from 100 on 2024-03-01."))
        #expect(XMLCheck.problem(in: svg) == nil)
    }

    @Test func wordsPerDayDrawsNegativeDaysBelowZero() throws {
        let svg = StatsCharts.wordsPerDay(Self.history)
        // From −25 to 100 over 192 px: zero at y 169.6; 24 px bars centred on each day.
        #expect(svg.contains(#"<rect class="df-chart-bar" x="100.8" y="16" width="24" height="153.6""#))
        #expect(svg.contains(#"<rect class="df-chart-bar" x="328" y="92.8" width="24" height="76.8""#))
        #expect(svg.contains(#"<rect class="df-chart-bar df-chart-bar-negative" x="555.2" y="169.6" width="24" height="38.4""#))
        #expect(svg.contains("<title>2024-03-03: +50 words, 3 commits</title>"))
        #expect(svg.contains("<title>2024-03-05: -25 words, 1 commit</title>"))
        #expect(svg.contains("2 writing days between 2024-03-01 and 2024-03-05"))
        // Labels 100, 0 and −25: −25 sits 38.4 px below 0, far enough to be drawn.
        #expect(svg.contains(">-25</text>"))
        #expect(XMLCheck.problem(in: svg) == nil)
    }

    @Test func orderOfTheHistoryDoesNotMatter() {
        #expect(StatsCharts.wordsOverTime(Self.history) == StatsCharts.wordsOverTime(Self.history.reversed()))
        #expect(StatsCharts.wordsPerDay(Self.history) == StatsCharts.wordsPerDay(Self.history.reversed()))
    }

    @Test func anEmptyOrOneDayHistoryStillDraws() {
        for svg in [StatsCharts.wordsOverTime([]), StatsCharts.wordsPerDay([])] {
            #expect(svg.contains("No history yet"))
            #expect(XMLCheck.problem(in: svg) == nil)
        }
        let one = [StatsSnapshot(date: "2024-03-01", wordCount: 7, chapterCount: 1, wordsWrittenToday: 7, commits: 1)]
        let bars = StatsCharts.wordsPerDay(one)
        // One slot of 568 px; 7 on a scale to 8.
        #expect(bars.contains(#"<rect class="df-chart-bar" x="328" y="40" width="24" height="168""#))
        // A small dip under a tall day: the −1 label would touch the 0 label, so it is left out.
        let dip = [
            StatsSnapshot(date: "2024-03-01", wordCount: 1000, chapterCount: 1, wordsWrittenToday: 1000, commits: 1),
            StatsSnapshot(date: "2024-03-02", wordCount: 999, chapterCount: 1, wordsWrittenToday: -1, commits: 1),
        ]
        #expect(!StatsCharts.wordsPerDay(dip).contains(">-1</text>"))
        #expect(XMLCheck.problem(in: StatsCharts.wordsOverTime(one)) == nil)
    }

    @Test func theTwoChartsCanShareAPage() {
        let ids = { (svg: String) in
            svg.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        }
        let first = Set(ids(StatsCharts.wordsOverTime(Self.history)))
        let second = Set(ids(StatsCharts.wordsPerDay(Self.history)))
        #expect(!first.isEmpty && first.isDisjoint(with: second))
    }

    @Test func scalesRoundUpToNiceNumbers() {
        #expect(StatsCharts.niceCeiling(0) == 10)
        #expect(StatsCharts.niceCeiling(7) == 8)
        #expect(StatsCharts.niceCeiling(10) == 10)
        #expect(StatsCharts.niceCeiling(150) == 150)
        #expect(StatsCharts.niceCeiling(151) == 200)
        #expect(StatsCharts.niceCeiling(201) == 250)
        #expect(StatsCharts.niceCeiling(2_600) == 3_000)
        #expect(StatsCharts.niceCeiling(27_800) == 30_000)
        #expect(StatsCharts.niceCeiling(0.35) == 0.4)
        #expect(StatsCharts.number(169.60000000000002) == "169.6")
        #expect(StatsCharts.number(-0.001) == "0")
    }
}
