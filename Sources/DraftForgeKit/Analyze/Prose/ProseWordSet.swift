/// A rule's short list of ASCII words ("later", "Monday"), asked about a token's scalars: no
/// String is made and nothing is hashed, for the lists tried on every word of a sentence.
struct ProseWordSet: Sendable {
    /// The words by their length, each as its bytes.
    private let byLength: [[[UInt8]]]
    /// Per length, the words' first letters (a bitmap for ASCII): most words are told apart by
    /// their length and first letter.
    private let leads: [ScalarSet]
    /// The same for the first letters lowercased.
    private let lowercasedLeads: [ScalarSet]

    init(_ words: some Sequence<String>) {
        var byLength: [[[UInt8]]] = []
        for word in words {
            let bytes = Array(word.utf8)
            precondition(!bytes.isEmpty && bytes.allSatisfy { $0 < 0x80 }, "a ProseWordSet holds ASCII words")
            while byLength.count <= bytes.count { byLength.append([]) }
            byLength[bytes.count].append(bytes)
        }
        self.byLength = byLength
        leads = byLength.map { words in ScalarSet(words.map { Unicode.Scalar($0[0]) }) }
        lowercasedLeads = byLength.map { words in ScalarSet(words.map { Unicode.Scalar(CodeByte.lowercased($0[0])) }) }
    }

    /// Whether the token is one of the words as written.
    func contains(_ token: ProseToken, in block: ProseBlock) -> Bool {
        find(token, in: block, foldingCase: false)
    }

    /// Whether the token, lowercased, is one of the words (which are then lowercase). A word
    /// with a scalar past ASCII is none of them.
    func containsLowercased(_ token: ProseToken, in block: ProseBlock) -> Bool {
        find(token, in: block, foldingCase: true)
    }

    /// Whether the scalars at `range` of `text` are one of the words as written.
    func contains(_ range: Range<Int>, in text: [Unicode.Scalar]) -> Bool {
        find(range, in: text, foldingCase: false)
    }

    private func find(_ token: ProseToken, in block: ProseBlock, foldingCase: Bool) -> Bool {
        find(token.start..<token.end, in: block.text, foldingCase: foldingCase)
    }

    private func find(_ range: Range<Int>, in text: [Unicode.Scalar], foldingCase: Bool) -> Bool {
        let length = range.count
        guard length < byLength.count, length > 0 else { return false }
        let first = text[range.lowerBound].value
        guard first < 0x80 else { return false }
        let lead = foldingCase ? CodeByte.lowercased(UInt8(first)) : UInt8(first)
        guard (foldingCase ? lowercasedLeads[length] : leads[length]).contains(Unicode.Scalar(lead)) else { return false }
        for word in byLength[length] where word[0] == lead {
            var offset = range.lowerBound + 1
            var same = true
            for byte in word.dropFirst() {
                let value = text[offset].value
                guard value < 0x80, (foldingCase ? CodeByte.lowercased(UInt8(value)) : UInt8(value)) == byte else {
                    same = false
                    break
                }
                offset += 1
            }
            if same { return true }
        }
        return false
    }
}
