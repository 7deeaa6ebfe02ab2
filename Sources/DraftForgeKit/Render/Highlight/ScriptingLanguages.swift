// Python, JavaScript, TypeScript, Ruby, PHP and PowerShell as grammars.

extension CodeGrammar {
    static let python: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    and as assert async await break class continue def del elif else except finally for from \
                    global if import in is lambda nonlocal not or pass raise return try while with yield match \
                    case True False None self cls
                    """),
                (.type, "int float str bytes bool list dict set tuple object complex frozenset bytearray"),
                (.function, "print len range open isinstance super"),
            ]))
        grammar.definitions = WordTable([(.function, "def"), (.type, "class")])
        grammar.lineComments = [Array("#".utf8)]
        grammar.attributeSigil = UInt8(ascii: "@")
        grammar.rules = [pythonString]
        return grammar
    }()

    /// Python's strings with their prefixes: `r"\d"`, `b'x'`, `f"{x!r}"`, `rb"…"`, and `'''`/`"""` for several lines.
    private static let pythonString: Rule = { lexer, scanner in
        var prefixLength = 0
        var isFormatted = false
        while prefixLength < 2, let byte = scanner.peek(prefixLength), "rRbBfFuU".utf8.contains(byte) {
            if CodeByte.lowercased(byte) == UInt8(ascii: "f") { isFormatted = true }
            prefixLength += 1
        }
        guard let quote = scanner.peek(prefixLength), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            return false
        }
        let quotes = String(repeating: String(UnicodeScalar(quote)), count: scanner.peek(prefixLength + 1) == quote && scanner.peek(prefixLength + 2) == quote ? 3 : 1)
        let prefix = String(decoding: scanner.bytes[scanner.position..<scanner.position + prefixLength], as: UTF8.self)
        lexer.scanString(
            StringStyle(prefix + quotes, quotes, multiline: quotes.count == 3, interpolation: isFormatted ? "{" : nil),
            &scanner)
        return true
    }

    static let javascript = javaScriptFamily(extraKeywords: "", types: "")

    static let typescript = javaScriptFamily(
        extraKeywords: """
            abstract as asserts declare enum implements interface is keyof namespace private protected public \
            readonly satisfies type infer override accessor
            """,
        types: "string number boolean any unknown never object symbol bigint void undefined")

    private static func javaScriptFamily(extraKeywords: String, types: String) -> CodeGrammar {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    async await break case catch class const continue debugger default delete do else export \
                    extends finally for from function get if import in instanceof let new of return set static \
                    super switch this throw try typeof var void while with yield true false null undefined NaN \
                    Infinity
                    """ + " " + extraKeywords),
                (.type, types),
            ]))
        grammar.definitions = WordTable([(.function, "function"), (.type, "class interface enum type")])
        grammar.lineComments = [Array("//".utf8)]
        grammar.blockComments = [BlockComment("/*", "*/")]
        grammar.strings = [
            StringStyle("\""), StringStyle("'"), StringStyle("`", multiline: true, interpolation: "${"),
        ]
        grammar.attributeSigil = UInt8(ascii: "@")
        grammar.identifierExtras = [UInt8(ascii: "$")]
        grammar.rules = [regularExpressionLiteral]
        return grammar
    }

    static let ruby: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable([
                (.keyword, """
                    BEGIN END alias and begin break case class def defined? do else elsif end ensure false for if \
                    in module next nil not or redo rescue retry return self super then true undef unless until \
                    when while yield __method__ require require_relative attr_accessor attr_reader attr_writer \
                    private protected public raise lambda proc loop puts
                    """),
            ]))
        grammar.definitions = WordTable([(.function, "def"), (.type, "class module")])
        grammar.lineComments = [Array("#".utf8)]
        grammar.blockComments = [BlockComment("=begin", "=end")]
        grammar.strings = [
            StringStyle("\"", multiline: true, interpolation: "#{"), StringStyle("'", multiline: true),
            StringStyle("`", multiline: true, interpolation: "#{"),
        ]
        grammar.variableSigils = [UInt8(ascii: "@"), UInt8(ascii: "$")]
        grammar.rules = [rubySymbol]
        return grammar
    }()

    /// Ruby's `:symbol` (a string), not `::` and not the `:` of `a ? b : c`.
    private static let rubySymbol: Rule = { _, scanner in
        guard scanner.peekIs(":"), scanner.peek(1).map(CodeByte.isIdentifierStart) ?? false,
            scanner.position == 0 || !(scanner.bytes[scanner.position - 1] == UInt8(ascii: ":")
                || CodeByte.isIdentifierContinue(scanner.bytes[scanner.position - 1]))
        else { return false }
        let start = scanner.position
        scanner.position += 1
        scanner.skipIdentifier(extra: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "!") })
        scanner.emit(.string, from: start)
        return true
    }

    static let php: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable(ignoringCase: true, [
                (.keyword, """
                    abstract and array as break callable case catch class clone const continue declare default do \
                    echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile enum extends final \
                    finally fn for foreach function global goto if implements include include_once instanceof \
                    insteadof interface isset list match namespace new or print private protected public readonly \
                    require require_once return static switch throw trait try unset use var while xor yield true \
                    false null self parent
                    """),
                (.type, "int float string bool void mixed object iterable never"),
            ]))
        grammar.definitions = WordTable([(.function, "function"), (.type, "class interface trait enum")])
        grammar.lineComments = [Array("//".utf8), Array("#".utf8)]
        grammar.blockComments = [BlockComment("/*", "*/")]
        grammar.strings = [StringStyle("\"", multiline: true, variableSigil: "$"), StringStyle("'", multiline: true)]
        grammar.variableSigils = [UInt8(ascii: "$")]
        grammar.rules = [phpTag, hashBracketAttribute]
        return grammar
    }()

    /// `<?php`, `<?=` and `?>`, where PHP code starts and ends; the text after `?>` is plain.
    private static let phpTag: Rule = { _, scanner in
        if scanner.hasPrefix("?>") {
            scanner.emit(.meta, length: 2)
            while !scanner.isAtEnd, !scanner.hasPrefix("<?") { scanner.advanceScalar() }
            return true
        }
        guard scanner.hasPrefix("<?") else { return false }
        let start = scanner.position
        scanner.position += 2
        scanner.skip(while: { CodeByte.isLetter($0) || $0 == UInt8(ascii: "=") })
        scanner.emit(.meta, from: start)
        return true
    }

    static let powershell: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable(ignoringCase: true, [
                (.keyword, """
                    begin break catch class continue data default do dynamicparam else elseif end enum exit filter \
                    finally for foreach from function hidden if in param process return static switch throw trap \
                    try until using var while workflow $true $false $null
                    """),
            ]))
        grammar.definitions = WordTable([(.function, "function filter"), (.type, "class enum")])
        grammar.lineComments = [Array("#".utf8)]
        grammar.blockComments = [BlockComment("<#", "#>")]
        grammar.strings = [
            StringStyle("@\"", "\"@", escape: .backtick, multiline: true, interpolation: "$(", variableSigil: "$"),
            StringStyle("@'", "'@", escape: .none, multiline: true),
            StringStyle("\"", escape: .backtick, multiline: true, interpolation: "$(", variableSigil: "$"),
            StringStyle("'", escape: .doubledDelimiter, multiline: true),
        ]
        grammar.capitalizedAreTypes = false
        grammar.rules = [powershellVariable, powershellParameter, powershellCommand, powershellTypeLiteral]
        return grammar
    }()

    /// `$name`, `$env:PATH`, `${weird name}`, `$_`, and `$true`/`$false`/`$null`, which are keywords.
    private static let powershellVariable: Rule = { lexer, scanner in
        guard scanner.peekIs("$"), let next = scanner.peek(1) else { return false }
        let start = scanner.position
        if next == UInt8(ascii: "{") {
            scanner.skip(while: { $0 != UInt8(ascii: "}") && $0 != CodeByte.newline })
            if scanner.peekIs("}") { scanner.position += 1 }
        } else if CodeByte.isIdentifierContinue(next) {
            scanner.position += 1
            scanner.skipIdentifier()
            if scanner.peekIs(":"), scanner.peek(1).map(CodeByte.isIdentifierStart) ?? false {
                scanner.position += 1
                scanner.skipIdentifier()
            }
        } else {
            return false
        }
        let isConstant = lexer.grammar.words.contains(start..<scanner.position, in: scanner.bytes)
        scanner.emit(isConstant ? .keyword : .variable, from: start)
        return true
    }

    private static let powershellOperators = WordTable(ignoringCase: true, [
        (.operator, """
            -eq -ne -gt -ge -lt -le -like -notlike -match -notmatch -contains -notcontains -in -notin -replace \
            -and -or -not -xor -band -bor -is -isnot -as -f -split -join -ceq -cne -ieq -ine
            """),
    ])

    /// `-eq` and friends are operators; any other `-Name` after a command is a parameter.
    private static let powershellParameter: Rule = { _, scanner in
        guard scanner.peekIs("-"), scanner.peek(1).map(CodeByte.isLetter) ?? false,
            scanner.position == 0 || CodeByte.isSpace(scanner.bytes[scanner.position - 1])
                || scanner.bytes[scanner.position - 1] == UInt8(ascii: "(")
        else { return false }
        let start = scanner.position
        scanner.position += 1
        scanner.skipIdentifier()
        let isOperator = powershellOperators.contains(start..<scanner.position, in: scanner.bytes)
        scanner.emit(isOperator ? .operator : .attribute, from: start)
        return true
    }

    /// Cmdlets are named Verb-Noun (`Get-ChildItem`): the whole name is a function.
    private static let powershellCommand: Rule = { _, scanner in
        guard let first = scanner.peek(), CodeByte.isLetter(first) else { return false }
        var index = scanner.position
        while index < scanner.end, CodeByte.isIdentifierContinue(scanner.bytes[index]) { index += 1 }
        guard index + 1 < scanner.end, scanner.bytes[index] == UInt8(ascii: "-"),
            CodeByte.isLetter(scanner.bytes[index + 1])
        else { return false }
        let start = scanner.position
        scanner.position = index + 1
        scanner.skip(while: { CodeByte.isIdentifierContinue($0) || $0 == UInt8(ascii: "-") })
        scanner.emit(.function, from: start)
        return true
    }

    /// A type literal such as `[string]`, `[int[]]` or `[System.IO.File]`.
    private static let powershellTypeLiteral: Rule = { _, scanner in
        guard scanner.peekIs("["), scanner.peek(1).map(CodeByte.isLetter) ?? false else { return false }
        var index = scanner.position + 1
        while index < scanner.end, CodeByte.isIdentifierContinue(scanner.bytes[index]) || scanner.bytes[index] == UInt8(ascii: ".") {
            index += 1
        }
        var nameEnd = index
        if index + 1 < scanner.end, scanner.bytes[index] == UInt8(ascii: "["), scanner.bytes[index + 1] == UInt8(ascii: "]") {
            index += 2
            nameEnd = index
        }
        guard index < scanner.end, scanner.bytes[index] == UInt8(ascii: "]") else { return false }
        scanner.emit(.punctuation, length: 1)
        scanner.emit(.type, length: nameEnd - scanner.position)
        scanner.emit(.punctuation, length: 1)
        return true
    }
}
