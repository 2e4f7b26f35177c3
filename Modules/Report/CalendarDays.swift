import ArticleModel

/// Days since 1970-01-01 in the proleptic Gregorian calendar, and back: the time axis of every chart.
enum CalendarDays {
    /// The day number of a calendar date (after Howard Hinnant's `days_from_civil`).
    static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day number.
    static func date(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD` of a day number.
    static func isoDate(_ days: Int) -> String {
        let (year, month, day) = date(days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Monday of the ISO week that contains `days` (1970-01-01 was a Thursday).
    static func weekStart(_ days: Int) -> Int {
        let weekday = ((days % 7) + 7 + 3) % 7  // 0 = Monday
        return days - weekday
    }

    /// The first day of the month that contains `days`.
    static func monthStart(_ days: Int) -> Int {
        let (year, month, _) = date(days)
        return day(year: year, month: month, day: 1)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

/// The stretch of days a TIMEX3 value stands for, when it is a calendar value: `2025`, `2025-06`,
/// `2025-06-13`, `2025-06-13T08:30`, `2025-W25`, `2025-Q2`, `2025-H1`, `2025-SU`, `201` (a decade).
/// References (`PRESENT_REF`), durations, sets and years left unknown (`XXXX-06-13`) have none.
struct TimexRange: Hashable {
    /// First day, as a day number.
    var start: Int
    /// Day after the last.
    var end: Int

    /// Whether the value names a single day (or a time within one).
    var isDay: Bool { end - start == 1 }

    init?(value: String) {
        let bytes = Array(value.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var result = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                result = result * 10 + Int(byte - 0x30)
            }
            return result
        }
        if bytes.count == 3, let decade = digits(0..<3) {
            start = CalendarDays.day(year: decade * 10, month: 1, day: 1)
            end = CalendarDays.day(year: decade * 10 + 10, month: 1, day: 1)
            return
        }
        guard let year = digits(0..<4), bytes.count == 4 || bytes[4] == 0x2D else { return nil }
        if bytes.count == 4 {
            start = CalendarDays.day(year: year, month: 1, day: 1)
            end = CalendarDays.day(year: year + 1, month: 1, day: 1)
            return
        }
        let rest = String(decoding: bytes[5...], as: UTF8.self)
        if let month = digits(5..<7), (1...12).contains(month) {
            if bytes.count == 7 {
                start = CalendarDays.day(year: year, month: month, day: 1)
                end = month == 12 ? CalendarDays.day(year: year + 1, month: 1, day: 1) : CalendarDays.day(year: year, month: month + 1, day: 1)
                return
            }
            guard bytes.count >= 10, bytes[7] == 0x2D, let day = digits(8..<10),
                day >= 1, day <= PublicationTime.daysIn(month: month, year: year),
                bytes.count == 10 || bytes[10] == 0x54
            else { return nil }
            start = CalendarDays.day(year: year, month: month, day: day)
            end = start + 1
            return
        }
        if bytes.count >= 7, bytes[5] == 0x57, let week = digits(6..<8), (1...53).contains(week), bytes.count == 8 || bytes[8] == 0x2D {
            // ISO week 1 holds January 4.
            let firstMonday = CalendarDays.weekStart(CalendarDays.day(year: year, month: 1, day: 4))
            start = firstMonday + (week - 1) * 7
            end = start + 7
            return
        }
        let parts: [String: (Int, Int)] = [
            "Q1": (1, 4), "Q2": (4, 7), "Q3": (7, 10), "Q4": (10, 13), "H1": (1, 7), "H2": (7, 13),
            "SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "WI": (12, 15),
        ]
        guard let (from, to) = parts[rest] else { return nil }
        func first(_ month: Int) -> Int {
            month > 12 ? CalendarDays.day(year: year + 1, month: month - 12, day: 1) : CalendarDays.day(year: year, month: month, day: 1)
        }
        start = first(from)
        end = first(to)
    }

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}
