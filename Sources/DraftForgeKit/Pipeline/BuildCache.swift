// What one build hands the next in the same process (`draftforge serve`), each table keyed by
// what its values are made from: a chapter's parse (with its prose for the stats and the
// continuity checks) by the chapter's text, its structure pass by the parse and the ids claimed,
// its serialized pages by the chapter's fingerprint. A save then re-does only the chapters it
// changed; the book-wide steps (ids, links, rules, the site's pages) still run on everything, so
// the output is the same as a cold build's. The build context hands it to each stage.
import Foundation

public final class BuildCache: @unchecked Sendable {
    /// A chapter as parsed, before ids are given: what `RenderStage` can reuse.
    struct ParsedChapter {
        var nodes: [HTMLNode]
        /// The prose the stats and the continuity rules read, from the same parse.
        var prose: ChapterProse
        var count: ProseCount
        /// The text of the first heading: the title unless front matter gives one.
        var heading: String?
        /// Body lines holding raw HTML.
        var rawHTMLLines: [Int]
        /// Raw elements the sanitizer removed, to warn of on every build.
        var removedHTML: [RemovedElement]
        /// Where the tree was too deep and kept as text, to warn of on every build.
        var flattenedLine: Int?
        /// Formulas shown as TeX because they did not convert, to warn of on every build.
        var mathProblems: [(span: MathSpan, failure: MathRenderer.Failure)] = []
        /// Holds at least one formula set as MathML.
        var hasMath = false
        /// What the accessibility checks found in the text, to report on every build.
        var accessibilityProblems: [AccessibilityProblem] = []
        /// Changes whenever the chapter's text does: part of `RenderedChapter.fingerprint`.
        var revision: Int
    }

    /// A chapter after the structure pass (ids, notes, repairs), and the ids it claimed: valid
    /// while its parse and title are the same and the same claims get the same ids.
    struct StructuredChapter {
        var revision: Int
        /// The title the pass was given; nil when the page shows none.
        var title: String?
        var claims: [IDRegistry.Claim]
        var body: [HTMLNode]
        var notes: [ChapterNote]
        var anchors: ChapterAnchors
    }

    /// A serialized piece of a chapter: its XHTML for one output, or its search sections.
    struct FragmentKey: Hashable {
        var fingerprint: Int
        var purpose: String
    }

    /// A code block's text (as bytes, as for `ParseKey`) and its language.
    private struct HighlightKey: Hashable {
        var code: Data
        var language: CodeLanguage
    }

    /// What a parse is made from: the text's bytes (two texts equal as Swift strings, NFC and
    /// NFD, may parse differently) and the options that change it.
    private struct ParseKey: Hashable {
        let bytes: Data
        let options: ParseOptions
        /// The bytes hashed once: a key is looked up several times a build, and a book's keys
        /// hold all its text (hashing it each time was a tenth of a `serve` rebuild).
        let bytesHash: Int

        init(bytes: Data, options: ParseOptions) {
            self.bytes = bytes
            self.options = options
            var hasher = Hasher()
            hasher.combine(bytes)
            bytesHash = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(bytesHash)
            hasher.combine(options)
        }

        static func == (a: ParseKey, b: ParseKey) -> Bool {
            a.bytesHash == b.bytesHash && a.options == b.options && a.bytes == b.bytes
        }

        /// Whether this key is `body`'s with `options`, compared without making the body's key.
        func holds(_ body: String, options: ParseOptions) -> Bool {
            guard options == self.options, body.utf8.count == bytes.count else { return false }
            var body = body
            return body.withUTF8 { text in
                bytes.withUnsafeBytes { key in text.isEmpty || memcmp(key.baseAddress!, text.baseAddress!, text.count) == 0 }
            }
        }
    }

    /// The config a chapter's parse depends on besides its text.
    struct ParseOptions: Hashable {
        var smartPunctuation: Bool
        var highlightsCode: Bool
        var hiddenLinePrefixes: [String: String]
        var math: ManuscriptConfig.MathSyntax
        var quotes: QuotationMarks?
        /// French spacing before `; ! ? :` (smart punctuation in a French text).
        var frenchSpacing: Bool
        /// The chapter's language (the accessibility checks read its script).
        var language: String

        init(_ config: ManuscriptConfig) {
            language = config.language
            smartPunctuation = config.smartPunctuation
            highlightsCode = config.code.highlight
            hiddenLinePrefixes = config.hiddenLinePrefixes
            math = config.math
            quotes = config.smartPunctuation ? config.quotationMarks : nil
            frenchSpacing = config.smartPunctuation && FrenchSpacing.applies(to: config.language)
        }
    }

    private let lock = NSLock()
    private var parsed: [ParseKey: ParsedChapter] = [:]
    private var usedParses: Set<ParseKey> = []
    /// Each chapter's key in the last build, by path: an unchanged chapter's text is compared
    /// with it instead of copied and hashed.
    private var parseKeys: [String: ParseKey] = [:]
    private var texts: [String: (identity: FileIdentity, text: String)] = [:]
    private var textsRead: Set<String> = []
    private var structured: [String: StructuredChapter] = [:]
    fileprivate var fragments: [FragmentKey: String] = [:]
    fileprivate var byteFragments: [FragmentKey: [UInt8]] = [:]
    private var usedFragments: Set<FragmentKey> = []
    private var highlights: [HighlightKey: [HTMLNode]] = [:]
    private var usedHighlights: Set<HighlightKey> = []
    private var nextRevision = 0
    private var histories: [String: HistoryReport] = [:]
    private var lastCommitDates: [String: Date?] = [:]
    private var ruleStates: [String: AnyObject] = [:]
    private var site: SitePackager.EarlierSite?
    /// Chapters parsed (cache misses) since the cache was made; tests read it.
    private(set) var chaptersParsed = 0
    private(set) var blocksHighlighted = 0

    public init() {}

    /// The parse of a chapter's text, made once for each text: a renamed or moved chapter is
    /// not parsed again.
    /// `options` identifies what else the parse depends on (`ParseOptions`).
    func parsed(path: String, body: String, options: ParseOptions, make: () -> ParsedChapter) -> ParsedChapter {
        let last = lock.withLock { parseKeys[path] }
        let key = last.flatMap { $0.holds(body, options: options) ? $0 : nil } ?? ParseKey(bytes: Data(body.utf8), options: options)
        if let cached = lock.withLock({ () -> ParsedChapter? in
            usedParses.insert(key)
            parseKeys[path] = key
            return parsed[key]
        }) {
            return cached
        }
        var value = make()
        lock.withLock {
            chaptersParsed += 1
            nextRevision += 1
            value.revision = nextRevision
            parsed[key] = value
        }
        return value
    }

    /// How many seconds a file must be unchanged before its text is kept (tests lower it).
    var settledAge = 2

    /// A file's text as `read` made it, again while the file is unchanged: the same device,
    /// inode, size, and modification and change times. A file changed less than `settledAge` before
    /// it was read is read again next time: a second write within the clock's tick would leave
    /// the times as they were (Git's "racy" entries).
    func fileText(atPath path: String, read: () throws(Diagnostic) -> String) throws(Diagnostic) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return try read() }
        let identity = FileIdentity(info)
        if let known = lock.withLock({ () -> (identity: FileIdentity, text: String)? in
            textsRead.insert(path)
            return texts[path]
        }), known.identity == identity {
            return known.text
        }
        let text = try read()
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let settled = now.tv_sec - max(info.st_mtim.tv_sec, info.st_ctim.tv_sec) >= settledAge
        lock.withLock { texts[path] = settled ? (identity, text) : nil }
        return text
    }

    /// What `stat` says of a file that changes whenever its content does.
    private struct FileIdentity: Equatable {
        var device: UInt
        var inode: UInt
        var size: Int
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
        var changedSeconds: Int
        var changedNanoseconds: Int

        init(_ info: stat) {
            device = UInt(info.st_dev)
            inode = UInt(info.st_ino)
            size = Int(info.st_size)
            modifiedSeconds = info.st_mtim.tv_sec
            modifiedNanoseconds = info.st_mtim.tv_nsec
            changedSeconds = info.st_ctim.tv_sec
            changedNanoseconds = info.st_ctim.tv_nsec
        }
    }

    /// The chapter's structure pass as the last build made it, when made from the same parse and title.
    func structured(path: String, revision: Int, title: String?) -> StructuredChapter? {
        lock.withLock { structured[path] }.flatMap { $0.revision == revision && $0.title == title ? $0 : nil }
    }

    func setStructured(_ chapter: StructuredChapter, path: String) {
        lock.withLock { structured[path] = chapter }
    }

    /// A serialized piece of a rendered chapter, as text or as UTF-8 bytes (the EPUB's pages,
    /// which are written as bytes); nil fingerprints are never cached.
    func fragment<Value: FragmentValue>(_ fingerprint: Int?, _ purpose: String, make: () -> Value) -> Value {
        guard let fingerprint else { return make() }
        return memoized(FragmentKey(fingerprint: fingerprint, purpose: purpose), in: Value.table, used: \.usedFragments, make: make)
    }

    /// A code block's text as token spans, made once for each text and language: highlighting
    /// runs after the book-wide passes, on every chapter of every build.
    func highlighted(_ code: String, language: CodeLanguage, make: () -> [HTMLNode]) -> [HTMLNode] {
        memoized(HighlightKey(code: Data(code.utf8), language: language), in: \.highlights, used: \.usedHighlights) {
            lock.withLock { blocksHighlighted += 1 }
            return make()
        }
    }

    /// `table`'s value for `key`, made by `make` outside the lock when missing; the key is kept
    /// past `endBuild` as used.
    private func memoized<Key: Hashable, Value>(
        _ key: Key, in table: ReferenceWritableKeyPath<BuildCache, [Key: Value]>,
        used: ReferenceWritableKeyPath<BuildCache, Set<Key>>, make: () -> Value
    ) -> Value {
        if let cached = lock.withLock({ () -> Value? in
            self[keyPath: used].insert(key)
            return self[keyPath: table][key]
        }) {
            return cached
        }
        let value = make()
        lock.withLock { self[keyPath: table][key] = value }
        return value
    }

    /// What a continuity rule keeps between builds: an object the rule updates itself (rules
    /// run side by side, each with its own key; builds do not overlap).
    func ruleState<State: AnyObject>(_ key: String, make: () -> State) -> State {
        lock.withLock {
            if let state = ruleStates[key] as? State { return state }
            let state = make()
            ruleStates[key] = state
            return state
        }
    }

    /// The site the last build wrote, and what each of its pages was made of: a page made of
    /// the same strings is linked from it without being read.
    var lastSite: SitePackager.EarlierSite? {
        get { lock.withLock { site } }
        set { lock.withLock { site = newValue } }
    }

    /// The Git history read at one HEAD commit of one repository.
    func history(_ key: String) -> HistoryReport? { lock.withLock { histories[key] } }

    func setHistory(_ report: HistoryReport, for key: String) {
        lock.withLock { histories = [key: report] }
    }

    /// The date of the last commit touching a folder, as found at one HEAD commit; nil when
    /// not looked for, `.some(nil)` when git found none.
    func lastCommitDate(_ key: String) -> Date?? { lock.withLock { lastCommitDates[key] } }

    func setLastCommitDate(_ date: Date?, for key: String) {
        lock.withLock { lastCommitDates = [key: date] }
    }

    /// Forgets what the build just finished did not use: chapters deleted or renamed, pieces of
    /// earlier versions of a chapter.
    func endBuild(chapterPaths: Set<String>) {
        lock.withLock {
            parsed = parsed.filter { usedParses.contains($0.key) }
            usedParses = []
            parseKeys = parseKeys.filter { chapterPaths.contains($0.key) }
            texts = texts.filter { textsRead.contains($0.key) }
            textsRead = []
            structured = structured.filter { chapterPaths.contains($0.key) }
            fragments = fragments.filter { usedFragments.contains($0.key) }
            byteFragments = byteFragments.filter { usedFragments.contains($0.key) }
            usedFragments = []
            highlights = highlights.filter { usedHighlights.contains($0.key) }
            usedHighlights = []
        }
    }
}

extension Optional where Wrapped == BuildCache {
    /// Without a cache, `make` runs every time.
    func fragment<Value: FragmentValue>(_ fingerprint: Int?, _ purpose: String, make: () -> Value) -> Value {
        self?.fragment(fingerprint, purpose, make: make) ?? make()
    }
}

/// What a fragment is kept as, each in a table of its own.
protocol FragmentValue {
    static var table: ReferenceWritableKeyPath<BuildCache, [BuildCache.FragmentKey: Self]> { get }
}

extension String: FragmentValue {
    static var table: ReferenceWritableKeyPath<BuildCache, [BuildCache.FragmentKey: String]> { \.fragments }
}

extension Array: FragmentValue where Element == UInt8 {
    static var table: ReferenceWritableKeyPath<BuildCache, [BuildCache.FragmentKey: [UInt8]]> { \.byteFragments }
}
