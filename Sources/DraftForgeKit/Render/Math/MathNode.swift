// The typed math tree between the TeX parser and the MathML writer. Each case is one MathML
// Core construct; the writer decides only what depends on display style (where limits go).

indirect enum MathNode: Equatable, Sendable {
    /// `<mi>`; `upright` asks for mathvariant="normal" on a single character.
    case identifier(String, upright: Bool)
    case number(String)
    /// `<mo>`.
    case symbol(String, OperatorStyle = OperatorStyle())
    /// `<mtext>`, with an optional CSS style for \textbf and its kind.
    case text(String, style: String?)
    /// `<mspace>` of a width in em, negative for `\!`.
    case space(width: String)
    /// A group: `<mrow>` when it holds other than one node.
    case row([MathNode])
    case scripts(base: MathNode, sub: MathNode?, sup: MathNode?, placement: ScriptPlacement)
    case fraction(numerator: MathNode, denominator: MathNode, hasRule: Bool)
    case squareRoot(MathNode)
    case root(MathNode, index: MathNode)
    /// A mark over or under its base: an accent (\hat), a line or a brace (\overbrace).
    case accent(base: MathNode, mark: MathNode, isOver: Bool, isAccent: Bool)
    case table(MathTable)
    case style(MathStyle, MathNode)
    /// A formula with `\tag`s: `tag` is the whole formula's, shown at the right edge of a block;
    /// nil when only rows of its table have theirs, which follow their rows.
    case tagged(MathNode, tag: String?)
}

extension MathNode {
    /// Whether TeX would space the node as an ordinary atom: not an operator, not a space.
    var isOrdinary: Bool {
        switch self {
        case .symbol, .space, .style: false
        case .scripts(let base, _, _, _): base.isOrdinary
        default: true
        }
    }
}

/// What an `<mo>` says beyond its text.
struct OperatorStyle: Equatable, Sendable {
    /// Nil leaves it to the operator dictionary.
    var stretchy: Bool?
    /// A fixed height for `\big` and its kind (both minsize and maxsize).
    var size: String?
    /// No space either side: a bare `|` is an ordinary symbol in TeX, where the operator
    /// dictionary would space it as a relation.
    var isUnspaced = false
}

/// Where sub- and superscripts go.
enum ScriptPlacement: Equatable, Sendable {
    /// Beside the base (`msub`, `msup`, `msubsup`).
    case beside
    /// Under and over the base (`munder`, `mover`, `munderover`), as `\overbrace` and `\limits` want.
    case limits
    /// Under and over in display style, beside otherwise: `\sum`, `\lim`.
    case limitsInDisplay
}

struct MathStyle: Equatable, Sendable {
    var isDisplay: Bool
    var scriptLevel: Int
}

struct MathTable: Equatable, Sendable {
    enum Alignment: Equatable, Sendable { case left, center, right }

    var rows: [[MathNode]]
    /// One alignment per column; columns beyond the list take `alignment(ofColumn:)`.
    var alignments: [Alignment]
    /// Alternating right/left pairs with no gap inside a pair, as `aligned` sets them.
    var pairsColumns: Bool
    var isDisplay: Bool
    /// Each row's `\tag`, if it has one.
    var rowTags: [String?] = []

    func alignment(ofColumn column: Int) -> Alignment {
        if pairsColumns { return column.isMultiple(of: 2) ? .right : .left }
        return alignments.isEmpty ? .center : alignments[min(column, alignments.count - 1)]
    }
}
