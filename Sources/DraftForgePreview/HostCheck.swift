// Which `Host` headers the preview answers. A page on any web site can point its own domain at
// 127.0.0.1 (DNS rebinding) and then read the preview with the browser's blessing, since to the
// browser it is the same origin. The `Host` header still names that domain, so the preview answers
// only the names of the loopback address and the address it was told to listen on. Listening on
// every address (`0.0.0.0`, `::`), it also answers any IP address, which is how other machines
// reach it: a rebound name is never an IP address.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `Host` header values the preview answers, port aside.
struct HostCheck: Sendable {
    /// Lower-cased host names, IPv6 addresses in brackets.
    let allowed: Set<String>
    /// Listening on every address: any IP address is this server.
    let anyAddress: Bool

    /// `listeningHost` is the `--host` address: `0.0.0.0`, `::1`, `192.168.1.5`…
    init(listeningHost: String) {
        var allowed: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
        let host = listeningHost.lowercased()
        allowed.insert(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)
        self.allowed = allowed
        anyAddress = ["0.0.0.0", "::", "[::]"].contains(host)
    }

    /// True when `header` (the `Host` value) names this server: an allowed host, with or without
    /// a numeric port.
    func accepts(_ header: String?) -> Bool {
        guard let header = header?.lowercased(), !header.isEmpty else { return false }
        var host = Substring(header)
        // The port follows the last colon, after the brackets of an IPv6 address.
        if let colon = header.lastIndex(of: ":"), !header[colon...].contains("]") {
            let port = header[header.index(after: colon)...]
            guard port.allSatisfy(\.isASCIIDigit) else { return false }
            host = header[..<colon]
        }
        return allowed.contains(String(host)) || (anyAddress && Self.isIPAddress(host))
    }

    /// `192.168.1.5` or `[fe80::1]`.
    private static func isIPAddress(_ host: Substring) -> Bool {
        var buffer = in6_addr()
        if host.hasPrefix("["), host.hasSuffix("]") {
            return inet_pton(AF_INET6, String(host.dropFirst().dropLast()), &buffer) == 1
        }
        return inet_pton(AF_INET, String(host), &buffer) == 1
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
