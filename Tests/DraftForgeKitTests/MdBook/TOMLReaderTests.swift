import Foundation
import Testing
import DraftForgeTestSupport
@testable import DraftForgeKit

/// TOML 1.0 as book.toml files use it, and the spec's rules against defining a thing twice.
@Suite("TOML reader")
struct TOMLReaderTests {
    func read(_ text: String) throws -> TOMLTable {
        try TOMLReader.read(text, file: "book.toml")
    }

    /// The value at a dotted path of keys, as a plain Swift value for comparison.
    func plain(_ value: TOMLValue?) -> String {
        guard let value else { return "nil" }
        switch value.kind {
        case .string(let text): return "\"\(text)\""
        case .integer(let number): return "\(number)"
        case .float(let number): return number.isNaN ? "nan" : "\(number)"
        case .boolean(let flag): return "\(flag)"
        case .dateTime(let text): return "date \(text)"
        case .array(let items): return "[" + items.map { plain($0) }.joined(separator: ", ") + "]"
        case .table(let table): return "{" + table.keys.map { "\($0) = \(plain(table[$0]))" }.joined(separator: ", ") + "}"
        }
    }

    @Test func everyKindOfValue() throws {
        let table = try read(#"""
            # a comment
            string = "tab\t quote\" unicode \u00E9 \U0001F600"  # trailing comment
            literal = 'C:\Users\no escapes'
            multi = """
            Roses are red\
                  Violets are blue
            two "" quotes: """"
            multiliteral = '''
            raw \n kept'''
            integers = [+99, -17, 0, 1_000, 0xDEAD_beef, 0o755, 0b1101]
            floats = [3.14, -0.01, 5e+22, 1E6, -2E-2, 6.626e-34, 224_617.445_991, inf, -inf]
            nan = nan
            booleans = [true, false]
            dates = [1979-05-27T07:32:00Z, 1979-05-27 07:32:00-07:00, 1979-05-27, 07:32:00.999]
            nested = [ [1, 2], ["a", 'b'], [ {x = 1}, {} ], ]
            multiline = [
              1, # one
              2,
            ]
            "quoted key" = 1
            'literal key'.bare = 2
            a.b.c = 3
            a.d = 4
            inline = { name = "x", point.y = 2 }
            """#)
        #expect(plain(table["string"]) == "\"tab\t quote\" unicode é 😀\"")
        #expect(plain(table["literal"]) == #""C:\Users\no escapes""#)
        #expect(plain(table["multi"]) == "\"Roses are redViolets are blue\ntwo \"\" quotes: \"\"")
        #expect(plain(table["multiliteral"]) == #""raw \n kept""#)
        #expect(plain(table["integers"]) == "[99, -17, 0, 1000, 3735928559, 493, 13]")
        #expect(plain(table["floats"]) == "[3.14, -0.01, 5e+22, 1000000.0, -0.02, 6.626e-34, 224617.445991, inf, -inf]")
        #expect(plain(table["nan"]) == "nan")
        #expect(plain(table["booleans"]) == "[true, false]")
        #expect(plain(table["dates"]) == "[date 1979-05-27T07:32:00Z, date 1979-05-27 07:32:00-07:00, date 1979-05-27, date 07:32:00.999]")
        #expect(plain(table["nested"]) == "[[1, 2], [\"a\", \"b\"], [{x = 1}, {}]]")
        #expect(plain(table["multiline"]) == "[1, 2]")
        #expect(plain(table["quoted key"]) == "1")
        #expect(plain(table["literal key"]) == "{bare = 2}")
        #expect(plain(table["a"]) == "{b = {c = 3}, d = 4}")
        #expect(plain(table["inline"]) == "{name = \"x\", point = {y = 2}}")
        #expect(table["floats"]?.line == 11)
        #expect(table["multiline"]?.line == 16)
    }

    @Test func tablesAndArraysOfTables() throws {
        let table = try read("""
            title = "Top"

            [output.html]
            smart-punctuation = true

            [output.html.redirect]
            "/a.html" = "b.html"

            [[bin]]
            name = "one"

            [[bin]]
            name = "two"
            [bin.extra]
            deep = 1

            [output]
            later = "an implicit table may get its header afterwards"
            """)
        #expect(table.keys == ["title", "output", "bin"])
        #expect(plain(table["output"]) == "{html = {smart-punctuation = true, redirect = {/a.html = \"b.html\"}}, later = \"an implicit table may get its header afterwards\"}")
        #expect(plain(table["bin"]) == "[{name = \"one\"}, {name = \"two\", extra = {deep = 1}}]")
        #expect(table["output"]?.table?["html"]?.line == 3)
    }

    @Test(arguments: [
        ("a = 1\na = 2\n", 2, "the key 'a' is defined twice"),
        ("[t]\n[t]\n", 2, "the table [t] is defined twice"),
        ("a.b = 1\n[a]\n", 2, "the table [a] is defined twice"),
        ("a = 1\n[a.b]\n", 2, "'a' in [a.b] is already a value, not a table"),
        ("a = {x = 1}\na.y = 2\n", 2, "'a.y' extends 'a', which is already defined"),
        ("a = \"open\n", 1, "the string is not closed on its line"),
        ("a = 1 b = 2\n", 1, "the line goes on after its value; start a new line"),
        ("a =\n", 1, "a value is expected after '='"),
        ("a = 01\n", 1, "'01' is not a TOML value"),
        ("a = 1__0\n", 1, "'1__0' is not a TOML value"),
        ("a = \"\\q\"\n", 1, "'\\q' is not an escape TOML knows"),
        ("a = [1 2]\n", 1, "',' or ']' is expected in an array"),
        ("= 1\n", 1, "a key is expected here"),
    ])
    func mistakesAreErrorsAtTheirLine(_ text: String, line: Int, message: String) throws {
        let error = try #require(throws: Diagnostic.self) { try read(text) }
        #expect(error.message == message)
        #expect(error.location?.line == line)
        #expect(error.location?.file == "book.toml")
        #expect(error.code == "config.syntax")
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let error = try #require(throws: Diagnostic.self) { try read("a = " + String(repeating: "[", count: 100_000)) }
        #expect(error.message == "arrays and inline tables nest too deeply")
    }

    /// mdBook's own guide, as upstream keeps it.
    @Test(.corpus) func theMdBookGuidesBookToml() throws {
        let file = sharedFolder.appendingPathComponent("corpus/mdbook-guide/book.toml")
        let table = try read(try String(contentsOf: file, encoding: .utf8))
        #expect(table.keys == ["book", "rust", "output", "preprocessor", "build"])
        #expect(plain(table["book"]?.table?["authors"]) == "[\"Mathieu David\", \"Michael-F-Bryan\"]")
        let html = try #require(table["output"]?.table?["html"]?.table)
        #expect(plain(html["site-url"]) == "\"/mdBook/\"")
        #expect(plain(html["redirect"]) == "{/format/config.html = \"configuration/index.html\"}")
        #expect(plain(html["code"]) == "{hidelines = {python = \"~\"}}")
        #expect(table["preprocessor"]?.table?.keys == ["guide-helper"])
    }
}
