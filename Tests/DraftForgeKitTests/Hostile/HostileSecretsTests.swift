import Foundation
import Testing
@testable import DraftForgeKit

/// Inputs that would publish a secret: the story bible and waivers linked to a file outside the
/// manuscript. Each is refused before it is read, and nothing of it reaches an output.
@Suite("Hostile manuscripts: secrets and dot-folders")
struct HostileSecretsTests {
    // MARK: - bible.yml and waivers.yml

    @Test(arguments: ["bible.yml", "waivers.yml"])
    func aBibleOrWaiversThatLinksOutsideTheRootIsRefused(_ file: String) throws {
        let book = try Hostile()
        try book.link(file, to: book.outside.url("secret.yml"))
        let error = try book.expectFailure(.outsideRoot, file: file)
        #expect(error?.message.contains(file) == true)
    }

    @Test(arguments: ["bible", "waivers"])
    func aBibleOrWaiversNamedInTheConfigThatLinksOutsideIsRefused(_ key: String) throws {
        let book = try Hostile()
        try book.write("draftforge.yml", "title: T\n\(key): notes/\(key).yml\n")
        try book.link("notes/\(key).yml", to: book.outside.url("secret.yml"))
        try book.expectFailure(.outsideRoot, file: "notes/\(key).yml")
    }
}
