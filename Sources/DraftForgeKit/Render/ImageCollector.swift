// Images the book uses: each file is checked to be inside the manuscript root (symbolic links
// included) before it is ever read, and gets one flat name under `images/`.
import Foundation

struct ImageCollector {
    struct Failure: Error {
        var code: DiagnosticCode
        var reason: String

        func message(_ reference: String) -> String { "the image '\(reference)' \(reason)" }
    }

    static let mediaTypes = [
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
        "svg": "image/svg+xml", "webp": "image/webp",
    ]

    static let formats: [String: ImageInfo.Format] = [
        "jpg": .jpeg, "jpeg": .jpeg, "png": .png, "gif": .gif, "svg": .svg, "webp": .webp,
    ]

    /// An image file that passed every check, as `inspect` found it: what `register` needs to
    /// give it a name in the book.
    struct File: Sendable {
        var realPath: String
        var fileExtension: String
        var mediaType: String
        /// The cleaned bytes of an SVG that held what could run or load other files.
        var contents: Data?
        /// What cleaning removed from it.
        var removed: [String]
    }

    private(set) var assets: [BookAsset] = []
    private var hrefByRealPath: [String: String] = [:]
    private var names = UniqueNames()

    /// The book's images; `images/cover.*` is kept for the cover, so a chapter image of that name
    /// gets another.
    init() {
        for fileExtension in Self.mediaTypes.keys.sorted() { _ = names.claim("cover", suffix: "." + fileExtension) }
    }

    /// Checks and registers the image at root-relative `path`; returns its href inside the book.
    mutating func add(path: String, root: URL, checkFormat: Bool = true) -> Result<String, Failure> {
        Self.inspect(path: path, root: root, checkFormat: checkFormat).map { register($0, requestedPath: path).href }
    }

    /// The image at root-relative `path`, checked to be inside the manuscript (symbolic links
    /// included) before it is read, to be the format its name says, and cleaned if an SVG. It
    /// reads only the file: chapters inspect their images side by side.
    static func inspect(path: String, root: URL, checkFormat: Bool = true) -> Result<File, Failure> {
        let file = root.appendingPathComponent(path)
        switch RootCheck.place(file, root: root) {
        case .inside: break
        case .missing: return .failure(Failure(code: .missingImage, reason: "does not exist"))
        case .outside:
            return .failure(Failure(
                code: .imageOutsideRoot, reason: "leads outside the manuscript folder and is not read"))
        case .hidden(let component):
            return .failure(Failure(code: .imageOutsideRoot, reason: "is not read: " + RootCheck.hiddenReason(component)))
        }
        guard let realPath = RootCheck.realPath(file) else {
            return .failure(Failure(code: .missingImage, reason: "does not exist"))
        }
        let fileExtension = (realPath as NSString).pathExtension.lowercased()
        guard let mediaType = Self.mediaTypes[fileExtension] else {
            return .failure(Failure(code: .unsupportedImage, reason: "is not a JPEG, PNG, GIF, SVG or WebP file"))
        }
        guard fileExists(URL(fileURLWithPath: realPath)) else {
            return .failure(Failure(code: .missingImage, reason: "is not a file"))
        }
        // The bytes must be the format the name promises: a reader shown a PNG labelled
        // image/jpeg may refuse it, and EPUBCheck does.
        let named = Self.formats[fileExtension]
        let info = checkFormat ? ImageInfo.read(URL(fileURLWithPath: realPath)) : nil
        if checkFormat, info?.format != named {
            let reason =
                if let info, let named {
                    "is \(info.format.withArticle) image, not \(named.withArticle) as its name says"
                } else if let named {
                    "is not \(named.withArticle) image: its first bytes match no image format"
                } else {
                    "is not an image"
                }
            return .failure(Failure(code: .imageMismatch, reason: reason))
        }
        var contents: Data?
        var removed: [String] = []
        if named == .svg {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: realPath)) else {
                return .failure(Failure(code: .missingImage, reason: "cannot be read"))
            }
            switch SVGSanitizer.sanitize(data) {
            case .failure(let refusal):
                return .failure(Failure(code: .unsafeImage, reason: refusal.reason))
            case .success(let cleaned):
                if !cleaned.removed.isEmpty { (contents, removed) = (cleaned.data, cleaned.removed) }
            }
        }
        return .success(File(realPath: realPath, fileExtension: fileExtension, mediaType: mediaType, contents: contents, removed: removed))
    }

    /// The href of `file` in the book, named after `requestedPath` the first time the file is
    /// registered (`isFirst`); names are claimed in the order images are registered.
    mutating func register(_ file: File, requestedPath path: String) -> (href: String, isFirst: Bool) {
        if let href = hrefByRealPath[file.realPath] { return (href, false) }
        let stem = Slug.fileStem(((path as NSString).lastPathComponent as NSString).deletingPathExtension, fallback: "image")
        let href = "images/" + names.claim(stem, suffix: "." + file.fileExtension)
        hrefByRealPath[file.realPath] = href
        assets.append(BookAsset(source: URL(fileURLWithPath: file.realPath), href: href, mediaType: file.mediaType, contents: file.contents))
        return (href, true)
    }
}
