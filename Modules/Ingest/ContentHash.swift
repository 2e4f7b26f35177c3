/// A stable 64-bit FNV-1a hash in hex: the same bytes give the same key in every run.
public enum ContentHash {
    public static func of(_ bytes: [UInt8], _ extra: String?) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        if let extra {
            for byte in extra.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
