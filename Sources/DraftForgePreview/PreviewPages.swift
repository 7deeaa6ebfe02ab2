// Pages the preview makes itself: a folder listing (what `/` shows while the build writes no
// site), the page shown before any build succeeded, and a plain 404.
import Foundation

enum PreviewPages {
    /// The files and folders of `folder`, linked, with sizes.
    static func listing(of folder: URL, requestPath: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        var rows = ""
        for name in names {
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            let href = (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name)
                + (isFolder.boolValue ? "/" : "")
            let size = isFolder.boolValue ? "" : byteCount(url)
            rows += "<li><a href=\"\(escape(href))\">\(escape(name))\(isFolder.boolValue ? "/" : "")</a> \(size)</li>\n"
        }
        if rows.isEmpty { rows = "<li>(empty)</li>\n" }
        return page(
            title: "Index of \(requestPath)",
            body: "<h1>Index of \(escape(requestPath))</h1>\n<p>The build wrote these outputs. "
                + "The HTML site appears here once the build makes one.</p>\n<ul>\n\(rows)</ul>")
    }

    /// Served for every path while no build has succeeded yet.
    static let notBuilt = page(
        title: "Not built yet",
        body: "<h1 id=\"draftforge-not-built\">No successful build yet</h1>\n<p>The errors are listed above. "
            + "This page reloads by itself after the next good build.</p>")

    static let notFound = page(title: "Not found", body: "<h1>Not found</h1>")

    /// The print preview (`serve --print`): the print PDF, reloaded with the page after each build.
    static let printPath = "/__draftforge/print"
    static let printFilePath = "/__draftforge/print.pdf"

    static func print(version: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Print · DraftForge preview</title>
        <style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style>
        </head>
        <body>
        <iframe id="draftforge-print" title="The print PDF" src="\(printFilePath)?v=\(escape(version))"></iframe>
        </body>
        </html>

        """
    }

    static let noPrint = page(
        title: "No print PDF",
        body: "<h1>No print PDF</h1>\n<p>Start the preview with <code>draftforge serve --print</code> to build the PDF on every save.</p>")

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · DraftForge preview</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func byteCount(_ url: URL) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return "(" + ByteCountFormatter.string(fromByteCount: Int64(size), countStyle: .file) + ")"
    }
}
