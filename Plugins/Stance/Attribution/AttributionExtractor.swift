import TextKit

/// Finds attributions in an article: the learned tagger assembled into attributions, then rules for
/// direct quotations it left out: a quotation next to `SOURCE said` / `said SOURCE` / `SOURCE said:`,
/// or one continuing the attribution of the sentence or paragraph before (`“A,” she said. “B.”`).
/// Without a model only the rules run.
public struct AttributionExtractor: Sendable {
    public let tagger: AttributionTagger?

    public init(tagger: AttributionTagger?) {
        self.tagger = tagger
    }

    public func extract(_ text: ArticleText) -> [Attribution] {
        var attributions: [Attribution] = []
        if let tagger {
            attributions = AttributionAssembler.assemble(text, labels: tagger.tag(text))
        }
        return Self.addQuotedSpeech(text, attributions)
    }

    static func isSpeechVerb(_ text: ArticleText, _ index: Int) -> Bool {
        let token = text.tokens[index]
        guard token.kind == .word, !token.isCapitalized else { return false }
        return Lexicon.speechVerbs.contains(Lexicon.lemma(text.lower[index])) && text.lower[index] != "think"
    }

    /// A short noun phrase `[from, to)` usable as a source: 1–7 tokens, no sentence punctuation.
    static func isSourcePhrase(_ text: ArticleText, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.count <= 7 else { return false }
        for index in range {
            let word = text.lower[index]
            if [".", "!", "?", ";", ":"].contains(word) || text.isQuoteMark(index) { return false }
            if isSpeechVerb(text, index) { return false }
        }
        let first = text.tokens[range.lowerBound]
        return first.kind == .word
    }

    static func addQuotedSpeech(_ text: ArticleText, _ found: [Attribution]) -> [Attribution] {
        var attributions = found
        var covered = [Bool](repeating: false, count: text.tokens.count)
        func mark(_ attribution: Attribution) {
            for piece in attribution.content { for index in piece { covered[index] = true } }
            for index in attribution.cue { covered[index] = true }
            if let source = attribution.source { for index in source { covered[index] = true } }
        }
        attributions.forEach(mark)
        let sentenceOfToken = text.document.sentenceOfToken
        for region in text.regions {
            guard let close = region.close, close - region.open >= 4 else { continue }
            let inside = (region.open)..<(close + 1)
            guard !inside.contains(where: { covered[$0] }) else { continue }
            guard sentenceOfToken[region.open] >= 0 else { continue }
            let count = text.tokens.count
            var made: Attribution?
            // “…,” SOURCE said  /  “…,” said SOURCE
            var after = close + 1
            if after < count, text.lower[after] == "," { after += 1 }
            if after < count, sentenceOfToken[after] == sentenceOfToken[close] || sentenceOfToken[after] == sentenceOfToken[region.open] {
                if isSpeechVerb(text, after) {
                    var end = after + 1
                    while end < count, end - after <= 7, ![".", ",", ";", "!", "?"].contains(text.lower[end]), !text.isQuoteMark(end) { end += 1 }
                    let source = (after + 1)..<end
                    made = Attribution(source: isSourcePhrase(text, source) ? source : nil, cue: after..<(after + 1), content: [inside])
                } else {
                    var verb = after
                    while verb < count, verb - after <= 7, !isSpeechVerb(text, verb), ![".", ";", "!", "?", ","].contains(text.lower[verb]) { verb += 1 }
                    if verb < count, verb > after, isSpeechVerb(text, verb), isSourcePhrase(text, after..<verb) {
                        made = Attribution(source: after..<verb, cue: verb..<(verb + 1), content: [inside])
                    }
                }
            }
            // SOURCE said: “…”  /  SOURCE said, “…”
            if made == nil {
                var before = region.open - 1
                if before >= 0, [":", ","].contains(text.lower[before]) { before -= 1 }
                if before >= 0, isSpeechVerb(text, before), sentenceOfToken[before] == sentenceOfToken[region.open] {
                    var start = before
                    let sentenceStart = text.document.sentences[sentenceOfToken[before]].tokens.lowerBound
                    while start > sentenceStart, before - start < 7, ![",", ";", ":"].contains(text.lower[start - 1]), !text.isQuoteMark(start - 1) { start -= 1 }
                    let source = start..<before
                    made = Attribution(source: isSourcePhrase(text, source) ? source : nil, cue: before..<(before + 1), content: [inside])
                }
            }
            if let attribution = made {
                attributions.append(attribution)
                mark(attribution)
                continue
            }
            // A quotation continuing the attribution just before it, in this paragraph or the last.
            let paragraph = text.paragraphOfToken[region.open]
            if let previous = attributions.indices.filter({ number in
                let last = attributions[number].content.last?.upperBound ?? attributions[number].cue.upperBound
                return last <= region.open && paragraph - text.paragraphOfToken[max(0, last - 1)] <= 1
                    && text.regionOfToken[attributions[number].content.last!.lowerBound] >= 0
                    && sentenceOfToken[region.open] - sentenceOfToken[max(0, last - 1)] <= 2
            }).max(by: { (attributions[$0].content.last?.upperBound ?? 0) < (attributions[$1].content.last?.upperBound ?? 0) }) {
                // Only when nothing but the quotation (and punctuation) lies between.
                let last = attributions[previous].content.last!.upperBound
                let between = (last..<region.open).filter { text.tokens[$0].kind != .punctuation && !covered[$0] }
                if between.isEmpty {
                    attributions[previous].content.append(inside)
                    for index in inside { covered[index] = true }
                }
            }
        }
        attributions.sort { $0.cue.lowerBound < $1.cue.lowerBound }
        return attributions
    }
}
