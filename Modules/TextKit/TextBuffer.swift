public import ArticleModel

/// An article text as an array of Unicode scalars: O(1) access and slicing by the scalar offsets
/// every span uses.
public struct TextBuffer: Sendable {
    public let text: String
    public let scalars: [Unicode.Scalar]

    public init(_ text: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
    }

    /// Length in scalars.
    public var count: Int { scalars.count }

    /// The text at `span` (clamped to the text).
    public subscript(span: Span) -> String {
        let start = max(0, min(span.start, scalars.count))
        let end = max(start, min(span.end, scalars.count))
        return String(scalars: scalars[start..<end])
    }

    public subscript(start: Int, end: Int) -> String {
        self[Span(start, end)]
    }
}

extension String {
    /// The string of `scalars`, its UTF-8 written straight into the new string's storage. Appending
    /// scalars to a `String.UnicodeScalarView` one by one cost a quarter of the timeline analyzer's
    /// time; every token's text is made this way.
    @inlinable
    public init(scalars: ArraySlice<Unicode.Scalar>) {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        self.init(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for scalar in scalars {
                if scalar.value < 0x80 {
                    buffer[index] = UInt8(truncatingIfNeeded: scalar.value)
                    index += 1
                } else {
                    for byte in UTF8.encode(scalar)! {
                        buffer[index] = byte
                        index += 1
                    }
                }
            }
            return index
        }
    }
}

/// Character classes, answered for ASCII without a Unicode property lookup (which costs a table
/// search per call and dominated tokenizing); other scalars ask their Unicode properties.
extension Unicode.Scalar {
    /// Letters of any script (Unicode `Alphabetic`).
    @inlinable public var isLetter: Bool {
        value < 0x80 ? (value | 0x20) &- 0x61 < 26 : properties.isAlphabetic && !isDigit
    }
    /// Decimal digits of any script.
    @inlinable public var isDigit: Bool { value < 0x80 ? value &- 0x30 < 10 : properties.numericType == .decimal }
    @inlinable public var isUppercaseLetter: Bool { value < 0x80 ? value &- 0x41 < 26 : properties.isUppercase }
    @inlinable public var isLowercaseLetter: Bool { value < 0x80 ? value &- 0x61 < 26 : properties.isLowercase }
    @inlinable public var isSpace: Bool { value < 0x80 ? value == 0x20 || value &- 0x09 < 5 : properties.isWhitespace }
    @inlinable public var isNewline: Bool {
        switch value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
    /// Straight or typographic apostrophe.
    @inlinable public var isApostrophe: Bool { value == 0x27 || value == 0x2019 || value == 0x2BC }
    /// Hyphen-minus or a Unicode hyphen (not a dash).
    @inlinable public var isHyphen: Bool { value == 0x2D || value == 0x2010 || value == 0x2011 }
    /// Quotation marks, straight and typographic, single and double, plus guillemets.
    @inlinable public var isQuote: Bool {
        switch value {
        case 0x22, 0x27, 0xAB, 0xBB, 0x2018, 0x2019, 0x201A, 0x201B, 0x201C, 0x201D, 0x201E, 0x201F, 0x2039, 0x203A: true
        default: false
        }
    }
    /// Combining marks continue the preceding character.
    @inlinable public var isMark: Bool {
        if value < 0x300 { return false }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
