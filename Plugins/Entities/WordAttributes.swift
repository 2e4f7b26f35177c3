import FeatureHashing
/// What the recogniser reads from one token on its own: hashes of its normalised form, lower-case
/// form, shapes and affixes, and its character flags. Computed in one pass over the scalars without
/// building strings.
///
/// Normalisation maps typographic quotes and apostrophes to ASCII, dashes to `-` (`—` to `--`) and
/// digits to `0`, so that `’s` and `'s`, or `1996` and `2025`, read alike.
public struct WordAttributes: Sendable {
    public var form: UInt64
    public var lower: UInt64
    /// The form with only its first letter capitalised: how an all-caps or lower-case word would be
    /// written as a name.
    public var title: UInt64
    public var shape: UInt64
    public var shortShape: UInt64
    public var prefixes: (UInt64, UInt64, UInt64, UInt64)
    public var suffixes: (UInt64, UInt64, UInt64, UInt64)
    public var flags: Flags
    /// Length in scalars, at most 15.
    public var length: UInt8

    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let capitalized = Flags(rawValue: 1 << 0)
        public static let allCaps = Flags(rawValue: 1 << 1)
        public static let hasUpper = Flags(rawValue: 1 << 2)
        public static let hasLower = Flags(rawValue: 1 << 3)
        public static let hasDigit = Flags(rawValue: 1 << 4)
        public static let allDigits = Flags(rawValue: 1 << 5)
        public static let hasHyphen = Flags(rawValue: 1 << 6)
        public static let hasDot = Flags(rawValue: 1 << 7)
        public static let hasApostrophe = Flags(rawValue: 1 << 8)
        public static let noLetterOrDigit = Flags(rawValue: 1 << 9)
        public static let initialism = Flags(rawValue: 1 << 10)
        public static let singleUpper = Flags(rawValue: 1 << 11)
        public static let innerCaps = Flags(rawValue: 1 << 12)
        public static let uncasedLetters = Flags(rawValue: 1 << 13)
        public static let hasLetter = Flags(rawValue: 1 << 14)
    }

    /// Hash of the normalised lower-case form of `word`.
    public static func lowerHash(_ word: String) -> UInt64 { WordAttributes(word).lower }
    /// Hash of the normalised form of `word`.
    public static func formHash(_ word: String) -> UInt64 { WordAttributes(word).form }

    public init(_ word: String) {
        let basis = FeatureHash.offsetBasis
        var form = basis, lower = basis, title = basis, shape = basis, short = basis
        var prefix: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        // The last four lower-case scalars, for suffixes.
        var tail: (Unicode.Scalar, Unicode.Scalar, Unicode.Scalar, Unicode.Scalar) = (" ", " ", " ", " ")
        var count = 0
        var shapeCount = 0
        var lastShape: Unicode.Scalar = "\0"
        var flags: Flags = []
        var letters = 0, uppers = 0, digits = 0, others = 0
        var sawLower = false
        var initialismPattern = true  // letter, dot, letter, dot…
        var first = true

        func add(_ scalar: Unicode.Scalar, _ lowerScalar: Unicode.Scalar, _ shapeScalar: Unicode.Scalar) {
            FeatureHash.feed(&form, scalar)
            FeatureHash.feed(&lower, lowerScalar)
            FeatureHash.feed(&title, first ? scalar : lowerScalar)
            if shapeCount < 12 {
                FeatureHash.feed(&shape, shapeScalar)
                shapeCount += 1
            }
            if shapeScalar != lastShape {
                FeatureHash.feed(&short, shapeScalar)
                lastShape = shapeScalar
            }
            tail = (tail.1, tail.2, tail.3, lowerScalar)
            count += 1
            switch count {
            case 1: prefix.0 = FeatureHash.mix(lower)
            case 2: prefix.1 = FeatureHash.mix(lower)
            case 3: prefix.2 = FeatureHash.mix(lower)
            case 4: prefix.3 = FeatureHash.mix(lower)
            default: break
            }
        }

        var position = 0
        for raw in word.unicodeScalars {
            let value = raw.value
            // Normalise punctuation variants and digits.
            var scalar = raw
            switch value {
            case 0x2018, 0x2019, 0x201B, 0x2032, 0x02BC: scalar = "'"
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033: scalar = "\""
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2212: scalar = "-"
            case 0x2014, 0x2015:
                add("-", "-", "-")
                scalar = "-"
            default: break
            }
            let isASCII = scalar.value < 0x80
            var lowerScalar = scalar
            var shapeScalar = scalar
            if isASCII {
                let byte = UInt8(scalar.value)
                switch byte {
                case 0x41...0x5A:
                    lowerScalar = Unicode.Scalar(byte | 0x20)
                    shapeScalar = "X"
                    letters += 1; uppers += 1
                    if sawLower && position > 0 { flags.insert(.innerCaps) }
                case 0x61...0x7A:
                    shapeScalar = "x"
                    letters += 1; sawLower = true
                case 0x30...0x39:
                    scalar = "0"; lowerScalar = "0"; shapeScalar = "d"
                    digits += 1
                default:
                    others += 1
                    if byte == 0x2D { flags.insert(.hasHyphen) }
                    if byte == 0x2E { flags.insert(.hasDot) }
                    if byte == 0x27 { flags.insert(.hasApostrophe) }
                }
            } else {
                let properties = scalar.properties
                if properties.isUppercase {
                    if let mapped = properties.lowercaseMapping.unicodeScalars.first { lowerScalar = mapped }
                    shapeScalar = "X"
                    letters += 1; uppers += 1
                    if sawLower && position > 0 { flags.insert(.innerCaps) }
                } else if properties.isLowercase {
                    shapeScalar = "x"
                    letters += 1; sawLower = true
                } else if properties.numericType == .decimal {
                    scalar = "0"; lowerScalar = "0"; shapeScalar = "d"
                    digits += 1
                } else if properties.isAlphabetic {
                    shapeScalar = "a"
                    letters += 1
                    flags.insert(.uncasedLetters)
                } else if properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark {
                    shapeScalar = "m"
                } else {
                    others += 1
                }
            }
            // Initialisms: U.S., E.U., J.
            let expectsLetter = position % 2 == 0
            if expectsLetter ? !(shapeScalar == "X") : scalar != "." { initialismPattern = false }
            if position == 0, shapeScalar == "X" { flags.insert(.capitalized) }
            add(scalar, lowerScalar, shapeScalar)
            first = false
            position += 1
        }
        if letters > 0 { flags.insert(.hasLetter) }
        if letters >= 2, uppers == letters { flags.insert(.allCaps) }
        if uppers > 0 { flags.insert(.hasUpper) }
        if sawLower { flags.insert(.hasLower) }
        if digits > 0 { flags.insert(.hasDigit) }
        if digits > 0, letters == 0 { flags.insert(.allDigits) }
        if letters == 0, digits == 0 { flags.insert(.noLetterOrDigit) }
        if initialismPattern, position >= 2, position % 2 == 0 { flags.insert(.initialism) }
        if letters == 1, uppers == 1, position == 1 { flags.insert(.singleUpper) }
        _ = others

        self.form = FeatureHash.mix(form)
        self.lower = FeatureHash.mix(lower)
        self.title = FeatureHash.mix(title)
        self.shape = FeatureHash.mix(shape)
        self.shortShape = FeatureHash.mix(short)
        self.prefixes = prefix
        var suffix: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var state = FeatureHash.offsetBasis
        // Suffixes hashed from the end backwards: the last scalar, the last two, …
        for k in 0..<min(4, count) {
            let scalar: Unicode.Scalar
            switch k {
            case 0: scalar = tail.3
            case 1: scalar = tail.2
            case 2: scalar = tail.1
            default: scalar = tail.0
            }
            FeatureHash.feed(&state, scalar)
            let hash = FeatureHash.mix(state ^ 0x5355_4646)
            switch k {
            case 0: suffix.0 = hash
            case 1: suffix.1 = hash
            case 2: suffix.2 = hash
            default: suffix.3 = hash
            }
        }
        self.suffixes = suffix
        self.flags = flags
        self.length = UInt8(min(15, count))
    }
}
