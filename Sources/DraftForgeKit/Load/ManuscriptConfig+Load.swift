// The config on its own, for tools that need to know the manuscript's shape without building it
// (the preview's file watcher decides from it which changed files are inputs).
import Foundation

extension ManuscriptConfig {
    /// The names the config file may have, in the order they are looked for.
    public static let fileNames = ConfigLoader.fileNames

    /// The manuscript folder whose files replace the default templates and stylesheets.
    public static let templatesFolder = TemplateSet.overrideFolder

    /// Reads and checks `draftforge.yml` alone, without the chapters. Throws the first
    /// `config.*` error; warnings are dropped (a build reports them).
    public static func load(root: URL) throws(Diagnostic) -> ManuscriptConfig {
        var warnings: [Diagnostic] = []
        return try ConfigLoader(root: root.standardizedFileURL).load(warnings: &warnings)
    }
}
