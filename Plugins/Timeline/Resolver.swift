import ArticleModel

/// The time relative expressions are counted from.
struct Reference: Sendable {
    var date: CivilDate
    var hour: Int?
    var minute: Int?
    /// What it is: `publishedAt` or `dateline`.
    var source: String
}

/// A resolved expression: TIMEX3 type and value, and what the value was counted from.
struct Resolved: Sendable {
    var type: TimexType
    var value: String
    var anchor: String?
    /// The day the value starts on, when it names a known stretch of the calendar.
    var day: CivilDate?
    /// The granularity of the value: a day-level value can anchor `the next day`.
    var unit: TimeUnit?
}

/// Turns meanings into TIMEX3 values against a reference time, the tense around each expression
/// and the narrative so far: anaphoric expressions (`the next day`, `that year`) count from the
/// last date the text itself gave at a fine enough granularity, falling back to the reference.
/// Without a reference, deictic values stay underspecified (`XXXX-06-13`, `XXXX-WXX-7`).
struct Resolver {
    let reference: Reference?
    /// The last resolved day-, month- and year-level points, with the timex ids they came from.
    private(set) var lastDay: (CivilDate, String)?
    private(set) var lastMonth: (CivilDate, String)?
    private(set) var lastYear: (CivilDate, String)?
    /// The last quarter-level value: its first day and where it ended (piece index).
    private var lastQuarter: (CivilDate, Int)?
    private var lastQuarterID = ""
    private var lastEnd = 0

    init(reference: Reference?) {
        self.reference = reference
    }

    mutating func resolve(_ candidate: Candidate, tense: Tense, id: String) -> Resolved {
        defer { lastEnd = candidate.end }
        // "a year ago" once the text reports on a quarter: that quarter a year back
        if candidate.counted, case .point(.relative(.year, let years, _), nil) = candidate.meaning,
            let (quarterStart, _) = lastQuarter
        {
            let shifted = relative(quarterStart, .quarter, years * 4, anchor: lastQuarterID)
            remember(shifted, id: id, point: .relative(.quarter, years * 4, .anaphoric))
            return shifted
        }
        switch candidate.meaning {
        case .fixed(let type, let value, _, _):
            return Resolved(type: type, value: value)
        case .point(let point, let time):
            var resolved = resolve(point, tense: tense)
            if let time {
                // A named day with a part of day ("Sunday night") is a DATE in TempEval-3's data;
                // clock times and "this morning", "last night" are TIMEs.
                switch (point, time) {
                case (.weekday, .part), (.day, .part): resolved.type = .date
                default: resolved.type = .time
                }
                if case .part = time, resolved.type == .date {
                    // TempEval-3's data writes "Sunday night" as the day alone
                } else if resolved.unit == .day {
                    resolved.value += timeSuffix(time)
                } else if resolved.value.hasPrefix("XXXX-XX-XX") || resolved.value.hasPrefix("XXXX-WXX-") {
                    resolved.value += timeSuffix(time)
                }
            }
            remember(resolved, id: id, point: point)
            // the quarter reported on; "the year-ago quarter" is only compared with it
            var comparison = false
            if case .relative(.quarter, let offset, _) = point, offset <= -4 { comparison = true }
            if resolved.unit == .quarter, resolved.value.contains("-Q"), let day = resolved.day, !comparison {
                lastQuarter = (day, candidate.end)
                lastQuarterID = id
            }
            return resolved
        }
    }

    private func timeSuffix(_ time: DayTime) -> String {
        switch time {
        case .part(let code): return "T" + code
        case .clock(let hour, let minute): return "T" + TimexFormat.pad(hour, 2) + ":" + TimexFormat.pad(minute ?? 0, 2)
        }
    }

    /// Dates the text gives move the narrative. Any day does (`On Sunday … the next day`); months
    /// and years only when the text names them (`In 1995 … a year later`), since `a year earlier`
    /// after `last year` still counts from the publication date in news.
    private mutating func remember(_ resolved: Resolved, id: String, point: Point) {
        guard let day = resolved.day, let unit = resolved.unit else { return }
        var deictic = false
        switch point {
        case .relative(_, _, .deictic), .weekend, .weekday: deictic = true
        default: break
        }
        if unit <= .day { lastDay = (day, id) }
        if unit <= .month, !deictic { lastMonth = (day, id) }
        if unit <= .year, !deictic { lastYear = (day, id) }
    }

    // MARK: Points

    func resolve(_ point: Point, tense: Tense) -> Resolved {
        switch point {
        case .year(let yearRef):
            guard let (year, anchor) = year(yearRef, tense: tense, probe: nil) else {
                return Resolved(type: .date, value: "XXXX")
            }
            return Resolved(type: .date, value: TimexFormat.year(year), anchor: anchor, day: CivilDate(year, 1, 1), unit: .year)
        case .month(let yearRef, let m):
            guard let (year, anchor) = year(yearRef, tense: tense, probe: (m, nil)) else {
                return Resolved(type: .date, value: "XXXX-" + TimexFormat.pad(m, 2))
            }
            return Resolved(type: .date, value: TimexFormat.month(year, m), anchor: anchor, day: CivilDate(year, m, 1), unit: .month)
        case .day(let yearRef, let m, let d):
            guard let (year, anchor) = year(yearRef, tense: tense, probe: (m, d)), let date = CivilDate(year, m, d) else {
                return Resolved(type: .date, value: "XXXX-" + TimexFormat.pad(m, 2) + "-" + TimexFormat.pad(d, 2))
            }
            return Resolved(type: .date, value: date.description, anchor: anchor, day: date, unit: .day)
        case .weekday(let day, let cue, let anchorKind):
            guard let (base, anchor) = base(for: .day, anchorKind) else { return Resolved(type: .date, value: "XXXX-WXX-\(day)") }
            var shift: Int
            let back = (base.weekday - day + 7) % 7
            let forward = (day - base.weekday + 7) % 7
            switch cue {
            case .last: shift = -(back == 0 ? 7 : back)
            case .next: shift = forward == 0 ? 7 : forward
            case .this: shift = tense == .past ? -back : forward
            case .none:
                switch tense {
                case .past, .unknown: shift = -back
                case .future, .present: shift = forward
                }
            }
            guard let date = base.adding(days: shift) else { return Resolved(type: .date, value: "XXXX-WXX-\(day)") }
            return Resolved(type: .date, value: date.description, anchor: anchor, day: date, unit: .day)
        case .relative(let unit, let offset, let anchorKind):
            guard let (base, anchor) = base(for: unit, anchorKind) else {
                return Resolved(type: .date, value: Resolver.underspecified(unit))
            }
            return relative(base, unit, offset, anchor: anchor)
        case .part(let yearRef, let part):
            return resolvePart(yearRef, part, tense: tense)
        case .decade(let decade):
            return Resolved(type: .date, value: TimexFormat.pad(decade, 3), day: CivilDate(decade * 10, 1, 1), unit: .decade)
        case .century(let century):
            return Resolved(type: .date, value: TimexFormat.pad(century, 2), day: CivilDate(max(1, century * 100), 1, 1), unit: .century)
        case .holiday(let holiday, let yearRef):
            return resolveHoliday(holiday, yearRef, tense: tense)
        case .weekOf(let yearRef, let m, let d):
            let day = resolve(.day(yearRef, month: m, day: d), tense: tense)
            guard let date = day.day else { return Resolved(type: .date, value: "XXXX-WXX") }
            let (y, w) = date.isoWeek
            return Resolved(type: .date, value: TimexFormat.week(y, w), anchor: day.anchor, day: CivilDate.monday(ofISOWeek: w, year: y), unit: .week)
        case .weekend(let cue, let anchorKind):
            guard let (base, anchor) = base(for: .day, anchorKind) else { return Resolved(type: .date, value: "XXXX-WXX-WE") }
            var weekShift: Int
            switch cue {
            case .this: weekShift = 0
            case .last: weekShift = -1
            case .next: weekShift = 1
            case .none:
                // the weekend just past, unless the clause looks ahead
                let inWeekend = base.weekday >= 6
                switch tense {
                case .future, .present: weekShift = base.weekday == 7 ? 1 : 0
                default: weekShift = inWeekend ? 0 : -1
                }
            }
            guard let date = base.adding(days: weekShift * 7) else { return Resolved(type: .date, value: "XXXX-WXX-WE") }
            let (y, w) = date.isoWeek
            return Resolved(type: .date, value: TimexFormat.week(y, w) + "-WE", anchor: anchor, day: CivilDate.monday(ofISOWeek: w, year: y)?.adding(days: 5), unit: .week)
        }
    }

    /// The base date for a relative expression and what to name as its anchor.
    private func base(for unit: TimeUnit, _ kind: Anchor) -> (CivilDate, String)? {
        if kind == .anaphoric {
            let last: (CivilDate, String)?
            switch unit {
            case .second, .minute, .hour, .day, .week: last = lastDay
            case .month, .quarter: last = lastMonth
            default: last = lastYear
            }
            if let last { return last }
        }
        guard let reference else { return nil }
        return (reference.date, reference.source)
    }

    static func underspecified(_ unit: TimeUnit) -> String {
        switch unit {
        case .second, .minute, .hour, .day: "XXXX-XX-XX"
        case .week: "XXXX-WXX"
        case .month: "XXXX-XX"
        case .quarter: "XXXX-QX"
        case .year: "XXXX"
        case .decade: "XXX"
        case .century, .millennium: "XX"
        }
    }

    private func relative(_ base: CivilDate, _ unit: TimeUnit, _ offset: Int, anchor: String) -> Resolved {
        let failed = Resolved(type: .date, value: Resolver.underspecified(unit))
        switch unit {
        case .second, .minute, .hour, .day:
            guard let date = base.adding(days: offset) else { return failed }
            return Resolved(type: .date, value: date.description, anchor: anchor, day: date, unit: .day)
        case .week:
            guard let date = base.adding(days: offset * 7) else { return failed }
            let (y, w) = date.isoWeek
            return Resolved(type: .date, value: TimexFormat.week(y, w), anchor: anchor, day: CivilDate.monday(ofISOWeek: w, year: y), unit: .week)
        case .month:
            guard let date = base.adding(months: offset) else { return failed }
            return Resolved(type: .date, value: TimexFormat.month(date.year, date.month), anchor: anchor, day: CivilDate(date.year, date.month, 1), unit: .month)
        case .quarter:
            let index = base.year * 4 + (base.quarter - 1) + offset
            let year = index >= 0 ? index / 4 : (index - 3) / 4
            let quarter = index - year * 4 + 1
            guard CivilDate.years.contains(year) else { return failed }
            return Resolved(type: .date, value: TimexFormat.year(year) + "-Q\(quarter)", anchor: anchor, day: CivilDate(year, quarter * 3 - 2, 1), unit: .quarter)
        case .year:
            let year = base.year + offset
            guard CivilDate.years.contains(year) else { return failed }
            return Resolved(type: .date, value: TimexFormat.year(year), anchor: anchor, day: CivilDate(year, 1, 1), unit: .year)
        case .decade:
            let decade = base.year / 10 + offset
            guard decade >= 0, decade <= 999 else { return failed }
            return Resolved(type: .date, value: TimexFormat.pad(decade, 3), anchor: anchor, day: CivilDate(max(1, decade * 10), 1, 1), unit: .decade)
        case .century, .millennium:
            let century = base.year / 100 + offset
            guard century >= 0, century <= 99 else { return failed }
            return Resolved(type: .date, value: TimexFormat.pad(century, 2), anchor: anchor, day: CivilDate(max(1, century * 100), 1, 1), unit: .century)
        }
    }

    // MARK: Years

    /// The year for a year reference; `probe` (month, day) places an implied year by cue and tense.
    private func year(_ ref: YearRef, tense: Tense, probe: (Int, Int?)?) -> (Int, String?)? {
        switch ref {
        case .explicit(let year):
            return CivilDate.years.contains(year) ? (year, nil) : nil
        case .relative(let offset, let kind):
            guard let (base, anchor) = base(for: .year, kind) else { return nil }
            let year = base.year + offset
            return CivilDate.years.contains(year) ? (year, anchor) : nil
        case .implied(let cue):
            guard let reference else { return nil }
            let base = reference.date
            guard let (month, day) = probe else { return (base.year, reference.source) }
            // Compare (month, day) with the reference; a month alone compares by month.
            let target = month * 100 + (day ?? 0)
            let now = base.month * 100 + (day == nil ? 0 : base.day)
            var year = base.year
            switch cue {
            case .this: break
            case .last: if target >= now { year -= 1 }
            case .next: if target <= now { year += 1 }
            case .none:
                year = Resolver.nearestYear(month: month, day: day, base: base, tense: tense)
            }
            return CivilDate.years.contains(year) ? (year, reference.source) : nil
        }
    }

    /// The year that puts `month` (and `day`) nearest the reference when that is within four
    /// months; farther off, the tense decides (past: the last one, future: the next one), as
    /// news refers to dates around its own.
    static func nearestYear(month: Int, day: Int?, base: CivilDate, tense: Tense) -> Int {
        func offset(_ year: Int) -> Double {
            let months = Double((year * 12 + month) - (base.year * 12 + base.month))
            return months + (Double(day ?? 15) - Double(base.day)) / 31
        }
        let years = [base.year - 1, base.year, base.year + 1]
        let nearest = years.min { abs(offset($0)) < abs(offset($1)) }!
        // a clause that looks ahead does not name a month just past ("will fly in December", in March)
        if abs(offset(nearest)) <= 4, !(tense == .future && offset(nearest) < -0.5) { return nearest }
        switch tense {
        case .past: return years.last { offset($0) <= 0 } ?? nearest
        case .future: return years.first { offset($0) >= 0 } ?? nearest
        case .present, .unknown: return nearest
        }
    }

    private func resolvePart(_ yearRef: YearRef, _ part: YearPart, tense: Tense) -> Resolved {
        switch part {
        case .quarter(var quarter):
            if quarter == 0 {
                // "the 1988 quarter": the quarter the reference last completed, in that year
                guard let reference else { return Resolved(type: .date, value: "XXXX-QX") }
                quarter = reference.date.quarter == 1 ? 4 : reference.date.quarter - 1
            }
            let probeMonth = quarter * 3 - 1
            if case .implied(.none) = yearRef, let reference {
                // Reports name quarters that have begun: in October, "the first quarter" is this
                // year's (a fiscal year's, often), not the coming one; a clause that looks ahead
                // names the next one unless the latest began within six months ("expects
                // third-quarter results", in October).
                let base = reference.date
                var year = quarter * 3 - 2 <= base.month ? base.year : base.year - 1
                if tense == .future, (base.year - year) * 12 + base.month - (quarter * 3 - 2) > 6 { year += 1 }
                return Resolved(
                    type: .date, value: TimexFormat.year(year) + "-Q\(quarter)", anchor: reference.source,
                    day: CivilDate(year, quarter * 3 - 2, 1), unit: .quarter)
            }
            guard let (year, anchor) = year(yearRef, tense: tense, probe: (probeMonth, nil)) else {
                return Resolved(type: .date, value: "XXXX-Q\(quarter)")
            }
            return Resolved(type: .date, value: TimexFormat.year(year) + "-Q\(quarter)", anchor: anchor, day: CivilDate(year, quarter * 3 - 2, 1), unit: .quarter)
        case .half(let half):
            guard let (year, anchor) = year(yearRef, tense: tense, probe: (half == 1 ? 3 : 9, nil)) else {
                return Resolved(type: .date, value: "XXXX-H\(half)")
            }
            return Resolved(type: .date, value: TimexFormat.year(year) + "-H\(half)", anchor: anchor, day: CivilDate(year, half == 1 ? 1 : 7, 1), unit: .quarter)
        case .season(let code):
            let month: Int
            switch code {
            case "SP": month = 4
            case "SU": month = 7
            case "FA": month = 10
            default: month = 12
            }
            var ref = yearRef
            // Winter runs into the next year: in January, "this winter" began last December.
            if code == "WI", case .implied(let cue) = yearRef, let reference, reference.date.month <= 2, cue == .this || cue == .none {
                ref = .relative(-1, .deictic)
            }
            guard let (year, anchor) = year(ref, tense: tense, probe: (month, nil)) else {
                return Resolved(type: .date, value: "XXXX-" + code)
            }
            return Resolved(type: .date, value: TimexFormat.year(year) + "-" + code, anchor: anchor, day: CivilDate(year, month - 1, 1), unit: .quarter)
        }
    }

    private func resolveHoliday(_ holiday: Holiday, _ yearRef: YearRef, tense: Tense) -> Resolved {
        let unknown: String
        if case .fixed(let m, let d) = holiday {
            unknown = "XXXX-" + TimexFormat.pad(m, 2) + "-" + TimexFormat.pad(d, 2)
        } else {
            unknown = "XXXX-XX-XX"
        }
        switch yearRef {
        case .implied(let cue):
            guard let reference else { return Resolved(type: .date, value: unknown) }
            let base = reference.date
            let options = [base.year - 1, base.year, base.year + 1].compactMap { holiday.date(in: $0) }
            let chosen: CivilDate?
            switch cue {
            case .last: chosen = options.last { $0 < base }
            case .next: chosen = options.first { $0 > base }
            case .this: chosen = options.first { $0.year == base.year }
            case .none:
                switch tense {
                case .past: chosen = options.last { $0 <= base }
                case .future: chosen = options.first { $0 >= base }
                default: chosen = options.first { $0.year == base.year }
                }
            }
            guard let date = chosen else { return Resolved(type: .date, value: unknown) }
            return Resolved(type: .date, value: date.description, anchor: reference.source, day: date, unit: .day)
        default:
            guard let (year, anchor) = year(yearRef, tense: tense, probe: nil), let date = holiday.date(in: year) else {
                return Resolved(type: .date, value: unknown)
            }
            return Resolved(type: .date, value: date.description, anchor: anchor, day: date, unit: .day)
        }
    }
}
