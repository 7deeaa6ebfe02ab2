// Precision and recall on the three public-domain novels of ../shared/corpus, each with a bible
// written for it (Fixtures/continuity/*.bible.yml). The novels are clean published texts, so a
// warning or error on them is almost surely false; errors planted into copies must be found.
import Foundation
import Testing
@testable import DraftForgeKit

@Suite(.serialized, .corpus) struct ContinuityCorpusTests {
    static let novels = ["pride-and-prejudice", "a-tale-of-two-cities", "great-expectations"]

    /// A copy of a corpus novel with its test bible, in a temporary folder.
    func copy(_ novel: String) throws -> TestManuscript {
        let manuscript = try TestManuscript()
        let source = sharedFolder.appendingPathComponent("corpus/\(novel)")
        try FileManager.default.removeItem(at: manuscript.root)
        try FileManager.default.copyItem(at: source, to: manuscript.root)
        let bible = packageRoot.appendingPathComponent("Tests/DraftForgeKitTests/Fixtures/continuity/\(novel).bible.yml")
        try FileManager.default.copyItem(at: bible, to: manuscript.url("bible.yml"))
        return manuscript
    }

    @Test func theNovelsGiveAtMostOneWarningOrErrorPer50000Words() throws {
        var total = 0, words = 0
        var report: [String] = []
        for novel in Self.novels {
            let manuscript = try copy(novel)
            let result = try Pipeline.check(manuscript.options())
            let serious = result.continuity.findings.filter { $0.severity >= .warning }
            total += serious.count
            words += result.continuity.stats.totalWords
            report += serious.map { "\(novel): \($0)" }
            // The heading-only part pages of A Tale of Two Cities are notes, not warnings.
            #expect(result.continuity.findings.allSatisfy { $0.severity != .info || $0.code == "manuscript.empty-chapter" })
        }
        let budget = words / 50_000
        print("precision: \(total) warning-or-error findings on \(words) words of the three novels (budget \(budget))")
        #expect(total <= budget, "\(report.joined(separator: "\n"))")
        // Each remaining finding must be reviewed; at the time of writing there are none.
        #expect(report.isEmpty, "review these and fix the checker or justify them here:\n\(report.joined(separator: "\n"))")
    }

    @Test func theSampleNovelHasNoFindings() throws {
        let result = try Pipeline.check(BuildOptions(root: packageRoot.appendingPathComponent("Samples/the-lighthouse-keeper")))
        #expect(result.continuity.findings.map(\.description) == [])
        #expect(result.diagnostics.filter { $0.severity >= .warning }.isEmpty)
    }

    // MARK: - Recall

    enum Change {
        case append(String)
        case replace(String, with: String)
        case date(String)
        case newFile(String, String)
    }

    struct Plant {
        var chapter: String  // the file name's number prefix, or the new file's name
        /// What must be found; nil for a change that only sets the scene (an earlier date).
        var code: DiagnosticCode?
        var change: Change
        init(_ chapter: String, _ code: DiagnosticCode?, _ change: Change) {
            self.chapter = chapter
            self.code = code
            self.change = change
        }
    }

    static let plants: [String: [Plant]] = [
        "pride-and-prejudice": [
            Plant("01", nil, .date("1811-09-29")),
            Plant("02", nil, .date("1811-10-01")),
            Plant("03", .dateOrder, .date("1811-09-15")),
            Plant("05", .attributeContradiction, .append("Elizabeth’s green eyes were fixed upon the window.")),
            Plant("12", .attributeContradiction, .append("Mr. Darcy’s eyes were blue that evening.")),
            Plant("20", .attributeContradiction, .append("Jane smiled, and her brown eyes shone.")),
            Plant("30", .attributeContradiction, .append("Bingley’s black hair was wet with rain.")),
            // An attribute after its noun, and a pronoun beside a capitalised word that names no one.
            Plant("07", .attributeContradiction, .append("The blue eyes of Elizabeth were fixed upon him.")),
            Plant("09", .attributeContradiction, .append("Elizabeth took up a Russet, and her green eyes grew thoughtful.")),
            Plant("15", .attributeContradiction, .append("Jane, whose eyes were grey, said nothing.")),
            Plant("10", .nameVariant, .replace("Elizabeth", with: "Elizabth")),
            Plant("40", .nameVariant, .replace("Darcy", with: "Darcey")),
            Plant("50", .nameVariant, .replace("Wickham", with: "Wikham")),
            Plant("15", .weekdayMismatch, .append("It was Monday, 4 March 1812, and the weather was fine.")),
            Plant("02", .ageMismatch, .append("Lydia was twenty.")),
            Plant("25", .forbiddenPattern, .append("She heard the telephone ring in the hall.")),
            Plant("35", .spellingVariant, .append("The color of the sky was remarkable.")),
            Plant("45", .placeholder, .append("The ball was held on TK.")),
            Plant("55", .doubledWord, .append("She walked to the the window.")),
            Plant("58", .unclosedQuote, .append("“I cannot believe it, she said.")),
            Plant("59", .missingFootnote, .append("As was the custom.[^9]")),
            Plant("60", .brokenLink, .append("See [the first chapter](00-missing.md).")),
            Plant("57", .missingImage, .append("![A map](images/none.png)")),
            Plant("62-chapter-lxii", .emptyChapter, .newFile("62-chapter-lxii", "")),
            Plant("63-chapter-lxiii", .duplicateTitle, .newFile("63-chapter-lxiii", "# Chapter I\n\nText here.\n")),
        ],
        "a-tale-of-two-cities": [
            Plant("03", nil, .date("1775-11-01")),
            Plant("04", nil, .date("1775-11-20")),
            Plant("05", .dateOrder, .date("1775-11-10")),
            Plant("05", .ageMismatch, .append("Lucie was thirty.")),
            Plant("20", .attributeContradiction, .append("Lucie’s brown eyes filled with tears.")),
            Plant("30", .attributeContradiction, .append("Miss Manette’s hair was black in the lamplight.")),
            Plant("16", .nameVariant, .replace("Defarge", with: "Defrage")),
            Plant("13", .nameVariant, .replace("Darnay", with: "Darnya")),
            Plant("19", .nameVariant, .replace("Manette", with: "Manete")),
            Plant("49", .actsAfterDeath, .append("“I am not done,” said Madame Defarge.")),
            Plant("49", .actsAfterDeath, .append("Madame Defarge turned and walked away.")),
            Plant("20", .actsAfterDeath, .append("“Enough,” said the Marquis.")),
            Plant("06", .weekdayMismatch, .append("It was Tuesday, 1 January 1790.")),
            Plant("40", .forbiddenPattern, .append("A motor-car waited at the gate.")),
            Plant("41", .spellingVariant, .append("The color of the wine was dark.")),
            Plant("42", .placeholder, .append("FIXME: the crowd scene.")),
            Plant("43", .doubledWord, .append("The crowd surged and and roared.")),
            Plant("44", .unclosedQuote, .append("“Citizen, the prisoner said.")),
            Plant("45", .missingFootnote, .append("So the record ran.[^7]")),
            Plant("46", .brokenLink, .append("See [the trial](13-chapter-iv-congratulatory.md#no-such-heading).")),
            Plant("47", .missingImage, .append("![The Bastille](bastille.jpg)")),
            Plant("50-chapter-xvi", .emptyChapter, .newFile("50-chapter-xvi", "---\ntitle: Blank\n---\n")),
            Plant("51-chapter-xvii", .duplicateTitle, .newFile("51-chapter-xvii", "# Chapter I: The Period\n\nAgain.\n")),
        ],
        "great-expectations": [
            Plant("01", nil, .date("1812-12-24")),
            Plant("02", nil, .date("1812-12-25")),
            Plant("03", .dateOrder, .date("1812-12-20")),
            Plant("02", .ageMismatch, .append("Pip was twelve.")),
            Plant("10", .attributeContradiction, .append("Joe’s brown eyes looked at me.")),
            Plant("20", .attributeContradiction, .append("Miss Havisham’s black hair hung loose.")),
            Plant("08", .nameVariant, .replace("Havisham", with: "Havisam")),
            Plant("21", .nameVariant, .replace("Wemmick", with: "Wemmik")),
            Plant("05", .nameVariant, .replace("Pumblechook", with: "Pumblechok")),
            Plant("19", .nameVariant, .replace("Jaggers", with: "Jagers")),
            Plant("58", .actsAfterDeath, .append("“Dear boy,” said Provis.")),
            Plant("36", .actsAfterDeath, .append("Mrs. Joe laughed at the window.")),
            Plant("50", .actsAfterDeath, .append("Miss Havisham rose from her chair.")),
            Plant("04", .weekdayMismatch, .append("It was Sunday, 1 February 1813.")),
            Plant("44", .forbiddenPattern, .append("An aeroplane passed over the marshes.")),
            Plant("45", .spellingVariant, .append("The sky was grey over the marshes.")),
            Plant("46", .placeholder, .append("The forge was TK yards from the church.")),
            Plant("47", .doubledWord, .append("Joe was was very kind.")),
            Plant("48", .unclosedQuote, .append("“Pip, old chap, said Joe.")),
            Plant("51", .missingFootnote, .append("Or so Wemmick said.[^3]")),
            Plant("52", .brokenLink, .append("See [the forge](99-chapter-xcix.md).")),
            Plant("53", .missingImage, .append("![The forge](forge.png)")),
            Plant("60-chapter-lx", .emptyChapter, .newFile("60-chapter-lx", "\n")),
            Plant("61-chapter-lxi", .duplicateTitle, .newFile("61-chapter-lxi", "# Chapter I\n\nAgain.\n")),
        ],
    ]

    /// Applies the plants and returns, for each, the file and line where it must be found.
    func plant(_ plants: [Plant], in manuscript: TestManuscript) throws -> [(Plant, String, Int)] {
        let chapters = manuscript.url("chapters")
        let names = try FileManager.default.contentsOfDirectory(atPath: chapters.path)
        func file(_ prefix: String) throws -> String {
            try #require(names.first { $0.hasPrefix(prefix + "-") || $0 == prefix + ".md" }, "no chapter \(prefix)")
        }
        var located: [(Plant, String, Int)] = []
        // Dates first (they add lines at the top), then replacements, then appended paragraphs.
        let ordered = plants.filter { if case .date = $0.change { true } else { false } }
            + plants.filter { if case .replace = $0.change { true } else { false } }
            + plants.filter { if case .append = $0.change { true } else { false } }
            + plants.filter { if case .newFile = $0.change { true } else { false } }
        for plant in ordered {
            switch plant.change {
            case .newFile(let name, let text):
                try manuscript.write("chapters/\(name).md", text)
                located.append((plant, "chapters/\(name).md", 1))
                continue
            default: break
            }
            let name = try file(plant.chapter)
            let url = chapters.appendingPathComponent(name)
            var text = try String(contentsOf: url, encoding: .utf8)
            if !text.hasSuffix("\n") { text += "\n" }
            let line: Int
            switch plant.change {
            case .date(let date):
                text = "---\ndate: \(date)\n---\n" + text
                line = 2
            case .replace(let old, let new):
                let range = try #require(text.range(of: old), "\(old) is not in \(name)")
                text.replaceSubrange(range, with: new)
                line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
            case .append(let paragraph):
                line = text.unicodeScalars.filter { $0 == "\n" }.count + 2
                text += "\n" + paragraph + "\n"
            case .newFile: continue
            }
            try text.write(to: url, atomically: true, encoding: .utf8)
            located.append((plant, "chapters/\(name)", line))
        }
        return located
    }

    @Test func plantedErrorsOfEveryCategoryAreFound() throws {
        var found = 0, planted = 0
        var missed: [String] = []
        var categories = Set<Diagnostic.Category>()
        for novel in Self.novels {
            let manuscript = try copy(novel)
            let located = try plant(Self.plants[novel] ?? [], in: manuscript)
            let findings = try Pipeline.check(manuscript.options()).continuity.findings
            var novelFound = 0
            var novelPlanted = 0
            for (plant, file, line) in located {
                guard let code = plant.code else { continue }
                novelPlanted += 1
                categories.insert(code.category)
                let hit = findings.contains {
                    $0.code == code.rawValue && $0.location?.file == file && $0.location?.line == line
                }
                if hit { novelFound += 1 } else { missed.append("\(novel): \(code.rawValue) at \(file):\(line)") }
            }
            print("recall on \(novel): \(novelFound)/\(novelPlanted)")
            found += novelFound
            planted += novelPlanted
        }
        let recall = Double(found) / Double(max(planted, 1))
        print(String(format: "recall: %.1f%% (%d of %d planted errors found)", recall * 100, found, planted))
        // Accessibility is no continuity check: AccessibilityTests plant its problems.
        #expect(categories == Set(Diagnostic.Category.findings).subtracting([.accessibility]))
        #expect(recall >= 0.95, "missed:\n\(missed.joined(separator: "\n"))")
        if !missed.isEmpty { print("missed:\n" + missed.joined(separator: "\n")) }
    }
}
