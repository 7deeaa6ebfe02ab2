// SQL and JSON as grammars.

extension CodeGrammar {
    static let sql: CodeGrammar = {
        var grammar = CodeGrammar(
            words: WordTable(ignoringCase: true, [
                (.keyword, """
                    add all alter and any as asc begin between by cascade case check column commit constraint \
                    create cross database default delete desc distinct drop else end exists explain foreign from \
                    full grant group having if in index inner insert intersect into is join key left like limit \
                    not null offset on or order outer over partition primary references returning revoke right \
                    rollback select set table then to transaction trigger truncate union unique update using \
                    values view when where with recursive true false replace temporary temp sequence schema \
                    function returns language declare
                    """),
                (.type, """
                    int integer smallint bigint tinyint serial bigserial decimal numeric real float double precision \
                    char varchar nchar nvarchar text blob boolean bool date time timestamp timestamptz interval \
                    uuid json jsonb bytea
                    """),
            ]))
        grammar.lineComments = [Array("--".utf8)]
        grammar.blockComments = [BlockComment("/*", "*/")]
        grammar.strings = [
            StringStyle("'", escape: .doubledDelimiter, multiline: true),
            StringStyle("\"", escape: .doubledDelimiter, kind: .variable),
            StringStyle("`", escape: .doubledDelimiter, kind: .variable),
        ]
        grammar.capitalizedAreTypes = false
        grammar.callsMayHaveSpaceBeforeParenthesis = false
        grammar.variableSigils = [UInt8(ascii: "@"), UInt8(ascii: "$")]
        return grammar
    }()

    static let json: CodeGrammar = {
        var grammar = CodeGrammar(words: WordTable([(.keyword, "true false null")]))
        // JSON has no comments, but the JSONC of editor settings does.
        grammar.lineComments = [Array("//".utf8)]
        grammar.blockComments = [BlockComment("/*", "*/")]
        grammar.capitalizedAreTypes = false
        grammar.rules = [jsonString]
        return grammar
    }()

    private static let jsonKey = StringStyle("\"", kind: .attribute)
    private static let jsonValue = StringStyle("\"")

    /// A string followed by `:` is a member's key, an attribute; any other string is a value.
    private static let jsonString: Rule = { lexer, scanner in
        guard scanner.peekIs("\"") else { return false }
        let end = endOfSimpleString(scanner, quoteAt: 0)
        var index = end
        while index < scanner.end, CodeByte.isSpace(scanner.bytes[index]) { index += 1 }
        let isKey = index < scanner.end && scanner.bytes[index] == UInt8(ascii: ":")
        lexer.scanString(isKey ? jsonKey : jsonValue, &scanner)
        return true
    }
}
