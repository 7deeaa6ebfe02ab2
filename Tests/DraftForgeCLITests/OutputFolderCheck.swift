import Foundation
import Testing
import DraftForgeTestSupport

/// What an output folder must hold after builds that ran side by side: exactly the build's
/// files (no temporary or previous copies), a manifest that parses and records `builds`
/// builds, and outputs that are byte for byte what its newest build recorded: the EPUB a valid
/// zip with the recorded size and SHA-256, the site folder with the recorded checksum and
/// every page complete.
enum OutputFolderCheck {
    /// `others` are further outputs of the build (a DOCX, a PDF).
    static func problems(in dist: URL, epub: String, builds: Int, others: [String] = []) throws -> [String] {
        var problems: [String] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted()
        let expected = ([
            ".draftforge-outputs", ".draftforge.lock", "continuity.json", "continuity.sarif", "html", "manifest.json",
            "stats.json", epub,
        ] + others).sorted()
        if names != expected { problems.append("dist holds \(names)") }
        let leftovers = try shell(#"find "$1" -name '*.partial' -o -name '*.previous'"#, dist.path)
        if !leftovers.isEmpty { problems.append("temporary files left: \(leftovers)") }

        let manifestData = try Data(contentsOf: dist.appendingPathComponent("manifest.json"))
        guard let manifest = try JSONSerialization.jsonObject(with: manifestData) as? [String: Any],
            let records = manifest["builds"] as? [[String: Any]], let newest = records.first,
            let jobs = newest["export_jobs"] as? [[String: Any]]
        else { return problems + ["manifest.json does not hold builds with export jobs"] }
        if records.count != builds { problems.append("the manifest records \(records.count) builds, not \(builds)") }
        let versions = records.compactMap { $0["version"] as? Int }
        if versions != Array((1...builds).reversed()) { problems.append("build versions \(versions)") }

        for job in jobs {
            guard job["status"] as? String == "completed", let name = job["output_url"] as? String,
                let checksum = job["output_checksum"] as? String, let size = job["output_size_bytes"] as? Int
            else {
                problems.append("the newest build's job is not complete: \(job)")
                continue
            }
            let output = dist.appendingPathComponent(name)
            if name.hasSuffix("/") {
                let actual = try folderChecksum(output)
                if actual != checksum { problems.append("\(name) checksum \(actual), the manifest says \(checksum)") }
                let pages = try shell(#"find "$1" -name '*.html'"#, output.path).split(separator: "\n")
                if pages.isEmpty { problems.append("\(name) has no pages") }
                for page in pages where try !String(contentsOfFile: String(page), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>")
                {
                    problems.append("\(page) is cut short")
                }
            } else {
                let data = try Data(contentsOf: output)
                if data.count != size { problems.append("\(name) is \(data.count) bytes, the manifest says \(size)") }
                let actual = try shell(#"sha256sum "$1" | cut -d' ' -f1"#, output.path)
                if actual != checksum { problems.append("\(name) SHA-256 \(actual), the manifest says \(checksum)") }
                if name.hasSuffix(".pdf") {
                    if !data.starts(with: Data("%PDF-".utf8)) { problems.append("\(name) is not a PDF") }
                } else {
                    let test = try runCommand(["unzip", "-tq", output.path])
                    if test.status != 0 { problems.append("\(name) is not a valid zip: \(test.output)") }
                }
            }
        }
        return problems
    }

    /// The manifest's folder checksum: SHA-256 of the byte-sorted `<sha256>  <path>` listing.
    static func folderChecksum(_ folder: URL) throws -> String {
        try shell(
            #"cd "$1" && find . -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1"#,
            folder.path)
    }

    /// Runs a bash script with `argument` as $1; its trimmed output.
    static func shell(_ script: String, _ argument: String) throws -> String {
        let run = try runCommand(["bash", "-c", "set -o pipefail; " + script, "bash", argument])
        guard run.status == 0 else { throw TestError("\(script) failed: \(run.output)") }
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
