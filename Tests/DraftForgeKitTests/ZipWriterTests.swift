// Tests for ZipWriter: archives are checked by independent readers (Info-ZIP unzip, Python zipfile)
// and byte by byte where EPUB's OCF rules pin the layout down.

import Foundation
import Testing
@testable import DraftForgeKit
import DraftForgeTestSupport

@Suite("ZipWriter")
final class ZipWriterTests {
    private static let leapDaySecond = Date(timeIntervalSince1970: 1_709_214_358)  // 2024-02-29 13:45:58 UTC

    /// A fresh folder per test, removed when the test's suite instance goes away.
    private let workDirectory: URL

    init() throws {
        workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("ZipWriterTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: workDirectory)
    }

    @Test func unzipAndPythonAcceptTheArchive() throws {
        let archive = try makeArchive(entries: [
            ("mimetype", Data("application/epub+zip".utf8), .stored),
            ("META-INF/container.xml", Data("<container/>".utf8), .deflated),
            ("OEBPS/chapter1.xhtml", Data(String(repeating: "<p>Hello</p>\n", count: 500).utf8), .deflated),
        ])

        let unzip = try runUnzipTest(on: archive)
        #expect(unzip.status == 0, "unzip -t failed:\n\(unzip.output)")
        #expect(unzip.output.contains("No errors detected"), "unzip -t output:\n\(unzip.output)")

        let listing = try inspectWithPython(archive)
        #expect(listing.badEntry == nil)
        #expect(listing.entries.map(\.name) == ["mimetype", "META-INF/container.xml", "OEBPS/chapter1.xhtml"])
        #expect(listing.entries.first?.content == Data("application/epub+zip".utf8))
    }

    @Test func mimetypeEntryFollowsTheOCFLayout() throws {
        let mimetype = Data("application/epub+zip".utf8)
        let archive = try makeArchive(entries: [
            ("mimetype", mimetype, .stored),
            ("OEBPS/content.opf", Data("<package/>".utf8), .deflated),
        ])
        let bytes = [UInt8](try Data(contentsOf: archive))

        #expect(Array(bytes[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        #expect(littleEndian16(bytes, at: 8) == 0, "mimetype must be stored")
        #expect(littleEndian16(bytes, at: 26) == 8, "name length")
        #expect(littleEndian16(bytes, at: 28) == 0, "mimetype must have no extra field")
        #expect(Array(bytes[30..<38]) == Array("mimetype".utf8))
        #expect(Array(bytes[38..<(38 + mimetype.count)]) == Array(mimetype))
    }

    @Test func variedContentRoundTrips() throws {
        let random = pseudoRandomBytes(count: 1 << 20)
        let repetitive = Data(String(repeating: "All work and no play makes Jack a dull boy.\n", count: 48_000).utf8)
        let written: [(String, Data, ZipWriter.Compression)] = [
            ("empty.txt", Data(), .deflated),
            ("one-byte.bin", Data([0x2A]), .deflated),
            ("text/stored.txt", Data("stored as is\n".utf8), .stored),
            ("text/deflated.txt", Data(String(repeating: "deflate me ", count: 100).utf8), .deflated),
            ("random.bin", random, .deflated),
            ("repetitive.txt", repetitive, .deflated),
            ("images/café.png", Data("not really a png".utf8), .deflated),
        ]
        let archive = try makeArchive(entries: written)

        let listing = try inspectWithPython(archive)
        #expect(listing.badEntry == nil)
        #expect(listing.entries.map(\.name) == written.map(\.0))
        for (entry, expected) in zip(listing.entries, written) {
            #expect(entry.content == expected.1, "content of \(entry.name)")
        }

        let byName = Dictionary(uniqueKeysWithValues: listing.entries.map { ($0.name, $0) })
        let randomEntry = try #require(byName["random.bin"])
        #expect(randomEntry.compressType == 0, "incompressible data falls back to stored")
        #expect(randomEntry.compressSize == random.count)
        let repetitiveEntry = try #require(byName["repetitive.txt"])
        #expect(repetitiveEntry.compressType == 8)
        #expect(repetitiveEntry.compressSize < repetitive.count / 50)
        #expect(byName["empty.txt"]?.compressType == 0, "deflating nothing grows it, so it is stored")
        #expect(byName["images/café.png"]?.flagBits == 0x800, "non-ASCII names set the UTF-8 flag")
        #expect(byName["one-byte.bin"]?.flagBits == 0, "ASCII names leave the flags clear")
        #expect(try runUnzipTest(on: archive).status == 0)
    }

    @Test func sameInputGivesIdenticalBytes() throws {
        let entries: [(String, Data, ZipWriter.Compression)] = [
            ("mimetype", Data("application/epub+zip".utf8), .stored),
            ("a.txt", Data(String(repeating: "abc", count: 1000).utf8), .deflated),
        ]
        let first = try Data(contentsOf: makeArchive(entries: entries))
        let second = try Data(contentsOf: makeArchive(entries: entries))
        let otherDate = try Data(contentsOf: makeArchive(entries: entries, date: Date(timeIntervalSince1970: 1_000_000_000)))

        #expect(first == second)
        #expect(first != otherDate)
    }

    @Test func entriesAddedInOneBatchGiveTheSameBytesAsOneByOne() throws {
        let entries: [(path: String, data: Data)] = (0..<40).map { number in
            ("OEBPS/text/\(number).xhtml", Data(String(repeating: "<p>Page \(number) of the sea.</p>\n", count: number * 50).utf8))
        }
        let oneByOne = try makeArchive(entries: entries.map { ($0.path, $0.data, .deflated) })
        let batchURL = workDirectory.appendingPathComponent("batch.zip")
        let writer = try ZipWriter(url: batchURL, modificationDate: Self.leapDaySecond)
        try writer.addEntries(entries)
        try writer.finish()
        #expect(try Data(contentsOf: batchURL) == Data(contentsOf: oneByOne))
        // Hashed as written: the manifest's checksum without reading the archive back.
        #expect(writer.checksum == (try Checksum.sha256(ofItemAt: batchURL)))
        #expect(writer.size == (try Data(contentsOf: batchURL)).count)
    }

    /// An entry the batch refuses stops it there: the entries before it are written, none after.
    @Test func aBatchStopsAtTheEntryItRefuses() throws {
        let url = newArchiveURL()
        let writer = try ZipWriter(url: url, modificationDate: Self.leapDaySecond)
        let entries: [(path: String, data: Data)] = [("a.txt", Data("a".utf8)), ("../x", Data("x".utf8)), ("b.txt", Data("b".utf8))]
        #expect(throws: ZipError.self) { try writer.addEntries(entries) }
        try writer.finish()
        #expect(try inspectWithPython(url).entries.map(\.name) == ["a.txt"])
    }

    @Test func modificationDateIsStoredAsUTCDOSTime() throws {
        let archive = try makeArchive(entries: [("a.txt", Data("a".utf8), .stored)], date: Self.leapDaySecond)
        #expect(try inspectWithPython(archive).entries.first?.dateTime == [2024, 2, 29, 13, 45, 58])

        let early = try makeArchive(entries: [("a.txt", Data("a".utf8), .stored)], date: Date(timeIntervalSince1970: 0))
        #expect(try inspectWithPython(early).entries.first?.dateTime == [1980, 1, 1, 0, 0, 0])
    }

    @Test func dosTimestampRoundsOddSecondsDownAndClampsLateYears() {
        let oddSecond = ZipWriter.DOSTimestamp(Self.leapDaySecond.addingTimeInterval(1))
        #expect(oddSecond == ZipWriter.DOSTimestamp(Self.leapDaySecond))

        let farFuture = ZipWriter.DOSTimestamp(Date(timeIntervalSince1970: 5_000_000_000))  // year 2128
        #expect(farFuture.date >> 9 == 127, "year field clamps to 2107")
    }

    @Test(arguments: ["", "../x", "a/../b", "/abs", "dir\\file", "a//b", "dir/"])
    func rejectsUnsafePaths(_ path: String) throws {
        let writer = try ZipWriter(url: newArchiveURL(), modificationDate: Date())
        #expect(throws: ZipError.self) { try writer.addEntry(path: path, data: Data()) }
    }

    @Test func misuseThrowsButLeavesAValidArchive() throws {
        let url = newArchiveURL()
        let writer = try ZipWriter(url: url, modificationDate: Self.leapDaySecond)
        try writer.addEntry(path: "a.txt", data: Data("first".utf8))

        #expect(throws: ZipError.self) { try writer.addEntry(path: "a.txt", data: Data("again".utf8)) }
        #expect(throws: ZipError.self) { try writer.addEntry(path: "../x", data: Data()) }
        try writer.finish()
        #expect(throws: ZipError.self) { try writer.addEntry(path: "b.txt", data: Data()) }
        #expect(throws: ZipError.self) { try writer.finish() }

        let listing = try inspectWithPython(url)
        #expect(listing.entries.map(\.name) == ["a.txt"])
        #expect(listing.entries.first?.content == Data("first".utf8))
    }

    @Test func refusesMoreEntriesThanAZipWithoutZIP64Holds() throws {
        let url = newArchiveURL()
        let writer = try ZipWriter(url: url, modificationDate: Date())
        for index in 0..<Int(UInt16.max - 1) {
            try writer.addEntry(path: "f\(index)", data: Data(), compression: .stored)
        }
        #expect(throws: ZipError.self) { try writer.addEntry(path: "one-too-many", data: Data()) }
        try writer.finish()
        #expect(try runUnzipTest(on: url).status == 0)
    }
}

// MARK: - Helpers

// Helpers are members of the suite so they cannot clash with helpers in other test files of this module.
extension ZipWriterTests {
    private struct PythonListing: Decodable {
        struct Entry: Decodable {
            let name: String
            let content: Data  // base64 in JSON, which is JSONDecoder's default for Data
            let compressType: Int
            let compressSize: Int
            let flagBits: Int
            let dateTime: [Int]
        }

        let badEntry: String?
        let entries: [Entry]
    }

    private static let unzipPath = "/usr/bin/unzip"

    private static let pythonInspector = """
        import base64, json, sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as archive:
            entries = [{
                "name": info.filename,
                "content": base64.b64encode(archive.read(info)).decode(),
                "compressType": info.compress_type,
                "compressSize": info.compress_size,
                "flagBits": info.flag_bits,
                "dateTime": list(info.date_time),
            } for info in archive.infolist()]
            json.dump({"badEntry": archive.testzip(), "entries": entries}, sys.stdout)
        """

    private func newArchiveURL() -> URL {
        workDirectory.appendingPathComponent("\(UUID().uuidString).zip")
    }

    private func makeArchive(
        entries: [(String, Data, ZipWriter.Compression)],
        date: Date = ZipWriterTests.leapDaySecond
    ) throws -> URL {
        let url = newArchiveURL()
        let writer = try ZipWriter(url: url, modificationDate: date)
        for (path, data, compression) in entries {
            try writer.addEntry(path: path, data: data, compression: compression)
        }
        try writer.finish()
        return url
    }

    private func runUnzipTest(on archive: URL) throws -> (status: Int32, output: String) {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.unzipPath),
            "\(Self.unzipPath) is missing; install it with `apt-get install -y unzip`")
        return try runCommand([Self.unzipPath, "-t", archive.path])
    }

    private func inspectWithPython(_ archive: URL) throws -> PythonListing {
        let result = try runCommand(["python3", "-c", Self.pythonInspector, archive.path])
        try #require(result.status == 0, "python3 zipfile could not read the archive:\n\(result.output)")
        return try JSONDecoder().decode(PythonListing.self, from: Data(result.output.utf8))
    }

    private func littleEndian16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    /// SplitMix64: fixed seed, so the "random" entry is the same on every run.
    private func pseudoRandomBytes(count: Int) -> Data {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            withUnsafeBytes(of: mixed.littleEndian) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
        }
        return Data(bytes)
    }
}
