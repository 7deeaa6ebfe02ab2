// The rules of the highlighter that are easy to break: each test fails if its rule does.
import Foundation
import Testing
@testable import DraftForgeKit

@Suite("Highlighter")
struct HighlighterTests {
    /// The tokens of `code` as `kind text`, plain text left out.
    func highlighted(_ code: String, _ language: CodeLanguage) -> [String] {
        let bytes = Array(code.utf8)
        return Highlighter.tokens(in: code, language: language).map {
            "\($0.kind.name) \(String(decoding: bytes[$0.range], as: UTF8.self))"
        }
    }

    // MARK: - Languages by name

    @Test func everyAliasResolves() {
        for language in CodeLanguage.allCases {
            for alias in language.aliases {
                #expect(Highlighter.language(forInfo: alias) == language, "\(alias)")
                #expect(Highlighter.language(forInfo: alias.uppercased()) == language, "\(alias)")
            }
        }
        #expect(Highlighter.language(forInfo: "rust,ignore") == .rust)
        #expect(Highlighter.language(forInfo: "\u{A0}rust\u{2003}") == .rust, "blanks around the word")
        #expect(Highlighter.language(forInfo: "{rust}") == nil)
        #expect(Highlighter.language(forInfo: "Rust ignore") == .rust)
        #expect(Highlighter.language(forInfo: "c++") == .cpp)
        #expect(Highlighter.language(forInfo: "yml") == .yaml)
        #expect(Highlighter.language(forInfo: "patch") == .diff)
        #expect(Highlighter.language(forInfo: "sh") == .shell)
        #expect(Highlighter.language(forInfo: "make") == .makefile)
    }

    @Test func eachKindsSpanNamesItsOwnClass() {
        #expect(TokenKind.allCases.map { CodeTheme.spanAttributes[$0.rawValue].first?.value } == [
            "hl-keyword", "hl-type", "hl-function", "hl-string", "hl-number", "hl-comment", "hl-operator",
            "hl-punctuation", "hl-attribute", "hl-variable", "hl-meta", "hl-inserted", "hl-deleted",
        ])
    }

    @Test func anUnknownOrMissingLanguageIsNil() {
        #expect(Highlighter.language(forInfo: "") == nil)
        #expect(Highlighter.language(forInfo: "klingon") == nil)
        #expect(Highlighter.language(forInfo: ",rust") == nil)
        #expect(Highlighter.language(forInfo: "text") == nil)
    }

    @Test func everyLanguageHasAName() {
        #expect(CodeLanguage.cpp.name == "C++")
        #expect(Set(CodeLanguage.allCases.map(\.name)).count == CodeLanguage.allCases.count)
    }

    // MARK: - Rules

    @Test func rustBlockCommentsNest() {
        #expect(highlighted("/* a /* b */ c */ x", .rust) == ["comment /* a /* b */ c */"])
        #expect(highlighted("/* a /* b */ c */ x", .c) == ["comment /* a /* b */", "operator */"])
    }

    @Test func rustRawStringsKeepTheirQuotes() {
        #expect(highlighted(##"let s = r#"a "quoted" b"#;"##, .rust) == [
            "keyword let", "operator =", ##"string r#"a "quoted" b"#"##, "punctuation ;",
        ])
        #expect(highlighted(#"b"\x00" br"\d""#, .rust) == [#"string b"\x00""#, #"string br"\d""#])
    }

    @Test func rustCharsAreNotLifetimes() {
        #expect(highlighted("'a' '\\n' 'é' &'a str", .rust) == [
            "string 'a'", "string '\\n'", "string 'é'", "operator &", "variable 'a", "type str",
        ])
    }

    @Test func anEscapedQuoteStaysInTheString() {
        #expect(highlighted(#"x = "a\"b" + 1"#, .javascript) == [
            "operator =", #"string "a\"b""#, "operator +", "number 1",
        ])
    }

    @Test func javaScriptTemplateInterpolationIsCode() {
        #expect(highlighted(#"`x${a + "}"}y`"#, .javascript) == [
            "string `x", "punctuation ${", "operator +", #"string "}""#, "punctuation }", "string y`",
        ])
    }

    @Test func javaScriptRegularExpressionsAreNotDivision() {
        #expect(highlighted("a = b / c / d", .javascript) == ["operator =", "operator /", "operator /"])
        #expect(highlighted("return /a/; return n / 2 / 3", .javascript) == [
            "keyword return", "string /a/", "punctuation ;", "keyword return", "operator /", "number 2", "operator /",
            "number 3",
        ])
        #expect(highlighted("x = /a\\/[/]b/g.test(s)", .javascript) == [
            "operator =", "string /a\\/[/]b/g", "punctuation .", "function test", "punctuation (", "punctuation )",
        ])
    }

    @Test func pythonFormatStringsAndTripleQuotes() {
        #expect(highlighted(#"f"{x} {{y}}""#, .python) == [
            "string f\"", "punctuation {", "punctuation }", "string  {{y}}\"",
        ])
        #expect(highlighted("'''a\n'b'\n''' + 1", .python) == ["string '''a\n'b'\n'''", "operator +", "number 1"])
        #expect(highlighted(#"r"\d" rb'x' print"#, .python) == [#"string r"\d""#, "string rb'x'", "function print"])
    }

    @Test func swiftInterpolationAndRawStrings() {
        #expect(highlighted(#""a\(b)c""#, .swift) == [#"string "a"#, #"punctuation \("#, "punctuation )", #"string c""#])
        #expect(highlighted(##"#"\(no) \#(yes)"#"##, .swift) == [
            ##"string #"\(no) "##, ##"punctuation \#("##, "punctuation )", ##"string "#"##,
        ])
    }

    @Test func numbersKeepPrefixesSeparatorsExponentsAndSuffixes() {
        #expect(highlighted("0x1F 0b1010_0101 1_000.5e-3 10u32 2.5f", .rust) == [
            "number 0x1F", "number 0b1010_0101", "number 1_000.5e-3", "number 10u32", "number 2.5f",
        ])
        #expect(highlighted("1..2", .rust) == ["number 1", "punctuation .", "punctuation .", "number 2"])
    }

    @Test func aUnicodeIdentifierIsOneWord() {
        #expect(highlighted("let größe = Größe(名前)", .rust) == [
            "keyword let", "operator =", "function Größe", "punctuation (", "punctuation )",
        ])
    }

    @Test func callsDefinitionsAndCapitalizedNames() {
        #expect(highlighted("fn main() { Vec::new(); Point }", .rust) == [
            "keyword fn", "function main", "punctuation (", "punctuation )", "punctuation {", "type Vec",
            "punctuation :", "punctuation :", "function new", "punctuation (", "punctuation )", "punctuation ;",
            "type Point", "punctuation }",
        ])
        #expect(highlighted("#[derive(Debug)] println!(\"\")", .rust) == [
            "attribute #[derive(Debug)]", "function println!", "punctuation (", #"string """#, "punctuation )",
        ])
        #expect(highlighted("@Override void run()", .java) == ["attribute @Override", "keyword void", "function run", "punctuation (", "punctuation )"])
    }

    @Test func shellVariablesStaySane() {
        #expect(highlighted(#"echo "$5 and $10""#, .shell) == [
            "function echo", #"string ""#, "variable $5", "string  and ", "variable $1", #"string 0""#,
        ])
        #expect(highlighted("X=1 ${HOME:-/} $(pwd) # done", .shell) == [
            "variable X", "operator =", "variable ${HOME:-/}", "punctuation $(", "function pwd", "punctuation )",
            "comment # done",
        ])
        #expect(highlighted("a#b", .shell) == ["function a#b"])
        #expect(highlighted("case $x in\n  0) exit ;;\nesac\nn=$((n + 1))", .shell) == [
            "keyword case", "variable $x", "keyword in", "punctuation )", "function exit", "punctuation ;;",
            "keyword esac", "variable n", "operator =", "punctuation $((", "number 1", "punctuation ))",
        ])
    }

    @Test func shellHeredocBodiesAreStrings() {
        #expect(highlighted("cat <<'EOF'\nx $y\nEOF\necho", .shell) == [
            "function cat", "operator <<", "string 'EOF'", "string x $y\nEOF", "function echo",
        ])
        #expect(highlighted("cat <<-END\n\tbody\n\tEND\nls", .shell) == [
            "function cat", "operator <<-", "string END", "string \tbody\n\tEND", "function ls",
        ])
    }

    @Test func consolePromptsAreMetaAndOutputIsPlain() {
        #expect(highlighted("$ ls -l\nfile.txt\n$ echo \"hi\"\nhi # not a comment\n", .console) == [
            "meta $", "function ls", "meta $", "function echo", #"string "hi""#,
        ])
        #expect(highlighted("$ make \\\n  all\nout", .console) == ["meta $", "function make"])
    }

    @Test func diffLinesByTheirFirstCharacter() {
        #expect(highlighted("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n--x\n", .diff) == [
            "meta --- a/x", "meta +++ b/x", "meta @@ -1 +1 @@", "deleted -old", "inserted +new", "deleted --x",
        ])
        // Inside a hunk its header's counts decide: these are a removed and an added line.
        #expect(highlighted("@@ -1,2 +1,2 @@\n--- x\n+++ y\n same\ndiff --git a b\n", .diff) == [
            "meta @@ -1,2 +1,2 @@", "deleted --- x", "inserted +++ y", "meta diff --git a b",
        ])
    }

    @Test func aMemberIsNeverAKeyword() {
        #expect(highlighted("map.get(k); get", .typescript) == [
            "punctuation .", "function get", "punctuation (", "punctuation )", "punctuation ;", "keyword get",
        ])
    }

    @Test func sqlKeywordsIgnoreCase() {
        #expect(highlighted("SELECT a FROM t; select a from t; SeLeCt 'it''s' -- end", .sql) == [
            "keyword SELECT", "keyword FROM", "punctuation ;", "keyword select", "keyword from", "punctuation ;",
            "keyword SeLeCt", "string 'it''s'", "comment -- end",
        ])
        #expect(highlighted("CREATE TABLE books (id int); count(*)", .sql) == [
            "keyword CREATE", "keyword TABLE", "punctuation (", "type int", "punctuation )", "punctuation ;",
            "function count", "punctuation (", "operator *", "punctuation )",
        ])
    }

    @Test func yamlKeysAreAttributesAndValuesAreNot() {
        #expect(highlighted("name: Ana\nage: 42\nok: true\n\"q k\": 'v' # c\n- key: a:b\n", .yaml) == [
            "attribute name", "punctuation :", "string Ana", "attribute age", "punctuation :", "number 42",
            "attribute ok", "punctuation :", "keyword true", #"attribute "q k""#, "punctuation :", "string 'v'",
            "comment # c", "punctuation -", "attribute key", "punctuation :", "string a:b",
        ])
    }

    @Test func jsonKeysAreAttributes() {
        #expect(highlighted(#"{"a": "b", "c" : [1, null]}"#, .json) == [
            "punctuation {", #"attribute "a""#, "punctuation :", #"string "b""#, "punctuation ,", #"attribute "c""#,
            "punctuation :", "punctuation [", "number 1", "punctuation ,", "keyword null", "punctuation ]",
            "punctuation }",
        ])
    }

    @Test func markupTagsAttributesAndEntities() {
        #expect(highlighted("<a href=\"x\">&amp; & <b/></a>", .html) == [
            "punctuation <", "keyword a", "attribute href", "operator =", #"string "x""#, "punctuation >",
            "meta &amp;", "punctuation <", "keyword b", "punctuation />", "punctuation </", "keyword a",
            "punctuation >",
        ])
        #expect(highlighted("<style>p { color: red }</style>", .html) == [
            "punctuation <", "keyword style", "punctuation >", "keyword p", "punctuation {", "attribute color",
            "punctuation :", "punctuation }", "punctuation </", "keyword style", "punctuation >",
        ])
    }

    @Test func unterminatedStringsAndCommentsEndAtTheEnd() {
        let cases: [(String, CodeLanguage)] = [
            ("x = \"abc", .javascript), ("/* open /* nested", .rust), ("`a ${", .javascript), ("'''open", .python),
            ("echo \"$(ls", .shell), ("<!-- open", .html), ("<a href=\"x", .xml), ("a: \"open", .yaml),
            ("s = \"\"\"open", .toml), ("```\ncode", .markdown), ("/* open", .css), ("r##\"open\"#", .rust),
            ("@\"open", .csharp), ("@\"", .powershell), ("cat <<EOF\nbody", .shell), ("#\"", .swift), ("$(", .makefile),
        ]
        for (code, language) in cases {
            let tokens = Highlighter.tokens(in: code, language: language)
            #expect(TokenDump.invariantViolation(code, tokens) == nil, "\(language): \(code)")
            #expect(tokens.last?.range.upperBound == code.utf8.count, "\(language): \(code)")
        }
    }

    /// Runs that once made a lexer search ahead from every byte: quadratic, they would take minutes here.
    @Test func longRunsStayLinear() {
        let cases: [(String, CodeLanguage)] = [
            ("word ", .css), ("#", .swift), ("*a ", .markdown), ("`a ", .markdown), ("${", .javascript), ("$(", .shell),
        ]
        for (pattern, language) in cases {
            let code = String(repeating: pattern, count: 60_000 / pattern.utf8.count)
            let tokens = Highlighter.tokens(in: code, language: language)
            #expect(TokenDump.invariantViolation(code, tokens) == nil, "\(language): \(pattern)")
        }
    }

    @Test func emptyInputHasNoTokens() {
        for language in CodeLanguage.allCases {
            #expect(Highlighter.tokens(in: "", language: language).isEmpty, "\(language)")
        }
    }
}
