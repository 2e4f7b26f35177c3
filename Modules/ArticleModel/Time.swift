/// TIMEX3 types.
public enum TimexType: String, Codable, Hashable, Sendable {
    case date = "DATE"
    case time = "TIME"
    case duration = "DURATION"
    case set = "SET"
}

/// A time expression, normalised in TimeML's TIMEX3 scheme.
public struct Timex: Codable, Hashable, Sendable {
    /// Identifier unique within the article (`T1`).
    public var id: String
    public var span: Span
    public var text: String
    public var type: TimexType
    /// TIMEX3 value: `2025-06-13`, `2025-W25`, `P3D`, `PRESENT_REF`, `XXXX-06-13` when the year is unknown.
    public var value: String
    /// TIMEX3 mod: `EARLY`, `LATE`, `APPROX`, `START`, `END`, `BEFORE`, `AFTER`, …
    public var mod: String?
    /// What a relative value was resolved against: `publishedAt`, `dateline`, or the id of another timex.
    public var anchor: String?
    /// TIMEX3 quant and freq for SETs (`EVERY`, `1W`).
    public var quant: String?
    public var freq: String?

    public init(
        id: String, span: Span, text: String, type: TimexType, value: String, mod: String? = nil,
        anchor: String? = nil, quant: String? = nil, freq: String? = nil
    ) {
        self.id = id
        self.span = span
        self.text = text
        self.type = type
        self.value = value
        self.mod = mod
        self.anchor = anchor
        self.quant = quant
        self.freq = freq
    }
}

/// How an event relates to its time.
public enum TemporalRelation: String, Codable, Hashable, Sendable {
    case on, before, after, since, until, during
}

/// The time an event is anchored to.
public struct EventTime: Codable, Hashable, Sendable {
    /// The governing time expression, when there is one.
    public var timexId: String?
    /// TIMEX3 value of that time.
    public var value: String
    public var relation: TemporalRelation

    public init(timexId: String? = nil, value: String, relation: TemporalRelation) {
        self.timexId = timexId
        self.value = value
        self.relation = relation
    }
}

/// The word that names an event (`strikes`, `talks`, `began`).
public struct EventTrigger: Codable, Hashable, Sendable {
    public var span: Span
    public var text: String

    public init(span: Span, text: String) {
        self.span = span
        self.text = text
    }
}

/// An event placed on the article's timeline.
public struct TimelineEvent: Codable, Hashable, Sendable {
    /// Identifier unique within the article (`V1`).
    public var id: String
    public var trigger: EventTrigger
    /// A short description of the event drawn from its clause.
    public var description: String?
    public var time: EventTime?
    /// Who takes part; the coordinator links them to entities.
    public var participants: [ActorRef]
    /// Whether the event's place in time order is known (dated, or ordered by the text).
    public var ordered: Bool

    public init(
        id: String, trigger: EventTrigger, description: String? = nil, time: EventTime? = nil,
        participants: [ActorRef] = [], ordered: Bool = true
    ) {
        self.id = id
        self.trigger = trigger
        self.description = description
        self.time = time
        self.participants = participants
        self.ordered = ordered
    }
}
