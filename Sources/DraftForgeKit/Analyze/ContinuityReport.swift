// The continuity report: the findings of one run, written as the platform's `agent_runs`
// record (`continuity.json`, and `draftforge check --format json`). SARIF, GitHub annotations
// and the HTML fragment are in the ContinuityReport+… files.
import Foundation

/// One run of the continuity checks.
public struct ContinuityReport: Sendable {
    public static let checkerName = "draftforge-continuity"

    /// Every finding (waived ones included), in reading order.
    public var findings: [Diagnostic]
    public var stats: ContinuityStats
    /// `manual`, `commit`, `pr`, `scheduled` or `webhook`.
    public var trigger: String
    /// The commit SHA or pull request number, when known.
    public var triggerRef: String?
    public var startedAt: Date
    public var completedAt: Date
    /// Chapter path → title, in reading order (for the HTML fragment's groups).
    public var chapters: [(path: String, title: String)]

    public init(
        findings: [Diagnostic], stats: ContinuityStats, trigger: String = "manual", triggerRef: String? = nil,
        startedAt: Date, completedAt: Date, chapters: [(path: String, title: String)] = []
    ) {
        self.findings = findings.filter(\.isFinding)
        self.stats = stats
        self.trigger = trigger
        self.triggerRef = triggerRef
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.chapters = chapters
    }

    /// True when an open error finding stops export.
    public var isBlocking: Bool { findings.contains(where: \.isBlocking) }

    /// The findings at `minimum` severity or above.
    public func findings(atLeast minimum: Diagnostic.Severity) -> [Diagnostic] {
        minimum == .info ? findings : findings.filter { $0.severity >= minimum }
    }

    /// How the run was triggered, from the CI environment: a pull request, a push (commit), a
    /// schedule; otherwise manual, with the Git HEAD when there is one.
    /// `head` is the commit checked out, for a run outside GitHub Actions.
    public static func trigger(environment: [String: String], head: String?) -> (trigger: String, ref: String?) {
        if environment["GITHUB_ACTIONS"] == "true" {
            let sha = environment["GITHUB_SHA"]
            switch environment["GITHUB_EVENT_NAME"] ?? "" {
            case "pull_request", "pull_request_target":
                let parts = (environment["GITHUB_REF"] ?? "").split(separator: "/")
                let number = parts.count >= 3 && parts[1] == "pull" ? String(parts[2]) : nil
                return ("pr", number ?? sha)
            case "push": return ("commit", sha)
            case "schedule": return ("scheduled", sha)
            case "workflow_dispatch": return ("manual", sha)
            default: return ("webhook", sha)
            }
        }
        return ("manual", head?.count == 40 ? head : nil)
    }

    // MARK: - The agent_runs record

    /// The record as JSON (sorted keys, pretty-printed), listing findings at `minimum` or above.
    public func json(minimum: Diagnostic.Severity = .info) -> Data {
        record(minimum: minimum).file()
    }

    /// The record without its list of issues, for the manifest: its counts and summary say what
    /// the run found, continuity.json and the SARIF list it, and fifty builds' history stays small
    /// whatever the number of findings.
    func summaryRecord() -> JSONTextWriter {
        record(listingIssues: false)
    }

    /// The platform's agent_runs record; every field is always present (null when unknown).
    /// Written as text as it goes, keys in UTF-8 order: with tens of thousands of findings,
    /// first the encoder's dynamic casts and then a dictionary per finding were most of the build.
    func record(minimum: Diagnostic.Severity = .info, listingIssues: Bool = true) -> JSONTextWriter {
        let shown = findings(atLeast: minimum)
        var json = JSONTextWriter()
        startRecord(shown, in: &json, listingIssues: listingIssues)
        if listingIssues {
            Self.writeItems(shown, into: &json, bytesEach: 360) { findings, json in
                for finding in findings { Self.writeIssue(finding, to: &json) }
            }
        }
        finishRecord(shown, in: &json, listingIssues: listingIssues)
        return json
    }

    /// continuity.json's record and the SARIF, with every finding: their items written in one
    /// pass, so each of tens of thousands of findings is read from memory once for both.
    func recordAndSARIF(pathPrefix: String = "") -> (record: JSONTextWriter, sarif: JSONTextWriter) {
        var record = JSONTextWriter()
        var sarif = JSONTextWriter()
        startRecord(findings, in: &record, listingIssues: true)
        startSARIF(in: &sarif)
        let recordDepth = record.depth, sarifDepth = sarif.depth
        let rules = SARIFRules()
        let written = Parallel.map(Parallel.pieces(of: findings.indices, from: 4096)) { [findings] range in
            let isFirst = range.lowerBound == 0
            var issues = JSONTextWriter(itemsAtDepth: recordDepth, isFirst: isFirst, capacity: range.count * 360)
            var results = JSONTextWriter(itemsAtDepth: sarifDepth, isFirst: isFirst, capacity: range.count * 560)
            var writer = SARIFResultWriter(pathPrefix: pathPrefix, rules: rules)
            for finding in findings[range] {
                Self.writeIssue(finding, to: &issues)
                writer.write(finding, to: &results)
            }
            return (issues, results)
        }
        for (issues, results) in written {
            record.append(items: issues)
            sarif.append(items: results)
        }
        finishRecord(findings, in: &record, listingIssues: true)
        finishSARIF(in: &sarif, rules: rules)
        return (record, sarif)
    }

    /// The record up to its list of issues, open (or past where it would be).
    private func startRecord(_ shown: [Diagnostic], in json: inout JSONTextWriter, listingIssues: Bool) {
        json.openObject()
        json.member("agent_type", "continuity")
        json.member("completed_at", BuildDate.iso8601(completedAt))
        json.member("duration_seconds", (completedAt.timeIntervalSince(startedAt) * 1000).rounded() / 1000)
        json.member("issues_found", shown.count)
        json.key("results")
        json.openObject()
        if listingIssues {
            json.key("issues")
            json.openArray()
        }
    }

    /// The record after its list of issues.
    private func finishRecord(_ shown: [Diagnostic], in json: inout JSONTextWriter, listingIssues: Bool) {
        let counts = SeverityCounts(shown).json
        if listingIssues { json.closeArray() }
        json.member("model_info", json: [
            "name": .string(Self.checkerName), "version": .string(DraftForgeVersion.current), "tokens_used": 0, "cost": 0,
        ])
        json.member("stats", json: [
            "files_analyzed": .number(Double(stats.filesAnalyzed)), "total_words": .number(Double(stats.totalWords)),
            "issues_by_severity": counts,
        ])
        json.closeObject()
        json.member("severity_breakdown", json: counts)
        json.member("started_at", BuildDate.iso8601(startedAt))
        json.member("status", "completed")
        json.member("summary", summary(shown))
        json.member("trigger", trigger)
        json.member("trigger_ref", triggerRef)
        json.closeObject()
    }

    /// One issue of the record, on a line of its own: a third smaller than indented, and one
    /// line a finding to grep or diff.
    private static func writeIssue(_ finding: Diagnostic, to json: inout JSONTextWriter) {
        json.line { line in
            line.text(#"{"category":"#)
            line.value(finding.category.rawValue)
            line.text(#","code":"#)
            line.value(finding.code)
            line.text(#","column":"#)
            line.value(finding.location?.column)
            line.text(#","confidence":"#)
            line.value(finding.confidence ?? 1)
            line.text(#","file":"#)
            line.value(finding.location?.file)
            line.text(#","id":"#)
            line.value(finding.id)
            line.text(#","is_blocking":"#)
            line.value(finding.isBlocking)
            line.text(#","line":"#)
            line.value(finding.location?.line)
            line.text(#","message":"#)
            line.value(finding.message)
            line.text(#","quote":"#)
            line.value(finding.quote)
            line.text(#","severity":"#)
            line.value(finding.severity.rawValue)
            line.text(#","status":"#)
            line.value((finding.status ?? .open).rawValue)
            line.text(#","suggestion":"#)
            line.value(finding.suggestion)
            line.text(#","waiver_reason":"#)
            line.value(finding.waiverReason)
            line.text("}")
        }
    }

    /// Writes `findings` as the items of the array open in `json`: in pieces side by side when
    /// there are thousands (each piece by `write`, into a writer of its own), joined in order.
    static func writeItems(
        _ findings: [Diagnostic], into json: inout JSONTextWriter, bytesEach: Int,
        _ write: @escaping (ArraySlice<Diagnostic>, inout JSONTextWriter) -> Void
    ) {
        let depth = json.depth
        let written = Parallel.map(Parallel.pieces(of: findings.indices, from: 4096)) { range in
            var items = JSONTextWriter(itemsAtDepth: depth, isFirst: range.lowerBound == 0, capacity: range.count * bytesEach)
            write(findings[range], &items)
            return items
        }
        for items in written { json.append(items: items) }
    }

    /// One line: how many findings of each severity, how many block, how many are waived.
    public func summary(_ shown: [Diagnostic]? = nil) -> String {
        let list = shown ?? findings
        guard !list.isEmpty else { return "no findings in \(stats.filesAnalyzed.counting("file"))" }
        let counts = SeverityCounts(list)
        var text = "\(list.count.counting("finding")) in \(stats.filesAnalyzed.counting("file")): "
        text += "\(counts.error.counting("error")), \(counts.warning.counting("warning")), \(counts.info) info"
        let blocking = list.count(where: \.isBlocking)
        let waived = list.count(where: \.isWaived)
        if blocking > 0 { text += "; \(blocking) block\(blocking == 1 ? "s" : "") export" }
        if waived > 0 { text += "; \(waived) waived" }
        return text
    }

    struct SeverityCounts {
        var error = 0, warning = 0, info = 0
        var json: JSONValue {
            .object(["error": .number(Double(error)), "warning": .number(Double(warning)), "info": .number(Double(info))])
        }
        init(_ findings: [Diagnostic]) {
            for finding in findings {
                switch finding.severity {
                case .error: error += 1
                case .warning: warning += 1
                case .info: info += 1
                }
            }
        }
    }
}

extension ContinuityReport {
    /// The files every build writes into the output folder.
    public static let jsonFileName = "continuity.json"
    public static let sarifFileName = "continuity.sarif"
}
