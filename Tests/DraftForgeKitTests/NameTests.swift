import Testing
@testable import DraftForgeKit

@Suite("Slugs and ids")
struct NameTests {
    @Test(arguments: [
        ("01-The Harbour", "01-the-harbour"),
        ("Chapter XII: A Storm!", "chapter-xii-a-storm"),
        ("L'Écluse d'Été", "l-ecluse-d-ete"),
        ("  Ünïcode -- names  ", "unicode-names"),
        ("三体", "san-ti"),
        ("Война и мир", "voina-i-mir"),
        ("Τα βασικά", "ta-basika"),
        ("---", "book"),
    ])
    func fileStemsAreLowercaseASCIIWithSingleHyphensTransliterated(_ text: String, _ stem: String) {
        #expect(Slug.fileStem(text) == stem)
    }

    @Test func aLongNameIsCutAtOneHundredCharacters() {
        #expect(Slug.fileStem(String(repeating: "Ab", count: 80)).count == 100)
    }

    @Test func idsAreValidAndUnique() {
        var registry = IDRegistry(reserved: ["content"])
        let ids = ["Content", "content", "Été 1815", "1815", "!!"].map { registry.claim($0) }
        #expect(ids == ["Content", "content-1", "Été-1815", "id-1815", "section"])
        let decomposed = "E\u{301}te\u{301}"
        #expect(IDRegistry.validID(decomposed) == "Été", "composed")
    }

    @Test(arguments: [
        ("Вступление", "вступление"), ("基本", "基本"), ("Τα βασικά", "τα-βασικά"), ("Základy", "základy"),
        ("ภาษาไทย", "ภาษาไทย"), ("مقدمة", "مقدمة"), ("1. Начало", "id-1-начало"), ("Hello, World!", "hello-world"),
        ("C++ & Rust", "c--rust"), ("  ", "section"),
    ])
    func headingIDsKeepEveryScript(_ heading: String, _ id: String) {
        #expect(IDRegistry.validID(Slug.heading(heading)) == id)
    }

    @Test func anIDAnotherChapterHoldsTakesTheChaptersNameNotACounter() {
        var registry = IDRegistry()
        #expect(registry.claim("summary", scope: "01-start") == "summary")
        #expect(registry.claim("summary", scope: "05-storm") == "summary--05-storm")
        #expect(registry.claim("summary", scope: "05-storm") == "summary--05-storm-1")
        #expect(registry.claim("summary") == "summary-1", "no scope: a counter")
    }

    @Test func replayedClaimsStandOnlyWhenEachGetsTheSameID() {
        var first = IDRegistry()
        first.startJournal()
        _ = first.claim("intro")
        _ = first.claim("notes")
        let claims = first.endJournal()
        #expect(claims.map(\.given) == ["intro", "notes"])

        var free = IDRegistry()
        let replayed = free.replay(claims, scope: nil)
        #expect(replayed)
        let next = free.claim("notes")
        #expect(next == "notes-1", "the replayed claims are held")

        var taken = IDRegistry(reserved: ["notes"])
        let refused = !taken.replay(claims, scope: nil)
        #expect(refused)
        let after = [taken.claim("intro"), taken.claim("notes")]
        #expect(after == ["intro", "notes-1"], "a failed replay gives back what it claimed")

        var scoped = IDRegistry()
        scoped.startJournal()
        _ = scoped.claim("intro", scope: "one")
        let scopedClaims = scoped.endJournal()
        var other = IDRegistry()
        let refusedInAnotherScope = !other.replay(scopedClaims, scope: "two")
        #expect(refusedInAnotherScope, "claims made for another file stem are made again")
    }
}
