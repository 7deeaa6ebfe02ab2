// A programming language described as data for `GrammarLexer`: its comments, strings, words and
// a few switches. What data cannot say (Rust's raw strings and lifetimes, C's preprocessor
// lines, JavaScript's regular expressions) is a `rule` tried before the others.

struct CodeGrammar: Sendable {
    /// A rule tried at each position before the data-driven ones; true when it consumed something.
    typealias Rule = @Sendable (inout GrammarLexer, inout CodeScanner) -> Bool

    var lineComments: [[UInt8]] = []
    var blockComments: [BlockComment] = []
    /// Tried in order, so a longer delimiter (`"""`) comes before its prefix (`"`).
    var strings: [StringStyle] = []
    var words: WordTable
    /// Keywords after which the next identifier is a name being defined (`fn` → function, `struct` → type).
    var definitions: WordTable = WordTable([])
    /// Whether an identifier starting with a capital letter names a type.
    var capitalizedAreTypes = true
    /// The byte starting an attribute or decorator followed by a name (`@` in Swift, Python, Java).
    var attributeSigil: UInt8?
    /// Bytes that start a variable followed by a name (`$` in PHP, `@` and `$` in Ruby).
    var variableSigils: [UInt8] = []
    /// Bytes allowed inside identifiers besides letters, digits and `_` (`$` in JavaScript).
    var identifierExtras: [UInt8] = []
    /// Whether `f (x)` is a call; in SQL, `CREATE TABLE books (` names a table.
    var callsMayHaveSpaceBeforeParenthesis = true
    /// Rust's `println!`: a name followed by `!` is a macro call.
    var macrosEndWithBang = false
    var rules: [Rule] = []

    init(words: WordTable) { self.words = words }

    struct BlockComment: Sendable {
        var open: [UInt8]
        var close: [UInt8]
        /// Rust and Swift nest block comments: `/* /* */ */` is one comment.
        var nests = false

        init(_ open: String, _ close: String, nests: Bool = false) {
            self.open = Array(open.utf8)
            self.close = Array(close.utf8)
            self.nests = nests
        }
    }

    static func forLanguage(_ language: CodeLanguage) -> CodeGrammar? {
        switch language {
        case .rust: .rust
        case .swift: .swift
        case .python: .python
        case .javascript: .javascript
        case .typescript: .typescript
        case .json: .json
        case .c: .c
        case .cpp: .cpp
        case .csharp: .csharp
        case .go: .go
        case .java: .java
        case .kotlin: .kotlin
        case .ruby: .ruby
        case .php: .php
        case .powershell: .powershell
        case .sql: .sql
        default: nil
        }
    }
}

/// How a kind of string literal opens, closes, escapes and embeds code.
struct StringStyle: Sendable {
    enum Escape: Sendable {
        /// `\"` and `\\`.
        case backslash
        /// A backtick escapes, as in PowerShell.
        case backtick
        /// The closing delimiter written twice stands for itself: SQL's `''`, C#'s `@"a""b"`.
        case doubledDelimiter
        /// Raw strings: nothing escapes.
        case none
    }

    var open: [UInt8]
    var close: [UInt8]
    var escape = Escape.backslash
    var multiline = false
    /// What starts code inside the string (`${`, `\(`, `{`, `#{`); the code runs to the matching close.
    var interpolation: [UInt8]?
    /// A byte that starts a variable name inside the string (Kotlin's and PHP's `$name`).
    var variableSigil: UInt8?
    var kind = TokenKind.string

    init(
        _ open: String, _ close: String? = nil, escape: Escape = .backslash, multiline: Bool = false,
        interpolation: String? = nil, variableSigil: Unicode.Scalar? = nil, kind: TokenKind = .string
    ) {
        self.open = Array(open.utf8)
        self.close = Array((close ?? open).utf8)
        self.escape = escape
        self.multiline = multiline
        self.interpolation = interpolation.map { Array($0.utf8) }
        self.variableSigil = variableSigil.map { UInt8(ascii: $0) }
        self.kind = kind
    }

    /// The byte that closes an interpolation: `)` after `\(`, `}` after `${`, `{` or `#{`.
    var interpolationCloser: UInt8 {
        interpolation?.last == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
    }
}
