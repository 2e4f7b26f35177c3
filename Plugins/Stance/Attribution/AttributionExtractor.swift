import TextKit

/// Finds attributions in an article: the learned tagger assembled into attributions, then rules for
/// what it left out: reported speech of the form `SOURCE told Reuters that …` opening a sentence,
/// direct quotations next to `SOURCE said` / `said SOURCE` / `SOURCE said:`, signed `“…” ― NAME`, or
/// continuing the attribution of the sentence or paragraph before (`“A,” she said. “B.”`);
/// headlines (`SOURCE: …`, `SOURCE Says …`); and transcript turns (`WALLACE: …`).
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
        let found = Self.addAccordingTo(text, Self.addSignedQuotations(text, Self.addQuotedSpeech(text, Self.addReportedSpeech(text, attributions))))
            .map { Self.widenAccordingTo(text, $0) }.filter { !$0.content.isEmpty }
        return Self.addSpeakerLabels(text, Self.addHeadline(text, found, cuePrior: tagger?.model.lexicon ?? [:]))
    }

    /// Transcripts: paragraphs that open with a speaker's name and a colon (`TAPPER: Do you think …`,
    /// `Lopez: Well, no one …`) are that speaker's, to the paragraph's end, when the same name opens
    /// at least two paragraphs (a conversation; a one-off `Iowa:` or `Contributing:` is a rubric).
    static func addSpeakerLabels(_ text: ArticleText, _ found: [Attribution]) -> [Attribution] {
        var turns: [(label: Range<Int>, colon: Int, name: String)] = []
        for sentence in text.document.sentences {
            let first = sentence.tokens.lowerBound
            guard first == 0 || text.paragraphOfToken[first - 1] != text.paragraphOfToken[first] else { continue }
            // A transcript quoted whole opens each turn with a quotation mark (`"WALLACE: …`).
            let start = text.isQuoteMark(first) ? first + 1 : first
            guard let colon = (start..<min(start + 4, sentence.tokens.upperBound)).first(where: { text.lower[$0] == ":" }), colon > start
            else { continue }
            let label = start..<colon
            let isName = label.count <= 3 && label.allSatisfy { index in
                let token = text.tokens[index]
                return token.kind == .word && token.isCapitalized && token.text.unicodeScalars.count > 1
                    && !headlineRubrics.contains(text.lower[index]) && text.lower[index] != "the"
            }
            if isName { turns.append((label, colon, text.lower[label].joined(separator: " "))) }
        }
        var counts: [String: Int] = [:]
        for turn in turns { counts[turn.name, default: 0] += 1 }
        var added: [Attribution] = []
        let sentenceOfToken = text.document.sentenceOfToken
        for (label, colon, name) in turns where counts[name, default: 0] >= 2 {
            guard !found.contains(where: { label.contains($0.cue.lowerBound) || $0.cue.lowerBound == colon }) else { continue }
            var end = colon + 1
            let paragraph = text.paragraphOfToken[colon]
            while end < text.tokens.count, text.paragraphOfToken[end] == paragraph, sentenceOfToken[end] >= 0 { end += 1 }
            while end > colon + 1, text.tokens[end - 1].kind == .punctuation, !text.isQuoteMark(end - 1) { end -= 1 }
            guard end - colon > 2 else { continue }
            added.append(Attribution(source: label, cue: colon..<(colon + 1), content: [(colon + 1)..<end]))
        }
        guard !added.isEmpty else { return found }
        // What the tagger read inside a speaker's turn is part of it (PolNeAR does not nest).
        let spans = added.map(\.content[0])
        let kept = found.filter { attribution in !spans.contains { $0.contains(attribution.cue.lowerBound) } }
        return (kept + added).sorted { $0.cue.lowerBound < $1.cue.lowerBound }
    }

    /// `“…”― NAME` to the end of the line: the quotation is signed. It replaces whatever the
    /// tagger made of the name (a cue `Pamela`, a source without a cue).
    static func addSignedQuotations(_ text: ArticleText, _ found: [Attribution]) -> [Attribution] {
        var signed: [Attribution] = []
        let count = text.tokens.count
        for region in text.regions {
            guard let close = region.close, close + 2 < count, close - region.open >= 2,
                ["\u{2015}", "\u{2014}", "\u{2013}", "--"].contains(text.lower[close + 1]),
                text.paragraphOfToken[close + 2] == text.paragraphOfToken[close]
            else { continue }
            // The name runs to the end of the line.
            var end = close + 2
            while end < count, text.paragraphOfToken[end] == text.paragraphOfToken[close], !text.tokens[end].newlineBefore || end == close + 2,
                end - close <= 8
            {
                end += 1
            }
            guard end == count || text.paragraphOfToken[end] != text.paragraphOfToken[close] || text.tokens[end].newlineBefore else { continue }
            var name = end
            while name > close + 2, text.tokens[name - 1].kind == .punctuation { name -= 1 }
            let source = (close + 2)..<name
            guard !source.isEmpty, source.count <= 5,
                source.allSatisfy({ text.tokens[$0].isCapitalized || text.tokens[$0].kind == .punctuation && text.lower[$0] == "." })
            else { continue }
            signed.append(Attribution(source: source, cue: (close + 1)..<(close + 2), content: [region.open..<(close + 1)]))
        }
        guard !signed.isEmpty else { return found }
        let kept = found.filter { attribution in
            !signed.contains { other in
                other.source!.contains(attribution.cue.lowerBound) || other.cue.contains(attribution.cue.lowerBound)
                    || attribution.content.contains { $0.overlaps(other.content[0]) }
            }
        }
        return (kept + signed).sorted { $0.cue.lowerBound < $1.cue.lowerBound }
    }

    /// Section labels that open headlines without being anyone's words (`The Latest: …`).
    static let headlineLabels: Set<String> = [
        "the latest", "update", "updated", "breaking", "breaking news", "exclusive", "watch", "video", "live",
        "analysis", "opinion", "editorial", "photos", "review", "correction", "factbox", "explainer", "q&a",
        "news guide", "fact check", "op-ed", "commentary", "podcast", "poll results",
    ]

    /// Words that make a headline's opening a rubric rather than a speaker.
    static let headlineRubrics: Set<String> = [
        "update", "daily", "email", "report", "notice", "nerdcast", "podcast", "briefing", "newsletter", "digest",
        "roundup", "recap", "preview", "win", "edition", "column", "letters", "week", "today", "tonight", "wow",
        "look", "boom", "bombshell", "revealed", "leaked", "just", "shocking", "watch", "breaking", "exclusive",
        "confirmed", "video", "photos", "listen", "must", "see", "busted", "backfire", "epic", "huge",
    ]

    /// Third-person verbs that headlines more often use as plural nouns (`Battleground States`).
    static let headlineNouns: Set<String> = [
        "states", "reports", "claims", "remarks", "notes", "comments", "signals", "promises", "pledges", "echoes",
        "hints", "replies", "counters", "answers", "observes", "thinks", "questions", "warnings",
    ]

    /// Headlines, which the tagger (trained on running text) does not read: `SOURCE: WHAT`,
    /// `SOURCE Says WHAT`, `WHAT, SOURCE Says`. A headline verb is a reporting verb, or a word the
    /// training data marks as a cue at least half the time (`Endorses`, `Slams`), in the third
    /// person; the source is a short capitalised phrase.
    static func addHeadline(_ text: ArticleText, _ found: [Attribution], cuePrior: [String: Float]) -> [Attribution] {
        var line = text.headlineTokens
        guard line.count >= 3 else { return found }
        func hasCue(_ range: Range<Int>) -> Bool { found.contains { range.contains($0.cue.lowerBound) } }
        while line.count > 1, text.tokens[line.upperBound - 1].kind == .punctuation, !text.isQuoteMark(line.upperBound - 1) {
            line = line.lowerBound..<(line.upperBound - 1)
        }
        func isSource(_ range: Range<Int>) -> Bool {
            guard (1...6).contains(range.count), text.tokens[range.lowerBound].isCapitalized || text.tokens[range.lowerBound].kind == .number
            else { return false }
            return !range.contains { text.isQuoteMark($0) || [":", ";", "?", "!"].contains(text.lower[$0]) }
        }
        // Before a colon only a name speaks (`Pence:`, `Dr. Ben Carson:`), not a rubric (`Delegate
        // Update:`, `The Ninth Circle:`, `HUFFPOLLSTER:`, `Bill is back:`).
        func isNameLike(_ range: Range<Int>) -> Bool {
            guard (1...3).contains(range.count), text.lower[range.lowerBound] != "the" else { return false }
            return range.allSatisfy { index in
                let token = text.tokens[index]
                return token.kind == .word && token.isCapitalized && !(token.isAllCaps && token.text.count > 4)
                    && !headlineRubrics.contains(text.lower[index])
            }
        }
        func isHeadlineVerb(_ index: Int) -> Bool {
            let word = text.lower[index]
            guard text.tokens[index].kind == .word, word.hasSuffix("s") || word == "said", !headlineNouns.contains(word) else { return false }
            return Lexicon.speechVerbs.contains(Lexicon.lemma(word)) || (cuePrior[word] ?? 0) >= 0.5
        }
        var attribution: Attribution?
        var start = line.lowerBound
        // SOURCE: WHAT (after a section label, the rest of the line is the headline).
        if let colon = line.first(where: { text.lower[$0] == ":" }), colon - start <= 6 {
            let label = text.lower[start..<colon].joined(separator: " ")
            if headlineLabels.contains(label) || text.tokens[start..<colon].allSatisfy({ $0.isAllCaps || $0.kind == .punctuation }) && colon - start > 1 {
                start = colon + 1
            } else if isNameLike(start..<colon), line.upperBound - colon > 2, !hasCue(start..<(colon + 1)) {
                attribution = Attribution(source: start..<colon, cue: colon..<(colon + 1), content: [(colon + 1)..<line.upperBound])
            }
        }
        // WHAT, SOURCE Says
        if attribution == nil, !hasCue(line), line.count >= 4, isHeadlineVerb(line.upperBound - 1),
            let comma = line.last(where: { text.lower[$0] == "," }), isSource((comma + 1)..<(line.upperBound - 1)), comma - start >= 2
        {
            attribution = Attribution(source: (comma + 1)..<(line.upperBound - 1), cue: (line.upperBound - 1)..<line.upperBound,
                                      content: [start..<comma])
        }
        // SOURCE Says WHAT
        if attribution == nil, !hasCue(line), let verb = ((start + 1)..<min(line.upperBound, start + 7)).first(where: isHeadlineVerb),
            isSource(start..<verb), line.upperBound - verb > 2
        {
            var content = verb + 1
            if text.lower[content] == "that" { content += 1 }
            attribution = Attribution(source: start..<verb, cue: verb..<(verb + 1), content: [content..<line.upperBound])
        }
        guard let attribution else { return found }
        return [attribution] + found
    }

    /// `According to SOURCE, …` and `…, according to SOURCE` where the tagger found no cue: the
    /// sentence after the source, or the clause before (see ``widenAccordingTo(_:_:)``).
    static func addAccordingTo(_ text: ArticleText, _ found: [Attribution]) -> [Attribution] {
        var added: [Attribution] = []
        let sentenceOfToken = text.document.sentenceOfToken
        for sentence in text.document.sentences {
            let tokens = sentence.tokens
            for index in tokens.dropLast(2) where text.lower[index] == "according" && text.lower[index + 1] == "to" {
                guard !found.contains(where: { $0.cue.contains(index) || $0.content.contains { $0.contains(index) } }) else { continue }
                let cue = index..<(index + 2)
                var opening = tokens.lowerBound
                while opening < index, text.isQuoteMark(opening) { opening += 1 }
                if index == opening {
                    // According to SOURCE, WHAT.
                    guard let comma = (cue.upperBound..<min(cue.upperBound + 16, tokens.upperBound)).first(where: { text.lower[$0] == "," })
                    else { continue }
                    var end = tokens.upperBound
                    while end > comma + 1, text.tokens[end - 1].kind == .punctuation, !text.isQuoteMark(end - 1) { end -= 1 }
                    guard end - comma > 3, sentenceOfToken[comma] == sentenceOfToken[index] else { continue }
                    added.append(Attribution(source: cue.upperBound..<comma, cue: cue, content: [(comma + 1)..<end]))
                } else if index >= 2, text.lower[index - 1] == "," {
                    // WHAT, according to SOURCE: the clause is filled in by widenAccordingTo.
                    added.append(Attribution(source: nil, cue: cue, content: []))
                }
            }
        }
        guard !added.isEmpty else { return found }
        return (found + added).sorted { $0.cue.lowerBound < $1.cue.lowerBound }
    }

    /// `…, according to SOURCE`: what is attributed is the whole clause before the comma, from the
    /// previous comma, semicolon or sentence start (a leading `and`/`but` left out), however little
    /// of it the tagger marked.
    static func widenAccordingTo(_ text: ArticleText, _ attribution: Attribution) -> Attribution {
        let cue = attribution.cue
        guard cue.count >= 2, text.lower[cue.lowerBound] == "according", text.lower[cue.lowerBound + 1] == "to" else { return attribution }
        var attribution = attribution
        // The source is the phrase after `according to`, to the next comma or stop: what the tagger
        // marked as said inside it is part of the source (`according to the event organizer Alliance
        // to Reclaim Our Schools (AROS)`).
        let sentence = text.document.sentenceOfToken[cue.lowerBound]
        var end = cue.upperBound
        while end < text.tokens.count, end - cue.upperBound < 15, text.document.sentenceOfToken[end] == sentence,
            ![",", ".", ";", ":", "?", "!"].contains(text.lower[end]), !text.isQuoteMark(end)
        {
            end += 1
        }
        if end > cue.upperBound {
            let source = cue.upperBound..<end
            let pieces = attribution.content.filter { !$0.overlaps(source) }
            if !pieces.isEmpty || text.lower[max(0, cue.lowerBound - 1)] == "," {
                attribution.source = source
                attribution.content = pieces
            }
        }
        guard cue.lowerBound >= 2, text.lower[cue.lowerBound - 1] == ",", sentence >= 0 else { return attribution }
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
