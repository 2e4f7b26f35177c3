public import ArticleModel

/// One sentence: its span and the range of its tokens in ``Document/tokens``.
public struct Sentence: Sendable, Hashable {
    public var span: Span
    public var tokens: Range<Int>

    public init(span: Span, tokens: Range<Int>) {
        self.span = span
        self.tokens = tokens
    }
}

/// An article text read once for every analyzer: tokens, paragraphs, title, dateline, headings and
/// sentences. Headings and the dateline are not part of any sentence.
public struct Document: Sendable {
    public let buffer: TextBuffer
    public let tokens: [Token]
    public let paragraphs: [Span]
    /// The first line, when it reads as a title (short, no final punctuation, followed by more text).
    public let title: Span?
    /// The title, or else a one-line first paragraph of at most 20 words followed by more text (a
    /// headline ending in a stop, whose text is also the first sentence).
    public let headline: Span?
    public let dateline: Dateline?
    /// Section headings, excluding the title.
    public let headings: [Span]
    public let sentences: [Sentence]
    /// For each token, the index of its sentence, or -1 for title, dateline and heading tokens.
    public let sentenceOfToken: [Int]

    public init(_ text: String) {
        self.init(buffer: TextBuffer(text))
    }

    public init(buffer: TextBuffer) {
        self.buffer = buffer
        let tokens = Tokenizer.tokenize(buffer)
        self.tokens = tokens
        let paragraphs = Layout.paragraphs(buffer.scalars)
        self.paragraphs = paragraphs
        let layout = Layout.analyze(buffer, tokens: tokens, paragraphs: paragraphs)
        title = layout.title
        headline = layout.headline
        dateline = layout.dateline
        headings = layout.headings
        let sentences = SentenceSplitter.split(tokens: tokens, buffer: buffer, regions: layout.bodyRegions)
        self.sentences = sentences
        var sentenceOfToken = [Int](repeating: -1, count: tokens.count)
        for (index, sentence) in sentences.enumerated() {
            for token in sentence.tokens { sentenceOfToken[token] = index }
        }
        self.sentenceOfToken = sentenceOfToken
    }

    /// The layout as the article model's `structure` section.
    public var structure: ArticleStructure {
        ArticleStructure(
            title: title, dateline: dateline, headings: headings, paragraphs: paragraphs,
            sentences: sentences.map(\.span), tokenCount: tokens.lazy.filter { $0.kind != .punctuation }.count)
    }

    /// The tokens of a sentence.
    public func tokens(of sentence: Sentence) -> ArraySlice<Token> {
        tokens[sentence.tokens]
    }

    /// Index of the first token whose span starts at or after `offset`.
    public func tokenIndex(atOrAfter offset: Int) -> Int {
        Layout.firstToken(tokens, at: offset)
    }
}
