/// A rule's short list of ASCII words ("later", "Monday"), asked about a token's scalars: no
/// String is made and nothing is hashed, for the lists tried on every word of a sentence.
struct ProseWordSet: Sendable {
    /// The words by their length, each as its bytes.
    private let byLength: [[[UInt8]]]

    init(_ words: some Sequence<String>) {
        var byLength: [[[UInt8]]] = []
        for word in words {
            let bytes = Array(word.utf8)
            precondition(bytes.allSatisfy { $0 < 0x80 }, "a ProseWordSet holds ASCII words")
            while byLength.count <= bytes.count { byLength.append([]) }
            byLength[bytes.count].append(bytes)
        }
        self.byLength = byLength
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

    private func find(_ token: ProseToken, in block: ProseBlock, foldingCase: Bool) -> Bool {
        guard token.length < byLength.count else { return false }
        let text = block.text
        return byLength[token.length].contains { word in
            var offset = token.start
            for byte in word {
                let value = text[offset].value
                guard value < 0x80, (foldingCase ? CodeByte.lowercased(UInt8(value)) : UInt8(value)) == byte else { return false }
                offset += 1
            }
            return true
        }
    }
}
