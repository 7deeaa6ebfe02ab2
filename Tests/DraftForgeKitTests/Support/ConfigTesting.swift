// Reading a draftforge.yml written for one test.
import Foundation
import Testing
@testable import DraftForgeKit

/// The config `yaml` gives, and its warnings.
func loadConfig(_ yaml: String) throws -> (ManuscriptConfig, [Diagnostic]) {
    let manuscript = try TestManuscript(["draftforge.yml": yaml])
    var warnings: [Diagnostic] = []
    let config = try ConfigLoader(root: manuscript.root).load(warnings: &warnings)
    return (config, warnings)
}

/// The error `yaml` is refused with; records an issue when it is accepted.
func configError(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
    do {
        _ = try loadConfig(yaml)
        Issue.record("the config was accepted", sourceLocation: sourceLocation)
        return nil
    } catch let diagnostic as Diagnostic {
        return diagnostic
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
