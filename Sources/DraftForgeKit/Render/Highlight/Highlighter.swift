// Syntax highlighting done while the book is built (#17): a code block becomes a list of tokens
// from a small fixed set of kinds, so one theme colours every language and the reader's page
// needs no JavaScript. Each language is scanned by hand-written code in this folder; no grammar
// files come from elsewhere.
import Foundation

/// What a token is, whatever the language: the classes a theme gives colours to.
enum TokenKind: Int, CaseIterable, Sendable {
    case keyword, type, function, string, number, comment, `operator`, punctuation, attribute, variable, meta,
        inserted, deleted

    /// The kind's name, as its class and golden files spell it.
    var name: String { Self.names[rawValue] }

    private static let names = allCases.map { String(describing: $0) }
}

/// One highlighted stretch of a code block; the text between tokens is plain.
struct CodeToken: Equatable, Sendable {
    /// UTF-8 byte offsets into the code, always on Unicode scalar boundaries.
    var range: Range<Int>
    var kind: TokenKind
}

/// A language the highlighter knows.
enum CodeLanguage: String, CaseIterable, Sendable {
    case rust, swift, python, javascript, typescript, json, c, cpp, csharp, go, java, kotlin, ruby, php
    case shell, console, powershell, sql, html, xml, css, yaml, toml, markdown, diff, dockerfile, makefile

    /// The language's name as a reader knows it.
    var name: String {
        switch self {
        case .rust: "Rust"
        case .swift: "Swift"
        case .python: "Python"
        case .javascript: "JavaScript"
        case .typescript: "TypeScript"
        case .json: "JSON"
        case .c: "C"
        case .cpp: "C++"
        case .csharp: "C#"
        case .go: "Go"
        case .java: "Java"
        case .kotlin: "Kotlin"
        case .ruby: "Ruby"
        case .php: "PHP"
        case .shell: "Shell"
        case .console: "Console"
        case .powershell: "PowerShell"
        case .sql: "SQL"
        case .html: "HTML"
        case .xml: "XML"
        case .css: "CSS"
        case .yaml: "YAML"
        case .toml: "TOML"
        case .markdown: "Markdown"
        case .diff: "Diff"
        case .dockerfile: "Dockerfile"
        case .makefile: "Makefile"
        }
    }

    /// The names a fence may use for the language, lower-case; the first is the canonical one.
    var aliases: [String] {
        switch self {
        case .rust: ["rust", "rs"]
        case .swift: ["swift"]
        case .python: ["python", "py", "python3", "py3", "gyp"]
        case .javascript: ["javascript", "js", "jsx", "mjs", "cjs", "node"]
        case .typescript: ["typescript", "ts", "tsx", "mts", "cts"]
        case .json: ["json", "jsonc", "json5"]
        case .c: ["c", "h"]
        case .cpp: ["cpp", "c++", "cc", "cxx", "hpp", "hxx", "h++"]
        case .csharp: ["csharp", "cs", "c#"]
        case .go: ["go", "golang"]
        case .java: ["java"]
        case .kotlin: ["kotlin", "kt", "kts"]
        case .ruby: ["ruby", "rb", "gemfile", "rake"]
        case .php: ["php"]
        case .shell: ["shell", "sh", "bash", "zsh", "ksh", "fish", "shellscript"]
        case .console: ["console", "shell-session", "shellsession", "terminal"]
        case .powershell: ["powershell", "ps", "ps1", "pwsh", "psm1"]
        case .sql: ["sql", "mysql", "postgresql", "postgres", "psql", "sqlite", "plsql"]
        case .html: ["html", "htm", "xhtml"]
        case .xml: ["xml", "svg", "xsd", "xsl", "xslt", "plist", "rss", "atom"]
        case .css: ["css"]
        case .yaml: ["yaml", "yml"]
        case .toml: ["toml"]
        case .markdown: ["markdown", "md", "mkd", "mdown"]
        case .diff: ["diff", "patch", "udiff"]
        case .dockerfile: ["dockerfile", "docker", "containerfile"]
        case .makefile: ["makefile", "make", "mk", "mak"]
        }
    }
}

enum Highlighter {
    /// The language a fence's info string names (`rust`, `rust,ignore`, `py`, `console`, `c++`, ...),
    /// case-insensitive, by its first word before a comma or space; nil when unknown or empty.
    static func language(forInfo info: String) -> CodeLanguage? {
        // Foundation's `trimmingCharacters` and a split by `Character` cost more than the
        // highlighting of a short block; the first word by scalars is the same word.
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (scalar.value > 0x7F && scalar.properties.generalCategory == .spaceSeparator)
        }
        let word = info.unicodeScalars.drop(while: isBlank).prefix { !isBlank($0) && $0 != "," && $0 != "{" }
        return languagesByAlias[String(String.UnicodeScalarView(word)).lowercased()]
    }

    /// Tokens sorted by start, non-overlapping; text between tokens is plain.
    static func tokens(in code: String, language: CodeLanguage) -> [CodeToken] {
        var scanner = CodeScanner(code)
        switch language {
        case .shell: ShellLexer.scan(&scanner)
        case .console: ShellLexer.scanConsole(&scanner)
        case .html: MarkupLexer.scan(&scanner, embedsScriptsAndStyles: true)
        case .xml: MarkupLexer.scan(&scanner, embedsScriptsAndStyles: false)
        case .css: StylesheetLexer.scan(&scanner)
        case .yaml: YAMLLexer.scan(&scanner)
        case .toml: TOMLLexer.scan(&scanner)
        case .markdown: MarkdownLexer.scan(&scanner)
        case .diff: DiffLexer.scan(&scanner)
        case .dockerfile: DockerfileLexer.scan(&scanner)
        case .makefile: MakefileLexer.scan(&scanner)
        default:
            guard let grammar = CodeGrammar.forLanguage(language) else { return [] }
            var lexer = GrammarLexer(grammar: grammar)
            lexer.scan(&scanner)
        }
        return scanner.tokens
    }

    private static let languagesByAlias: [String: CodeLanguage] = Dictionary(
        CodeLanguage.allCases.flatMap { language in language.aliases.map { ($0, language) } },
        uniquingKeysWith: { first, _ in first })
}
