/// The kinds of named entity byline recognises.
public enum EntityType: String, Codable, Hashable, Sendable, CaseIterable {
    case person = "PERSON"
    case organization = "ORG"
    case location = "LOCATION"
    /// Nationalities, religious and political groups, usually adjectives (Iranian, European).
    case nationality = "NORP"
    case misc = "MISC"
}

/// How an entity is referred to at one place in the text.
public enum MentionKind: String, Codable, Hashable, Sendable {
    /// The full or fullest name (`Abbas Araqchi`).
    case name
    /// A shorter name or acronym of an entity named in full elsewhere (`Araqchi`, `IAEA`).
    case alias
    /// A title or role standing for the entity (`the minister`).
    case title
    /// A nationality adjective (`Iranian`).
    case demonym
    case pronoun
}

/// One place where an entity is mentioned.
public struct Mention: Codable, Hashable, Sendable {
    public var span: Span
    /// The text at `span`, as written.
    public var text: String
    public var kind: MentionKind

    public init(span: Span, text: String, kind: MentionKind) {
        self.span = span
        self.text = text
        self.kind = kind
    }
}

/// A role or title the article gives an entity (`Foreign Minister`, `special envoy`).
public struct Role: Codable, Hashable, Sendable {
    public var text: String
    /// Where the role is stated, when it is a contiguous stretch of the text.
    public var span: Span?

    public init(text: String, span: Span? = nil) {
        self.text = text
        self.span = span
    }
}

/// A person, organisation, place or other named thing, with all of its mentions in one article.
public struct Entity: Codable, Hashable, Sendable {
    /// Identifier unique within the article (`E1`); other sections point at entities by it.
    public var id: String
    public var type: EntityType
    /// Canonical name: the fullest form the article uses.
    public var name: String
    /// Other names the article uses for it: surname alone, acronym, expansion.
    public var aliases: [String]
    public var roles: [Role]
    /// Every mention, ordered by position.
    public var mentions: [Mention]
    /// Prominence in the article in `[0, 1]`: mention count, first position, presence in title or lead.
    public var salience: Double
    /// For a NORP entity, the country or region it belongs to (`Iranian` → `Iran`), by name.
    public var relatedTo: String?
    /// The id of the entity that `relatedTo` names, when the article names it too.
    public var relatedEntityId: String?

    public init(
        id: String, type: EntityType, name: String, aliases: [String] = [], roles: [Role] = [],
        mentions: [Mention] = [], salience: Double = 0, relatedTo: String? = nil, relatedEntityId: String? = nil
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.aliases = aliases
        self.roles = roles
        self.mentions = mentions
        self.salience = salience
        self.relatedTo = relatedTo
        self.relatedEntityId = relatedEntityId
    }
}

/// A pointer to an actor or thing: where the text names it and, once merged, which entity it is.
///
/// Analyzers fill `span` and `text`; the coordinator fills `entityId` when the span overlaps a
/// mention of an entity or the text matches an entity's name or alias.
public struct ActorRef: Codable, Hashable, Sendable {
    public var span: Span?
    public var text: String?
    public var entityId: String?

    public init(span: Span? = nil, text: String? = nil, entityId: String? = nil) {
        self.span = span
        self.text = text
        self.entityId = entityId
    }
}
