public import ArticleModel
public import TextKit
import Foundation
import FeatureHashing

/// A quotation found by its marks: the token range from the opening mark to the closing one.
public struct QuotedRegion: Sendable, Hashable {
    /// Token index of the opening mark.
    public var open: Int
    /// Token index of the closing mark, or `nil` when the quote never closes (it then runs to the end
    /// of its paragraph).
    public var close: Int?
    /// Last token inside or at the end of the region (the closing mark when there is one).
    public var last: Int
}

/// An article read once for the stance analyzer: TextKit's document plus what every component
/// needs per token (lower-case forms and their hashes, quotation state, paragraph).
public struct ArticleText: Sendable {
    public let document: Document
    public var tokens: [Token] { document.tokens }
    /// Lower-case token texts.
    public let lower: [String]
    /// ``FeatureHash`` of each lower-case token.
    public let wordHash: [UInt64]
    /// Hash of a crude stem (the first seven letters) of each lower-case token.
    public let stemHash: [UInt64]
    /// For each token, the index of its quoted region, or -1 outside quotes. Quotation marks belong
    /// to the region they open or close.
    public let regionOfToken: [Int]
    public let regions: [QuotedRegion]
    /// For each token, the index of its paragraph.
    public let paragraphOfToken: [Int]
    /// The tokens of the document's headline (empty without one). Headlines carry attributions of
    /// their own (`Pence: …`, `… Endorses Ted Cruz`).
    public let headlineTokens: Range<Int>
    /// Surnames (lower case) the text marks as a man's or a woman's: `Mr. Obama`, `Mrs. Clinton`,
    /// `spokeswoman Hope Hicks`, `his wife, Rakeyia Scott`. A name marked both ways is left out.
    public let genderOfName: [String: Lexicon.Agreement]

    public init(_ text: String) {
        self.init(document: Document(text))
    }

    public init(document: Document) {
        self.document = document
        let tokens = document.tokens
        var lower: [String] = []
        var wordHash: [UInt64] = []
        var stemHash: [UInt64] = []
        lower.reserveCapacity(tokens.count)
        wordHash.reserveCapacity(tokens.count)
        stemHash.reserveCapacity(tokens.count)
        for token in tokens {
            let word = ArticleText.normalise(token.text)
            lower.append(word)
            let hash = FeatureHash.string(word)
            wordHash.append(hash)
            stemHash.append(word.unicodeScalars.count > 7 ? FeatureHash.string(String(word.unicodeScalars.prefix(7))) : hash)
        }
        self.lower = lower
        self.wordHash = wordHash
        self.stemHash = stemHash
        var paragraphOfToken = [Int](repeating: 0, count: tokens.count)
        var paragraph = 0
        let paragraphs = document.paragraphs
        for (index, token) in tokens.enumerated() {
            while paragraph + 1 < paragraphs.count, token.span.start >= paragraphs[paragraph + 1].start { paragraph += 1 }
            paragraphOfToken[index] = paragraph
        }
        self.paragraphOfToken = paragraphOfToken
        (regions, regionOfToken) = ArticleText.findQuotes(tokens, paragraphOfToken: paragraphOfToken)
        let headlineTokens = document.headline.map { Self.tokens(in: $0, document) } ?? 0..<0
        self.headlineTokens = headlineTokens
        genderOfName = Self.genders(tokens, lower)
    }

    static let maleMarkers: Set<String> = [
        "mr.", "mr", "sir", "spokesman", "chairman", "congressman", "businessman", "king", "prince", "father",
        "husband", "brother", "son", "grandfather", "uncle", "nephew",
    ]
    static let femaleMarkers: Set<String> = [
        "mrs.", "mrs", "ms.", "ms", "miss", "madam", "spokeswoman", "chairwoman", "congresswoman", "businesswoman",
        "queen", "princess", "mother", "wife", "sister", "daughter", "lady", "grandmother", "aunt", "niece",
    ]

    static func genders(_ tokens: [Token], _ lower: [String]) -> [String: Lexicon.Agreement] {
        var genders: [String: Lexicon.Agreement] = [:]
        var conflicting: Set<String> = []
        for index in lower.indices {
            let gender: Lexicon.Agreement
            if maleMarkers.contains(lower[index]) { gender = .male } else if femaleMarkers.contains(lower[index]) { gender = .female } else { continue }
            var name = index + 1
            if name < tokens.count, lower[name] == "," { name += 1 }
            var head: String?
            while name < tokens.count, tokens[name].kind == .word, tokens[name].isCapitalized, name - index <= 4 {
                head = lower[name]
                name += 1
            }
            guard let head else { continue }
            if let known = genders[head], known != gender { conflicting.insert(head) }
            genders[head] = gender
        }
        for head in conflicting { genders[head] = nil }
        return genders
    }

    static func tokens(in span: Span, _ document: Document) -> Range<Int> {
        let first = document.tokenIndex(atOrAfter: span.start)
        var end = first
        while end < document.tokens.count, document.tokens[end].span.end <= span.end { end += 1 }
        return first..<end
    }

    /// Lower case with typographic apostrophes straightened.
    static func normalise(_ text: String) -> String {
        let lowered = text.lowercased()
        // Scalar-wise: Foundation's substring search here cost a tenth of the analyzer's time.
        guard lowered.unicodeScalars.contains("\u{2019}") else { return lowered }
        return String(String.UnicodeScalarView(lowered.unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
    }

    public enum QuoteMark {
        case open, close, straight, none
    }

    /// How a token can act as a double quotation mark. Single marks and apostrophes are not
    /// quotation marks here: in news they almost always nest inside double quotes or are apostrophes.
    public static func quoteMark(_ token: Token) -> QuoteMark {
        guard token.kind == .punctuation || token.kind == .symbol else { return .none }
        switch token.text {
        case "\u{201C}", "\u{201E}", "\u{00AB}": return .open
        case "\u{201D}", "\u{00BB}": return .close
        case "\"", "\u{201F}": return .straight
        default: return .none
        }
    }

    /// Quoted regions: curly marks open and close (a closing mark with no quote open, after a space
    /// and right before a word, opens one); a straight mark opens after a space or at the start
    /// of a paragraph and closes an open quote otherwise. An unclosed quote ends at its paragraph's
    /// end (news style for a quote continued in the next paragraph); a second opening mark while a
    /// quote is open ends the first just before it.
    static func findQuotes(_ tokens: [Token], paragraphOfToken: [Int]) -> ([QuotedRegion], [Int]) {
        var regions: [QuotedRegion] = []
        var regionOfToken = [Int](repeating: -1, count: tokens.count)
        var openAt: Int?
        func finish(close: Int?, last: Int) {
            guard let start = openAt else { return }
            regions.append(QuotedRegion(open: start, close: close, last: max(start, last)))
            for index in start...max(start, last) { regionOfToken[index] = regions.count - 1 }
            openAt = nil
        }
        for (index, token) in tokens.enumerated() {
            if let start = openAt, paragraphOfToken[index] != paragraphOfToken[start] {
                finish(close: nil, last: index - 1)
            }
            switch quoteMark(token) {
            case .open:
                if openAt != nil { finish(close: nil, last: index - 1) }
                openAt = index
            case .close:
                if openAt != nil {
                    finish(close: index, last: index)
                } else if token.spaceBefore || token.newlineBefore || index == 0,
                    index + 1 < tokens.count, !tokens[index + 1].spaceBefore, !tokens[index + 1].newlineBefore,
                    tokens[index + 1].kind == .word || tokens[index + 1].kind == .number
                {
                    // A closing mark set where an opening one belongs (`”Mr. Trump embodies …”`).
                    openAt = index
                }
            case .straight:
                if openAt != nil {
                    // A straight mark after a space and before a word opens a new quote more often
                    // than it closes an empty one: only when nothing but the mark is inside.
                    finish(close: index, last: index)
                } else {
                    let next = index + 1 < tokens.count ? tokens[index + 1] : nil
                    let opens = token.spaceBefore || token.newlineBefore || index == 0
                        || (index > 0 && ["(", "[", "\u{2014}", "\u{2013}", ":"].contains(tokens[index - 1].text))
                    if opens, let next, !(next.spaceBefore && next.newlineBefore) { openAt = index }
                }
            case .none:
                break
            }
        }
        if openAt != nil { finish(close: nil, last: tokens.count - 1) }
        return (regions, regionOfToken)
    }

    /// The text at a span.
    public subscript(span: Span) -> String { document.buffer[span] }

    /// Whether token `index` is a quotation mark of its region.
    public func isQuoteMark(_ index: Int) -> Bool {
        let region = regionOfToken[index]
        guard region >= 0 else { return false }
        return regions[region].open == index || regions[region].close == index
    }
}
