import ArticleModel
import TextKit

/// A speaker as the article names it and as resolved.
struct ResolvedSpeaker {
    /// Where the speaker is referred to for this quote (a name, a description or a pronoun).
    var tokens: Range<Int>
    /// The name or description it stands for (the pronoun's antecedent when resolved).
    var text: String
    /// Whether `text` is a description rather than a name.
    var isDescription: Bool
    var isPlural: Bool
    var head: String
}

/// Turns attributions into ``Quote``s: one per content piece (`“A,” she said, “B.”` gives two),
/// with kind, cue lemma and speaker; pronouns and definite descriptions (`the official`) resolve to
/// the nearest compatible earlier speaker, else the nearest earlier person named.
public enum QuoteBuilder {
    struct Built {
        var quotes: [Quote]
        /// The speaker of each attribution, parallel to the input.
        var speakers: [ResolvedSpeaker?]
    }

    static func build(_ text: ArticleText, _ attributions: [Attribution], names: [NameMention]) -> Built {
        var quotes: [Quote] = []
        var speakers: [ResolvedSpeaker?] = []
        var history: [ResolvedSpeaker] = []
        let sentenceOfToken = text.document.sentenceOfToken
        for (number, attribution) in attributions.enumerated() {
            var source = attribution.source.flatMap { isUsableSource(text, $0) ? $0 : nil }
            var inherited: ResolvedSpeaker?
            if source == nil {
                // `X echoed this view, confirming that …`: a participle or a second verb shares the
                // subject of the attribution before it in the sentence.
                let sentence = sentenceOfToken[attribution.cue.lowerBound]
                if number > 0, let previous = speakers[number - 1],
                    sentenceOfToken[attributions[number - 1].cue.lowerBound] == sentence
                {
                    inherited = previous
                } else if sentence >= 0 {
                    let range = text.document.sentences[sentence].tokens
                    let holders = StanceFinder.findHolders(text, before: attribution.cue.lowerBound, sentence: range, names: names, history: history)
                    if let first = holders.first, holders.count == 1 { source = first.tokens }
                }
            }
            let speaker = inherited ?? source.map { resolve(text, $0, history: history, names: names) }
            if let speaker, inherited == nil { history.append(speaker) }
            speakers.append(speaker)
            let lemma = lemma(text, attribution.cue)
            let cue = Cue(span: text.span(attribution.cue), text: text[text.span(attribution.cue)], lemma: lemma)
            // Pieces of nothing but auxiliaries and reporting verbs ("to have told") are tagging slips.
            let pieces = attribution.content.map { trim(text, $0) }.filter { piece in
                !piece.isEmpty && piece.contains { index in
                    let word = text.lower[index]
                    return text.tokens[index].kind != .punctuation && !auxiliaries.contains(word) && !Lexicon.speechVerbs.contains(Lexicon.lemma(word))
                }
            }
            // Quotes are reported speech: a reporting verb, `according to`, or quotation marks.
            let isSpeech = Lexicon.speechVerbs.contains(lemma) || lemma == "according to" || pieces.contains { kind(text, $0) != .indirect }
            guard isSpeech else { continue }
            for piece in pieces {
                let span = text.span(piece)
                quotes.append(Quote(
                    id: "Q\(quotes.count + 1)", span: span, text: text[span], kind: kind(text, piece), cue: cue,
                    speaker: speaker.map { ActorRef(span: text.span($0.tokens), text: $0.text) }))
            }
        }
        return Built(quotes: quotes, speakers: speakers)
    }

    /// A source with something that can name an actor (not just `swiftly` or `which`).
    static func isUsableSource(_ text: ArticleText, _ source: Range<Int>) -> Bool {
        source.contains { index in
            let token = text.tokens[index]
            let word = text.lower[index]
            guard token.kind == .word || token.kind == .number else { return false }
            if ["which", "that", "who", "whom", "however"].contains(word) { return false }
            if word.hasSuffix("ly"), !token.isCapitalized, !["ally", "family", "assembly", "italy"].contains(word) { return false }
            return !StanceFinder.skippable.contains(word)
        }
    }

    /// Drops a trailing comma or full stop outside quotation marks, and a dangling `that`.
    static func trim(_ text: ArticleText, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, ["that", ",", ":"].contains(text.lower[lower]), text.regionOfToken[lower] < 0 { lower += 1 }
        while upper > lower, [",", ".", ";", ":"].contains(text.lower[upper - 1]), text.regionOfToken[upper - 1] < 0 { upper -= 1 }
        return lower..<upper
    }

    static func kind(_ text: ArticleText, _ range: Range<Int>) -> QuoteKind {
        var quoted = 0
        var words = 0
        for index in range where text.tokens[index].kind != .punctuation {
            words += 1
            if text.regionOfToken[index] >= 0 { quoted += 1 }
        }
        if words > 0, quoted == words { return .direct }
        return quoted > 0 ? .mixed : .indirect
    }

    static let auxiliaries: Set<String> = [
        "is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "also", "will", "would", "could",
        "did", "does", "do", "not", "n't", "to", "later", "then", "repeatedly", "previously", "reportedly", "publicly",
        "privately", "in", "a", "an", "the", "on", "by", "at", "of", "and", "just", "once", "again", "still", "had",
    ]

    /// The cue's lemma: its last reporting verb (`is said to have told` → `tell`), else its last
    /// word that is neither an auxiliary nor an -ly adverb (`has consistently upheld` → `uphold`);
    /// `according to` stays whole; a colon reads as `say`.
    public static func lemma(_ text: ArticleText, _ cue: Range<Int>) -> String {
        let words = cue.map { text.lower[$0] }
        if words.count >= 2, words[0] == "according", words[1] == "to" { return "according to" }
        var reporting: String?
        for word in words {
            let lemma = Lexicon.lemma(word)
            if Lexicon.speechVerbs.contains(lemma) { reporting = lemma }
        }
        if let reporting { return reporting }
        let content = words.filter { !auxiliaries.contains($0) && $0.unicodeScalars.first?.properties.isAlphabetic == true }
        if let verb = content.last(where: { !$0.hasSuffix("ly") }) ?? content.last {
            return Lexicon.lemma(verb)
        }
        return words.allSatisfy({ $0 == ":" || $0 == "\u{2014}" || $0 == "-" }) ? "say" : (words.first ?? "say")
    }

    static func resolve(_ text: ArticleText, _ source: Range<Int>, history: [ResolvedSpeaker], names: [NameMention]) -> ResolvedSpeaker {
        let words = source.map { text.lower[$0] }
        let spanText = text[text.span(source)]
        let head = words.last ?? ""
        let sentenceOfToken = text.document.sentenceOfToken
        let sentence = sentenceOfToken[source.lowerBound]
        func recent(_ speaker: ResolvedSpeaker) -> Bool {
            speaker.tokens.lowerBound < source.lowerBound && sentence - sentenceOfToken[speaker.tokens.lowerBound] <= 3
        }
        if words.count == 1, let agreement = Lexicon.personalPronouns[head] {
            let plural = agreement == .plural
            // `she` is not a man the text calls `Mr.`, `he` not a woman it calls `Mrs.`.
            // A surname two people share (`Bill Clinton`, `Hillary Clinton`) says nothing.
            func agrees(_ head: String) -> Bool {
                guard agreement == .male || agreement == .female, let gender = text.genderOfName[head] else { return true }
                var givenNames: Set<String> = []
                for name in names where name.head == head && name.tokens.count > 1 {
                    let given = text.lower[name.tokens.upperBound - 2]
                    if !Lexicon.titles.contains(given), text.tokens[name.tokens.upperBound - 2].isCapitalized { givenNames.insert(given) }
                }
                return givenNames.count > 1 || gender == agreement
            }
            if agreement != .first {
                // A person named earlier in the same sentence, outside quotation marks; else the
                // latest speaker of the same number nearby; else the nearest earlier name.
                if let name = names.last(where: { $0.tokens.upperBound <= source.lowerBound && sentenceOfToken[$0.tokens.lowerBound] == sentence
                    && text.regionOfToken[$0.tokens.lowerBound] < 0 && (plural ? !$0.isPerson : $0.isPerson) && agrees($0.head) })
                {
                    return ResolvedSpeaker(tokens: source, text: fullName(text, name, names: names), isDescription: false,
                                           isPlural: plural, head: name.head)
                }
                if let previous = history.last(where: { $0.isPlural == plural && recent($0) && agrees($0.head) }) {
                    return ResolvedSpeaker(tokens: source, text: previous.text, isDescription: previous.isDescription,
                                           isPlural: plural, head: previous.head)
                }
                if let name = names.last(where: { $0.tokens.upperBound <= source.lowerBound && (plural ? !$0.isPerson : $0.isPerson) && agrees($0.head) }) {
                    return ResolvedSpeaker(tokens: source, text: fullName(text, name, names: names), isDescription: false,
                                           isPlural: plural, head: name.head)
                }
            }
            return ResolvedSpeaker(tokens: source, text: spanText, isDescription: true, isPlural: plural, head: head)
        }
        let isDescription = words.first.map { ["the", "a", "an", "one", "two", "three", "several", "some", "many", "senior"].contains($0) } == true
            || !text.tokens[source.lowerBound].isCapitalized
        let plural = head.hasSuffix("s") && Lexicon.personNouns.contains(head) || words.contains("and")
        if words.first == "the", words.count <= 3, Lexicon.personNouns.contains(head) {
            // "the official": the latest description with the same head nearby, else the latest
            // described speaker of the same number.
            let nearby = history.filter(recent)
            if let previous = nearby.last(where: { $0.head == head }) ?? nearby.last(where: { $0.isDescription && $0.isPlural == plural }) {
                return ResolvedSpeaker(tokens: source, text: previous.text, isDescription: previous.isDescription,
                                       isPlural: plural, head: previous.head)
            }
        }
        // A bare surname or short name: the fullest earlier form of it.
        if !isDescription, let name = names.first(where: { $0.tokens == source }) {
            return ResolvedSpeaker(tokens: source, text: fullName(text, name, names: names), isDescription: false,
                                   isPlural: plural, head: name.head)
        }
        return ResolvedSpeaker(tokens: source, text: spanText, isDescription: isDescription, isPlural: plural, head: head)
    }

    /// The name a mention stands for: a bare surname (`Scott`, `Mr. Scott`) stands for the latest
    /// fuller name ending in it before it; a name with a given name (`Rakeyia Scott`) is itself, even
    /// after `Keith Lamont Scott`.
    static func fullName(_ text: ArticleText, _ name: NameMention, names: [NameMention]) -> String {
        func nameWords(_ mention: NameMention) -> Int {
            mention.tokens.count { !Lexicon.titles.contains(text.lower[$0]) && text.tokens[$0].kind == .word }
        }
        var best = name
        if nameWords(name) <= 1, let fuller = names.last(where: { other in
            other.head == name.head && other.tokens.lowerBound <= name.tokens.lowerBound && nameWords(other) > 1
        }) {
            best = fuller
        }
        // Drop leading titles in the returned name ("Foreign Minister Abbas Araqchi" → keep all: the
        // coordinator matches on the head).
        return text[text.span(best.tokens)]
    }
}
