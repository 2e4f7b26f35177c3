/// The sections of the article model an analyzer can produce.
public enum Section: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    /// Title, dateline, headings, paragraphs, sentences.
    case structure
    case entities
    case quotes
    case stances
    /// Per-mention sentiment (``TargetSentiment``); merged into per-entity sentiment.
    case sentiment
    case timexes
    case timeline
    /// Free-form JSON, merged under `extensions.<service name>`.
    case `extension`

    public static func < (lhs: Section, rhs: Section) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What one analyzer returns for one article: the sections it produces, nothing else.
///
/// On the wire this is the JSON payload of a REPLY. Every section the analyzer's descriptor
/// declares must be present (empty arrays are fine); no other section may be.
public struct AnalyzerOutput: Codable, Hashable, Sendable {
    public var structure: ArticleStructure?
    public var entities: [Entity]?
    public var quotes: [Quote]?
    public var stances: [Stance]?
    public var sentiment: [TargetSentiment]?
    public var timexes: [Timex]?
    public var timeline: [TimelineEvent]?
    public var `extension`: JSONValue?

    public init(
        structure: ArticleStructure? = nil, entities: [Entity]? = nil, quotes: [Quote]? = nil,
        stances: [Stance]? = nil, sentiment: [TargetSentiment]? = nil, timexes: [Timex]? = nil,
        timeline: [TimelineEvent]? = nil, extension: JSONValue? = nil
    ) {
        self.structure = structure
        self.entities = entities
        self.quotes = quotes
        self.stances = stances
        self.sentiment = sentiment
        self.timexes = timexes
        self.timeline = timeline
        self.extension = `extension`
    }

    /// The sections present in this output.
    public var presentSections: Set<Section> {
        var sections: Set<Section> = []
        if structure != nil { sections.insert(.structure) }
        if entities != nil { sections.insert(.entities) }
        if quotes != nil { sections.insert(.quotes) }
        if stances != nil { sections.insert(.stances) }
        if sentiment != nil { sections.insert(.sentiment) }
        if timexes != nil { sections.insert(.timexes) }
        if timeline != nil { sections.insert(.timeline) }
        if `extension` != nil { sections.insert(.extension) }
        return sections
    }
}
