// The book's `dc:identifier`: the configured ISBN (as `urn:isbn:`) or URN, or a UUID derived from
// the title and authors so the same book keeps the same identifier on every build.
import Crypto
import Foundation

enum BookIdentifier {
    /// DraftForge's own UUID namespace for name-based (version 5) identifiers.
    private static let namespace: [UInt8] = [
        0x6f, 0x1c, 0x2a, 0x3e, 0x94, 0x57, 0x4d, 0x1b, 0x8a, 0x0e, 0x52, 0x7d, 0xc1, 0x33, 0x90, 0x4f,
    ]

    static func make(for config: ManuscriptConfig) -> String {
        if let configured = config.identifier {
            if case .success(let isbn) = ISBN.parse(configured) { return isbn.urn }
            return configured
        }
        return "urn:uuid:" + nameBasedUUID(([config.title] + config.authors).joined(separator: "\n"))
    }

    /// RFC 9562 version 5: SHA-1 of namespace and name.
    static func nameBasedUUID(_ name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Checksum.hex(bytes)
        let cuts = [8, 12, 16, 20]
        var result = ""
        for (offset, character) in hex.enumerated() {
            if cuts.contains(offset) { result.append("-") }
            result.append(character)
        }
        return result
    }
}
