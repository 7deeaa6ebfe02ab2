// The loaded manuscript: config plus chapters in reading order, grouped in parts.
import Foundation

/// A chapter's front matter, checked.
public struct FrontMatter: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable { case draft, reviewing, approved }
    public var title: String?
    public var status: Status?
    public var date: String?
    public var pov: String?
    public var flashback = false
    public var exclude = false
    public init() {}
}

/// One Markdown chapter file.
public struct Chapter: Sendable {
    /// The file name without `.md`: the name the outline uses.
    public var name: String
    /// Path relative to the manuscript root, e.g. `chapters/01-arrival.md`.
    public var path: String
    public var frontMatter: FrontMatter
    /// The Markdown after the front matter.
    public var body: String
    /// Lines taken by the front matter: add to body line numbers to get file line numbers.
    public var bodyLineOffset: Int
    /// The index of the part this chapter belongs to, if any.
    public var partIndex: Int?
}

/// A titled group of chapters.
public struct Part: Sendable, Equatable {
    public var title: String
}

/// The manuscript as loaded from disk, before parsing.
public struct Manuscript: Sendable {
    public var root: URL
    public var config: ManuscriptConfig
    public var chapters: [Chapter]
    public var parts: [Part]
}
