import ArticleModel
import TextKit

/// The time-expression grammar: hand-written rules over pieces, in the manner of HeidelTime's
/// patterns but as code. `candidates()` scans left to right and takes, at each position, the
/// longest expression any rule recognises there; what it means is resolved later (``Resolver``).
///
/// Span conventions follow the TimeML annotation guidelines as TempEval-3's data applies them:
/// determiners, premodifiers and postmodifiers belong to the expression (`the past two months`,
/// `early next year`, `two years ago`, `at least 30 days`), prepositions do not (`in`, `on`,
/// `since`).
struct Grammar {
    let p: [Piece]
    /// The text has (almost) no lower-case letters, so capitalisation says nothing.
    let caseless: Bool

    init(pieces: [Piece], caseless: Bool) {
        self.p = pieces
        self.caseless = caseless
    }

    /// Every expression found, in text order, non-overlapping.
    func candidates() -> [Candidate] {
        var result: [Candidate] = []
        var index = 0
        while index < p.count {
            if mayStart(index), var candidate = best(at: index) {
                candidate = extendToTokens(candidate)
                candidate = dropDeterminer(candidate)
                if let last = result.last, last.end > candidate.first {
                    index += 1
                    continue
                }
                result.append(candidate)
                index = max(candidate.end, index + 1)
            } else {
                index += 1
            }
        }
        return result
    }

    /// A match that ends inside a hyphenated token takes the rest of the token only when the rest is
    /// a known suffix (`-old`, `-long`); otherwise the match stands as found.
    private func extendToTokens(_ candidate: Candidate) -> Candidate {
        var candidate = candidate
        while candidate.end < p.count, p[candidate.end].hyphenBefore,
            ["long", "plus"].contains(p[candidate.end].lower)
        {
            candidate.end += 1
        }
        return candidate
    }

    /// `a third-quarter loss`, `the two-week visit`: before a noun, a hyphenated adjective is the
    /// whole expression and the determiner belongs to the noun phrase.
    private func dropDeterminer(_ candidate: Candidate) -> Candidate {
        guard candidate.end - candidate.first >= 3, Grammar.determiners.contains(lw(candidate.first)) || lw(candidate.first) == "an" else {
            return candidate
        }
        let token = p[candidate.first + 1].token
        guard p[candidate.end - 1].token == token, p[candidate.first + 1].hyphenAfter || p[candidate.end - 1].hyphenBefore,
            candidate.end < p.count, p[candidate.end].kind == .word
        else { return candidate }
        var candidate = candidate
        candidate.first += 1
        return candidate
    }

    // MARK: Piece helpers

    @inline(__always) func lw(_ i: Int) -> String { i >= 0 && i < p.count ? p[i].lower : "" }
    @inline(__always) func word(_ i: Int) -> Word { i >= 0 && i < p.count ? p[i].word : .none }
    @inline(__always) func isCap(_ i: Int) -> Bool { i >= 0 && i < p.count && (caseless || p[i].capitalized) }
    @inline(__always) func isAny(_ i: Int, _ words: Set<String>) -> Bool { words.contains(lw(i)) }
    @inline(__always) func integer(_ i: Int) -> Int? { i >= 0 && i < p.count ? p[i].integer : nil }

    func month(_ i: Int) -> Int? {
        if case .month(let m) = word(i) { return m }
        return nil
    }

    func weekday(_ i: Int) -> (day: Int, plural: Bool)? {
        if case .weekday(let d, let plural) = word(i) { return (d, plural) }
        return nil
    }

    func unit(_ i: Int) -> (unit: TimeUnit, plural: Bool)? {
        if case .unit(let u, let plural) = word(i) { return (u, plural) }
        return nil
    }

    func ordinal(_ i: Int) -> Int? {
        if case .ordinal(let n) = word(i) { return n }
        return nil
    }

    func season(_ i: Int) -> (code: String, plural: Bool)? {
        if case .season(let code, let plural) = word(i) { return (code, plural) }
        return nil
    }

    func partOfDay(_ i: Int) -> (code: String, plural: Bool)? {
        if case .partOfDay(let code, let plural) = word(i) { return (code, plural) }
        return nil
    }

    /// Whether piece `i` may begin an expression: a quick filter that keeps the scan cheap.
    func mayStart(_ i: Int) -> Bool {
        let piece = p[i]
        if piece.kind == .number { return true }
        switch piece.word {
        case .none: return Grammar.starters.contains(piece.lower) || Lexicon.holidayStarts.contains(piece.lower)
        default: return true
        }
    }

    static let starters: Set<String> = [
        "the", "this", "that", "these", "last", "next", "past", "coming", "previous", "following", "current", "same",
        "early", "earlier", "late", "later", "mid", "middle", "around", "about", "approximately", "roughly", "some",
        "nearly", "almost", "more", "less", "over", "under", "at", "no", "up", "a", "an", "another", "several", "few",
        "many", "couple", "each", "every", "daily", "weekly", "monthly", "yearly", "annually", "hourly", "nightly",
        "quarterly", "biweekly", "semiannually", "semiannual", "today", "tonight", "yesterday", "tomorrow", "now",
        "currently", "recent", "recently", "lately", "nowadays", "presently", "future", "once", "twice",
        "thrice", "fiscal", "calendar", "its", "their", "his", "her", "our", "year-ago", "year-earlier", "half",
        "'", "‘", "fy", "midnight", "noon", "midday", "overnight", "latest", "prior", "upcoming", "mid-", "just",
        "beginning", "end", "start", "close", "turn", "sometime", "weekend", "weekends", "right", "as", "fewer",
        "longer", "numerous", "initial", "final", "first", "second", "third", "fourth", "year", "spring", "fall",
        "summer", "winter", "autumn", "year's", "ago", "pre", "post", "circa", "nineties", "eighties", "seventies",
        "sixties", "fifties", "forties", "thirties", "twenties", "hundreds", "then", "one", "within", "per",
    ]

    // MARK: Dispatch

    /// The longest expression starting at `i`, with any modifier that precedes it.
    func best(at i: Int) -> Candidate? {
        var best: Candidate?
        func consider(_ candidate: Candidate?) {
            guard let candidate, candidate.end > candidate.first else { return }
            if best == nil || candidate.end > best!.end { best = candidate }
        }
        if let modifier = modifier(at: i) {
            if var core = core(at: modifier.end) {
                // "about five hours": TempEval-3's data mostly leaves "about" out of the extent;
                // the value keeps its mod
                core.first = modifier.word == "about" ? modifier.end : i
                core.mod = modifier.mod
                if modifier.kind == .position, let adjusted = applyPosition(modifier, to: core) { core = adjusted }
                let adverb = modifier.word == "earlier" || modifier.word == "later"
                if modifier.kind == .quantity {
                    if isDuration(core) || modifier.allowsPoints && acceptsApproximation(core) { consider(core) }
                } else if !(adverb && isDayLevel(core)) {
                    consider(core)
                }
            }
        }
        consider(core(at: i))
        guard var found = best else { return nil }
        // "the year ended March 31", "the fiscal year ending June 30": a year-long period closed
        // by the date that follows, a DURATION as TimeBank reads financial reports
        if case .point(.relative(.year, 0, _), nil) = found.meaning, found.mod == nil, lw(found.end - 1) == "year",
            isAny(found.end, ["ended", "ending"])
        {
            found.meaning = .fixed(.duration, "P1Y", quant: nil, freq: nil)
        }
        if let (end, mod) = postModifier(at: found.end) {
            found.end = end
            found.mod = found.mod ?? mod
        }
        return found
    }

    private func isDuration(_ candidate: Candidate) -> Bool {
        if case .fixed(let type, _, _, _) = candidate.meaning { return type == .duration }
        if case .point(.relative(let unit, let offset, _), nil) = candidate.meaning { return offset != 0 && unit != .quarter }  // "about two years ago"
        return false
    }

    /// Points that `about` and `around` may approximate: clock times, dates, months, years.
    private func acceptsApproximation(_ candidate: Candidate) -> Bool {
        switch candidate.meaning {
        case .point(_, .clock): return true
        case .point(.day, _), .point(.month, _), .point(.year(.explicit), _), .point(.decade, _): return true
        default: return false
        }
    }

    /// Days: `earlier Sunday`, `later today` keep the adverb out of the expression.
    private func isDayLevel(_ candidate: Candidate) -> Bool {
        switch candidate.meaning {
        case .point(.weekday, _), .point(.day, _): return true
        default: return false
        }
    }

    /// All core rules at `i`; the longest wins, earlier rules on ties.
    func core(at i: Int) -> Candidate? {
        var best: Candidate?
        func consider(_ candidate: Candidate?) {
            guard let candidate, candidate.end > candidate.first else { return }
            if best == nil || candidate.end > best!.end { best = candidate }
        }
        consider(clockTime(i))
        consider(dayName(i))
        consider(monthDate(i))
        consider(yearExpression(i))
        consider(deictic(i))
        consider(quarterOrHalf(i))
        consider(seasonExpression(i))
        consider(durationExpression(i))
        consider(setExpression(i))
        consider(reference(i))
        consider(holidayExpression(i))
        return best
    }

    // MARK: Modifiers

    enum ModifierKind { case position, quantity }

    struct Modifier {
        var end: Int
        var mod: String
        var kind: ModifierKind
        /// Quantity modifiers that also read well before a point (`around Nov. 1`, `about 1990`).
        var allowsPoints = false
        /// For `the first half of`, `the second half of`: which half.
        var half: Int? = nil
        /// The modifier word itself.
        var word = ""
    }

    /// `early`, `late`, `mid-`, `the end of`, `more than`, `at least`, `about` …
    func modifier(at i: Int) -> Modifier? {
        let w = lw(i)
        let next = lw(i + 1)
        var start = i
        // "the early 1990s", "the late 1980s", "the mid-1990s"
        if w == "the", ["early", "late", "mid", "mid-"].contains(next) { start = i + 1 }
        let first = lw(start)
        switch first {
        case "early", "earlier":
            if first == "earlier", !isAny(start + 1, ["this", "that", "in", "today", "tonight", "yesterday", "last", "next"]) && weekday(start + 1) == nil {
                return nil
            }
            return Modifier(end: start + 1, mod: "START", kind: .position, word: first)
        case "late", "later":
            if first == "later", !isAny(start + 1, ["this", "that", "in", "today", "tonight", "yesterday", "last", "next"]) && weekday(start + 1) == nil {
                return nil
            }
            return Modifier(end: start + 1, mod: "END", kind: .position, word: first)
        case "mid", "mid-", "middle":
            if first == "middle" { return nil }
            return Modifier(end: start + 1, mod: "MID", kind: .position)
        case "pre":
            if p.indices.contains(start + 1), p[start + 1].hyphenBefore { return Modifier(end: start + 1, mod: "BEFORE", kind: .position) }
            return nil
        case "post":
            if p.indices.contains(start + 1), p[start + 1].hyphenBefore { return Modifier(end: start + 1, mod: "AFTER", kind: .position) }
            return nil
        case "sometime":
            return Modifier(end: start + 1, mod: "", kind: .position)
        default:
            break
        }
        if w == "the" || w == "its" {
            // the beginning of / the start of / the end of / the middle of / the close of / the turn of
            let of = lw(i + 2) == "of"
            if of {
                switch next {
                case "beginning", "start", "outset", "dawn": return Modifier(end: i + 3, mod: "START", kind: .position)
                case "end", "close": return Modifier(end: i + 3, mod: "END", kind: .position)
                case "middle", "height": return Modifier(end: i + 3, mod: "MID", kind: .position)
                default: break
                }
            }
            if ["first", "second", "last", "latter", "back"].contains(next), lw(i + 2) == "half", lw(i + 3) == "of" {
                return Modifier(end: i + 4, mod: "", kind: .position, half: next == "first" ? 1 : 2)
            }
        }
        if w == "end", lw(i + 1) == "of", i > 0, !isAny(i - 1, ["the", "an", "its", "this"]) {
            return Modifier(end: i + 2, mod: "END", kind: .position)
        }
        // Quantities, for durations (and a few points).
        switch w {
        case "about", "around", "approximately", "roughly", "circa", "some", "nearly":
            return Modifier(end: i + 1, mod: "APPROX", kind: .quantity, allowsPoints: w != "some" && w != "nearly", word: w)
        case "almost":
            return Modifier(end: i + 1, mod: "LESS_THAN", kind: .quantity)
        case "more", "longer", "fewer", "less":
            if next == "than" {
                return Modifier(end: i + 2, mod: w == "more" || w == "longer" ? "MORE_THAN" : "LESS_THAN", kind: .quantity)
            }
        case "over":
            // "over a week", "over two years" (not "over the past two years")
            if next == "a" || next == "an" || cardinal(i + 1) != nil { return Modifier(end: i + 1, mod: "MORE_THAN", kind: .quantity) }
        case "under":
            if next == "a" || next == "an" || cardinal(i + 1) != nil { return Modifier(end: i + 1, mod: "LESS_THAN", kind: .quantity) }
        case "just":
            if next == "over" || next == "under" {
                return Modifier(end: i + 2, mod: next == "over" ? "MORE_THAN" : "LESS_THAN", kind: .quantity)
            }
        case "at":
            if next == "least" { return Modifier(end: i + 2, mod: "EQUAL_OR_MORE", kind: .quantity) }
            if next == "most" { return Modifier(end: i + 2, mod: "EQUAL_OR_LESS", kind: .quantity) }
        case "no":
            if (next == "more" || next == "less" || next == "fewer") && lw(i + 2) == "than" {
                return Modifier(end: i + 3, mod: next == "more" ? "EQUAL_OR_LESS" : "EQUAL_OR_MORE", kind: .quantity)
            }
        case "up":
            if next == "to", cardinal(i + 2) != nil || lw(i + 2) == "a" { return Modifier(end: i + 2, mod: "EQUAL_OR_LESS", kind: .quantity) }
        default:
            break
        }
        return nil
    }

    /// What a position modifier does to a value beyond setting `mod`: `the first half of 1990` is
    /// `1990-H1`.
    private func applyPosition(_ modifier: Modifier, to core: Candidate) -> Candidate? {
        guard let half = modifier.half else { return nil }
        var core = core
        core.mod = nil
        if case .point(.year(let year), nil) = core.meaning {
            core.meaning = .point(.part(year, .half(half)), nil)
        } else if case .point(.relative(.year, let n, let anchor), nil) = core.meaning {
            core.meaning = .point(.part(.relative(n, anchor), .half(half)), nil)
        } else if case .point(.decade, _) = core.meaning {
            core.mod = half == 1 ? "START" : "END"
        } else {
            core.mod = half == 1 ? "START" : "END"
        }
        return core
    }

    /// `or so`, `or more`, `and beyond`, `or later`.
    func postModifier(at i: Int) -> (Int, String)? {
        let w = lw(i)
        let next = lw(i + 1)
        if w == "or" {
            switch next {
            case "so": return (i + 2, "APPROX")
            case "more", "longer": return (i + 2, "EQUAL_OR_MORE")
            case "less": return (i + 2, "EQUAL_OR_LESS")
            case "later": return (i + 2, "ON_OR_AFTER")
            case "earlier": return (i + 2, "ON_OR_BEFORE")
            default: return nil
            }
        }
        if w == "and", next == "beyond" { return (i + 2, "ON_OR_AFTER") }
        return nil
    }

    // MARK: Numbers

    /// A plain number written in digits: `3`, `1,000`, `2.5`.
    func numeric(_ i: Int) -> Double? {
        guard i >= 0, i < p.count, p[i].kind == .number else { return nil }
        if let integer = p[i].integer { return Double(integer) }
        var value = 0.0
        var fraction = 0.0
        var scale = 1.0
        var seenDot = false
        var digits = 0
        for scalar in p[i].text.unicodeScalars {
            if scalar.value >= 48, scalar.value <= 57 {
                digits += 1
                if seenDot {
                    scale /= 10
                    fraction += Double(scalar.value - 48) * scale
                } else {
                    value = value * 10 + Double(scalar.value - 48)
                }
            } else if scalar == ",", !seenDot {
                continue
            } else if scalar == ".", !seenDot {
                seenDot = true
            } else {
                return nil
            }
        }
        return digits > 0 && digits <= 12 ? value + fraction : nil
    }

    /// A cardinal number at `i`: digits with an optional fraction (`2 1/2`), or words
    /// (`twenty-four`, `a hundred`, `two thousand`, `one and a half`).
    func cardinal(_ i: Int) -> (value: Double, end: Int)? {
        guard i >= 0, i < p.count else { return nil }
        if let value = numeric(i) {
            var end = i + 1
            var total = value
            // "2 1/2"
            if let numerator = integer(end), lw(end + 1) == "/", let denominator = integer(end + 2), denominator > numerator,
                denominator <= 16, numerator > 0
            {
                total += Double(numerator) / Double(denominator)
                end += 3
            } else if lw(end) == "½" {
                total += 0.5
                end += 1
            }
            return (total, end)
        }
        var index = i
        if lw(i) == "a" || lw(i) == "one", ["hundred", "thousand", "dozen"].contains(lw(i + 1)) { index = i + 1 }
        var total = 0
        var current = 0
        var lastKind = 0  // 0 none, 1 ones/teens, 2 tens, 3 hundred, 4 thousand
        var end = i
        while index < p.count, case .cardinal(let value) = p[index].word {
            switch value {
            case 100:
                guard lastKind == 0 || lastKind == 1 else { break }
                current = max(current, 1) * 100
                lastKind = 3
            case 1000:
                guard lastKind != 4 else { break }
                total += max(current, 1) * 1000
                current = 0
                lastKind = 4
            case 12 where p[index].lower == "dozen":
                guard lastKind <= 1 else { break }
                current = max(current, 1) * 12
                lastKind = 5
            case 20...90:
                guard lastKind == 0 || lastKind >= 3, lastKind != 5 else { break }
                current += value
                lastKind = 2
            default:
                guard lastKind == 0 || lastKind == 2 || lastKind >= 3, lastKind != 5 else { break }
                if lastKind == 2, value >= 10 { break }
                current += value
                lastKind = 1
            }
            if lastKind == 0 { break }
            index += 1
            end = index
            // "two hundred and fifty"
            if lw(index) == "and", lastKind >= 3, case .cardinal(let next) = word(index + 1), next < 100 { index += 1 }
        }
        guard end > i else { return nil }
        var value = Double(total + current)
        // "one and a half", "two and a half"
        if lw(end) == "and", lw(end + 1) == "a", lw(end + 2) == "half" {
            value += 0.5
            end += 3
        }
        return (value, end)
    }

    // MARK: Years

    static let yearPrepositions: Set<String> = [
        "in", "since", "until", "till", "through", "during", "before", "after", "between", "circa", "from",
        "throughout", "by", "of", "to", "for", "and", "or", "early", "late", "mid", "fiscal", "year", "as", "on",
        "at", "around", "about", "than", "spring", "summer", "fall", "autumn", "winter", "christmas", "end",
        "beginning", "start", "middle", "pre", "post", "—", "–", "-", "(", "[", "year's",
    ]

    /// Prepositions after which a 4-digit number could still be a count (`of 2000 people`).
    static let countPrepositions: Set<String> = ["by", "of", "to", "for", "and", "or", "from", "than", "about", "around", "as", "at", "on", "—", "–", "-", "("]

    static let determiners: Set<String> = ["the", "its", "his", "her", "their", "our", "my", "your", "this", "that", "a", "whose", "'s"]

    /// Words that may follow a year without making it a count (`in 2015 the …`, `2015 was`).
    static let yearFollowers: Set<String> = [
        "and", "or", "to", "through", "when", "as", "but", "the", "a", "an", "with", "was", "were", "is", "are", "had",
        "has", "have", "he", "she", "it", "they", "we", "i", "you", "that", "which", "while", "in", "on", "at", "for",
        "from", "by", "of", "until", "after", "before", "because", "if", "so", "there", "this", "its", "his", "her",
        "their", "will", "would", "could", "also", "alone", "onward", "onwards", "forward", "levels", "level",
        "election", "elections", "campaign", "budget", "season", "census", "olympics", "games", "world", "model",
        "figures", "figure", "results", "earnings", "prices", "price", "rate", "rates", "deadline",
        "agreement", "accord", "deal", "treaty", "war", "summit", "law", "act", "plan", "crisis", "report",
        "nuclear", "peace", "presidential", "general", "national", "fiscal", "first", "second", "third", "fourth",
        "half", "quarter", "period", "versus", "vs", "vs.", "compared", "saw", "marked", "brought", "ended", "began",
        "since", "where", "who", "nor", "then", "too", "only", "yet", "ago", "later", "earlier",         "estimate", "estimates", "forecast", "target", "goal", "lows", "low", "highs", "high", "peak", "total",
        "sales", "revenue", "profit", "loss", "losses", "net", "issue", "edition", "version", "survey", "study",
        "attack", "attacks", "bombing", "bombings", "invasion", "revolution", "uprising", "coup", "talks", "visit",
        "meeting", "meetings", "vote", "referendum", "race", "cup", "tournament", "championship", "final", "finals",
        "values", "value", "dollars", "terms", "standards", "contract", "contracts", "transaction", "merger",
    ]

    /// Whether the 4-digit number at `i` is a year (`in 2015`, `the 2015 deal`) and not a count
    /// (`2015 people`, `$2015`, `2015 percent`).
    func isYear(_ i: Int) -> Bool {
        guard let value = integer(i), p[i].digits == 4, (1000...2199).contains(value) else { return false }
        let prev = lw(i - 1)
        let next = lw(i + 1)
        if ["$", "€", "£", "¥", "#", "no.", "nos.", "number", "flight", "route", "highway", "interstate", "room", "page",
            "pages", "channel", "model", "boeing", "airbus", "apollo", "section", "article", "resolution", "code",
            "rule", "form", "line", "bus", "suite", "box", "unit", "lot", "gate", "pier", "exit", "row", "seat", "mile",
            "street", "avenue", "dow", "index", "nasdaq", "s&p", "at", "to", "from", "by"].contains(prev) && !yearContextBefore(i) {
            if !["at", "to", "from", "by"].contains(prev) { return false }
        }
        if next == "%" || next == "percent" || next == "per" || next == "p.m." || next == "a.m." || next == ":" { return false }
        if i + 1 < p.count, p[i + 1].kind == .number, !p[i + 1].hyphenBefore { return false }  // "2015 2016"
        if i > 0, p[i - 1].kind == .number, !p[i].hyphenBefore, month(i - 2) == nil { return false }
        if i > 0, p[i].hyphenBefore, p[i - 1].kind == .number, !isYear(i - 1) { return false }  // "10-2015"
        let strongBefore = Grammar.yearPrepositions.contains(prev) || month(i - 1) != nil || season(i - 1) != nil
            || (prev == "," && (month(i - 2) != nil || p.indices.contains(i - 2) && p[i - 2].kind == .number))
        let countable = Grammar.countPrepositions.contains(prev)
        let nextIsWord = i + 1 < p.count && p[i + 1].kind == .word && !p[i + 1].hyphenBefore
        let nextIsContentWord = nextIsWord && !Grammar.yearFollowers.contains(next) && !(p[i + 1].capitalized && !caseless)
            && !next.hasSuffix("ed") && !Lexicon.irregularPast.contains(next) && month(i + 1) == nil
        if strongBefore && !countable { return value >= 1000 }
        if Grammar.determiners.contains(prev) { return value >= 1500 && !(prev == "a" && nextIsContentWord) }
        if countable { return !nextIsContentWord && value >= 1600 && (value <= 2100 || yearContextBefore(i)) }
        return !nextIsContentWord && (1600...2100).contains(value)
    }

    /// A month, season or "year" right before.
    private func yearContextBefore(_ i: Int) -> Bool {
        month(i - 1) != nil || lw(i - 1) == "year" || lw(i - 1) == "fiscal"
    }

    /// A year in two digits after an apostrophe (`'89`), as a 4-digit year.
    func apostropheYear(_ i: Int) -> (year: Int, end: Int)? {
        guard lw(i) == "'" || lw(i) == "’" || p.indices.contains(i) && p[i].text == "‘", let value = integer(i + 1), p[i + 1].digits == 2
        else { return nil }
        return (value >= 30 ? 1900 + value : 2000 + value, i + 2)
    }

    /// Spelled-out years: `nineteen ninety-six`, `nineteen eighty`, `two thousand`, `two thousand and one`.
    func spelledYear(_ i: Int) -> (year: Int, end: Int)? {
        guard case .cardinal(let first) = word(i) else { return nil }
        if first == 2, lw(i + 1) == "thousand" {
            var end = i + 2
            var year = 2000
            var j = end
            if lw(j) == "and" { j += 1 }
            if case .cardinal(let rest) = word(j), rest < 100, rest > 0, let number = cardinal(j), number.value < 100 {
                year += Int(number.value)
                end = number.end
            }
            return (year, end)
        }
        guard (10...20).contains(first) else { return nil }
        if lw(i + 1) == "hundred" { return (first * 100, i + 2) }
        guard case .cardinal(let second) = word(i + 1), (20...90).contains(second), second % 10 == 0 else { return nil }
        var year = first * 100 + second
        var end = i + 2
        if case .cardinal(let ones) = word(i + 2), (1...9).contains(ones) {
            year += ones
            end = i + 3
        }
        return (year, end)
    }

    /// Years, decades and centuries: `1998`, `fiscal 1989`, `the year 2000`, `'89`, `the 1990s`,
    /// `the '90s`, `the nineties`, `the 20th century`, `nineteen ninety-six`.
    func yearExpression(_ i: Int) -> Candidate? {
        var start = i
        var j = i
        var the = false
        if lw(j) == "the" || lw(j) == "its" {
            the = true
            j += 1
        }
        // fiscal 1989, fiscal year 1989, the year 2000, calendar 1990, FY1990
        if ["fiscal", "calendar"].contains(lw(j)) {
            var k = j + 1
            if lw(k) == "year" { k += 1 }
            if let value = integer(k), p[k].digits == 4, (1000...2199).contains(value) {
                return Candidate(first: start, end: k + 1, meaning: .point(.year(.explicit(value)), nil))
            }
            if let (year, end) = apostropheYear(k) {
                return Candidate(first: start, end: end, meaning: .point(.year(.explicit(year)), nil))
            }
            if ["fiscal"].contains(lw(j)), lw(k - 1) == "year" {
                // "the fiscal year", "the current fiscal year"
                return the ? Candidate(first: start, end: k, meaning: .point(.relative(.year, 0, .deictic), nil)) : nil
            }
            return nil
        }
        if lw(j) == "year", the {
            if let value = integer(j + 1), p[j + 1].digits == 4, Grammar.plausibleYears.contains(value) {
                return Candidate(first: start, end: j + 2, meaning: .point(.year(.explicit(value)), nil))
            }
            if let (year, end) = spelledYear(j + 1) {
                return Candidate(first: start, end: end, meaning: .point(.year(.explicit(year)), nil))
            }
        }
        // Decades: 1990s, 1990's, '90s, the nineties
        let w = lw(j)
        if p.indices.contains(j), p[j].kind == .number, let decade = decadeValue(w) {
            if the || j == i { return Candidate(first: start, end: j + 1, meaning: decade) }
        }
        // '90s: the century is guessed the way two-digit years are ('30s and later: 1900s)
        if lw(j) == "'" || lw(j) == "‘", decadeValue(lw(j + 1)) != nil, j + 1 < p.count, p[j + 1].kind == .number,
            let two = Int(lw(j + 1).prefix(2))
        {
            let century = two >= 30 ? 19 : 20
            return Candidate(first: start, end: j + 2, meaning: .point(.decade(century * 10 + two / 10), nil))
        }
        if let tens = Grammar.decadeWords[w] {
            guard the || isAny(j - 1, ["early", "late", "mid", "mid-", "in", "the"]) else { return nil }
            // "the nineties" → 199 in the 1900s
            return Candidate(first: start, end: j + 1, meaning: .point(.decade(190 + tens / 10), nil))
        }
        // Centuries: the 20th century, the twentieth century, the 1900s
        if let ordinal = ordinal(j), lw(j + 1) == "century" {
            guard (1...30).contains(ordinal) else { return nil }
            return Candidate(first: start, end: j + 2, meaning: .point(.century(ordinal - 1), nil))
        }
        // Bare years
        if let value = integer(j), p[j].digits == 4 {
            if the {
                // "the 1988 period", "the 1988 quarter": leave to the quarter rule; a bare "the 1990" is rare.
                return nil
            }
            guard isYear(j) else { return nil }
            start = j
            return Candidate(first: start, end: j + 1, meaning: .point(.year(.explicit(value)), nil))
        }
        if !the, let (year, end) = apostropheYear(j), yearApostropheContext(j) {
            return Candidate(first: start, end: end, meaning: .point(.year(.explicit(year)), nil))
        }
        if !the, let (year, end) = spelledYear(j), year >= 1100 {
            // Spelled years need a context that says they are years, since "nineteen twenty" may count.
            let contextual = isAny(j - 1, ["in", "since", "until", "of", "by", "during", "early", "late", "and"]) || month(j - 1) != nil
                || (end - j >= 3) || p[j].capitalized
            if contextual { return Candidate(first: start, end: end, meaning: .point(.year(.explicit(year)), nil)) }
        }
        return nil
    }

    private func yearApostropheContext(_ i: Int) -> Bool {
        isAny(i - 1, ["in", "since", "until", "of", "by", "during", "early", "late", "mid", "from", "through", "and", "to", "class", "fiscal", "summer", "spring", "fall", "winter"])
            || month(i - 1) != nil
    }

    /// Years a text may name explicitly; a 4-digit number outside is not read as a year.
    static let plausibleYears = 1000...2999

    static let decadeWords: [String: Int] = [
        "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70, "eighties": 80,
        "nineties": 90,
    ]

    /// `1990s`, `1990's`, `90s` → a decade or century.
    private func decadeValue(_ text: String) -> Meaning? {
        var digits = 0
        var value = 0
        var rest = Substring(text)
        while let scalar = rest.unicodeScalars.first, scalar.value >= 48, scalar.value <= 57 {
            value = value * 10 + Int(scalar.value - 48)
            digits += 1
            rest = rest.dropFirst()
        }
        guard rest == "s" || rest == "'s" else { return nil }
        if digits == 4, value % 10 == 0 {
            if value % 100 == 0, value < 2000 { return .point(.century(value / 100), nil) }
            return .point(.decade(value / 10), nil)
        }
        if digits == 2, value % 10 == 0 { return .point(.decade(190 + value / 10), nil) }
        return nil
    }
}
