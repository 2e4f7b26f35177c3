/// A day of the proleptic Gregorian calendar, with the arithmetic TIMEX3 normalisation needs:
/// day counts, weekdays, ISO weeks, month and year steps that clamp the day (January 31 + 1 month
/// is February 28 or 29).
///
/// Years are limited to `CivilDate.years` so that every value prints as four digits; arithmetic
/// that would leave that range returns `nil` rather than inventing a date.
struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    /// The years a resolved value may have.
    static let years = 1...9999

    /// A valid date, or `nil` (February 30, month 13, year 0 or 10000).
    init?(_ year: Int, _ month: Int, _ day: Int) {
        guard CivilDate.years.contains(year), (1...12).contains(month), day >= 1,
            day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeap(year) ? 29 : 28
        default: 0
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01, when its year is in range.
    init?(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year, month, day)
    }

    /// ISO weekday: 1 Monday … 7 Sunday.
    var weekday: Int {
        let n = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return (n < 0 ? n + 7 : n) + 1
    }

    func adding(days: Int) -> CivilDate? {
        guard abs(days) < 4_000_000 else { return nil }
        return CivilDate(dayNumber: dayNumber + days)
    }

    /// Adds months, clamping the day to the target month's length.
    func adding(months: Int) -> CivilDate? {
        guard abs(months) < 200_000 else { return nil }
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        guard CivilDate.years.contains(newYear) else { return nil }
        return CivilDate(newYear, newMonth, min(day, CivilDate.daysIn(month: newMonth, year: newYear)))
    }

    func adding(years: Int) -> CivilDate? { adding(months: years * 12) }

    /// ISO 8601 week-numbering year and week (1…53).
    var isoWeek: (year: Int, week: Int) {
        // The week's Thursday decides the year.
        let thursday = dayNumber - weekday + 4
        guard let date = CivilDate(dayNumber: thursday) else { return (year, 1) }
        let january1 = CivilDate(date.year, 1, 1)?.dayNumber ?? thursday
        return (date.year, (thursday - january1) / 7 + 1)
    }

    /// The Monday of ISO week `week` of `year`.
    static func monday(ofISOWeek week: Int, year: Int) -> CivilDate? {
        guard let january4 = CivilDate(year, 1, 4) else { return nil }
        let mondayWeek1 = january4.dayNumber - (january4.weekday - 1)
        return CivilDate(dayNumber: mondayWeek1 + (week - 1) * 7)
    }

    /// 1…4.
    var quarter: Int { (month - 1) / 3 + 1 }

    var description: String { TimexFormat.date(year, month, day) }

    static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Dates of holidays that news text names.
enum Holiday: Sendable {
    /// A fixed day of the year (`Christmas`: 12-25).
    case fixed(month: Int, day: Int)
    /// The `ordinal`-th `weekday` of `month` (1 first … 4 fourth, -1 last): Thanksgiving is the 4th
    /// Thursday of November.
    case nth(month: Int, weekday: Int, ordinal: Int)
    /// Days after Western Easter Sunday (Good Friday is -2).
    case easter(offset: Int)

    func date(in year: Int) -> CivilDate? {
        switch self {
        case .fixed(let month, let day):
            return CivilDate(year, month, day)
        case .nth(let month, let weekday, let ordinal):
            if ordinal > 0 {
                guard let first = CivilDate(year, month, 1) else { return nil }
                let shift = (weekday - first.weekday + 7) % 7
                return first.adding(days: shift + (ordinal - 1) * 7)
            }
            guard let last = CivilDate(year, month, CivilDate.daysIn(month: month, year: year)) else { return nil }
            return last.adding(days: -((last.weekday - weekday + 7) % 7))
        case .easter(let offset):
            // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
            let a = year % 19, b = year / 100, c = year % 100
            let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
            let h = (19 * a + b - d - g + 15) % 30
            let i = c / 4, k = c % 4
            let l = (32 + 2 * e + 2 * i - h - k) % 7
            let m = (a + 11 * h + 22 * l) / 451
            let month = (h + l - 7 * m + 114) / 31
            let day = (h + l - 7 * m + 114) % 31 + 1
            return CivilDate(year, month, day)?.adding(days: offset)
        }
    }
}

/// Formatting of TIMEX3 values.
enum TimexFormat {
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func year(_ year: Int) -> String { pad(year, 4) }
    static func month(_ year: Int, _ month: Int) -> String { pad(year, 4) + "-" + pad(month, 2) }
    static func date(_ year: Int, _ month: Int, _ day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
    static func week(_ year: Int, _ week: Int) -> String { pad(year, 4) + "-W" + pad(week, 2) }
    static func date(_ date: CivilDate) -> String { date.description }
}
