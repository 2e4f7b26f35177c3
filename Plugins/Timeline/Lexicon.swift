/// Units of time as TIMEX3 durations spell them.
enum TimeUnit: Int, Sendable, Comparable {
    case second, minute, hour, day, week, month, quarter, year, decade, century, millennium

    static func < (lhs: TimeUnit, rhs: TimeUnit) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the unit is written after `T` in a duration (`PT3H`).
    var isClock: Bool { self <= .hour }

    /// The duration letter (`D`, `W`, `M`, …); decades and centuries print as years.
    var letter: String {
        switch self {
        case .second: "S"
        case .minute: "M"
        case .hour: "H"
        case .day: "D"
        case .week: "W"
        case .month: "M"
        case .quarter: "Q"
        case .year, .decade, .century, .millennium: "Y"
        }
    }

    /// How many of `letter` one unit is (a decade is 10 Y).
    var multiplier: Int {
        switch self {
        case .decade: 10
        case .century: 100
        case .millennium: 1000
        default: 1
        }
    }

    /// The letter a fuzzy duration uses (`PXY`, `PXE` for decades, `PXC` for centuries).
    var fuzzyLetter: String {
        switch self {
        case .decade: "E"
        case .century: "C"
        case .millennium: "L"
        default: letter
        }
    }

    /// `P1D`, `P1W`, `PT1H`: one unit as a SET or duration value.
    func duration(_ amount: Int) -> String {
        isClock ? "PT\(amount * multiplier)\(letter)" : "P\(amount * multiplier)\(letter)"
    }

    var fuzzyDuration: String { isClock ? "PTX\(fuzzyLetter)" : "PX\(fuzzyLetter)" }
}

/// What the lexicon knows about a word (lower-cased).
enum Word: Sendable, Equatable {
    case month(Int)
    case weekday(Int, plural: Bool)
    case cardinal(Int)
    case ordinal(Int)
    case unit(TimeUnit, plural: Bool)
    /// TIMEX3 season code: `SP`, `SU`, `FA`, `WI`.
    case season(String, plural: Bool)
    /// TIMEX3 part-of-day code: `MO`, `AF`, `EV`, `NI`, `DT`.
    case partOfDay(String, plural: Bool)
    case none
}

/// The words time expressions are built from. Everything here is written for this module; the
/// facts (month names, number words, holiday rules) are common knowledge.
enum Lexicon {
    static let words: [String: Word] = {
        var table: [String: Word] = [:]
        let months = [
            ["january", "jan", "jan."], ["february", "feb", "feb."], ["march", "mar."], ["april", "apr", "apr."],
            ["may"], ["june", "jun."], ["july", "jul."], ["august", "aug", "aug."],
            ["september", "sept", "sept.", "sep."], ["october", "oct", "oct."], ["november", "nov", "nov."],
            ["december", "dec", "dec."],
        ]
        for (index, names) in months.enumerated() {
            for name in names { table[name] = .month(index + 1) }
        }
        let weekdays = [
            ["monday", "mon."], ["tuesday", "tue.", "tues."], ["wednesday", "wed."], ["thursday", "thu.", "thur.", "thurs."],
            ["friday", "fri."], ["saturday", "sat."], ["sunday", "sun."],
        ]
        for (index, names) in weekdays.enumerated() {
            for name in names { table[name] = .weekday(index + 1, plural: false) }
            table[names[0] + "s"] = .weekday(index + 1, plural: true)
        }
        let ones = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ]
        for (value, name) in ones.enumerated() { table[name] = .cardinal(value) }
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        for (index, name) in tens.enumerated() { table[name] = .cardinal((index + 2) * 10) }
        table["hundred"] = .cardinal(100)
        table["thousand"] = .cardinal(1000)
        table["dozen"] = .cardinal(12)
        let ordinals = [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
            "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
        ]
        for (index, name) in ordinals.enumerated() { table[name] = .ordinal(index + 1) }
        let tenOrdinals = ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"]
        for (index, name) in tenOrdinals.enumerated() { table[name] = .ordinal((index + 2) * 10) }
        table["hundredth"] = .ordinal(100)
        let units: [(TimeUnit, [String], [String])] = [
            (.second, ["second", "sec", "sec."], ["seconds", "secs"]),
            (.minute, ["minute", "min", "min."], ["minutes", "mins"]),
            (.hour, ["hour", "hr", "hr."], ["hours", "hrs", "hrs."]),
            (.day, ["day"], ["days"]),
            (.week, ["week", "wk", "wk."], ["weeks", "wks"]),
            (.month, ["month"], ["months"]),
            (.quarter, ["quarter"], ["quarters"]),
            (.year, ["year", "yr", "yr."], ["years", "yrs", "yrs."]),
            (.decade, ["decade"], ["decades"]),
            (.century, ["century"], ["centuries"]),
            (.millennium, ["millennium"], ["millennia", "millenniums"]),
        ]
        for (unit, singular, plural) in units {
            for name in singular where table[name] == nil { table[name] = .unit(unit, plural: false) }
            for name in plural { table[name] = .unit(unit, plural: true) }
        }
        for (name, code) in [("spring", "SP"), ("summer", "SU"), ("fall", "FA"), ("autumn", "FA"), ("winter", "WI")] {
            table[name] = .season(code, plural: false)
        }
        for (name, code) in [("springs", "SP"), ("summers", "SU"), ("autumns", "FA"), ("winters", "WI")] {
            table[name] = .season(code, plural: true)
        }
        for (name, code) in [("morning", "MO"), ("afternoon", "AF"), ("evening", "EV"), ("night", "NI")] {
            table[name] = .partOfDay(code, plural: false)
            table[name + "s"] = .partOfDay(code, plural: true)
        }
        return table
    }()

    /// Ordinal forms beyond the single words: `twenty-first` is `twenty` + `first`, handled by the
    /// number parser; `1st`, `22nd`, `3rd`, `9th` are digits with a suffix.
    static func digitOrdinal(_ lower: String) -> Int? {
        let scalars = Array(lower.unicodeScalars)
        guard scalars.count >= 3, scalars.count <= 6 else { return nil }
        let suffix = String(String.UnicodeScalarView(scalars.suffix(2)))
        guard ["st", "nd", "rd", "th"].contains(suffix) else { return nil }
        var value = 0
        for scalar in scalars.dropLast(2) {
            guard scalar.value >= 48, scalar.value <= 57 else { return nil }
            value = value * 10 + Int(scalar.value - 48)
        }
        return value
    }

    /// Named holidays that news text dates things by (US and Christian calendar), by the
    /// lower-cased words that name them.
    static let holidays: [[String]: Holiday] = [
        ["christmas"]: .fixed(month: 12, day: 25),
        ["christmas", "day"]: .fixed(month: 12, day: 25),
        ["christmas", "eve"]: .fixed(month: 12, day: 24),
        ["new", "year's", "day"]: .fixed(month: 1, day: 1),
        ["new", "year", "'s", "day"]: .fixed(month: 1, day: 1),
        ["new", "year", "’s", "day"]: .fixed(month: 1, day: 1),
        ["new", "year", "'s", "eve"]: .fixed(month: 12, day: 31),
        ["new", "year", "’s", "eve"]: .fixed(month: 12, day: 31),
        ["independence", "day"]: .fixed(month: 7, day: 4),
        ["halloween"]: .fixed(month: 10, day: 31),
        ["valentine", "'s", "day"]: .fixed(month: 2, day: 14),
        ["valentine", "’s", "day"]: .fixed(month: 2, day: 14),
        ["veterans", "day"]: .fixed(month: 11, day: 11),
        ["thanksgiving"]: .nth(month: 11, weekday: 4, ordinal: 4),
        ["thanksgiving", "day"]: .nth(month: 11, weekday: 4, ordinal: 4),
        ["labor", "day"]: .nth(month: 9, weekday: 1, ordinal: 1),
        ["memorial", "day"]: .nth(month: 5, weekday: 1, ordinal: -1),
        ["martin", "luther", "king", "day"]: .nth(month: 1, weekday: 1, ordinal: 3),
        ["easter"]: .easter(offset: 0),
        ["easter", "sunday"]: .easter(offset: 0),
        ["easter", "monday"]: .easter(offset: 1),
        ["good", "friday"]: .easter(offset: -2),
    ]

    /// The first word of every holiday name, to try the table only where it can match.
    static let holidayStarts: Set<String> = Set(holidays.keys.map { $0[0] })

    /// Irregular past-tense forms (and past participles that cannot be present tense), for the
    /// tense cue that decides whether `Sunday` is the last or the next one.
    static let irregularPast: Set<String> = [
        "was", "were", "had", "did", "said", "told", "went", "came", "began", "begun", "made", "took", "taken", "gave",
        "given", "met", "held", "saw", "seen", "got", "gotten", "became", "left", "lost", "sold", "won", "fell",
        "fallen", "rose", "risen", "grew", "grown", "knew", "known", "thought", "brought", "bought", "built", "caught",
        "fought", "felt", "found", "heard", "kept", "led", "meant", "paid", "sent", "spent", "stood", "taught",
        "understood", "wrote", "written", "spoke", "spoken", "broke", "broken", "chose", "chosen", "drove", "driven",
        "ate", "eaten", "flew", "flown", "forgot", "froze", "hid", "rode", "rang", "ran", "sang", "sank", "shook",
        "slept", "slid", "stole", "struck", "swore", "threw", "thrown", "tore", "woke", "wore", "withdrew", "withdrawn",
        "drew", "drawn", "sought", "bore", "borne", "dealt", "fled", "hung", "lay", "laid", "lent", "lit", "shot",
        "shut", "split", "spread", "swept", "swung", "wept", "wound", "overtook", "undertook", "underwent",
        "forecast", "forbade", "foresaw", "upheld", "withheld", "overcame", "arose", "arisen", "awoke",
        "been", "done", "gone", "sat", "set", "slew", "stuck", "stung", "strove", "mistook", "misled",
        "outgrew", "rebuilt", "reelected", "resold", "retook", "oversaw",
    ]

    /// Words ending in `-ed` that are not past-tense verbs.
    static let notPast: Set<String> = [
        "need", "needed", "indeed", "bed", "red", "shed", "fed", "led", "wed", "speed", "seed", "feed", "breed",
        "greed", "weed", "deed", "heed", "reed", "proceed", "exceed", "succeed", "embed", "hundred", "kindred",
        "sacred", "naked", "wicked", "ragged", "rugged", "crooked", "beloved", "learned", "aged", "alleged",
        "supposed", "so-called", "united", "limited", "based", "related", "unprecedented", "detailed", "advanced",
        "skilled", "armed", "interested", "concerned", "involved", "expected", "scheduled", "planned", "proposed",
        "anticipated", "slated", "intended", "projected", "estimated", "ted", "fred", "ahmed", "mohammed",
        "muhammed", "mohamed", "hamed", "med", "coed", "infrared", "biased", "unemployed", "employed",
        "educated", "experienced", "qualified", "named", "called", "classified", "listed", "registered", "licensed",
        "blessed", "wounded", "dead", "ed", "bleed", "creed", "steed", "tweed", "sled",
    ]

    /// Words that make the rest of the clause future: `will meet on Sunday`, `is expected to`.
    static let futureCues: Set<String> = [
        "will", "'ll", "’ll", "shall", "wo", "plans", "plan", "planning", "scheduled", "expected", "slated", "intends",
        "intend", "upcoming", "due", "set", "poised", "hopes", "hope", "aims", "would", "going", "prepares",
        "preparing", "promised", "vowed", "pledged", "threatened", "may", "might", "could",
    ]

    /// Present-tense forms of the common verbs.
    static let presentCues: Set<String> = [
        "is", "are", "am", "says", "say", "does", "do", "remains", "remain", "continues", "continue", "seems",
        "appears", "believes", "thinks", "expects", "wants", "needs",
    ]
}
