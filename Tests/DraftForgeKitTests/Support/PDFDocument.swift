// A PDF read back with Debian's poppler-utils (pdfinfo, pdftotext, pdffonts), which share no code
// with the engine that wrote it.
import Foundation
import DraftForgeTestSupport

struct PDFDocument {
    let url: URL
    /// pdfinfo's fields: `Title`, `Author`, `Pages`, `Page size`…
    let info: [String: String]
    /// Each page's text as pdftotext lays it out, in page order.
    let pages: [String]

    init(_ url: URL) throws {
        try Hermetic.require(.externalTools)
        self.url = url
        let report = try runCommand(["pdfinfo", url.path])
        guard report.status == 0 else { throw TestError("pdfinfo \(url.path): \(report.output)") }
        var info: [String: String] = [:]
        for line in report.output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            info[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.info = info
        let text = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-pdftext-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: text) }
        let extracted = try runCommand(["pdftotext", "-layout", url.path, text.path])
        guard extracted.status == 0 else { throw TestError("pdftotext \(url.path): \(extracted.output)") }
        var pages = try String(contentsOf: text, encoding: .utf8).components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        self.pages = pages
    }

    var pageCount: Int? { info["Pages"].flatMap { Int($0) } }

    /// The non-blank lines of page `number` (1-based), trimmed.
    func lines(ofPage number: Int) -> [String] {
        pages[number - 1].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The words of page `number` with the left edge of each, in points from the page's left.
    func words(ofPage number: Int) throws -> [(text: String, xMin: Double, yMin: Double)] {
        let result = try runCommand(["pdftotext", "-bbox", "-f", "\(number)", "-l", "\(number)", url.path, "-"])
        guard result.status == 0 else { throw TestError("pdftotext -bbox: \(result.output)") }
        return result.output.matches(of: #/<word xMin="([0-9.]+)" yMin="([0-9.]+)"[^>]*>([^<]*)</word>/#).map { match in
            (String(match.output.3), Double(match.output.1) ?? 0, Double(match.output.2) ?? 0)
        }
    }

    /// The words of page `number` with their boxes, in points from the page's top left.
    func wordBoxes(ofPage number: Int) throws -> [(text: String, xMin: Double, xMax: Double, yMin: Double)] {
        let result = try runCommand(["pdftotext", "-bbox", "-f", "\(number)", "-l", "\(number)", url.path, "-"])
        guard result.status == 0 else { throw TestError("pdftotext -bbox: \(result.output)") }
        return result.output.matches(of: #/<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)"[^>]*>([^<]*)</word>/#).map { match in
            (String(match.output.4), Double(match.output.1) ?? 0, Double(match.output.3) ?? 0, Double(match.output.2) ?? 0)
        }
    }

    /// The document's objects with every compressed stream inflated (Python's zlib), as text
    /// where poppler's tools say nothing: the language and the bookmarks' titles.
    func inflatedObjects() throws -> String {
        let script = """
            import re, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            parts = [data]
            for match in re.finditer(rb'stream\\r?\\n', data):
                try:
                    parts.append(zlib.decompressobj().decompress(data[match.end():]))
                except zlib.error:
                    pass
            sys.stdout.write(b'\\n'.join(parts).decode('latin-1'))
            """
        let result = try runCommand(["python3", "-c", script, url.path])
        guard result.status == 0 else { throw TestError("cannot inflate \(url.path): \(result.output)") }
        return result.output
    }

    /// pdffonts' table: each font's name and whether it is embedded.
    func fonts() throws -> [(name: String, embedded: Bool)] {
        let result = try runCommand(["pdffonts", url.path])
        guard result.status == 0 else { throw TestError("pdffonts: \(result.output)") }
        // Columns: name, type (may hold spaces), encoding, emb, sub, uni, object, ID.
        return result.output.split(separator: "\n").dropFirst(2).map { line in
            let fields = line.split(separator: " ")
            return (String(fields.first ?? ""), fields.count >= 6 && fields[fields.count - 5] == "yes")
        }
    }
}

/// A TCP listener on 127.0.0.1 that counts the connections made to it and closes each at once.
final class CountingListener: @unchecked Sendable {
    let port: UInt16
    private let socketDescriptor: Int32
    private let lock = NSLock()
    private var count = 0

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, address, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw TestError("cannot listen on 127.0.0.1") }
        socketDescriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(descriptor, nil, nil)
                guard connection >= 0 else { return }
                lock.withLock { count += 1 }
                close(connection)
            }
        }
    }

    var connections: Int { lock.withLock { count } }

    deinit {
        shutdown(socketDescriptor, Int32(SHUT_RDWR))
        close(socketDescriptor)
    }
}
