/// How one analyzer fared on one article.
public enum AnalyzerStatus: String, Codable, Hashable, Sendable {
    /// Replied in time with a valid result; its sections are merged.
    case ok
    /// Replied with an error, returned an invalid result, or lost every instance it was sent to.
    case failed
    /// No reply by the article's deadline (including: no instance of the service was available).
    case timeout
    /// Never sent: a section it consumes did not arrive (its producer failed or timed out).
    case skipped
}

/// One line of the record of who produced what.
public struct Provenance: Codable, Hashable, Sendable {
    /// Service name (`entities`).
    public var analyzer: String
    /// Version the answering instance announced; `nil` if none answered.
    public var version: String?
    public var status: AnalyzerStatus
    /// Milliseconds from first dispatch to the reply; for a timeout, from submission to the deadline.
    public var ms: Double
    /// How many instances the request was sent to (more than one after a worker was lost).
    public var attempts: Int
    /// Why the status is not `ok`.
    public var error: String?

    public init(analyzer: String, version: String?, status: AnalyzerStatus, ms: Double, attempts: Int, error: String? = nil) {
        self.analyzer = analyzer
        self.version = version
        self.status = status
        self.ms = ms
        self.attempts = attempts
        self.error = error
    }
}

/// Identity and layout of the analysed article. Layout fields are present when a structure
/// analyzer ran.
public struct ArticleInfo: Codable, Hashable, Sendable {
    public var id: String
    public var title: String?
    public var url: String?
    public var source: String?
    public var publishedAt: String?
    public var language: String?
    /// Extracted from a web page (see ``ArticleMetadata``).
    public var authors: [String]?
    public var modifiedAt: String?
    public var siteName: String?
    public var description: String?
    /// Where each extracted field came from.
    public var extraction: [String: String]?
    /// Length of the text in Unicode scalars; every span lies in `[0, length]`.
    public var length: Int
    public var titleSpan: Span?
    public var dateline: Dateline?
    public var headings: [Span]?
    public var paragraphs: [Span]?
    public var sentences: [Span]?
    public var tokenCount: Int?

    /// The metadata part, as it was submitted.
    public var metadata: ArticleMetadata {
        ArticleMetadata(
            id: id, title: title, url: url, source: source, publishedAt: publishedAt, language: language, authors: authors,
            modifiedAt: modifiedAt, siteName: siteName, description: description, extraction: extraction)
    }

    public init(metadata: ArticleMetadata, length: Int, structure: ArticleStructure? = nil) {
        id = metadata.id
        title = metadata.title
        url = metadata.url
        source = metadata.source
        publishedAt = metadata.publishedAt
        language = metadata.language
        authors = metadata.authors
        modifiedAt = metadata.modifiedAt
        siteName = metadata.siteName
        description = metadata.description
        extraction = metadata.extraction
        self.length = length
        titleSpan = structure?.title
        dateline = structure?.dateline
        headings = structure?.headings
        paragraphs = structure?.paragraphs
        sentences = structure?.sentences
        tokenCount = structure?.tokenCount
    }
}

/// The merged result for one article: every analyzer's sections joined, with provenance.
///
/// A section is absent when no analyzer that produces it answered (provenance says why) and an
/// empty array when one answered and found nothing. The text itself is not repeated here.
public struct ArticleAnalysis: Codable, Hashable, Sendable {
    /// Format identifier; changes when the model changes incompatibly.
    public var schema: String
    public var article: ArticleInfo
    public var entities: [Entity]?
    public var quotes: [Quote]?
    public var stances: [Stance]?
    public var sentiment: [EntitySentiment]?
    public var timexes: [Timex]?
    /// Events in the order the timeline analyzer gives them (by time, unordered events last).
    public var timeline: [TimelineEvent]?
    /// Places grounded in GeoNames, in order of first mention, each with its entity id.
    public var places: [Place]?
    /// Third-party results by service name.
    public var extensions: [String: JSONValue]?
    /// One line per analyzer the article was sent to, sorted by analyzer name.
    public var provenance: [Provenance]
    /// The article text, only when the client asked for it.
    public var text: String?

    public static let currentSchema = "byline.article/1"

    public init(
        article: ArticleInfo, entities: [Entity]? = nil, quotes: [Quote]? = nil, stances: [Stance]? = nil,
        sentiment: [EntitySentiment]? = nil, timexes: [Timex]? = nil, timeline: [TimelineEvent]? = nil,
        places: [Place]? = nil, extensions: [String: JSONValue]? = nil, provenance: [Provenance] = [], text: String? = nil
    ) {
        schema = Self.currentSchema
        self.article = article
        self.entities = entities
        self.quotes = quotes
        self.stances = stances
        self.sentiment = sentiment
        self.timexes = timexes
        self.timeline = timeline
        self.places = places
        self.extensions = extensions
        self.provenance = provenance
        self.text = text
    }
}
