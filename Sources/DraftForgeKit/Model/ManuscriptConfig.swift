// The manuscript's `draftforge.yml`, decoded and checked. Field names follow the platform's
// project record (see the README's "Config keys").
import Foundation

/// Everything `draftforge.yml` says about the book.
public struct ManuscriptConfig: Sendable, Equatable {
    public enum ProjectType: String, CaseIterable, Sendable {
        case novel, screenplay, technicalBook = "technical-book", nonFiction = "non-fiction"
        case poetry, shortStory = "short-story"
    }
    public enum Status: String, CaseIterable, Sendable { case active, archived, completed }
    public enum Visibility: String, CaseIterable, Sendable { case `private`, unlisted, `public` }

    /// An entry of the outline: a chapter (its file name without `.md`) or a titled part.
    public enum OutlineEntry: Sendable, Equatable {
        case chapter(OutlineChapter)
        case part(title: String, chapters: [OutlineChapter], location: SourceLocation)
    }
    public struct OutlineChapter: Sendable, Equatable {
        public var name: String
        public var location: SourceLocation
    }

    /// The config file's name relative to the manuscript root.
    public var file: String
    public var title: String
    public var subtitle: String?
    public var authors: [String] = []
    public var language = "en"
    public var identifier: String?
    public var publisher: String?
    public var rights: String?
    public var description: String?
    public var subjects: [String] = []
    public var date: String?
    public var slug: String
    public var projectType: ProjectType?
    public var genre: String?
    public var targetWordCount: Int?
    public var status: Status?
    public var visibility: Visibility?
    public var chaptersDirectory = "chapters"
    public var manuscriptDirectory: String?
    public var cover: String?
    public var coverLocation: SourceLocation?
    public var css: String?
    public var cssLocation: SourceLocation?
    public var smartPunctuation = true
    public var outline: [OutlineEntry]?
    public var settings: JSONValue?

    public init(file: String, title: String, slug: String) {
        self.file = file
        self.title = title
        self.slug = slug
    }
}
