import Foundation

/// A page's own description of itself: title, authors, dates, language, site, summary, URL — each
/// with where it was found.
///
/// Sources are read in a fixed order of trust, and the first that gives a usable value wins: JSON-LD
/// (`json-ld`), then `<meta>` tags (`meta`), then microdata and markup (`microdata`, `time-element`,
/// `byline`, `title-element`, `h1`), then the URL (`url`), then the text (`text`). Dates after the crawl
/// date, or before 1995, are not believed.
struct PageMetadata {
    var title: String?
    var authors: [String] = []
    var publishedAt: PageDate?
    var modifiedAt: PageDate?
    var language: String?
    var siteName: String?
    var description: String?
    var canonicalURL: String?
    /// Field → source.
    var sources: [String: String] = [:]

    /// Everything the page's head, JSON-LD and markup say. `url` is where the page came from (for
    /// resolving relative links and reading dates out of the path); `latest` is the newest believable
    /// date (the crawl date, or today).
    init(tree: HTMLTree, page: PageAnalysis, url: String?, latest: PageDate) {
        let meta = MetaTags(tree: tree)
        let jsonLD = JSONLD(scripts: tree.jsonLD)
        let article = jsonLD.articles.first
        let lowest = PageDate(year: 1995, month: 1, day: 1)
        func believable(_ date: PageDate?) -> PageDate? {
            guard let date, date.ordinal <= latest.ordinal, date.ordinal >= lowest.ordinal else { return nil }
            return date
        }

        // Site name first: titles are cleaned of it.
        if let name = meta.first("og:site_name", "application-name", "al:ios:app_name").flatMap(Self.clean) {
            set(\.siteName, name, "meta")
        } else if let publisher = article.flatMap({ JSONLD.string($0["publisher"]) }).flatMap(Self.clean) {
            set(\.siteName, publisher, "json-ld")
        }

        // Title
        let h1 = tree.first(.h1).map { tree.plainText(of: $0) }.flatMap(Self.clean)
        let titleElement = tree.first(.title).map { tree.plainText(of: $0) }.flatMap(Self.clean)
        if let og = meta.first("og:title", "twitter:title").flatMap(Self.clean) {
            set(\.title, TitleCleaner.clean(og, siteName: siteName, h1: h1), "meta")
        } else if let headline = article.flatMap({ JSONLD.string($0["headline"] ?? $0["name"]) }).flatMap(Self.clean) {
            set(\.title, TitleCleaner.clean(headline, siteName: siteName, h1: h1), "json-ld")
        } else if let titleElement {
            set(\.title, TitleCleaner.clean(titleElement, siteName: siteName, h1: h1), "title-element")
        } else if let h1 {
            set(\.title, h1, "h1")
        }

        // Canonical URL
        for link in tree.all(.link) {
            guard let rel = tree.attribute(.rel, of: link)?.lowercased(), rel.split(separator: " ").contains("canonical"),
                let href = tree.attribute(.href, of: link), let absolute = Self.absolute(href, base: url)
            else { continue }
            set(\.canonicalURL, absolute, "canonical")
            break
        }
        if canonicalURL == nil, let og = meta.first("og:url").flatMap({ Self.absolute($0, base: url) }) {
            set(\.canonicalURL, og, "meta")
        }

        // The site's hosts: where the page came from and where it says it lives.
        let hosts = [url, canonicalURL, meta.first("og:url")].compactMap { $0.flatMap(URL.init(string:))?.host }

        // Dates
        // The zone of the site's country, for times the page gives only in UTC (looked up once, when needed).
        var zoneLookedUp: TimeZone??
        func siteZone() -> TimeZone? {
            if let zoneLookedUp { return zoneLookedUp }
            let tags = [tree.language, article.flatMap { JSONLD.string($0["inLanguage"]) }, meta.first("og:locale"), meta.first("content-language")]
            let zone = SiteZone.zone(hosts: hosts, languageTags: tags.compactMap { $0 })
            zoneLookedUp = .some(zone)
            return zone
        }
        /// A UTC time in the zone of the site's country, unless the page prints the UTC day where that differs.
        func inSiteZone(_ date: PageDate) -> PageDate? {
            guard date.zoneMinutes == 0, let zone = siteZone(), let local = SiteZone.local(date, in: zone).flatMap(believable),
                local.ordinal == date.ordinal || !Self.printsUTCDay(of: date, tree: tree)
            else { return nil }
            return local
        }
        if let date = believable(article.flatMap { JSONLD.string($0["datePublished"] ?? $0["dateCreated"]) }.flatMap(DateParsing.parse)) {
            set(\.publishedAt, date, "json-ld")
        } else if let date = meta.dates(Self.publishedKeys).lazy.compactMap({ believable($0) }).first {
            set(\.publishedAt, date, "meta")
        } else if let date = Self.microdataDate(tree, "datepublished").flatMap(believable) {
            set(\.publishedAt, date, "microdata")
        } else if let date = Self.timeElementDate(tree, page: page, published: true).flatMap(believable) {
            set(\.publishedAt, date, "time-element")
        } else if let date = url.flatMap(Self.urlDate).flatMap(believable) {
            set(\.publishedAt, date, "url")
        } else if let date = Self.textDate(tree, page: page).flatMap(believable) {
            set(\.publishedAt, date, "text")
        }
        if let published = publishedAt, published.zoneMinutes == 0 {
            // The same instant written in the page's own zone elsewhere: its day is the day printed
            // on the page, against which "yesterday" is read.
            let others = meta.dates(Self.publishedKeys) + tree.all(.time).compactMap { tree.attribute(.datetime, of: $0).flatMap(DateParsing.parse) }
            if let local = Self.localTime(of: published, among: others).flatMap(believable) {
                publishedAt = local
            } else if let local = inSiteZone(published) {
                publishedAt = local
            }
        }
        if let date = believable(article.flatMap { JSONLD.string($0["dateModified"]) }.flatMap(DateParsing.parse)) {
            set(\.modifiedAt, date, "json-ld")
        } else if let date = meta.dates(Self.modifiedKeys).lazy.compactMap({ believable($0) }).first {
            set(\.modifiedAt, date, "meta")
        } else if let date = Self.microdataDate(tree, "datemodified").flatMap(believable) {
            set(\.modifiedAt, date, "microdata")
        }
        if let modified = modifiedAt, let local = inSiteZone(modified) { modifiedAt = local }
        if let published = publishedAt, let modified = modifiedAt, modified < published {
            modifiedAt = nil
            sources["modifiedAt"] = nil
        }

        // Authors
        let organisations = Set([siteName, article.flatMap { JSONLD.string($0["publisher"]) }].compactMap { $0?.lowercased() })
        let authorCleaner = AuthorCleaner(organisations: organisations, site: AuthorCleaner.siteKeys(hosts: hosts))
        if let value = (article?["author"] ?? article?["creator"]).map(jsonLD.resolving), case let names = authorCleaner.names(fromJSONLD: value), !names.isEmpty {
            set(\.authors, names, "json-ld")
        } else if case let names = authorCleaner.names(fromTexts: meta.all(Self.authorKeys) + meta.labelled(Self.authorLabels), minimumWords: 1), !names.isEmpty {
            set(\.authors, names, "meta")
        } else if case let names = authorCleaner.names(fromTexts: Self.microdataAuthors(tree), minimumWords: 1), !names.isEmpty {
            set(\.authors, names, "microdata")
        } else if case let names = authorCleaner.names(fromTexts: Self.relAuthors(tree), minimumWords: 1), !names.isEmpty {
            set(\.authors, names, "rel-author")
        } else if case let names = Self.bylineNames(tree, page: page, cleaner: authorCleaner), !names.isEmpty {
            set(\.authors, names, "byline")
        }

        // Language
        if let lang = article.flatMap({ JSONLD.string($0["inLanguage"]) }).flatMap(Self.languageTag) {
            set(\.language, lang, "json-ld")
        } else if let lang = tree.language.flatMap(Self.languageTag) {
            set(\.language, lang, "html-lang")
        } else if let lang = meta.first("content-language", "language", "dc.language", "og:locale").flatMap(Self.languageTag) {
            set(\.language, lang, "meta")
        }

        // Description
        if let text = meta.first("og:description", "description", "twitter:description", "dc.description").flatMap(Self.clean) {
            set(\.description, String(text.prefix(2000)), "meta")
        } else if let text = article.flatMap({ JSONLD.string($0["description"]) }).flatMap(Self.clean) {
            set(\.description, String(text.prefix(2000)), "json-ld")
        }

    }

    private mutating func set<T>(_ field: WritableKeyPath<PageMetadata, T?>, _ value: T?, _ source: String) {
        guard let value else { return }
        self[keyPath: field] = value
        sources[Self.name(of: field)] = source
    }

    private mutating func set(_ field: WritableKeyPath<PageMetadata, [String]>, _ value: [String], _ source: String) {
        self[keyPath: field] = value
        sources["authors"] = source
    }

    private static func name(of field: PartialKeyPath<PageMetadata>) -> String {
        switch field {
        case \PageMetadata.title: "title"
        case \PageMetadata.publishedAt: "publishedAt"
        case \PageMetadata.modifiedAt: "modifiedAt"
        case \PageMetadata.language: "language"
        case \PageMetadata.siteName: "siteName"
        case \PageMetadata.description: "description"
        case \PageMetadata.canonicalURL: "url"
        default: "other"
        }
    }

    static let publishedKeys = [
        "article:published_time", "og:published_time", "og:article:published_time", "article.published", "datepublished",
        "published_time", "published-time", "publish-date", "publishdate", "publish_date", "pubdate", "publication_date",
        "publication-date", "date.published", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
        "dc.date", "dcterms.date", "citation_publication_date", "citation_date", "sailthru.date", "parsely-pub-date",
        "article.created", "created", "date", "og:pubdate", "originalpublicationdate", "original-publish-date",
        "rnews:datepublished", "cxenseparse:recs:publishtime", "last-modified",
    ]
    static let modifiedKeys = [
        "article:modified_time", "og:updated_time", "og:modified_time", "article.updated", "datemodified", "modified_time",
        "dc.date.modified", "dcterms.modified", "last-modified", "lastmod", "updated_time", "revised",
    ]
    /// What `twitter:labelN` says when `twitter:dataN` names the author (Yoast writes these).
    static let authorLabels: Set<String> = [
        "written by", "verfasst von", "geschrieben von", "von", "écrit par", "escrito por", "scritto da", "geschreven door", "author", "autor",
    ]
    static let authorKeys = [
        "author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
        "citation_author", "byl", "byline", "article.author", "cxenseparse:author",
    ]

    /// Text trimmed and collapsed; nil when nothing is left.
    static func clean(_ text: String) -> String? {
        let cleaned = Whitespace.normalise(text)
        return cleaned.isEmpty ? nil : cleaned
    }

    /// A BCP 47 tag from `de_DE`, `en-us`, `EN`; nil for anything that is not a language tag.
    static func languageTag(_ raw: String) -> String? {
        let parts = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-").split(separator: "-")
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        var tag = first.lowercased()
        if parts.count > 1, parts[1].count == 2, parts[1].allSatisfy({ $0.isASCII && $0.isLetter }) { tag += "-" + parts[1].uppercased() }
        return tag
    }

    /// `href` resolved against `base`, when the result is an http(s) URL.
    static func absolute(_ href: String, base: String?) -> String? {
        let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let resolved: URL?
        if let base, let baseURL = URL(string: base) { resolved = URL(string: trimmed, relativeTo: baseURL)?.absoluteURL } else { resolved = URL(string: trimmed) }
        guard let url = resolved, let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else { return nil }
        return url.absoluteString
    }

    /// A full date in a URL path: `/2025/06/19/`, `/2025-06-19`, `/20250619/`, `_20250619_`.
    static func urlDate(_ url: String) -> PageDate? {
        guard let path = URL(string: url)?.path, !path.isEmpty else { return nil }
        let parts = path.split(whereSeparator: { $0 == "/" || $0 == "_" }).map(String.init)
        for (index, part) in parts.enumerated() {
            if part.count == 4, let year = Int(part), (1995...2199).contains(year), index + 2 < parts.count,
                let month = Int(parts[index + 1]), let day = Int(parts[index + 2].prefix(2)), parts[index + 1].count <= 2,
                parts[index + 2].prefix(2).allSatisfy(\.isNumber),
                PageDate.isValid(year: year, month: month, day: day)
            {
                return PageDate(year: year, month: month, day: day)
            }
            if let date = DateParsing.iso(part), part.count <= 10 || !part.dropFirst(10).first!.isNumber { return date }
            let digits = part.split(whereSeparator: { !$0.isNumber })
            for run in digits where run.count == 8 {
                if let date = DateParsing.compact(String(run)) { return date }
            }
        }
        return nil
    }

    /// `itemprop=NAME` on an element other than `<meta>`: its `datetime` or `content`, else its text.
    static func microdataDate(_ tree: HTMLTree, _ name: String) -> PageDate? {
        for index in tree.descendants(of: HTMLTree.root) where tree[index].tag != .meta && tree[index].tag != .text {
            guard tree.attribute(.itemprop, of: index)?.lowercased() == name else { continue }
            let raw = tree.attribute(.datetime, of: index) ?? tree.attribute(.content, of: index) ?? tree.plainText(of: index)
            if let date = DateParsing.parse(raw) { return date }
        }
        return nil
    }

    /// `utc` (a time in UTC) as one of `others` writes it in a zone of its own: with its offset, or
    /// without one when its clock differs from UTC's by whole hours or half hours (up to 14 hours) and
    /// agrees to the minute and second, not both zero (the offset is then that difference); nil when
    /// none does.
    static func localTime(of utc: PageDate, among others: [PageDate]) -> PageDate? {
        guard let (h, m, s) = utc.time else { return nil }
        let instant = utc.ordinal * 86_400 + h * 3_600 + m * 60 + s
        for other in others {
            guard let (oh, om, os) = other.time else { continue }
            let clock = other.ordinal * 86_400 + oh * 3_600 + om * 60 + os
            if let zone = other.zoneMinutes {
                if zone != 0, clock - zone * 60 == instant { return other }
            } else if os == s, om == m, m != 0 || s != 0, clock != instant, abs(clock - instant) <= 14 * 3_600, (clock - instant) % 1_800 == 0 {
                var local = other
                local.zoneMinutes = (clock - instant) / 60
                return local
            }
        }
        return nil
    }

    /// Whether a `<time>` element that carries `utc` shows its UTC day as text (`26/12/2019` for
    /// `2019-12-26T23:07:45+00:00`): the site keeps UTC.
    static func printsUTCDay(of utc: PageDate, tree: HTMLTree) -> Bool {
        for index in tree.all(.time) {
            guard let raw = tree.attribute(.datetime, of: index), let date = DateParsing.parse(raw), date == utc,
                let shown = DateParsing.inText(tree.plainText(of: index)).first
            else { continue }
            if (shown.year, shown.month, shown.day) == (utc.year, utc.month, utc.day) { return true }
        }
        return false
    }

    /// A `<time datetime>`: one marked `pubdate` or named as publication first, else the first one
    /// in the page that is not named as an update.
    static func timeElementDate(_ tree: HTMLTree, page: PageAnalysis, published: Bool) -> PageDate? {
        var first: PageDate?
        for index in tree.all(.time) {
            guard let raw = tree.attribute(.datetime, of: index), let date = DateParsing.parse(raw) else { continue }
            let names = ((tree.attribute(.class, of: index) ?? "") + " " + (tree.attribute(.itemprop, of: index) ?? "")).lowercased()
            if tree.attribute(.pubdate, of: index) != nil || names.contains("publish") || names.contains("created") { return date }
            if names.contains("updat") || names.contains("modif") { continue }
            if first == nil, !page.dropped[Int(index)] { first = date }
        }
        return first
    }

    /// A date in the text or the `title` of an element named as a date (`date`, `time`, `datum`,
    /// `fecha`, `published`, `byline`, `meta` …; not one named as an update), else the first full date
    /// in the page's text.
    static func textDate(_ tree: HTMLTree, page: PageAnalysis) -> PageDate? {
        var firstInText: PageDate?
        // The element's class and id, lowercased and joined by a space (one buffer for all elements).
        var names: [UInt8] = []
        for index in tree.descendants(of: HTMLTree.root) {
            let node = tree[index]
            if node.isText {
                let parent = tree[node.parent].tag
                if firstInText == nil, parent != .script, parent != .style, parent != .template, parent != .title {
                    let head = tree.textBytes(of: index).prefix(400)
                    if DateParsing.mayHoldDate(head) {
                        firstInText = DateParsing.inText(String(decoding: head, as: UTF8.self)).first
                    }
                }
                continue
            }
            guard page.text[Int(index)] < 200 else { continue }
            let className = tree.attribute(.class, of: index), id = tree.attribute(.id, of: index)
            guard page.hints[Int(index)].contains(.meta) || node.tag == .time || className != nil || id != nil else { continue }
            // Byte searches: this runs for every element with a class or an id.
            names.removeAll(keepingCapacity: true)
            if let className { names.append(contentsOf: className.utf8) }
            names.append(0x20)
            if let id { names.append(contentsOf: id.utf8) }
            for position in names.indices where names[position] >= 0x41 && names[position] <= 0x5A { names[position] |= 0x20 }
            guard Self.dateNameWords.contains(where: { Ingest.contains(names, $0) }) else { continue }
            if Self.updateNameWords.contains(where: { Ingest.contains(names, $0) }) || Ingest.contains(names, Self.ago) && !Ingest.contains(names, Self.timeAgo) {
                continue
            }
            if let title = tree.attribute(.title, of: index), let date = DateParsing.parse(title) { return date }
            if let date = DateParsing.inText(tree.plainText(of: index)).first { return date }
        }
        return firstInText
    }

    private static let dateNameWords: [[UInt8]] = ["date", "time", "publish", "byline", "datum", "fecha", "posted", "meta", "tagline"]
        .map { Array($0.utf8) }
    private static let updateNameWords: [[UInt8]] = ["updat", "modif"].map { Array($0.utf8) }
    private static let ago = Array("ago".utf8)
    private static let timeAgo = Array("time-ago".utf8)

    static func microdataAuthors(_ tree: HTMLTree) -> [String] {
        var names: [String] = []
        for index in tree.descendants(of: HTMLTree.root) where tree[index].tag != .text && tree[index].tag != .meta {
            guard tree.attribute(.itemprop, of: index)?.lowercased() == "author" else { continue }
            if let inner = tree.descendants(of: index).first(where: { tree.attribute(.itemprop, of: $0)?.lowercased() == "name" }) {
                names.append(tree.attribute(.content, of: inner) ?? tree.spacedText(of: inner))
            } else {
                names.append(tree.attribute(.content, of: index) ?? tree.spacedText(of: index))
            }
        }
        return names
    }

    static func relAuthors(_ tree: HTMLTree) -> [String] {
        tree.all(.a).filter { tree.attribute(.rel, of: $0)?.lowercased().split(separator: " ").contains("author") == true }
            .map { tree.spacedText(of: $0) }
    }

    /// The names in the page's first byline that has any, and in bylines next to it (one element per
    /// author, or a byline and its author link): not in author lists elsewhere on the page.
    static func bylineNames(_ tree: HTMLTree, page: PageAnalysis, cleaner: AuthorCleaner) -> [String] {
        var names: [[String]] = []
        var near: Int32?
        for (index, text) in bylineTexts(tree, page: page) {
            if let near {
                guard tree.contains(near, index) else { continue }
                names.append(cleaner.split(text))
            } else if case let found = cleaner.split(text), !found.isEmpty {
                names.append(found)
                near = tree[index].parent
            }
        }
        return AuthorCleaner.merged(names)
    }

    /// Short elements named as bylines or authors, and short meta lines and `<address>` elements that
    /// open like a byline (`Ein Artikel von …`), with their texts. A byline in the page's header or an
    /// aside counts (those are not article text), unless it is hidden or among the comments.
    static func bylineTexts(_ tree: HTMLTree, page: PageAnalysis) -> [(Int32, String)] {
        var texts: [(Int32, String)] = []
        for index in tree.descendants(of: HTMLTree.root) where !tree[index].isText {
            let hints = page.hints[Int(index)]
            let named = hints.contains(.byline)
            guard named || hints.contains(.meta) || tree[index].tag == .address else { continue }
            let counted = page.text[Int(index)]
            if counted == 0 {
                guard named, page.dropped[Int(index)], textBytes(tree, below: index, upTo: 480) < 480, !hiddenOrComment(tree, page: page, index) else { continue }
            } else if counted >= 120 {
                continue
            }
            if !named {
                // `<address>` holds the contact details of its article's author (or of the site).
                guard hints.contains(.meta) || tree[index].tag == .address,
                    AuthorCleaner.opensAsByline(tree.plainText(of: index, limit: 48, spaced: true))
                else { continue }
            }
            let words = Hints.words(class: tree.attribute(.class, of: index), id: tree.attribute(.id, of: index))
            if words.contains(where: { $0.hasPrefix("bio") || $0 == "avatar" || $0 == "box" || $0 == "image" || $0 == "img" || $0 == "photo" }) { continue }
            texts.append((index, tree.spacedText(of: index)))
            if texts.count >= 8 { break }
        }
        return texts
    }

    /// How many bytes of text lie below `index`, counted until `limit`.
    private static func textBytes(_ tree: HTMLTree, below index: Int32, upTo limit: Int) -> Int {
        var count = 0
        for node in tree.descendants(of: index) where tree[node].isText {
            count += tree.textBytes(of: node).count
            if count >= limit { break }
        }
        return count
    }

    /// Whether `index` or an element round it is hidden or named as comments.
    private static func hiddenOrComment(_ tree: HTMLTree, page: PageAnalysis, _ index: Int32) -> Bool {
        var at = index
        while at > HTMLTree.root {
            if page.hints[Int(at)].contains(.comments) || PageAnalysis.isHidden(tree, at) { return true }
            at = tree[at].parent
        }
        return false
    }
}

/// The `<meta>` tags of a page by lowercased `property`, `name` or `itemprop`.
struct MetaTags {
    private var values: [String: [String]] = [:]

    init(tree: HTMLTree) {
        for index in tree.all(.meta) {
            guard let content = tree.attribute(.content, of: index) else { continue }
            for key in [tree.attribute(.property, of: index), tree.attribute(.name, of: index), tree.attribute(.itemprop, of: index),
                        tree.attribute(.httpEquiv, of: index)]
            {
                guard let key = key.map({ Whitespace.trimmingSpaces($0.lowercased()) }), !key.isEmpty else { continue }
                values[key, default: []].append(content)
            }
        }
    }

    /// The first non-empty value among `keys`, in the order given.
    func first(_ keys: String...) -> String? {
        for key in keys {
            if let value = values[key]?.first(where: { !Whitespace.trimmingSpaces($0).isEmpty }) { return value }
        }
        return nil
    }

    func all(_ keys: [String]) -> [String] {
        keys.flatMap { values[$0] ?? [] }
    }

    /// The `twitter:dataN` values whose `twitter:labelN` is one of `labels` (lowercased).
    func labelled(_ labels: Set<String>) -> [String] {
        (1...4).compactMap { n in
            guard let label = first("twitter:label\(n)"), labels.contains(Whitespace.trimmingSpaces(label.lowercased())) else { return nil }
            return first("twitter:data\(n)")
        }
    }

    /// Dates under `keys`, in key order.
    func dates(_ keys: [String]) -> [PageDate] {
        keys.flatMap { values[$0] ?? [] }.compactMap(DateParsing.parse)
    }
}
