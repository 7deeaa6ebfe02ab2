import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

@Suite("Export manifest")
struct ManifestTests {
    static let clock = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    private func options(_ manuscript: TestManuscript, environment: [String: String] = [:]) -> BuildOptions {
        var options = manuscript.options()
        options.environment.merge(environment) { $1 }
        options.now = { Self.clock }
        return options
    }

    @Test func everyFieldMatchesTheFilesOnDisk() throws {
        let manuscript = try TestManuscript.minimal()
        let result = try Pipeline.build(options(manuscript))
        let manifest = try #require(ManifestStore.read(in: manuscript.dist))
        #expect(manifest.project == .init(title: "Test Book", slug: "test-book", identifier: BookIdentifier.make(for: {
            var config = ManuscriptConfig(file: "draftforge.yml", title: "Test Book", slug: "test-book")
            config.authors = ["Ann Author"]
            return config
        }())))
        let build = try #require(manifest.builds.first)
        #expect(build.version == 1)
        #expect(result.version == 1)
        #expect(build.bookVersion == nil)
        #expect(build.toolVersion == DraftForgeVersion.current)
        #expect(build.sourceRef == nil)  // not a Git repository
        #expect(build.dirty == false)
        #expect(build.startedAt == "2027-01-15T08:00:00Z")
        guard case .object(let stats) = build.stats else {
            Issue.record("the build record has no stats")
            return
        }
        #expect(stats["word_count"] == .number(Double(result.wordCount)))
        let job = try #require(build.exportJobs.first)
        let file = manuscript.dist.appendingPathComponent("test-book.epub")
        let data = try Data(contentsOf: file)
        #expect(job.exportType == "epub")
        #expect(job.exportFormatVersion == "3.3")
        #expect(job.status == .completed)
        #expect(job.progressPercent == 100)
        #expect(job.outputURL == "test-book.epub")
        #expect(job.outputSizeBytes == data.count)
        #expect(job.outputChecksum == Checksum.sha256(of: data))
        #expect(job.outputChecksum?.count == 64)
        #expect(job.expiresAt == "2027-02-14T08:00:00Z")
        #expect(job.errorMessage == nil)
        #expect(job.buildLog == "wrote test-book.epub (\(data.count) bytes)")
        #expect(job.durationSeconds == 0)
        #expect(job.settings["template"] == .string("default"))
        #expect(job.id.range(of: #"^[0-9a-f]{8}-[0-9a-f]{4}-5"#, options: .regularExpression) != nil)

        // The JSON keeps the platform's names, and null where a value is absent.
        let json = try String(contentsOf: manuscript.dist.appendingPathComponent("manifest.json"), encoding: .utf8)
        for key in [
            "\"export_jobs\"", "\"export_type\"", "\"export_format_version\"", "\"source_ref\" : null",
            "\"source_branch\" : null", "\"progress_percent\"", "\"output_url\"", "\"output_size_bytes\"",
            "\"output_checksum\"", "\"expires_at\"", "\"error_message\" : null", "\"build_log\"", "\"started_at\"",
            "\"completed_at\"", "\"duration_seconds\"", "\"created_at\"", "\"book_version\" : null", "\"tool_version\"",
            "\"agent_run\"", "\"stats\"", "\"dirty\" : false",
        ] {
            #expect(json.contains(key), "manifest.json lacks \(key)")
        }
    }

    /// `build -v` prints each stage's peak memory: on Linux every stage has one, and it never falls.
    @Test func eachStageReportsThePeakMemorySoFar() throws {
        let manuscript = try TestManuscript.minimal()
        let result = try Pipeline.build(options(manuscript))
        let peaks = result.timings.compactMap(\.peakMegabytes)
        #expect(result.timings.map(\.stage).prefix(3) == ["load", "render", "analyze"])
        #if os(Linux)
        #expect(peaks.count == result.timings.count)
        #expect(peaks.allSatisfy { $0 > 0 })
        #expect(peaks == peaks.sorted())
        #endif
    }

    @Test func versionsCountUpAndHistoryIsCapped() throws {
        let manuscript = try TestManuscript.minimal()
        for _ in 1...3 { _ = try Pipeline.build(options(manuscript)) }
        #expect(ManifestStore.read(in: manuscript.dist)?.builds.map(\.version) == [3, 2, 1])

        let project = BuildManifest.Project(title: "T", slug: "t", identifier: "x")
        let folder = try TestManuscript()
        let record = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first)
        for version in 1...(BuildManifest.historyLimit + 5) {
            var next = record
            next.version = version
            try ManifestStore.append(next, project: project, in: folder.root)
        }
        let builds = try #require(ManifestStore.read(in: folder.root)?.builds)
        #expect(builds.count == BuildManifest.historyLimit)
        #expect(builds.first?.version == BuildManifest.historyLimit + 5)
        #expect(ManifestStore.nextVersion(in: folder.root) == BuildManifest.historyLimit + 6)
    }

    /// Earlier builds are copied into the new manifest as their JSON text; the file must still be
    /// exactly what JSONEncoder writes for the whole manifest, whatever the strings hold.
    @Test func theHistoryIsCopiedAsWrittenAndReadsBackTheSame() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: '\"Quotes\" [and] {braces}, a \\ back\\slash and ünïcode'\nlanguage: en\n",
            "chapters/01-one.md": "# One\n\nThe lamp was TK, \"she said\" \\ [x]{y}.\n",
        ])
        for _ in 1...4 { _ = try Pipeline.build(options(manuscript)) }
        let file = manuscript.dist.appendingPathComponent("manifest.json")
        let written = try Data(contentsOf: file)
        let manifest = try #require(ManifestStore.read(in: manuscript.dist))
        #expect(manifest.builds.map(\.version) == [4, 3, 2, 1])
        #expect(manifest.project.title == "\"Quotes\" [and] {braces}, a \\ back\\slash and ünïcode")
        #expect(try ManifestStore.encoded(manifest) == written, "the same bytes as encoding the whole manifest")
        #expect(manifest.builds.allSatisfy { $0.agentRun != nil && $0.stats != nil })
    }

    /// The continuity run is embedded as continuity.json holds it but for the list of issues, so
    /// the manifest's fifty builds do not grow with the findings; the counts say what was found.
    @Test func theEmbeddedRunIsTheRecordWithoutItsIssues() throws {
        let manuscript = try TestManuscript([
            "draftforge.yml": "title: Doubled\nlanguage: en\n",
            "chapters/01-one.md": "# One\n\nThe the lamp was lit. It was was late.\n",
        ])
        for _ in 1...2 { _ = try Pipeline.build(options(manuscript)) }
        let written = try Data(contentsOf: manuscript.dist.appendingPathComponent("manifest.json"))
        let manifest = try #require(ManifestStore.read(in: manuscript.dist))
        #expect(try ManifestStore.encoded(manifest) == written)
        guard case .object(var report) = try JSONValue.parse(
            Data(contentsOf: manuscript.dist.appendingPathComponent("continuity.json"))),
            case .object(var results)? = report["results"] else { Issue.record("no results"); return }
        #expect(report["issues_found"] == .number(2))
        #expect(JSONValue.object(report).issueCount == 2)
        results["issues"] = nil
        report["results"] = .object(results)
        for build in manifest.builds {
            #expect(build.agentRun?.issueCount == nil)
            #expect(build.agentRun == .object(report).replacing(times: build.agentRun))
        }
    }

    /// `@ExplicitNull` writes nil as null, and reads a missing key as nil, as a plain optional.
    @Test func aNilFieldIsWrittenAsNullAndMayBeAbsent() throws {
        let json = #"{"book_version":null,"dirty":false,"export_jobs":[],"started_at":"s","completed_at":"c","tool_version":"t","version":1}"#
        let record = try JSONDecoder().decode(BuildRecord.self, from: Data(json.utf8))
        #expect(record.bookVersion == nil && record.sourceRef == nil && record.stats == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let written = String(decoding: try encoder.encode(record), as: UTF8.self)
        #expect(written.contains(#""agent_run":null"#) && written.contains(#""source_ref":null"#))
    }

    @Test(arguments: [
        "{ not json",
        "{\"builds\" : [ {\"version\" : 7, \"x\" : [1, 2} ], \"project\" : {}}",
        "{\"builds\" : [ {\"version\" : \"seven\"} ], \"project\" : {}}",
        "{\"builds\" : [ {\"version\" : 7} ], \"project\" : {}} trailing",
        "{\"builds\" : [ {\"version\" : 7, \"bad\" : \"tab\there\"} ], \"project\" : {}}",
    ])
    func aDamagedManifestStartsANewHistory(_ damaged: String) throws {
        let manuscript = try TestManuscript.minimal()
        try FileManager.default.createDirectory(at: manuscript.dist, withIntermediateDirectories: true)
        try Data(damaged.utf8).write(to: manuscript.dist.appendingPathComponent("manifest.json"))
        _ = try Pipeline.build(options(manuscript))
        #expect(ManifestStore.read(in: manuscript.dist)?.builds.map(\.version) == [1])
    }

    @Test func aHandWrittenHistoryIsKeptAndCountedFrom() throws {
        let manuscript = try TestManuscript.minimal()
        _ = try Pipeline.build(options(manuscript))
        let file = manuscript.dist.appendingPathComponent("manifest.json")
        // The same manifest minified, its version raised: still JSON, still a history.
        var manifest = try #require(ManifestStore.read(in: manuscript.dist))
        manifest.builds[0].version = 41
        try JSONEncoder().encode(manifest).write(to: file)
        _ = try Pipeline.build(options(manuscript))
        let builds = try #require(ManifestStore.read(in: manuscript.dist)?.builds)
        #expect(builds.map(\.version) == [42, 41])
    }

    @Test func gitStateAndTagBuilds() throws {
        let manuscript = try TestManuscript.minimal()
        try runCommand(["git", "init", "-q", "-b", "main"], in: manuscript.root)
        try runCommand(["git", "add", "."], in: manuscript.root)
        try runCommand(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "first"], in: manuscript.root)
        try runCommand(["git", "tag", "v1.2.0"], in: manuscript.root)
        let result = try Pipeline.build(options(manuscript))
        #expect(result.bookVersion == "1.2.0")
        #expect(result.outputs.first?.url.lastPathComponent == "test-book-1.2.0.epub")
        let build = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first)
        #expect(build.sourceRef == "v1.2.0")
        #expect(build.sourceBranch == "main")
        #expect(build.bookVersion == "1.2.0")
        #expect(build.dirty == false, "the output folder inside the manuscript does not make it dirty")
        #expect(result.inputs.files.isSuperset(of: ["draftforge.yml", "chapters/01-one.md", "bible.yml", "waivers.yml"]))
        #expect(result.inputs.folders == ["chapters", "templates"])

        // A file the build does not read changes nothing it made.
        try manuscript.write("notes/ideas.md", "A sequel.\n")
        _ = try Pipeline.build(options(manuscript))
        #expect(ManifestStore.read(in: manuscript.dist)?.builds.first?.dirty == false, "notes are not inputs")
        let epub = try EPUBContents(try #require(result.outputs.first?.url))
        #expect(epub["OEBPS/content.opf"]?.contains("<meta property=\"schema:version\">1.2.0</meta>") == true)
        #expect(epub["OEBPS/copyright.xhtml"]?.contains("<p class=\"version\">Version 1.2.0</p>") == true)

        try manuscript.write("chapters/01-one.md", "# One\n\nChanged.\n")
        let dirty = try Pipeline.build(options(manuscript, environment: ["GITHUB_REF_TYPE": "tag", "GITHUB_REF_NAME": "v2.0.0"]))
        #expect(dirty.bookVersion == "2.0.0")
        let record = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first)
        #expect(record.dirty)
        #expect(record.sourceRef == "v2.0.0")
    }

    /// Git's status is read for the whole manuscript folder while the book is made, then
    /// matched against what the build read: the same answer as a status limited to the inputs.
    @Test func dirtyFollowsWhatTheBuildReadInARepositorysSubfolder() throws {
        let repository = try TestManuscript([
            "README.md": "The repository.\n",
            "book/draftforge.yml": "title: Test Book\nauthors: [Ann Author]\n",
            "book/chapters/01-one.md": "# One\n\nFirst chapter.\n",
            "book/chapters/02-two.md": "# Two\n\nSecond chapter.\n",
        ])
        func git(_ arguments: [String]) throws { _ = try runCommand(["git"] + arguments, in: repository.root) }
        try git(["init", "-q", "-b", "main"])
        try git(["add", "."])
        try git(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "first"])
        var options = BuildOptions(
            root: repository.url("book"), outputDirectory: repository.url("book/dist"),
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        options.now = { Self.clock }
        func dirty() throws -> Bool {
            _ = try Pipeline.build(options)
            return try #require(ManifestStore.read(in: repository.url("book/dist"))?.builds.first).dirty
        }
        #expect(try dirty() == false)

        try repository.write("README.md", "Changed, outside the manuscript.\n")
        try repository.write("book/notes/ideas.md", "An untracked folder of notes.\n")
        #expect(try dirty() == false, "neither is an input of the build")

        try repository.write("book/templates/unused.txt", "An untracked folder the build lists.\n")
        #expect(try dirty(), "the template overrides' folder is an input")
        try FileManager.default.removeItem(at: repository.url("book/templates"))
        #expect(try dirty() == false)

        // A rename shows both paths; only the original is an input here.
        try git(["mv", "book/chapters/02-two.md", "book/notes/two.md"])
        #expect(try dirty(), "a chapter moved out of the chapters folder")
    }

    /// A preview writes no manifest: its reading of Git skips the status and the branch, and
    /// keeps the tag.
    @Test func aPreviewReadsNoStatus() throws {
        let manuscript = try TestManuscript.minimal()
        func git(_ arguments: [String]) throws { _ = try runCommand(["git"] + arguments, in: manuscript.root) }
        try git(["init", "-q", "-b", "main"])
        try git(["add", "."])
        try git(["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "first"])
        try git(["tag", "v3.0"])
        try manuscript.write("chapters/01-one.md", "# One\n\nChanged.\n")
        let context = manuscript.options().context()
        let full = GitState.Reading(context: context, ignoring: [])
        let preview = GitState.Reading(context: context, ignoring: [], forRecords: false)
        #expect(full.changes == ["chapters/01-one.md"] && full.branch == "main")
        #expect(preview.changes == nil && preview.branch == nil)
        #expect(preview.tag == "v3.0" && preview.commit == full.commit && preview.commit != nil)
    }

    @Test func porcelainStatusPathsAreMadeRelativeToTheManuscript() {
        let status = Data("R  book/notes/two.md\0book/chapters/02-two.md\0 M book/chapters/01-one.md\0?? book/new/\0 M README.md\0".utf8)
        #expect(GitState.Reading.paths(porcelain: status, prefix: "book/") == [
            "notes/two.md", "chapters/02-two.md", "chapters/01-one.md", "new/",
        ])
        #expect(GitState.Reading.paths(porcelain: Data("?? a b.md\0".utf8), prefix: "") == ["a b.md"])
    }

    @Test func inputsAreTouchedAsTheirPathspecsWouldBe() {
        let inputs = BuildInputs(files: ["draftforge.yml", "lore/bible.yml", "images/map.png"], folders: ["chapters"])
        #expect(inputs.touches("draftforge.yml"))
        #expect(inputs.touches("chapters/01-one.md"))
        #expect(inputs.touches("chapters/part-one/01-one.md"), "a folder's pathspec reaches every depth")
        #expect(inputs.touches("lore/"), "an untracked folder holding a file read")
        #expect(inputs.touches("chapters/drafts/"))
        #expect(inputs.touches("images/map.png/x"), "a file read became a folder")
        #expect(!inputs.touches("notes/ideas.md"))
        #expect(!inputs.touches("notes/"))
        #expect(!inputs.touches("chapter"))
        #expect(!inputs.touches("lore/other.yml"))
        #expect(BuildInputs(files: [], folders: [""]).touches("anything/at/all.md"), "the root's listing")
    }

    @Test func inputPathsAreNormalizedWhateverTheirForm() {
        let forms: [(String, String)] = [
            ("chapters/01.md", "chapters/01.md"), ("./chapters/01.md", "chapters/01.md"), ("chapters//01.md", "chapters/01.md"),
            ("chapters/./01.md", "chapters/01.md"), ("chapters/", "chapters"), ("/chapters", "chapters"), (".", ""), ("", ""),
            ("chapters/.", "chapters"), (".hidden/a", ".hidden/a"), ("a/..", "a/.."), ("a/.b./c.", "a/.b./c."),
        ]
        for (written, normal) in forms { #expect(BuildInputs.normalized(written) == normal, "\(written)") }
        #expect(BuildInputs(files: ["chapters/01.md"]).contains("./chapters//01.md"))
    }

    @Test func aFailingFormatIsRecordedAndExitsOne() throws {
        let manuscript = try TestManuscript.minimal()
        try FileManager.default.createDirectory(
            at: manuscript.dist.appendingPathComponent("test-book.epub/in-the-way"), withIntermediateDirectories: true)
        let failure = try #require(manuscript.failure())
        #expect(failure.kind == .exportFailed)
        #expect(failure.exitCode == 1)
        let job = try #require(ManifestStore.read(in: manuscript.dist)?.builds.first?.exportJobs.first)
        #expect(job.status == .failed)
        #expect(job.progressPercent == 0)
        #expect(job.outputChecksum == nil)
        #expect(job.errorMessage?.hasPrefix("could not write test-book.epub") == true)
    }

    /// The reports are written beside the outputs: one that fails still fails the build.
    @Test func aStatsFileThatCannotBeWrittenFailsTheBuildAndKeepsTheEarlierOne() throws {
        let (manuscript, epubBefore) = try rebuiltWithAFailingWrite(of: "stats.json")
        let statsBefore = try Data(contentsOf: manuscript.dist.appendingPathComponent("stats.json"))
        let failure = try #require(manuscript.failure())
        #expect(failure.kind == .exportFailed)
        let messages = failure.diagnostics.filter { $0.code == "output.failed" || $0.message.hasPrefix("could not write") }.map(\.message)
        #expect(messages.contains { $0.hasPrefix("could not write") && $0.contains("stats.json") }, "\(messages)")
        #expect(try Data(contentsOf: manuscript.dist.appendingPathComponent("stats.json")) == statsBefore)
        // The outputs beside it are written.
        #expect(try Data(contentsOf: manuscript.dist.appendingPathComponent("test-book.epub")) != epubBefore)
    }

    /// A manuscript built once, then changed, so that its next build writes a new EPUB, with the
    /// temporary file `name` is written to taken by a folder: that write fails before its rename.
    /// Returns the first build's EPUB.
    private func rebuiltWithAFailingWrite(of name: String) throws -> (TestManuscript, Data) {
        let manuscript = try TestManuscript.minimal()
        _ = try Pipeline.build(options(manuscript))
        let epubBefore = try Data(contentsOf: manuscript.dist.appendingPathComponent("test-book.epub"))
        try manuscript.write("chapters/01-one.md", "# One\n\nA changed chapter, so the EPUB changes too.\n")
        let partial = manuscript.dist.appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).partial")
        try FileManager.default.createDirectory(at: partial.appendingPathComponent("blocker"), withIntermediateDirectories: true)
        return (manuscript, epubBefore)
    }

    @Test func anInterruptedManifestWriteLeavesThePreviousOneReadable() throws {
        let (manuscript, epubBefore) = try rebuiltWithAFailingWrite(of: "manifest.json")
        let before = try Data(contentsOf: manuscript.dist.appendingPathComponent("manifest.json"))
        let failure = try #require(manuscript.failure())
        #expect(failure.diagnostics.last?.message.hasPrefix("could not write manifest.json") == true)
        #expect(try Data(contentsOf: manuscript.dist.appendingPathComponent("manifest.json")) == before)
        #expect(ManifestStore.read(in: manuscript.dist)?.builds.count == 1)
        // The outputs the build had replaced are put back: they agree with the manifest.
        #expect(try Data(contentsOf: manuscript.dist.appendingPathComponent("test-book.epub")) == epubBefore)
        #expect(ManifestVerifier.verify(try #require(ManifestStore.read(in: manuscript.dist)), in: manuscript.dist).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.appendingPathComponent(BuildJournal.fileName).path))
    }

    /// The site is hashed from the bytes it is written from, not read back: its checksum must be
    /// the folder's all the same, with pages written, pages linked from the last build, and
    /// images copied.
    @Test func theSiteIsHashedAsItIsWritten() throws {
        let sample = try sampleCopy()
        func siteChecksums() throws -> (recorded: String?, onDisk: String) {
            let result = try Pipeline.build(options(sample))
            let site = try #require(result.outputs.first { $0.format == .html })
            let job = try #require(ManifestStore.read(in: sample.dist)?.builds.first?.exportJobs.first { $0.exportType == "html" })
            #expect(job.outputChecksum == site.checksum)
            return (job.outputChecksum, try Checksum.sha256(ofItemAt: site.url))
        }
        let first = try siteChecksums()
        #expect(first.recorded == first.onDisk)
        let images = try FileManager.default.subpathsOfDirectory(atPath: sample.dist.appendingPathComponent("html").path)
        #expect(images.contains { $0.hasSuffix(".png") })
        try sample.write("chapters/02-storm.md", "# The Storm\n\nA shorter storm.\n")
        let second = try siteChecksums()
        #expect(second.recorded == second.onDisk)
        #expect(second.onDisk != first.onDisk)
    }

    @Test func checksumOfAFolderIsOverItsListing() throws {
        let folder = try TestManuscript(["b.txt": "B", "a/c.txt": "C"])
        let listing = "\(Checksum.sha256(of: Data("C".utf8)))  a/c.txt\n\(Checksum.sha256(of: Data("B".utf8)))  b.txt\n"
        #expect(try Checksum.sha256(ofItemAt: folder.root) == Checksum.sha256(of: Data(listing.utf8)))
        #expect(try Checksum.size(ofItemAt: folder.root) == 2)
    }

    @Test func twoBuildsAtOnceDoNotInterleave() async throws {
        let manuscript = try TestManuscript.minimal()
        let options = options(manuscript)
        async let first = Task.detached { try Pipeline.build(options) }.value
        async let second = Task.detached { try Pipeline.build(options) }.value
        _ = try await (first, second)
        let versions = ManifestStore.read(in: manuscript.dist)?.builds.map(\.version)
        #expect(versions == [2, 1])
        let epub = try EPUBContents(manuscript.dist.appendingPathComponent("test-book.epub"))
        #expect(epub.names.first == "mimetype")
    }
}

extension JSONValue {
    /// This run with `other`'s times, to compare two builds' runs.
    fileprivate func replacing(times other: JSONValue?) -> JSONValue {
        guard case .object(var run) = self, case .object(let times)? = other else { return self }
        for key in ["started_at", "completed_at", "duration_seconds"] { run[key] = times[key] }
        return .object(run)
    }

    /// The number of `results.issues` of a continuity run.
    fileprivate var issueCount: Int? {
        guard case .object(let run) = self, case .object(let results)? = run["results"],
            case .array(let issues)? = results["issues"] else { return nil }
        return issues.count
    }
}
