import Foundation
import Testing
@testable import DraftForgeKit

/// Hostile config and front matter: alias bombs, wrong types, huge numbers.
@Suite("Hostile manuscripts: config")
struct HostileConfigTests {
    /// Nine levels of nine aliases each: 9^9 (387 million) values once expanded.
    static let aliasBomb: String = {
        var yaml = "title: Bomb\nsettings:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "  a\(level): &a\(level) [" + Array(repeating: previous, count: 9).joined(separator: ", ") + "]\n"
        }
        return yaml
    }()

    @Test func aliasBombInTheConfigIsRefusedBeforeExpanding() throws {
        let book = try Hostile()
        try book.write("draftforge.yml", Self.aliasBomb)
        let error = try book.expectFailure(.configSyntax, file: "draftforge.yml", line: 1, hangGuard: .seconds(30))
        #expect(error?.message.contains("aliases") == true)
    }

    @Test func aliasBombInFrontMatterIsRefused() throws {
        let bomb = Self.aliasBomb.replacingOccurrences(of: "settings:", with: "pov:")
        let book = try Hostile(["chapters/01-one.md": "---\n" + bomb + "---\nText\n"])
        try book.expectFailure(.frontMatterSyntax, file: "chapters/01-one.md", line: 2, hangGuard: .seconds(30))
    }

    /// A 1 MB string aliased 300 times: few values, but 300 MB once expanded (it cost ~1 GB
    /// and over a minute, counted in values only). Refused by its expanded bytes, in well under
    /// a second of work: the guard allows thirty.
    @Test func aLongStringAliasedHundredsOfTimesIsRefusedByItsSize() throws {
        let yaml = "title: T\nsettings:\n  long: &long \"" + String(repeating: "x", count: 1_000_000) + "\"\n"
            + "subjects: [" + Array(repeating: "*long", count: 300).joined(separator: ", ") + "]\n"
        let book = try Hostile()
        try book.write("draftforge.yml", yaml)
        let error = try book.expectFailure(.configSyntax, file: "draftforge.yml", line: 1, hangGuard: .seconds(30))
        #expect(error?.message.contains("bytes of text") == true, "\(error?.message ?? "")")
    }

    @Test func aFewAliasesAreStillFine() throws {
        let book = try Hostile()
        try book.write("draftforge.yml", "title: T\nauthors: &who [Ann Author]\nsettings:\n  agents: *who\n")
        _ = try book.expectSuccess()
    }

    /// (config, code, line, column)
    static let badConfigs: [(String, DiagnosticCode, Int, Int)] = [
        ("title: T\ntarget_word_count: 999999999999999999999999999999\n", .configType, 2, 20),
        ("title: T\ntarget_word_count: 1e400\n", .configType, 2, 20),
        ("title: T\ntarget_word_count: -5\n", .configValue, 2, 20),
        ("title: T\ntarget_word_count: 100000001\n", .configValue, 2, 20),
        ("title: T\ntarget_word_count: [1]\n", .configType, 2, 20),
        ("title: [a, b]\n", .configType, 1, 8),
        ("title: {a: b}\n", .configType, 1, 8),
        ("title: T\nsmart_punctuation: 1\n", .configType, 2, 20),
        ("title: T\noutline: 5\n", .configType, 2, 10),
        ("title: T\noutline: [[01-one]]\n", .configType, 2, 11),
        ("title: T\nauthors: {a: b}\n", .configType, 2, 10),
        ("title: T\nseries: {name: S, position: 99999999999999999999999999e9}\n", .configValue, 2, 29),
        ("title: T\nsettings: 7\n", .configType, 2, 11),
        ("title: T\nchapters_directory: ../elsewhere\n", .configValue, 2, 21),
        ("title: T\nchapters_directory: /etc\n", .configValue, 2, 21),
        ("title: T\ncover: ../outside/secret.png\n", .configValue, 2, 8),
        ("- just\n- a list\n", .configType, 1, 0),
        ("title: T\ntitle: U\n", .configSyntax, 1, 0),
    ]

    @Test(arguments: badConfigs)
    func wrongTypesAndHugeNumbersAreConfigErrors(_ config: String, _ code: DiagnosticCode, _ line: Int, _ column: Int) throws {
        let book = try Hostile()
        try book.write("draftforge.yml", config)
        let error = try book.expectFailure(code, file: "draftforge.yml", line: line)
        if column > 0 { #expect(error?.location?.column == column) }
    }

    @Test func deeplyNestedYAMLIsAnErrorNotACrash() throws {
        let book = try Hostile()
        try book.write("draftforge.yml", "title: T\nsettings:\n  x: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n")
        // Accepted as data or refused: either way a defined outcome, not a crash.
        var failure: BuildFailure?
        do { _ = try book.manuscript.build() } catch { failure = error }
        if let failure { #expect(failure.exitCode == 2) }
    }
}
