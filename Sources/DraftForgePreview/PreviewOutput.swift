// The two decisions that tie the preview to the build's outputs, kept in one place so the HTML
// site can change them: what the preview builds, and which folder of the result it serves.
import DraftForgeKit
import Foundation

public enum PreviewOutput {
    /// The site when the build can make one (`--format html`), else the default formats.
    public static var formats: [ExportFormat] {
        ExportFormat(rawValue: "html").map { [$0] } ?? ExportFormat.defaults
    }

    /// The print PDF beside the served site (`<output>/<slug>.pdf`), not a cover or an edition:
    /// the shortest PDF name there.
    public static func printPDF(besides served: URL) -> URL? {
        let output = served.lastPathComponent == "html" ? served.deletingLastPathComponent() : served
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        return names.filter { $0.hasSuffix(".pdf") && !$0.hasPrefix(".") }
            .min { ($0.count, $0) < ($1.count, $1) }
            .map { output.appendingPathComponent($0) }
    }

    /// `<output>/html` when the build wrote a site there, else the output folder itself.
    public static func servedFolder(in output: URL) -> URL {
        let site = output.appendingPathComponent("html", isDirectory: true)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: site.path, isDirectory: &isFolder), isFolder.boolValue {
            return site
        }
        return output
    }
}
