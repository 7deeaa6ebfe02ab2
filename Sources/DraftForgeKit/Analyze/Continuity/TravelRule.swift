// timeline_error.travel: a journey between two places the bible gives a distance for, made in
// less time than its means allow. The sentence names both places, how long it took ("in two
// hours", "within the hour", "three days later", "half an hour later") and how they went:
//     distances: {London: 24 mi}   (in the bible, on Longbourn)
//     She walked from Longbourn to London in an hour.   ← 39 km on foot takes more than 5 hours
// The fastest each means goes, as a sustained pace and a day's journey, is generous: a finding
// is a journey at least a quarter faster than that.
import Foundation

struct TravelRule: ChapterRule {
    static let codes: [DiagnosticCode] = [.travelTooFast]

    struct Means {
        var name: String
        var kilometresPerHour: Double
        var kilometresPerDay: Double
    }

    static let foot = Means(name: "on foot", kilometresPerHour: 7, kilometresPerDay: 60)
    static let horse = Means(name: "on horseback", kilometresPerHour: 25, kilometresPerDay: 120)
    static let carriage = Means(name: "by carriage", kilometresPerHour: 16, kilometresPerDay: 180)
    static let boat = Means(name: "by boat", kilometresPerHour: 40, kilometresPerDay: 600)
    static let train = Means(name: "by train", kilometresPerHour: 130, kilometresPerDay: 2000)
    static let car = Means(name: "by car", kilometresPerHour: 150, kilometresPerDay: 1500)
    static let plane = Means(name: "by air", kilometresPerHour: 1000, kilometresPerDay: 16000)

    /// Words that say how a journey was made; the fastest named wins.
    static let meansWords: [String: Means] = [
        "walked": foot, "walk": foot, "walking": foot, "foot": foot, "tramped": foot, "trudged": foot, "hiked": foot,
        "rode": horse, "horseback": horse, "galloped": horse, "horse": horse,
        "carriage": carriage, "coach": carriage, "chaise": carriage, "cart": carriage, "gig": carriage, "post": carriage,
        "stagecoach": carriage, "wagon": carriage,
        "sailed": boat, "boat": boat, "ship": boat, "steamer": boat, "ferry": boat,
        "train": train, "railway": train, "rail": train,
        "drove": car, "car": car, "motor": car, "bus": car, "taxi": car,
        "flew": plane, "plane": plane, "aeroplane": plane, "airplane": plane, "flight": plane,
    ]

    func check(_ chapter: ProseChapter, in context: ContinuityContext) -> [Diagnostic] {
        guard let bible = context.bible, bible.places.contains(where: { !$0.distances.isEmpty }) else { return [] }
        var findings: [Diagnostic] = []
        for (b, block) in chapter.blocks.enumerated() where block.kind != .heading {
            let tokens = block.tokens
            for sentence in block.sentences {
                // Cheap test first: a sentence naming no two places says nothing of a journey.
                var places: [(name: String, first: Int, last: Int)] = []
                var i = sentence.lowerBound
                while i < sentence.upperBound {
                    if tokens[i].isWord, ProseText.mayBeCapital(block.text[tokens[i].start]),
                        let (name, length) = context.placeMention(in: block, at: i)
                    {
                        if !places.contains(where: { $0.name == name }) { places.append((name, i, i + length - 1)) }
                        i += length
                        continue
                    }
                    i += 1
                }
                guard places.count >= 2, let distance = bible.distance(places[0].name, places[1].name) else { continue }
                let words = tokens[sentence].filter(\.isWord).map { block.text(of: $0).lowercased() }
                guard let means = words.compactMap({ Self.meansWords[$0] }).max(by: { $0.kilometresPerHour < $1.kilometresPerHour }),
                    let hours = duration(words)
                else { continue }
                let reach = min(means.kilometresPerHour * hours, means.kilometresPerDay * max(1, (hours / 24).rounded(.up)))
                guard distance.value > reach * 1.25 else { continue }
                // Within a day the pace limits; beyond it, a day's journey.
                let needed = distance.value <= means.kilometresPerDay
                    ? distance.value / means.kilometresPerHour : distance.value / means.kilometresPerDay * 24
                findings.append(chapter.finding(
                    .warning, .travelTooFast, block: b, tokens: places[0].first...places[1].last,
                    "\(places[0].name) to \(places[1].name) is \(Int(distance.value.rounded())) km (\(distance.location.fileAndLine)): \(means.name) that takes \(describe(hours: needed)) or more, not \(describe(hours: hours))",
                    suggestion: "give the journey more time, or a faster way to travel", confidence: 0.7))
            }
        }
        return findings
    }

    /// How long the sentence says the journey took, in hours.
    private func duration(_ words: [String]) -> Double? {
        for (i, word) in words.enumerated() {
            let next = i + 1 < words.count ? words[i + 1] : ""
            if word == "half", next == "an", i + 2 < words.count, words[i + 2] == "hour" { return 0.5 }
            let units: [String: Double] = ["minute": 1 / 60.0, "minutes": 1 / 60.0, "hour": 1, "hours": 1, "day": 24, "days": 24]
            guard let unit = units[next] else { continue }
            let count: Double? = ["a", "an", "one", "the"].contains(word) ? 1 : StoryCalendar.cardinal(word).map(Double.init)
            guard let count, count > 0 else { continue }
            // "in two hours", "within the hour", "two hours later", "after two hours"
            let before = i >= 1 ? words[i - 1] : ""
            let after = i + 2 < words.count ? words[i + 2] : ""
            if ["in", "within", "after"].contains(before) || after == "later" { return count * unit }
        }
        return nil
    }

    private func describe(hours: Double) -> String {
        if hours < 1 { return "\(Int((hours * 60).rounded())) minutes" }
        if hours < 48 { return hours == 1 ? "an hour" : "\(Int(hours.rounded())) hours" }
        return "\(Int((hours / 24).rounded())) days"
    }
}
