/// The layout of an article's text: title line, dateline, headings, paragraphs and sentences.
///
/// Headings and the dateline are neither sentences nor entities; sentences never overlap them.
public struct ArticleStructure: Codable, Hashable, Sendable {
    /// The title line when the text itself starts with one.
    public var title: Span?
    public var dateline: Dateline?
    /// Section headings: short title-case lines without final punctuation.
    public var headings: [Span]
    public var paragraphs: [Span]
    public var sentences: [Span]
    /// Number of word tokens in the text.
    public var tokenCount: Int

    public init(
        title: Span? = nil, dateline: Dateline? = nil, headings: [Span] = [], paragraphs: [Span] = [],
        sentences: [Span] = [], tokenCount: Int = 0
    ) {
        self.title = title
        self.dateline = dateline
        self.headings = headings
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.tokenCount = tokenCount
    }
}

/// A dateline such as `WASHINGTON (Reuters) -` or `ISLAMABAD (PEN) :`.
public struct Dateline: Codable, Hashable, Sendable {
    public var span: Span
    /// The place named, as written (`ISLAMABAD`).
    public var place: String?
    /// The news agency or outlet in parentheses (`Reuters`).
    public var source: String?
    /// A date the dateline carries, ISO 8601 (`2025-06-19`), when it has one.
    public var date: String?

    public init(span: Span, place: String? = nil, source: String? = nil, date: String? = nil) {
        self.span = span
        self.place = place
        self.source = source
        self.date = date
    }
}
