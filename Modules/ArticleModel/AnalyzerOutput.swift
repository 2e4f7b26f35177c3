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
    /// Places grounded in GeoNames (``Place``), each attached to its entity.
    case places
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
    public var places: [Place]?
    public var `extension`: JSONValue?

    public init(
        structure: ArticleStructure? = nil, entities: [Entity]? = nil, quotes: [Quote]? = nil,
        stances: [Stance]? = nil, sentiment: [TargetSentiment]? = nil, timexes: [Timex]? = nil,
        timeline: [TimelineEvent]? = nil, places: [Place]? = nil, extension: JSONValue? = nil
    ) {
        self.structure = structure
        self.entities = entities
        self.quotes = quotes
        self.stances = stances
        self.sentiment = sentiment
        self.timexes = timexes
        self.timeline = timeline
        self.places = places
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
        if places != nil { sections.insert(.places) }
        if `extension` != nil { sections.insert(.extension) }
        return sections
    }
}

extension AnalyzerOutput {
    /// This output with only `sections` kept: what a consumer of those sections is sent.
    public func restricted(to sections: Set<Section>) -> AnalyzerOutput {
        AnalyzerOutput(
            structure: sections.contains(.structure) ? structure : nil, entities: sections.contains(.entities) ? entities : nil,
            quotes: sections.contains(.quotes) ? quotes : nil, stances: sections.contains(.stances) ? stances : nil,
            sentiment: sections.contains(.sentiment) ? sentiment : nil, timexes: sections.contains(.timexes) ? timexes : nil,
            timeline: sections.contains(.timeline) ? timeline : nil, places: sections.contains(.places) ? places : nil,
            extension: sections.contains(.extension) ? `extension` : nil)
    }

    /// The sections of `other` that this output lacks, added.
    public mutating func add(_ other: AnalyzerOutput) {
        structure = structure ?? other.structure
        entities = entities ?? other.entities
        quotes = quotes ?? other.quotes
        stances = stances ?? other.stances
        sentiment = sentiment ?? other.sentiment
        timexes = timexes ?? other.timexes
        timeline = timeline ?? other.timeline
        places = places ?? other.places
        `extension` = `extension` ?? other.extension
    }
}
