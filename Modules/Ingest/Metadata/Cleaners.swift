import Foundation

/// Takes the site name off a page title: `Headline | Site`, `Site - Headline`, `Headline – Site`.
enum TitleCleaner {
    static let separators = [" | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ", " • ", " / ", " ~ ", " *** "]
    private static let separatorBytes = separators.map { Array($0.utf8) }

    /// `title` without the part that names the site. A part is the site's when it equals or
    /// contains the site name, or looks like a domain; when the site is unknown but the `h1` is one
    /// of the parts, that part is the title. A title without separators is returned as it is.
    static func clean(_ title: String, siteName: String?, h1: String?) -> String {
        let bytes = Array(title.utf8)
        guard let found = separatorBytes.firstIndex(where: { Ingest.contains(bytes, $0) }) else { return title }
        let separator = separators[found]
        let parts = title.components(separatedBy: separator).map { Whitespace.trimmingSpaces($0) }.filter { !$0.isEmpty }
        guard parts.count > 1 else { return title }
        if let h1, let match = parts.first(where: { MainContent.sameText($0, h1) }) { return match }
        let site = siteName.map(Self.key)
        var kept = parts
        if let site, !site.isEmpty {
            kept = parts.filter { part in
                let k = key(part)
                return !(k == site || (k.count >= 3 && (site.contains(k) || k.contains(site))))
            }
        }
        kept = kept.filter { !looksLikeDomain($0) }
        if kept.count == parts.count, parts.count == 2 {
            // The site is not named on the page: the shorter end part is the likelier site name
            // when it is short.
            let last = parts[parts.count - 1]
            if last.split(separator: " ").count <= 3, last.count * 2 < parts[0].count { return parts[0] }
            let first = parts[0]
            if first.split(separator: " ").count <= 2, first.count * 3 < last.count { return last }
            return title
        }
        if kept.isEmpty { return parts[0] }
        return kept.joined(separator: separator)
    }

    private static func key(_ text: String) -> String {
        MainContent.lettersAndDigits(text)
    }

    private static func looksLikeDomain(_ part: String) -> Bool {
        let lower = part.lowercased()
        return !lower.contains(" ") && lower.contains(".") && [".com", ".de", ".org", ".net", ".co", ".uk", ".fr", ".at", ".ch", ".io", ".info", ".eu"].contains { lower.hasSuffix($0) }
    }
}

/// Turns author fields and bylines into people's names.
///
/// An empty list beats a wrong name: "By", "Von", "Par", dates, e-mail addresses, handles, URLs,
/// job titles and agency or outlet names are taken off or refused, and a result must look like a
/// name (two to five words, mostly capitalised, no digits).
struct AuthorCleaner {
    /// Lowercased names of the outlet (site name, publisher): never authors.
    let organisations: Set<String>
    /// The site's domain names as ``siteKeys(hosts:)`` gives them: an author named like the site
    /// (`Volksblatt` or `OÖ Volksblatt` on volksblatt.at) is the outlet.
    var site: Set<String> = []

    /// The letters and digits of each host's name without `www.` and the top-level domain, with and
    /// without that domain (`volksblatt` for www.volksblatt.at; `interscenar` and `interscenario`
    /// for interscenar.io).
    static func siteKeys(hosts: [String]) -> Set<String> {
        var keys: Set<String> = []
        for host in hosts {
            var labels = host.lowercased().split(separator: ".")
            while labels.count > 2, ["www", "m", "amp", "mobile"].contains(labels[0]) { labels.removeFirst() }
            guard labels.count >= 2 else { continue }
            keys.insert(MainContent.lettersAndDigits(labels.dropLast().joined()))
            keys.insert(MainContent.lettersAndDigits(labels.joined()))
        }
        return keys.filter { $0.count >= 3 }
    }

    /// Names from JSON-LD `author` values: strings, `Person` objects (never organisations), lists.
    /// A declared person may have a one-word name (blogs sign with first names and handles).
    func names(fromJSONLD value: Any) -> [String] {
        var raw: [String] = []
        func visit(_ value: Any, _ depth: Int) {
            guard depth < 4 else { return }
            switch value {
            case let text as String: raw.append(HTMLParser.decodingReferences(text))
            case let list as [Any]: for element in list { visit(element, depth + 1) }
            case let object as [String: Any]:
                let types = JSONLD.types(object)
                // (a site that is one person declares itself both `Person` and `Organization`)
                if !types.contains("Person"), types.contains(where: { $0.contains("Organization") || $0 == "Corporation" }) { return }
                if let name = JSONLD.string(object["name"]) { raw.append(name) }
            default: break
            }
        }
        visit(value, 0)
        return names(fromTexts: raw, minimumWords: 1)
    }

    /// Names from author strings. `minimumWords` is 1 for fields that declare an author (meta tags,
    /// microdata, `rel=author`), 2 for bylines found by their class names.
    func names(fromTexts texts: [String], minimumWords: Int = 2) -> [String] {
        Self.merged(texts.map { split($0, minimumWords: minimumWords) })
    }

    /// Lists of names as one, each name once (in any case), at most twelve.
    static func merged(_ lists: [[String]]) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        for name in lists.joined() {
            let key = name.lowercased()
            guard !seen.contains(key) else { continue }
            seen.insert(key)
            result.append(name)
        }
        return Array(result.prefix(12))
    }

    /// The names in one author string (`By Jane Doe and John Roe, Staff Writers`).
    func split(_ raw: String, minimumWords: Int = 2) -> [String] {
        let text = Whitespace.normalise(raw)
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, text.count < 300, !Ingest.contains(bytes, Self.scheme), !text.hasPrefix("www.") else { return [] }
        // Bylines often carry a date, a place or a label beside the names, after a separator or
        // before it: the names are in the first part that has any.
        for segment in Self.segments(bytes) {
            for part in Self.besideDates(segment) {
                let names = names(in: part, minimumWords: minimumWords)
                if !names.isEmpty { return names }
            }
        }
        return []
    }

    private static let scheme = Array("://".utf8)
    private static let segmentSeparators = [" | ", " · ", " • ", " — ", " – ", " - ", "\n", " / "].map { Array($0.utf8) }

    /// `bytes` (UTF-8) split at every ``segmentSeparators`` separator.
    private static func segments(_ bytes: [UInt8]) -> [String] {
        var parts: [String] = []
        var start = 0
        var at = 0
        next: while at < bytes.count {
            if bytes[at] == 0x20 || bytes[at] == 0x0A {
                for separator in segmentSeparators
                where bytes.count - at >= separator.count && bytes[at..<(at + separator.count)].elementsEqual(separator) {
                    parts.append(String(decoding: bytes[start..<at], as: UTF8.self))
                    at += separator.count
                    start = at
                    continue next
                }
            }
            at += 1
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// The names in one part of a byline, split at `,`, `;`, `and` and the like.
    private func names(in part: String, minimumWords: Int) -> [String] {
        var parts = [Self.stripPrefix(part)]
        for separator in [",", ";", " and ", " und ", " et ", " y ", " e ", " en ", " & ", " + "] {
            parts = parts.flatMap { Self.split($0, at: separator) }
        }
        return parts.compactMap { part in
            // `Jane Doe for The Example Times`, `Jane Doe from the University of Example`
            var name = Self.stripPrefix(Whitespace.trimmingSpaces(part))
            for word in [" for ", " from ", " für "] {
                if let range = name.range(of: word, options: .caseInsensitive) { name = String(name[..<range.lowerBound]) }
            }
            return accept(name, minimumWords: minimumWords)
        }
    }

    /// The words of `text` before its first date word (`Jane Doe on March 3, 2025`, `Max
    /// Mustermann am Samstag`), or after its last when none come before (`19.06.2025 von Max
    /// Mustermann`); `text` itself when it has none. A date word holds a digit, names a weekday or
    /// is a unit of time (`vor 5 Stunden`). The words that lead into a date (`on`, `am`, `vor`, a
    /// month, an abbreviated weekday before a digit) go with it.
    static func besideDates(_ text: String) -> [String] {
        let words = text.split(separator: " ")
        func isDateWord(_ word: Substring) -> Bool {
            word.contains(where: \.isNumber) || weekdays.contains(key(word)) || timeUnits.contains(key(word))
        }
        guard let first = words.firstIndex(where: isDateWord), let last = words.lastIndex(where: isDateWord) else { return [text] }
        var before = words[..<first]
        let beforeDigit = words[first].contains(where: \.isNumber)
        while let word = before.last, dateLeads.contains(key(word)) || (beforeDigit && (months.contains(key(word)) || weekdayAbbreviations.contains(key(word)))) {
            before = before.dropLast()
        }
        if !before.isEmpty { return [before.joined(separator: " ")] }
        return [words[(last + 1)...].joined(separator: " ")].filter { !$0.isEmpty }
    }

    /// A word lowercased without the punctuation around it.
    private static func key(_ word: Substring) -> String {
        let scalars = word.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isPunctuation(scalars[start]) { start = scalars.index(after: start) }
        while start < end, isPunctuation(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end]).lowercased()
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x21...0x2F).contains(value) && value != 0x24 && value != 0x2B || (0x3A...0x40).contains(value) && value != 0x3C
                && value != 0x3D && value != 0x3E || (0x5B...0x60).contains(value) && value != 0x5E && value != 0x60
                || value == 0x7B || value == 0x7D
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
             .otherPunctuation:
            return true
        default:
            return false
        }
    }

    private static let weekdays: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
        "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato",
    ]
    private static let weekdayAbbreviations: Set<String> = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "mo", "di", "mi", "do", "fr", "sa", "so", "lun", "mar", "mer", "jeu", "ven", "sam", "dim",
    ]
    private static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
        "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ]
    private static let timeUnits: Set<String> = [
        "minute", "minutes", "hour", "hours", "days", "ago", "minuten", "stunde", "stunden", "tagen", "minutos", "horas", "días",
        "heures", "jours",
    ]
    /// Words that lead into a date: `on`, `am`, `le`, `published`, `updated`, `vor`, `hace` …
    private static let dateLeads: Set<String> = [
        "on", "at", "the", "am", "um", "den", "vom", "vor", "seit", "hace", "le", "el", "il", "de", "del", "du",
        "published", "updated", "posted",
        "veröffentlicht", "aktualisiert", "publié", "publicado", "actualizado", "pubblicato",
    ]

    /// `text` split at every occurrence of `separator`, in any case (`AND` as well as `and`).
    static func split(_ text: String, at separator: String) -> [String] {
        if let parts = asciiSplit(text, at: separator) { return parts }
        var parts: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: separator, options: .caseInsensitive) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    /// ``split(_:at:)`` byte by byte when both strings are ASCII, where matching in any case is
    /// matching ASCII letters in either case (Unicode's case folding matters only beyond ASCII);
    /// nil otherwise.
    private static func asciiSplit(_ text: String, at separator: String) -> [String]? {
        let needle = separator.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard !needle.isEmpty, needle.allSatisfy({ $0 < 0x80 }) else { return nil }
        return text.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var parts: [String] = []
            var start = 0
            var at = 0
            search: while at + needle.count <= bytes.count {
                for k in 0..<needle.count {
                    let byte = bytes[at + k]
                    if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != needle[k] {
                        at += 1
                        continue search
                    }
                }
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self))
                at += needle.count
                start = at
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return parts
        } ?? nil
    }

    /// "By", "Von", "Text:", "Author:", a screen reader's "Veröffentlicht von" and the like taken off
    /// the front, with the separators and symbols bylines put before a name (`| `, `~ `, `• `).
    static func stripPrefix(_ text: String) -> String {
        var result = trimmingSymbols(text)
        while let first = result.utf8.first, prefixStarts.contains(first >= 0x41 && first <= 0x5A ? first | 0x20 : first) {
            // Every prefix is shorter than 24 characters: only the opening is lowercased.
            let lower = String(result.prefix(24)).lowercased()
            guard let prefix = prefixes.first(where: { lower.hasPrefix($0) }) else { break }
            result = trimmingSymbols(String(result.dropFirst(prefix.count)))
        }
        return result
    }

    /// The first bytes of ``prefixes``.
    private static let prefixStarts = Set(prefixes.compactMap(\.utf8.first))

    private static let prefixes = [
        "by ", "by:", "written by ", "words by ", "reporting by ", "story by ", "posted by ", "published by ", "von ", "von:",
        "text:", "text von ", "veröffentlicht von ", "geschrieben von ", "erstellt von ", "verfasst von ", "ein artikel von ",
        "ein beitrag von ", "beitrag von ", "artikel von ", "artikel von:", "autor:", "autorin:", "autor ", "autorin ", "author:",
        "authors:", "author ", "auteur:", "auteur :", "auteur ", "auteure ", "interview:", "interview von ", "par ", "par:",
        "publié par ", "écrit par ", "por ", "por:", "escrito por ", "publicado por ", "di ", "scritto da ", "door ", "av ", "af ", "z ",
    ]

    /// Whether `text` opens with the words that introduce an author (`By`, `Von`, `Ein Artikel von`,
    /// `Par`), for meta lines not named as bylines.
    static func opensAsByline(_ text: String) -> Bool {
        // The openings are lowercase; beyond ASCII only `ö` (`Veröffentlicht`), which pages write lowercase.
        let opening = Whitespace.normalise(String(text.prefix(32))).utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return bylineOpeningBytes.contains { opening.starts(with: $0) }
    }

    private static let bylineOpeningBytes = bylineOpenings.map { Array($0.utf8) }

    private static let bylineOpenings = [
        "by ", "von ", "ein artikel von ", "ein beitrag von ", "written by ", "posted by ", "par ", "por ", "door ", "text: ",
        "autor: ", "autorin: ", "author: ", "auteur: ", "veröffentlicht von ", "geschrieben von ", "verfasst von ", "erstellt von ",
    ]

    /// Characters around a name that are never part of it (besides white space).
    private static let symbols = Set(",;:()[]\"'“”„«»|~•·*/–—-".unicodeScalars)

    /// `text` without white space and ``symbols`` at either end.
    private static func trimmingSymbols(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func trimmed(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace || symbols.contains(scalar) }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, trimmed(scalars[start]) { start = scalars.index(after: start) }
        while start < end, trimmed(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return start == scalars.startIndex && end == scalars.endIndex ? text : String(scalars[start..<end])
    }

    /// Words that make a string a job, a desk or an agency rather than a person.
    private static let notPeople: Set<String> = [
        "staff", "team", "editor", "editors", "editorial", "desk", "newsroom", "reporter", "reporters", "correspondent",
        "correspondents", "writer", "writers", "contributor", "contributors", "redaktion", "red", "agency", "agencies",
        "admin", "administrator", "webmaster", "guest", "anonymous", "unknown", "news", "press", "media", "online", "service",
        "dpa", "afp", "ap", "reuters", "apa", "kna", "epd", "sid", "ddp", "associated", "ansa", "efe", "xinhua", "tass",
        "bloomberg", "cnn", "bbc", "upi", "getty", "images", "photo", "photos", "foto", "fotos", "bild", "quelle", "source",
        "redakteur", "redakteurin", "autor", "autorin", "author", "editorin", "nachrichten", "zeitung", "magazin", "verlag",
        "online-redaktion", "newsdesk", "wire", "wires", "inc", "ltd", "gmbh", "llc", "corp", "company",
        // translators, sponsors, link texts and job titles that bylines put next to names
        "übersetzung", "übersetzer", "übersetzerin", "translation", "translated", "translator", "illustration", "gesponserte",
        "sponsored", "anzeige", "advertisement", "beiträge", "posts", "articles", "experte", "expertin", "kolumnist",
        "kolumnistin", "columnist", "gastautor", "gastautorin", "gastbeitrag", "pressemitteilung", "pressestelle",
        "artikel", "kontakt", "contact", "follow", "folgen", "like", "share", "teilen", "kommentar", "kommentare", "comment",
        "comments", "mehr", "more", "profil", "profile", "modified", "updated", "hire", "engineer", "developer", "designer", "consultant", "manager",
        "director", "founder", "ceo",
        // organisations
        "verband", "bundesverband", "verein", "stiftung", "institut", "institute", "universität", "university", "ministerium",
        "ministry", "association", "foundation",
    ]

    /// Lowercase words inside names: `van`, `von`, `de`, `bin` …
    private static let particles: Set<String> = [
        "van", "von", "vom", "zu", "zum", "zur", "de", "der", "den", "del", "della", "di", "da", "das", "do", "dos", "du", "des",
        "la", "le", "les", "y", "e", "i", "ten", "ter", "bin", "ibn", "al", "el", "ben", "af", "av", "st.", "mc", "a",
    ]

    /// Degrees written after a name.
    private static let degrees: Set<String> = [
        "phd", "ph.d", "md", "m.d", "mba", "msc", "m.sc", "bsc", "b.sc", "m.a", "b.a", "rd", "rdn", "mph", "dds", "dvm", "cpa", "cfa",
        "j.d", "llm", "ll.m",
    ]

    /// `text` when it looks like a person's name, tidied; nil otherwise.
    func accept(_ text: String, minimumWords: Int = 2) -> String? {
        var parts = Self.trimmingSymbols(text).split(separator: " ")
        // Degrees after a name (`Jane Doe PhD`, or `MD` on its own once `Jane Doe, MD` is split).
        while let last = parts.last, Self.degrees.contains(Self.key(last)) { parts.removeLast() }
        var name = parts.joined(separator: " ")
        // A full stop ends an initial or `Jr.` (`Joe S.`), not a name (`Jane Doe.`).
        while name.hasSuffix("."), let last = parts.last, !(last.count == 2 || ["jr.", "sr."].contains(last.lowercased())) {
            name.removeLast()
            parts = name.split(separator: " ")
        }
        while name.hasPrefix(".") { name.removeFirst() }
        guard !name.contains("@"), !name.contains(":") else { return nil } // a handle or an address; a label
        let plain = name.lowercased().filter { $0 != "." }
        if plain.hasSuffix(" ev") || plain.hasSuffix(" e v") { return nil } // a German association (`e. V.`)
        guard !name.isEmpty, name.count <= 60, !name.contains(where: \.isNumber) else { return nil }
        let lower = name.lowercased()
        let lowerBytes = Array(lower.utf8)
        if organisations.contains(lower) || organisations.contains(where: { $0.utf8.count >= 4 && $0.count >= 4 && Ingest.contains(lowerBytes, Array($0.utf8)) }) {
            return nil
        }
        // Named like the site, maybe after an article or a short prefix (`Die Zeitung`, `OÖ Volksblatt`).
        if !site.isEmpty, case let nameWords = name.split(separator: " "),
            site.contains(MainContent.lettersAndDigits(name))
                || (nameWords.count >= 2 && nameWords[0].count <= 3 && site.contains(MainContent.lettersAndDigits(nameWords.dropFirst().joined())))
        {
            return nil
        }
        var words = name.split(separator: " ").map(String.init)
        if words.count % 2 == 0, words.count > 0, words[..<(words.count / 2)] == words[(words.count / 2)...] {
            // the same name twice (a link's text and its title run together)
            words = Array(words[..<(words.count / 2)])
            name = words.joined(separator: " ")
        }
        guard (minimumWords...5).contains(words.count) else { return nil }
        if words.count == 1, name.count < 3 || name.count > 30 || name.contains(".") { return nil }
        if words.contains(where: { word in
            let key = Self.key(Substring(word))
            return Self.notPeople.contains(key) || (key.contains("-") && key.split(separator: "-").contains { Self.notPeople.contains(String($0)) })
        }) {
            return nil
        }
        // Mostly capitalised words in scripts with case; particles (van, de, von, bin, al) allowed.
        let cased = words.filter { $0.first?.isUppercase == true || $0.first?.isLowercase == true }
        let capitalised = cased.filter { $0.first?.isUppercase == true }.count
        if !cased.isEmpty, capitalised * 3 < cased.count * 2 { return nil }
        // In a name of capitalised words, a lowercase word is a particle or the start of a sentence
        // (`Jane Doe ist Chemikerin`).
        if capitalised > 1, cased.contains(where: { $0.first?.isLowercase == true && !Self.particles.contains($0) }) { return nil }
        if words.allSatisfy({ $0 == $0.uppercased() && $0.count > 1 }) && cased.count == words.count {
            // ALL CAPS bylines: title-case them.
            name = words.map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
        }
        return name
    }
}
