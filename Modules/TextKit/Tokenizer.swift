public import ArticleModel

/// What a token is made of.
public enum TokenKind: UInt8, Sendable, Hashable {
    /// Letters, possibly with inner hyphens, apostrophes or initialism dots (`U.S.`, `Iranian-backed`).
    case word
    /// Digits, possibly with inner `,` `.` `:` or letters (`2015`, `3.5`, `1,000`, `10:30`, `1990s`, `G7`).
    case number
    /// A clitic split from the word before it: `’s`, `'s`, `n't`, `'re`, `'ll`, `'ve`, `'d`, `'m`.
    case clitic
    /// One punctuation mark, or an ellipsis.
    case punctuation
    /// `$`, `%`, `€`, `+`, emoji and other symbols.
    case symbol
    /// `http://…`, `www.…`, `name@host.tld`.
    case url
}

/// One token with its place in the text.
public struct Token: Sendable, Hashable {
    /// Scalar offsets into the text, half-open.
    public var span: Span
    /// The token as written.
    public var text: String
    public var kind: TokenKind
    /// Whitespace separates it from the previous token.
    public var spaceBefore: Bool
    /// The whitespace before it contains a line break (it starts a line).
    public var newlineBefore: Bool

    public init(span: Span, text: String, kind: TokenKind, spaceBefore: Bool, newlineBefore: Bool) {
        self.span = span
        self.text = text
        self.kind = kind
        self.spaceBefore = spaceBefore
        self.newlineBefore = newlineBefore
    }

    /// Starts with an upper-case letter.
    public var isCapitalized: Bool { text.unicodeScalars.first?.isUppercaseLetter == true }
    /// Every letter is upper case and there are at least two.
    public var isAllCaps: Bool {
        var letters = 0
        for scalar in text.unicodeScalars where scalar.isLetter {
            if !scalar.isUppercaseLetter { return false }
            letters += 1
        }
        return letters >= 2
    }
    public var isWord: Bool { kind == .word }
    /// `.`, `!`, `?` or an ellipsis.
    public var isSentenceFinal: Bool {
        kind == .punctuation && (text == "." || text == "!" || text == "?" || text == "…" || text == "...")
    }
}

/// Splits text into tokens with scalar offsets, in the conventions of news corpora (CoNLL, PTB):
/// initialisms and known abbreviations keep their dots (`U.S.`, `Mr.`, `Jan.`), possessive `’s` and
/// contractions (`n't`) are separate tokens, hyphenated compounds stay whole, numbers keep their
/// separators, quotes, brackets and dashes are tokens of their own, URLs and e-mail addresses are one
/// token. Linear in the length of the text.
public enum Tokenizer {
    public static func tokenize(_ buffer: TextBuffer) -> [Token] {
        tokenize(buffer.scalars)
    }

    public static func tokenize(_ text: String) -> [Token] {
        tokenize(Array(text.unicodeScalars))
    }

    public static func tokenize(_ s: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 5)
        var index = 0
        var spaceBefore = false
        var newlineBefore = true
        func emit(_ start: Int, _ end: Int, _ kind: TokenKind) {
            tokens.append(Token(span: Span(start, end), text: String(scalars: s[start..<end]), kind: kind, spaceBefore: spaceBefore, newlineBefore: newlineBefore))
            spaceBefore = false
            newlineBefore = false
        }
        while index < s.count {
            let scalar = s[index]
            if scalar.isSpace || scalar.value == 0xFEFF || scalar.value == 0x200B {
                if scalar.isNewline { newlineBefore = true }
                spaceBefore = true
                index += 1
                continue
            }
            if let end = urlEnd(s, index) {
                emit(index, end, .url)
                index = end
                continue
            }
            if scalar.isLetter || scalar.isDigit {
                let (end, kind) = wordEnd(s, index)
                // Split a trailing clitic: "Iran’s" → "Iran" "’s", "don't" → "do" "n't".
                if kind == .word, let cliticStart = clitic(s, index, end) {
                    emit(index, cliticStart, .word)
                    emit(cliticStart, end, .clitic)
                } else {
                    emit(index, end, kind)
                }
                index = end
                continue
            }
            // A clitic after a closing quote or other non-word ("’s" after "U.S.").
            if scalar.isApostrophe, index + 1 < s.count, let end = cliticAt(s, index), index > 0,
                !s[index - 1].isSpace
            {
                emit(index, end, .clitic)
                index = end
                continue
            }
            // Ellipsis "..." and runs of dashes "--" are one token.
            if scalar == ".", index + 2 < s.count, s[index + 1] == ".", s[index + 2] == "." {
                var end = index + 3
                while end < s.count, s[end] == "." { end += 1 }
                emit(index, end, .punctuation)
                index = end
                continue
            }
            if scalar == "-", index + 1 < s.count, s[index + 1] == "-" {
                var end = index + 2
                while end < s.count, s[end] == "-" { end += 1 }
                emit(index, end, .punctuation)
                index = end
                continue
            }
            var end = index + 1
            while end < s.count, s[end].isMark || s[end].value == 0xFE0F || s[end].value == 0x200D {
                end += 1  // combining marks, emoji variation selectors and joiners stay with their base
                if end < s.count, s[end - 1].value == 0x200D { end += 1 }
            }
            let category = scalar.properties.generalCategory
            let isPunctuation: Bool
            switch category {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation:
                isPunctuation = true
            default:
                isPunctuation = false
            }
            emit(index, min(end, s.count), isPunctuation ? .punctuation : .symbol)
            index = min(end, s.count)
        }
        return tokens
    }

    // MARK: Words and numbers

    /// The end of the word or number starting at `start`, and which it is.
    static func wordEnd(_ s: [Unicode.Scalar], _ start: Int) -> (Int, TokenKind) {
        var end = start
        var letters = 0
        var digits = 0
        func isCore(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isLetter || scalar.isDigit || scalar.isMark
        }
        while end < s.count {
            let scalar = s[end]
            if isCore(scalar) {
                if scalar.isDigit { digits += 1 } else if !scalar.isMark { letters += 1 }
                end += 1
                continue
            }
            let next = end + 1 < s.count ? s[end + 1] : nil
            guard let next else { break }
            // Inner hyphen or slash-free joiners between word characters: "Iranian-backed", "U.S.-led".
            if scalar.isHyphen, isCore(next) {
                end += 1
                continue
            }
            // Inner apostrophe followed by letters, unless it starts a clitic ("O'Brien" stays, "Iran's" splits later).
            if scalar.isApostrophe, next.isLetter {
                end += 1
                continue
            }
            // Digit separators: "3.5", "1,000", "10:30".
            if (scalar == "." || scalar == "," || scalar == ":"), next.isDigit, end > start, s[end - 1].isDigit {
                end += 1
                continue
            }
            // "AT&T", "S&P".
            if scalar == "&", next.isUppercaseLetter, s[end - 1].isUppercaseLetter, end - start <= 3 {
                end += 1
                continue
            }
            // Dots of initialisms and abbreviations; "U.S.-led" continues after them.
            if scalar == ".", let abbreviationEnd = abbreviationEnd(s, start, end) {
                end = abbreviationEnd
                if end + 1 < s.count, s[end].isHyphen, isCore(s[end + 1]) {
                    end += 1
                    continue
                }
            }
            break
        }
        let kind: TokenKind = digits > 0 && (letters == 0 || s[start].isDigit) ? .number : .word
        return (end, kind)
    }

    /// If the word `s[start..<dot]` followed by the `.` at `dot` is an initialism (`U.S.`, `e.g.`,
    /// `U.N.`) or a known abbreviation (`Mr.`, `Gen.`, `Jan.`, `Inc.`), the end including its dots.
    static func abbreviationEnd(_ s: [Unicode.Scalar], _ start: Int, _ dot: Int) -> Int? {
        // Initialism: single letters each followed by a dot, at least two (U.S., e.g., U.S.A.).
        var index = start
        var letters = 0
        while index + 1 < s.count, s[index].isLetter, s[index + 1] == "." {
            letters += 1
            index += 2
        }
        if letters >= 2, index > dot { return index }
        // Known abbreviation ending at `dot`.
        guard dot - start <= 5, dot > start else { return nil }
        let word = String(scalars: s[start..<dot])
        // "No." and "Nos." abbreviate "number" only before a number ("No. 10").
        if word == "No" || word == "Nos" {
            let isNumberNext = dot + 2 < s.count && s[dot + 1].isSpace && s[dot + 2].isDigit
            return isNumberNext ? dot + 1 : nil
        }
        if abbreviations.contains(word) { return dot + 1 }
        // All-caps text: "ST. LOUIS", "GEN. SMITH".
        if word.count >= 2, word.unicodeScalars.allSatisfy({ $0.isUppercaseLetter }),
            abbreviations.contains(word.prefix(1) + word.dropFirst().lowercased())
        {
            return dot + 1
        }
        // A single capital letter and a dot: a middle initial ("George W. Bush").
        if dot - start == 1, s[start].isUppercaseLetter, dot + 1 < s.count, s[dot + 1].isSpace,
            dot + 2 < s.count, s[dot + 2].isUppercaseLetter
        {
            return dot + 1
        }
        return nil
    }

    /// Abbreviations that keep their dot (case-sensitive, without the dot).
    public static let abbreviations: Set<String> = [
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cpl", "Adm", "Cmdr", "Sen", "Rep",
        "Gov", "Pres", "Rev", "Fr", "Sr", "Jr", "St", "Mt", "Ft", "Hon", "Amb", "Supt", "Insp",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
        "Inc", "Corp", "Ltd", "Co", "Bros", "Cos", "Plc", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd",
        "No", "Nos", "vs", "etc", "approx", "est", "ca", "cf", "al", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn",
        "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont",
        "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
    ]

    // MARK: Clitics

    /// Where a clitic at the end of the word `s[start..<end]` begins, if any.
    static func clitic(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        guard length >= 3 else { return nil }
        func lower(_ index: Int) -> Unicode.Scalar {
            let scalar = s[index]
            return scalar.value < 128 ? Unicode.Scalar(UInt8(scalar.value) | (scalar.isUppercaseLetter ? 0x20 : 0)) : scalar
        }
        // n't
        if length >= 4, lower(end - 3) == "n", s[end - 2].isApostrophe, lower(end - 1) == "t" {
            return end - 3
        }
        // 's 're 've 'll 'd 'm
        if s[end - 2].isApostrophe, ["s", "d", "m"].contains(lower(end - 1)) { return end - 2 }
        if length >= 4, s[end - 3].isApostrophe {
            let a = lower(end - 2), b = lower(end - 1)
            if (a == "r" && b == "e") || (a == "v" && b == "e") || (a == "l" && b == "l") { return end - 3 }
        }
        return nil
    }

    /// A clitic starting with the apostrophe at `index`, standing alone ("U.S.’s"), and its end.
    static func cliticAt(_ s: [Unicode.Scalar], _ index: Int) -> Int? {
        var end = index + 1
        while end < s.count, s[end].isLetter, end - index <= 3 { end += 1 }
        guard end < s.count ? !s[end].isLetter : true else { return nil }
        return ["s", "S", "re", "ve", "ll", "d", "m"].contains(String(scalars: s[(index + 1)..<end])) ? end : nil
    }

    // MARK: URLs and e-mail

    static func urlEnd(_ s: [Unicode.Scalar], _ start: Int) -> Int? {
        /// `prefix` (lower-case ASCII) at `start`, in any case.
        func has(_ prefix: StaticString) -> Bool {
            guard start + prefix.utf8CodeUnitCount <= s.count else { return false }
            return prefix.withUTF8Buffer { bytes in
                bytes.indices.allSatisfy { offset in
                    let value = s[start + offset].value
                    let byte = UInt32(bytes[offset])
                    return value == byte || (byte &- 0x61 < 26 && value == byte - 0x20)
                }
            }
        }
        let isWeb = has("http://") || has("https://") || (has("www.") && start + 4 < s.count && s[start + 4].isLetter)
        if isWeb {
            var end = start
            while end < s.count, !s[end].isSpace, !"<>\"“”‘’()[]{}".unicodeScalars.contains(s[end]) { end += 1 }
            while end > start, ".,;:!?'".unicodeScalars.contains(s[end - 1]) { end -= 1 }
            return end
        }
        // e-mail: word chars then @ then a dotted domain.
        guard s[start].isLetter || s[start].isDigit else { return nil }
        var at = start
        while at < s.count, s[at].isLetter || s[at].isDigit || "._+-".unicodeScalars.contains(s[at]), at - start < 64 { at += 1 }
        guard at < s.count, s[at] == "@", at > start else { return nil }
        var end = at + 1
        var dots = 0
        while end < s.count, s[end].isLetter || s[end].isDigit || s[end] == "-" || (s[end] == "." && end + 1 < s.count && s[end + 1].isLetter) {
            if s[end] == "." { dots += 1 }
            end += 1
        }
        return dots > 0 ? end : nil
    }
}
