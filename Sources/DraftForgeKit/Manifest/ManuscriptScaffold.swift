// `draftforge init`: a new manuscript repository with a config, two chapters, a story bible,
// a .gitignore and GitHub Actions workflows. Existing files are never overwritten.
import DraftForgeTemplates
import Foundation

public struct ManuscriptScaffold: Sendable {
    public var title: String
    public var author: String
    public var projectType: ManuscriptConfig.ProjectType
    /// Where the workflows fetch DraftForge from.
    public var toolRepository: String
    public var toolReference: String

    public static let defaultToolRepository = "https://github.com/draftforge/draftforge"
    public static let defaultToolReference = "v1"

    /// Template in Templates/init → path in the new manuscript.
    static let files: [(template: String, path: String)] = [
        ("draftforge.yml", "draftforge.yml"),
        ("01-beginning.md", "chapters/01-beginning.md"),
        ("02-the-next-day.md", "chapters/02-the-next-day.md"),
        ("bible.yml", "bible.yml"),
        ("gitignore", ".gitignore"),
        ("publish.yml", ".github/workflows/publish.yml"),
        ("check.yml", ".github/workflows/check.yml"),
    ]

    public init(
        title: String, author: String, projectType: ManuscriptConfig.ProjectType = .novel,
        toolRepository: String = defaultToolRepository, toolReference: String = defaultToolReference
    ) {
        self.title = title
        self.author = author
        self.projectType = projectType
        self.toolRepository = toolRepository
        self.toolReference = toolReference
    }

    /// Writes the files into `directory`; returns the paths written and the paths skipped
    /// because they already existed.
    public func write(into directory: URL) throws -> (written: [String], skipped: [String]) {
        let templates = TemplateBundle.resourceURL.appendingPathComponent("init")
        var written: [String] = []
        var skipped: [String] = []
        for (template, path) in Self.files {
            let destination = directory.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: destination.path) {
                skipped.append(path)
                continue
            }
            let text = try String(contentsOf: templates.appendingPathComponent(template), encoding: .utf8)
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(fill(text).utf8).write(to: destination, options: .withoutOverwriting)
            written.append(path)
        }
        return (written, skipped)
    }

    /// Replaces `{{title}}` (YAML-quoted), `{{titleText}}`, `{{author}}`, `{{projectType}}`, `{{toolRepository}}` and
    /// `{{toolRef}}`; workflow expressions such as `${{ github.token }}` are left alone.
    func fill(_ text: String) -> String {
        let values = [
            "title": yamlQuoted(title), "titleText": title, "author": yamlQuoted(author), "projectType": projectType.rawValue,
            "toolRepository": toolRepository, "toolRef": toolReference,
        ]
        return values.reduce(text) { $0.replacingOccurrences(of: "{{\($1.key)}}", with: $1.value) }
    }

    /// Text safe inside a double-quoted YAML scalar.
    private func yamlQuoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
