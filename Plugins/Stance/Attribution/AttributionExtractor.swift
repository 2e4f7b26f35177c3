import TextKit

/// Finds attributions in an article: the learned tagger assembled into attributions, then rules for
/// what it left out: reported speech of the form `SOURCE told Reuters that …` opening a sentence,
/// and direct quotations next to `SOURCE said` / `said SOURCE` / `SOURCE said:` or continuing the
/// attribution of the sentence or paragraph before (`“A,” she said. “B.”`).
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
        return Self.addQuotedSpeech(text, Self.addReportedSpeech(text, attributions)).map { Self.widenAccordingTo(text, $0) }
    }

    /// `…, according to SOURCE`: what is attributed is the whole clause before the comma, from the
    /// previous comma, semicolon or sentence start (a leading `and`/`but` left out), however little
    /// of it the tagger marked.
    static func widenAccordingTo(_ text: ArticleText, _ attribution: Attribution) -> Attribution {
        let cue = attribution.cue
        guard cue.count >= 2, text.lower[cue.lowerBound] == "according", text.lower[cue.lowerBound + 1] == "to",
            cue.lowerBound >= 2, text.lower[cue.lowerBound - 1] == ","
        else { return attribution }
        let sentence = text.document.sentenceOfToken[cue.lowerBound]
        guard sentence >= 0 else { return attribution }
        let sentenceStart = text.document.sentences[sentence].tokens.lowerBound
        var start = cue.lowerBound - 1
        while start > sentenceStart, ![",", ";", ":"].contains(text.lower[start - 1]), !text.isQuoteMark(start - 1) { start -= 1 }
        while start < cue.lowerBound - 1, ["and", "but"].contains(text.lower[start]) { start += 1 }
        let clause = start..<(cue.lowerBound - 1)
        guard clause.count >= 2 else { return attribution }
        var widened = attribution
        widened.content.removeAll { $0.overlaps(clause) }
        widened.content.append(clause)
        widened.content.sort { $0.lowerBound < $1.lowerBound }
        return widened
    }

    /// `SOURCE VERB [OBJECT] that CONTENT.` where SOURCE opens the sentence (at most seven tokens),
    /// OBJECT is at most three tokens (`told Reuters`, `told reporters`), and no attribution has
    /// claimed the words up to `that`. Attributions whose cue lies inside CONTENT are taken to be
    /// pieces of this one (PolNeAR does not nest them) and give way to it.
    static func addReportedSpeech(_ text: ArticleText, _ found: [Attribution]) -> [Attribution] {
        var covered = [Bool](repeating: false, count: text.tokens.count)
        for attribution in found {
            for piece in attribution.content { for index in piece { covered[index] = true } }
            for index in attribution.cue { covered[index] = true }
        }
        var attributions = found
        for sentence in text.document.sentences {
            let tokens = sentence.tokens
            guard tokens.count >= 6 else { continue }
            // The first speech verb within eight tokens of the start.
            guard let verb = tokens.prefix(8).first(where: { isSpeechVerb(text, $0) }), verb > tokens.lowerBound,
                isSourcePhrase(text, tokens.lowerBound..<verb), text.tokens[tokens.lowerBound].isCapitalized,
                // Not the passive `Officials were told that …`: there the subject is the addressee.
                !["is", "are", "was", "were", "be", "been", "being"].contains(text.lower[verb - 1])
            else { continue }
            guard let that = ((verb + 1)..<min(verb + 5, tokens.upperBound)).first(where: { text.lower[$0] == "that" }),
                !((verb + 1)..<that).contains(where: { text.tokens[$0].kind == .punctuation })
            else { continue }
            var end = tokens.upperBound
            while end > that + 1, text.tokens[end - 1].kind == .punctuation, !text.isQuoteMark(end - 1) { end -= 1 }
            let content = (that + 1)..<end
            guard content.count >= 3, !(tokens.lowerBound...that).contains(where: { covered[$0] }) else { continue }
            attributions.removeAll { content.contains($0.cue.lowerBound) }
            attributions.append(Attribution(source: tokens.lowerBound..<verb, cue: verb..<(verb + 1), content: [content]))
        }
        attributions.sort { $0.cue.lowerBound < $1.cue.lowerBound }
        return attributions
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
