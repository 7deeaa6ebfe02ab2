// The report as GitHub Actions workflow commands, written by `GitHubActions.annotations`.
import Foundation

extension ContinuityReport {
    /// The lines to print, waived findings left out (`GitHubActions.annotations`).
    public func githubAnnotations(minimum: Diagnostic.Severity = .info, pathPrefix: String = "") -> [String] {
        GitHubActions.annotations(
            findings(atLeast: minimum).filter { !$0.isWaived }, pathPrefix: pathPrefix,
            subject: "DraftForge continuity", see: "continuity.json or continuity.sarif")
    }

    /// The manuscript's folder relative to the GitHub workspace ("" at its root), so annotation
    /// and SARIF paths are relative to the repository.
    public static func repositoryPrefix(root: URL, environment: [String: String]) -> String {
        guard let workspace = environment["GITHUB_WORKSPACE"], !workspace.isEmpty else { return "" }
        let base = URL(fileURLWithPath: workspace).standardizedFileURL.resolvingSymlinksInPath().path
        let path = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard path.hasPrefix(base + "/") else { return "" }
        return String(path.dropFirst(base.count + 1)) + "/"
    }
}
