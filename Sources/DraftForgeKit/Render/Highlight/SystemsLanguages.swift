// Rust, Swift, C, C++, C#, Go, Java and Kotlin as grammars.

extension CodeGrammar {
    private static let cComments = (line: [Array("//".utf8)], block: [BlockComment("/*", "*/")])
    private static let cStrings = [StringStyle("\""), StringStyle("'")]

    static let rust: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    as async await break const continue crate dyn else enum extern fn for if impl in let loop match \
                    mod move mut pub ref return self Self static struct super trait type union unsafe use where \
                    while yield true false macro_rules
                    """),
                (.type, """
                    i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec Option \
                    Result Box Rc Arc
                    """),
                (.function, "Some None Ok Err"),
            ]))
        grammar.definitions = WordTable([(.function, "fn"), (.type, "struct enum trait type union")])
        grammar.lineComments = cComments.line
        grammar.blockComments = [BlockComment("/*", "*/", nests: true)]
        grammar.strings = [StringStyle("\"", multiline: true)]
        grammar.macrosEndWithBang = true
        grammar.rules = [hashBracketAttribute, rustLiteral]
        return grammar
    }()

    /// Rust's raw and byte strings (`r#"…"#`, `br"…"`, `b"…"`, `c"…"`, `b'x'`), chars (`'x'`,
    /// `'\u{1F600}'`) and lifetimes (`'a`), which share the quote with chars.
    private static let rustLiteral: Rule = { lexer, scanner in
        let byte = scanner.bytes[scanner.position]
        if byte == UInt8(ascii: "'") {
            if scanner.peekIs("\\", at: 1) {
                lexer.scanString(StringStyle("'"), &scanner)
                return true
            }
            var afterScalar = scanner.position + 2
            while afterScalar < scanner.end, CodeByte.isContinuation(scanner.bytes[afterScalar]) { afterScalar += 1 }
            if afterScalar < scanner.end, scanner.bytes[afterScalar] == UInt8(ascii: "'") {
                scanner.emit(.string, length: afterScalar + 1 - scanner.position)
                return true
            }
            guard scanner.peek(1).map(CodeByte.isIdentifierStart) ?? false else { return false }
            let start = scanner.position
            scanner.position += 1
            scanner.skipIdentifier()
            scanner.emit(.variable, from: start)
            return true
        }
        guard byte == UInt8(ascii: "r") || byte == UInt8(ascii: "b") || byte == UInt8(ascii: "c") else { return false }
        var prefixLength = byte == UInt8(ascii: "r") ? 0 : 1
        let isRaw = scanner.peekIs("r", at: prefixLength)
        if isRaw { prefixLength += 1 }
        var hashes = 0
        while isRaw, scanner.peekIs("#", at: prefixLength + hashes) { hashes += 1 }
        if scanner.peekIs("\"", at: prefixLength + hashes), prefixLength > 0 {
            let opening = String(decoding: scanner.bytes[scanner.position..<scanner.position + prefixLength + hashes], as: UTF8.self)
            let closing = "\"" + String(repeating: "#", count: hashes)
            lexer.scanString(
                StringStyle(opening + "\"", closing, escape: isRaw ? .none : .backslash, multiline: true), &scanner)
            return true
        }
        if byte == UInt8(ascii: "b"), scanner.peekIs("'", at: 1) {
            lexer.scanString(StringStyle("b'", "'"), &scanner)
            return true
        }
        return false
    }

    static let swift: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    actor any as associatedtype async await break case catch class continue default defer deinit \
                    do else enum extension fallthrough false fileprivate final for func guard if import in indirect \
                    init inout internal is isolated lazy let mutating nil nonisolated nonmutating open operator \
                    override package precedencegroup private protocol public repeat required rethrows return self \
                    Self some static struct subscript super switch throw throws true try typealias var weak where \
                    while willSet didSet get set unowned consuming borrowing sending
                    """),
                (.type, "Int Int8 Int16 Int32 Int64 UInt UInt8 UInt16 UInt32 UInt64 Double Float Bool String Character"),
            ]))
        grammar.definitions = WordTable([
            (.function, "func"), (.type, "class struct enum protocol extension actor typealias associatedtype"),
        ])
        grammar.lineComments = cComments.line
        grammar.blockComments = [BlockComment("/*", "*/", nests: true)]
        grammar.strings = [
            StringStyle("\"\"\"", multiline: true, interpolation: "\\("), StringStyle("\"", interpolation: "\\("),
        ]
        grammar.attributeSigil = UInt8(ascii: "@")
        grammar.variableSigils = [UInt8(ascii: "$")]
        grammar.rules = [swiftRawString, hashDirective]
        return grammar
    }()

    /// Swift's raw strings: `#"a "quoted" \#(x)"#`, and `#"""` for several lines.
    private static let swiftRawString: Rule = { lexer, scanner in
        var hashes = 0
        while scanner.peekIs("#", at: hashes) { hashes += 1 }
        guard hashes > 0, scanner.peekIs("\"", at: hashes) else {
            // Not a string: skip all but the last `#` (a directive's, perhaps), so a run of them is counted once.
            guard hashes > 1 else { return false }
            scanner.position += hashes - 1
            return true
        }
        let pounds = String(repeating: "#", count: hashes)
        let quotes = scanner.hasPrefix("\"\"\"", at: hashes) ? "\"\"\"" : "\""
        lexer.scanString(
            StringStyle(
                pounds + quotes, quotes + pounds, escape: .none, multiline: quotes.count == 3,
                interpolation: "\\" + pounds + "("),
            &scanner)
        return true
    }

    static let c: CodeGrammar = cFamily(
        keywords: """
            auto break case const continue default do else enum extern for goto if inline register restrict \
            return sizeof static struct switch typedef union volatile while NULL true false
            """,
        types: "void char short int long float double signed unsigned bool size_t ssize_t uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t FILE",
        extraRules: [prefixedString])

    static let cpp: CodeGrammar = cFamily(
        keywords: """
            alignas alignof auto break case catch class const constexpr consteval constinit const_cast continue \
            co_await co_return co_yield decltype default delete do dynamic_cast else enum explicit export extern \
            false final for friend goto if inline mutable namespace new noexcept nullptr operator override private \
            protected public register reinterpret_cast requires return sizeof static static_assert static_cast \
            struct switch template this throw true try typedef typeid typename union using virtual volatile while \
            concept import module
            """,
        types: """
            void char char8_t char16_t char32_t wchar_t short int long float double signed unsigned bool size_t \
            int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t string vector map unique_ptr \
            shared_ptr
            """,
        extraRules: [prefixedString])

    /// C's and C++'s encoding prefixes (`u8"…"`, `L'x'`) and C++'s raw strings, `R"delimiter(…)delimiter"`.
    private static let prefixedString: Rule = { lexer, scanner in
        var offset = 0
        if scanner.hasPrefix("u8") {
            offset = 2
        } else if scanner.peekIs("u") || scanner.peekIs("U") || scanner.peekIs("L") {
            offset = 1
        }
        if offset > 0, let quote = scanner.peek(offset), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            let opening = String(decoding: scanner.bytes[scanner.position...scanner.position + offset], as: UTF8.self)
            lexer.scanString(StringStyle(opening, String(UnicodeScalar(quote))), &scanner)
            return true
        }
        guard scanner.peekIs("R", at: offset), scanner.peekIs("\"", at: offset + 1) else { return false }
        var delimiterLength = 0
        while delimiterLength <= 16, let byte = scanner.peek(offset + 2 + delimiterLength), byte != UInt8(ascii: "("),
            byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\\"), byte != UInt8(ascii: ")")
        {
            delimiterLength += 1
        }
        guard scanner.peekIs("(", at: offset + 2 + delimiterLength) else { return false }
        let delimiterStart = scanner.position + offset + 2
        let delimiter = String(decoding: scanner.bytes[delimiterStart..<delimiterStart + delimiterLength], as: UTF8.self)
        let opening = String(decoding: scanner.bytes[scanner.position..<delimiterStart], as: UTF8.self) + delimiter + "("
        lexer.scanString(StringStyle(opening, ")" + delimiter + "\"", escape: .none, multiline: true), &scanner)
        return true
    }

    private static func cFamily(keywords: String, types: String, extraRules: [Rule]) -> CodeGrammar {
        var grammar = CodeGrammar(words: WordTable([(.keyword, keywords), (.type, types)]))
        grammar.definitions = WordTable([(.type, "struct enum union class namespace")])
        grammar.lineComments = cComments.line
        grammar.blockComments = cComments.block
        grammar.strings = cStrings
        grammar.capitalizedAreTypes = false
        grammar.rules = [preprocessorLine] + extraRules
        return grammar
    }

    static let csharp: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    abstract as async await base break case catch checked class const continue default delegate do \
                    else enum event explicit extern false finally fixed for foreach get goto if implicit in init \
                    interface internal is lock namespace new null operator out override params private protected \
                    public readonly record ref required return sealed set sizeof stackalloc static struct switch \
                    this throw true try typeof unchecked unsafe using value var virtual volatile when where while \
                    with yield
                    """),
                (.type, "bool byte char decimal double dynamic float int long nint nuint object sbyte short string uint ulong ushort void"),
            ]))
        grammar.definitions = WordTable([(.type, "class struct interface enum record namespace")])
        grammar.lineComments = cComments.line
        grammar.blockComments = cComments.block
        grammar.strings = [
            StringStyle("\"\"\"", escape: .none, multiline: true), StringStyle("\""), StringStyle("'"),
        ]
        grammar.rules = [preprocessorLine, csharpSpecialString]
        return grammar
    }()

    /// C#'s verbatim (`@"C:\dir"`, quotes doubled) and interpolated (`$"{x}"`) strings, and both (`$@"…"`).
    private static let csharpSpecialString: Rule = { lexer, scanner in
        var prefixLength = 0
        var isVerbatim = false
        var isInterpolated = false
        while prefixLength < 2, let byte = scanner.peek(prefixLength) {
            if byte == UInt8(ascii: "@"), !isVerbatim {
                isVerbatim = true
            } else if byte == UInt8(ascii: "$"), !isInterpolated {
                isInterpolated = true
            } else {
                break
            }
            prefixLength += 1
        }
        guard prefixLength > 0, scanner.peekIs("\"", at: prefixLength) else { return false }
        let opening = String(decoding: scanner.bytes[scanner.position...scanner.position + prefixLength], as: UTF8.self)
        lexer.scanString(
            StringStyle(
                opening, "\"", escape: isVerbatim ? .doubledDelimiter : .backslash, multiline: isVerbatim,
                interpolation: isInterpolated ? "{" : nil),
            &scanner)
        return true
    }

    static let go: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    break case chan const continue default defer else fallthrough for func go goto if import \
                    interface map package range return select struct switch type var true false nil iota
                    """),
                (.type, """
                    bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string \
                    uint uint8 uint16 uint32 uint64 uintptr any
                    """),
            ]))
        grammar.definitions = WordTable([(.function, "func"), (.type, "type")])
        grammar.lineComments = cComments.line
        grammar.blockComments = cComments.block
        grammar.strings = cStrings + [StringStyle("`", escape: .none, multiline: true)]
        // A capital letter exports a name in Go; it says nothing about being a type.
        grammar.capitalizedAreTypes = false
        return grammar
    }()

    static let java: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    abstract assert break case catch class const continue default do else enum extends final \
                    finally for goto if implements import instanceof interface native new package private \
                    protected public record return sealed permits static strictfp super switch synchronized this \
                    throw throws transient try var void volatile while yield true false null
                    """),
                (.type, "boolean byte char double float int long short String Object"),
            ]))
        grammar.definitions = WordTable([(.type, "class interface enum record")])
        grammar.lineComments = cComments.line
        grammar.blockComments = cComments.block
        grammar.strings = [StringStyle("\"\"\"", multiline: true)] + cStrings
        grammar.attributeSigil = UInt8(ascii: "@")
        return grammar
    }()

    static let kotlin: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    as break class continue do else false for fun if in interface is null object package return \
                    super this throw true try typealias typeof val var when while by catch constructor delegate \
                    dynamic field file finally get import init param property receiver set setparam where \
                    abstract actual annotation companion const crossinline data enum expect external final infix \
                    inline inner internal lateinit noinline open operator out override private protected public \
                    reified sealed suspend tailrec vararg value
                    """),
                (.type, "Int Long Short Byte Double Float Boolean Char String Unit Any Nothing"),
            ]))
        grammar.definitions = WordTable([(.function, "fun"), (.type, "class interface object typealias")])
        grammar.lineComments = cComments.line
        grammar.blockComments = [BlockComment("/*", "*/", nests: true)]
        grammar.strings = [
            StringStyle("\"\"\"", escape: .none, multiline: true, interpolation: "${", variableSigil: "$"),
            StringStyle("\"", interpolation: "${", variableSigil: "$"), StringStyle("'"),
        ]
        grammar.attributeSigil = UInt8(ascii: "@")
        return grammar
    }()
}
