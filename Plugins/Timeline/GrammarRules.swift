import ArticleModel
import TextKit

/// The core rules of the time grammar, one family per method.
extension Grammar {
    // MARK: Clock times

    static let meridiem: [String: Bool] = ["a.m.": false, "am": false, "p.m.": true, "pm": true, "a.m": false, "p.m": true]
    static let zones: Set<String> = ["est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "et", "pt"]

    /// `3 p.m.`, `10:35 a.m. EST`, `noon`, `midnight`, `7 o'clock`; followed by a day
    /// (`3 p.m. Tuesday`, `5 p.m. EST Nov. 9`) it is one expression.
    func clockTime(_ i: Int) -> Candidate? {
        guard let (time, afterClock) = clock(i) else { return nil }
        var end = afterClock
        if Grammar.zones.contains(lw(end)) { end += 1 }
        var k = end
        if lw(k) == "," { k += 1 }
        if let (point, dateEnd) = dayReference(k) {
            return Candidate(first: i, end: dateEnd, meaning: .point(point, time))
        }
        return Candidate(first: i, end: end, meaning: .point(.relative(.day, 0, .anaphoric), time))
    }

    /// A clock time at `i` and where it ends.
    func clock(_ i: Int) -> (DayTime, Int)? {
        let w = lw(i)
        switch w {
        case "noon", "midday":
            if lw(i - 1) == "high" { return nil }  // "high noon": the moment of decision, an idiom
            return (.clock(hour: 12, minute: 0), i + 1)
        case "midnight": return (.clock(hour: 24, minute: 0), i + 1)
        default: break
        }
        guard i < p.count, p[i].kind == .number else { return nil }
        var hour: Int?
        var minute: Int?
        var end = i + 1
        var pm: Bool?
        if let h = p[i].integer, p[i].digits <= 2 {
            hour = h
        } else if let colon = w.firstIndex(of: ":") {
            let h = Int(w[w.startIndex..<colon])
            let rest = w[w.index(after: colon)...]
            guard let h, rest.count == 2, let m = Int(rest) else { return nil }
            hour = h
            minute = m
        } else {
            // "3pm", "10am"
            for (suffix, isPM) in [("pm", true), ("am", false), ("p.m.", true), ("a.m.", false)] where w.hasSuffix(suffix) {
                if let h = Int(w.dropLast(suffix.count)), w.count - suffix.count <= 2 {
                    hour = h
                    pm = isPM
                }
            }
            guard hour != nil else { return nil }
        }
        guard var h = hour else { return nil }
        if pm == nil {
            if let isPM = Grammar.meridiem[lw(end)] {
                pm = isPM
                end += 1
            } else if (lw(end) == "a" || lw(end) == "p"), lw(end + 1) == ".", lw(end + 2) == "m" || lw(end + 2) == "m." {
                pm = lw(end) == "p"
                end += 3
            } else if lw(end) == "o'clock" {
                end += 1
            } else if minute != nil, Grammar.zones.contains(lw(end)) || isAny(i - 1, ["at", "by", "until", "till", "before", "after", "around", "from"]) {
                // "14:30 GMT", "at 10:30"
            } else {
                return nil
            }
        }
        if let pm {
            guard (1...12).contains(h) else { return nil }
            if pm, h < 12 { h += 12 }
            if !pm, h == 12 { h = 0 }
        }
        guard (0...24).contains(h), (minute ?? 0) < 60, !(h == 24 && (minute ?? 0) > 0) else { return nil }
        return (.clock(hour: h, minute: minute), end)
    }

    /// A day a clock time can hang on: a weekday, `today`, `yesterday`, `tomorrow`, a month and day.
    func dayReference(_ k: Int) -> (Point, Int)? {
        switch lw(k) {
        case "today", "tonight": return (.relative(.day, 0, .deictic), k + 1)
        case "yesterday": return (.relative(.day, -1, .deictic), k + 1)
        case "tomorrow": return (.relative(.day, 1, .deictic), k + 1)
        default: break
        }
        if let named = dayName(k), case .point(let point, nil) = named.meaning { return (point, named.end) }
        if let date = explicitDate(k), case .day = date.point { return (date.point, date.end) }
        return nil
    }

    // MARK: Weekdays

    /// `Sunday`, `this Friday`, `last Monday`, `Friday, Oct. 13`, `Tuesday morning`, `Mondays`.
    func dayName(_ i: Int) -> Candidate? {
        var j = i
        var cue: Cue = .none
        var anchor: Anchor = .deictic
        switch lw(j) {
        case "this":
            if lw(j + 1) == "coming" {
                cue = .next
                j += 2
            } else if lw(j + 1) == "past" {
                cue = .last
                j += 2
            } else {
                cue = .this
                j += 1
            }
        case "last", "past", "previous": cue = .last; j += 1
        case "next", "coming": cue = .next; j += 1
        case "the":
            if isAny(j + 1, ["following", "next"]) {
                cue = .next
                anchor = .anaphoric
                j += 2
            } else if isAny(j + 1, ["previous", "preceding", "past"]) {
                cue = .last
                anchor = .anaphoric
                j += 2
            } else {
                return nil
            }
        default: break
        }
        guard let (day, plural) = weekday(j), isCap(j) else { return nil }
        if plural {
            guard cue == .none else { return nil }
            return Candidate(first: i, end: j + 1, meaning: .fixed(.set, "XXXX-WXX-\(day)", quant: nil, freq: nil))
        }
        var end = j + 1
        var point: Point = .weekday(day, cue, anchor)
        var k = end
        if lw(k) == "," { k += 1 }
        if let date = explicitDate(k), case .day = date.point {
            point = date.point
            end = date.end
        }
        var time: DayTime?
        if let part = partOfDay(end), !part.plural {
            time = .part(part.code)
            end += 1
        }
        return Candidate(first: i, end: end, meaning: .point(point, time))
    }

    // MARK: Months and dates

    /// An explicit calendar date at `i` and its end: `Nov. 9`, `November 9, 1989`, `9 November 1989`,
    /// `the 9th of November`, `November 1989`, `November`, `10/27/1989`, `1989-10-27`.
    func explicitDate(_ i: Int) -> (point: Point, end: Int)? {
        if let m = month(i), isCap(i) {
            // MONTH DAY [,] [YEAR]
            if let (d, dayEnd) = dayNumber(i + 1), !(p.indices.contains(i + 1) && p[i + 1].hyphenBefore) {
                var k = dayEnd
                if lw(k) == "," { k += 1 }
                if let year = explicitYear(k) {
                    guard CivilDate(year.value, m, d) != nil else { return nil }
                    return (.day(.explicit(year.value), month: m, day: d), year.end)
                }
                guard d <= CivilDate.daysIn(month: m, year: 2000) else { return nil }
                return (.day(.implied(.none), month: m, day: d), dayEnd)
            }
            // MONTH [,|of] YEAR
            var k = i + 1
            if lw(k) == "," || lw(k) == "of" { k += 1 }
            if let year = explicitYear(k), lw(i + 1) != "," || isYear(k) {
                return (.month(.explicit(year.value), m), year.end)
            }
            // A day number that cannot be: "February 30" is no date at all.
            if let value = integer(i + 1), p[i + 1].digits <= 2, value > 0, !p[i + 1].hyphenBefore { return nil }
            guard bareMonthOK(i) else { return nil }
            return (.month(.implied(.none), m), i + 1)
        }
        // DAY MONTH [YEAR]; the DAYth of MONTH [, YEAR]
        var j = i
        if lw(j) == "the", ordinal(j + 1) != nil { j += 1 }
        if let (d, dayEnd) = dayNumber(j), let m = month(lw(dayEnd) == "of" ? dayEnd + 1 : dayEnd),
            lw(dayEnd) == "of" || j == i, isCap(lw(dayEnd) == "of" ? dayEnd + 1 : dayEnd)
        {
            let k = lw(dayEnd) == "of" ? dayEnd + 1 : dayEnd
            if j == i, p[j].kind == .number, ordinal(j) == nil, lw(k) == "may" { return nil }
            var end = k + 1
            var l = end
            if lw(l) == "," { l += 1 }
            if let year = explicitYear(l) {
                guard CivilDate(year.value, m, d) != nil else { return nil }
                end = year.end
                return (.day(.explicit(year.value), month: m, day: d), end)
            }
            guard d <= CivilDate.daysIn(month: m, year: 2000) else { return nil }
            return (.day(.implied(.none), month: m, day: d), end)
        }
        // Numeric dates: 10/27/1989, 10/27/89, 1989-10-27
        if let date = numericDate(i) { return date }
        return nil
    }

    /// A day of the month at `i`: `9`, `9th`, `ninth`, `twenty-first`.
    func dayNumber(_ i: Int) -> (Int, Int)? {
        if let value = integer(i), p[i].digits <= 2, (1...31).contains(value) {
            if lw(i + 1) == "%" || Grammar.meridiem[lw(i + 1)] != nil { return nil }
            return (value, i + 1)
        }
        if let value = ordinal(i), (1...31).contains(value) {
            return (value, i + 1)
        }
        // twenty-first, thirty-first
        if case .cardinal(let tens) = word(i), tens == 20 || tens == 30, let ones = ordinal(i + 1), ones < 10 {
            return (tens + ones, i + 2)
        }
        return nil
    }

    /// A year written in full after a date (`1989`, `'89`), validated for range.
    func explicitYear(_ k: Int) -> (value: Int, end: Int)? {
        if let value = integer(k), p[k].digits == 4, Grammar.plausibleYears.contains(value) {
            if lw(k + 1) == "%" || lw(k + 1) == "percent" { return nil }
            return (value, k + 1)
        }
        if let (year, end) = apostropheYear(k) { return (year, end) }
        if let (year, end) = spelledYear(k), year >= 1100 { return (year, end) }
        return nil
    }

    /// Whether a month name standing alone is the month (`in May`) and not a verb, modal or name
    /// (`may`, `May I`, `April Glaspie`).
    func bareMonthOK(_ i: Int) -> Bool {
        let w = lw(i)
        guard isCap(i) else { return false }
        if ["jan", "feb", "aug", "sept", "nov", "oct", "dec", "apr"].contains(w) { return false }
        let prev = lw(i - 1)
        let strong: Set<String> = [
            "in", "since", "until", "till", "by", "from", "through", "during", "of", "last", "next", "this", "early",
            "late", "mid", "mid-", "before", "after", "between", "each", "every", "that", "and", "or", "to", "on",
            "for", "around", "about", "throughout", "past", "coming", "end", "beginning", "start", "middle",
        ]
        // A capitalised word right after that is not a date part reads as a name ("April Glaspie").
        if i + 1 < p.count, p[i + 1].kind == .word, p[i + 1].capitalized, !caseless, month(i + 1) == nil,
            weekday(i + 1) == nil, !Grammar.zones.contains(p[i + 1].lower)
        {
            return false
        }
        if i > 0, p[i - 1].kind == .word, p[i - 1].capitalized, !caseless, !strong.contains(prev), !isSentenceStart(i - 1) {
            return false  // "Sister April", "Operation March"
        }
        if w == "may" || w == "march" || w == "august" {
            if strong.contains(prev) { return true }
            if prev == "," && (month(i - 2) != nil) { return true }
            if caseless { return false }
            return !isSentenceStart(i) && w != "may" || (w == "may" && !isSentenceStart(i) && !isVerbAfterMay(i + 1))
        }
        if w.hasSuffix(".") { return strong.contains(prev) }
        return true
    }

    private func isVerbAfterMay(_ i: Int) -> Bool {
        // "... May be", "May have": a modal in a title-cased line.
        isAny(i, ["be", "have", "not", "also", "well", "never", "still", "soon", "take", "make", "go", "get", "come", "need", "want", "see"])
    }

    func isSentenceStart(_ i: Int) -> Bool {
        guard i > 0 else { return true }
        if p[i].sentence != p[i - 1].sentence { return true }
        let prev = p[i - 1].lower
        return prev == "." || prev == "\"" || prev == "“" || prev == "``" || prev == ":" || prev == "(" || prev == "--" || prev == "_" || p[i].newlineBefore
    }

    /// `10/27/1989`, `10/27/89`, `1989-10-27`.
    func numericDate(_ i: Int) -> (point: Point, end: Int)? {
        // 1989-10-27 comes as one hyphenated number token, split into pieces
        if let y = integer(i), p[i].digits == 4, p.indices.contains(i + 2), p[i + 1].hyphenBefore, p[i + 2].hyphenBefore,
            let m = integer(i + 1), let d = integer(i + 2), p[i + 1].digits == 2, p[i + 2].digits == 2
        {
            guard Grammar.plausibleYears.contains(y), CivilDate(y, m, d) != nil else { return nil }
            return (.day(.explicit(y), month: m, day: d), i + 3)
        }
        guard let m = integer(i), p[i].digits <= 2, lw(i + 1) == "/", let d = integer(i + 2), p[i + 2].digits <= 2,
            lw(i + 3) == "/", let yy = integer(i + 4), p[i + 4].digits == 4 || p[i + 4].digits == 2
        else { return nil }
        let year = p[i + 4].digits == 4 ? yy : (yy >= 30 ? 1900 + yy : 2000 + yy)
        guard CivilDate(year, m, d) != nil else { return nil }
        return (.day(.explicit(year), month: m, day: d), i + 5)
    }

    /// Month-based expressions with their cue words: `June 13`, `last April`, `early next month` is
    /// elsewhere; `this September`, `next May`, `mid-November` (via the modifier).
    func monthDate(_ i: Int) -> Candidate? {
        var j = i
        var cue: Cue = .none
        switch lw(j) {
        case "this": cue = .this; j += 1
        case "last", "past", "previous": cue = .last; j += 1
        case "next", "coming": cue = .next; j += 1
        default: break
        }
        if cue != .none {
            guard let m = month(j), isCap(j) else { return nil }
            // "last April", "this September"; a day may follow ("next May 5")
            if let (d, dayEnd) = dayNumber(j + 1), d <= CivilDate.daysIn(month: m, year: 2000) {
                return Candidate(first: i, end: dayEnd, meaning: .point(.day(.implied(cue), month: m, day: d), nil))
            }
            return Candidate(first: i, end: j + 1, meaning: .point(.month(.implied(cue), m), nil))
        }
        guard let date = explicitDate(i) else { return nil }
        var end = date.end
        var time: DayTime?
        if case .day = date.point, let part = partOfDay(end), !part.plural {
            time = .part(part.code)
            end += 1
        }
        // "June of last year", "April of this year"
        if case .month(.implied, let m) = date.point, lw(end) == "of", isAny(end + 1, ["this", "last", "next"]), lw(end + 2) == "year" {
            let offset = lw(end + 1) == "this" ? 0 : (lw(end + 1) == "last" ? -1 : 1)
            return Candidate(first: i, end: end + 3, meaning: .point(.month(.relative(offset, .deictic), m), nil))
        }
        // "February this year", "June last year": the year given after the month, one expression
        // (TempEval-3's data writes it whole or the month alone, never the year alone)
        if case .month(.implied, let m) = date.point, isAny(end, ["this", "last", "next"]), lw(end + 1) == "year" {
            let offset = lw(end) == "this" ? 0 : (lw(end) == "last" ? -1 : 1)
            return Candidate(first: i, end: end + 2, meaning: .point(.month(.relative(offset, .deictic), m), nil))
        }
        if case .month(.implied, let m) = date.point, lw(end) == "of", lw(end + 1) == "that", lw(end + 2) == "year" {
            return Candidate(first: i, end: end + 3, meaning: .point(.month(.relative(0, .anaphoric), m), nil))
        }
        return Candidate(first: i, end: end, meaning: .point(date.point, time))
    }

    // MARK: Relative expressions

    /// Nouns after `today's` that make it the present age rather than the day.
    static let presentAgeNouns: Set<String> = [
        "youth", "young", "world", "society", "generation", "children", "kids", "teenagers", "students", "families",
        "personal", "modern", "global", "america", "americans", "culture", "standards", "technology", "consumers",
    ]

    static let thisWords: Set<String> = ["this", "current", "present"]
    static let unitsForCues: Set<TimeUnit> = [.day, .week, .month, .quarter, .year, .decade, .century]

    /// `today`, `yesterday morning`, `tonight`, `last night`, `this week`, `last year`, `next month`,
    /// `the following day`, `that year`, `the weekend`, `two years ago`, `a week earlier`,
    /// `earlier in the year`.
    func deictic(_ i: Int) -> Candidate? {
        let w = lw(i)
        switch w {
        case "today", "tonight", "yesterday", "tomorrow":
            let offset = w == "yesterday" ? -1 : (w == "tomorrow" ? 1 : 0)
            var time: DayTime? = w == "tonight" ? .part("NI") : nil
            var end = i + 1
            if w != "tonight", let part = partOfDay(end), !part.plural {
                time = .part(part.code)
                end += 1
            }
            if w == "today" || w == "yesterday" || w == "tomorrow", i + 1 < p.count, p[i + 1].hyphenBefore { return nil }
            // "today's youth", "today's world": the present age in general, not the day
            if w == "today", lw(i + 1) == "'s", isAny(i + 2, Grammar.presentAgeNouns) { return nil }
            // "VOA Today", "USA Today": a name
            if w == "today", isCap(i), !caseless, !isSentenceStart(i), i > 0, p[i - 1].kind == .word, p[i - 1].capitalized { return nil }
            return Candidate(first: i, end: end, meaning: .point(.relative(.day, offset, .deictic), time))
        case "earlier", "later":
            // earlier in the year, later in the day
            if lw(i + 1) == "in", lw(i + 2) == "the", let (u, plural) = unit(i + 3), !plural, Grammar.unitsForCues.contains(u) {
                return Candidate(
                    first: i, end: i + 4, meaning: .point(.relative(u, 0, .anaphoric), nil), mod: w == "earlier" ? "START" : "END")
            }
            if lw(i + 1) == "in", lw(i + 2) == "the", lw(i + 3) == "week" || lw(i + 3) == "month" || lw(i + 3) == "year" {
                return nil
            }
        case "overnight":
            return nil
        case "morning", "afternoon", "evening":
            // "mid-afternoon", "by mid morning yesterday": a part of day after "mid" (the modifier
            // takes "mid"), on the day that follows or the day the narrative is at
            guard isAny(i - 1, ["mid", "mid-"]) else { return nil }
            let code = partOfDay(i)?.code ?? "AF"
            if let (point, end) = dayReference(i + 1) {
                return Candidate(first: i, end: end, meaning: .point(point, .part(code)))
            }
            return Candidate(first: i, end: i + 1, meaning: .point(.relative(.day, 0, .anaphoric), .part(code)))
        case "year-end", "yearend":
            return Candidate(first: i, end: i + 1, meaning: .point(.relative(.year, 0, .deictic), nil), mod: "END")
        default:
            break
        }
        // "year-end", "year's end"
        if w == "year", i + 1 < p.count, p[i + 1].hyphenBefore, lw(i + 1) == "end" {
            return Candidate(first: i, end: i + 2, meaning: .point(.relative(.year, 0, .deictic), nil), mod: "END")
        }
        if w == "year", lw(i + 1) == "'s", lw(i + 2) == "end" {
            return Candidate(first: i, end: i + 3, meaning: .point(.relative(.year, 0, .deictic), nil), mod: "END")
        }
        if w == "year's", lw(i + 1) == "end" {
            return Candidate(first: i, end: i + 2, meaning: .point(.relative(.year, 0, .deictic), nil), mod: "END")
        }
        // the week of March 6
        if w == "the", lw(i + 1) == "week", lw(i + 2) == "of", let date = explicitDate(i + 3), case .day(let year, let m, let d) = date.point {
            return Candidate(first: i, end: date.end, meaning: .point(.weekOf(year, month: m, day: d), nil))
        }
        // year-ago, year-earlier (as adjectives: "year-ago results"); year end
        if w == "year", i + 1 < p.count, p[i + 1].hyphenBefore, lw(i + 1) == "ago" || lw(i + 1) == "earlier" {
            return Candidate(first: i, end: i + 2, meaning: .point(.relative(.year, -1, .deictic), nil))
        }
        if w == "year", lw(i + 1) == "end", i + 1 < p.count, !p[i + 1].hyphenBefore {
            return Candidate(first: i, end: i + 2, meaning: .point(.relative(.year, 0, .deictic), nil), mod: "END")
        }
        // the day before yesterday, the day after tomorrow
        if w == "the", lw(i + 1) == "day", lw(i + 2) == "before", lw(i + 3) == "yesterday" {
            return Candidate(first: i, end: i + 4, meaning: .point(.relative(.day, -2, .deictic), nil))
        }
        if w == "the", lw(i + 1) == "day", lw(i + 2) == "after", lw(i + 3) == "tomorrow" {
            return Candidate(first: i, end: i + 4, meaning: .point(.relative(.day, 2, .deictic), nil))
        }
        // last night, this morning
        if w == "last", lw(i + 1) == "night" {
            return Candidate(first: i, end: i + 2, meaning: .point(.relative(.day, -1, .deictic), .part("NI")))
        }
        if w == "this", let part = partOfDay(i + 1), !part.plural {
            return Candidate(first: i, end: i + 2, meaning: .point(.relative(.day, 0, .deictic), .part(part.code)))
        }
        if let relative = agoExpression(i) { return relative }
        var j = i
        var the = false
        if w == "the" {
            the = true
            j += 1
        }
        var cueWord = lw(j)
        if cueWord == "this", lw(j + 1) == "past" || lw(j + 1) == "coming" {
            j += 1
            cueWord = lw(j)
        }
        // "that same day", "that very night": the same as "that day"
        if cueWord == "that", !the, isAny(j + 1, ["same", "very"]) { j += 1 }
        var k = j + 1
        if lw(k) == "fiscal" || lw(k) == "calendar" { k += 1 }
        // weekend
        if lw(k) == "weekend" || (the && cueWord == "weekend") {
            if the && cueWord == "weekend" {
                return Candidate(first: i, end: j + 1, meaning: .point(.weekend(.none, .deictic), nil))
            }
            switch cueWord {
            case "this": return Candidate(first: i, end: k + 1, meaning: .point(.weekend(.this, .deictic), nil))
            case "last", "past", "previous": return Candidate(first: i, end: k + 1, meaning: .point(.weekend(.last, the ? .anaphoric : .deictic), nil))
            case "next", "coming", "following": return Candidate(first: i, end: k + 1, meaning: .point(.weekend(.next, the ? .anaphoric : .deictic), nil))
            case "that", "same": return Candidate(first: i, end: k + 1, meaning: .point(.weekend(.this, .anaphoric), nil))
            default: return nil
            }
        }
        // part of day with anaphoric cues: the next morning, that night, the previous evening
        if let part = partOfDay(j + 1), !part.plural {
            switch cueWord {
            case "next" where the, "following" where the:
                return Candidate(first: i, end: j + 2, meaning: .point(.relative(.day, 1, .anaphoric), .part(part.code)))
            case "previous" where the, "preceding" where the:
                return Candidate(first: i, end: j + 2, meaning: .point(.relative(.day, -1, .anaphoric), .part(part.code)))
            case "that", "same":
                return Candidate(first: i, end: j + 2, meaning: .point(.relative(.day, 0, .anaphoric), .part(part.code)))
            default:
                break
            }
        }
        // "the year", "the quarter", "the month", "the week" in business reporting: the current one
        if the, let (u, plural) = unit(j), !plural, j == i + 1 {
            switch u {
            case .year, .week, .month:
                if lw(j + 1) == "before" || lw(j + 1) == "after" || lw(j + 1) == "earlier" { return nil }
                if p.indices.contains(j + 1), p[j + 1].hyphenBefore { return nil }
                if lw(j + 1) == "of" && u != .year { return nil }
                return Candidate(first: i, end: j + 1, meaning: .point(.relative(u, 0, .deictic), nil))
            default:
                return nil
            }
        }
        guard let (u, plural) = unit(k), !plural, Grammar.unitsForCues.contains(u), !p[k].hyphenBefore else { return nil }
        // "ABC News' This Week": a title-cased name mid-sentence
        if !caseless, !the, p[j].capitalized, p[k].capitalized, j > 0, p[j].sentence == p[j - 1].sentence, !p[j].newlineBefore,
            !isAny(j - 1, [".", ":", "--", "_"])
        {
            return nil
        }
        if p.indices.contains(k + 1), p[k + 1].hyphenBefore, !["end", "long"].contains(lw(k + 1)) { return nil }
        var offset: Int
        var anchor: Anchor = .deictic
        switch cueWord {
        case "this", "current", "present":
            guard cueWord == "this" || the || cueWord == "current" else { return nil }
            offset = 0
        case "last":
            if the, u != .day { return nil }  // "the last year": a duration, handled there
            offset = -1
        case "past":
            return nil  // "the past year": a duration
        case "previous", "prior", "preceding":
            offset = -1
            if the { anchor = .anaphoric }
        case "next", "coming", "upcoming":
            offset = 1
            if the {
                if u == .day { anchor = .anaphoric } else if isAny(i - 1, ["over", "for", "during", "within", "in", "throughout"]) {
                    return nil  // "over the next year": a duration
                }
            }
        case "following", "ensuing", "subsequent":
            guard the else { return nil }
            offset = 1
            anchor = .anaphoric
        case "that", "same":
            guard cueWord == "that" && !the || cueWord == "same" && the else { return nil }
            offset = 0
            anchor = .anaphoric
        case "latest", "recent":
            guard the, u == .quarter || u == .year else { return nil }
            offset = -1
        default:
            return nil
        }
        if u == .day, anchor == .deictic { return nil }  // "this day", "last day": not dates
        if u == .quarter, cueWord == "this" || cueWord == "current" { offset = 0 }
        return Candidate(first: i, end: k + 1, meaning: .point(.relative(u, offset, anchor), nil))
    }

    /// `two years ago`, `a week earlier`, `three days later`, `six months from now`, `years ago`.
    func agoExpression(_ i: Int) -> Candidate? {
        guard let (amount, unitIndex, quantityMod) = quantity(i), let (u, _) = unit(unitIndex) else { return nil }
        var k = unitIndex + 1
        var mod = quantityMod
        // "a week or so ago", "a year or so later"
        if lw(k) == "or", lw(k + 1) == "so", isAny(k + 2, ["ago", "earlier", "later", "back"]) {
            k += 2
            mod = mod ?? "APPROX"
        }
        var sign = 0
        var anchor: Anchor = .deictic
        var end = k + 1
        switch lw(k) {
        case "ago", "back": sign = -1
        case "earlier": sign = -1; anchor = .anaphoric
        case "later": sign = 1; anchor = .anaphoric
        case "hence": sign = 1
        case "from":
            guard lw(k + 1) == "now" else { return nil }
            sign = 1
            end = k + 2
        default: return nil
        }
        guard let amount else {
            return Candidate(first: i, end: end, meaning: .fixed(.date, sign < 0 ? "PAST_REF" : "FUTURE_REF", quant: nil, freq: nil), mod: mod)
        }
        // Whole units at that unit's granularity; fractions fall to the next smaller unit.
        var unitUsed = u
        var count = amount * Double(u.multiplier)
        if u == .decade || u == .century || u == .millennium { unitUsed = .year }
        if count != count.rounded() {
            switch unitUsed {
            case .year: unitUsed = .month; count *= 12
            case .month: unitUsed = .day; count *= 30
            case .week: unitUsed = .day; count *= 7
            case .day: unitUsed = .hour; count *= 24
            default: break
            }
        }
        guard count < 100_000 else { return nil }
        let n = Int(count.rounded())
        if unitUsed == .hour || unitUsed == .minute || unitUsed == .second {
            return Candidate(first: i, end: end, meaning: .fixed(.date, sign < 0 ? "PAST_REF" : "FUTURE_REF", quant: nil, freq: nil), mod: mod)
        }
        var candidate = Candidate(first: i, end: end, meaning: .point(.relative(unitUsed, sign * n, anchor), nil), mod: mod)
        candidate.counted = true
        return candidate
    }

    // MARK: Quantities and durations

    /// An amount before a unit: `three`, `2 1/2`, `a`, `a few`, `several`, `a couple of`, `another`.
    /// Returns the amount (nil when fuzzy), the index of the unit and a mod (`APPROX` for `a couple`).
    func quantity(_ i: Int) -> (Double?, Int, String?)? {
        let w = lw(i)
        switch w {
        case "a", "an", "one":
            if lw(i + 1) == "few" { return unit(i + 2) != nil ? (nil, i + 2, nil) : nil }
            if lw(i + 1) == "couple" {
                let k = lw(i + 2) == "of" ? i + 3 : i + 2
                return unit(k) != nil ? (2, k, "APPROX") : nil
            }
            if lw(i + 1) == "half", unit(i + 2) != nil { return (0.5, i + 2, nil) }
            if lw(i + 1) == "number", lw(i + 2) == "of", unit(i + 3) != nil { return (nil, i + 3, nil) }
            if isAny(i + 1, ["additional", "extra", "further", "full"]), let (_, plural) = unit(i + 2), !plural { return (1, i + 2, nil) }
            if let (_, plural) = unit(i + 1), !plural { return (1, i + 1, nil) }
            if w == "one", let (_, plural) = unit(i + 1), plural { return nil }
            if w == "one" || w == "a" { break }
            return nil
        case "few", "several", "many", "numerous":
            if let (_, plural) = unit(i + 1), plural { return (nil, i + 1, nil) }
            return nil
        case "couple":
            let k = lw(i + 1) == "of" ? i + 2 : i + 1
            return unit(k) != nil ? (2, k, "APPROX") : nil
        case "half":
            if lw(i + 1) == "a" || lw(i + 1) == "an", unit(i + 2) != nil { return (0.5, i + 2, nil) }
            return nil
        case "another", "additional":
            if let (value, end) = cardinal(i + 1), unit(end) != nil { return (value, end, nil) }
            if let (_, plural) = unit(i + 1), !plural { return (1, i + 1, nil) }
            return nil
        default:
            break
        }
        if let (u, plural) = unit(i), plural, u != .quarter, u != .second {
            return (nil, i, nil)  // bare plural: "years ago", "for years"
        }
        guard let (value, end) = cardinal(i), value > 0, value < 100_000 else { return nil }
        if unit(end) != nil { return (value, end, nil) }
        // "eight trading days", "two more weeks"
        if isAny(end, ["trading", "business", "working", "calendar", "more", "full", "straight", "consecutive"]), unit(end + 1) != nil {
            return (value, end + 1, nil)
        }
        return nil
    }

    /// `three days`, `two-year`, `a week`, `the past two months`, `the next few years`, `the first
    /// nine months`, `a year and a half`, `8-month-old`, `day-long`, `for years`.
    func durationExpression(_ i: Int) -> Candidate? {
        // "decade-long", "day-long", "year-long": one unit as an adjective
        if let (u, plural) = unit(i), !plural, p[i].hyphenAfter, lw(i + 1) == "long", !p[i].hyphenBefore {
            return Candidate(first: i, end: i + 2, meaning: .fixed(.duration, u.duration(1), quant: nil, freq: nil))
        }
        var j = i
        var the = false
        var cue = ""
        if lw(j) == "the" || lw(j) == "its" || lw(j) == "their" {
            the = true
            j += 1
        }
        if ["past", "last", "next", "coming", "previous", "following", "first", "final", "latest", "recent", "initial",
            "remaining", "preceding", "ensuing", "additional", "further", "subsequent", "same", "entire", "whole", "full",
            "prior"].contains(lw(j))
        {
            cue = lw(j)
            j += 1
        }
        if !the, !cue.isEmpty, !["past", "next", "another", "additional", "further", "first", "final", "last", "coming"].contains(cue) { return nil }
        if !cue.isEmpty, j < p.count, p[j].hyphenBefore { return nil }  // "last-minute"
        // "the past year", "the next decade", "past decade", "the full year", "the entire year": one unit
        if !cue.isEmpty, let (u, plural) = unit(j), !plural {
            let allowed: Bool
            switch cue {
            case "past": allowed = true
            case "last", "next", "coming", "first", "final": allowed = the && isAny(i - 1, ["over", "for", "during", "within", "in", "throughout", "of", "through"]) && u != .quarter
            case "full", "entire", "whole": allowed = the && u != .quarter
            default: allowed = false
            }
            guard allowed, u != .day || cue == "past" || cue == "full" || cue == "entire" || cue == "whole" else { return nil }
            if p.indices.contains(j + 1), p[j + 1].hyphenBefore { return nil }
            // "sales for the full year": the (fiscal) year reported on, as against its quarters
            if cue == "full", u == .year, !isAny(i - 1, ["a"]) {
                return Candidate(first: i, end: j + 1, meaning: .point(.relative(.year, 0, .deictic), nil))
            }
            return Candidate(first: i, end: j + 1, meaning: .fixed(.duration, u.duration(1), quant: nil, freq: nil))
        }
        guard let (amount, unitIndex, mod) = quantity(j), let (u, plural) = unit(unitIndex) else { return nil }
        if j == i, isRate(i) { return nil }
        if amount == nil, !plural { return nil }
        if u == .quarter, amount != nil, !(the && !cue.isEmpty) { return nil }  // "three quarters", "three-quarters"
        // A bare plural unit needs a context: "for years", "in years", "over decades".
        if unitIndex == j, plural, amount == nil, !["coming", "past", "next", "last"].contains(cue) {
            guard j == i, isAny(i - 1, ["for", "in", "over", "within", "after", "took", "take", "takes", "taking", "spent", "spend", "lasted", "last", "lasting"])
                || lw(unitIndex + 1) == "of" && isAny(i - 1, ["after", "for"])
            else { return nil }
        }
        var end = unitIndex + 1
        var value = amount
        // "a year and a half", "an hour and a half"
        if lw(end) == "and", lw(end + 1) == "a", lw(end + 2) == "half", let base = value {
            value = base + 0.5
            end += 3
        }
        if lw(end) == "ago" || lw(end) == "earlier" || lw(end) == "later" || lw(end) == "hence" || lw(end) == "back" { return nil }
        // "6-year-old": an age, not a time
        if end < p.count, p[end].hyphenBefore, lw(end) == "old" { return nil }
        // "52 years old": an age, which TimeBank does not annotate
        if lw(end) == "old" { return nil }
        // "60 Minutes", a name
        if p[unitIndex].capitalized, !caseless, !isSentenceStart(unitIndex), !p[unitIndex].hyphenBefore,
            unitIndex > 0, !p[unitIndex - 1].capitalized || p[unitIndex - 1].kind == .number
        {
            return nil
        }
        if lw(end) == "from", lw(end + 1) == "now" { return nil }
        // "years-old", "8-month-old" join through the token; "30 years old" keeps "old" out
        let text: String
        if let value {
            text = durationValue(value, u)
        } else {
            text = u.fuzzyDuration
        }
        // "the three days", "the nine months" stand; "the year" is not a duration here
        if the && cue.isEmpty && amount == 1 && (lw(j) == "a" || lw(j) == "an") { return nil }
        return Candidate(first: i, end: end, meaning: .fixed(.duration, text, quant: nil, freq: nil), mod: mod)
    }

    /// `a year` in `$5 million a year`, `358,000 a month`, `24 hours a day`: the unit of a rate
    /// after an amount, not a period of time.
    func isRate(_ i: Int) -> Bool {
        guard isAny(i, ["a", "an"]), let (_, plural) = unit(i + 1), !plural, i > 0 else { return false }
        if isAny(i + 2, ["ago", "earlier", "later", "before", "after", "from", "and", "or"]) { return false }
        if p.indices.contains(i + 2), p[i + 2].hyphenBefore { return false }
        if p[i - 1].kind == .number
            || isAny(i - 1, ["million", "billion", "trillion", "thousand", "hundred", "percent", "%", "dollars", "cents", "times", "hours", "days", "miles", "people", "barrels", "tons", "units", "shares", "jobs"])
        {
            return true
        }
        // "four flights a week", "700 seats a week": a counted plural noun before
        guard i > 1, p[i - 1].kind == .word, p[i - 1].lower.hasSuffix("s"), !p[i - 1].capitalized else { return false }
        if p[i - 2].kind == .number { return true }
        if case .cardinal = p[i - 2].word { return true }
        return false
    }

    /// A duration value for a possibly fractional amount: 2.5 years is `P2Y6M`, 1.5 hours `PT1H30M`.
    func durationValue(_ amount: Double, _ unit: TimeUnit) -> String {
        let whole = Int(amount)
        let fraction = amount - Double(whole)
        if fraction < 0.001 { return unit.duration(whole) }
        switch unit {
        case .year:
            let months = Int((fraction * 12).rounded())
            return whole > 0 ? "P\(whole)Y\(months)M" : "P\(months)M"
        case .decade, .century, .millennium:
            let years = Int((amount * Double(unit.multiplier)).rounded())
            return "P\(years)Y"
        case .month:
            let days = Int((fraction * 30).rounded())
            return whole > 0 ? "P\(whole)M\(days)D" : "P\(days)D"
        case .week:
            return "P\(Int((amount * 7).rounded()))D"
        case .day:
            let hours = Int((fraction * 24).rounded())
            return whole > 0 ? "P\(whole)DT\(hours)H" : "PT\(hours)H"
        case .hour:
            let minutes = Int((fraction * 60).rounded())
            return whole > 0 ? "PT\(whole)H\(minutes)M" : "PT\(minutes)M"
        case .minute:
            let seconds = Int((fraction * 60).rounded())
            return whole > 0 ? "PT\(whole)M\(seconds)S" : "PT\(seconds)S"
        case .quarter:
            return "P\(Int((amount * 3).rounded()))M"
        case .second:
            return "PT\(whole)S"
        }
    }

    // MARK: Quarters and halves

    /// `the third quarter`, `third-quarter`, `the fourth quarter of 1989`, `the year-ago quarter`,
    /// `the latest quarter`, `last year's fourth quarter`, `the first half`, `fiscal 1990 second-half`.
    func quarterOrHalf(_ i: Int) -> Candidate? {
        var j = i
        if lw(j) == "the" { j += 1 }
        var year: YearRef?
        var relativeQuarter: Int?
        var ordinalValue: Int?
        var steps = 0
        while steps < 4 {
            steps += 1
            let w = lw(j)
            if w == "fiscal" || w == "calendar" || w == "flat" || w == "strong" || w == "weak" || w == "same" || w == "comparable" || w == "corresponding" {
                if w == "same" || w == "comparable" || w == "corresponding" { relativeQuarter = relativeQuarter ?? -5 }
                j += 1
                continue
            }
            if let value = integer(j), p[j].digits == 4, Grammar.plausibleYears.contains(value) {
                year = .explicit(value)
                j += 1
                continue
            }
            if isAny(j, ["last", "next", "this"]), lw(j + 1) == "year", lw(j + 2) == "'s" {
                year = .relative(lw(j) == "last" ? -1 : (lw(j) == "next" ? 1 : 0), .deictic)
                j += 3
                continue
            }
            if isAny(j, ["last", "next", "this"]), lw(j + 1) == "year's" {
                year = .relative(lw(j) == "last" ? -1 : (lw(j) == "next" ? 1 : 0), .deictic)
                j += 2
                continue
            }
            if w == "year", p.indices.contains(j + 1), p[j + 1].hyphenBefore, lw(j + 1) == "ago" || lw(j + 1) == "earlier" {
                year = .relative(-1, .deictic)
                relativeQuarter = -5
                j += 2
                continue
            }
            if w == "year-ago" || w == "year-earlier" {
                year = .relative(-1, .deictic)
                relativeQuarter = -5
                j += 1
                continue
            }
            break
        }
        let cueWord = lw(j)
        switch cueWord {
        case "latest", "recent", "past", "most":
            if cueWord == "most" {
                guard lw(j + 1) == "recent" else { return nil }
                j += 1
            }
            if cueWord == "past", j == i { return nil }
            relativeQuarter = -1
            j += 1
        case "current", "this":
            relativeQuarter = 0
            j += 1
        case "last", "previous", "prior", "preceding":
            relativeQuarter = j == i || cueWord == "last" && lw(i) != "the" ? -1 : -2
            if cueWord == "last", j > i, lw(i) == "the", unit(j + 1)?.unit == .quarter { relativeQuarter = -1 }
            j += 1
        case "next", "coming":
            relativeQuarter = 1
            j += 1
        default:
            break
        }
        if let value = ordinal(j), (1...4).contains(value) {
            ordinalValue = value
            j += 1
        } else if ["final", "last"].contains(lw(j)) {
            ordinalValue = 4
            j += 1
        }
        if lw(j) == "fiscal" || lw(j) == "calendar" { j += 1 }
        let w = lw(j)
        guard w == "quarter" || w == "half" || (w == "period" && (relativeQuarter != nil || year != nil) && ordinalValue == nil) else { return nil }
        // An ordinal must be right there for "half"; "the last half" is a half.
        var end = j + 1
        if w == "half" {
            guard let ordinal = ordinalValue ?? (cueWord == "last" ? 2 : nil), ordinal <= 2 else { return nil }
            var yearRef = year ?? .implied(.none)
            if lw(end) == "of", let (y, yearEnd) = ofYear(end + 1) {
                yearRef = y
                end = yearEnd
            }
            return Candidate(first: i, end: end, meaning: .point(.part(yearRef, .half(ordinal)), nil))
        }
        if let ordinal = ordinalValue {
            var yearRef = year ?? .implied(.none)
            if lw(end) == "of", let (y, yearEnd) = ofYear(end + 1) {
                yearRef = y
                end = yearEnd
            }
            if relativeQuarter == -1 || relativeQuarter == -2, year == nil, cueWord == "last" || cueWord == "previous" { yearRef = .implied(.last) }
            if relativeQuarter == 1, year == nil { yearRef = .implied(.next) }
            return Candidate(first: i, end: end, meaning: .point(.part(yearRef, .quarter(ordinal)), nil))
        }
        // No ordinal: relative to the latest quarter, or the quarter of a given year.
        if let year, case .explicit = year {
            return Candidate(first: i, end: end, meaning: .point(.part(year, .quarter(0)), nil))
        }
        if w == "quarter", lw(i) == "the" || lw(i) == "its", j == i + 1 {
            // "the quarter": the latest one; "the quarter ended Sept. 30" stays too
            return Candidate(first: i, end: end, meaning: .point(.relative(.quarter, -1, .deictic), nil))
        }
        guard let relativeQuarter else { return nil }
        if w == "period", relativeQuarter == 0 { return nil }
        return Candidate(first: i, end: end, meaning: .point(.relative(.quarter, relativeQuarter, .deictic), nil))
    }

    /// The year after `of`: `1989`, `this year`, `last year`, `next year`, `fiscal 1990`, `the year`.
    func ofYear(_ k: Int) -> (YearRef, Int)? {
        if let value = integer(k), p[k].digits == 4, Grammar.plausibleYears.contains(value) { return (.explicit(value), k + 1) }
        if lw(k) == "fiscal", let value = integer(k + 1), p[k + 1].digits == 4, Grammar.plausibleYears.contains(value) { return (.explicit(value), k + 2) }
        if isAny(k, ["this", "last", "next"]), lw(k + 1) == "year" {
            return (.relative(lw(k) == "this" ? 0 : (lw(k) == "last" ? -1 : 1), .deictic), k + 2)
        }
        if lw(k) == "the", lw(k + 1) == "year" { return (.relative(0, .deictic), k + 2) }
        if lw(k) == "that", lw(k + 1) == "year" { return (.relative(0, .anaphoric), k + 2) }
        return nil
    }

    // MARK: Seasons

    /// `the summer`, `this summer`, `last fall`, `summer 1998`, `the spring of 1995`, `this past spring`.
    func seasonExpression(_ i: Int) -> Candidate? {
        var j = i
        var cue: Cue = .none
        var the = false
        var anaphoric = false
        if lw(j) == "the" {
            the = true
            j += 1
        }
        switch lw(j) {
        case "this":
            if lw(j + 1) == "past" { cue = .last; j += 2 } else if lw(j + 1) == "coming" { cue = .next; j += 2 } else { cue = .this; j += 1 }
        case "last", "past", "previous": cue = .last; j += 1
        case "next", "coming": cue = .next; j += 1
        case "that": anaphoric = true; j += 1
        default: break
        }
        if the, cue == .this { return nil }
        guard let (code, plural) = season(j), !plural else { return nil }
        var end = j + 1
        var year: YearRef = anaphoric ? .relative(0, .anaphoric) : .implied(cue)
        if lw(end) == "of", let (y, yearEnd) = ofYear(end + 1) {
            year = y
            end = yearEnd
        } else if let y = explicitYear(end), cue == .none {
            year = .explicit(y.value)
            end = y.end
        }
        // "fall" and "spring" alone are mostly verbs and nouns: they need a determiner, a cue or a year.
        if (code == "FA" || code == "SP") && !the && cue == .none && !anaphoric, case .implied = year {
            guard isAny(i - 1, ["in", "this", "last", "next", "by", "until", "since", "during", "early", "late", "mid", "until"]) && lw(j) != "fall" || lw(j) == "autumn" else { return nil }
        }
        if !the && cue == .none && !anaphoric, case .implied = year, !isAny(i - 1, ["in", "by", "until", "since", "during", "early", "late", "mid", "this", "through", "over", "till", "before", "after", "for", "of"]) {
            return nil
        }
        if p.indices.contains(end), p[end].hyphenBefore { return nil }
        return Candidate(first: i, end: end, meaning: .point(.part(year, .season(code)), nil))
    }

    // MARK: Sets

    static let adverbSets: [String: String] = [
        "daily": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
        "hourly": "PT1H", "semiannually": "P6M", "nightly": "P1D",
    ]

    /// `every week`, `each year`, `every other month`, `every Monday`, `daily`, `twice a week`,
    /// `$5 million a year`, `three times a day`.
    func setExpression(_ i: Int) -> Candidate? {
        let w = lw(i)
        if let value = Grammar.adverbSets[w] {
            // Names of publications ("China Daily", "Business Weekly") are not frequencies.
            if p[i].capitalized, !caseless, !isSentenceStart(i) { return nil }
            if p.indices.contains(i + 1), p[i + 1].hyphenBefore || lw(i - 1) == "the" && w != "daily" { return nil }
            if i > 0, p[i].hyphenBefore { return nil }
            // "the Communist Party daily Granma", "average daily volume"
            if i + 1 < p.count, p[i + 1].capitalized, !caseless, p[i + 1].kind == .word { return nil }
            // "a daily rally", "the daily tally" are frequencies too; "average daily volume" is a measure
            if isAny(i - 1, ["average", "party", "national"]) || w != "daily" && isAny(i - 1, ["a", "the"]) { return nil }
            // "rise 8.5% annually", "10,000 units annually": a growth rate or output, not a set
            if isAny(i - 1, ["%", "percent"]) || i > 1 && p[i - 1].lower.hasSuffix("s") && p[i - 2].kind == .number { return nil }
            return Candidate(first: i, end: i + 1, meaning: .fixed(.set, value, quant: nil, freq: nil))
        }
        if w == "every" || w == "each" {
            let quant = w.uppercased()
            var j = i + 1
            var amount = 1
            if lw(j) == "other" {
                amount = 2
                j += 1
            } else if let (value, end) = cardinal(j), value >= 1, value < 1000, value == value.rounded(), unit(end) != nil {
                amount = Int(value)
                j = end
            }
            if let (u, plural) = unit(j), !plural || amount > 1 {
                if p.indices.contains(j + 1), p[j + 1].hyphenBefore { return nil }
                return Candidate(first: i, end: j + 1, meaning: .fixed(.set, u.duration(amount), quant: quant, freq: nil))
            }
            if let (day, plural) = weekday(j), !plural, isCap(j) {
                var end = j + 1
                var value = "XXXX-WXX-\(day)"
                if let part = partOfDay(end), !part.plural {
                    value += "T" + part.code
                    end += 1
                }
                return Candidate(first: i, end: end, meaning: .fixed(.set, value, quant: quant, freq: nil))
            }
            if let m = month(j), isCap(j), amount == 1 {
                return Candidate(first: i, end: j + 1, meaning: .fixed(.set, "XXXX-" + TimexFormat.pad(m, 2), quant: quant, freq: nil))
            }
            if let (code, _) = season(j), amount == 1 {
                return Candidate(first: i, end: j + 1, meaning: .fixed(.set, "XXXX-" + code, quant: quant, freq: nil))
            }
            if let (code, _) = partOfDay(j), amount == 1 {
                return Candidate(first: i, end: j + 1, meaning: .fixed(.set, "XXXX-XX-XXT" + code, quant: quant, freq: nil))
            }
            if lw(j) == "weekend", amount == 1 {
                return Candidate(first: i, end: j + 1, meaning: .fixed(.set, "XXXX-WXX-WE", quant: quant, freq: nil))
            }
            return nil
        }
        // once a week, twice a year, three times a day
        var times: Int?
        var j = i
        switch w {
        case "once": times = 1; j += 1
        case "twice": times = 2; j += 1
        case "thrice": times = 3; j += 1
        default:
            if let (value, end) = cardinal(i), lw(end) == "times", value == value.rounded(), value < 1000 {
                times = Int(value)
                j = end + 1
            }
        }
        if let times {
            guard isAny(j, ["a", "an", "per", "each", "every"]), let (u, plural) = unit(j + 1), !plural else { return nil }
            return Candidate(first: i, end: j + 2, meaning: .fixed(.set, u.duration(1), quant: nil, freq: "\(times)X"))
        }
        // "per day"; "$5 million a year", "20 hours a week" are rates, which TimeBank leaves out
        if w == "per", let (u, plural) = unit(i + 1), !plural, u != .quarter, u != .decade, u != .century {
            if p.indices.contains(i + 2), p[i + 2].hyphenBefore { return nil }
            return Candidate(first: i, end: i + 2, meaning: .fixed(.set, u.duration(1), quant: nil, freq: nil))
        }
        if w == "weekends", isAny(i - 1, ["on", "at"]) {
            return Candidate(first: i, end: i + 1, meaning: .fixed(.set, "XXXX-WXX-WE", quant: nil, freq: nil))
        }
        return nil
    }

    // MARK: References

    /// `now`, `currently`, `recently`, `the past`, `the future`, `recent years`, `the coming months`.
    func reference(_ i: Int) -> Candidate? {
        let w = lw(i)
        func ref(_ end: Int, _ value: String) -> Candidate {
            Candidate(first: i, end: end, meaning: .fixed(.date, value, quant: nil, freq: nil))
        }
        switch w {
        case "now":
            if i > 0, p[i].hyphenBefore { return nil }
            return ref(i + 1, "PRESENT_REF")
        case "currently", "presently", "nowadays":
            return ref(i + 1, "PRESENT_REF")
        case "current":
            if p.indices.contains(i + 1), p[i + 1].hyphenBefore { return nil }
            if isAny(i + 1, ["account", "accounts", "events", "affairs", "of", "in", "flows", "flow", "and"]) { return nil }
            if isAny(i - 1, ["a", "an"]) { return nil }
            return ref(i + 1, "PRESENT_REF")
        case "these":
            return lw(i + 1) == "days" ? ref(i + 2, "PRESENT_REF") : nil
        case "recently", "lately":
            return ref(i + 1, "PAST_REF")
        case "more", "most":
            return lw(i + 1) == "recently" ? ref(i + 2, "PAST_REF") : nil
        case "recent":
            // "recent years": a stretch of unspecified length reaching the present
            if let (u, plural) = unit(i + 1), plural {
                return Candidate(first: i, end: i + 2, meaning: .fixed(.duration, u.fuzzyDuration, quant: nil, freq: nil))
            }
            if p.indices.contains(i + 1), p[i + 1].hyphenBefore { return nil }
            if isAny(i - 1, ["most"]) { return nil }
            return ref(i + 1, "PAST_REF")
        case "past":
            if let (_, plural) = unit(i + 1), plural, i > 0, !isAny(i - 1, ["the"]) { return ref(i + 2, "PAST_REF") }
            return nil
        case "coming", "future":
            if let (_, plural) = unit(i + 1), plural { return ref(i + 2, "FUTURE_REF") }
            return nil
        case "the":
            let next = lw(i + 1)
            switch next {
            case "past":
                if lw(i + 2) == "," || lw(i + 2) == "." || lw(i + 2) == "and" || lw(i + 2) == "or" || lw(i + 2) == "''" || lw(i + 2) == "”" || lw(i + 2) == ")" || lw(i + 2) == "\"" || i + 2 >= p.count || lw(i + 2) == "year" && false {
                    return ref(i + 2, "PAST_REF")
                }
                if cardinal(i + 2) == nil, unit(i + 2) == nil, quantity(i + 2) == nil, weekday(i + 2) == nil, month(i + 2) == nil, season(i + 2) == nil, lw(i + 2) != "weekend", lw(i + 2) != "few", lw(i + 2) != "several" {
                    if p.indices.contains(i + 2), p[i + 2].kind == .word, !isAny(i + 2, Grammar.pastFollowers) { return nil }
                    return ref(i + 2, "PAST_REF")
                }
                return nil
            case "recent":
                if lw(i + 2) == "past" { return ref(i + 3, "PAST_REF") }
                if let (u, plural) = unit(i + 2), plural {
                    return Candidate(first: i, end: i + 3, meaning: .fixed(.duration, u.fuzzyDuration, quant: nil, freq: nil))
                }
                return nil
            case "future":
                return ref(i + 2, "FUTURE_REF")
            case "near", "distant", "foreseeable", "immediate", "not-too-distant":
                if lw(i + 2) == "future" { return ref(i + 3, "FUTURE_REF") }
                if next == "near", lw(i + 2) == "term" { return ref(i + 3, "FUTURE_REF") }
                return nil
            case "short", "long", "medium":
                return lw(i + 2) == "term" && next == "short" ? ref(i + 3, "FUTURE_REF") : nil
            case "days", "weeks", "months", "years":
                if lw(i + 2) == "ahead", let (u, _) = unit(i + 1) {
                    return Candidate(first: i, end: i + 3, meaning: .fixed(.duration, u.fuzzyDuration, quant: nil, freq: nil))
                }
                return nil
            case "coming", "next":
                if let (_, plural) = unit(i + 2), plural, next == "coming" { return ref(i + 3, "FUTURE_REF") }
                if next == "next", lw(i + 2) == "few", let (_, plural) = unit(i + 3), plural { return nil }
                return nil
            case "present":
                if isAny(i + 2, [",", ".", "day", "time"]) || i + 2 >= p.count {
                    if lw(i + 2) == "day" { return ref(i + 3, "PRESENT_REF") }
                    return ref(i + 2, "PRESENT_REF")
                }
                return nil
            case "moment":
                return isAny(i - 1, ["at", "for"]) ? ref(i + 2, "PRESENT_REF") : nil
            default:
                return nil
            }
        case "as":
            if lw(i + 1) == "soon", lw(i + 2) == "as", lw(i + 3) == "possible" { return ref(i + 4, "FUTURE_REF") }
            return nil
        default:
            return nil
        }
    }

    static let pastFollowers: Set<String> = ["when", "that", "because", "but", "as", "is", "was", "has", "had", "have", "will", "would", "to", "in", "we", "they", "it", "he", "she", "i", "you", "there", "the"]

    // MARK: Holidays

    /// `Christmas`, `Thanksgiving Day`, `last Christmas`, `New Year's Day`, `Easter 1998`.
    func holidayExpression(_ i: Int) -> Candidate? {
        var j = i
        var cue: Cue = .none
        switch lw(j) {
        case "this": cue = .this; j += 1
        case "last", "past": cue = .last; j += 1
        case "next", "coming": cue = .next; j += 1
        default: break
        }
        guard Lexicon.holidayStarts.contains(lw(j)), isCap(j) else { return nil }
        var bestEnd = 0
        var bestHoliday: Holiday?
        var key: [String] = []
        for length in 1...4 {
            let k = j + length - 1
            guard k < p.count else { break }
            key.append(p[k].lower)
            if let holiday = Lexicon.holidays[key] {
                bestEnd = k + 1
                bestHoliday = holiday
            }
        }
        guard let holiday = bestHoliday else { return nil }
        var end = bestEnd
        var year: YearRef = .implied(cue)
        if cue == .none, let y = explicitYear(end) {
            year = .explicit(y.value)
            end = y.end
        }
        return Candidate(first: i, end: end, meaning: .point(.holiday(holiday, year), nil))
    }
}
