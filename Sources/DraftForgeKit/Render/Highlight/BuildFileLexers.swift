// Dockerfiles and Makefiles. A Dockerfile's instructions are keywords and their arguments shell;
// a Makefile's targets are functions, its variables (`CC :=`, `$(CC)`, `$@`) variables, its
// directives keywords, and each recipe line a shell command.

enum DockerfileLexer {
    private static let instructions = WordTable(ignoringCase: true, [
        (.keyword, """
            from run cmd label maintainer expose env add copy entrypoint volume user workdir arg onbuild \
            stopsignal healthcheck shell
            """),
    ])

    static func scan(_ scanner: inout CodeScanner) {
        let end = scanner.end
        while !scanner.isAtEnd {
            scanner.skip(while: CodeByte.isSpace)
            guard !scanner.isAtEnd else { break }
            if scanner.peekIs("#") {
                let start = scanner.position
                scanner.skipToLineEnd()
                scanner.emit(.comment, from: start)
                continue
            }
            let start = scanner.position
            scanner.skip(while: CodeByte.isLetter)
            let word = start..<scanner.position
            let isInstruction = instructions.contains(word, in: scanner.bytes)
            if isInstruction { scanner.emit(.keyword, from: start) }
            // The arguments run on through lines ending in a backslash.
            scanner.end = scanner.lineEndAfterContinuations
            scanner.skipSpacesAndTabs()
            if scanner.peekIs("[") {
                // The exec form, `CMD ["serve", "--port", "8080"]`, is a JSON array.
                var json = GrammarLexer(grammar: .json)
                json.scan(&scanner)
            } else if isInstruction, scanner.bytes(word, equalIgnoringCase: "run") || scanner.bytes(word, equalIgnoringCase: "cmd")
                || scanner.bytes(word, equalIgnoringCase: "entrypoint")
            {
                ShellLexer.scan(&scanner)
            } else {
                ShellLexer.scanArguments(&scanner)
            }
            scanner.position = scanner.end
            scanner.end = end
        }
    }
}

enum MakefileLexer {
    private static let directives = WordTable([
        (.keyword, """
            include -include sinclude ifeq ifneq ifdef ifndef else endif define endef export unexport override \
            vpath undefine private
            """),
    ])

    static func scan(_ scanner: inout CodeScanner) {
        let end = scanner.end
        while !scanner.isAtEnd {
            let lineEnd = scanner.lineEndAfterContinuations
            scanner.end = lineEnd
            if scanner.peekIs("\t") {
                scanRecipe(&scanner)
            } else {
                scanner.skipSpacesAndTabs()
                scanStatement(&scanner)
            }
            scanner.end = end
            scanner.position = min(lineEnd + 1, end)
        }
    }

    /// A recipe line: `@` (silent), `-` (ignore errors) and `+` prefixes are operators, the rest a shell command.
    private static func scanRecipe(_ scanner: inout CodeScanner) {
        scanner.skipSpacesAndTabs()
        let start = scanner.position
        scanner.skip(while: { "@-+".utf8.contains($0) })
        scanner.emit(.operator, from: start)
        scanText(&scanner, commandFirst: true)
    }

    private static func scanStatement(_ scanner: inout CodeScanner) {
        let start = scanner.position
        if scanner.peekIs("#") {
            scanner.skipToLineEnd()
            scanner.emit(.comment, from: start)
            return
        }
        scanner.skip(while: { !CodeByte.isSpace($0) && $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "$") })
        if directives.contains(start..<scanner.position, in: scanner.bytes) {
            scanner.emit(.keyword, from: start)
            scanText(&scanner, commandFirst: false)
            return
        }
        scanner.position = start
        // An assignment (`CC ?= cc`) or a rule (`build: main.o`), by which comes first.
        var index = start
        while index < scanner.end, scanner.bytes[index] != UInt8(ascii: "="), scanner.bytes[index] != UInt8(ascii: ":"),
            scanner.bytes[index] != UInt8(ascii: "#")
        {
            index += 1
        }
        let isAssignment = index < scanner.end
            && (scanner.bytes[index] == UInt8(ascii: "=") || scanner.hasPrefix(":=", at: index - start) || scanner.hasPrefix("::=", at: index - start))
        guard index < scanner.end, scanner.bytes[index] != UInt8(ascii: "#") else {
            scanText(&scanner, commandFirst: false)
            return
        }
        var nameEnd = index
        if isAssignment, nameEnd > start, "?+!".utf8.contains(scanner.bytes[nameEnd - 1]) { nameEnd -= 1 }
        while nameEnd > start, CodeByte.isBlank(scanner.bytes[nameEnd - 1]) { nameEnd -= 1 }
        if isAssignment {
            scanner.position = nameEnd
            scanner.emit(.variable, from: start)
            scanner.skipSpacesAndTabs()
            let operatorStart = scanner.position
            scanner.skip(while: { "?+!:=".utf8.contains($0) })
            scanner.emit(.operator, from: operatorStart)
        } else {
            scanTargets(&scanner, upTo: nameEnd)
            scanner.position = nameEnd
            scanner.skipSpacesAndTabs()
            let colonStart = scanner.position
            scanner.skip(while: { $0 == UInt8(ascii: ":") })
            scanner.emit(.punctuation, from: colonStart)
        }
        scanText(&scanner, commandFirst: false)
    }

    /// The targets of a rule, each a function; `$(VARS)` among them stay variables.
    private static func scanTargets(_ scanner: inout CodeScanner, upTo end: Int) {
        let lineEnd = scanner.end
        scanner.end = end
        while !scanner.isAtEnd {
            let start = scanner.position
            if scanner.peekIs("$") {
                scanVariable(&scanner)
            } else if CodeByte.isSpace(scanner.bytes[start]) {
                scanner.position += 1
            } else {
                scanner.skip(while: { !CodeByte.isSpace($0) && $0 != UInt8(ascii: "$") })
                scanner.emit(.function, from: start)
            }
        }
        scanner.end = lineEnd
        scanner.position = end
    }

    /// Text with variable references, strings and comments; a recipe's first word is its command.
    private static func scanText(_ scanner: inout CodeScanner, commandFirst: Bool) {
        var expectsCommand = commandFirst
        while !scanner.isAtEnd {
            let byte = scanner.bytes[scanner.position]
            let start = scanner.position
            if byte == UInt8(ascii: "$") {
                scanVariable(&scanner)
                expectsCommand = false
            } else if byte == UInt8(ascii: "#") {
                scanner.skipToLineEnd()
                scanner.emit(.comment, from: start)
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                scanner.position += 1
                scanner.skipPast(byte)
                scanner.emit(.string, from: start)
            } else if byte == UInt8(ascii: "\\") {
                scanner.position += 1
                if !scanner.isAtEnd { scanner.advanceScalar() }
            } else if ";|&".utf8.contains(byte) {
                scanner.skip(while: { ";|&".utf8.contains($0) })
                scanner.emit(.operator, from: start)
                expectsCommand = commandFirst
            } else if CodeByte.isSpace(byte) {
                scanner.position += 1
            } else {
                scanner.skip(while: { !CodeByte.isSpace($0) && !"$#\"';|&\\".utf8.contains($0) })
                if scanner.position == start { scanner.advanceScalar() }
                if expectsCommand { scanner.emit(.function, from: start) }
                expectsCommand = false
            }
        }
    }

    /// `$(CC)`, `${CFLAGS}` (nested references inside), `$@`, `$<`, `$^`, and `$$` for a shell's `$`.
    private static func scanVariable(_ scanner: inout CodeScanner) {
        let start = scanner.position
        scanner.position += 1
        guard let next = scanner.peek() else { return }
        if next == UInt8(ascii: "(") || next == UInt8(ascii: "{") {
            scanner.skipBracketed(open: next, close: next == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}"))
        } else if next == UInt8(ascii: "$") {
            scanner.position += 1
            scanner.skip(while: { CodeByte.isIdentifierContinue($0) && $0 < 0x80 })
        } else {
            scanner.advanceScalar()
        }
        scanner.emit(.variable, from: start)
    }
}
