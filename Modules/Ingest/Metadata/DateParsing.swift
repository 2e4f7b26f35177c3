import Foundation

/// A date found on a page: at least a full calendar date, perhaps with a time and a zone.
public struct PageDate: Hashable, Sendable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int
    /// Hour, minute, second when the source gives a time.
    public var time: (Int, Int, Int)?
    /// Offset from UTC in minutes when the source gives a zone (`Z` is 0).
    public var zoneMinutes: Int?

    public init(year: Int, month: Int, day: Int, time: (Int, Int, Int)? = nil, zoneMinutes: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.time = time
        self.zoneMinutes = zoneMinutes
    }

    public static func == (a: PageDate, b: PageDate) -> Bool {
        a.year == b.year && a.month == b.month && a.day == b.day && a.time?.0 == b.time?.0 && a.time?.1 == b.time?.1
            && a.time?.2 == b.time?.2 && a.zoneMinutes == b.zoneMinutes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(year)
        hasher.combine(month)
        hasher.combine(day)
    }

    /// Calendar order of the days (times are not compared).
    public static func < (a: PageDate, b: PageDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// The day, `YYYY-MM-DD`.
    public var dayString: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// ISO 8601: the day, with `Thh:mm:ss` when there is a time, and the zone when there is one.
    public var iso8601: String {
        guard let (h, m, s) = time else { return dayString }
        var text = dayString + String(format: "T%02d:%02d:%02d", h, m, s)
        if let zone = zoneMinutes {
            if zone == 0 {
                text += "Z"
            } else {
                let sign = zone < 0 ? "-" : "+"
                text += String(format: "%@%02d:%02d", sign, abs(zone) / 60, abs(zone) % 60)
            }
        }
        return text
    }

    /// Days since 0001-01-01 (proleptic Gregorian), for comparisons with a crawl date.
    var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 12 : month
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + day
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let days = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}

/// Reads dates as pages write them: ISO 8601 and its relatives, RFC 2822, and day-month-year or
/// month-day-year with month names in the languages of the news the web carries most.
///
/// Only complete dates count: `2023/12` or `December 2023` give nothing, never a made-up first day.
public enum DateParsing {
    /// A date in a machine-readable attribute or meta tag (`2025-06-19T08:30:00+02:00`,
    /// `Thu, 19 Jun 2025 08:30:00 GMT`, `20250619`, …), else a date in free text.
    public static func parse(_ raw: String) -> PageDate? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count < 200 else { return nil }
        if let date = iso(text) { return date }
        if let date = rfc2822(text) { return date }
        if let date = compact(text) { return date }
        if let date = epoch(text) { return date }
        return inText(text).first
    }

    /// ISO 8601 and common near-variants: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, then optionally
    /// `T` or a space, `hh:mm[:ss[.fff]]`, and `Z`, `±hh:mm`, `±hhmm` or `±hh`.
    static func iso(_ text: String) -> PageDate? {
        let s = Array(text.utf8)
        guard s.count >= 10, let year = number(s, 0, 4), [0x2D, 0x2F, 0x2E].contains(s[4]), s[7] == s[4],
            let month = number(s, 5, 2), let day = number(s, 8, 2), PageDate.isValid(year: year, month: month, day: day)
        else { return nil }
        var date = PageDate(year: year, month: month, day: day)
        var i = 10
        guard i < s.count else { return date }
        guard s[i] == 0x54 || s[i] == 0x20 || s[i] == 0x74 else {
            return s[i] == 0x2C || s[i] == 0x3B ? date : nil
        }
        i += 1
        guard let hour = number(s, i, 2), i + 2 < s.count, s[i + 2] == 0x3A, let minute = number(s, i + 3, 2), hour < 24, minute < 60
        else { return date }
        i += 5
        var second = 0
        if i < s.count, s[i] == 0x3A, let sec = number(s, i + 1, 2), sec < 61 {
            second = sec
            i += 3
            if i < s.count, s[i] == 0x2E || s[i] == 0x2C {
                i += 1
                while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1 }
            }
        }
        date.time = (hour, minute, min(second, 59))
        while i < s.count, s[i] == 0x20 { i += 1 }
        guard i < s.count else { return date }
        if s[i] == 0x5A || s[i] == 0x7A {
            date.zoneMinutes = 0
        } else if s[i] == 0x2B || s[i] == 0x2D, let zh = number(s, i + 1, 2), zh <= 14 {
            let sign = s[i] == 0x2D ? -1 : 1
            var zm = 0
            if i + 3 < s.count, s[i + 3] == 0x3A, let m = number(s, i + 4, 2) {
                zm = m
            } else if let m = number(s, i + 3, 2) {
                zm = m
            }
            if zm < 60 { date.zoneMinutes = sign * (zh * 60 + zm) }
        }
        return date
    }

    /// `Thu, 19 Jun 2025 08:30:00 GMT` (the day name optional, the zone a name or `±hhmm`).
    static func rfc2822(_ text: String) -> PageDate? {
        var words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        if let first = words.first, first.count >= 3, Int(first) == nil, weekday(first) { words.removeFirst() }
        guard words.count >= 3, let day = Int(words[0]), let month = monthNumber(words[1]), let year = Int(words[2]),
            year >= 1900, year < 2200, PageDate.isValid(year: year, month: month, day: day)
        else { return nil }
        var date = PageDate(year: year, month: month, day: day)
        if words.count >= 4 {
            let clock = words[3].split(separator: ":").compactMap { Int($0) }
            if clock.count >= 2, clock[0] < 24, clock[1] < 60 {
                date.time = (clock[0], clock[1], clock.count > 2 ? min(clock[2], 59) : 0)
                if words.count >= 5 {
                    let zone = words[4]
                    if ["GMT", "UT", "UTC", "Z"].contains(zone.uppercased()) {
                        date.zoneMinutes = 0
                    } else if zone.count == 5, let value = Int(zone.dropFirst()), zone.first == "+" || zone.first == "-" {
                        let minutes = (value / 100) * 60 + value % 100
                        date.zoneMinutes = zone.first == "-" ? -minutes : minutes
                    }
                }
            }
        }
        return date
    }

    /// `20250619` or `20250619T083000Z`-like stamps.
    static func compact(_ text: String) -> PageDate? {
        let s = Array(text.utf8)
        guard s.count >= 8, let year = number(s, 0, 4), let month = number(s, 4, 2), let day = number(s, 6, 2),
            year >= 1990, year < 2200, PageDate.isValid(year: year, month: month, day: day)
        else { return nil }
        if s.count == 8 { return PageDate(year: year, month: month, day: day) }
        guard s[8] == 0x54 || s[8] == 0x20 else { return nil }
        var date = PageDate(year: year, month: month, day: day)
        if let hour = number(s, 9, 2), let minute = number(s, 11, 2), hour < 24, minute < 60 {
            date.time = (hour, minute, number(s, 13, 2).map { min($0, 59) } ?? 0)
            if s.last == 0x5A { date.zoneMinutes = 0 }
        }
        return date
    }

    /// A Unix time in seconds or milliseconds (some meta tags carry one), as UTC.
    static func epoch(_ text: String) -> PageDate? {
        guard text.count == 10 || text.count == 13, let value = Int(text) else { return nil }
        let seconds = text.count == 13 ? value / 1000 : value
        guard seconds > 631_152_000, seconds < 7_258_118_400 else { return nil }  // 1990 … 2200
        let days = seconds / 86_400
        let rest = seconds % 86_400
        let (year, month, day) = civil(fromDays: days)
        var date = PageDate(year: year, month: month, day: day, time: (rest / 3600, rest / 60 % 60, rest % 60))
        date.zoneMinutes = 0
        return date
    }

    /// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Every complete date written in `text`, in order: `19 June 2025`, `June 19, 2025`,
    /// `19. Juni 2025`, `19 de junio de 2025`, `19.06.2025`, `19/06/2025`, `06/19/2025`, `2025-06-19`.
    /// A numeric date whose day and month could be swapped is read day first unless the day would
    /// be over 12 (European order; `06/19/2025` is read as June 19).
    /// Whether UTF-8 text may hold a date ``inText(_:)`` finds: every one has a year of four ASCII
    /// digits, so text without four in a row has none (most text, told apart without a string).
    static func mayHoldDate(_ utf8: some Sequence<UInt8>) -> Bool {
        var run = 0
        for byte in utf8 {
            run = byte >= 0x30 && byte <= 0x39 ? run + 1 : 0
            if run == 4 { return true }
        }
        return false
    }

    public static func inText(_ text: String) -> [PageDate] {
        guard mayHoldDate(text.utf8) else { return [] }
        var found: [PageDate] = []
        let tokens = tokenize(text)
        var i = 0
        while i < tokens.count {
            if let (date, used) = dateAt(tokens, i) {
                found.append(date)
                i += used
            } else {
                i += 1
            }
        }
        return found
    }

    private enum Token {
        case number(Int, digits: Int)
        case word(String)
        case separator(Character)
    }

    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var isNumber = false
        func flush() {
            guard !current.isEmpty else { return }
            if isNumber, let value = Int(current) { tokens.append(.number(value, digits: current.count)) } else { tokens.append(.word(current.lowercased())) }
            current = ""
        }
        for character in text {
            if character.isNumber, character.isASCII {
                if !isNumber { flush() }
                isNumber = true
                current.append(character)
            } else if character.isLetter {
                if isNumber { flush() }
                isNumber = false
                // Han and Hangul date markers (年 月 日, 년 월 일) are words of their own.
                if let scalar = character.unicodeScalars.first, (0x3400...0x9FFF).contains(scalar.value) || (0xAC00...0xD7AF).contains(scalar.value) {
                    flush()
                    current.append(character)
                    flush()
                    continue
                }
                current.append(character)
            } else {
                flush()
                isNumber = false
                if ".,/-:".contains(character) { tokens.append(.separator(character)) }
                if tokens.count > 400 { break }
            }
        }
        flush()
        return tokens
    }

    private static func dateAt(_ t: [Token], _ i: Int) -> (PageDate, Int)? {
        func num(_ k: Int) -> (Int, Int)? {
            guard k < t.count, case .number(let v, let d) = t[k] else { return nil }
            return (v, d)
        }
        func word(_ k: Int) -> String? {
            guard k < t.count, case .word(let w) = t[k] else { return nil }
            return w
        }
        func sep(_ k: Int) -> Character? {
            guard k < t.count, case .separator(let c) = t[k] else { return nil }
            return c
        }
        func year(_ k: Int) -> Int? {
            guard let (v, d) = num(k), d == 4, v >= 1900, v < 2200 else { return nil }
            return v
        }
        func make(_ y: Int, _ m: Int, _ d: Int, _ used: Int) -> (PageDate, Int)? {
            PageDate.isValid(year: y, month: m, day: d) ? (PageDate(year: y, month: m, day: d), used) : nil
        }
        // 2025-06-19, 2025/06/19, 2025.06.19
        if let y = year(i), let s = sep(i + 1), "-/.".contains(s), let (m, _) = num(i + 2), sep(i + 3) == s, let (d, dd) = num(i + 4), dd <= 2 {
            return make(y, m, d, 5)
        }
        // 2025年6月19日 (Chinese, Japanese), 2025년 6월 19일 (Korean)
        if let y = year(i), let w1 = word(i + 1), w1 == "年" || w1 == "년", let (m, _) = num(i + 2), let w2 = word(i + 3), w2 == "月" || w2 == "월",
            let (d, dd) = num(i + 4), dd <= 2, let w3 = word(i + 5), w3.hasPrefix("日") || w3.hasPrefix("일")
        {
            return make(y, m, d, 6)
        }
        // 19 June 2025, 19. Juni 2025, 19 de junio de 2025, 19-Jun-2025
        if let (d, dd) = num(i), dd <= 2 {
            var k = i + 1
            if sep(k) == "." || sep(k) == "-" { k += 1 }
            if word(k) == "de" { k += 1 }
            if let w = word(k), let m = monthNumber(w) {
                k += 1
                if sep(k) == "." || sep(k) == "," || sep(k) == "-" { k += 1 }
                if word(k) == "de" || word(k) == "del" { k += 1 }
                if let y = year(k) { return make(y, m, d, k + 1 - i) }
            }
            // 19.06.2025, 19/06/2025, 06/19/2025, 19-06-2025
            if let s = sep(i + 1), "./-".contains(s), let (m, md) = num(i + 2), md <= 2, sep(i + 3) == s, let y = year(i + 4) {
                if m > 12, d <= 12 { return make(y, d, m, 5) }
                return make(y, m, d, 5)
            }
        }
        // June 19, 2025; Jun. 19 2025
        if let w = word(i), let m = monthNumber(w) {
            var k = i + 1
            if sep(k) == "." { k += 1 }
            if let (d, dd) = num(k), dd <= 2 {
                k += 1
                if let w2 = word(k), ["st", "nd", "rd", "th"].contains(w2) { k += 1 }
                if sep(k) == "," { k += 1 }
                if let y = year(k) { return make(y, m, d, k + 1 - i) }
            }
        }
        return nil
    }

    private static func number(_ s: [UInt8], _ at: Int, _ length: Int) -> Int? {
        guard at >= 0, at + length <= s.count else { return nil }
        var value = 0
        for byte in s[at..<(at + length)] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    static func weekday(_ word: String) -> Bool {
        guard word.utf8.count <= 24 else { return false }
        var scalars = Substring(word.lowercased()).unicodeScalars
        while let first = scalars.first, isPunctuation(first) { scalars.removeFirst() }
        while let last = scalars.last, isPunctuation(last) { scalars.removeLast() }
        return weekdays.contains(String(scalars))
    }

    private static let weekdays: Set<String> = [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    /// Unicode punctuation (general category P*), what Foundation's `punctuationCharacters` holds.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
            .otherPunctuation:
            true
        default: false
        }
    }

    /// The month a name (or its abbreviation) means, in English, German, French, Spanish, Italian,
    /// Portuguese, Dutch, Polish, Turkish, Russian and Ukrainian (including genitive forms).
    public static func monthNumber(_ word: String) -> Int? {
        guard word.utf8.count <= 64 else { return nil }
        var w = Substring(word.lowercased())
        while w.first == "." { w.removeFirst() }
        while w.last == "." { w.removeLast() }
        return months[String(w)]
    }

    private static let months: [String: Int] = {
        var table: [String: Int] = [:]
        let names: [[String]] = [
            ["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari", "stycznia", "styczeń", "ocak", "января", "январь", "січня", "січень"],
            ["february", "feb", "febr", "februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "fevereiro", "fev", "februari", "lutego", "luty", "şubat", "subat", "февраля", "февраль", "лютого", "лютий"],
            ["march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "marca", "marzec", "mart", "марта", "март", "березня", "березень"],
            ["april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "nisan", "апреля", "апрель", "квітня", "квітень"],
            ["may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maja", "maj", "mayıs", "mayis", "мая", "май", "травня", "травень"],
            ["june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwca", "czerwiec", "haziran", "июня", "июнь", "червня", "червень"],
            ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipca", "lipiec", "temmuz", "июля", "июль", "липня", "липень"],
            ["august", "aug", "août", "aout", "agosto", "ago", "augustus", "sierpnia", "sierpień", "ağustos", "agustos", "августа", "август", "серпня", "серпень"],
            ["september", "sep", "sept", "septembre", "septiembre", "set", "settembre", "setembro", "września", "wrzesień", "eylül", "eylul", "сентября", "сентябрь", "вересня", "вересень"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out", "października", "październik", "ekim", "октября", "октябрь", "жовтня", "жовтень"],
            ["november", "nov", "novembre", "noviembre", "novembro", "listopada", "listopad", "kasım", "kasim", "ноября", "ноябрь", "листопада", "листопад"],
            ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "dezembro", "grudnia", "grudzień", "aralık", "aralik", "декабря", "декабрь", "грудня", "грудень"],
        ]
        // More languages, month by month: Romanian, Indonesian, Czech, Croatian, Serbian, Hungarian,
        // Swedish, Danish and Norwegian, Finnish, Greek (genitive), Arabic (Egyptian and Levantine).
        let more: [[String]] = [
            ["ianuarie", "ledna", "leden", "siječnja", "januar", "január", "januari", "tammikuuta", "ιανουαρίου", "ιαν", "يناير", "كانون الثاني"],
            ["februarie", "pebruari", "února", "únor", "veljače", "februar", "február", "februari", "helmikuuta", "φεβρουαρίου", "φεβ", "فبراير", "شباط"],
            ["martie", "maret", "března", "březen", "ožujka", "mart", "március", "mars", "marts", "maaliskuuta", "μαρτίου", "μαρ", "مارس", "آذار"],
            ["aprilie", "dubna", "duben", "travnja", "április", "huhtikuuta", "απριλίου", "απρ", "أبريل", "ابريل", "نيسان"],
            ["mei", "května", "květen", "svibnja", "maj", "május", "toukokuuta", "μαΐου", "μαΐ", "مايو", "أيار"],
            ["iunie", "juni", "června", "červen", "lipnja", "jun", "június", "kesäkuuta", "ιουνίου", "ιουν", "يونيو", "حزيران"],
            ["iulie", "juli", "července", "červenec", "srpnja", "jul", "július", "heinäkuuta", "ιουλίου", "ιουλ", "يوليو", "تموز"],
            ["agustus", "srpna", "srpen", "kolovoza", "avgust", "augusztus", "augusti", "elokuuta", "αυγούστου", "αυγ", "أغسطس", "اغسطس", "آب"],
            ["septembrie", "září", "rujna", "septembar", "szeptember", "syyskuuta", "σεπτεμβρίου", "σεπ", "سبتمبر", "أيلول"],
            ["octombrie", "oktober", "října", "říjen", "listopada", "oktobar", "október", "lokakuuta", "οκτωβρίου", "οκτ", "أكتوبر", "اكتوبر"],
            ["noiembrie", "listopadu", "studenoga", "studenog", "novembar", "marraskuuta", "νοεμβρίου", "νοε", "نوفمبر"],
            ["decembrie", "desember", "prosince", "prosinca", "decembar", "joulukuuta", "δεκεμβρίου", "δεκ", "ديسمبر"],
        ]
        for (index, list) in more.enumerated() {
            for name in list where table[name] == nil { table[name] = index + 1 }
        }
        for (index, list) in names.enumerated() {
            for name in list where table[name] == nil { table[name] = index + 1 }
        }
        return table
    }()
}
