// Runs git, read-only and inert: short commands whose whole output is read at once, and one
// `git cat-file --batch` process that streams blob contents.
import Foundation

/// A git command's result.
struct GitOutput {
    var status: Int32
    var stdout: Data
    var stderr: String

    var text: String { String(decoding: stdout, as: UTF8.self) }
    /// The first line git wrote to standard error, without its `fatal: ` prefix.
    var message: String {
        let line = stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
        return line.hasPrefix("fatal: ") ? String(line.dropFirst(7)) : line
    }
}

/// The one way DraftForge starts git: read-only and inert. A repository's own config (or a
/// `.gitattributes` naming a filter) must not make a build run a program, and a build must not
/// rewrite `.git/index`; every caller (the history, the build date, the manifest's Git state,
/// the continuity report's commit) goes through here.
enum Git {
    /// Settings that keep output parseable whatever the user's config says.
    static let fixedConfig = [
        "-c", "log.showRoot=true", "-c", "log.follow=false", "-c", "log.showSignature=false",
        "-c", "core.quotePath=false", "-c", "color.ui=false",
    ]

    /// Settings that stop the repository's config from running programs: the file-system
    /// monitor (`core.fsmonitor`, run by `status`), hooks, submodule recursion, a pager, and
    /// any transport (a partial clone would otherwise fetch a missing object, through whatever
    /// remote helper or SSH command the config names).
    static let inertConfig = [
        "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false",
        "-c", "submodule.recurse=false", "-c", "core.pager=cat", "-c", "protocol.allow=never",
    ]

    /// `git --no-pager --no-optional-locks -C directory`, the inert and fixed settings, then
    /// `arguments`, in the inert `environment()`.
    static func process(_ arguments: [String], in directory: URL, extraConfig: [String] = []) -> ChildProcess {
        .onPath(
            "git", ["--no-pager", "--no-optional-locks", "-C", directory.path] + inertConfig + fixedConfig + extraConfig + arguments,
            environment: environment())
    }

    /// Runs `git -C directory arguments`. Returns nil when git itself cannot be started.
    /// `readsWorkTree` is for commands that compare files with the index (`status`): a file
    /// whose timestamps changed is hashed again, through any clean filter its attributes name,
    /// so every filter the config defines is switched off first (see `filterOverrides`).
    /// When a filter cannot be switched off, the command is not run and fails.
    static func run(_ arguments: [String], in directory: URL, readsWorkTree: Bool = false) -> GitOutput? {
        var extraConfig: [String] = []
        if readsWorkTree {
            guard let overrides = filterOverrides(in: directory) else {
                return GitOutput(status: 1, stdout: Data(), stderr: "a filter's name cannot be switched off; not run")
            }
            extraConfig = overrides
        }
        // `env` exits with 127 when it cannot find git.
        guard let outcome = try? process(arguments, in: directory, extraConfig: extraConfig).run(), outcome.status != 127 else {
            return nil
        }
        return GitOutput(status: outcome.status, stdout: outcome.output, stderr: String(decoding: outcome.errors, as: UTF8.self))
    }

    /// The trimmed standard output of a command that succeeded, or nil (without starting git
    /// when `directory` cannot be in a repository).
    static func text(_ arguments: [String], in directory: URL, readsWorkTree: Bool = false) -> String? {
        guard mayBeRepository(directory), let output = run(arguments, in: directory, readsWorkTree: readsWorkTree), output.status == 0 else {
            return nil
        }
        return output.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `directory` can be inside a Git repository: a `.git` (folder, file or link) in it
    /// or a folder above it, a bare repository's `HEAD`, `objects` and `refs`, or `GIT_DIR` or
    /// `GIT_WORK_TREE` set. Outside one (chapters not yet committed, a temporary copy), the build
    /// date, the commit and the branch each started a git process only to see it fail: a tenth
    /// of a small book's build.
    static func mayBeRepository(_ directory: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if environment["GIT_DIR"] != nil || environment["GIT_WORK_TREE"] != nil { return true }
        var path = directory.standardizedFileURL.path
        guard path.hasPrefix("/") else { return true }
        func exists(_ name: String) -> Bool {
            var info = stat()
            return lstat(path == "/" ? "/" + name : path + "/" + name, &info) == 0
        }
        while true {
            if exists(".git") || (exists("HEAD") && exists("objects") && exists("refs")) { return true }
            if path == "/" { return false }
            path = (path as NSString).deletingLastPathComponent
            if path.isEmpty { return false }
        }
    }

    /// `-c filter.NAME.clean= -c filter.NAME.smudge= -c filter.NAME.process= -c
    /// filter.NAME.required=false` for every filter driver the config defines (the repository's
    /// `.git/config` included): an empty command is no filter, and a later `-c` wins over the
    /// config files. Listing the config runs nothing. nil when a name holds '=' (`-c` splits at
    /// the first one, so the filter would stay on; GIT_CONFIG_KEY_n would not, but git before
    /// 2.31 ignores it). Git LFS is a filter too, so an LFS file whose timestamps changed counts
    /// as changed.
    static func filterOverrides(in directory: URL) -> [String]? {
        guard let listing = run(["config", "-z", "--name-only", "--get-regexp", #"^filter\..*\.(clean|smudge|process|required)$"#], in: directory),
            listing.status == 0
        else { return [] }
        var drivers: [String] = []
        for key in listing.text.split(separator: "\0") {
            let name = key.dropFirst("filter.".count).split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
            if name.contains("=") { return nil }
            if !drivers.contains(name) { drivers.append(name) }
        }
        return drivers.flatMap { name in
            ["clean=", "smudge=", "process=", "required=false"].flatMap { ["-c", "filter.\(name).\($0)"] }
        }
    }

    /// The process environment, minus what would make git prompt, page, take optional locks
    /// (`status` would rewrite `.git/index`), read the system-wide config or fetch lazily.
    static func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_PAGER"] = "cat"
        environment["PAGER"] = "cat"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_ASKPASS"] = "/bin/false"
        environment["SSH_ASKPASS"] = "/bin/false"
        environment["GIT_EXTERNAL_DIFF"] = nil
        environment["GIT_NO_LAZY_FETCH"] = "1"
        return environment
    }
}

/// Reads blobs through one `git cat-file --batch` process.
final class GitObjectReader {
    private let git: RunningProcess
    private var buffer = Data()
    private var position = 0

    init?(in directory: URL) {
        guard let git = try? Git.process(["cat-file", "--batch"], in: directory).start() else { return nil }
        self.git = git
    }

    /// The contents of each object, in order; nil for an object git does not have.
    func read(_ ids: [String]) -> [Data?] {
        guard !ids.isEmpty else { return [] }
        let request = Data(ids.map { $0 + "\n" }.joined().utf8)
        return git.send(request) {
            var result: [Data?] = []
            result.reserveCapacity(ids.count)
            for _ in ids {
                guard let header = readLine() else { break }
                // "<id> <type> <size>", or "<id> missing".
                let fields = header.split(separator: " ")
                guard fields.count == 3, let size = Int(fields[2]), let data = readBytes(size + 1) else {
                    result.append(nil)
                    continue
                }
                result.append(data.prefix(size))
            }
            while result.count < ids.count { result.append(nil) }
            return result
        }
    }

    private func fill() -> Bool {
        if position > 0 {
            buffer.removeSubrange(buffer.startIndex..<(buffer.startIndex + position))
            position = 0
        }
        let chunk = git.output.availableData
        guard !chunk.isEmpty else { return false }
        buffer.append(chunk)
        return true
    }

    private func readLine() -> String? {
        while true {
            if let newline = buffer[(buffer.startIndex + position)...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[(buffer.startIndex + position)..<newline], as: UTF8.self)
                position = newline - buffer.startIndex + 1
                return line
            }
            guard fill() else { return nil }
        }
    }

    private func readBytes(_ count: Int) -> Data? {
        while buffer.count - position < count {
            guard fill() else { return nil }
        }
        let start = buffer.startIndex + position
        let data = buffer.subdata(in: start..<(start + count))
        position += count
        return data
    }
}
