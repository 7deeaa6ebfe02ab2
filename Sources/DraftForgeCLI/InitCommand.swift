// `draftforge init`: starts a manuscript repository that builds and publishes from day one.
import ArgumentParser
import DraftForgeKit
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a manuscript: config, two chapters, a story bible, .gitignore and GitHub workflows.",
        discussion: "Existing files are never overwritten; init lists what it skipped.")

    @Argument(help: "The folder to create the manuscript in.", completion: .directory)
    var directory: String = "."

    @Option(help: "The book's title.")
    var title = "Untitled"

    @Option(help: "The author's name.")
    var author = "Anonymous"

    @Option(help: "The project type: \(ManuscriptConfig.ProjectType.allCases.map(\.rawValue).joined(separator: ", ")).")
    var type = "novel"

    @Flag(help: "Write a draftforge.yml for the mdBook in the folder (from its book.toml), and the workflows; its chapters stay as SUMMARY.md lists them.")
    var fromMdbook = false

    @Option(help: "The GitHub repository of DraftForge whose action the workflows use (owner/name or its https://github.com/ address).")
    var toolRepository = ManuscriptScaffold.defaultToolRepository

    @Option(help: "The tag or branch of DraftForge the workflows use.")
    var toolRef = ManuscriptScaffold.defaultToolReference

    @Option(help: "The Swift release the workflows build DraftForge with.")
    var swiftVersion = ManuscriptScaffold.defaultSwiftVersion

    func validate() throws {
        guard ManuscriptConfig.ProjectType(rawValue: type) != nil else {
            throw ValidationError("unknown type '\(type)'; choose from \(ManuscriptConfig.ProjectType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ManuscriptScaffold.actionRepository(toolRepository) != nil else {
            throw ValidationError("--tool-repository must name a GitHub repository (owner/name or https://github.com/owner/name): the workflows use its action")
        }
    }

    func run() throws {
        let folder = absoluteURL(directory)
        var scaffold = ManuscriptScaffold(
            title: title, author: author, projectType: ManuscriptConfig.ProjectType(rawValue: type) ?? .novel,
            toolRepository: toolRepository, toolReference: toolRef)
        scaffold.swiftVersion = swiftVersion
        if fromMdbook {
            let config: ManuscriptConfig
            do {
                config = try ManuscriptConfig.loadMdBook(root: folder)
            } catch {
                Console().report([error])
                throw ExitCode(2)
            }
            scaffold.mdBook = config
            scaffold.title = config.title
            scaffold.author = config.authors.first ?? author
        }
        let written: [String], skipped: [ManuscriptScaffold.Skipped]
        do {
            (written, skipped) = try scaffold.write(into: folder)
        } catch let refusal as ManuscriptScaffold.Refusal {
            FileHandle.standardError.write(Data("\(folder.path)/\(refusal.path): error: \(refusal)\n".utf8))
            throw ExitCode(2)
        }
        for path in written { print("created \(path)") }
        for file in skipped { print("skipped \(file.path): \(file.reason)") }
        print("next: draftforge build \(directory)")
        let workflows = ManuscriptScaffold.workflowPaths.filter(written.contains)
        if !workflows.isEmpty {
            print("edit: the workflows use DraftForge's action \(scaffold.actionReference) with Swift \(swiftVersion); "
                + "for another fork or release, change the 'uses:' and 'swift-version:' lines in \(workflows.joined(separator: " and "))")
        }
    }
}
