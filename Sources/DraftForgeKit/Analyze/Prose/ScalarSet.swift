// A set of Unicode scalars asked about once for every word of a book: ASCII answers from a
// bitmap, without hashing.
struct ScalarSet: Sendable {
    private var ascii: (low: UInt64, high: UInt64) = (0, 0)
    private var others: Set<Unicode.Scalar> = []

    init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        for scalar in scalars { insert(scalar) }
    }

    mutating func insert(_ scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0..<64: ascii.low |= 1 << UInt64(scalar.value)
        case 64..<128: ascii.high |= 1 << UInt64(scalar.value - 64)
        default: others.insert(scalar)
        }
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<64: ascii.low & (1 << UInt64(scalar.value)) != 0
        case 64..<128: ascii.high & (1 << UInt64(scalar.value - 64)) != 0
        default: !others.isEmpty && others.contains(scalar)
        }
    }
}
