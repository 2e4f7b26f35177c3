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

    /// `text` with every run of white space as one space, invisible characters removed, trimmed.
    public static func normalise(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pending = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pending = !out.isEmpty
            } else if !isInvisible(scalar) {
                if pending { out.append(" ") }
                pending = false
                out.append(scalar)
            }
        }
        return String(out)
    }
}
