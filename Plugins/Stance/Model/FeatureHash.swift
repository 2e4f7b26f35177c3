public import FeatureHashing

/// The stance models' feature keys: a template number combined with hashed values.
extension FeatureHash {
    /// A feature from a template number and one hashed value.
    @inlinable public static func feature(_ template: UInt64, _ a: UInt64) -> UInt64 {
        mix(template &* 0x9E37_79B9_7F4A_7C15 ^ a)
    }

    /// A feature from a template number and two hashed values (order matters).
    @inlinable public static func feature(_ template: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(feature(template, a) ^ (b &* 0xD6E8_FEB8_6659_FD93))
    }
}
