import ArticleModel

/// What the dashboard needs from every article, gathered one analysis at a time so that a corpus
/// of any size is read once and never held whole: per article a short summary, per entity its
/// counts, mentions by day, and a bounded sample of its quotes and stances, and the stance edges.
struct Corpus {
    /// One article as the dashboard lists it.
    struct ArticleSummary {
        var id: String
        var title: String
        /// The article page, relative to the report directory.
        var file: String
        var published: String?
        var day: Int?
        var entities: Int
        var quotes: Int
        var stances: Int
        var problems: [String]
        var hasText: Bool
    }

    struct Quote {
        var article: Int
        var text: String
        var kind: String
        var anchor: String?
    }

    struct StanceItem {
        var article: Int
        var holder: String
        var cue: String
        var target: String
        var polarity: String
        var flags: [String]
        var evidence: String?
        var anchor: String?
    }

    /// An entity across articles, identified by type and normalised canonical name.
    struct Entity {
        var key: String
        var type: EntityType
        /// Spellings of the canonical name and how often each was the canonical one.
        var spellings: [String: Int] = [:]
        var aliases: [String: Int] = [:]
        var mentions = 0
        var articles = 0
        var lastArticle = -1
        /// Mentions by publication day (articles without a date are not counted here).
        var days: [Int: Int] = [:]
        var quotes: [Quote] = []
        var quoteTotal = 0
        var held: [StanceItem] = []
        var heldTotal = 0
        var about: [StanceItem] = []
        var aboutTotal = 0
        /// Articles naming it, the first `limit` of them.
        var articleList: [Int] = []

        var name: String {
            spellings.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? key
        }
    }

    /// A node of the stance network: an entity, or an issue no entity stands for.
    struct NodeKey: Hashable, Comparable {
        var key: String
        var isEntity: Bool

        static func < (lhs: NodeKey, rhs: NodeKey) -> Bool { (lhs.key, lhs.isEntity ? 0 : 1) < (rhs.key, rhs.isEntity ? 0 : 1) }
    }

    struct EdgeKey: Hashable {
        var holder: NodeKey
        var target: NodeKey
        var polarity: StancePolarity
    }

    /// A GeoNames place across articles.
    struct PlaceStat {
        var geonameId: Int
        var name: String
        var countryCode: String?
        var featureCode: String
        var featureClass: String
        var latitude: Double
        var longitude: Double
        /// Articles naming it, and those where it is a focus place (where the story happens).
        var articles = 0
        var focusArticles = 0
        var mentions = 0
    }

    /// How much of each entity's quotes, stances and article list is kept for its page.
    var sampleLimit: Int

    var articles: [ArticleSummary] = []
    var entities: [String: Entity] = [:]
    var edges: [EdgeKey: Int] = [:]
    /// Display names of issue nodes by key.
    var issueNames: [String: String] = [:]
    var quoteTotal = 0
    var stanceTotal = 0
    var failedInputs: [(source: String, message: String)] = []
    /// Places by GeoNames id (bounded by the gazetteer, not by the number of articles).
    var places: [Int: PlaceStat] = [:]
    var placeArticles = 0

    init(sampleLimit: Int) {
        self.sampleLimit = sampleLimit
    }

    /// The key of an entity: type and canonical name, lower-cased, apostrophes straightened, spaces collapsed.
    static func key(type: EntityType, name: String) -> String {
        type.rawValue + "|" + normalise(name)
    }

    static func normalise(_ text: String) -> String {
        let lowered = String(text.lowercased().map { $0 == "\u{2019}" ? "'" : $0 })
        return lowered.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Adds one analysed article whose page is `file`; `page` is the view built for it (its DOM ids
    /// let entity pages link into the article page).
    mutating func add(_ analysis: ArticleAnalysis, file: String, page: ArticlePage) {
        let index = articles.count
        let info = analysis.article
        let published = info.publishedAt.flatMap { PublicationTime(iso8601: $0) }
        let day = published.map { CalendarDays.day(year: $0.year, month: $0.month, day: $0.day) }
        articles.append(ArticleSummary(
            id: info.id, title: page.title, file: file, published: published?.dateString, day: day,
            entities: analysis.entities?.count ?? 0, quotes: analysis.quotes?.count ?? 0, stances: analysis.stances?.count ?? 0,
            problems: analysis.provenance.filter { $0.status != .ok }.map { "\($0.analyzer) \($0.status.rawValue)" },
            hasText: page.text != nil || (analysis.text != nil && info.length == 0)))

        var keys: [String: String] = [:]
        for entity in analysis.entities ?? [] {
            let key = Self.key(type: entity.type, name: entity.name)
            keys[entity.id] = key
            var item = entities[key] ?? Entity(key: key, type: entity.type)
            item.spellings[entity.name, default: 0] += 1
            for alias in entity.aliases where item.aliases.count < 40 || item.aliases[alias] != nil { item.aliases[alias, default: 0] += 1 }
            item.mentions += entity.mentions.count
            if item.lastArticle != index {
                item.lastArticle = index
                item.articles += 1
                if item.articleList.count < sampleLimit { item.articleList.append(index) }
            }
            if let day { item.days[day, default: 0] += entity.mentions.count }
            entities[key] = item
        }

        // Places: each counted once per article, as a focus place when any of its readings is one.
        var seen: [Int: Bool] = [:]
        for place in analysis.places ?? [] where MapView.valid(latitude: place.latitude, longitude: place.longitude) {
            seen[place.geonameId] = (seen[place.geonameId] ?? false) || place.focus
            places[place.geonameId, default: PlaceStat(
                geonameId: place.geonameId, name: place.name, countryCode: place.countryCode, featureCode: place.featureCode,
                featureClass: place.featureClass, latitude: place.latitude, longitude: place.longitude)].mentions += place.mentions.count
        }
        if !seen.isEmpty { placeArticles += 1 }
        for (id, focus) in seen {
            places[id]?.articles += 1
            if focus { places[id]?.focusArticles += 1 }
        }

        let quoteRows = page.quotes?.items ?? []
        for (position, quote) in (analysis.quotes ?? []).enumerated() {
            quoteTotal += 1
            guard let id = quote.speaker?.entityId, let key = keys[id] else { continue }
            entities[key]?.quoteTotal += 1
            if (entities[key]?.quotes.count ?? sampleLimit) < sampleLimit {
                let anchor = position < quoteRows.count ? quoteRows[position].anchor : nil
                entities[key]?.quotes.append(Quote(article: index, text: quote.text, kind: quote.kind.rawValue, anchor: anchor))
            }
        }

        let stanceRows = page.stances?.items ?? []
        for (position, stance) in (analysis.stances ?? []).enumerated() {
            stanceTotal += 1
            guard position < stanceRows.count else { continue }
            let row = stanceRows[position]
            let item = StanceItem(
                article: index, holder: row.holder.name, cue: row.cueText, target: row.target.name, polarity: row.polarity,
                flags: row.flags, evidence: row.evidenceText, anchor: row.evidence)
            let holderKey = stance.holder.entityId.flatMap { keys[$0] }
            let targetKey = stance.target.entityId.flatMap { keys[$0] }
            if let holderKey {
                entities[holderKey]?.heldTotal += 1
                if (entities[holderKey]?.held.count ?? sampleLimit) < sampleLimit { entities[holderKey]?.held.append(item) }
            }
            if let targetKey, targetKey != holderKey {
                entities[targetKey]?.aboutTotal += 1
                if (entities[targetKey]?.about.count ?? sampleLimit) < sampleLimit { entities[targetKey]?.about.append(item) }
            }
            // The network: holders that are entities, toward entities or issues.
            guard let holderKey else { continue }
            let target: NodeKey
            if let targetKey {
                target = NodeKey(key: targetKey, isEntity: true)
            } else {
                var issue = Self.normalise(row.target.name)
                for article in ["the ", "a ", "an "] where issue.hasPrefix(article) { issue.removeFirst(article.count) }
                guard !issue.isEmpty, issue.count <= 80 else { continue }
                if issueNames[issue] == nil { issueNames[issue] = row.target.name }
                target = NodeKey(key: issue, isEntity: false)
            }
            edges[EdgeKey(holder: NodeKey(key: holderKey, isEntity: true), target: target, polarity: stance.polarity), default: 0] += 1
        }
    }

    /// The display name of a network node.
    func name(of node: NodeKey) -> String {
        node.isEntity ? (entities[node.key]?.name ?? node.key) : (issueNames[node.key] ?? node.key)
    }

    /// Places by the number of articles whose story happens there, then articles naming them, mentions, id.
    func rankedPlaces() -> [PlaceStat] {
        places.values.sorted {
            ($0.focusArticles, $0.articles, $0.mentions, $1.geonameId) > ($1.focusArticles, $1.articles, $1.mentions, $0.geonameId)
        }
    }

    /// Entities by number of articles, then mentions, then key.
    func ranked() -> [Entity] {
        entities.values.sorted { ($0.articles, $0.mentions, $1.key) > ($1.articles, $1.mentions, $0.key) }
    }
}
