// The golden-file helper itself: digests, masks and the messages a failing golden prints.
import DraftForgeTestSupport
import Foundation
import Testing

@Suite("Golden-file helper")
struct GoldenTests {
    @Test func sha256MatchesTheStandardsVectors() {
        #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func firstDifferenceNamesTheLineAndColumn() throws {
        #expect(Golden.firstDifference(expected: "a\nb\n", actual: "a\r\nb\r\n") == nil)
        let message = try #require(Golden.firstDifference(expected: "one\ntwo\n", actual: "one\ntoo\n"))
        #expect(message == "first difference at line 2\n  expected: \"two\"\n  actual:   \"too\"\n  (column 2)")
        let shorter = try #require(Golden.firstDifference(expected: "one\n", actual: "one\nmore\n"))
        #expect(shorter.contains("expected: \"\"") && shorter.contains("actual:   \"more\""), "\(shorter)")
    }

    @Test func volatileFieldsAreMasked() {
        let json = """
            {"started_at" : "2026-12-02T07:18:36Z", "duration_seconds" : 0.858, "source_ref" : null,
            "id" : "b4246f6e-ab77-53a3-bbac-6968ab346240", "id" : "manuscript.missing-image",
            "tool_version" : "9.8.7", "version" : "2.1.0", "build_log" : "wrote html/ (16 files, 472297 bytes)"}
            <meta property="dcterms:modified">2023-11-14T22:13:20Z</meta> /tmp/x/manuscript/dist
            """
        let masks = GoldenMask.root(URL(fileURLWithPath: "/tmp/x")) + GoldenMask.volatile(toolVersion: "9.8.7")
        let masked = masks.reduce(json) { $1.apply($0) }
        #expect(masked == """
            {"started_at" : "[DATE]", "duration_seconds" : "[DURATION]", "source_ref" : "[COMMIT]",
            "id" : "[ID]", "id" : "manuscript.missing-image",
            "tool_version" : "[VERSION]", "version" : "2.1.0", "build_log" : "wrote html/ (16 files, [SIZE])"}
            <meta property="dcterms:modified">[DATE]</meta> [ROOT]/manuscript/dist
            """)
    }

    @Test(.disabled(if: Golden.isRecording, "RECORD_GOLDEN would rewrite the folder instead"))
    func aTreeReportsMissingExtraAndChangedFiles() throws {
        let expected = FileManager.default.temporaryDirectory.appendingPathComponent("draftforge-golden-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: expected) }
        try FileManager.default.createDirectory(at: expected.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("same\n".utf8).write(to: expected.appendingPathComponent("same.txt"))
        try Data("old\n".utf8).write(to: expected.appendingPathComponent("sub/changed.txt"))
        try Data("gone\n".utf8).write(to: expected.appendingPathComponent("gone.txt"))
        try Data("sha256 \(SHA256.hex(Data([0, 1])))\nbytes 2\n".utf8).write(to: expected.appendingPathComponent("blob.bin.sha256"))
        let tree = [
            "same.txt": Data("same\n".utf8), "sub/changed.txt": Data("new\n".utf8), "added.txt": Data("x\n".utf8),
            "blob.bin": Data([0, 1]),
        ]
        do {
            try Golden.verify(tree: tree, matches: expected)
            Issue.record("the tree matched")
        } catch {
            let message = "\(error)"
            #expect(message.contains("missing from the output: gone.txt"), "\(message)")
            #expect(message.contains("not in the golden folder: added.txt"), "\(message)")
            #expect(message.contains("sub/changed.txt: first difference at line 1"), "\(message)")
            #expect(!message.contains("same.txt:") && !message.contains("blob.bin"), "\(message)")
        }
    }
}
