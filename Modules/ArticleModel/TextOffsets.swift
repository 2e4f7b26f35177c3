/// Counting Unicode scalars in UTF-8 without building a String: the length that spans index.
public enum UTF8Scalars {
    /// Number of Unicode scalars in well-formed UTF-8 `bytes` (bytes that do not continue a sequence).
    public static func count(_ bytes: some Collection<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Validates `bytes` as UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF) and
    /// returns the number of scalars, or `nil` with the byte offset of the first bad sequence.
    public static func validate(_ bytes: [UInt8]) -> (scalars: Int?, badOffset: Int?) {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            var scalars = 0
            let count = buffer.count
            while index < count {
                let lead = buffer[index]
                if lead < 0x80 {
                    index += 1
                    scalars += 1
                    continue
                }
                let length: Int
                var lowerBound: UInt8 = 0x80
                var upperBound: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lowerBound = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upperBound = 0x9F
                case 0xF0: length = 4; lowerBound = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upperBound = 0x8F
                default: return (nil, index)
                }
                guard index + length <= count else { return (nil, index) }
                let second = buffer[index + 1]
                guard second >= lowerBound, second <= upperBound else { return (nil, index) }
                for offset in 2..<max(2, length) where buffer[index + offset] & 0xC0 != 0x80 {
                    return (nil, index)
                }
                index += length
                scalars += 1
            }
            return (scalars, nil)
        }
    }
}
