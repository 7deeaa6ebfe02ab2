// Render, second pass: every link and image is resolved against the book. Links to other
// chapters are rewritten to their XHTML file and id; links that lead nowhere lose their link
// (a warning); images must be files inside the manuscript (else a blocking error). Chapters are
// resolved side by side; only the images' names in the book are given in reading order, after.
import Foundation

/// The book-wide facts the second pass needs.
struct BookIndex {
    /// Chapter source path (relative to the root) → its XHTML file and anchors.
    var chapters: [String: (stem: String, anchors: ChapterAnchors)]
    /// Chapter source path → id → what an empty link to it shows (`CrossReferences`).
    var labels: [String: [String: String]] = [:]
}

/// What the chapters' resolvers share: made once, on whichever thread first needs it.
final class ResolverLookups: @unchecked Sendable {
    private let lock = NSLock()
    private var inspected: [String: Result<ImageCollector.File, ImageCollector.Failure>] = [:]
    private var sortedPaths: (paths: [String], lowercased: [String])?

    /// The image at root-relative `path`, inspected once however many chapters show it.
    func image(_ path: String, root: URL) -> Result<ImageCollector.File, ImageCollector.Failure> {
        if let known = lock.withLock({ inspected[path] }) { return known }
        let result = ImageCollector.inspect(path: path, root: root)
        lock.withLock { inspected[path] = result }
        return result
    }

    /// The chapters' paths, sorted and lowercased, for suggestions: made at the first broken link.
    func sortedChapterPaths(of index: BookIndex) -> (paths: [String], lowercased: [String]) {
        lock.withLock {
            if let sortedPaths { return sortedPaths }
            let paths = index.chapters.keys.sorted()
            sortedPaths = (paths, paths.map { $0.lowercased() })
            return sortedPaths!
        }
    }
}

/// An image of a chapter that passed its checks; its `src` holds a placeholder
/// (`ImagePlaceholder`) until the book gives the file its name.
struct PendingImage {
    var file: ImageCollector.File
    var requestedPath: String
    /// The chapter diagnostic saying what cleaning removed: it stands only where the book shows
    /// the file first.
    var cleanedWarning: Int?
}

/// Resolves one chapter.
struct ReferenceResolver {
    let root: URL
    let index: BookIndex
    let lookups: ResolverLookups
    let remoteImages: ManuscriptConfig.RemoteImages
    /// The chapter a broken link's suggestion names, found at the first one (`nil` inside: none).
    private var example: String??
    private(set) var diagnostics: [Diagnostic] = []
    /// The chapter's images that passed their checks, in reading order.
    private(set) var images: [PendingImage] = []
    /// Every root-relative image path asked for, found or not: inputs of the build.
    private(set) var requestedPaths: [String] = []
    /// The images kept, body and notes: those pending and those on the web.
    private(set) var imageCount = 0

    private let chapterPath: String
    /// The chapter's lines, split only when a problem has to be located, once a chapter.
    private var splitLines: [Substring]?
    private let sourceBody: String
    private let sourceMap: SourceMap
    private var currentLine = 1

    init(
        _ chapter: Chapter, root: URL, index: BookIndex, lookups: ResolverLookups,
        remoteImages: ManuscriptConfig.RemoteImages = .allow
    ) {
        self.root = root
        self.index = index
        self.lookups = lookups
        self.remoteImages = remoteImages
        chapterPath = chapter.path
        sourceBody = chapter.body
        sourceMap = chapter.sourceMap
    }

    /// The chapter's body and notes with their links and images resolved, in reading order.
    mutating func resolve(_ body: [HTMLNode], notes: [ChapterNote]) -> (body: [HTMLNode], notes: [ChapterNote]) {
        let resolvedBody = rewrite(body, insideLink: false)
        let resolvedNotes = notes.map { note in
            var note = note
            note.backReference = note.backReference.flatMap { resolveLink($0) }
            note.content = rewrite(note.content, insideLink: false)
            return note
        }
        return (resolvedBody, resolvedNotes)
    }

    private mutating func rewrite(_ nodes: [HTMLNode], insideLink: Bool) -> [HTMLNode] {
        rewritten(nodes, insideLink: insideLink) ?? nodes
    }

    /// `nodes` with their links and images resolved, or nil when nothing in them changes (most
    /// paragraphs of a novel): then nothing is copied. Rebuilding every element of a long book
    /// was most of this serial pass.
    private mutating func rewritten(_ nodes: [HTMLNode], insideLink: Bool) -> [HTMLNode]? {
        nodes.replacing { rewritten($0, insideLink: insideLink) }
    }

    /// What replaces `node`, or nil when it stays as it is.
    private mutating func rewritten(_ node: HTMLNode, insideLink: Bool) -> [HTMLNode]? {
        // Bound, not copied, until it changes: most elements of a novel hold no link.
        guard case .element(let found) = node else { return nil }
        if let line = found.sourceLine { currentLine = line }
        switch found.name {
        case "a":
            var element = found
            if insideLink {  // a link inside a link is not allowed: keep the text
                return rewrite(element.children, insideLink: true)
            }
            if let href = element["href"] {
                guard let (target, label) = resolveLinkAndLabel(href) else {
                    return rewrite(element.children, insideLink: true)
                }
                element["href"] = target
                if element.textContent.allSatisfy(\.isWhitespace), element.children.allSatisfy({ if case .text = $0 { true } else { false } }),
                    let label
                {
                    element.children = [.text(label)]
                }
            }
            element.children = rewrite(element.children, insideLink: true)
            return [.element(element)]
        case "img":
            let image = resolveImage(found)
            if case .element = image { imageCount += 1 }
            return [image]
        case "input":
            return found["type"] == "checkbox" ? nil : []
        case "figure":
            var element = found
            element.children = rewrite(element.children, insideLink: insideLink)
            let hasImage = element.children.contains { if case .element(let child) = $0 { child.name == "img" } else { false } }
            guard hasImage || element.children.contains(where: { if case .element(let child) = $0 { child.name != "figcaption" } else { false } })
            else {
                // The image was replaced by its alt text: a caption repeating it would say it twice.
                let text = element.children.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined().trimmed
                return [.element(HTMLElement("p", children: [.text(text)], sourceLine: element.sourceLine))]
            }
            return [.element(element)]
        default:
            guard let children = rewritten(found.children, insideLink: insideLink) else { return nil }
            var element = found
            element.children = children
            return [.element(element)]
        }
    }

    // MARK: - Links

    private mutating func resolveLink(_ href: String) -> String? { resolveLinkAndLabel(href)?.href }

    /// The link's target, and the title or number of the heading or figure it lands on.
    private mutating func resolveLinkAndLabel(_ href: String) -> (href: String, label: String?)? {
        let trimmed = href.trimmed
        if let scheme = URLCheck.scheme(of: trimmed) {
            if URLCheck.isValidExternal(trimmed, scheme: scheme) { return (trimmed, nil) }
            warn(.invalidURL, href, "'\(href)' is not a valid link; its text is kept without the link",
                 suggestion: "use an http:, https: or mailto: address")
            return nil
        }
        let (path, fragment) = splitFragment(trimmed)
        let targetPath: String
        let resolved = path.isEmpty ? nil : resolvedPath(path)
        if path.isEmpty {
            targetPath = chapterPath
        } else if let resolved, let chapter = chapterFile(resolved) {
            targetPath = chapter
        } else {
            let suggestion: String
            if let resolved, let near = nearChapter(resolved) {
                suggestion = "did you mean '\(Self.replacingLastComponent(of: path, with: near))'?"
            } else {
                let example = exampleLinkTarget().map { " such as \($0)" } ?? ""
                suggestion = "link to a chapter file\(example), or to a full https:// address"
            }
            warn(.brokenLink, href, "the link target '\(href)' is not in the book; its text is kept without the link",
                 suggestion: suggestion)
            return nil
        }
        guard let target = index.chapters[targetPath] else { return nil }
        let sameChapter = targetPath == chapterPath
        let labels = index.labels[targetPath]
        guard let fragment, !fragment.isEmpty else {
            let first = target.anchors.headingIDs.first
            return (sameChapter ? "#" + (first ?? "") : BookReference.chapter(target.stem, fragment: nil), first.flatMap { labels?[$0] })
        }
        let decoded = fragment.percentDecoded
        guard let id = target.anchors.ids[fragment] ?? target.anchors.id(forFragment: decoded) else {
            warn(.brokenLink, href,
                 "'#\(decoded)' is not a heading or anchor in \(targetPath); the text is kept without the link",
                 suggestion: "use the heading's slug as GitHub shows it (lowercase, spaces as '-')")
            return nil
        }
        return (sameChapter ? "#" + id : BookReference.chapter(target.stem, fragment: id), labels?[id])
    }

    /// A chapter of this book the current one could link to, by the name a link would use;
    /// found once per chapter, however many links are broken.
    private mutating func exampleLinkTarget() -> String? {
        if let example { return example }
        let folder = Self.split(chapterPath).folder
        let siblings = index.chapters.keys.filter { $0 != chapterPath && Self.split($0).folder == folder }
        let target = siblings.min().map { String(Self.split($0).name) }
        example = .some(target)
        return target
    }

    /// A root-relative path's folder and file name: ("part-1", "one.md"), or ("", "one.md").
    private static func split(_ path: String) -> (folder: Substring, name: Substring) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ("", path[...]) }
        return (path[..<slash], path[path.index(after: slash)...])
    }

    /// The chapter a link that misses meant: the same path in another case, without its `.md`,
    /// or a typo away.
    private mutating func nearChapter(_ resolved: String) -> String? {
        let (paths, lowercased) = lookups.sortedChapterPaths(of: index)
        let lowered = resolved.lowercased()
        if let same = lowercased.firstIndex(where: { $0 == lowered || $0 == lowered + ".md" }) {
            return paths[same]
        }
        return EditDistance.nearest(
            to: resolved, in: paths, limit: EditDistance.typoLimit(for: (resolved as NSString).lastPathComponent))
    }

    /// `reference` (as written, relative to the chapter) naming the file `path` names instead:
    /// a link or image of the same folder differs only in its last component.
    static func replacingLastComponent(of reference: String, with path: String) -> String {
        let folder = (reference as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return folder.isEmpty ? name : folder + "/" + name
    }

    /// The image file a missing `path` meant: one in the same folder whose name differs only in
    /// case (`Orchard.PNG` for `orchard.png`), or by a typo.
    private func nearImage(_ path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let names = ((try? FileManager.default.contentsOfDirectory(
            atPath: root.appendingPathComponent(folder).path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let near = names.first { $0.lowercased() == name.lowercased() }
            ?? EditDistance.nearest(to: name, in: names, limit: EditDistance.typoLimit(for: name))
        return near.map { folder.isEmpty ? $0 : folder + "/" + $0 }
    }

    /// The chapter a resolved path names: its Markdown file, or the page mdBook makes of it
    /// (`intro.html` for `intro.md`, `index.html` for a folder's `README.md`).
    private func chapterFile(_ path: String) -> String? {
        if index.chapters[path] != nil { return path }
        guard path.hasSuffix(".html") else { return nil }
        let stem = String(path.dropLast(".html".count))
        if index.chapters[stem + ".md"] != nil { return stem + ".md" }
        guard (stem as NSString).lastPathComponent == "index" else { return nil }
        let readme = (stem as NSString).deletingLastPathComponent.isEmpty
            ? "README.md" : (stem as NSString).deletingLastPathComponent + "/README.md"
        return index.chapters[readme] != nil ? readme : nil
    }

    private func splitFragment(_ href: String) -> (path: String, fragment: String?) {
        guard let hash = href.firstIndex(of: "#") else { return (href, nil) }
        return (String(href[..<hash]), String(href[href.index(after: hash)...]))
    }

    /// The root-relative path a relative reference from this chapter names, or nil if it leaves
    /// the root or is absolute.
    func resolvedPath(_ reference: String) -> String? {
        var path = reference
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        path = path.percentDecoded
        guard !path.hasPrefix("/"), !path.isEmpty else { return nil }
        var components = chapterPath.split(separator: "/").dropLast().map(String.init)
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    // MARK: - Images

    private mutating func resolveImage(_ element: HTMLElement) -> HTMLNode {
        var element = element
        let alt = element["alt"] ?? ""
        guard let source = element["src"]?.trimmed, !source.isEmpty else {
            return .text(alt)
        }
        let problem: (DiagnosticCode, String)?
        if let url = Self.webAddress(source), remoteImages == .allow {
            warn(.remoteImage, source,
                 "the image '\(source)' is on the web, not in the manuscript: the site loads it from there; the EPUB, DOCX and PDF show its alt text instead",
                 suggestion: "download it into the manuscript (for example \(chapterDirectory)images/) and link it relatively, to have it in every format")
            element["src"] = BookReference.remoteImage(url)
            return .element(Self.describedOrDecorative(element, alt: alt))
        } else if URLCheck.scheme(of: source) != nil || source.hasPrefix("//") {
            problem = (.remoteImage, "the image '\(source)' is not a file in the manuscript; remote images are never fetched")
        } else if let path = resolvedPath(source) {
            requestedPaths.append(path)
            switch lookups.image(path, root: root) {
            case .success(let file):
                var cleanedWarning: Int?
                if !file.removed.isEmpty {
                    var seen = Set<String>()
                    let list = file.removed.filter { seen.insert($0).inserted }
                    cleanedWarning = diagnostics.count
                    report(.warning, .svgCleaned, source,
                           "the SVG image '\(source)' held what could run or load other files; removed: \(list.prefix(5).joined(separator: ", "))\(list.count > 5 ? ", …" : "")",
                           suggestion: "remove scripts, event handlers and external references from the drawing",
                           isBlocking: false)
                }
                element["src"] = ImagePlaceholder.source(images.count)
                images.append(PendingImage(file: file, requestedPath: path, cleanedWarning: cleanedWarning))
                return .element(Self.describedOrDecorative(element, alt: alt))
            case .failure(let failure):
                if failure.code == .missingImage, let near = nearImage(path) {
                    let caseOnly = near.lowercased() == path.lowercased() ? " File names are case-sensitive." : ""
                    report(.error, failure.code, source, failure.message(source),
                           suggestion: "did you mean '\(Self.replacingLastComponent(of: source, with: near))'?\(caseOnly)",
                           isBlocking: true)
                    return .text(alt)
                }
                problem = (failure.code, failure.message(source))
            }
        } else {
            problem = (.imageOutsideRoot, "the image '\(source)' is outside the manuscript folder and is not read")
        }
        if let (code, message) = problem {
            report(.error, code, source, message,
                   suggestion: "copy the image into the manuscript (for example \(chapterDirectory)images/) and link it relatively",
                   isBlocking: true)
        }
        return .text(alt)
    }

    /// An image without alternative text is taken as decorative, as GitHub and mdBook show it:
    /// kept, with `alt=""` and `role="presentation"` so screen readers pass over it.
    private static func describedOrDecorative(_ image: HTMLElement, alt: String) -> HTMLElement {
        var image = image
        guard alt.trimmed.isEmpty else { return image }
        image["alt"] = ""
        image["role"] = "presentation"
        return image
    }

    /// An `http(s)` image address a browser may load (a protocol-relative `//host/…` as
    /// `https:`); nil for anything else (`file:`, `data:`, an invalid URL).
    private static func webAddress(_ source: String) -> String? {
        let url = source.hasPrefix("//") ? "https:" + source : source
        guard let scheme = URLCheck.scheme(of: url), scheme == "http" || scheme == "https",
            URLCheck.isValidExternal(url, scheme: scheme)
        else { return nil }
        return url
    }

    private var chapterDirectory: String {
        let folder = chapterPath.split(separator: "/").dropLast().joined(separator: "/")
        return folder.isEmpty ? "" : folder + "/"
    }

    // MARK: - Diagnostics at the right line

    private mutating func warn(_ code: DiagnosticCode, _ needle: String, _ message: String, suggestion: String) {
        report(.warning, code, needle, message, suggestion: suggestion, isBlocking: false)
    }

    private mutating func report(
        _ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ needle: String, _ message: String,
        suggestion: String, isBlocking: Bool
    ) {
        let (location, quote) = locate(needle)
        diagnostics.append(Diagnostic(
            severity, code, at: location, message, suggestion: suggestion, isBlocking: isBlocking,
            quote: quote, confidence: 1))
    }

    /// Finds `needle` in the source at or after the block being rendered; the column counts
    /// Unicode code points, as the continuity findings' columns do.
    private mutating func locate(_ needle: String) -> (SourceLocation, String) {
        let candidates = [needle, needle.percentDecoded]
        let start = max(0, currentLine - 1)
        let sourceLines = splitLines ?? sourceBody.lineSlices
        splitLines = sourceLines
        if start < sourceLines.count {
            for lineIndex in start..<sourceLines.count {
                for candidate in candidates where !candidate.isEmpty {
                    // Bytes, not Foundation's `range(of:)`: a book with many broken links
                    // spent most of this search in the locale.
                    if let offset = sourceLines[lineIndex].utf8Offset(of: candidate) {
                        let line = sourceLines[lineIndex]
                        let start = line.utf8.index(line.utf8.startIndex, offsetBy: offset)
                        let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: start) + 1
                        return (sourceMap.location(ofBodyLine: lineIndex + 1, column: column), candidate)
                    }
                }
            }
        }
        return (sourceMap.location(ofBodyLine: currentLine), needle)
    }
}

/// URL rules for links that leave the book.
enum URLCheck {
    /// The scheme of an absolute URL (`https`, `mailto`, `c`…), lowercased.
    static func scheme(of reference: String) -> String? {
        guard let colon = reference.firstIndex(of: ":") else { return nil }
        let scheme = reference[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return scheme.lowercased()
    }

    static func isValidExternal(_ reference: String, scheme: String) -> Bool {
        guard reference.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return false }
        switch scheme {
        case "http", "https":
            guard let components = URLComponents(string: reference), let host = components.host,
                components.user == nil
            else { return false }
            return isValidHost(host)
        case "mailto":
            let address = reference.dropFirst("mailto:".count)
            return address.contains("@") && URLComponents(string: reference) != nil
        default:
            return false
        }
    }

    private static func isValidHost(_ host: String) -> Bool {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard !host.isEmpty, host.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}

/// The `src` a chapter's image holds between its resolution and the book naming its file: the
/// image's place among the chapter's pending ones, after a private-use marker.
enum ImagePlaceholder {
    static let marker: Unicode.Scalar = "\u{E002}"

    static func source(_ position: Int) -> String { String(Character(marker)) + String(position) }

    /// `nodes` with each placeholder replaced by the address of the image's file in the book;
    /// unchanged subtrees are not copied.
    static func fill(_ nodes: [HTMLNode], hrefs: [String]) -> [HTMLNode] {
        // The resolver made one placeholder per entry of `hrefs`, so this many are to be found.
        var unfilled = hrefs.count
        return filled(nodes, hrefs: hrefs, unfilled: &unfilled) ?? nodes
    }

    private static func filled(_ nodes: [HTMLNode], hrefs: [String], unfilled: inout Int) -> [HTMLNode]? {
        nodes.replacing { node in
            // Past the last image nothing changes: the rest of the chapter is not walked.
            guard unfilled > 0, case .element(let found) = node else { return nil }
            var element = found
            if found.name == "img" {
                guard let source = found["src"], source.unicodeScalars.first == marker,
                    let position = Int(String(String.UnicodeScalarView(source.unicodeScalars.dropFirst())))
                else { return nil }
                element["src"] = BookReference.asset(hrefs[position])
                unfilled -= 1
            } else {
                guard let children = filled(found.children, hrefs: hrefs, unfilled: &unfilled) else { return nil }
                element.children = children
            }
            return [.element(element)]
        }
    }
}
