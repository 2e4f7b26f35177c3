/// Sentiment toward a target.
public enum SentimentPolarity: String, Codable, Hashable, Sendable {
    case positive, neutral, negative
}

/// Sentiment toward one mention, as a sentiment analyzer reports it (no entity ids yet).
public struct TargetSentiment: Codable, Hashable, Sendable {
    /// The mention the sentiment is about.
    public var span: Span
    public var text: String
    public var polarity: SentimentPolarity
    /// Signed score in `[-1, 1]`: negative below zero, positive above.
    public var score: Double

    public init(span: Span, text: String, polarity: SentimentPolarity, score: Double) {
        self.span = span
        self.text = text
        self.polarity = polarity
        self.score = score
    }
}

/// Sentiment toward one mention inside an ``EntitySentiment``.
public struct MentionSentiment: Codable, Hashable, Sendable {
    public var span: Span
    public var polarity: SentimentPolarity
    public var score: Double

    public init(span: Span, polarity: SentimentPolarity, score: Double) {
        self.span = span
        self.polarity = polarity
        self.score = score
    }
}

/// Sentiment toward one entity across the article: every scored mention and their aggregate.
public struct EntitySentiment: Codable, Hashable, Sendable {
    /// The entity, when the entities section has it; otherwise `nil` and `name` identifies the target.
    public var entityId: String?
    public var name: String
    /// Aggregate polarity: the majority of the mention labels (mean label beyond ±1/3), else neutral.
    public var polarity: SentimentPolarity
    /// Mean of the mention scores, in `[-1, 1]`.
    public var score: Double
    public var mentions: [MentionSentiment]

    public init(entityId: String?, name: String, polarity: SentimentPolarity, score: Double, mentions: [MentionSentiment]) {
        self.entityId = entityId
        self.name = name
        self.polarity = polarity
        self.score = score
        self.mentions = mentions
    }
}
