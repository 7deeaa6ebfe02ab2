// A count and its noun, agreeing: "1 chapter", "2 chapters", "1 day", "+1 word". Every count
// a person reads goes through `counting` (or `noun`, where the number is written otherwise),
// so none says "1 chapters".

extension Int {
    /// This count followed by `singular`, or by `plural` (default: `singular` + "s") unless it
    /// is 1; `grouped` writes the number with the locale's separators (`1,204`).
    public func counting(_ singular: String, plural: String? = nil, grouped: Bool = false) -> String {
        "\(grouped ? formatted() : String(self)) \(noun(singular, plural: plural))"
    }

    /// `singular` when this count is 1 or -1, else `plural` (default: `singular` + "s").
    public func noun(_ singular: String, plural: String? = nil) -> String {
        magnitude == 1 ? singular : plural ?? singular + "s"
    }
}
