// Shell scripts (bash, sh, zsh) and console sessions. A shell word means what its position says:
// the first word of a command is the command (a function), `NAME=value` there is an assignment,
// and keywords count only where a command could start. Expansions (`$X`, `${X}`, `$(…)`) are
// found inside words and double-quoted strings; a heredoc's body is one string.

struct ShellLexer {
    private var expectsCommand = true
    /// After `function`: the next word is the name it defines.
    private var expectsFunctionName = false
    /// How many `case … esac` enclose the cursor: there a word before `)` is a pattern.
    private var caseDepth = 0
    /// Heredocs whose bodies start after the current line: their terminators, and whether `<<-` strips tabs.
    private var pendingHeredocs: [(terminator: [UInt8], stripsTabs: Bool)] = []
    private var substitutionDepth = 0
    private let maximumSubstitutionDepth = 32

    static func scan(_ scanner: inout CodeScanner) {
        var lexer = ShellLexer()
        lexer.scanCode(&scanner, until: nil)
    }

    /// A console session: a line starting with `$ ` is a prompt (meta) and a command (shell, with
    /// its backslash continuations); every other line is the output, plain.
    static func scanConsole(_ scanner: inout CodeScanner) {
        let end = scanner.end
        while scanner.position < end {
            var lineEnd = scanner.lineEnd
            if scanner.peekIs("$"), scanner.peekIs(" ", at: 1) || scanner.position + 1 == lineEnd {
                scanner.emit(.meta, length: 1)
                lineEnd = scanner.lineEndAfterContinuations
                scanner.end = lineEnd
                scan(&scanner)
                scanner.end = end
            }
            scanner.position = min(lineEnd + 1, end)
        }
    }

    /// Words after a command or instruction (a Dockerfile's `COPY --from=build src dst`): no command comes first.
    static func scanArguments(_ scanner: inout CodeScanner) {
        var lexer = ShellLexer()
        lexer.expectsCommand = false
        lexer.scanCode(&scanner, until: nil)
    }

    static let keywords = WordTable([
        (.keyword, "if then else elif fi case esac for select while until do done in function time coproc [[ ]]"),
    ])

    /// Keywords after which a new command starts.
    private static let commandIntroducers = WordTable([(.keyword, "if then else elif do while until time !")])

    private mutating func scanCode(_ scanner: inout CodeScanner, until closer: UInt8?) {
        scanner.scanTokens(until: closer) { scanToken(&$0) }
    }

    private mutating func scanToken(_ scanner: inout CodeScanner) {
        let byte = scanner.bytes[scanner.position]
        switch byte {
        case CodeByte.newline:
            scanner.position += 1
            expectsCommand = true
            if !pendingHeredocs.isEmpty { scanHeredocBodies(&scanner) }
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            scanner.position += 1
        case UInt8(ascii: "\\"):
            scanner.position += 1
            if !scanner.isAtEnd { scanner.advanceScalar() }
        case UInt8(ascii: "#") where Self.startsWord(at: scanner.position, in: scanner):
            let start = scanner.position
            scanner.skipToLineEnd()
            scanner.emit(.comment, from: start)
        case UInt8(ascii: "'"), UInt8(ascii: "`"):
            // Single quotes escape nothing; a backtick substitution is shown whole, as a string.
            let start = scanner.position
            scanner.position += 1
            scanner.skipPast(byte)
            scanner.emit(.string, from: start)
            expectsCommand = false
        case UInt8(ascii: "\""):
            scanDoubleQuoted(&scanner)
            expectsCommand = false
        case UInt8(ascii: "$"):
            scanExpansion(&scanner)
        case UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&"):
            let start = scanner.position
            scanner.skip(while: { $0 == byte })
            scanner.emit(byte == UInt8(ascii: ";") ? .punctuation : .operator, from: start)
            expectsCommand = true
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            // A command follows a subshell's `(`, a group's `{` and a case pattern's `)`.
            scanner.emit(.punctuation, length: 1)
            expectsCommand = true
        case UInt8(ascii: "<"), UInt8(ascii: ">"):
            scanRedirection(&scanner)
        default:
            scanWord(&scanner)
        }
    }

    private static func isWordBreak(_ byte: UInt8) -> Bool {
        CodeByte.isSpace(byte) || ";|&()<>\"'`$\\{}".utf8.contains(byte)
    }

    /// `#` starts a comment only at the start of a word (`a#b` is one word).
    private static func startsWord(at index: Int, in scanner: CodeScanner) -> Bool {
        index == 0 || (isWordBreak(scanner.bytes[index - 1]) && scanner.bytes[index - 1] != UInt8(ascii: "$"))
    }

    private mutating func scanWord(_ scanner: inout CodeScanner) {
        let start = scanner.position
        // Part of a word that began with an expansion or a quote (`$1` then `0` in `$10`): plain.
        let continuesWord = !Self.startsWord(at: start, in: scanner)
        scanner.skip(while: { !Self.isWordBreak($0) })
        if scanner.position == start {
            scanner.advanceScalar()
            return
        }
        let range = start..<scanner.position
        if continuesWord { return }
        if expectsCommand, let equals = scanner.bytes[range].firstIndex(of: UInt8(ascii: "=")), equals > start,
            scanner.bytes[start..<equals].allSatisfy(CodeByte.isIdentifierContinue)
        {
            scanner.position = equals
            scanner.emit(.variable, from: start)
            scanner.emit(.operator, length: 1)
            return
        }
        if expectsFunctionName {
            scanner.emit(.function, from: start)
            expectsFunctionName = false
        } else if expectsCommand, Self.keywords.contains(range, in: scanner.bytes) {
            scanner.emit(.keyword, from: start)
            expectsCommand = Self.commandIntroducers.contains(range, in: scanner.bytes)
            expectsFunctionName = scanner.bytes(range, equal: "function")
            if scanner.bytes(range, equal: "case") { caseDepth += 1 }
            if scanner.bytes(range, equal: "esac") { caseDepth = max(0, caseDepth - 1) }
        } else if scanner.bytes(range, equal: "in") {
            scanner.emit(.keyword, from: start)
        } else if expectsCommand, caseDepth > 0, scanner.peekIs(")") {
            expectsCommand = false  // a case pattern, `0)` or `*.md)`
        } else if expectsCommand {
            scanner.emit(.function, from: start)
            expectsCommand = false
        } else if scanner.bytes[range].allSatisfy(CodeByte.isDigit) {
            scanner.emit(.number, from: start)
        }
    }

    /// `$NAME`, `$1`, `$?`, `${NAME:-default}`, `$(command)`, `$((1 + 2))` and `$'ANSI\n'`.
    private mutating func scanExpansion(_ scanner: inout CodeScanner) {
        let start = scanner.position
        guard let next = scanner.peek(1) else {
            scanner.position += 1
            return
        }
        if next == UInt8(ascii: "("), substitutionDepth < maximumSubstitutionDepth {
            // `$((…))` is arithmetic, with no commands in it.
            let isArithmetic = scanner.peekIs("(", at: 2)
            scanner.emit(.punctuation, length: isArithmetic ? 3 : 2)
            let outer = expectsCommand
            expectsCommand = !isArithmetic
            substitutionDepth += 1
            scanCode(&scanner, until: UInt8(ascii: ")"))
            substitutionDepth -= 1
            expectsCommand = outer
            if scanner.peekIs(")") { scanner.emit(.punctuation, length: isArithmetic && scanner.peekIs(")", at: 1) ? 2 : 1) }
            return
        }
        scanner.position += 1
        if next == UInt8(ascii: "{") {
            scanner.skipBracketed(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
        } else if next == UInt8(ascii: "'") {
            scanner.position += 1
            while !scanner.isAtEnd, !scanner.peekIs("'") {
                if scanner.peekIs("\\") { scanner.position += 1 }
                if !scanner.isAtEnd { scanner.advanceScalar() }
            }
            if !scanner.isAtEnd { scanner.position += 1 }
            scanner.emit(.string, from: start)
            return
        } else if CodeByte.isIdentifierStart(next), next < 0x80 {
            scanner.skip(while: { CodeByte.isIdentifierContinue($0) && $0 < 0x80 })
        } else if CodeByte.isDigit(next) || "@*#?$!-".utf8.contains(next) {
            scanner.position += 1
        } else {
            return
        }
        scanner.emit(.variable, from: start)
    }

    private mutating func scanDoubleQuoted(_ scanner: inout CodeScanner) {
        var segmentStart = scanner.position
        scanner.position += 1
        while !scanner.isAtEnd {
            let byte = scanner.bytes[scanner.position]
            if byte == UInt8(ascii: "\"") {
                scanner.position += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                scanner.position += 1
                if !scanner.isAtEnd { scanner.advanceScalar() }
            } else if byte == UInt8(ascii: "$"), let next = scanner.peek(1), next != UInt8(ascii: "\""), !CodeByte.isSpace(next) {
                scanner.emit(.string, from: segmentStart)
                scanExpansion(&scanner)
                segmentStart = scanner.position
            } else {
                scanner.advanceScalar()
            }
        }
        scanner.emit(.string, from: segmentStart)
    }

    /// `>`, `>>`, `2>&1`'s `>&`, `<<<` and heredocs: `<<EOF`, `<<-EOF`, `<<'EOF'`.
    private mutating func scanRedirection(_ scanner: inout CodeScanner) {
        guard scanner.hasPrefix("<<"), !scanner.hasPrefix("<<<") else {
            let start = scanner.position
            scanner.skip(while: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") })
            scanner.emit(.operator, from: start)
            return
        }
        let stripsTabs = scanner.peekIs("-", at: 2)
        scanner.emit(.operator, length: stripsTabs ? 3 : 2)
        scanner.skipSpacesAndTabs()
        let start = scanner.position
        let quote = scanner.peek().flatMap { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") ? $0 : nil }
        if quote != nil { scanner.position += 1 }
        let nameStart = scanner.position
        scanner.skip(while: { !Self.isWordBreak($0) })
        let terminator = Array(scanner.bytes[nameStart..<scanner.position])
        if let quote, scanner.peek() == quote { scanner.position += 1 }
        scanner.emit(.string, from: start)
        if !terminator.isEmpty { pendingHeredocs.append((terminator, stripsTabs)) }
    }

    /// The bodies of the heredocs opened on the line just ended, each through its terminator line.
    private mutating func scanHeredocBodies(_ scanner: inout CodeScanner) {
        for heredoc in pendingHeredocs {
            let start = scanner.position
            while !scanner.isAtEnd {
                let lineStart = scanner.position
                if heredoc.stripsTabs { scanner.skip(while: { $0 == UInt8(ascii: "\t") }) }
                let isTerminator = scanner.hasPrefix(heredoc.terminator)
                    && (scanner.peek(heredoc.terminator.count) ?? CodeByte.newline) == CodeByte.newline
                scanner.position = lineStart
                scanner.skipToLineEnd()
                if isTerminator { break }
                if !scanner.isAtEnd { scanner.position += 1 }
            }
            scanner.emit(.string, from: start)
            if !scanner.isAtEnd { scanner.position += 1 }
        }
        pendingHeredocs.removeAll()
    }
}
