// The export manifest: one record per build, newest first, each with the platform's
// `export_jobs` for the outputs it made, its continuity run and its stats. Field names are the
// platform's (snake_case) and must not change.
import Foundation

/// `<output>/manifest.json`.
public struct BuildManifest: Codable, Sendable, Equatable {
    public struct Project: Codable, Sendable, Equatable {
        public var title: String
        public var slug: String
        public var identifier: String
    }

    public var project: Project
    public var builds: [BuildRecord]

    /// Builds kept in the file; older ones are dropped.
    public static let historyLimit = 50
    public static let fileName = "manifest.json"
}

/// One build.
public struct BuildRecord: Codable, Sendable, Equatable {
    /// The platform's `exported_books.version`: one more than the previous manifest's highest.
    public var version: Int
    /// The tag without a leading `v`, when the build is at a tag.
    @ExplicitNull public var bookVersion: String?
    public var toolVersion: String
    @ExplicitNull public var sourceRef: String?
    @ExplicitNull public var sourceBranch: String?
    public var dirty: Bool
    public var startedAt: String
    public var completedAt: String
    public var exportJobs: [ExportJob]
    /// The continuity run (`agent_runs`), as written to continuity.json but without
    /// `results.issues` (continuity.json and the SARIF list them).
    @ExplicitNull public var agentRun: JSONValue?
    /// The statistics (`project_stats`), as written to stats.json.
    @ExplicitNull public var stats: JSONValue?

    enum CodingKeys: String, CodingKey {
        case version, dirty, stats
        case bookVersion = "book_version", toolVersion = "tool_version", sourceRef = "source_ref"
        case sourceBranch = "source_branch", startedAt = "started_at", completedAt = "completed_at"
        case exportJobs = "export_jobs", agentRun = "agent_run"
    }

    /// The record's members as the manifest writes them. The continuity run can hold tens of
    /// thousands of findings, so it and the stats are put in as values rather than encoded again.
    func jsonMembers() throws -> [String: JSONValue] {
        var light = self
        light.agentRun = nil
        light.stats = nil
        guard case .object(var members) = try JSONValue(encoding: light) else {
            throw EncodingError.invalidValue(light, .init(codingPath: [], debugDescription: "a build record that is not a JSON object"))
        }
        members[CodingKeys.agentRun.rawValue] = agentRun ?? .null
        members[CodingKeys.stats.rawValue] = stats ?? .null
        return members
    }
}

/// The platform's `export_jobs` record for one output.
public struct ExportJob: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case queued, processing, completed, failed }

    public var id: String
    public var exportType: String
    public var exportFormatVersion: String
    @ExplicitNull public var sourceRef: String?
    @ExplicitNull public var sourceBranch: String?
    public var settings: [String: JSONValue]
    public var status: Status
    public var progressPercent: Int
    /// The output's path relative to the manifest.
    @ExplicitNull public var outputURL: String?
    @ExplicitNull public var outputSizeBytes: Int?
    /// SHA-256 of the file; for a folder, of the canonical listing of its files' hashes.
    @ExplicitNull public var outputChecksum: String?
    @ExplicitNull public var expiresAt: String?
    @ExplicitNull public var errorMessage: String?
    @ExplicitNull public var buildLog: String?
    public var startedAt: String
    @ExplicitNull public var completedAt: String?
    @ExplicitNull public var durationSeconds: Double?
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, settings, status
        case exportType = "export_type", exportFormatVersion = "export_format_version"
        case sourceRef = "source_ref", sourceBranch = "source_branch", progressPercent = "progress_percent"
        case outputURL = "output_url", outputSizeBytes = "output_size_bytes", outputChecksum = "output_checksum"
        case expiresAt = "expires_at", errorMessage = "error_message", buildLog = "build_log"
        case startedAt = "started_at", completedAt = "completed_at", durationSeconds = "duration_seconds"
        case createdAt = "created_at"
    }
}
