// The manuscript's writing history, from Git: one `git log` pass over the first-parent commits
// that change the manuscript folder, replayed file by file, and `git cat-file --batch` for the
// contents, each distinct blob counted once. Each day's snapshot applies the build's rules as
// of that day's last commit: the config's chapters folder and outline, and `exclude`.
import Foundation

/// What the Git history adds to the stats.
struct HistoryReport: Sendable, Equatable {
    /// One snapshot per day with a commit, newest first.
    var snapshots: [StatsSnapshot] = []
    var lastCommitSHA: String?
    var lastCommitAt: String?
    var totalCommits = 0
    /// The word count at HEAD; nil when there is no repository to compare with.
    var headWordCount: Int?
    var complete: Bool
    var note: String?
    /// Distinct chapter blobs parsed and counted.
    var blobsCounted = 0
}

/// Reads a manuscript's history from the repository that holds it.
struct GitHistory {
    /// The manuscript folder; it may be any folder inside a repository.
    let root: URL

    /// One commit of the log, with the manuscript files it adds, changes or removes.
    struct Commit {
        var sha: String
        /// `%aI`: the author date in the author's own time zone.
        var authorDate: String
        /// Paths relative to the manuscript root; a nil blob means the file is gone (or is no
        /// longer a regular file).
        var changes: [(path: String, blob: String?)]

        var day: String { String(authorDate.prefix(10)) }
    }

    /// With a cache, a history already read at the same HEAD commit is reused: the log of a
    /// long-lived repository takes seconds, and `serve` rebuilds on every save.
    /// `head`, when given, says which commit HEAD is (nil: none yet) instead of asking git again.
    func read(cache: BuildCache? = nil, head: (() -> String?)? = nil) -> HistoryReport {
        // Outside any repository, git would only say so, after a process start on every rebuild.
        guard Git.mayBeRepository(root) else { return Self.notARepository }
        guard let probe = Git.run(["rev-parse", "--is-shallow-repository", "--git-path", "shallow"], in: root)
        else { return HistoryReport(complete: false, note: "git was not found, so the history could not be read") }
        guard probe.status == 0 else {
            if probe.stderr.contains("not a git repository") { return Self.notARepository }
            return HistoryReport(complete: false, note: "git could not read the repository: \(probe.message)")
        }
        let lines = probe.text.split(separator: "\n").map(String.init)
        let shallow = lines.first == "true"

        let headCommit: String? = if let head { head() } else {
            Git.run(["rev-parse", "-q", "--verify", "HEAD^{commit}"], in: root).flatMap {
                $0.status == 0 ? $0.text.trimmingCharacters(in: .whitespacesAndNewlines) : nil
            }
        }
        guard let headCommit else {
            return HistoryReport(headWordCount: 0, complete: true, note: "the repository has no commits yet")
        }
        let cacheKey = [root.standardizedFileURL.path, headCommit, String(shallow)]
            .joined(separator: "\n")
        if let cached = cache?.history(cacheKey) { return cached }
        let report = readLog(shallow: shallow, shallowFile: lines.count > 1 ? lines[1] : nil)
        cache?.setHistory(report, for: cacheKey)
        return report
    }

    private static let notARepository = HistoryReport(complete: false, note: "the manuscript is not in a Git repository")

    private func readLog(shallow: Bool, shallowFile: String?) -> HistoryReport {
        let arguments = [
            "log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--raw", "--no-abbrev", "-z",
            "--relative", "--no-color", "--format=%x01%H %aI", "HEAD", "--", ".",
        ]
        guard let log = Git.run(arguments, in: root), log.status == 0 else {
            return HistoryReport(complete: false, note: "git log failed, so the history could not be read")
        }
        let commits = Array(Self.parseLog(log.stdout).reversed())
        guard let oldest = commits.first else {
            return HistoryReport(
                headWordCount: 0, complete: !shallow,
                note: shallow ? Self.shallowNote(since: nil) : "no commit changes the manuscript folder yet")
        }
        // In a shallow clone the oldest commit we have stands in for everything before it: its
        // words are where counting starts, not words written that day.
        let shallowRoots = shallow ? shallowBoundary(shallowFile) : []
        let startsAtBoundary = shallowRoots.contains(oldest.sha)

        var report = replay(commits, baselineFromOldest: startsAtBoundary)
        report.complete = !shallow
        report.note = shallow ? Self.shallowNote(since: oldest.day) : nil
        return report
    }

    static func shallowNote(since day: String?) -> String {
        let start = day.map { "only commits since \($0) are present" } ?? "older commits are missing"
        return "the repository is a shallow clone, so the history is partial: \(start); "
            + "fetch the rest with 'git fetch --unshallow' (in GitHub Actions, 'fetch-depth: 0')"
    }

    /// The commits at the edge of a shallow clone, from `$GIT_DIR/shallow`.
    private func shallowBoundary(_ path: String?) -> Set<String> {
        guard let path, let data = FileManager.default.contents(atPath: URL(fileURLWithPath: path, relativeTo: root).path)
        else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    // MARK: - Replaying the log

    /// Rebuilds the manuscript's files commit by commit (oldest first) and measures the last
    /// commit of each day.
    func replay(_ commits: [Commit], baselineFromOldest: Bool) -> HistoryReport {
        var lastOfDay: [String: Int] = [:]
        var commitsOfDay: [String: Int] = [:]
        for (index, commit) in commits.enumerated() {
            lastOfDay[commit.day] = index
            commitsOfDay[commit.day, default: 0] += 1
        }
        var measured = Set(lastOfDay.values)
        measured.insert(commits.count - 1)
        if baselineFromOldest { measured.insert(0) }

        let objects = GitObjectReader(in: root)
        var files: [String: String] = [:]
        var rules = ChapterRules.defaults
        var configBlob: String?
        var plans: [Int: [ChapterRules.ChapterBlob]] = [:]
        for (index, commit) in commits.enumerated() {
            for change in commit.changes { files[change.path] = change.blob }
            let name = ConfigLoader.fileNames.first { files[$0] != nil }
            let blob = name.flatMap { files[$0] }
            if blob != configBlob {
                configBlob = blob
                if let name, let blob {
                    // A config that does not load leaves the last one that did in force.
                    if let data = objects?.read([blob]).first ?? nil, let config = ChapterRules(config: data, fileName: name) {
                        rules = config
                    }
                } else {
                    rules = .defaults
                }
            }
            if measured.contains(index) { plans[index] = rules.chapters(in: files) }
        }

        var counter = BlobCounter()
        let needed = Set(plans.values.joined())
        counter.count(needed, with: objects)

        func totals(_ index: Int) -> (words: Int, chapters: Int) {
            var words = 0
            var chapters = 0
            for chapter in plans[index] ?? [] {
                guard let measure = counter.measures[chapter], !measure.excluded else { continue }
                words += measure.words
                chapters += 1
            }
            return (words, chapters)
        }

        var snapshots: [StatsSnapshot] = []
        var previous = baselineFromOldest ? totals(0).words : 0
        for day in lastOfDay.keys.sorted() {
            let (words, chapters) = totals(lastOfDay[day]!)
            snapshots.append(StatsSnapshot(
                date: day, wordCount: words, chapterCount: chapters, wordsWrittenToday: words - previous,
                commits: commitsOfDay[day] ?? 0))
            previous = words
        }
        let newest = commits[commits.count - 1]
        return HistoryReport(
            snapshots: snapshots.reversed(), lastCommitSHA: newest.sha, lastCommitAt: newest.authorDate,
            totalCommits: commits.count, headWordCount: totals(commits.count - 1).words, complete: true,
            blobsCounted: counter.blobsCounted)
    }

    // MARK: - Parsing `git log -z --raw`

    /// Parses records of the form `\u{1}<sha> <author date>\0\n` followed by raw entries
    /// `:<mode> <mode> <blob> <blob> <status>\0<path>\0`.
    static func parseLog(_ data: Data) -> [Commit] {
        var commits: [Commit] = []
        let bytes = [UInt8](data)
        var index = 0
        func field(until terminator: UInt8) -> ArraySlice<UInt8> {
            let start = index
            while index < bytes.count, bytes[index] != terminator { index += 1 }
            let slice = bytes[start..<index]
            index += 1
            return slice
        }
        while index < bytes.count {
            guard bytes[index] == 0x01 else {
                index += 1
                continue
            }
            index += 1
            let header = String(decoding: field(until: 0x00), as: UTF8.self).split(separator: " ")
            guard header.count >= 2 else { continue }
            var commit = Commit(sha: String(header[0]), authorDate: String(header[1]), changes: [])
            while index < bytes.count, bytes[index] != 0x01 {
                if bytes[index] == 0x0A {
                    index += 1
                    continue
                }
                let meta = String(decoding: field(until: 0x00), as: UTF8.self)
                let path = String(decoding: field(until: 0x00), as: UTF8.self)
                let parts = meta.split(separator: " ")
                guard meta.hasPrefix(":"), parts.count >= 5 else { continue }
                let regularFile = parts[1] == "100644" || parts[1] == "100755"
                commit.changes.append((path, regularFile ? String(parts[3]) : nil))
            }
            commits.append(commit)
        }
        return commits
    }
}

/// The build's rules for which files are chapters, as one commit's config states them.
struct ChapterRules {
    /// A chapter file in a commit, by blob; `smartPunctuation` changes how it parses.
    struct ChapterBlob: Hashable {
        var path: String
        var blob: String
        var smartPunctuation: Bool
    }

    var chaptersDirectory: String
    /// The chapters the outline lists, when there is an outline.
    var outline: Set<String>?
    var smartPunctuation: Bool

    static let defaults = ChapterRules(chaptersDirectory: "chapters", outline: nil, smartPunctuation: true)

    init(chaptersDirectory: String, outline: Set<String>?, smartPunctuation: Bool) {
        self.chaptersDirectory = chaptersDirectory.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        self.outline = outline
        self.smartPunctuation = smartPunctuation
    }

    /// The rules of a config file's contents, or nil when it does not load.
    init?(config data: Data, fileName: String) {
        var warnings: [Diagnostic] = []
        guard let text = try? decodeText(data, name: fileName),
            let config = try? ConfigLoader(root: URL(fileURLWithPath: "/")).load(
                text: text, fileName: fileName, warnings: &warnings)
        else { return nil }
        let outline = config.outline.map { entries in
            Set(entries.flatMap { entry -> [String] in
                switch entry {
                case .chapter(let chapter): return [chapter.name]
                case .part(_, let chapters, _): return chapters.map(\.name)
                }
            })
        }
        self.init(
            chaptersDirectory: config.chaptersDirectory, outline: outline, smartPunctuation: config.smartPunctuation)
    }

    /// The chapter files among `files` (paths relative to the manuscript root → blobs): the
    /// visible `.md` files directly in the chapters folder, limited to the outline if there is one.
    func chapters(in files: [String: String]) -> [ChapterBlob] {
        let prefix = chaptersDirectory.isEmpty ? "" : chaptersDirectory + "/"
        // Order does not change a count, so unlike the load stage this does not sort.
        return files.compactMap { path, blob -> ChapterBlob? in
            guard path.hasPrefix(prefix) else { return nil }
            let file = String(path.dropFirst(prefix.count))
            guard !file.contains("/"), LoadStage.isChapterFile(file),
                outline?.contains(String(file.dropLast(3))) ?? true
            else { return nil }
            return ChapterBlob(path: path, blob: blob, smartPunctuation: smartPunctuation)
        }
    }
}

/// Counts chapter blobs, each distinct one once.
struct BlobCounter {
    struct Measure: Equatable {
        var words: Int
        var excluded: Bool
    }

    private(set) var measures: [ChapterRules.ChapterBlob: Measure] = [:]
    private(set) var blobsCounted = 0

    mutating func count(_ chapters: Set<ChapterRules.ChapterBlob>, with objects: GitObjectReader?) {
        // The same blob under another name counts the same; read each id once.
        let ids = Array(Set(chapters.map(\.blob)))
        let contents = objects?.read(ids) ?? []
        var byID: [String: Data] = [:]
        for (id, data) in zip(ids, contents) { byID[id] = data }
        var byContent: [String: Measure] = [:]
        for chapter in chapters {
            let key = chapter.blob + (chapter.smartPunctuation ? "" : ":plain")
            if let known = byContent[key] {
                measures[chapter] = known
                continue
            }
            var counted = Measure(words: 0, excluded: false)
            if let data = byID[chapter.blob] {
                counted = measure(data, path: chapter.path, smartPunctuation: chapter.smartPunctuation)
            }
            byContent[key] = counted
            measures[chapter] = counted
            blobsCounted += 1
        }
    }

    /// What a chapter's front matter means for counting, by its YAML text: versions of a chapter
    /// mostly share their front matter, so each distinct block is decoded once.
    private enum FrontMatterEffect {
        case excluded, countAfterIt, countEverything
    }
    private var frontMatterEffects: [String: FrontMatterEffect] = [:]

    /// One chapter file's words, read as the build reads it. Text that the build would reject
    /// still counts as well as it can: bad front matter is skipped, bytes that are not UTF-8
    /// count nothing.
    mutating func measure(_ data: Data, path: String, smartPunctuation: Bool) -> Measure {
        guard let text = try? decodeText(data, name: path) else { return Measure(words: 0, excluded: false) }
        var body = text
        if let fence = FrontMatterReader.fence(text) {
            let effect = frontMatterEffects[fence.yaml] ?? {
                var warnings: [Diagnostic] = []
                let effect: FrontMatterEffect
                do {
                    let (frontMatter, _, offset) = try FrontMatterReader.split(text, file: path, warnings: &warnings)
                    effect = frontMatter.exclude ? .excluded : offset == 0 ? .countEverything : .countAfterIt
                } catch {
                    effect = .countAfterIt
                }
                frontMatterEffects[fence.yaml] = effect
                return effect
            }()
            switch effect {
            case .excluded: return Measure(words: 0, excluded: true)
            case .countAfterIt: body = fence.body
            case .countEverything: break
            }
        }
        return Measure(words: WordCounter.count(markdown: body, smartPunctuation: smartPunctuation).words, excluded: false)
    }
}
