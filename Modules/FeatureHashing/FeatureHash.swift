/// 64-bit hashing for feature keys, words and phrases: fixed functions (FNV-1a over UTF-8, then a
/// SplitMix64 finaliser), so that keys are the same in every process and on every machine. Every
/// trained model (entities, stance) names its features with these.
///
/// Swift's own `Hasher` is seeded per process and cannot be stored in a model file.
public enum FeatureHash {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// SplitMix64's finaliser: spreads every input bit over the output.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Combines two hashes; order matters.
    @inlinable
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(a &* 0x2545_f491_4f6c_dd1d ^ b)
    }

    /// Combines three hashes; order matters.
    @inlinable
    public static func combine(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        combine(combine(a, b), c)
    }

    /// Feeds one scalar's UTF-8 bytes into an FNV-1a state.
    @inlinable
    public static func feed(_ state: inout UInt64, _ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            state = (state ^ UInt64(value)) &* prime
        } else {
            for byte in UTF8.encode(scalar)! {
                state = (state ^ UInt64(byte)) &* prime
            }
        }
    }

    /// Hash of a string's UTF-8 bytes.
    public static func string(_ text: String) -> UInt64 {
        var state = offsetBasis
        for byte in text.utf8 { state = (state ^ UInt64(byte)) &* prime }
        return mix(state)
    }

    /// Hash of a sequence of scalars, as `string` would hash the string they spell.
    public static func scalars(_ scalars: some Sequence<Unicode.Scalar>) -> UInt64 {
        var state = offsetBasis
        for scalar in scalars { feed(&state, scalar) }
        return mix(state)
    }

    /// A key that is never 0 (0 marks an empty slot in ``KeyTable``).
    @inlinable
    public static func nonZero(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }
}

/// An open-addressing table from non-zero 64-bit keys to dense indices `0..<count`, built once and
/// then read-only; linear probing in a power-of-two array at most half full.
public struct KeyTable: Sendable {
    @usableFromInline var slots: [UInt64]
    @usableFromInline var indices: [Int32]
    @usableFromInline var mask: Int
    public private(set) var count: Int

    /// A table of `keys`, where key `keys[i]` maps to `i`. Duplicate keys keep their first index.
    public init(keys: [UInt64]) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        indices = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        count = 0
        for (index, key) in keys.enumerated() {
            insert(FeatureHash.nonZero(key), Int32(index))
        }
    }

    private mutating func insert(_ key: UInt64, _ index: Int32) {
        var slot = Int(truncatingIfNeeded: key) & mask
        while slots[slot] != 0 {
            if slots[slot] == key { return }
            slot = (slot + 1) & mask
        }
        slots[slot] = key
        indices[slot] = index
        count += 1
    }

    /// The index of `key`, or -1.
    @inlinable
    public func index(of key: UInt64) -> Int {
        let key = FeatureHash.nonZero(key)
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let found = slots[slot]
                if found == key { return Int(indices[slot]) }
                if found == 0 { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// A deterministic pseudo-random generator (SplitMix64), for shuffling training data the same way on
/// every run and machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state = state &+ 0x9e37_79b9_7f4a_7c15
        return FeatureHash.mix(state &- 0x9e37_79b9_7f4a_7c15)
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
