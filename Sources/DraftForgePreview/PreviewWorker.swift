// The build worker's side (`draftforge preview-worker`): it reads one `PreviewBuildRequest` a
// line on standard input, builds, and writes one `PreviewBuildReply` a line on standard output,
// keeping its build cache from one build to the next. `serve` starts it and owns it: a crash here
// costs one build, never the server.
import DraftForgeKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif

public enum PreviewWorker {
    /// Tests only: a worker started with this set to a text crashes (SIGSEGV) in any build whose
    /// chapters hold that text, once the build has written its outputs, leaving a file in its
    /// temporary folder as a build killed midway does.
    public static let crashVariable = "DRAFTFORGE_TEST_CRASH_BUILD"

    /// Answers requests until standard input ends; the exit status.
    public static func run() -> Int32 {
        // serve stops it (Ctrl-C reaches the whole process group), and a write to a serve that
        // is gone must fail, not kill.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        // Replies go to the real standard output, and nothing else: anything printed goes to
        // standard error. Programs the build starts do not inherit the replies' pipe.
        let replies = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)
        guard replies >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else { return 1 }

        let marker = ProcessInfo.processInfo.environment[crashVariable].flatMap { $0.isEmpty ? nil : $0 }
        let runner = InProcessBuildRunner { options throws(BuildFailure) in
            var options = options
            if let marker, chapters(in: options.root, contain: marker) {
                options.progress = { if case .wrote = $0 { crash() } }
            }
            return try Pipeline.build(options)
        }
        var delta = ReplyDelta()
        while let line = readLine() {
            guard let request = try? WorkerJSON.decode(PreviewBuildRequest.self, from: Data(line.utf8)) else {
                FileHandle.standardError.write(Data("preview-worker: not a build request\n".utf8))
                return 2
            }
            let (report, result) = runner.run(request)
            guard let reply = try? WorkerJSON.encode(delta.reply(report)) else { return 1 }
            // The result goes once serve has its reply.
            guard withExtendedLifetime(result, { write(reply, to: replies) }) else { return 0 }  // serve is gone
        }
        return 0
    }

    private static func write(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { bytes in
            guard let start = bytes.baseAddress else { return true }
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(descriptor, start + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
    }

    // MARK: - Fault injection

    private static func chapters(in root: URL, contain marker: String) -> Bool {
        let chapters = root.appendingPathComponent("chapters")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: chapters.path)) ?? []
        return names.contains { name in
            let text = try? String(contentsOf: chapters.appendingPathComponent(name), encoding: .utf8)
            return text?.contains(marker) == true
        }
    }

    private static func crash() -> Never {
        let leftover = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-crashed-build")
        _ = FileManager.default.createFile(atPath: leftover.path, contents: Data("half a build\n".utf8))
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        raise(SIGSEGV)
        // Swift's crash reporter handled it (and printed a backtrace); this time it ends the worker.
        signal(SIGSEGV, SIG_DFL)
        raise(SIGSEGV)
        abort()
    }
}
