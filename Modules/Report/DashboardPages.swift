import ArticleModel

/// How much a corpus report shows, so that its pages stay small for any number of articles.
public struct ReportLimits: Sendable {
    /// Entities in the dashboard's table.
    public var tableEntities = 300
    /// Entities that get a page of their own (the most frequent, named in at least two articles).
    public var entityPages = 400
    /// Entities whose mentions over time the dashboard can show.
    public var chartEntities = 25
    /// Edges in the stance network.
    public var networkEdges = 60
    /// Articles on the dashboard and on each page of the article list.
    public var dashboardArticles = 50
    public var listPageSize = 500
    /// Quotes, stances and articles kept for each entity page.
    public var perEntity = 200
    /// Places drawn on the dashboard's map, and listed under it.
    public var mapPlaces = 300
    public var topPlaces = 25

    public init() {}
}

/// A row of an article list.
struct ArticleRow: Sendable {
    var title: String
    var href: String
    var published: String
    var entities: Int
    var quotes: Int
    var stances: Int
    var problems: String?
    var noText: Bool
}

/// Links to the pages of the article list.
struct PagerLink: Sendable {
    var number: Int
    var href: String
    var current: Bool
}

/// The dashboard: the corpus at a glance.
struct DashboardPage: Sendable {
    struct Stat: Sendable {
        var label: String
        var value: String
    }

    struct EntityRow: Sendable {
        var rank: Int
        var name: String
        var type: String
        var typeClass: String
        var label: String
        var mentions: Int
        var articles: Int
        var href: String?
        /// Lower-cased names and aliases for the search box.
        var search: String
    }

    struct TypeOption: Sendable {
        var value: String
        var label: String
        var count: Int
    }

    struct Series: Sendable {
        var key: String
        var name: String
        var chart: String
        var hidden: Bool
    }

    /// The stance network drawn with its most frequent `edges`.
    struct Network: Sendable {
        var key: String
        var edges: Int
        var chart: String
        var hidden: Bool
    }

    struct Failure: Sendable {
        var source: String
        var message: String
    }

    /// A place of the corpus: in how many articles it is where the story happens, and named at all.
    struct PlaceItem: Sendable {
        var rank: Int
        var geonameId: String
        var name: String
        var country: String
        var feature: String
        var coordinates: String
        var focusArticles: Int
        var articles: Int
        var mentions: Int
    }

    var generator: String
    var title: String
    var stats: [Stat]
    var shownEntities: Int
    var totalEntities: Int
    var types: [TypeOption]
    var entities: ViewList<EntityRow>?
    var networks: ViewList<Network>?
    var networkEdges: Int
    var networkTotal: Int
    var series: ViewList<Series>?
    var seriesUnit: String
    var undatedArticles: Int?
    var articles: ViewList<ArticleRow>?
    var articleCount: Int
    var pager: ViewList<PagerLink>?
    var failures: ViewList<Failure>?
    var placeMap: String?
    var topPlaces: ViewList<PlaceItem>?
    /// Distinct places in the corpus, how many the map shows, and articles that name any.
    var placeTotal: Int
    var placesShown: Int
    var placeArticles: Int
}

/// A page for one frequent entity: its quotes and stances across the corpus.
struct EntityPage: Sendable {
    struct QuoteItem: Sendable {
        var text: String
        var kind: String
        var article: String
        var href: String
        var published: String
    }

    struct StanceItem: Sendable {
        var holder: String
        var cue: String
        var target: String
        var polarity: String
        var flags: [String]
        var evidence: String?
        var article: String
        var href: String
        var published: String
    }

    var generator: String
    var name: String
    var type: String
    var typeClass: String
    var label: String
    var mentions: Int
    var articleCount: Int
    var aliases: ViewList<String>?
    var chart: String?
    var quoteTotal: Int
    var quotes: ViewList<QuoteItem>?
    var quotesMore: Int?
    var heldTotal: Int
    var held: ViewList<StanceItem>?
    var heldMore: Int?
    var aboutTotal: Int
    var about: ViewList<StanceItem>?
    var aboutMore: Int?
    var articles: ViewList<ArticleRow>?
    var articlesMore: Int?
}

/// One page of the list of every article.
struct ListPage: Sendable {
    var generator: String
    var number: Int
    var pages: Int
    var first: Int
    var last: Int
    var total: Int
    var articles: ViewList<ArticleRow>?
    var pager: ViewList<PagerLink>?
}
