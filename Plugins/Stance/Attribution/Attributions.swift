public import ArticleModel
import TextKit

/// One attribution found in an article, in token ranges of its ``ArticleText``.
public struct Attribution: Sendable, Hashable {
    public var source: Range<Int>?
    public var cue: Range<Int>
    /// Content pieces in text order (`“A,” she said, “B.”` has two).
    public var content: [Range<Int>]

    public init(source: Range<Int>?, cue: Range<Int>, content: [Range<Int>]) {
        self.source = source
        self.cue = cue
        self.content = content
    }
}

extension ArticleText {
    /// The text span of a (non-empty) token range.
    public func span(_ range: Range<Int>) -> Span {
        Span(tokens[range.lowerBound].span.start, tokens[range.upperBound - 1].span.end)
    }

    /// An attribution in brat's terms (scalar spans).
    public func brat(_ attribution: Attribution) -> BratAttribution {
        BratAttribution(
            source: attribution.source.map { [span($0)] } ?? [], cue: [span(attribution.cue)],
            content: attribution.content.map { span($0) })
    }
}

/// Turns a label sequence into attributions: every cue span anchors one; content and source spans
/// join the nearest cue of their sentence, content without one the nearest cue of a neighbouring
/// sentence of the same paragraph (`“A,” she said. “B.”`), or a quoted paragraph the last
/// attribution of the paragraph before.
public enum AttributionAssembler {
    struct Piece {
        var role: AttributionLabel.Role
        var tokens: Range<Int>
        var sentence: Int
        var paragraph: Int
    }

    /// PolNeAR annotates no nested attributions: a cue inside a content run whose own cue comes
    /// earlier in the sentence (`told Reuters that both had expressed openness`) is content, and so
    /// is a content start right after content.
    static func flattenNested(_ text: ArticleText, _ input: [AttributionLabel]) -> [AttributionLabel] {
        var labels = input
        let sentenceOfToken = text.document.sentenceOfToken
        var index = 1
        while index < labels.count {
            if labels[index] == .beginCue, labels[index - 1].role == .content, sentenceOfToken[index] == sentenceOfToken[index - 1] {
                var end = index + 1
                while end < labels.count, labels[end] == .insideCue { end += 1 }
                // An earlier cue in the same sentence that the content before belongs to.
                var k = index - 1
                while k >= 0, labels[k].role == .content, sentenceOfToken[k] == sentenceOfToken[index] { k -= 1 }
                let earlierCue = k >= 0 && sentenceOfToken[k] == sentenceOfToken[index] && (labels[k].role == .cue || labels[k] == .outside && k > 0 && labels[k - 1].role == .cue)
                if earlierCue, end < labels.count, labels[end].role == .content, sentenceOfToken[end] == sentenceOfToken[index] {
                    for j in index..<end { labels[j] = .insideContent }
                    index = end
                    continue
                }
            }
            if labels[index] == .beginContent, labels[index - 1].role == .content, sentenceOfToken[index] == sentenceOfToken[index - 1] {
                labels[index] = .insideContent
            }
            index += 1
        }
        return labels
    }

    /// Unquoted content pieces shorter than this many tokens are dropped.
    static let minimumUnquotedContent = 5

    public static func assemble(_ text: ArticleText, labels input: [AttributionLabel]) -> [Attribution] {
        let labels = flattenNested(text, input)
        var pieces: [Piece] = []
        let sentenceOfToken = text.document.sentenceOfToken
        for index in labels.indices {
            let label = labels[index]
            guard let role = label.role, sentenceOfToken[index] >= 0 else { continue }
            if !label.isBegin, let last = pieces.last, last.role == role, last.tokens.upperBound == index {
                pieces[pieces.count - 1].tokens = last.tokens.lowerBound..<(index + 1)
            } else {
                pieces.append(Piece(role: role, tokens: index..<(index + 1), sentence: sentenceOfToken[index],
                                    paragraph: text.paragraphOfToken[index]))
            }
        }
        let cues = pieces.filter { $0.role == .cue }
        guard !cues.isEmpty else { return [] }
        var attributions = cues.map { Attribution(source: nil, cue: $0.tokens, content: []) }
        var sourceDistance = [Int](repeating: .max, count: cues.count)

        func distance(_ a: Range<Int>, _ b: Range<Int>) -> Int {
            a.upperBound <= b.lowerBound ? b.lowerBound - a.upperBound : a.lowerBound >= b.upperBound ? a.lowerBound - b.upperBound : 0
        }
        func nearestCue(_ piece: Piece, sentences: ClosedRange<Int>) -> Int? {
            var best: (Int, Int)?
            for (number, cue) in cues.enumerated() where sentences.contains(cue.sentence) && cue.paragraph == piece.paragraph {
                let d = distance(piece.tokens, cue.tokens) + (cue.sentence == piece.sentence ? 0 : 1000)
                if best == nil || d < best!.0 { best = (d, number) }
            }
            return best?.1
        }
        let lastSentence = piece(lastSentenceOf: pieces)
        for piece in pieces where piece.role != .cue {
            let endSentence = sentenceOfToken[piece.tokens.upperBound - 1]
            let sameSentence = nearestCue(piece, sentences: piece.sentence...max(piece.sentence, endSentence))
            switch piece.role {
            case .source:
                if let cue = sameSentence {
                    let d = distance(piece.tokens, cues[cue].tokens)
                    if d < sourceDistance[cue] {
                        sourceDistance[cue] = d
                        attributions[cue].source = piece.tokens
                    }
                }
            case .content:
                var target = sameSentence
                if target == nil {
                    target = nearestCue(piece, sentences: max(0, piece.sentence - 1)...min(lastSentence, endSentence + 1))
                }
                if target == nil, text.regionOfToken[piece.tokens.lowerBound] >= 0 {
                    // A quoted paragraph continuing the previous paragraph's attribution.
                    target = cues.indices.last { cues[$0].paragraph == piece.paragraph - 1 }
                }
                if let target { attributions[target].content.append(piece.tokens) }
            case .cue:
                break
            }
        }
        return attributions.compactMap { attribution in
            var sorted = attribution
            sorted.content.sort { $0.lowerBound < $1.lowerBound }
            // A few unquoted words before the source and cue, when the content proper follows the
            // cue, are a tagging slip (`amid escalating regional tensions, … sources confirming …`,
            // `while not ruling out military action, Trump hinted that …`).
            let opening = min(sorted.cue.lowerBound, sorted.source?.lowerBound ?? .max)
            if sorted.content.contains(where: { $0.lowerBound >= sorted.cue.upperBound }) {
                sorted.content.removeAll { piece in
                    piece.upperBound <= opening && piece.count < minimumUnquotedContent
                        && !piece.contains(where: { text.regionOfToken[$0] >= 0 })
                }
            }
            return sorted.content.isEmpty ? nil : completeCue(text, sorted)
        }
    }

    /// Words that make no cue on their own: auxiliaries, modals, negation and -ly adverbs.
    static let cueFillers: Set<String> = [
        "is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "having", "do", "does", "did",
        "will", "would", "could", "can", "may", "might", "should", "must", "not", "n't", "also", "still", "again",
        "long", "once", "just", "never", "always", "often",
    ]

    /// A cue of nothing but auxiliaries and adverbs (`has consistently`) that the content follows
    /// with a verb (`upheld Iran's right …`) takes that verb.
    ///
    /// A content opening `to (have) VERB [OBJECT] that` after a passive cue (`is said to have told
    /// Witkoff that Iran …`) belongs to the cue up to the verb; what is said follows `that`.
    static func completeCue(_ text: ArticleText, _ attribution: Attribution) -> Attribution {
        let cue = attribution.cue
        if let first = attribution.content.firstIndex(where: { $0.lowerBound == cue.upperBound }) {
            let piece = attribution.content[first]
            var verb = piece.lowerBound + 1
            if verb < piece.upperBound, text.lower[verb] == "have" { verb += 1 }
            if text.lower[piece.lowerBound] == "to", verb < piece.upperBound, AttributionExtractor.isSpeechVerb(text, verb),
                let that = ((verb + 1)..<min(verb + 5, piece.upperBound)).first(where: { text.lower[$0] == "that" }),
                !((verb + 1)..<that).contains(where: { text.tokens[$0].kind == .punctuation }), piece.upperBound - that > 2
            {
                var completed = attribution
                completed.cue = cue.lowerBound..<(verb + 1)
                completed.content[first] = (that + 1)..<piece.upperBound
                return completed
            }
        }
        guard cue.allSatisfy({ cueFillers.contains(text.lower[$0]) || text.lower[$0].hasSuffix("ly") }),
            let first = attribution.content.firstIndex(where: { $0.lowerBound == cue.upperBound }),
            attribution.content[first].count >= 2
        else { return attribution }
        let verb = cue.upperBound
        let token = text.tokens[verb]
        guard token.kind == .word, !token.isCapitalized, text.regionOfToken[verb] < 0, !cueFillers.contains(text.lower[verb]),
            !["to", "that", "the", "a", "an"].contains(text.lower[verb])
        else { return attribution }
        var completed = attribution
        completed.cue = cue.lowerBound..<(verb + 1)
        completed.content[first] = (verb + 1)..<attribution.content[first].upperBound
        return completed
    }

    private static func piece(lastSentenceOf pieces: [Piece]) -> Int {
        pieces.map(\.sentence).max() ?? 0
    }
}
