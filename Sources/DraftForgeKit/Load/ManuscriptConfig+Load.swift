// The config on its own, for tools that need to know the manuscript's shape without building it
// (the preview's file watcher decides from it which changed files are inputs).
import Foundation

extension ManuscriptConfig {
    /// The names the config file may have, in the order they are looked for.
    public static let fileNames = ConfigLoader.fileNames
    /// An mdBook's config, read when the folder has no `draftforge.yml` or beneath one.
    public static let mdBookFile = MdBookConfig.file

    /// The manuscript folder whose files replace the default templates and stylesheets.
    public static let templatesFolder = TemplateSet.overrideFolder

    /// The files outside the chapters folder and `templates/` that a build reads, root-relative,
    /// as `config` names them: the story bible and the waivers (under their default names when
    /// the config names none or cannot be read; they may not exist), the cover, the stylesheet
    /// and the fonts. A build records exactly what it read (`BuildResult.inputs`); this list is
    /// the preview's guess when there is no build to ask, before the first or after a failed one.
    public static func namedInputs(of config: ManuscriptConfig?) -> [String] {
        var files = [config?.bible ?? BibleLoader.defaultFile, config?.waivers ?? Waivers.defaultFile]
        guard let config else { return files }
        files += [config.cover, config.css].compactMap { $0 }
        return files + config.fonts.map(\.path)
    }

    /// `config.missing` when `root` holds no config file nor an mdBook's book.toml (for commands that need one but do not
    /// build, such as `clean`); nil when it holds one.
    public static func missingConfig(in root: URL) -> Diagnostic? {
        (fileNames + [MdBookConfig.file]).contains { fileExists(root.appendingPathComponent($0)) }
            ? nil : ConfigLoader.missing(in: root)
    }

    /// Reads and checks `draftforge.yml` alone, without the chapters. Throws the first
    /// `config.*` error; warnings are dropped (a build reports them).
    public static func load(root: URL) throws(Diagnostic) -> ManuscriptConfig {
        var warnings: [Diagnostic] = []
        return try ConfigLoader(root: root.standardizedFileURL).load(warnings: &warnings)
    }

    /// Reads the mdBook at `root` (book.toml and SUMMARY.md) on its own, ignoring any
    /// draftforge.yml: what `init --from-mdbook` writes down. Throws the first error.
    public static func loadMdBook(root: URL) throws(Diagnostic) -> ManuscriptConfig {
        let root = root.standardizedFileURL
        guard fileExists(root.appendingPathComponent(MdBookConfig.file)) else {
            throw Diagnostic(
                .error, .configMissing, at: SourceLocation(file: MdBookConfig.file), "no book.toml in \(root.path)",
                suggestion: "run init --from-mdbook in the folder of an mdBook, the one holding book.toml")
        }
        var warnings: [Diagnostic] = []
        return try MdBookConfig.load(root: root, warnings: &warnings)
    }
}
