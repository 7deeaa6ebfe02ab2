import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

/// The analyze stage inside the pipeline: ids, waivers, blocking, and the report's formats.
@Suite struct ContinuityReportTests {
    static let bible = """
        characters:
          - name: Sarah Quill
            aliases: [Sarah]
            attributes: {eyes: grey}
        """

    func book(_ chapter: String, files: [String: String] = [:]) throws -> TestManuscript {
        var all = ["bible.yml": Self.bible, "chapters/01-one.md": chapter]
        for (path, text) in files { all[path] = text }
        return try TestManuscript.minimal(all)
    }

    func check(_ manuscript: TestManuscript) throws -> CheckResult {
        try Pipeline.check(manuscript.options())
    }

    @Test func idsAreStableAndUnchangedByUnrelatedFindings() throws {
        let text = "# One\n\nShe walked to the the door.\n\nSarah’s green eyes.\n"
        let first = try check(try book(text)).continuity.findings
        let again = try check(try book(text)).continuity.findings
        #expect(first.map(\.id) == again.map(\.id))
        #expect(first.allSatisfy { $0.id?.range(of: #"^cont-[0-9a-f]{8}$"#, options: .regularExpression) != nil })
        #expect(Set(first.compactMap(\.id)).count == first.count)

        // A new finding earlier in the file leaves the others' ids alone.
        let inserted = try check(try book("# One\n\nTK\n\n" + text.dropFirst(7))).continuity.findings
        #expect(inserted.count == first.count + 1)
        #expect(Set(first.compactMap(\.id)).isSubset(of: Set(inserted.compactMap(\.id))))
        // The id is the documented hash.
        let doubled = try #require(first.first { $0.code == "manuscript.doubled-word" })
        #expect(doubled.id == ContinuityID.make(category: "manuscript", file: "chapters/01-one.md", quote: "the the", occurrence: 1))
    }

    /// Past a few thousand, the doubled-word rule, the ids and the report's issues are made in
    /// pieces on every core: every finding is there once, in reading order, with its own id,
    /// and the SARIF holds the same findings.
    @Test func twentyThousandFindingsComeWholeAndInOrder() throws {
        let manuscript = try book("# One\n\n" + Array(repeating: "the", count: 20_001).joined(separator: " ") + "\n")
        _ = try manuscript.build(allowBlocking: true)
        let record = try JSONValue.parse(Data(contentsOf: manuscript.dist.appendingPathComponent("continuity.json")))
        guard case .object(let run) = record, case .object(let results)? = run["results"],
            case .array(let issues)? = results["issues"]
        else { throw TestError("no issues in continuity.json") }
        let doubled = issues.compactMap { issue -> (column: Double, id: String)? in
            guard case .object(let fields) = issue, fields["code"] == "manuscript.doubled-word",
                case .number(let column)? = fields["column"], case .string(let id)? = fields["id"] else { return nil }
            return (column, id)
        }
        #expect(doubled.count == 20_000)
        let expectedColumns: [Double] = (0..<20_000).map { Double(1 + 4 * $0) }
        let columns: [Double] = doubled.map(\.column)
        #expect(columns == expectedColumns)
        #expect(Set(doubled.map(\.id)).count == 20_000)
        let sarif = try String(contentsOf: manuscript.dist.appendingPathComponent("continuity.sarif"), encoding: .utf8)
        let sarifResults = sarif.components(separatedBy: "\"ruleId\":\"manuscript.doubled-word\"").count - 1
        #expect(sarifResults == 20_000)
        // A result a line, and the lines are the results, in order.
        let resultLines = sarif.split(separator: "\n").filter { $0.contains("\"ruleId\":\"manuscript.doubled-word\"") }
        #expect(resultLines.count == 20_000)
        #expect(resultLines.first.map { $0.contains("\"startColumn\":1,") } == true)
        #expect(resultLines.last.map { $0.contains("\"startColumn\":\(1 + 4 * 19_999),") } == true)
    }

    @Test func theSameQuoteTwiceGetsTwoIds() throws {
        let findings = try check(try book("# One\n\nTo the the sea, and to the the hill.\n")).continuity.findings
        #expect(findings.count == 2)
        #expect(findings[0].id == ContinuityID.make(category: "manuscript", file: "chapters/01-one.md", quote: "the the", occurrence: 1))
        #expect(findings[1].id == ContinuityID.make(category: "manuscript", file: "chapters/01-one.md", quote: "the the", occurrence: 2))
    }

    @Test func anInlineCommentWaivesAFinding() throws {
        let manuscript = try book("# One\n\n<!-- draftforge: ignore character_consistency -->\nSarah’s green eyes.\n\nSarah’s green eyes.\n")
        let findings = try check(manuscript).continuity.findings
        #expect(findings.map(\.status) == [.waived, .open])
        #expect(findings.map(\.isBlocking) == [false, true])
        #expect(findings[0].waiverReason?.contains("chapters/01-one.md:3") == true)
        // Another category's comment does not waive it.
        let other = try check(try book("# One\n\n<!-- draftforge: ignore name_inconsistency -->\nSarah’s green eyes.\n"))
        #expect(other.continuity.findings.map(\.status) == [.open])
    }

    @Test func waiversYmlWaivesByIdAndReportsUnusedOnes() throws {
        let open = try check(try book("# One\n\nSarah’s green eyes.\n")).continuity.findings
        let id = try #require(open.first?.id)
        let manuscript = try book(
            "# One\n\nSarah’s green eyes.\n",
            files: ["waivers.yml": "- id: \(id)\n  reason: seen through coloured glass\n- id: cont-00000000\n  reason: old\n"])
        let result = try check(manuscript)
        #expect(result.continuity.findings.map(\.status) == [.waived])
        #expect(result.continuity.findings[0].waiverReason == "seen through coloured glass")
        #expect(!result.continuity.isBlocking)
        #expect(result.diagnostics.filter { $0.code == "waivers.unused" }.map(\.location?.line) == [3])
        // A waived error does not block the build.
        #expect(throws: Never.self) { try manuscript.build() }
    }

    @Test func anErrorFindingBlocksTheBuildUnlessAllowed() throws {
        let manuscript = try book("# One\n\nSarah’s green eyes.\n")
        let failure = try #require(manuscript.failure())
        #expect(failure.kind == .blocked)
        #expect(failure.diagnostics.contains { $0.code == "character_consistency.attribute" && $0.isBlocking })
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: manuscript.dist.appendingPathComponent("continuity.json"))) as? [String: Any]
        #expect(record?["status"] as? String == "completed")

        let result = try manuscript.build(allowBlocking: true)
        #expect(result.outputs.count == 2)
        #expect(Set(OutputRecord.names(in: manuscript.dist)) == [
            "continuity.json", "continuity.sarif", "test-book.epub", "html", "stats.json", "manifest.json",
        ])
        _ = try OutputRecord.clean(manuscript.dist)
        #expect(!FileManager.default.fileExists(atPath: manuscript.dist.path))
    }

    @Test func theJSONRecordHasThePlatformsShape() throws {
        let manuscript = try book("# One\n\nSarah’s green eyes.\n\nTK\n")
        _ = try? manuscript.build(allowBlocking: true)
        let data = try Data(contentsOf: manuscript.dist.appendingPathComponent("continuity.json"))
        let record = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(record.keys) == [
            "agent_type", "trigger", "trigger_ref", "status", "summary", "issues_found", "severity_breakdown",
            "started_at", "completed_at", "duration_seconds", "results",
        ])
        #expect(record["agent_type"] as? String == "continuity")
        #expect(record["trigger"] as? String == "manual")
        #expect(record["issues_found"] as? Int == 2)
        #expect(record["severity_breakdown"] as? [String: Int] == ["error": 1, "warning": 1, "info": 0])
        #expect((record["started_at"] as? String)?.hasSuffix("Z") == true)
        let results = try #require(record["results"] as? [String: Any])
        #expect(Set(results.keys) == ["issues", "stats", "model_info"])
        let issues = try #require(results["issues"] as? [[String: Any]])
        #expect(Set(issues[0].keys) == [
            "id", "severity", "category", "code", "file", "line", "column", "quote", "message", "suggestion",
            "confidence", "is_blocking", "status", "waiver_reason",
        ])
        #expect(issues[0]["category"] as? String == "character_consistency")
        #expect(issues[0]["file"] as? String == "chapters/01-one.md")
        #expect(issues[0]["line"] as? Int == 3)
        #expect(issues[0]["column"] as? Int == 1)
        #expect(issues[0]["quote"] as? String == "Sarah’s green eyes")
        #expect(issues[0]["is_blocking"] as? Bool == true)
        #expect(issues[0]["status"] as? String == "OPEN")
        #expect(issues[0]["confidence"] as? Double == 0.9)
        let stats = try #require(results["stats"] as? [String: Any])
        #expect(Set(stats.keys) == ["files_analyzed", "total_words", "issues_by_severity"])
        #expect(stats["files_analyzed"] as? Int == 1)
        #expect(stats["total_words"] as? Int == 5)
        let model = try #require(results["model_info"] as? [String: Any])
        #expect(model["name"] as? String == "draftforge-continuity")
        #expect(model["tokens_used"] as? Int == 0)
    }

    @Test(.externalTools, .corpus) func theSARIFIsValidAgainstTheSchema() throws {
        let manuscript = try book(
            "# One\n\n<!-- draftforge: ignore manuscript -->\nTK\n\nSarah’s green eyes. The the end.[^9]\n")
        _ = try? manuscript.build(allowBlocking: true)
        let sarif = manuscript.dist.appendingPathComponent("continuity.sarif")
        let schema = sharedFolder.appendingPathComponent("schemas/sarif-schema-2.1.0.json")
        let validator = try runCommand(["check-jsonschema", "--version"])
        #expect(validator.status == 0, "check-jsonschema is missing: run scripts/bootstrap test")
        let run = try runCommand(["check-jsonschema", "--schemafile", schema.path, sarif.path])
        #expect(run.status == 0, "\(run.output)")

        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sarif)) as? [String: Any])
        let runs = try #require(document["runs"] as? [[String: Any]])
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == DiagnosticCode.findingCodes.map(\.rawValue))
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 4)
        #expect(results.filter { $0["suppressions"] != nil }.count == 1)
    }

    /// SARIF's file URIs encode what Foundation's percent-encoding of each path segment with
    /// the path characters less the sub-delimiters would.
    @Test(arguments: [
        "chapters/01-arrival.md", "chapters/03-café ü 日本.md", "a b/c#d?e[f]@g!h$i&j'k(l)m*n+o,p;q=r:s.md",
        "~tilde_under-dash.md", "%41 already.md", "emoji 🦜/é\u{301}.md", "/leading//double/", "",
    ])
    func sarifURIsEncodeEachSegmentAsFoundationWould(_ path: String) {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]@!$&'()*+,;=:")
        let reference = path.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0)
        }.joined(separator: "/")
        #expect(ContinuityReport.uri(path) == reference)
    }

    @Test func gitHubAnnotationsPutErrorsFirstAndStopAtTenOfAKind() {
        func finding(_ severity: Diagnostic.Severity, _ line: Int) -> Diagnostic {
            var diagnostic = Diagnostic(
                severity, severity == .error ? .weekdayMismatch : .doubledWord,
                at: SourceLocation(file: "chapters/a, b.md", line: line, column: 2), "50% off\nnow",
                suggestion: "fix: it", quote: "q", confidence: 1)
            diagnostic.id = "cont-0000000\(line % 10)"
            return diagnostic
        }
        let findings = (1...3).map { finding(.warning, $0) } + (1...12).map { finding(.error, $0) }
        let report = ContinuityReport(
            findings: findings, stats: ContinuityStats(filesAnalyzed: 1, totalWords: 1), startedAt: Date(), completedAt: Date())
        let lines = report.githubAnnotations(pathPrefix: "book/")
        #expect(lines.count == 14)
        #expect(lines.prefix(10).allSatisfy { $0.hasPrefix("::error ") })
        #expect(lines[10].hasPrefix("::warning "))
        #expect(lines[0] == "::error file=book/chapters/a%2C b.md,line=1,col=2,title=timeline_error.weekday cont-00000001::“q”: 50%25 off%0Anow%0ASuggestion: fix: it")
        #expect(lines[13] == "DraftForge continuity: 2 more findings not shown as annotations (2 errors); see continuity.json or continuity.sarif")
    }

    @Test func theHTMLFragmentGroupsFindingsByChapter() throws {
        let manuscript = try book(
            "# One\n\nSarah’s green eyes & <b>TK</b>.\n", files: ["chapters/02-two.md": "# Two\n\nThe the end.\n"])
        let report = try check(manuscript).continuity
        let html = report.htmlFragment { "\($0.file).html#L\($0.line ?? 0)" }
        #expect(html.components(separatedBy: "<section class=\"continuity-chapter\">").count == 3)
        #expect(html.contains("<h2>One <small>chapters/01-one.md</small></h2>"))
        #expect(html.contains("<a class=\"finding-place\" href=\"chapters/01-one.md.html#L3\">chapters/01-one.md:3:1</a>"))
        #expect(html.contains("<blockquote class=\"finding-quote\">Sarah’s green eyes</blockquote>"))
        #expect(html.contains("<p class=\"finding-suggestion\">Suggestion: write grey, or correct the bible</p>"))
        #expect(html.contains("<h2>Two"))
        #expect(html.range(of: "One")!.lowerBound < html.range(of: "Two")!.lowerBound)
        #expect(!html.contains("<b>"))
    }

    @Test func withoutWordListsTheNameCheckDegradesToANote() throws {
        let manuscript = try book("# One\n\nText.\n")
        var options = manuscript.options()
        options.wordListPaths = ["/nonexistent/british-english"]
        let findings = try Pipeline.check(options).continuity.findings
        #expect(findings.map(\.code) == ["name_inconsistency.no-word-list"])
        #expect(findings.map(\.severity) == [.info])
    }

    @Test func theRenderersManuscriptFindingsAreReportedOnce() throws {
        let manuscript = try book("# One\n\nSee [the end](99-missing.md).\n")
        let result = try check(manuscript)
        let broken = result.diagnostics.filter { $0.code == "manuscript.broken-link" }
        #expect(broken.count == 1)
        #expect(broken[0].quote == "99-missing.md")
        #expect(broken[0].location == SourceLocation(file: "chapters/01-one.md", line: 3, column: 15))
        #expect(result.continuity.findings.map(\.code) == ["manuscript.broken-link"])
    }
}
