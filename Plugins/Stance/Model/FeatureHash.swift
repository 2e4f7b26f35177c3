/// Feature hashing that is the same in every process: FNV-1a over UTF-8 bytes, combined with the
/// SplitMix64 finaliser. Swift's `Hasher` is seeded per process, so it cannot name a feature in a
/// model file.
public enum FeatureHash {
    @inlinable public static func string(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return mix(hash)
    }

    /// The SplitMix64 finaliser: spreads bits so that nearby inputs land far apart.
    @inlinable public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A feature from a template number and one hashed value.
    @inlinable public static func feature(_ template: UInt64, _ a: UInt64) -> UInt64 {
        mix(template &* 0x9E37_79B9_7F4A_7C15 ^ a)
    }

    /// A feature from a template number and two hashed values (order matters).
    @inlinable public static func feature(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(feature(template, a) ^ (b &* 0xD6E8_FEB8_6659_FD93))
    }
}

/// A deterministic pseudo-random generator (SplitMix64) for shuffling training data.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        return FeatureHash.mix(state &- 0x9E37_79B9_7F4A_7C15)
    }

    /// Fisher–Yates with this generator (the standard library's `shuffle` may change its algorithm).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            let other = Int(next() % UInt64(index + 1))
            array.swapAt(index, other)
        }
    }
}
