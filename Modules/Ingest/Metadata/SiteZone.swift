import Foundation

/// The time zone a news site keeps, from the country it is in: a page that gives its publication
/// time only in UTC prints the day of that zone, and "yesterday" in the article is read against it.
///
/// The country is the host's country-code domain (`.de`, `.com.ar`, `.co.uk`), else the region of
/// the page's language tag (`es-AR`, `de_AT`) on a generic domain (`.com`, `.org`, …). Only
/// countries that keep one zone, or whose national news keeps one (Brazil's Brasília time, Mexico
/// City, Madrid over the Canaries), are known; the United States, Canada, Russia and Australia are
/// not, and neither are the domains that are sold worldwide (`.io`, `.tv`, `.co`, `.me`, `.md`, …).
enum SiteZone {
    /// The site's zone, nil when the country is not known or keeps several zones.
    static func zone(hosts: [String], languageTags: [String]) -> TimeZone? {
        var country: String?
        for host in hosts {
            let labels = host.lowercased().split(separator: ".")
            guard let last = labels.last, last.count == 2 else { continue }
            country = last == "uk" ? "gb" : String(last)
            break
        }
        if country == nil {
            for tag in languageTags {
                let parts = tag.replacingOccurrences(of: "_", with: "-").split(separator: "-")
                if parts.count > 1, parts[1].count == 2 {
                    country = parts[1].lowercased()
                    break
                }
            }
        }
        guard let country, let identifier = zones[country] else { return nil }
        return TimeZone(identifier: identifier)
    }

    /// `date` (a UTC time) as the time it was in `zone`. Midnight UTC stays as it is: it is how
    /// sites store a day without a time, and west of Greenwich it would become the day before.
    static func local(_ date: PageDate, in zone: TimeZone) -> PageDate? {
        guard date.zoneMinutes == 0, let (h, m, s) = date.time, h != 0 || m != 0 || s != 0 else { return nil }
        let days = date.ordinal - unixEpochOrdinal
        let instant = days * 86_400 + h * 3_600 + m * 60 + s
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
        guard offset != 0 else { return nil }
        let clock = instant + offset
        let seconds = ((clock % 86_400) + 86_400) % 86_400
        let (year, month, day) = DateParsing.civil(fromDays: (clock - seconds) / 86_400)
        return PageDate(year: year, month: month, day: day, time: (seconds / 3_600, seconds / 60 % 60, seconds % 60), zoneMinutes: offset / 60)
    }

    private static let unixEpochOrdinal = PageDate(year: 1970, month: 1, day: 1).ordinal

    /// Country code → the zone its news is dated in.
    private static let zones: [String: String] = [
        // Europe
        "de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich", "li": "Europe/Vaduz", "lu": "Europe/Luxembourg",
        "fr": "Europe/Paris", "be": "Europe/Brussels", "nl": "Europe/Amsterdam", "it": "Europe/Rome", "es": "Europe/Madrid",
        "pt": "Europe/Lisbon", "gb": "Europe/London", "ie": "Europe/Dublin", "dk": "Europe/Copenhagen", "se": "Europe/Stockholm",
        "no": "Europe/Oslo", "fi": "Europe/Helsinki", "is": "Atlantic/Reykjavik", "pl": "Europe/Warsaw", "cz": "Europe/Prague",
        "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "si": "Europe/Ljubljana", "hr": "Europe/Zagreb", "rs": "Europe/Belgrade",
        "ba": "Europe/Sarajevo", "mk": "Europe/Skopje", "al": "Europe/Tirane", "ro": "Europe/Bucharest",
        "bg": "Europe/Sofia", "gr": "Europe/Athens", "cy": "Asia/Nicosia", "mt": "Europe/Malta", "tr": "Europe/Istanbul",
        "ee": "Europe/Tallinn", "lv": "Europe/Riga", "lt": "Europe/Vilnius", "by": "Europe/Minsk", "ua": "Europe/Kyiv",
        // The Americas
        "mx": "America/Mexico_City", "gt": "America/Guatemala", "hn": "America/Tegucigalpa", "sv": "America/El_Salvador",
        "ni": "America/Managua", "cr": "America/Costa_Rica", "pa": "America/Panama", "cu": "America/Havana",
        "do": "America/Santo_Domingo", "pr": "America/Puerto_Rico", "ve": "America/Caracas", "pe": "America/Lima",
        "bo": "America/La_Paz", "cl": "America/Santiago", "ar": "America/Argentina/Buenos_Aires", "uy": "America/Montevideo",
        "py": "America/Asuncion", "br": "America/Sao_Paulo", "ec": "America/Guayaquil",
        // Africa, Asia and Oceania
        "za": "Africa/Johannesburg", "ng": "Africa/Lagos", "ke": "Africa/Nairobi", "gh": "Africa/Accra", "eg": "Africa/Cairo",
        "ma": "Africa/Casablanca", "tn": "Africa/Tunis", "dz": "Africa/Algiers", "il": "Asia/Jerusalem", "lb": "Asia/Beirut",
        "jo": "Asia/Amman", "sa": "Asia/Riyadh", "ae": "Asia/Dubai", "qa": "Asia/Qatar", "ir": "Asia/Tehran", "pk": "Asia/Karachi",
        "in": "Asia/Kolkata", "bd": "Asia/Dhaka", "lk": "Asia/Colombo", "np": "Asia/Kathmandu", "th": "Asia/Bangkok",
        "vn": "Asia/Ho_Chi_Minh", "my": "Asia/Kuala_Lumpur", "sg": "Asia/Singapore", "ph": "Asia/Manila", "cn": "Asia/Shanghai",
        "hk": "Asia/Hong_Kong", "tw": "Asia/Taipei", "kr": "Asia/Seoul", "jp": "Asia/Tokyo", "nz": "Pacific/Auckland",
    ]
}
