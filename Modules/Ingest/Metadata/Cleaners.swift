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
        text.lowercased().filter { $0.isLetter || $0.isNumber }
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

    /// Names from JSON-LD `author` values: strings, `Person` objects (never organisations), lists.
    /// A declared person may have a one-word name (blogs sign with first names and handles).
    func names(fromJSONLD value: Any) -> [String] {
        var raw: [String] = []
        func visit(_ value: Any, _ depth: Int) {
            guard depth < 4 else { return }
            switch value {
            case let text as String: raw.append(text)
            case let list as [Any]: for element in list { visit(element, depth + 1) }
            case let object as [String: Any]:
                let types = JSONLD.types(object)
                if types.contains(where: { $0.contains("Organization") || $0 == "NewsMediaOrganization" || $0 == "Corporation" }) { return }
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
        var result: [String] = []
        var seen: Set<String> = []
        for text in texts {
            for name in split(text, minimumWords: minimumWords) {
                let key = name.lowercased()
                guard !seen.contains(key) else { continue }
                seen.insert(key)
                result.append(name)
            }
        }
        return Array(result.prefix(12))
    }

    /// The names in one author string (`By Jane Doe and John Roe, Staff Writers`).
    func split(_ raw: String, minimumWords: Int = 2) -> [String] {
        var text = Whitespace.normalise(raw)
        guard !text.isEmpty, text.count < 300, !text.contains("://"), !text.hasPrefix("www.") else { return [] }
        // Bylines often carry a date or a place after a separator.
        for separator in [" | ", " · ", " • ", " — ", " – ", " - ", "\n", " / "] {
            if let range = text.range(of: separator) { text = String(text[..<range.lowerBound]) }
        }
        text = Self.stripPrefix(text)
        var parts = [text]
        for separator in [",", ";", " and ", " und ", " et ", " y ", " e ", " en ", " & ", " + "] {
            parts = parts.flatMap { Self.split($0, at: separator) }
        }
        return parts.compactMap { accept(Self.stripPrefix(Whitespace.trimmingSpaces($0)), minimumWords: minimumWords) }
    }

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

    /// "By", "Von", "Text:", "Author:" and the like taken off the front.
    static func stripPrefix(_ text: String) -> String {
        var result = Whitespace.trimmingSpaces(text)
        let prefixes = [
            "by ", "by:", "written by ", "words by ", "reporting by ", "story by ", "posted by ", "von ", "von:", "text:", "text von ",
            "autor:", "autorin:", "author:", "authors:", "par ", "par:", "por ", "por:", "di ", "door ", "av ", "af ", "z ",
        ]
        var changed = true
        while changed {
            changed = false
            let lower = result.lowercased()
            for prefix in prefixes where lower.hasPrefix(prefix) {
                result = Whitespace.trimmingSpaces(String(result.dropFirst(prefix.count)))
                changed = true
                break
            }
        }
        return result
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
    ]

    /// `text` when it looks like a person's name, tidied; nil otherwise.
    func accept(_ text: String, minimumWords: Int = 2) -> String? {
        var name = text.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: ".,;:()[]\"'“”")))
        if let at = name.firstIndex(of: "@") {
            // a handle or an address: refuse
            _ = at
            return nil
        }
        guard !name.isEmpty, name.count <= 60, !name.contains(where: \.isNumber) else { return nil }
        let lower = name.lowercased()
        if organisations.contains(lower) || organisations.contains(where: { !$0.isEmpty && lower.contains($0) && $0.count >= 4 }) { return nil }
        let words = name.split(separator: " ").map(String.init)
        guard (minimumWords...5).contains(words.count) else { return nil }
        if words.count == 1, name.count < 3 || name.count > 30 || name.contains(".") { return nil }
        if words.contains(where: { Self.notPeople.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters)) }) { return nil }
        // Mostly capitalised words in scripts with case; particles (van, de, von, bin, al) allowed.
        let cased = words.filter { $0.first?.isUppercase == true || $0.first?.isLowercase == true }
        let capitalised = cased.filter { $0.first?.isUppercase == true }.count
        if !cased.isEmpty, capitalised * 3 < cased.count * 2 { return nil }
        if words.allSatisfy({ $0 == $0.uppercased() && $0.count > 1 }) && cased.count == words.count {
            // ALL CAPS bylines: title-case them.
            name = words.map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " ")
        }
        return name
    }
}
