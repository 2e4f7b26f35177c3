import ArticleModel

/// Which way an unanchored name of a day, month or season points, when a word says so.
enum Cue: Sendable, Equatable {
    /// No cue word: tense decides.
    case none
    /// `this Friday`, `this summer`: the one of the current week or year, ahead unless the clause is past.
    case this
    /// `last Friday`, `last April`, `the previous summer`: strictly before the reference.
    case last
    /// `next Friday`, `coming April`: strictly after the reference.
    case next
}

/// What a relative expression is counted from.
enum Anchor: Sendable, Equatable {
    /// The time of writing: `yesterday`, `last week`, `two years ago`.
    case deictic
    /// The time the narrative is at: `the next day`, `that year`, `two days later`.
    case anaphoric
}

/// The year of a date, as the text gives it.
enum YearRef: Sendable, Equatable {
    case explicit(Int)
    /// `last year's`, `next year`: an offset from the reference year.
    case relative(Int, Anchor)
    /// Not given: the reference year, moved by cue or tense.
    case implied(Cue)
}

/// A named part of a year.
enum YearPart: Sendable, Equatable {
    case quarter(Int)
    case half(Int)
    /// TIMEX3 season code (`SU`).
    case season(String)
}

/// A time of day attached to a date.
enum DayTime: Sendable, Equatable {
    /// Hour 0…24 (24 is midnight at the end of the day) and minute.
    case clock(hour: Int, minute: Int?)
    /// TIMEX3 part of day (`MO`, `AF`, `EV`, `NI`).
    case part(String)
}

/// A point or period of the calendar before it is resolved against a reference time.
indirect enum Point: Sendable, Equatable {
    case year(YearRef)
    case month(YearRef, Int)
    case day(YearRef, month: Int, day: Int)
    case weekday(Int, Cue, Anchor)
    /// An offset of whole units from the reference, at that unit's granularity: `yesterday` is
    /// (day, -1), `last week` (week, -1), `two years ago` (year, -2).
    case relative(TimeUnit, Int, Anchor)
    case part(YearRef, YearPart)
    /// Decade by its first three digits (`199` for the 1990s).
    case decade(Int)
    /// Century by its first two digits (`19` for the 1900s, the 20th century).
    case century(Int)
    case holiday(Holiday, YearRef)
    /// The weekend of the week `offset` weeks from the reference.
    case weekend(Cue, Anchor)
    /// The ISO week containing a date: `the week of March 6`.
    case weekOf(YearRef, month: Int, day: Int)
}

/// What a recognised time expression means, before resolution.
enum Meaning: Sendable, Equatable {
    case point(Point, DayTime?)
    /// A value that needs no reference time (`P3D`, `PRESENT_REF`, a SET).
    case fixed(TimexType, String, quant: String?, freq: String?)
}

/// A recognised expression: where it is (piece indices, half-open), what it means, its mod.
struct Candidate: Sendable {
    var first: Int
    var end: Int
    var meaning: Meaning
    var mod: String?
    /// `a year ago`, `a year earlier`: in quarterly reporting these name the same quarter a year back.
    var counted = false
}

extension Holiday: Equatable {
    static func == (lhs: Holiday, rhs: Holiday) -> Bool {
        switch (lhs, rhs) {
        case (.fixed(let a, let b), .fixed(let c, let d)): a == c && b == d
        case (.nth(let a, let b, let c), .nth(let d, let e, let f)): a == d && b == e && c == f
        case (.easter(let a), .easter(let b)): a == b
        default: false
        }
    }
}
