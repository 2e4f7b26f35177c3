/// Where a holder stands on a target.
public enum StancePolarity: String, Codable, Hashable, Sendable {
    case support, oppose, neutral
}

/// An actor's position toward a target (another actor or an issue), with the evidence for it.
public struct Stance: Codable, Hashable, Sendable {
    /// Identifier unique within the article (`S1`).
    public var id: String
    public var holder: ActorRef
    /// A named actor (`entityId` once merged) or an issue phrase (`a regional uranium enrichment consortium`).
    public var target: ActorRef
    public var polarity: StancePolarity
    /// Confidence or intensity in `[0, 1]`.
    public var strength: Double
    /// The stance depends on a condition (`if`, `unless`, `conditioned on`).
    public var conditional: Bool
    /// The predicate is negated (`not ruling out`).
    public var negated: Bool
    /// Hedged by a modal (`could`, `may`).
    public var hedged: Bool
    /// The predicate or speech act that carries the stance (`rejected`, `upheld`).
    public var cue: Cue?
    /// The stretch of text the stance is read from.
    public var evidence: Span
    /// The condition, when `conditional`.
    public var condition: Span?

    public init(
        id: String, holder: ActorRef, target: ActorRef, polarity: StancePolarity, strength: Double,
        conditional: Bool = false, negated: Bool = false, hedged: Bool = false, cue: Cue? = nil,
        evidence: Span, condition: Span? = nil
    ) {
        self.id = id
        self.holder = holder
        self.target = target
        self.polarity = polarity
        self.strength = strength
        self.conditional = conditional
        self.negated = negated
        self.hedged = hedged
        self.cue = cue
        self.evidence = evidence
        self.condition = condition
    }
}
