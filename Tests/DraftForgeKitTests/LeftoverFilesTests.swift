import Foundation
import Testing
@testable import DraftForgeKit

/// A build killed between writing a temporary output and renaming it leaves `.name.pid.partial`
/// files (and the site's `.previous` folder) behind; they once piled up and survived `clean`.
@Suite("Leftovers of killed builds")
struct LeftoverFilesTests {
    static let leftovers = [
        ".test-book.epub.4242.partial", ".manifest.json.17.partial",
        ".html.4242-\(UUID().uuidString).partial", ".html.4242-\(UUID().uuidString).previous",
        // Earlier outputs a build's journal kept, left by a build killed as it committed.
        ".test-book.epub.4242.previous", "..draftforge-outputs.4242.previous",
    ]
    /// Files an author may keep in the output folder, which look close but are not DraftForge's.
    static let authorFiles = [".notes.partial", "draft.1.partial", ".x.12ab.partial", ".html.12-notauuid.previous"]

    func plant(in dist: URL) throws {
        for name in Self.leftovers + Self.authorFiles {
            if name.contains(".html.") {
                try FileManager.default.createDirectory(at: dist.appendingPathComponent(name + "/sub"), withIntermediateDirectories: true)
            } else {
                try Data("half".utf8).write(to: dist.appendingPathComponent(name))
            }
        }
    }

    @Test func theNextBuildRemovesThemAndNothingElse() throws {
        let book = try TestManuscript.minimal()
        _ = try book.build()
        try plant(in: book.dist)
        _ = try book.build()
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: book.dist.path))
        #expect(left.isDisjoint(with: Self.leftovers), "\(left)")
        #expect(left.isSuperset(of: Self.authorFiles), "\(left)")
    }

    @Test func cleanRemovesThem() throws {
        let book = try TestManuscript.minimal()
        _ = try book.build()
        try plant(in: book.dist)
        let removed = try OutputRecord.clean(book.dist)
        #expect(Set(removed).isSuperset(of: Self.leftovers))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: book.dist.path)) == Set(Self.authorFiles))
    }
}
