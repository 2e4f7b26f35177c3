import Foundation

/// White space as extracted text needs it.
public enum Whitespace {
    /// Whether `scalar` is white space in HTML text: ASCII space and controls, no-break and other
    /// Unicode spaces, and the invisible format characters pages sprinkle between words.
    @inline(__always)
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }

    /// Characters dropped from text altogether: soft hyphens, zero-width joiners and marks, and
    /// control characters other than tab and line breaks.
    @inline(__always)
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAD, 0x200C...0x200F, 0x2060...0x2064, 0xFFFE, 0xFFFF, 0x7F...0x84, 0x86...0x9F: true
        default: scalar.value < 0x20 && scalar.value != 0x09 && scalar.value != 0x0A && scalar.value != 0x0D
        }
    }

    /// `text` without Foundation's `CharacterSet.whitespaces` at either end, as
    /// `trimmingCharacters(in: .whitespaces)` gives it; text that opens and closes with a visible
    /// ASCII character (almost all of it) is returned without asking Foundation.
    static func trimmingSpaces(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `text` with every run of white space as one space, invisible characters removed, trimmed.
    public static func normalise(_ text: String) -> String {
        var text = text
        return text.withUTF8(normalise(utf8:))
    }

    /// ``normalise(_:)`` over valid UTF-8: ASCII is handled byte by byte, and only the lead bytes of
    /// longer sequences are decoded to classify their scalar.
    static func normalise(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        // The output is never longer than the input: a space is written only for a run of one or
        // more space characters, each at least one byte long.
        String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            var pending = false
            var index = 0
            let end = bytes.count
            while index < end {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        pending = count > 0
                        continue
                    }
                    if byte < 0x20 || byte == 0x7F { continue }
                    if pending {
                        out[count] = 0x20
                        count += 1
                        pending = false
                    }
                    out[count] = byte
                    count += 1
                    continue
                }
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                guard index + length <= end else { break }
                var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { value = value << 6 | UInt32(bytes[index + k] & 0x3F) }
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                if isSpace(scalar) {
                    pending = count > 0
                } else if !isInvisible(scalar) {
                    if pending {
                        out[count] = 0x20
                        count += 1
                        pending = false
                    }
                    for k in 0..<length { out[count + k] = bytes[index + k] }
                    count += length
                }
                index += length
            }
            return count
        }
    }
}
