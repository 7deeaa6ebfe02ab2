// TeX math to MathML Core: the entry point. The lexer, parser and writer beside it do the work;
// a formula either converts whole or yields its first problem, never partial output.

/// Whether a formula sits in a line of text or stands as its own block.
enum MathDisplay: Sendable {
    case inline, block
}

/// Why a formula could not be converted, and where in its TeX the problem starts.
struct MathConversionError: Error, Equatable, Sendable {
    /// One sentence, e.g. "\foo is not supported".
    var message: String
    /// The command or environment at fault, with its backslash ("\foo", "\begin{tabular}").
    var command: String?
    /// The UTF-8 offset in the TeX source where the problem starts.
    var offset: Int

    /// Where the problem is in `tex`, the formula's source, for a diagnostic: line 1 is the
    /// formula's first line, and the column counts UTF-8 bytes from 1, as source locations do.
    func lineAndColumn(in tex: String) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for (index, byte) in tex.utf8.prefix(offset).enumerated() where byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}

extension MathConversionError {
    /// An extension's initializer, so the memberwise one stays for callers that name every field.
    init(_ message: String, command: String? = nil, at offset: Int) {
        self.init(message: message, command: command, offset: offset)
    }
}

/// Converts TeX math to MathML Core.
enum TeXMath {
    /// How deep groups, arguments and environments may nest before the formula is refused.
    static let maximumNesting = 200

    /// The `<math>` element for `tex` as well-formed XML, with the TeX as its `alttext` and as
    /// an annotation; or the first problem found.
    static func mathML(_ tex: String, display: MathDisplay) -> Result<String, MathConversionError> {
        converted(tex) { MathMLWriter.document($0, tex: tex, display: display) }
    }

    /// The formula as Word's own equation (OMML), or the first problem found.
    static func omml(_ tex: String, display: MathDisplay) -> Result<String, MathConversionError> {
        converted(tex) { OMMLWriter.document($0, display: display) }
    }

    /// The formula as Typst math (`$…$`) and its whole-formula tag, or the first problem found.
    static func typst(_ tex: String, display: MathDisplay) -> Result<(math: String, tag: String?), MathConversionError> {
        do {
            var parser = TeXParser(tex)
            return .success(TypstMathWriter.formula(try parser.parseFormula(), display: display))
        } catch {
            return .failure(error)
        }
    }

    private static func converted(_ tex: String, _ write: (MathNode) -> String) -> Result<String, MathConversionError> {
        do {
            var parser = TeXParser(tex)
            return .success(write(try parser.parseFormula()))
        } catch {
            return .failure(error)
        }
    }
}
