import TextKit

/// The tense of the clause around a time expression, read from cue words (no POS tagger): it
/// decides whether a bare `Sunday` or `April` is the last one or the next one.
enum Tense: Sendable, Equatable {
    case past, present, future, unknown
}

enum TenseReader {
    /// Verbs that with `to` point ahead: `expected to`, `plans to`, `is set to`.
    static let toFuture: Set<String> = [
        "expected", "scheduled", "set", "due", "slated", "poised", "likely", "planning", "preparing", "going",
        "supposed", "about", "plans", "plan", "planned", "intends", "intend", "intended", "hopes", "hope", "aims",
        "aim", "wants", "want", "promises", "vows", "pledges", "threatens", "agrees", "decides", "is", "are", "ready",
        "prepared", "seeks", "seeking",
        "expects", "expect", "needs", "need", "has", "have", "must", "able", "unlikely", "sure", "certain", "bound",
    ]
    static let modalsFuture: Set<String> = ["will", "'ll", "shall", "wo", "would"]
    static let be: Set<String> = ["be", "being"]
    static let presentBe: Set<String> = ["is", "are", "am", "'re", "'s"]
    static let pastAux: Set<String> = ["was", "were", "had", "has", "have", "been", "'d", "'ve"]
    static let futureParticiples: Set<String> = ["expected", "scheduled", "slated", "set", "due", "planned", "poised", "supposed", "likely", "going", "anticipated", "projected"]
    static let presentVerbs: Set<String> = [
        "is", "are", "am", "says", "does", "do", "remains", "remain", "continues", "continue", "seems", "seem",
        "appears", "believes", "thinks", "expects", "wants", "needs", "hopes", "plans", "can", "'re",
    ]

    /// The tense cue at piece `k`, if the piece carries one.
    static func marker(_ p: [Piece], _ k: Int) -> Tense? {
        let w = p[k].lower
        let next = k + 1 < p.count ? p[k + 1].lower : ""
        let prev = k > 0 ? p[k - 1].lower : ""
        let prev2 = k > 1 ? p[k - 2].lower : ""
        if w == "will" || w == "'ll" || w == "shall" || w == "wo" { return .future }
        // an auxiliary of "X to": "were planning to", "is expected to"
        if k + 2 < p.count, toFuture.contains(next), p[k + 2].lower == "to", ["is", "are", "am", "'s", "'re"].contains(w) {
            return .future
        }
        if modalsFuture.contains(w) { return .future }
        if next == "to", toFuture.contains(w) { return prev == "been" || prev == "had" ? .past : .future }
        if w == "going", next == "to" { return .future }
        if presentVerbs.contains(w) { return .present }
        if w == "has" || w == "have" {
            return k + 1 < p.count && isPastForm(p[k + 1]) ? .past : .present
        }
        if isPastForm(p[k]) {
            let adverb = prev.hasSuffix("ly") || prev == "not" || prev == "also" || prev == "still"
            if be.contains(prev) || be.contains(prev2) && adverb { return nil }  // "will be held": keep looking for "will"
            if presentBe.contains(prev) || presentBe.contains(prev2) && adverb {
                return futureParticiples.contains(w) ? .future : .present
            }
            if futureParticiples.contains(w), next == "to" || next == "for" { return .future }
            return .past
        }
        return nil
    }

    /// A past-tense verb form or past participle (regular `-ed` or an irregular form).
    static func isPastForm(_ piece: Piece) -> Bool {
        guard piece.kind == .word else { return false }
        let w = piece.lower
        if Lexicon.irregularPast.contains(w) { return true }
        guard w.hasSuffix("ed"), w.utf8.count >= 5, !Lexicon.notPast.contains(w) else { return false }
        if piece.capitalized, !piece.text.unicodeScalars.allSatisfy({ !$0.properties.isLowercase }) {
            return false  // a capitalised "-ed" word mid-text is more often a name ("Ahmed", "United")
        }
        return true
    }

    /// The tense governing pieces `first..<end`: the nearest cue in the same sentence, looking left
    /// first (the verb an adverbial attaches to usually precedes it in news prose), then right.
    static func tense(_ p: [Piece], first: Int, end: Int) -> Tense {
        guard first < p.count else { return .unknown }
        // "Tuesday's ruling" is over; "as soon as Tuesday", "until Tuesday" is ahead.
        if end < p.count, p[end].lower == "'s", end - first == 1 { return .past }
        let before = first > 0 ? p[first - 1].lower : ""
        if first > 2, before == "as", p[first - 3].lower == "as", ["soon", "early"].contains(p[first - 2].lower) { return .future }
        let deadline = before == "until" || before == "by" || before == "till"
        let found = nearest(p, first: first, end: end)
        if deadline {
            // "postponed until Tuesday" looks ahead; "had filed reports by Wednesday" does not
            let sentence = p[first].sentence
            var k = first - 2
            var pluperfect = false
            var opensSentence = true
            while k >= 0, k >= first - 10, p[k].sentence == sentence {
                if p[k].lower == "had" || p[k].lower == "'d" { pluperfect = true }
                opensSentence = false
                k -= 1
            }
            var j = end
            while j < p.count, j < end + 6, p[j].sentence == sentence {
                if p[j].lower == "had" || p[j].lower == "'d" { pluperfect = true }
                j += 1
            }
            return pluperfect || opensSentence ? (found == .unknown ? .past : found) : .future
        }
        return found
    }

    /// The nearest cue's tense.
    static func nearest(_ p: [Piece], first: Int, end: Int) -> Tense {
        let sentence = p[first].sentence
        var left: (Tense, Int)?
        var k = first - 1
        var steps = 0
        while k >= 0, steps < 30, p[k].sentence == sentence {
            if p[k].lower == ";" { break }
            if let tense = marker(p, k) {
                left = (tense, first - k)
                break
            }
            k -= 1
            steps += 1
        }
        var right: (Tense, Int)?
        k = end
        steps = 0
        while k < p.count, steps < 30, p[k].sentence == sentence {
            if p[k].lower == ";" { break }
            if let tense = marker(p, k) {
                right = (tense, k - end + 1)
                break
            }
            k += 1
            steps += 1
        }
        switch (left, right) {
        case (nil, nil): return .unknown
        case (let l?, nil): return l.0
        case (nil, let r?): return r.0
        case (let l?, let r?): return l.1 <= r.1 + 2 ? l.0 : r.0
        }
    }
}
