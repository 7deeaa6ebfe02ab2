// The commands that stand for one character or one name, written from the Unicode charts
// (Greek and Coptic, Mathematical Operators, Arrows, Miscellaneous Technical, Letterlike
// Symbols). The parser looks here after its structural commands.

struct TeXSymbol: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// `<mi>`, slanted when a single letter (Latin and lower-case Greek).
        case identifier
        /// `<mi mathvariant="normal">`: upper-case Greek, ∇, as TeX sets them.
        case uprightIdentifier
        /// `<mo>`: binary operators, relations, arrows, punctuation.
        case `operator`
        /// `<mo>` that can stretch after `\left`, `\right` or `\big`; unstretched otherwise.
        case delimiter
        /// ∑, ∫: `<mo>` that takes its limits under and over in display style when `limits`.
        case largeOperator(limits: Bool)
        /// sin, lim: an upright name; `limits` as for large operators.
        case function(limits: Bool)
    }

    var text: String
    var kind: Kind
}

enum TeXSymbols {
    static func symbol(named name: String) -> TeXSymbol? { byName[name] }

    /// How a character typed as itself (≤, ∑, α) is set: as the command that names it.
    static func symbol(for character: String) -> TeXSymbol? { byCharacter[character] }

    /// Greek letters and the symbols TeX sets as ordinary atoms, slanted when they are letters.
    static let ordinary: [(String, String)] = [
        ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ϵ"), ("varepsilon", "ε"),
        ("zeta", "ζ"), ("eta", "η"), ("theta", "θ"), ("vartheta", "ϑ"), ("iota", "ι"), ("kappa", "κ"),
        ("varkappa", "ϰ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"), ("omicron", "ο"), ("pi", "π"),
        ("varpi", "ϖ"), ("rho", "ρ"), ("varrho", "ϱ"), ("sigma", "σ"), ("varsigma", "ς"), ("tau", "τ"),
        ("upsilon", "υ"), ("phi", "ϕ"), ("varphi", "φ"), ("chi", "χ"), ("psi", "ψ"), ("omega", "ω"),
        ("ell", "ℓ"), ("hbar", "ℏ"), ("imath", "ı"), ("jmath", "ȷ"), ("wp", "℘"), ("partial", "∂"),
        ("infty", "∞"), ("aleph", "ℵ"), ("beth", "ℶ"), ("emptyset", "∅"), ("varnothing", "∅"),
        ("angle", "∠"), ("triangle", "△"), ("Re", "ℜ"), ("Im", "ℑ"), ("top", "⊤"), ("bot", "⊥"),
        ("clubsuit", "♣"), ("diamondsuit", "♢"), ("heartsuit", "♡"), ("spadesuit", "♠"),
        ("flat", "♭"), ("natural", "♮"), ("sharp", "♯"), ("checkmark", "✓"), ("square", "□"), ("Box", "□"),
        ("blacksquare", "■"), ("lozenge", "◊"), ("$", "$"), ("#", "#"), ("_", "_"),
    ]

    /// Capital Greek and ∇, which TeX sets upright.
    static let uprightOrdinary: [(String, String)] = [
        ("Gamma", "Γ"), ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"), ("Pi", "Π"),
        ("Sigma", "Σ"), ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"), ("nabla", "∇"),
    ]

    static let operators: [(String, String)] = [
        // Binary operators
        ("pm", "±"), ("mp", "∓"), ("times", "×"), ("div", "÷"), ("cdot", "⋅"), ("ast", "∗"), ("star", "⋆"),
        ("circ", "∘"), ("bullet", "∙"), ("oplus", "⊕"), ("ominus", "⊖"), ("otimes", "⊗"), ("oslash", "⊘"),
        ("odot", "⊙"), ("cup", "∪"), ("cap", "∩"), ("sqcup", "⊔"), ("sqcap", "⊓"), ("uplus", "⊎"),
        ("wedge", "∧"), ("land", "∧"), ("vee", "∨"), ("lor", "∨"), ("setminus", "∖"), ("wr", "≀"),
        ("diamond", "⋄"), ("dagger", "†"), ("ddagger", "‡"), ("amalg", "⨿"), ("bmod", "mod"), ("%", "%"),
        ("&", "&"),
        // Relations
        ("le", "≤"), ("leq", "≤"), ("ge", "≥"), ("geq", "≥"), ("leqslant", "⩽"), ("geqslant", "⩾"),
        ("ne", "≠"), ("neq", "≠"), ("approx", "≈"), ("equiv", "≡"), ("sim", "∼"), ("simeq", "≃"),
        ("cong", "≅"), ("propto", "∝"), ("in", "∈"), ("notin", "∉"), ("ni", "∋"), ("subset", "⊂"),
        ("supset", "⊃"), ("subseteq", "⊆"), ("supseteq", "⊇"), ("subsetneq", "⊊"), ("supsetneq", "⊋"),
        ("ll", "≪"), ("gg", "≫"), ("prec", "≺"), ("succ", "≻"), ("preceq", "⪯"), ("succeq", "⪰"),
        ("perp", "⊥"), ("parallel", "∥"), ("nparallel", "∦"), ("nmid", "∤"), ("vdash", "⊢"), ("dashv", "⊣"),
        ("models", "⊨"), ("doteq", "≐"), ("asymp", "≍"), ("triangleq", "≜"), ("therefore", "∴"),
        ("because", "∵"), ("colon", ":"), ("lt", "<"), ("gt", ">"), ("lesssim", "≲"), ("gtrsim", "≳"),
        ("nleq", "≰"), ("ngeq", "≱"), ("nsubseteq", "⊈"), ("nsupseteq", "⊉"), ("sqsubseteq", "⊑"),
        ("sqsupseteq", "⊒"), ("coloneqq", "≔"), ("approxeq", "≊"), ("ncong", "≇"), ("nsim", "≁"),
        // Arrows
        ("to", "→"), ("rightarrow", "→"), ("gets", "←"), ("leftarrow", "←"), ("leftrightarrow", "↔"),
        ("Rightarrow", "⇒"), ("Leftarrow", "⇐"), ("Leftrightarrow", "⇔"), ("longrightarrow", "⟶"),
        ("longleftarrow", "⟵"), ("longleftrightarrow", "⟷"), ("Longrightarrow", "⟹"), ("implies", "⟹"),
        ("Longleftarrow", "⟸"), ("impliedby", "⟸"), ("Longleftrightarrow", "⟺"), ("iff", "⟺"),
        ("mapsto", "↦"), ("longmapsto", "⟼"), ("nearrow", "↗"), ("searrow", "↘"), ("swarrow", "↙"),
        ("nwarrow", "↖"), ("hookrightarrow", "↪"), ("hookleftarrow", "↩"), ("rightleftharpoons", "⇌"),
        ("leadsto", "⇝"), ("twoheadrightarrow", "↠"), ("rightrightarrows", "⇉"), ("leftrightarrows", "⇆"),
        // Dots, quantifiers, logic
        ("ldots", "…"), ("dots", "…"), ("dotsc", "…"), ("dotsb", "⋯"), ("dotsm", "⋯"), ("dotsi", "⋯"),
        ("cdots", "⋯"), ("vdots", "⋮"), ("ddots", "⋱"),
        ("forall", "∀"), ("exists", "∃"), ("nexists", "∄"), ("neg", "¬"), ("lnot", "¬"), ("prime", "′"),
        ("surd", "√"),
    ]

    static let delimiters: [(String, String)] = [
        ("{", "{"), ("}", "}"), ("lbrace", "{"), ("rbrace", "}"), ("lbrack", "["), ("rbrack", "]"),
        ("langle", "⟨"), ("rangle", "⟩"), ("lfloor", "⌊"), ("rfloor", "⌋"), ("lceil", "⌈"), ("rceil", "⌉"),
        ("vert", "|"), ("lvert", "|"), ("rvert", "|"), ("mid", "∣"), ("|", "‖"), ("Vert", "‖"),
        ("lVert", "‖"), ("rVert", "‖"), ("backslash", "\\"), ("uparrow", "↑"), ("downarrow", "↓"),
        ("updownarrow", "↕"), ("Uparrow", "⇑"), ("Downarrow", "⇓"), ("Updownarrow", "⇕"),
    ]

    /// Large operators and whether they take limits under and over in display style.
    static let largeOperators: [(String, String, Bool)] = [
        ("sum", "∑", true), ("prod", "∏", true), ("coprod", "∐", true), ("bigcup", "⋃", true),
        ("bigcap", "⋂", true), ("bigvee", "⋁", true), ("bigwedge", "⋀", true), ("bigoplus", "⨁", true),
        ("bigotimes", "⨂", true), ("bigodot", "⨀", true), ("biguplus", "⨄", true), ("bigsqcup", "⨆", true),
        ("int", "∫", false), ("iint", "∬", false), ("iiint", "∭", false), ("iiiint", "⨌", false),
        ("oint", "∮", false), ("oiint", "∯", false),
    ]

    /// Named functions, set upright; those marked take limits in display style (lim, max).
    static let functions: [(String, String, Bool)] = [
        ("lim", "lim", true), ("liminf", "lim inf", true), ("limsup", "lim sup", true), ("max", "max", true),
        ("min", "min", true), ("sup", "sup", true), ("inf", "inf", true), ("det", "det", true),
        ("gcd", "gcd", true), ("Pr", "Pr", true), ("sin", "sin", false), ("cos", "cos", false),
        ("tan", "tan", false), ("cot", "cot", false), ("sec", "sec", false), ("csc", "csc", false),
        ("arcsin", "arcsin", false), ("arccos", "arccos", false), ("arctan", "arctan", false),
        ("sinh", "sinh", false), ("cosh", "cosh", false), ("tanh", "tanh", false), ("coth", "coth", false),
        ("log", "log", false), ("ln", "ln", false), ("lg", "lg", false), ("exp", "exp", false),
        ("ker", "ker", false), ("dim", "dim", false), ("hom", "hom", false), ("arg", "arg", false),
        ("deg", "deg", false),
    ]

    /// The relation `\not` makes of each relation that has a negated character of its own.
    static let negations: [String: String] = [
        "=": "≠", "<": "≮", ">": "≯", "≤": "≰", "≥": "≱", "∈": "∉", "∋": "∌", "⊂": "⊄", "⊃": "⊅",
        "⊆": "⊈", "⊇": "⊉", "≡": "≢", "∼": "≁", "≈": "≉", "≅": "≇", "∣": "∤", "∥": "∦", "≃": "≄",
    ]

    private static let byName: [String: TeXSymbol] = {
        var table: [String: TeXSymbol] = [:]
        for (name, text) in ordinary { table[name] = TeXSymbol(text: text, kind: .identifier) }
        for (name, text) in uprightOrdinary { table[name] = TeXSymbol(text: text, kind: .uprightIdentifier) }
        for (name, text) in operators { table[name] = TeXSymbol(text: text, kind: .operator) }
        for (name, text) in delimiters { table[name] = TeXSymbol(text: text, kind: .delimiter) }
        for (name, text, limits) in largeOperators {
            table[name] = TeXSymbol(text: text, kind: .largeOperator(limits: limits))
        }
        for (name, text, limits) in functions { table[name] = TeXSymbol(text: text, kind: .function(limits: limits)) }
        return table
    }()

    private static let byCharacter: [String: TeXSymbol] = {
        var table: [String: TeXSymbol] = [:]
        // Functions are names, not characters; of two commands for one character, the first by name wins.
        for (_, symbol) in byName.sorted(by: { $0.key < $1.key }) where table[symbol.text] == nil {
            // `\$` is a symbol but a bare $ is not; ASCII characters mean only what asciiCharacters says.
            if case .function = symbol.kind { continue }
            if symbol.text.unicodeScalars.allSatisfy(\.isASCII) { continue }
            table[symbol.text] = symbol
        }
        for (character, symbol) in asciiCharacters { table[character] = symbol }
        return table
    }()

    /// The ASCII characters that mean something in math besides letters and digits.
    private static let asciiCharacters: [(String, TeXSymbol)] = {
        let operators = ["+", "=", "<", ">", ",", ";", ":", "!", "?", ".", "/", "@"]
        let delimiters = ["(", ")", "[", "]", "|"]
        return operators.map { ($0, TeXSymbol(text: $0, kind: .operator)) }
            + delimiters.map { ($0, TeXSymbol(text: $0, kind: .delimiter)) }
            + [("-", TeXSymbol(text: "−", kind: .operator)), ("*", TeXSymbol(text: "∗", kind: .operator))]
    }()
}
