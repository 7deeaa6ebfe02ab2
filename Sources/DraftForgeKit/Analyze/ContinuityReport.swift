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
        findings.filter { $0.severity >= minimum }
    }

    /// How the run was triggered, from the CI environment: a pull request, a push (commit), a
    /// schedule; otherwise manual, with the Git HEAD when there is one.
    public static func trigger(environment: [String: String], root: URL) -> (trigger: String, ref: String?) {
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
        return ("manual", gitHead(root))
    }

    private static func gitHead(_ root: URL) -> String? {
        guard let sha = Git.text(["rev-parse", "HEAD"], in: root), sha.count == 40 else { return nil }
        return sha
    }

    // MARK: - The agent_runs record

    /// The record as JSON (sorted keys, pretty-printed), listing findings at `minimum` or above.
    public func json(minimum: Diagnostic.Severity = .info) -> Data {
        let shown = findings(atLeast: minimum)
        let counts = SeverityCounts(shown)
        let record = Record(
            agentType: "continuity", trigger: trigger, triggerRef: triggerRef, status: "completed",
            summary: summary(shown), issuesFound: shown.count, severityBreakdown: counts,
            startedAt: BuildDate.iso8601(startedAt), completedAt: BuildDate.iso8601(completedAt),
            durationSeconds: (completedAt.timeIntervalSince(startedAt) * 1000).rounded() / 1000,
            results: Results(
                issues: shown.map(Issue.init),
                stats: Stats(filesAnalyzed: stats.filesAnalyzed, totalWords: stats.totalWords, issuesBySeverity: counts),
                modelInfo: ModelInfo(name: Self.checkerName, version: DraftForgeVersion.current, tokensUsed: 0, cost: 0)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(record)).map { $0 + Data("\n".utf8) } ?? Data()
    }

    /// One line: how many findings of each severity, how many block, how many are waived.
    public func summary(_ shown: [Diagnostic]? = nil) -> String {
        let list = shown ?? findings
        guard !list.isEmpty else { return "no findings in \(stats.filesAnalyzed) files" }
        let counts = SeverityCounts(list)
        var text = "\(list.count) finding\(list.count == 1 ? "" : "s") in \(stats.filesAnalyzed) files: "
        text += "\(counts.error) error\(counts.error == 1 ? "" : "s"), \(counts.warning) warning\(counts.warning == 1 ? "" : "s"), \(counts.info) info"
        let blocking = list.filter(\.isBlocking).count
        let waived = list.filter(\.isWaived).count
        if blocking > 0 { text += "; \(blocking) block\(blocking == 1 ? "s" : "") export" }
        if waived > 0 { text += "; \(waived) waived" }
        return text
    }

    struct SeverityCounts: Encodable {
        var error = 0, warning = 0, info = 0
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

    private struct Record: Encodable {
        var agentType: String
        var trigger: String
        var triggerRef: String?
        var status: String
        var summary: String
        var issuesFound: Int
        var severityBreakdown: SeverityCounts
        var startedAt: String
        var completedAt: String
        var durationSeconds: Double
        var results: Results

        enum CodingKeys: String, CodingKey {
            case agentType = "agent_type", trigger, triggerRef = "trigger_ref", status, summary
            case issuesFound = "issues_found", severityBreakdown = "severity_breakdown", startedAt = "started_at"
            case completedAt = "completed_at", durationSeconds = "duration_seconds", results
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(agentType, forKey: .agentType)
            try container.encode(trigger, forKey: .trigger)
            try container.encode(triggerRef, forKey: .triggerRef)  // null when unknown
            try container.encode(status, forKey: .status)
            try container.encode(summary, forKey: .summary)
            try container.encode(issuesFound, forKey: .issuesFound)
            try container.encode(severityBreakdown, forKey: .severityBreakdown)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(completedAt, forKey: .completedAt)
            try container.encode(durationSeconds, forKey: .durationSeconds)
            try container.encode(results, forKey: .results)
        }
    }

    private struct Results: Encodable {
        var issues: [Issue]
        var stats: Stats
        var modelInfo: ModelInfo
        enum CodingKeys: String, CodingKey { case issues, stats, modelInfo = "model_info" }
    }

    private struct Stats: Encodable {
        var filesAnalyzed: Int
        var totalWords: Int
        var issuesBySeverity: SeverityCounts
        enum CodingKeys: String, CodingKey {
            case filesAnalyzed = "files_analyzed", totalWords = "total_words", issuesBySeverity = "issues_by_severity"
        }
    }

    private struct ModelInfo: Encodable {
        var name: String
        var version: String
        var tokensUsed: Int
        var cost: Double
        enum CodingKeys: String, CodingKey { case name, version, tokensUsed = "tokens_used", cost }
    }

    /// One finding in the platform's shape; every field is always present (null when unknown).
    private struct Issue: Encodable {
        var finding: Diagnostic
        init(_ finding: Diagnostic) { self.finding = finding }

        enum CodingKeys: String, CodingKey {
            case id, severity, category, code, file, line, column, quote, message, suggestion, confidence
            case isBlocking = "is_blocking", status, waiverReason = "waiver_reason"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(finding.id, forKey: .id)
            try container.encode(finding.severity.rawValue, forKey: .severity)
            try container.encode(finding.category.rawValue, forKey: .category)
            try container.encode(finding.code, forKey: .code)
            try container.encode(finding.location?.file, forKey: .file)
            try container.encode(finding.location?.line, forKey: .line)
            try container.encode(finding.location?.column, forKey: .column)
            try container.encode(finding.quote, forKey: .quote)
            try container.encode(finding.message, forKey: .message)
            try container.encode(finding.suggestion, forKey: .suggestion)
            try container.encode(finding.confidence ?? 1, forKey: .confidence)
            try container.encode(finding.isBlocking, forKey: .isBlocking)
            try container.encode((finding.status ?? .open).rawValue, forKey: .status)
            try container.encode(finding.waiverReason, forKey: .waiverReason)
        }
    }
}

extension ContinuityReport {
    /// The files every build writes into the output folder.
    public static let jsonFileName = "continuity.json"
    public static let sarifFileName = "continuity.sarif"
}
