import ArticleModel
import TextKit

/// Finds stances by rule: a stance predicate (a speech act such as `denied`, `rejected`, `expressed
/// openness to`, or a stance-bearing action such as `upheld`, `conditioned … on`), its holder (the
/// subject before it, or the speaker when the predicate sits inside reported speech), its target
/// (the phrase after it; `the idea`, `the claim` resolve to the proposal or the claim reported just
/// before), negation, hedging, a condition (`if`, `unless`, `conditioned … on`) and the sentence as
/// evidence.
public enum StanceFinder {
    struct Pattern {
        var words: [String]
        var polarity: StancePolarity
        var lemma: String
        var strength: Double
        /// The predicate takes a condition after `on` (`conditioned X on Y`).
        var conditions = false
    }

    static let patterns: [Pattern] = {
        var list: [Pattern] = []
        func add(_ words: String, _ polarity: StancePolarity, _ strength: Double = 0.7, lemma: String? = nil, conditions: Bool = false) {
            let split = words.split(separator: " ").map(String.init)
            list.append(Pattern(words: split, polarity: polarity, lemma: lemma ?? words, strength: strength, conditions: conditions))
        }
        for verb in ["reject", "deny", "oppose", "condemn", "criticize", "criticise", "dismiss", "denounce", "decry", "veto", "slam", "blast"] {
            add(verb, .oppose, 0.8)
        }
        add("refuse", .oppose, 0.7)
        add("object to", .oppose, 0.7)
        add("rule out", .oppose, 0.8)
        add("warn against", .oppose, 0.7)
        add("accuse", .oppose, 0.6)
        add("express concern about", .oppose, 0.5)
        add("express opposition to", .oppose, 0.8)
        for verb in ["support", "endorse", "welcome", "uphold", "praise", "favor", "favour", "embrace", "champion", "approve", "advocate"] {
            add(verb, .support, 0.8)
        }
        add("backed", .support, 0.7, lemma: "back")
        add("backs", .support, 0.7, lemma: "back")
        add("backing", .support, 0.7, lemma: "back")
        add("accept", .support, 0.6)
        add("defend", .support, 0.6)
        add("propose", .support, 0.6)
        add("urge", .support, 0.6)
        add("call for", .support, 0.7)
        add("push for", .support, 0.7)
        add("agree to", .support, 0.7)
        add("express openness to", .support, 0.6)
        add("express support for", .support, 0.8)
        add("express interest in", .support, 0.5)
        add("show interest in", .support, 0.5)
        add("show flexibility on", .support, 0.5)
        // Only the verb: "in critical condition" is no stance.
        add("conditioned", .neutral, 0.5, lemma: "condition", conditions: true)
        add("conditioning", .neutral, 0.5, lemma: "condition", conditions: true)
        add("consider", .neutral, 0.4)
        return list
    }()

    static let skippable: Set<String> = [
        "has", "have", "had", "is", "was", "are", "were", "will", "would", "could", "may", "might", "should", "also",
        "thus", "far", "so", "however", ",", "not", "n't", "never", "already", "long", "since", "repeatedly", "once",
        "again", "still", "then", "now", "both", "separately", "jointly", "publicly", "privately", "quickly", "swiftly",
        "firmly", "flatly", "consistently", "reportedly", "recently", "strongly", "initially", "previously", "later",
        "been", "be", "did", "does", "do", "to", "appeared", "seemed", "openly", "further",
    ]
    static let targetStops: Set<String> = [
        ",", ";", ".", ":", "if", "unless", "citing", "as", "while", "because", "but", "after", "before", "which",
        "saying", "adding", "when", "although", "though", "(", "\u{2014}", "\u{2013}", "!", "?", "provided", "so",
    ]
    static let anaphoricTargets: Set<String> = ["idea", "proposal", "plan", "offer", "initiative", "suggestion", "claim", "claims", "report", "allegation", "allegations", "it", "this", "that"]
    static let proposalNouns: Set<String> = ["proposal", "plan", "idea", "offer", "initiative", "suggestion", "deal"]
    static let intensifiers: Set<String> = ["consistently", "firmly", "flatly", "strongly", "swiftly", "categorically", "repeatedly", "vehemently"]

    static func find(_ text: ArticleText, attributions: [Attribution], speakers: [ResolvedSpeaker?], names: [NameMention]) -> [Stance] {
        var stances: [Stance] = []
        var contentOwner = [Int](repeating: -1, count: text.tokens.count)
        for (number, attribution) in attributions.enumerated() {
            for piece in attribution.content { for index in piece { contentOwner[index] = number } }
        }
        let lemmas = text.lower.map { Lexicon.lemma($0) }
        let history = speakers.compactMap { $0 }
        for (sentenceNumber, sentence) in text.document.sentences.enumerated() {
            var index = sentence.tokens.lowerBound
            while index < sentence.tokens.upperBound {
                guard let (pattern, end) = match(lemmas, text.lower, at: index, limit: sentence.tokens.upperBound) else {
                    index += 1
                    continue
                }
                let predicate = index..<end
                index = end
                // Holders.
                var holders: [(tokens: Range<Int>, text: String)] = []
                let owner = contentOwner[predicate.lowerBound]
                let ownerSpeaks = owner >= 0 && Lexicon.speechVerbs.contains(QuoteBuilder.lemma(text, attributions[owner].cue))
                let local = findHolders(text, before: predicate.lowerBound, sentence: sentence.tokens, names: names, history: history)
                if ownerSpeaks, let speaker = speakers[owner] {
                    // Inside reported speech: the clause's own named subject, else the speaker.
                    let named = local.filter { holder in names.contains { $0.tokens == holder.tokens } }
                    holders = named.isEmpty ? [(speaker.tokens, speaker.text)] : named
                } else if predicate.lowerBound > sentence.tokens.lowerBound,
                    ["that", "which", "who"].contains(text.lower[predicate.lowerBound - 1])
                {
                    holders = []  // a relative clause: its subject is the noun before, rarely an actor
                } else {
                    holders = findHolders(text, before: predicate.lowerBound, sentence: sentence.tokens, names: names, history: history)
                    if holders.isEmpty, ["while", "although", "though", "despite", "after", "before", "by", "in"].contains(text.lower[sentence.tokens.lowerBound]) {
                        // "While not ruling out X, Trump …": the subject of the main clause.
                        var comma = predicate.upperBound
                        while comma < sentence.tokens.upperBound, text.lower[comma] != "," { comma += 1 }
                        if let name = names.first(where: { $0.tokens.lowerBound > comma && $0.tokens.lowerBound <= comma + 3 }) {
                            holders = [(name.tokens, QuoteBuilder.fullName(text, name, names: names))]
                        }
                    }
                }
                guard !holders.isEmpty else { continue }
                // Target (and condition for "condition X on Y").
                var targetStart = predicate.upperBound
                while targetStart < sentence.tokens.upperBound, ["out", "to", "for", "on", "in", "about"].contains(text.lower[targetStart]),
                    pattern.words.count == 1
                {
                    targetStart += 1
                }
                var targetEnd = targetStart
                while targetEnd < sentence.tokens.upperBound, targetEnd - targetStart < 14 {
                    let word = text.lower[targetEnd]
                    if targetStops.contains(word) { break }
                    if pattern.conditions, word == "on" { break }
                    if targetEnd > targetStart, ArticleText.quoteMark(text.tokens[targetEnd]) == .open { break }
                    targetEnd += 1
                }
                while targetEnd > targetStart, text.tokens[targetEnd - 1].kind == .punctuation { targetEnd -= 1 }
                guard targetEnd > targetStart else { continue }
                var target = targetStart..<targetEnd
                var condition: Range<Int>?
                if pattern.conditions, targetEnd < sentence.tokens.upperBound, text.lower[targetEnd] == "on" {
                    var conditionEnd = targetEnd + 1
                    while conditionEnd < sentence.tokens.upperBound, ![",", ";", "."].contains(text.lower[conditionEnd]) { conditionEnd += 1 }
                    if conditionEnd > targetEnd + 1 { condition = (targetEnd + 1)..<conditionEnd }
                }
                if condition == nil {
                    condition = findCondition(text, after: predicate.upperBound, sentence: sentence.tokens)
                }
                var targetRef = ActorRef(span: text.span(target), text: text[text.span(target)])
                if let resolved = resolveTarget(text, target, sentence: sentenceNumber, attributions: attributions, lemmas: lemmas) {
                    target = resolved
                    targetRef = ActorRef(span: text.span(resolved), text: text[text.span(resolved)])
                }
                // Negation and hedges: before the predicate, back to the holder or the clause start.
                var negated = false
                var hedged = false
                var intensified = false
                var k = predicate.lowerBound - 1
                while k >= sentence.tokens.lowerBound, predicate.lowerBound - k <= 5 {
                    let word = text.lower[k]
                    if [";", "."].contains(word) { break }
                    if Lexicon.negators.contains(word) && word != "refused" { negated = true }
                    if Lexicon.hedges.contains(word) { hedged = true }
                    if intensifiers.contains(word) { intensified = true }
                    if holders.contains(where: { $0.tokens.contains(k) }) { break }
                    k -= 1
                }
                if owner >= 0 {
                    // Inside reported speech: the quoted clause's own modals count.
                    for j in attributions[owner].content.flatMap({ $0 }) where j < predicate.lowerBound && predicate.lowerBound - j <= 4 {
                        if Lexicon.hedges.contains(text.lower[j]) { hedged = true }
                    }
                }
                var polarity = pattern.polarity
                var strength = pattern.strength
                if negated {
                    polarity = polarity == .support ? .oppose : polarity == .oppose ? .support : .neutral
                    strength *= 0.5
                }
                if hedged { strength *= 0.6 }
                if intensified { strength = min(1, strength + 0.15) }
                if condition != nil { strength *= 0.8 }
                strength = (strength * 100).rounded() / 100
                let cueSpan = text.span(predicate)
                for holder in holders {
                    stances.append(Stance(
                        id: "S\(stances.count + 1)", holder: ActorRef(span: text.span(holder.tokens), text: holder.text),
                        target: targetRef, polarity: polarity, strength: strength, conditional: condition != nil,
                        negated: negated, hedged: hedged, cue: Cue(span: cueSpan, text: text[cueSpan], lemma: pattern.lemma),
                        evidence: sentence.span, condition: condition.map { text.span($0) }))
                }
            }
        }
        return stances
    }

    /// The pattern matching at `index` (lemmas for the first word, surface or lemma after it).
    static func match(_ lemmas: [String], _ lower: [String], at index: Int, limit: Int) -> (Pattern, Int)? {
        var best: (Pattern, Int)?
        for pattern in patterns {
            var position = index
            var ok = true
            for word in pattern.words {
                guard position < limit, lemmas[position] == word || lower[position] == word else { ok = false; break }
                position += 1
            }
            if ok, best == nil || pattern.words.count > best!.0.words.count { best = (pattern, position) }
        }
        return best
    }

    /// The subject before a predicate: a name (or `X and Y`), a pronoun resolved to an earlier
    /// speaker or name, or a description (`the three`, `European officials`).
    static func findHolders(
        _ text: ArticleText, before predicate: Int, sentence: Range<Int>, names: [NameMention], history: [ResolvedSpeaker]
    ) -> [(tokens: Range<Int>, text: String)] {
        var k = predicate - 1
        while k >= sentence.lowerBound, skippable.contains(text.lower[k]) || text.lower[k].hasSuffix("ly") && text.tokens[k].kind == .word && !text.tokens[k].isCapitalized {
            k -= 1
        }
        guard k >= sentence.lowerBound else { return [] }
        if text.lower[k] == "'s" || text.lower[k] == "s" { return [] }
        if let name = names.first(where: { $0.tokens.contains(k) && $0.tokens.upperBound == k + 1 }) {
            var holders = [(name.tokens, QuoteBuilder.fullName(text, name, names: names))]
            // "both X and Y", "X, Y and Z".
            var left = name.tokens.lowerBound - 1
            while left > sentence.lowerBound, ["and", ","].contains(text.lower[left]),
                let other = names.first(where: { $0.tokens.upperBound == left })
            {
                holders.insert((other.tokens, QuoteBuilder.fullName(text, other, names: names)), at: 0)
                left = other.tokens.lowerBound - 1
            }
            return holders
        }
        let word = text.lower[k]
        if let agreement = Lexicon.personalPronouns[word], ["he", "she", "they", "it", "we", "i"].contains(word) {
            let resolved = QuoteBuilder.resolve(text, k..<(k + 1), history: history, names: names)
            _ = agreement
            return [(resolved.tokens, resolved.text)]
        }
        if text.tokens[k].kind == .word, !text.tokens[k].isCapitalized || Lexicon.personNouns.contains(word) {
            // A description: back to its determiner, at most five words.
            guard Lexicon.personNouns.contains(word) || ["three", "two", "both", "all"].contains(word) else { return [] }
            var start = k
            while start > sentence.lowerBound, k - start < 5, text.tokens[start - 1].kind == .word,
                !skippable.contains(text.lower[start - 1]) || ["the", "a", "an"].contains(text.lower[start - 1])
            {
                start -= 1
                if ["the", "a", "an"].contains(text.lower[start]) { break }
            }
            let tokens = start..<(k + 1)
            return [(tokens, text[text.span(tokens)])]
        }
        return []
    }

    /// `if …`, `unless …`, `provided …`, `as long as …` after the predicate, to the sentence end.
    static func findCondition(_ text: ArticleText, after index: Int, sentence: Range<Int>) -> Range<Int>? {
        var k = index
        while k < sentence.upperBound {
            let word = text.lower[k]
            if ["if", "unless", "provided"].contains(word) || (word == "as" && k + 2 < sentence.upperBound && text.lower[k + 1] == "long" && text.lower[k + 2] == "as") {
                var start = k + (word == "as" ? 3 : 1)
                if start < sentence.upperBound, text.lower[start] == "that" { start += 1 }
                var end = sentence.upperBound
                while end > start, [".", "!", "?", "\u{201D}", "\""].contains(text.lower[end - 1]) { end -= 1 }
                return end > start ? start..<end : nil
            }
            k += 1
        }
        return nil
    }

    /// `the idea`, `the proposal` → the latest proposal mentioned before (with what it calls for);
    /// `the claim`, `it` → the content of the latest attribution before the predicate.
    static func resolveTarget(
        _ text: ArticleText, _ target: Range<Int>, sentence: Int, attributions: [Attribution], lemmas: [String]
    ) -> Range<Int>? {
        let words = target.map { text.lower[$0] }
        guard words.count <= 2, let head = words.last, anaphoricTargets.contains(head),
            words.count == 1 || ["the", "this", "that", "his", "her", "their", "its"].contains(words[0])
        else { return nil }
        let sentences = text.document.sentences
        let earliest = sentences[max(0, sentence - 3)].tokens.lowerBound
        if ["claim", "claims", "allegation", "allegations", "report", "it", "this", "that", "suggestion"].contains(head) {
            if let attribution = attributions.last(where: { attribution in
                attribution.cue.upperBound <= target.lowerBound && attribution.cue.lowerBound >= earliest
                    && !attribution.content.contains { $0.overlaps(target) } && !attribution.cue.overlaps(target.lowerBound..<(target.upperBound + 1))
            }),
                let first = attribution.content.first
            {
                let trimmed = QuoteBuilder.trim(text, first)
                if !trimmed.isEmpty { return trimmed }
            }
            if head != "suggestion" { return nil }
        }
        // The latest proposal noun before the target.
        var k = target.lowerBound - 1
        while k >= earliest {
            if proposalNouns.contains(text.lower[k]) && !(target.contains(k)) { break }
            k -= 1
        }
        guard k >= earliest else { return nil }
        var start = k
        while start > earliest, start > k - 6, !["a", "an", "the", ".", ",", "that"].contains(text.lower[start - 1]) { start -= 1 }
        if start > earliest, ["a", "an", "the"].contains(text.lower[start - 1]) { start -= 1 }
        var end = k + 1
        let sentenceOfProposal = text.document.sentenceOfToken[k]
        let limit = sentenceOfProposal >= 0 ? sentences[sentenceOfProposal].tokens.upperBound : k + 1
        while end < limit, end - k < 25, ![".", ";"].contains(text.lower[end]) { end += 1 }
        return start..<end
    }
}
