import ArticleModel
import TextKit

/// A token as the time grammar sees it: hyphenated tokens are split into their parts
/// (`third-quarter` → `third` `quarter`, `mid-1990s` → `mid` `1990s`) so that rules can read
/// inside them; spans stay scalar offsets into the text.
struct Piece: Sendable {
    var start: Int
    var end: Int
    var text: String
    var lower: String
    var kind: TokenKind
    /// Joined to the previous piece by a hyphen inside one token.
    var hyphenBefore: Bool
    /// Joined to the next piece by a hyphen inside one token.
    var hyphenAfter: Bool
    /// Index of the TextKit token this piece comes from.
    var token: Int
    /// Index of the sentence, or -1 outside sentences (title, dateline, headings).
    var sentence: Int
    var newlineBefore: Bool
    var capitalized: Bool
    /// The value of an all-digit piece (no separators), when short enough.
    var integer: Int?
    /// Number of digits when `integer` is set.
    var digits: Int
    var word: Word

    var span: Span { Span(start, end) }
}

enum Pieces {
    /// Splits `document`'s tokens into pieces.
    static func make(_ document: Document) -> [Piece] {
        var pieces: [Piece] = []
        pieces.reserveCapacity(document.tokens.count + document.tokens.count / 16)
        let scalars = document.buffer.scalars
        for (index, token) in document.tokens.enumerated() {
            let sentence = document.sentenceOfToken[index]
            if (token.kind == .word || token.kind == .number), token.text.unicodeScalars.contains(where: \.isHyphen) {
                var partStart = token.span.start
                var first = true
                var position = token.span.start
                while position <= token.span.end {
                    if position == token.span.end || scalars[position].isHyphen {
                        if position > partStart {
                            let isLast = position == token.span.end
                            pieces.append(piece(
                                scalars, partStart, position, index, token, sentence, hyphenBefore: !first,
                                hyphenAfter: !isLast))
                            first = false
                        }
                        partStart = position + 1
                    }
                    position += 1
                }
            } else {
                pieces.append(piece(
                    scalars, token.span.start, token.span.end, index, token, sentence, hyphenBefore: false,
                    hyphenAfter: false))
            }
        }
        return pieces
    }

    private static func piece(
        _ scalars: [Unicode.Scalar], _ start: Int, _ end: Int, _ tokenIndex: Int, _ token: Token, _ sentence: Int,
        hyphenBefore: Bool, hyphenAfter: Bool
    ) -> Piece {
        let string = String(scalars: scalars[start..<end])
        let lower = lowercased(scalars[start..<end])
        var integer: Int?
        var digits = 0
        if end - start <= 9 {
            var value = 0
            var allDigits = true
            for scalar in scalars[start..<end] {
                guard scalar.value >= 48, scalar.value <= 57 else {
                    allDigits = false
                    break
                }
                value = value * 10 + Int(scalar.value - 48)
            }
            if allDigits {
                integer = value
                digits = end - start
            }
        }
        var word = Lexicon.words[lower] ?? .none
        if case .none = word, let ordinal = Lexicon.digitOrdinal(lower) { word = .ordinal(ordinal) }
        return Piece(
            start: start, end: end, text: string, lower: lower,
            kind: start == token.span.start ? token.kind : (scalars[start].properties.numericType == .decimal ? .number : .word),
            hyphenBefore: hyphenBefore, hyphenAfter: hyphenAfter, token: tokenIndex, sentence: sentence,
            newlineBefore: start == token.span.start && token.newlineBefore,
            capitalized: scalars[start].properties.isUppercase, integer: integer, digits: digits, word: word)
    }

    /// ASCII letters lower-cased cheaply; other scalars through their Unicode mapping.
    static func lowercased(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        for scalar in scalars {
            if scalar.value >= 65, scalar.value <= 90 {
                view.append(Unicode.Scalar(scalar.value + 32)!)
            } else if scalar.value < 128 {
                view.append(scalar)
            } else if scalar.value == 0x2019 {
                view.append("'")  // typographic apostrophe reads as a straight one
            } else {
                view.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(view)
    }
}
