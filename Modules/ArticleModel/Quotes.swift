/// The word or phrase that introduces reported speech (`said`, `told`, `according to`).
public struct Cue: Codable, Hashable, Sendable {
    public var span: Span
    public var text: String
    /// Dictionary form of the cue verb (`say` for `said`).
    public var lemma: String

    public init(span: Span, text: String, lemma: String) {
        self.span = span
        self.text = text
        self.lemma = lemma
    }
}

/// Whether speech is reproduced word for word or reported.
public enum QuoteKind: String, Codable, Hashable, Sendable {
    /// Inside quotation marks.
    case direct
    /// Reported speech without quotation marks (`X said that …`).
    case indirect
    /// Reported speech that quotes some words directly.
    case mixed
}

/// A passage of reported speech with its speaker.
public struct Quote: Codable, Hashable, Sendable {
    /// Identifier unique within the article (`Q1`).
    public var id: String
    /// The content: what was said.
    public var span: Span
    public var text: String
    public var kind: QuoteKind
    public var cue: Cue?
    /// Who said it: a name, a description (`a senior EU diplomat`) or a resolved pronoun.
    public var speaker: ActorRef?

    public init(id: String, span: Span, text: String, kind: QuoteKind, cue: Cue? = nil, speaker: ActorRef? = nil) {
        self.id = id
        self.span = span
        self.text = text
        self.kind = kind
        self.cue = cue
        self.speaker = speaker
    }
}
