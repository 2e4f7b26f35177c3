public import ArticleModel

/// How one service answered for one article: what the merger joins.
public struct ServiceResult: Sendable, Equatable {
    public var service: String
    public var version: String?
    public var status: AnalyzerStatus
    public var ms: Double
    public var attempts: Int
    public var error: String?
    /// The validated output, when `status` is `ok`.
    public var output: AnalyzerOutput?

    public init(
        service: String, version: String?, status: AnalyzerStatus, ms: Double, attempts: Int, error: String? = nil,
        output: AnalyzerOutput? = nil
    ) {
        self.service = service
        self.version = version
        self.status = status
        self.ms = ms
        self.attempts = attempts
        self.error = error
        self.output = output
    }
}

/// Joins the analyzers' outputs into one ``ArticleAnalysis``.
///
/// Deterministic and independent of the order results arrive in: results are taken in service-name
/// order, each core section comes from the first service (by name) that produced it, and every
/// cross-reference is resolved against the entities section by ``EntityIndex``.
public enum Merger {
    public static func merge(metadata: ArticleMetadata, textLength: Int, results: [ServiceResult]) -> ArticleAnalysis {
        let ordered = results.sorted { $0.service < $1.service }
        var structure: ArticleStructure?
        var entities: [Entity]?
        var quotes: [Quote]?
        var stances: [Stance]?
        var targets: [TargetSentiment]?
        var timexes: [Timex]?
        var timeline: [TimelineEvent]?
        var places: [Place]?
        var extensions: [String: JSONValue] = [:]
        for result in ordered where result.status == .ok {
            guard let output = result.output else { continue }
            structure = structure ?? output.structure
            entities = entities ?? output.entities
            quotes = quotes ?? output.quotes
            stances = stances ?? output.stances
            targets = targets ?? output.sentiment
            timexes = timexes ?? output.timexes
            timeline = timeline ?? output.timeline
            places = places ?? output.places
            if let value = output.extension { extensions[result.service] = value }
        }

        let index = EntityIndex(entities ?? [])
        quotes = quotes?.map { quote in
            var quote = quote
            quote.speaker = quote.speaker.map { index.link($0, preferring: .actor) }
            return quote
        }
        stances = stances?.map { stance in
            var stance = stance
            stance.holder = index.link(stance.holder, preferring: .actor)
            stance.target = index.link(stance.target, preferring: .any)
            return stance
        }
        timeline = timeline?.map { event in
            var event = event
            event.participants = event.participants.map { index.link($0, preferring: .any) }
            return event
        }
        // A place keeps the entity id its analyzer gave it when the merged entities have it (the
        // analyzer consumed this article's entities); otherwise it is linked by span and name.
        places = places?.map { place in
            var place = place
            if let id = place.entityId, index.position(of: id) != nil { return place }
            place.entityId = index.link(ActorRef(span: place.mentions.first, text: place.text), preferring: .any).entityId
            return place
        }
        let sentiment = targets.map { aggregate($0, index: index) }

        return ArticleAnalysis(
            article: ArticleInfo(metadata: metadata, length: textLength, structure: structure),
            entities: entities, quotes: quotes, stances: stances, sentiment: sentiment, timexes: timexes,
            timeline: timeline, places: places, extensions: extensions.isEmpty ? nil : extensions,
            provenance: ordered.map {
                Provenance(analyzer: $0.service, version: $0.version, status: $0.status, ms: $0.ms, attempts: $0.attempts, error: $0.error)
            })
    }

    /// Groups per-mention sentiment by entity and averages it.
    static func aggregate(_ targets: [TargetSentiment], index: EntityIndex) -> [EntitySentiment] {
        struct Group {
            var entityId: String?
            var name: String
            var order: Int
            var mentions: [MentionSentiment] = []
        }
        var groups: [String: Group] = [:]
        for target in targets.sorted(by: { ($0.span, $0.text) < ($1.span, $1.text) }) {
            let linked = index.link(ActorRef(span: target.span, text: target.text), preferring: .any).entityId
            let key: String
            let group: Group
            if let linked, let position = index.position(of: linked) {
                key = "e:" + linked
                group = groups[key] ?? Group(entityId: linked, name: index.entities[position].name, order: position)
            } else {
                let name = EntityIndex.normalize(target.text)
                key = "t:" + name
                group = groups[key] ?? Group(entityId: nil, name: target.text, order: Int.max)
            }
            var updated = group
            updated.mentions.append(MentionSentiment(span: target.span, polarity: target.polarity, score: target.score))
            groups[key] = updated
        }
        return groups.values
            .sorted { ($0.order, $0.name) < ($1.order, $1.name) }
            .map { group in
                let mean = group.mentions.map(\.score).reduce(0, +) / Double(group.mentions.count)
                let score = (mean * 1000).rounded() / 1000
                return EntitySentiment(
                    entityId: group.entityId, name: group.name, polarity: aggregatePolarity(group.mentions), score: score,
                    mentions: group.mentions)
            }
    }

    /// The polarity of a group of mentions: the mean of their labels (positive +1, neutral 0,
    /// negative −1) above 1/3 is positive, below −1/3 negative, else neutral. A single mention keeps
    /// its own label, and mixed labels cancel out, whatever the classifier's scores.
    static func aggregatePolarity(_ mentions: [MentionSentiment]) -> SentimentPolarity {
        guard !mentions.isEmpty else { return .neutral }
        let sum = mentions.reduce(0) { total, mention in
            switch mention.polarity {
            case .positive: total + 1
            case .neutral: total
            case .negative: total - 1
            }
        }
        // Compare sum/count with ±1/3 in integers.
        if 3 * sum > mentions.count { return .positive }
        if 3 * sum < -mentions.count { return .negative }
        return .neutral
    }
}
