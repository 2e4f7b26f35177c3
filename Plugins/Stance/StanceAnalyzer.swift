public import AnalyzerKit
public import ArticleModel
import Foundation
import TextKit

/// The models the stance analyzer uses: the attribution tagger and the target sentiment classifier.
/// Either may be absent only when built so on purpose (tests of the rules alone); the shipped analyzer
/// refuses to start without both.
public struct StanceModels: Sendable {
    public var attribution: AttributionTagger?
    public var sentiment: SentimentClassifier?

    public init(attribution: AttributionTagger?, sentiment: SentimentClassifier?) {
        self.attribution = attribution
        self.sentiment = sentiment
    }

    /// The models shipped in this module's resources, read once per process. Each file can be replaced
    /// through `BYLINE_ATTRIBUTION_MODEL` or `BYLINE_SENTIMENT_MODEL`.
    public static let bundled: Result<StanceModels, any Error> = Result {
        func load(_ name: String, override: String) throws -> LinearModel {
            guard let url = ModelFile.located("\(name).model", bundle: "Byline_StanceAnalyzer", override: override)
                ?? Bundle.module.url(forResource: name, withExtension: "model")
            else {
                throw AnalyzerError("the stance model \(name).model is missing from the StanceAnalyzer resources")
            }
            do {
                return try LinearModel(contentsOf: url)
            } catch {
                throw AnalyzerError("cannot load the stance model \(url.path): \(error)")
            }
        }
        return StanceModels(
            attribution: AttributionTagger(model: try load("attribution", override: "BYLINE_ATTRIBUTION_MODEL")),
            sentiment: SentimentClassifier(model: try load("sentiment", override: "BYLINE_SENTIMENT_MODEL")))
    }
}

/// Quotes and reported speech with their speakers, actors' stances toward targets, and sentiment
/// toward name-like mentions.
///
/// - Quotes: a perceptron tagger trained on PolNeAR marks source, cue and content tokens (beam
///   search over the labels); they are assembled into attributions, completed by rules for quotations next to a reporting
///   verb or continuing the previous quotation, and turned into one ``Quote`` per content piece.
///   Pronoun and `the official` speakers resolve to the nearest compatible earlier speaker or name.
/// - Stances: rules over a lexicon of stance predicates (see ``StanceFinder``).
/// - Sentiment: every capitalised name-like mention (``NameFinder``) is classified in its sentence
///   by a logistic regression trained on NewsMTSC; the coordinator links mentions to entities.
///
/// Spans are Unicode scalar offsets. Output is a pure function of the text.
public struct StanceAnalyzer: Analyzer {
    public let descriptor = AnalyzerDescriptor(
        name: "stance", version: "1.0.0", produces: [.quotes, .stances, .sentiment],
        summary: "quotes and reported speech with speakers, stances toward actors and issues, sentiment toward names",
        pureComputation: true)

    public let models: StanceModels

    /// With the bundled models; throws when they cannot be read.
    public init() throws {
        self.init(models: try StanceModels.bundled.get())
    }

    public init(models: StanceModels) {
        self.models = models
    }

    public func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        analyze(text: request.article.text)
    }

    /// Everything the analyzer finds in one text.
    public func analyze(text: String) -> AnalyzerOutput {
        let article = ArticleText(text)
        let result = analyze(article)
        return AnalyzerOutput(quotes: result.quotes, stances: result.stances, sentiment: result.sentiment)
    }

    /// The analysis with its intermediate attributions (for evaluation against PolNeAR).
    public struct Result: Sendable {
        public var attributions: [Attribution]
        public var quotes: [Quote]
        public var stances: [Stance]
        public var sentiment: [TargetSentiment]
    }

    public func analyze(_ text: ArticleText) -> Result {
        let attributions = AttributionExtractor(tagger: models.attribution).extract(text)
        let names = NameFinder.find(text)
        let built = QuoteBuilder.build(text, attributions, names: names)
        let stances = StanceFinder.find(text, attributions: attributions, speakers: built.speakers, names: names)
        var sentiment: [TargetSentiment] = []
        if let classifier = models.sentiment {
            var sentenceCache: (number: Int, sentence: SentimentSentence, values: SentimentLexiconValues)?
            for name in names {
                let number = text.document.sentenceOfToken[name.tokens.lowerBound]
                guard number >= 0 else { continue }
                let range = text.document.sentences[number].tokens
                if sentenceCache?.number != number {
                    let sentence = SentimentSentence(tokens: Array(text.tokens[range]))
                    sentenceCache = (number, sentence, classifier.lexiconValues(sentence))
                }
                let local = (name.tokens.lowerBound - range.lowerBound)..<(name.tokens.upperBound - range.lowerBound)
                let (polarity, score) = classifier.classify(sentenceCache!.sentence, target: local, values: sentenceCache!.values)
                let span = text.span(name.tokens)
                sentiment.append(TargetSentiment(span: span, text: text[span], polarity: polarity, score: score))
            }
        }
        return Result(attributions: attributions, quotes: built.quotes, stances: stances, sentiment: sentiment)
    }
}
