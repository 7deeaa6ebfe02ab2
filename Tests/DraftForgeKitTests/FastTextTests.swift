// The byte-level text helpers that the site and the EPUB spend their time in: each is checked
// against the obvious scalar-by-scalar definition on awkward input.
import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Text fast paths")
struct FastTextTests {
    static let awkward = [
        "", "plain", "a & b < c > d \"q\" 'a'", "tab\there\nline\r\nend", "nul\u{0}bell\u{7}esc\u{1B}",
        "noncharacters \u{FFFE} and \u{FFFF} but \u{FFFD} stays", "é, ü, 中文, 🦜 and \u{EFBF}",
        "\u{00A0}no-break\u{2003}em\u{3000}ideographic\u{2028}line", "  lead and trail  ",
    ]

    /// The definition the serializer must match: XML's escapes, then XML 1.0's forbidden code points dropped.
    static func referenceEscape(_ text: String, inAttribute: Bool) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where inAttribute: output += "&quot;"
            case "\n" where inAttribute: output += "&#10;"
            case "\t" where inAttribute: output += "&#9;"
            case "\r": output += "&#13;"
            default:
                if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    continue
                }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    @Test(arguments: awkward)
    func escapingMatchesTheDefinition(_ text: String) {
        #expect(XHTMLSerializer.escaped(text) == Self.referenceEscape(text, inAttribute: true))
        let body = XHTMLSerializer.serialize([.text(text)], style: EPUBPackager.chapterStyle)
        #expect(body == Self.referenceEscape(text, inAttribute: false))
    }

    /// The serializer skips eight plain bytes at a time: each character it escapes or drops,
    /// at every byte position of a longer run, is still found.
    @Test func escapingFindsEachCharacterInEveryLaneOfAWord() {
        let specials: [String] = ["&", "<", ">", "\"", "\n", "\t", "\r", "\u{0}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{EFBF}", "é", "\u{7F}"]
        for special in specials {
            for position in 0..<20 {
                let text = String(repeating: "a", count: position) + special + String(repeating: "b", count: 20 - position)
                #expect(XHTMLSerializer.escaped(text) == Self.referenceEscape(text, inAttribute: true), "\(special.debugDescription) at \(position)")
                let body = XHTMLSerializer.serialize([.text(text)], style: EPUBPackager.chapterStyle)
                #expect(body == Self.referenceEscape(text, inAttribute: false), "\(special.debugDescription) at \(position)")
            }
        }
    }

    @Test(arguments: awkward)
    func safeTextDropsOnlyWhatXMLForbids(_ text: String) {
        let expected = String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 ? scalar.value != 0xFFFE && scalar.value != 0xFFFF : "\t\n\r".unicodeScalars.contains(scalar)
        }))
        #expect(XML.safe(text) == expected)
    }

    @Test(arguments: awkward)
    func collapsedWhitespaceMatchesSplittingOnWhitespace(_ text: String) {
        #expect(text.collapsedWhitespace == text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    /// Every White_Space scalar, and the scalars whose UTF-8 starts like one, between words.
    @Test func collapsedWhitespaceKnowsEveryWhitespaceScalar() {
        let whitespace = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter(\.properties.isWhitespace)
        #expect(whitespace.count == 25)
        let neighbours = [0x84, 0x86, 0x9F, 0xA1, 0x167F, 0x1681, 0x1FFF, 0x200B, 0x2027, 0x202A, 0x202E, 0x2030,
                          0x205E, 0x2060, 0x2FFF, 0x3001, 0x0100, 0xE000].compactMap(Unicode.Scalar.init)
        for scalar in whitespace + neighbours {
            let text = " a\(scalar)b\(scalar)\(scalar) é \(scalar)"
            var reference = ""
            for word in text.unicodeScalars.split(whereSeparator: \.properties.isWhitespace) {
                if !reference.isEmpty { reference += " " }
                reference.unicodeScalars.append(contentsOf: word)
            }
            #expect(text.collapsedWhitespace == reference, "U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
    }

    /// The build's timestamps are counted, not formatted by ICU: the same text as Foundation's
    /// ISO 8601 formatter, across leap days, centuries, 1970 and before it, and fractions of a
    /// second, from 1601 to 9999 (before 1582 Foundation counts in the Julian calendar).
    @Test func iso8601DatesAreWhatFoundationWrites() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [0, -1, -0.5, 0.999, 86_399.999, 951_782_400, 951_868_799, 4_107_542_400, -2_208_988_800,
                                     -11_644_473_600, 253_402_300_799, 1_709_294_400, 1_700_000_000]
        let random = (0..<2_000).map { _ in TimeInterval(Int.random(in: -11_644_473_600...253_402_300_799, using: &generator)) + 0.25 }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(BuildDate.iso8601(date) == formatter.string(from: date), "\(seconds)")
        }
    }

    /// `trimmed` reads scalars instead of asking Foundation: it must trim exactly what
    /// Foundation's `.whitespacesAndNewlines` trims, every scalar of the set and its neighbours.
    @Test func trimmedTrimsWhatFoundationTrims() {
        let trimmable = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter(CharacterSet.whitespacesAndNewlines.contains)
        let neighbours = [0x84, 0x86, 0x9F, 0xA1, 0x200C, 0x2060, 0xFEFF, 0x0301, 0x41].compactMap(Unicode.Scalar.init)
        for scalar in trimmable + neighbours {
            for text in ["\(scalar)", "\(scalar)a b\(scalar)", "\(scalar)\(scalar)é\(scalar)", "x\(scalar)", "\(scalar)\u{0301}y"] {
                #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines),
                        "U+\(String(scalar.value, radix: 16, uppercase: true)) in \(text.debugDescription)")
            }
        }
        for text in Self.awkward { #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test(arguments: awkward + ["\n", "\n\n", "a\r\nb\r\n", "é\nü\n中文\n🦜", "no newline", "trailing\n"])
    func lineSlicesSplitAtEveryNewline(_ text: String) {
        // By bytes, not characters: "\r\n" is one Character, and its "\r" stays on the line.
        let reference = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        #expect(text.lineSlices == reference)
    }

    @Test func parallelMapKeepsOrderAndRunsEveryItem() {
        let items = Array(0..<1_000)
        #expect(Parallel.map(items) { $0 * $0 } == items.map { $0 * $0 })
        #expect(Parallel.map([Int]()) { $0 } == [])
        #expect(Parallel.map([7]) { $0 + 1 } == [8])
    }

    /// Results are consumed on the caller's thread, each once and in order, though the first is
    /// made last.
    @Test(arguments: [0, 1, 2, 3, 1_000])
    func parallelMapConsumesInOrderOnTheCallersThread(count: Int) {
        let items = Array(0..<count)
        var consumed: [Int] = []
        var positions: [Int] = []
        var onCaller = true
        let caller = Thread.current
        Parallel.map(items, { item in
            if item == 0 { usleep(2_000) }  // the first result is the last to be ready
            return item * 3
        }, consumingInOrder: { position, result in
            positions.append(position)
            consumed.append(result)
            if Thread.current != caller { onCaller = false }
        })
        #expect(positions == items)
        #expect(consumed == items.map { $0 * 3 })
        #expect(onCaller)
    }

    /// The side job and the items run at once, on different threads: the side job waits for an
    /// item to have started and each item for the side job. Run one after the other, the first
    /// would wait out its minute and the test fail (a minute only when broken).
    @Test(.enabled(if: Parallel.width > 1))
    func besideJobRunsAlongsideTheItems() {
        let sideStarted = DispatchSemaphore(value: 0), itemStarted = DispatchSemaphore(value: 0)
        let items = Array(0..<4)
        let (results, side) = Parallel.map(items, { item in
            itemStarted.signal()
            return sideStarted.wait(timeout: .now() + 60) == .success ? item * 2 : -1
        }, beside: {
            for _ in items { sideStarted.signal() }
            return itemStarted.wait(timeout: .now() + 60) == .success
        })
        #expect(side)
        #expect(results == items.map { $0 * 2 })
    }

    /// Every value is let go of by the time `release` returns: none is kept by a handoff.
    @Test(arguments: [0, 1, 2, 3, 1_000])
    func releaseLetsGoOfEveryValue(count: Int) {
        final class Counted: @unchecked Sendable {
            static let lock = NSLock()
            nonisolated(unsafe) static var freed: [Int: Int] = [:]
            let run: Int
            init(run: Int) { self.run = run }
            deinit { Self.lock.withLock { Self.freed[run, default: 0] += 1 } }
        }
        let run = Int.random(in: 0..<Int.max)
        Parallel.release((0..<count).map { _ in [Counted(run: run)] })
        #expect(Counted.lock.withLock { Counted.freed[run] ?? 0 } == count)
        // In the background: every value is let go of by the time the wait returns.
        let background = Int.random(in: 0..<Int.max)
        let released = Parallel.releaseInBackground((0..<count).map { _ in [Counted(run: background)] })
        released.value
        #expect(Counted.lock.withLock { Counted.freed[background] ?? 0 } == count)
    }
}
