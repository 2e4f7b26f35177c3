import ArticleModel
import Foundation

/// What a qualifier next to a place name says: the state or country it lies in. A qualifier
/// may read several ways (`Georgia` the country or the US state): each is an option.
struct Qualifier: Hashable, Sendable {
    struct Option: Hashable, Sendable {
        var countryKey: Int
        /// Country and admin1 as ``GazetteerPlace/admin1Key``; `nil` when the option is a country.
        var admin1Key: Int?
    }

    var options: [Option]
}

/// Qualifiers written next to place names, and the abbreviations news text uses for places.
enum Qualifiers {
    /// AP-style and postal abbreviations of US states, by name key (`W.Va.` → `wva`) → admin1.
    static let stateAbbreviations: [String: String] = [
        "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO", "conn": "CT", "del": "DE",
        "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA",
        "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE",
        "nebr": "NE", "nev": "NV", "nh": "NH", "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC", "nd": "ND",
        "okla": "OK", "ore": "OR", "pa": "PA", "penn": "PA", "ri": "RI", "sc": "SC", "sd": "SD", "tenn": "TN",
        "tex": "TX", "vt": "VT", "va": "VA", "wash": "WA", "wva": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY",
        "dc": "DC",
    ]
    /// Two-letter postal codes, read only right after a comma (`Alexandria, LA`).
    static let postalCodes: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
        "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
        "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
    ]
    /// Initialisms of countries and cities (`U.S.`, `U.K.`, `L.A.`), by key → (country, place name).
    static let initialisms: [String: (country: String, city: String?)] = [
        "us": ("US", nil), "usa": ("US", nil), "uk": ("GB", nil), "uae": ("AE", nil), "ussr": ("RU", nil),
        "la": ("US", "los angeles"), "nyc": ("US", "new york city"),
    ]

    /// The place an abbreviation stands for: a state with a full stop (`La.`, `W.Va.`), or an
    /// initialism (`U.S.`, `L.A.`); `nil` for anything else.
    static func abbreviation(_ name: String, gazetteer: PlaceGazetteer) -> Int32? {
        let key = NameKey.key(name)
        let letters = name.filter(\.isLetter)
        let isInitialism = name.contains(".") && letters.allSatisfy(\.isUppercase) && letters.count >= 2
            || (letters == name && name.count <= 4 && name.allSatisfy(\.isUppercase))
        if isInitialism, let entry = initialisms[key] {
            if let city = entry.city {
                return gazetteer.places(withKey: city).first { gazetteer.place($0).countryKey == countryKey(entry.country) }
            }
            return gazetteer.country(entry.country)
        }
        if name.contains("."), let code = stateAbbreviations[key.replacingOccurrences(of: " ", with: "")] {
            return gazetteer.admin1Place(country: "US", admin1: code)
        }
        return nil
    }

    static func countryKey(_ code: String) -> Int {
        let bytes = Array(code.utf8)
        guard bytes.count == 2 else { return 0 }
        return Int(bytes[0]) | Int(bytes[1]) << 8
    }

    /// The qualifier after a name: `, Texas`, `, La.`, `, LA`, `, Georgia` (up to three words after
    /// a comma, longest reading first).
    static func qualifier(after span: Span, in scalars: [Unicode.Scalar], gazetteer: PlaceGazetteer) -> Qualifier? {
        qualifierWithSpan(after: span, in: scalars, gazetteer: gazetteer)?.qualifier
    }

    /// ``qualifier(after:in:gazetteer:)`` with where the qualifying words are.
    static func qualifierWithSpan(after span: Span, in scalars: [Unicode.Scalar], gazetteer: PlaceGazetteer) -> (qualifier: Qualifier, span: Span)? {
        var at = span.end
        guard at < scalars.count, at >= 0, scalars[at] == "," else { return nil }
        at += 1
        while at < scalars.count, scalars[at] == " " { at += 1 }
        var words: [(text: String, span: Span)] = []
        var word = String.UnicodeScalarView()
        var wordStart = at
        while at < scalars.count, words.count < 3 {
            let scalar = scalars[at]
            if scalar.properties.isAlphabetic || scalar == "." || scalar == "'" {
                if word.isEmpty { wordStart = at }
                word.append(scalar)
            } else if scalar == " " && !word.isEmpty {
                words.append((String(word), Span(wordStart, at)))
                word = String.UnicodeScalarView()
            } else {
                break
            }
            at += 1
        }
        if !word.isEmpty && words.count < 3 { words.append((String(word), Span(wordStart, at))) }
        guard let first = words.first, first.text.first?.isUppercase == true else { return nil }
        for length in stride(from: words.count, through: 1, by: -1) {
            let phrase = words.prefix(length).map(\.text).joined(separator: " ")
            let span = Span(first.span.start, words[length - 1].span.end)
            if length == 1, let options = stateOptions(phrase, gazetteer: gazetteer) { return (Qualifier(options: options), span) }
            if let options = areaOptions(phrase, gazetteer: gazetteer) { return (Qualifier(options: options), span) }
        }
        return nil
    }

    /// The qualifier before a name: `Georgia's capital Tbilisi`, `Texas town of Paris`.
    static func qualifier(before span: Span, in scalars: [Unicode.Scalar], gazetteer: PlaceGazetteer) -> Qualifier? {
        guard span.start <= scalars.count else { return nil }
        var words: [String] = []
        var at = span.start - 1
        var word = String.UnicodeScalarView()
        while at >= 0, words.count < 5 {
            let scalar = scalars[at]
            if scalar.properties.isAlphabetic || scalar == "'" || scalar == "\u{2019}" {
                word.append(scalar)
            } else if scalar == " " {
                if !word.isEmpty { words.append(String(String.UnicodeScalarView(word.reversed()))) }
                word = String.UnicodeScalarView()
            } else {
                break
            }
            at -= 1
        }
        if !word.isEmpty { words.append(String(String.UnicodeScalarView(word.reversed()))) }
        // words are nearest first: ["Tbilisi"-side …]: capital, Georgia's  /  of, town, Texas
        var rest = words[...]
        if rest.first == "of" { rest = rest.dropFirst() }
        guard let noun = rest.first, ["capital", "city", "town", "village", "county", "province", "state"].contains(noun.lowercased())
        else { return nil }
        rest = rest.dropFirst()
        guard var owner = rest.first else { return nil }
        for suffix in ["'s", "\u{2019}s"] where owner.hasSuffix(suffix) { owner.removeLast(2) }
        guard owner.first?.isUppercase == true else { return nil }
        return areaOptions(owner, gazetteer: gazetteer).map(Qualifier.init(options:))
    }

    static func stateOptions(_ word: String, gazetteer: PlaceGazetteer) -> [Qualifier.Option]? {
        let code: String?
        if word.count == 2, postalCodes.contains(word) {
            code = word
        } else if word.contains(".") {
            code = stateAbbreviations[NameKey.key(word).replacingOccurrences(of: " ", with: "")]
        } else {
            code = nil
        }
        guard let code, let index = gazetteer.admin1Place(country: "US", admin1: code) else { return nil }
        let place = gazetteer.place(index)
        return [Qualifier.Option(countryKey: place.countryKey, admin1Key: place.admin1Key)]
    }

    /// Countries and first-order areas named `phrase`.
    static func areaOptions(_ phrase: String, gazetteer: PlaceGazetteer) -> [Qualifier.Option]? {
        if let index = abbreviation(phrase, gazetteer: gazetteer) {
            let place = gazetteer.place(index)
            return [Qualifier.Option(countryKey: place.countryKey, admin1Key: place.featureCode == "ADM1" ? place.admin1Key : nil)]
        }
        var options: [Qualifier.Option] = []
        for index in gazetteer.places(withKey: NameKey.key(phrase)).prefix(50) {
            let place = gazetteer.place(index)
            switch place.featureCode {
            case "PCLI", "PCLD": options.append(Qualifier.Option(countryKey: place.countryKey, admin1Key: nil))
            case "ADM1": options.append(Qualifier.Option(countryKey: place.countryKey, admin1Key: place.admin1Key))
            default: break
            }
        }
        return options.isEmpty ? nil : options
    }

    /// The area noun when the name is one of a list of county names, `Cooke, Grayson and Love
    /// counties` (`county` or `parish`); `nil` otherwise. The list needs two names or more, so
    /// `Georgia counties` (the counties of Georgia) is not read as a county named Georgia.
    static func countyListNoun(around span: Span, in scalars: [Unicode.Scalar]) -> String? {
        guard span.start >= 0, span.end <= scalars.count, span.start < span.end else { return nil }
        let separators = [", and ", ", or ", ", ", " and ", " or ", " & "].map { Array($0.unicodeScalars) }
        func matches(_ word: [Unicode.Scalar], at: Int) -> Bool {
            at >= 0 && at + word.count <= scalars.count && Array(scalars[at..<(at + word.count)]) == word
        }
        func separator(at: Int) -> Int? { separators.first { matches($0, at: at) }.map(\.count) }
        /// A capitalised name of one to three words from `at`; where it ends.
        func name(at start: Int) -> Int? {
            var at = start, words = 0
            while words < 3, at < scalars.count, scalars[at].properties.isUppercase {
                at += 1
                while at < scalars.count, scalars[at].properties.isAlphabetic || scalars[at] == "'" || scalars[at] == "-" { at += 1 }
                words += 1
                if at < scalars.count - 1, scalars[at] == " ", scalars[at + 1].properties.isUppercase { at += 1 } else { break }
            }
            return words > 0 ? at : nil
        }
        // Forward: the names after this one, then the plural noun.
        var at = span.end, items = 1
        while let skip = separator(at: at), let end = name(at: at + skip) {
            at = end
            items += 1
        }
        var noun: String?
        for (plural, singular) in [("counties", "county"), ("parishes", "parish"), ("Counties", "county"), ("Parishes", "parish")]
        where matches(Array((" " + plural).unicodeScalars), at: at) {
            let after = at + plural.count + 1
            if after == scalars.count || !scalars[after].properties.isAlphabetic { noun = singular }
        }
        guard let noun else { return nil }
        if items >= 2 { return noun }
        // The last name of the list: a name and a separator before it.
        for separator in separators where matches(separator, at: span.start - separator.count) {
            var start = span.start - separator.count
            while start > 0, scalars[start - 1].properties.isAlphabetic { start -= 1 }
            if start < span.start - separator.count, scalars[start].properties.isUppercase { return noun }
        }
        return nil
    }
}
