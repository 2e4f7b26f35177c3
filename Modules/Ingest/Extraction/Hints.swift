import Foundation

/// What an element's `class`, `id`, `role` and `itemprop` say about it.
///
/// Page templates name their parts: `comments`, `share-bar`, `related-stories`, `article-body`.
/// Each element's names are split into lowercase words (at `-`, `_`, spaces and case changes) and
/// matched against word lists: a few words must match whole (`ad`, `nav`, `meta`, `tags`), most may
/// start or end a longer word (`comment` in `commentlist`, `sidebar` in `leftsidebar`).
struct Hints: OptionSet, Sendable {
    let rawValue: UInt32

    /// Boilerplate whatever its size: navigation, comments, sharing, related links, ads, newsletters,
    /// cookie banners, pop-ups, footers, sidebars, hidden things.
    static let boilerplate = Hints(rawValue: 1 << 0)
    /// Boilerplate when short: bylines, dates, tags, captions, author boxes, meta lines.
    static let meta = Hints(rawValue: 1 << 1)
    /// Names that say "this is the article": `article-body`, `entry-content`, `story`, `post-text`.
    static let content = Hints(rawValue: 1 << 2)
    /// Names that say "this is the body text itself" most strongly: `itemprop=articleBody`,
    /// `article-body`, `story-body`, `entry-content`, `post-content`.
    static let body = Hints(rawValue: 1 << 3)
    /// Comments in particular (a heading or block of them ends the article).
    static let comments = Hints(rawValue: 1 << 4)
    /// A caption or credit.
    static let caption = Hints(rawValue: 1 << 5)
    /// A header: the page's (logo, navigation) or an article's (title, lead, byline).
    static let header = Hints(rawValue: 1 << 6)

    /// A byline or author name (for finding authors in the markup).
    static let byline = Hints(rawValue: 1 << 7)
    /// A lead, standfirst or summary paragraph: part of the article, often outside its body element.
    static let lead = Hints(rawValue: 1 << 8)

    /// The hints for an element's name attributes. `cache` remembers each class name and id already
    /// worked out (pages repeat them many times over).
    static func of(class className: String?, id: String?, role: String?, itemprop: String?, cache: inout [NameKey: Hints]) -> Hints {
        var hints: Hints = []
        if let itemprop = itemprop?.lowercased() {
            if itemprop.contains("articlebody") || itemprop == "text" || itemprop == "reviewbody" { hints.formUnion([.body, .content]) }
            if itemprop == "author" || itemprop == "datepublished" || itemprop == "datemodified" || itemprop == "publisher" { hints.insert(.meta) }
            if itemprop == "author" { hints.insert(.byline) }
            if itemprop == "comment" || itemprop == "comments" { hints.formUnion([.boilerplate, .comments]) }
            if itemprop == "caption" { hints.formUnion([.meta, .caption]) }
        }
        if let role = role?.lowercased() {
            switch role {
            case "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar", "dialog",
                "alertdialog", "tablist":
                hints.insert(.boilerplate)
            case "main", "article": hints.insert(.content)
            default: break
            }
        }
        for value in [className, id] {
            guard let value else { continue }
            var name: [UInt8] = []
            name.reserveCapacity(value.utf8.count)
            func flush() {
                guard !name.isEmpty else { return }
                let key = NameKey(bytes: name)
                if let known = cache[key] {
                    hints.formUnion(known)
                } else {
                    let found = ofName(key.bytes)
                    cache[key] = found
                    hints.formUnion(found)
                }
                name.removeAll(keepingCapacity: true)
            }
            for byte in value.utf8 {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { flush() } else { name.append(byte) }
            }
            flush()
        }
        return hints
    }

    /// The hints of one class name or id (its UTF-8 bytes).
    static func ofName(_ name: [UInt8]) -> Hints {
        var raw = name
        // Page builders prefix every part with their own name (`elementor-widget-wrap`,
        // `et_pb_text_inner`, `wp-block-paragraph`): what follows the prefix is the name.
        for prefix in builderPrefixesByFirst.candidates(raw.first) where raw.count > prefix.count && raw.starts(with: prefix) {
            raw.removeFirst(prefix.count)
            // `elementor-widget`, `et_pb_module`: the builder's own structure, no name at all.
            if builderStructure.contains(raw) { return [] }
            break
        }
        var lower = raw
        for index in lower.indices where lower[index] >= 0x41 && lower[index] <= 0x5A { lower[index] |= 0x20 }
        if hiddenClassBytes.contains(lower) { return .boilerplate }
        // Class names that carry a taxonomy slug or a page state (`tag-comentarios`,
        // `category-politics`, `has-sidebar`, `showing-comments`) say nothing about the element.
        // An author's part (`author-box`, `author-bio`) is a name, not a slug.
        if let prefix = ignoredPrefixesByFirst.candidates(lower.first).first(where: { lower.starts(with: $0) }),
            !(prefix == authorPrefix && authorParts.contains(Array(lower.dropFirst(prefix.count))))
        {
            return []
        }
        let (joined, ends) = joinedWords(raw)
        var hints: Hints = []
        joined.withUnsafeBufferPointer { joined in
            var start = 0
            for end in ends {
                defer { start = end }
                let word = UnsafeBufferPointer(rebasing: joined[start..<end])
                if let hint = WordKey(word).flatMap({ exact[$0] }) {
                    hints.formUnion(hint)
                    continue
                }
                // A stem counts at either end: only stems that begin with the word's first byte or
                // end with its last can.
                for index in stemsByFirst[Int(word[0])] where word.count > stems[index].0.count && bytes(word, at: 0, equal: stems[index].0) {
                    hints.formUnion(stems[index].1)
                }
                for index in stemsByLast[Int(word[word.count - 1])] {
                    let (stem, hint) = stems[index]
                    if word.count > stem.count, bytes(word, at: word.count - stem.count, equal: stem) { hints.formUnion(hint) }
                }
            }
        }
        // A pull quote repeats a sentence of the article in large type, wherever it is set.
        if Ingest.contains(joined, pullQuote) { hints.formUnion([.meta, .caption]) }
        // Within one name the boilerplate word is the head: `related_post`, `post-comments`,
        // `sidebar-content` and `article-share` are boilerplate, not content.
        if hints.contains(.boilerplate) { hints.subtract([.content, .lead]) }
        // Body names are whole phrases over adjacent words: "article body", "entry content", …;
        // what else the name says (`article__body-text-image`) does not make it a caption.
        if containsBodyPhrase(joined) {
            hints.formUnion([.body, .content])
            hints.subtract([.caption, .meta])
        }
        return hints
    }

    /// Whether `joined` holds one of the body phrases: at each position only the phrases that
    /// begin with its byte are compared.
    private static func containsBodyPhrase(_ joined: [UInt8]) -> Bool {
        for start in joined.indices {
            for phrase in bodyPhrasesByFirst.candidates(joined[start])
            where joined.count - start >= phrase.count && bytes(joined, at: start, equal: phrase) {
                return true
            }
        }
        return false
    }

    private static let pullQuote = Array("pullquote".utf8)

    /// Whether `word` holds `part` at `offset` (which leaves room for it).
    @inline(__always)
    private static func bytes(_ word: UnsafeBufferPointer<UInt8>, at offset: Int, equal part: [UInt8]) -> Bool {
        part.withUnsafeBufferPointer { p in memcmp(word.baseAddress! + offset, p.baseAddress!, p.count) == 0 }
    }

    /// Whether `joined` holds `part` at `offset` (which leaves room for it).
    @inline(__always)
    private static func bytes(_ joined: [UInt8], at offset: Int, equal part: [UInt8]) -> Bool {
        joined.withUnsafeBufferPointer { bytes($0, at: offset, equal: part) }
    }

    /// The lowercase words of class and id values, as strings.
    static func words(class className: String?, id: String?) -> [String] {
        [className, id].compactMap { $0 }.flatMap { words(Array($0.utf8)) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The lowercase words of a name: split at anything but letters and digits, and at a lowercase
    /// letter followed by an uppercase one (`articleBody`). Bytes of other scripts stay in their word.
    static func words(_ name: [UInt8]) -> [[UInt8]] {
        let (joined, ends) = joinedWords(name)
        var start = 0
        return ends.map { end in
            defer { start = end }
            return Array(joined[start..<end])
        }
    }

    /// The words of a name as ``words(_:)`` splits them, joined in one buffer, and where each ends.
    static func joinedWords(_ name: [UInt8]) -> (joined: [UInt8], ends: [Int]) {
        var joined: [UInt8] = []
        joined.reserveCapacity(name.count)
        var ends: [Int] = []
        var previousLower = false
        for byte in name {
            switch byte {
            case 0x61...0x7A, 0x30...0x39:
                joined.append(byte)
                previousLower = byte >= 0x61
            case 0x41...0x5A:
                if previousLower, joined.count > (ends.last ?? 0) { ends.append(joined.count) }
                joined.append(byte | 0x20)
                previousLower = false
            case 0x80...0xFF:
                joined.append(byte)
                previousLower = false
            default:
                if joined.count > (ends.last ?? 0) { ends.append(joined.count) }
                previousLower = false
            }
        }
        if joined.count > (ends.last ?? 0) { ends.append(joined.count) }
        return (joined, ends)
    }

    /// Whole class names that hide an element (responsive ones such as `hidden-xs` do not count).
    private static let hiddenClassBytes: Set<[UInt8]> = Set(hiddenClasses.map { Array($0.utf8) })

    private static let hiddenClasses: [String] = [
        "hidden", "hide", "invisible", "is-hidden", "u-hidden", "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text",
        "screen-reader-only", "screenreader", "d-none", "display-none", "element-invisible", "offscreen", "noprint", "print-only",
    ]

    /// Prefixes page builders put before their part names; longest first.
    private static let builderPrefixes: [[UInt8]] = [
        "elementor-widget-", "elementor-", "et_pb_", "wp-block-", "wpb_", "vc_", "fl-", "td-", "jeg_", "tdb-", "ast-",
    ].map { Array($0.utf8) }

    private static let builderPrefixesByFirst = ByFirstByte(builderPrefixes)

    private static let builderStructure: Set<[UInt8]> = Set(["widget", "element", "column", "section", "container", "wrap", "row", "module", "inner"].map { Array($0.utf8) })

    /// Beginnings of class names that are slugs or states rather than names of a part.
    private static let ignoredPrefixesByFirst = ByFirstByte(ignoredPrefixes.map { Array($0.utf8) })

    private static let authorPrefix = Array("author-".utf8)
    private static let authorParts: Set<[UInt8]> = Set(
        ["box", "bio", "info", "card", "details", "profile", "about", "block", "wrap", "wrapper", "container", "name", "names", "byline", "link",
         "links"].map { Array($0.utf8) })

    private static let ignoredPrefixes: [String] = [
        "tag-", "tags-", "category-", "categories-", "categoria-", "kategorie-", "topic-", "topics-", "autor-", "author-", "postid-",
        "post-id-", "page-id-", "pageid-", "format-", "status-", "type-", "has-", "show-", "showing-", "is-", "with-", "enable-",
        "enabled-", "disable-", "no-", "term-", "section-", "channel-", "rubrik-", "ressort-", "js-", "lang-", "theme-", "single-",
    ]

    /// Words that count only when they are the whole word.
    private static let exact: [WordKey: Hints] = exactTable.reduce(into: [:]) { table, entry in
        let bytes = Array(entry.key.utf8)
        table[bytes.withUnsafeBufferPointer { WordKey($0)! }] = entry.value
    }

    private static let exactTable: [String: Hints] = {
        var table: [String: Hints] = [:]
        for word in [
            "ad", "ads", "adv", "advert", "nav", "navi", "menu", "menus", "footer", "foot", "sidebar", "aside", "rail", "widget", "widgets",
            "share", "sharing", "shares", "social", "socials", "related", "promo", "promos", "sponsored", "sponsor",
            "popup", "modal", "overlay", "cookie", "cookies", "consent", "gdpr", "cmp", "newsletter", "subscribe", "login",
            "signup", "register", "breadcrumb", "breadcrumbs", "pagination", "pager", "toolbar", "skip",
            "noprint", "print", "search", "outbrain", "taboola", "recommended",
            "recommendations", "similar", "trending", "popular", "mostread", "more", "dfp", "anzeige", "werbung", "pub", "publicite",
            "publicidad", "pubblicita", "ticker", "alert", "notice", "toc", "rating", "ratings", "vote", "poll", "survey",
            "visuallyhidden", "offscreen", "reply", "replies", "respond", "disqus", "comments", "comment",
            "kommentare", "commentaires", "comentarios", "forum", "followus", "follow", "addthis", "shariff", "emailshare", "sociallinks", "jumplink", "readmore",
            "readalso", "alsoread", "seealso", "nextarticle", "prevnext", "postnav", "postnavigation", "pagenav", "copyright",
            "colophon", "impressum", "legal", "disclaimer",
        ] {
            table[word] = .boilerplate
        }
        for word in ["header", "masthead", "topbar", "siteheader", "pageheader"] {
            table[word] = .header
        }
        for word in ["comments", "comment", "kommentare", "commentaires", "comentarios", "disqus", "reply", "replies", "respond"] {
            table[word] = [.boilerplate, .comments]
        }
        // An opinion piece, not its readers' comments (`news subjective commentary article`).
        for word in ["commentary", "commentaries"] {
            table[word] = []
        }
        for word in [
            "byline", "bylines", "author", "authors", "autor", "auteur", "meta", "metadata", "postmeta", "entrymeta", "date",
            "dates", "time", "timestamp", "published", "updated", "posted", "tags", "tag", "taglist", "keywords",
            "categories", "category", "topics", "topic", "credit", "credits", "bio", "about", "profile", "info", "details",
            "source", "sources", "kicker", "eyebrow", "label", "flag", "subline",
        ] {
            table[word] = .meta
        }
        for word in ["byline", "bylines", "author", "authors", "autor", "autorin", "auteur", "authorname", "writer"] {
            table[word] = [.meta, .byline]
        }
        for word in [
            "lead", "leadtext", "intro", "introduction", "teaser", "summary", "standfirst", "subtitle", "subheadline",
            "chapo", "chapeau", "abstract", "excerpt", "deck", "dek", "sapo", "sumario", "entradilla", "bajada", "vorspann",
            "anriss", "einleitung", "lede", "strapline", "articleintro", "articlelead",
        ] {
            table[word, default: []].formUnion([.content, .lead])
        }
        for word in ["caption", "captions", "figcaption", "legend", "bildunterschrift", "bu"] {
            table[word] = [.meta, .caption]
        }
        // Picture containers hold a picture and maybe a caption: left out when short, like meta.
        for word in ["photo", "image", "img", "media", "gallery", "picture", "figure"] {
            table[word, default: []].insert(.meta)
        }
        for word in [
            "article", "articles", "content", "contents", "entry", "main", "post", "story", "stories", "text", "body", "blog",
            "news", "prose", "richtext", "artikel", "inhalt", "haupt", "contenu", "contenido", "corpo", "testo", "copy",
            "paragraph", "paragraphs",
        ] {
            table[word] = .content
        }
        return table
    }()

    /// Word beginnings and endings that count within longer words (`commentlist`, `leftsidebar`).
    private static let stems: [([UInt8], Hints)] = stemTable.map { (Array($0.0.utf8), $0.1) }
    /// Indices into ``stems`` by first byte and by last byte.
    private static let stemsByFirst: [[Int]] = stems.indices.reduce(into: Array(repeating: [], count: 256)) { $0[Int(stems[$1].0[0])].append($1) }
    private static let stemsByLast: [[Int]] = stems.indices.reduce(into: Array(repeating: [], count: 256)) { $0[Int(stems[$1].0.last!)].append($1) }

    private static let stemTable: [(String, Hints)] = [
        ("comment", [.boilerplate, .comments]), ("kommentar", [.boilerplate, .comments]), ("disqus", [.boilerplate, .comments]),
        ("sidebar", .boilerplate), ("breadcrumb", .boilerplate), ("newsletter", .boilerplate), ("subscri", .boilerplate),
        ("advert", .boilerplate), ("sponsor", .boilerplate), ("cookie", .boilerplate), ("consent", .boilerplate),
        ("social", .boilerplate), ("sharing", .boilerplate), ("sharebar", .boilerplate), ("sharetools", .boilerplate),
        ("recommend", .boilerplate), ("related", .boilerplate), ("popup", .boilerplate), ("navigation", .boilerplate),
        ("navbar", .boilerplate), ("menu", .boilerplate), ("footer", .boilerplate),
        ("outbrain", .boilerplate), ("taboola", .boilerplate), ("pagination", .boilerplate), ("masthead", .header),
        ("imagedescription", [.meta, .caption]), ("bildunterschrift", [.meta, .caption]), ("copyright", .meta),
        ("byline", [.meta, .byline]), ("author", [.meta, .byline]), ("timestamp", .meta), ("caption", [.meta, .caption]), ("credit", .meta),
        ("tagcloud", .meta), ("taglist", .meta),
    ]

    /// Joined words that name the body text itself.
    private static let bodyPhrasesByFirst = ByFirstByte(bodyPhraseTable.map { Array($0.utf8) })

    private static let bodyPhraseTable: [String] = [
        "articlebody", "articletext", "articlecontent", "articlecopy", "storybody", "storytext", "storycontent", "postbody",
        "posttext", "postcontent", "entrycontent", "entrybody", "entrytext", "contentbody", "bodytext", "newsbody", "newstext",
        "blogpost", "blogcontent", "richtextarticle", "artikeltext", "artikelinhalt", "textbody", "maintext", "articleinner",
        "articlemain", "paywallcontent",
    ]
}

/// A word of up to sixteen bytes (none of them zero) as a dictionary key that hashes two integers.
struct WordKey: Hashable {
    let low: UInt64
    let high: UInt64

    /// The key of `word`, or nil when it is longer than sixteen bytes (no listed word is).
    init?(_ word: UnsafeBufferPointer<UInt8>) {
        guard word.count <= 16 else { return nil }
        var packed = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &packed) { $0.copyMemory(from: UnsafeRawBufferPointer(word)) }
        low = packed.0
        high = packed.1
    }
}

/// Byte strings grouped by their first byte, each group in the order given.
struct ByFirstByte {
    private let groups: [[[UInt8]]]

    init(_ strings: [[UInt8]]) {
        var groups = [[[UInt8]]](repeating: [], count: 256)
        for string in strings where !string.isEmpty { groups[Int(string[0])].append(string) }
        self.groups = groups
    }

    /// The strings that begin with `byte` (none for nil).
    func candidates(_ byte: UInt8?) -> [[UInt8]] {
        guard let byte else { return [] }
        return groups[Int(byte)]
    }
}

/// Whether `needle` occurs in `haystack`.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    let first = needle[0]
    var index = 0
    let last = haystack.count - needle.count
    while index <= last {
        if haystack[index] == first {
            var k = 1
            while k < needle.count, haystack[index + k] == needle[k] { k += 1 }
            if k == needle.count { return true }
        }
        index += 1
    }
    return false
}

/// A class name or id as a dictionary key, hashed as raw bytes (a `Substring` key would hash
/// Unicode-normalised characters, several times slower).
struct NameKey: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// The hints already worked out for class names and ids, and for whole `class` attributes. Each
/// thread keeps its own tables from page to page (templates repeat their names across a site's
/// pages, and sites share `container`, `row`, `entry-content`), so no lock is taken; a page takes
/// its thread's tables for its analysis and gives them back, and they are emptied when they hold
/// more than ``limit`` entries.
struct HintTables {
    var names: [NameKey: Hints] = [:]
    var classes: [String: Hints] = [:]

    static let limit = 60_000

    /// The calling thread's tables (empty ones the first time), to be given back with ``giveBack()``.
    static func take() -> HintTables {
        let box = ThreadBox.current()
        let tables = box.tables
        box.tables = HintTables()
        return tables
    }

    /// Gives the tables back to the calling thread for its next page.
    consuming func giveBack() {
        if names.count + classes.count > Self.limit { self = HintTables() }
        ThreadBox.current().tables = self
    }

    private final class ThreadBox {
        var tables = HintTables()

        private static let key: pthread_key_t = {
            var key = pthread_key_t()
            pthread_key_create(&key) { pointer in
                guard let pointer else { return }
                Unmanaged<ThreadBox>.fromOpaque(pointer).release()
            }
            return key
        }()

        static func current() -> ThreadBox {
            if let pointer = pthread_getspecific(key) { return Unmanaged<ThreadBox>.fromOpaque(pointer).takeUnretainedValue() }
            let box = ThreadBox()
            pthread_setspecific(key, Unmanaged.passRetained(box).toOpaque())
            return box
        }
    }
}
