import ArticleModel
import TextKit

/// Events on the timeline: verbs and event nouns (``EventLexicon``) linked to the time expression
/// that governs them in their sentence, with the relation the preposition before the time
/// expression gives (`on`, `before`, `after`, `since`, `until`, `during`).
///
/// Linking, per time expression: a time expression that modifies an event noun (`the 2015
/// agreement`) dates that noun; one that opens its clause (`On Sunday, the three held a call`)
/// dates the first event after it; otherwise the nearest event before it in the clause (`talks are
/// expected this Friday`, `operations, which began on June 13`), else the nearest after it.
/// Undated events that a connective ties to a dated one (`contact since the restart`) are placed
/// relative to it; other undated event nouns are listed as unordered.
struct EventExtractor {
    let document: Document
    let pieces: [Piece]
    let timexes: [TimelineAnalyzer.Found]

    struct Trigger {
        var token: Int
        var isVerb: Bool
        /// Reporting and framing verbs (`said`, `expected`): used only when nothing else is there.
        var weak: Bool
    }

    /// An event being built.
    struct Draft {
        var trigger: Trigger
        var time: EventTime?
        /// Timex the time came from, for sorting.
        var timex: Int?
        /// Day number the event sorts at, when known.
        var key: Double?
        var ordered: Bool
    }

    static let prepositions: [String: TemporalRelation] = [
        "on": .on, "in": .on, "at": .on, "of": .on, "from": .on, "as": .on, "for": .during, "during": .during,
        "over": .during, "throughout": .during, "within": .during, "through": .until, "until": .until, "till": .until,
        "by": .before, "before": .before, "after": .after, "following": .after, "since": .since,
    ]
    static let clauseOpeners: Set<String> = ["on", "in", "at", "by", "also", "earlier", "later", "then", "since", "until", "after", "before", "during", "and", "but", "so", "last", "this", "from", "as", "of"]
    static let determiners: Set<String> = ["the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "'s", "’s"]
    static let clauseBreaks: Set<String> = [";", ":", "—", "–", "--", "(", ")", "\"", "“", "”", "``", "''"]
    static let functionWords: Set<String> = [
        "The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "And", "But", "Or", "If", "While", "When",
        "Although", "Though", "As", "After", "Before", "Since", "Until", "During", "This", "That", "These", "Those",
        "It", "Its", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "Also", "However", "Neither",
        "Nor", "Both", "Three", "Two", "One", "Some", "Many", "Most", "Further", "Public", "Diplomatic", "Former",
        "Mr.", "Mrs.", "Ms.", "Dr.", "Read", "Meanwhile", "Still", "Yet", "Even", "Then", "There", "Here", "Such",
    ]

    func timeline() -> [TimelineEvent] {
        let tokens = document.tokens
        guard !tokens.isEmpty else { return [] }
        var lower = [String]()
        lower.reserveCapacity(tokens.count)
        for token in tokens { lower.append(token.kind == .word || token.kind == .clitic ? Pieces.lowercased(ArraySlice(token.text.unicodeScalars)) : token.text) }

        // Token ranges of the time expressions, and which tokens they cover.
        var inTimex = [Int](repeating: -1, count: tokens.count)
        var ranges: [Range<Int>] = []
        for (index, found) in timexes.enumerated() {
            let start = document.tokenIndex(atOrAfter: found.timex.span.start)
            var end = start
            while end < tokens.count, tokens[end].span.start < found.timex.span.end { end += 1 }
            ranges.append(start..<end)
            for token in start..<end { inTimex[token] = index }
        }

        // Triggers.
        var triggers: [Trigger] = []
        var triggerAt = [Int](repeating: -1, count: tokens.count)
        for index in tokens.indices where tokens[index].kind == .word && inTimex[index] < 0 && document.sentenceOfToken[index] >= 0 {
            let word = lower[index]
            let isNoun = EventLexicon.nouns.contains(word)
            let isVerb = !isNoun && EventLexicon.verbs[word] != nil
            guard isNoun || isVerb || EventLexicon.frames.contains(word) else { continue }
            // A capitalised word inside a sentence is a name ("Strike Force", "Visit Britain").
            if tokens[index].isCapitalized, index > 0, document.sentenceOfToken[index - 1] == document.sentenceOfToken[index],
                !tokens[index - 1].isSentenceFinal, !Self.clauseBreaks.contains(tokens[index - 1].text)
            {
                continue
            }
            // "to" + noun-looking verb and adjectival "-ing" are fine; a verb after a determiner is a noun use.
            let weak = EventLexicon.frames.contains(word)
            triggerAt[index] = triggers.count
            triggers.append(Trigger(token: index, isVerb: isVerb || weak, weak: weak))
        }

        var drafts: [Int: Draft] = [:]  // by trigger index
        // Points first: a date says more about an event than a duration ("the 24-hour strike on May 1").
        let order = ranges.indices.sorted { a, b in
            let pointA = timexes[a].timex.type == .date || timexes[a].timex.type == .time
            let pointB = timexes[b].timex.type == .date || timexes[b].timex.type == .time
            return pointA != pointB ? pointA : a < b
        }
        for timexIndex in order {
            let range = ranges[timexIndex]
            guard !range.isEmpty else { continue }
            let sentence = document.sentenceOfToken[range.lowerBound]
            guard sentence >= 0 else { continue }
            let bounds = document.sentences[sentence].tokens
            guard let triggerIndex = governingTrigger(range, bounds: bounds, lower: lower, triggers: triggers, triggerAt: triggerAt),
                drafts[triggerIndex] == nil
            else { continue }
            let found = timexes[timexIndex]
            let relation = relationBefore(range.lowerBound, lower: lower, timex: found.timex)
            let time = EventTime(timexId: found.timex.id, value: found.timex.value, relation: relation)
            let key = sortKey(found, relation: relation)
            drafts[triggerIndex] = Draft(trigger: triggers[triggerIndex], time: time, timex: timexIndex, key: key, ordered: key != nil)
        }

        // Undated events ordered by a connective against a dated one.
        for index in tokens.indices {
            guard let relation = Self.connectives[lower[index]], document.sentenceOfToken[index] >= 0 else { continue }
            let sentence = document.sentenceOfToken[index]
            let bounds = document.sentences[sentence].tokens
            // the event the connective introduces ("since the restart") and the one it qualifies
            var after: Int?
            var k = index + 1
            while k < min(bounds.upperBound, index + 5) {
                if triggerAt[k] >= 0 { after = triggerAt[k]; break }
                if inTimex[k] >= 0 || Self.clauseBreaks.contains(lower[k]) { break }
                k += 1
            }
            var before: Int?
            k = index - 1
            while k >= max(bounds.lowerBound, index - 8) {
                if triggerAt[k] >= 0, !triggers[triggerAt[k]].weak { before = triggerAt[k]; break }
                if Self.clauseBreaks.contains(lower[k]) { break }
                k -= 1
            }
            guard let after, let before else { continue }
            if let dated = drafts[after], let time = dated.time, drafts[before] == nil {
                // "Y since X": Y is since X's time
                drafts[before] = Draft(
                    trigger: triggers[before], time: EventTime(timexId: time.timexId, value: time.value, relation: relation),
                    timex: dated.timex, key: dated.key.map { $0 + Self.offset(relation) }, ordered: dated.ordered)
            } else if let dated = drafts[before], let time = dated.time, drafts[after] == nil {
                let inverse: TemporalRelation = relation == .after || relation == .since ? .before : (relation == .before || relation == .until ? .after : relation)
                drafts[after] = Draft(
                    trigger: triggers[after], time: EventTime(timexId: time.timexId, value: time.value, relation: inverse),
                    timex: dated.timex, key: dated.key.map { $0 + Self.offset(inverse) }, ordered: dated.ordered)
            }
        }

        // Remaining event nouns, unordered.
        for (index, trigger) in triggers.enumerated() where drafts[index] == nil && !trigger.isVerb && !trigger.weak {
            drafts[index] = Draft(trigger: trigger, time: nil, timex: nil, key: nil, ordered: false)
        }

        let sorted = drafts.values.sorted { a, b in
            switch (a.ordered ? a.key : nil, b.ordered ? b.key : nil) {
            case (let x?, let y?): return x != y ? x < y : a.trigger.token < b.trigger.token
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.trigger.token < b.trigger.token
            }
        }
        // Words the text capitalises inside sentences: names, not sentence-initial capitals.
        var names: Set<String> = []
        for index in tokens.indices.dropFirst() where tokens[index].kind == .word && tokens[index].isCapitalized
            && document.sentenceOfToken[index] >= 0 && document.sentenceOfToken[index] == document.sentenceOfToken[index - 1]
        {
            names.insert(tokens[index].text)
        }
        var events: [TimelineEvent] = []
        events.reserveCapacity(sorted.count)
        for draft in sorted {
            let token = tokens[draft.trigger.token]
            events.append(TimelineEvent(
                id: "V\(events.count + 1)", trigger: EventTrigger(span: token.span, text: token.text),
                description: description(draft.trigger.token, lower: lower, inTimex: inTimex),
                time: draft.time, participants: participants(draft.trigger.token, lower: lower, inTimex: inTimex, names: names),
                ordered: draft.ordered))
        }
        return events
    }

    static let leading: Set<String> = [
        "to", "of", "on", "in", "at", "for", "with", "from", "by", "and", "but", "or", "as", "since", "that", "which",
        "who", "between", "while", "when", "after", "before", "until", "than",
    ]

    static let connectives: [String: TemporalRelation] = [
        "since": .since, "after": .after, "following": .after, "before": .before, "until": .until, "amid": .during,
        "during": .during,
    ]

    static func offset(_ relation: TemporalRelation) -> Double {
        switch relation {
        case .before: -0.5
        case .after: 0.5
        case .until: -0.25
        default: 0.01
        }
    }

    // MARK: Linking

    /// The trigger a time expression at `range` dates, if any.
    func governingTrigger(_ range: Range<Int>, bounds: Range<Int>, lower: [String], triggers: [Trigger], triggerAt: [Int]) -> Int? {
        func resolveLight(_ index: Int) -> Int {
            // "held a ministerial-level call": the noun is the event
            let token = triggers[index].token
            guard EventLexicon.lightVerbs.contains(lower[token]) else { return index }
            var k = token + 1
            while k < min(bounds.upperBound, token + 5) {
                if triggerAt[k] >= 0, !triggers[triggerAt[k]].isVerb { return triggerAt[k] }
                if Self.clauseBreaks.contains(lower[k]) || lower[k] == "," { break }
                k += 1
            }
            return index
        }
        // 1. The time expression modifies a noun: "the 2015 nuclear agreement", "Tuesday's ruling".
        if range.lowerBound > bounds.lowerBound, Self.determiners.contains(lower[range.lowerBound - 1]) || lower[range.upperBound < lower.count ? range.upperBound : range.upperBound - 1] == "'s" {
            var k = range.upperBound
            if k < bounds.upperBound, lower[k] == "'s" || lower[k] == "’s" { k += 1 }
            let limit = min(bounds.upperBound, k + 3)
            while k < limit {
                if triggerAt[k] >= 0, !triggers[triggerAt[k]].isVerb { return triggerAt[k] }
                if lower[k] == "," || Self.clauseBreaks.contains(lower[k]) { break }
                k += 1
            }
        }
        // 2. The time expression opens its clause: the first event after it.
        var opensClause = true
        var k = range.lowerBound - 1
        while k >= bounds.lowerBound {
            if lower[k] == "," || Self.clauseBreaks.contains(lower[k]) { break }
            if !Self.clauseOpeners.contains(lower[k]) { opensClause = false; break }
            k -= 1
        }
        if opensClause {
            k = range.upperBound
            while k < min(bounds.upperBound, range.upperBound + 14) {
                if triggerAt[k] >= 0, !triggers[triggerAt[k]].weak { return resolveLight(triggerAt[k]) }
                if Self.clauseBreaks.contains(lower[k]) { break }
                k += 1
            }
        }
        // 3. The nearest event before it in the clause.
        k = range.lowerBound - 1
        var weakBefore: Int?
        while k >= max(bounds.lowerBound, range.lowerBound - 12) {
            if Self.clauseBreaks.contains(lower[k]) { break }
            if triggerAt[k] >= 0 {
                if !triggers[triggerAt[k]].weak { return resolveLight(triggerAt[k]) }
                weakBefore = weakBefore ?? triggerAt[k]
            }
            k -= 1
        }
        // 4. The nearest after it.
        k = range.upperBound
        var weakAfter: Int?
        while k < min(bounds.upperBound, range.upperBound + 6) {
            if Self.clauseBreaks.contains(lower[k]) { break }
            if triggerAt[k] >= 0 {
                if !triggers[triggerAt[k]].weak { return resolveLight(triggerAt[k]) }
                weakAfter = weakAfter ?? triggerAt[k]
            }
            k += 1
        }
        return weakBefore ?? weakAfter
    }

    /// The relation a preposition right before the time expression gives.
    func relationBefore(_ start: Int, lower: [String], timex: Timex) -> TemporalRelation {
        if timex.type == .duration || timex.type == .set { return .during }
        if start > 0 {
            let word = lower[start - 1]
            if let relation = Self.prepositions[word] {
                if word == "from" {
                    // "from May to June" is a span; "a proposal from May" dates it
                    return .on
                }
                return relation
            }
            if start > 1, word == "to", lower[start - 2] == "prior" || lower[start - 2] == "up" {
                return lower[start - 2] == "prior" ? .before : .until
            }
            if start > 1, word == "of", lower[start - 2] == "ahead" { return .before }
        }
        switch timex.mod {
        case "BEFORE", "ON_OR_BEFORE": return .before
        case "AFTER", "ON_OR_AFTER": return .after
        default: return .on
        }
    }

    /// Where a dated event sorts: the start of its time in days, moved a little by the relation.
    func sortKey(_ found: TimelineAnalyzer.Found, relation: TemporalRelation) -> Double? {
        guard let day = found.day, found.timex.type == .date || found.timex.type == .time else { return nil }
        var key = Double(day.dayNumber)
        if relation == .after, let unit = found.unit {
            key += Self.length(unit)
        }
        return key + Self.offset(relation) - Self.length(found.unit ?? .day) / 1e6
    }

    static func length(_ unit: TimeUnit) -> Double {
        switch unit {
        case .second, .minute, .hour, .day: 1
        case .week: 7
        case .month: 30
        case .quarter: 91
        case .year: 365
        case .decade: 3652
        case .century, .millennium: 36524
        }
    }

    // MARK: Description and participants

    /// The clause around the trigger, at most 14 tokens, without surrounding punctuation; a
    /// relative clause (`, which began on June 13`) takes its antecedent instead of the pronoun.
    func description(_ trigger: Int, lower: [String], inTimex: [Int]) -> String? {
        let tokens = document.tokens
        let sentence = document.sentenceOfToken[trigger]
        guard sentence >= 0 else { return nil }
        let bounds = document.sentences[sentence].tokens
        var start = trigger
        while start > bounds.lowerBound, start > trigger - 8 {
            let previous = lower[start - 1]
            if previous == "," || Self.clauseBreaks.contains(previous) { break }
            start -= 1
        }
        var end = trigger + 1
        while end < bounds.upperBound, end < trigger + 8 {
            if lower[end] == "," || Self.clauseBreaks.contains(lower[end]) || tokens[end].isSentenceFinal { break }
            end += 1
        }
        var parts: [Range<Int>] = []
        if ["which", "who", "that"].contains(lower[start]), start - 1 > bounds.lowerBound, lower[start - 1] == "," {
            // antecedent: up to four tokens before the comma
            var antecedent = start - 1
            while antecedent > bounds.lowerBound, antecedent > start - 5, lower[antecedent - 1] != ",",
                !Self.clauseBreaks.contains(lower[antecedent - 1])
            {
                antecedent -= 1
            }
            parts.append(antecedent..<(start - 1))
            parts.append((start + 1)..<end)
        } else {
            while start < trigger, ["and", "but", "or", "while", "as", "so"].contains(lower[start]) { start += 1 }
            parts.append(start..<end)
        }
        // no leading preposition or conjunction: "to Israeli military operations began" reads badly
        if var first = parts.first {
            while first.count > 1, first.lowerBound != trigger, Self.leading.contains(lower[first.lowerBound]) {
                first = (first.lowerBound + 1)..<first.upperBound
            }
            parts[0] = first
        }
        var text = ""
        for part in parts where !part.isEmpty {
            let span = Span(tokens[part.lowerBound].span.start, tokens[part.upperBound - 1].span.end)
            if !text.isEmpty { text += " " }
            text += document.buffer[span]
        }
        return text.isEmpty ? nil : text
    }

    /// Names in the trigger's clause (runs of capitalised words), nearest first, at most three.
    func participants(_ trigger: Int, lower: [String], inTimex: [Int], names: Set<String>) -> [ActorRef] {
        let tokens = document.tokens
        let sentence = document.sentenceOfToken[trigger]
        guard sentence >= 0 else { return [] }
        let bounds = document.sentences[sentence].tokens
        var start = trigger
        while start > bounds.lowerBound, !Self.clauseBreaks.contains(lower[start - 1]), !(lower[start - 1] == "," && start < trigger - 6) {
            start -= 1
        }
        var end = trigger + 1
        while end < bounds.upperBound, !Self.clauseBreaks.contains(lower[end]), !(lower[end] == "," && end > trigger + 6) {
            end += 1
        }
        var runs: [(Range<Int>, Int)] = []
        var index = start
        while index < end {
            let token = tokens[index]
            let isName = token.kind == .word && token.isCapitalized && inTimex[index] < 0 && index != trigger
                && !(Self.functionWords.contains(token.text))
            guard isName else {
                index += 1
                continue
            }
            var runEnd = index + 1
            while runEnd < end, tokens[runEnd].kind == .word, tokens[runEnd].isCapitalized, inTimex[runEnd] < 0, runEnd != trigger {
                runEnd += 1
            }
            // A lone capitalised first word ("Tensions were …") is a name only if the text also
            // capitalises it inside a sentence.
            if index == bounds.lowerBound, runEnd == index + 1, !names.contains(token.text) {
                index = runEnd
                continue
            }
            runs.append((index..<runEnd, min(abs(index - trigger), abs(runEnd - 1 - trigger))))
            index = runEnd
        }
        return runs.sorted { $0.1 < $1.1 }.prefix(3).sorted { $0.0.lowerBound < $1.0.lowerBound }.map { run, _ in
            let span = Span(tokens[run.lowerBound].span.start, tokens[run.upperBound - 1].span.end)
            return ActorRef(span: span, text: document.buffer[span])
        }
    }
}
