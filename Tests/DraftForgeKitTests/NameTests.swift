import Testing
@testable import DraftForgeKit

@Suite("Slugs and ids")
struct NameTests {
    @Test(arguments: [
        ("01-The Harbour", "01-the-harbour"),
        ("Chapter XII: A Storm!", "chapter-xii-a-storm"),
        ("L'Écluse d'Été", "l-ecluse-d-ete"),
        ("  Ünïcode -- names  ", "unicode-names"),
        ("日本語", "book"),
        ("---", "book"),
    ])
    func fileStemsAreLowercaseASCIIWithSingleHyphens(_ text: String, _ stem: String) {
        #expect(Slug.fileStem(text) == stem)
    }

    @Test func aLongNameIsCutAtOneHundredCharacters() {
        #expect(Slug.fileStem(String(repeating: "Ab", count: 80)).count == 100)
    }

    @Test func idsAreValidAndUnique() {
        var registry = IDRegistry(reserved: ["content"])
        let ids = ["Content", "content", "Été 1815", "1815", "!!"].map { registry.claim($0) }
        #expect(ids == ["Content", "content-1", "Ete-1815", "id-1815", "section"])
    }

    @Test func replayedClaimsStandOnlyWhenEachGetsTheSameID() {
        var first = IDRegistry()
        first.startJournal()
        _ = first.claim("intro")
        _ = first.claim("notes")
        let claims = first.endJournal()
        #expect(claims.map(\.given) == ["intro", "notes"])

        var free = IDRegistry()
        let replayed = free.replay(claims)
        #expect(replayed)
        let next = free.claim("notes")
        #expect(next == "notes-1", "the replayed claims are held")

        var taken = IDRegistry(reserved: ["notes"])
        let refused = !taken.replay(claims)
        #expect(refused)
        let after = [taken.claim("intro"), taken.claim("notes")]
        #expect(after == ["intro", "notes-1"], "a failed replay gives back what it claimed")
    }
}
