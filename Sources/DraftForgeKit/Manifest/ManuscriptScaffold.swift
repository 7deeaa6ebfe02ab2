// `draftforge init`: a new manuscript repository with a config, two chapters, a story bible,
// a .gitignore and GitHub Actions workflows. Existing files are never overwritten.
import DraftForgeTemplates
import Foundation

public struct ManuscriptScaffold: Sendable {
    public var title: String
    public var author: String
    public var projectType: ManuscriptConfig.ProjectType
    /// The GitHub repository whose action (`action.yml`) the workflows use: `owner/name`, or its
    /// https://github.com/ address.
    public var toolRepository: String
    /// The tag or branch of that action.
    public var toolReference: String
    /// The Swift release the action builds DraftForge with.
    public var swiftVersion = defaultSwiftVersion

    /// Set for `init --from-mdbook`: the config read from the mdBook's book.toml and SUMMARY.md.
    /// Its chapters stay where they are, so only the config, .gitignore and workflows are written.
    public var mdBook: ManuscriptConfig?

    public static let defaultToolRepository = "https://github.com/draftforge/draftforge"
    public static let defaultToolReference = "v1"
    public static let defaultSwiftVersion = "6.3"

    /// The workflow files, which name the action and the Swift release.
    public static let workflowPaths = sharedFiles.map(\.path).filter { $0.hasPrefix(".github/") }

    /// `owner/name` of a GitHub repository given as that or as its https://github.com/ address;
    /// nil for anything else, which a workflow's `uses:` cannot name.
    public static func actionRepository(_ repository: String) -> String? {
        var name = repository
        for prefix in ["https://github.com/", "http://github.com/", "github.com/"] where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
        }
        if name.hasSuffix(".git") { name.removeLast(4) }
        if name.hasSuffix("/") { name.removeLast() }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(allowed.contains) })
        else { return nil }
        return name
    }

    /// The action reference the workflows use, `owner/name@ref`.
    public var actionReference: String {
        "\(Self.actionRepository(toolRepository) ?? toolRepository)@\(toolReference)"
    }

    /// Template in Templates/init → path in the new manuscript.
    static let files: [(template: String, path: String)] = [
        ("draftforge.yml", "draftforge.yml"),
        ("01-beginning.md", "chapters/01-beginning.md"),
        ("02-the-next-day.md", "chapters/02-the-next-day.md"),
        ("bible.yml", "bible.yml"),
    ] + sharedFiles
    /// A technical book has no story bible; its chapter includes a listing and shows a formula,
    /// a figure and cross-references.
    static let technicalFiles: [(template: String, path: String)] = [
        ("technical/draftforge.yml", "draftforge.yml"),
        ("technical/01-getting-started.md", "chapters/01-getting-started.md"),
        ("technical/hello.rs", "listings/hello.rs"),
        ("technical/pipeline.svg", "chapters/images/pipeline.svg"),
    ] + sharedFiles
    static let sharedFiles: [(template: String, path: String)] = [
        ("gitignore", ".gitignore"),
        ("publish.yml", ".github/workflows/publish.yml"),
        ("check.yml", ".github/workflows/check.yml"),
    ]

    /// The files this scaffold writes.
    var files: [(template: String, path: String)] {
        if mdBook != nil { return [("draftforge.yml", "draftforge.yml")] + Self.sharedFiles }
        return projectType == .technicalBook ? Self.technicalFiles : Self.files
    }

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

    /// Why init wrote nothing: a path it would write through is a symbolic link.
    public struct Refusal: Error, CustomStringConvertible {
        /// The link, relative to the target folder.
        public var path: String
        public var description: String {
            "\(path) is a symbolic link; init does not write through symbolic links, so it wrote nothing"
        }
    }

    /// A file init did not write, and why.
    public struct Skipped: Equatable, Sendable {
        public var path: String
        public var reason: String
    }

    /// Writes the files into `directory`; returns the paths written and those skipped: files
    /// that already exist, and the placeholder chapters when the folder already holds a book
    /// (a config, or chapters), which they would join. When any folder or file on the way to one
    /// of them is a symbolic link (`chapters` linked to another folder, a dangling `.gitignore`
    /// link), nothing is written: the files would land wherever the link points.
    public func write(into directory: URL) throws -> (written: [String], skipped: [Skipped]) {
        for (_, path) in files {
            if let link = Self.firstSymbolicLink(on: path, in: directory) { throw Refusal(path: link) }
        }
        let templates = TemplateBundle.resourceURL.appendingPathComponent("init")
        var written: [String] = []
        var skipped: [Skipped] = []
        let mdBookConfig = mdBook.map(Self.config(reading:))
        let existingBook = Self.existingBook(in: directory)
        for (template, path) in files {
            let destination = directory.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: destination.path) {
                skipped.append(Skipped(path: path, reason: "it already exists"))
                continue
            }
            if let existingBook, Self.isPlaceholder(path) {
                skipped.append(Skipped(path: path, reason: "a placeholder, and \(existingBook)"))
                continue
            }
            let text = path == "draftforge.yml" && mdBookConfig != nil
                ? mdBookConfig! : try String(contentsOf: templates.appendingPathComponent(template), encoding: .utf8)
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(fill(text).utf8).write(to: destination, options: .withoutOverwriting)
            written.append(path)
        }
        return (written, skipped)
    }

    /// What shows `directory` already holds a book, as the end of a sentence; nil for a new one.
    static func existingBook(in directory: URL) -> String? {
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("draftforge.yml").path) {
            return "the folder already holds a book (draftforge.yml)"
        }
        let chapters = (try? FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("chapters").path)) ?? []
        return chapters.contains { $0.hasSuffix(".md") } ? "the chapters folder already holds chapters" : nil
    }

    /// A file of the sample book, not of its set-up: its chapters, their images and listings.
    static func isPlaceholder(_ path: String) -> Bool {
        path.hasPrefix("chapters/") || path.hasPrefix("listings/")
    }

    /// `draftforge.yml` for an mdBook: what DraftForge read from book.toml, as keys an author can
    /// change (a key here wins over book.toml), and the chapters still from SUMMARY.md.
    static func config(reading config: ManuscriptConfig) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        var lines = [
            "# DraftForge config for the mdBook in this folder, written by `draftforge init --from-mdbook`.",
            "# The chapters still come from \(config.summaryFile ?? config.chaptersDirectory + "/SUMMARY.md"), and what is not set",
            "# here from book.toml; a key set here wins. Every key is in DraftForge's user guide.",
            "title: " + quoted(config.title),
            "authors: [" + config.authors.map(quoted).joined(separator: ", ") + "]",
            "language: " + config.language,
        ]
        if let description = config.description { lines.append("description: " + quoted(description)) }
        lines += [
            "project_type: technical-book",
            "smart_punctuation: \(config.smartPunctuation)",
            "# cover: images/cover.jpg",
            "# bible: bible.yml",
        ]
        if config.site.baseURL != nil || config.site.editURL != nil {
            lines.append("site:")
            if let base = config.site.baseURL { lines.append("  base_url: " + quoted(base)) }
            if let edit = config.site.editURL { lines.append("  edit_url: " + quoted(edit)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The first existing component of `path` under `directory` (the file itself included) that
    /// is a symbolic link, as a relative path. `directory` itself may be one: the user named it.
    static func firstSymbolicLink(on path: String, in directory: URL) -> String? {
        var prefix = ""
        var info = stat()
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + component
            guard lstat(directory.appendingPathComponent(prefix).path, &info) == 0 else { return nil }
            if (info.st_mode & S_IFMT) == S_IFLNK { return prefix }
        }
        return nil
    }

    /// Replaces `{{title}}` (YAML-quoted), `{{titleText}}`, `{{author}}`, `{{projectType}}`, `{{toolAction}}`,
    /// `{{toolRef}}` and `{{swiftVersion}}`; workflow expressions such as `${{ github.token }}` are left alone.
    func fill(_ text: String) -> String {
        let values = [
            "title": yamlQuoted(title), "titleText": title, "author": yamlQuoted(author), "projectType": projectType.rawValue,
            "toolAction": Self.actionRepository(toolRepository) ?? toolRepository, "toolRef": toolReference,
            "swiftVersion": swiftVersion,
        ]
        return values.reduce(text) { $0.replacingOccurrences(of: "{{\($1.key)}}", with: $1.value) }
    }

    /// Text safe inside a double-quoted YAML scalar.
    private func yamlQuoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
