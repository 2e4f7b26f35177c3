public import AnalyzerKit
public import ArticleModel
public import Foundation
public import TextKit

/// The entities analyzer: article structure from TextKit, names from the trained recogniser, and
/// entities with canonical names, aliases, roles, NORP links and salience.
///
/// Holds the loaded model; cheap to copy and safe to share across concurrent requests.
public struct EntitiesAnalyzer: Analyzer {
    public static let version = "1.0.0"

    public let descriptor = AnalyzerDescriptor(
        name: "entities", version: EntitiesAnalyzer.version, produces: [.entities, .structure],
        summary: "article structure; people, organisations, places, NORP and other names with aliases, roles and salience",
        pureComputation: true)

    public let recognizer: NamedEntityRecognizer

    /// An analyzer with the model shipped in this module's resources (loaded once per process), or
    /// the file named by `BYLINE_NER_MODEL` when that is set.
    public init() throws {
        recognizer = NamedEntityRecognizer(model: try Self.bundledModel.get())
    }

    public init(model: NERModel) {
        recognizer = NamedEntityRecognizer(model: model)
    }

    public init(recognizer: NamedEntityRecognizer) {
        self.recognizer = recognizer
    }

    /// The shipped model, read on first use.
    public static let bundledModel: Result<NERModel, any Error> = Result { try NERModel(contentsOf: try modelURL()) }

    /// Where the model file is: `BYLINE_NER_MODEL`, else this module's resource bundle next to the
    /// executable (`Byline_EntitiesAnalyzer.resources/ner.model`), else the bundle in the build folder.
    public static func modelURL() throws -> URL {
        if let url = ModelFile.located("ner.model", bundle: "Byline_EntitiesAnalyzer", override: "BYLINE_NER_MODEL") {
            return url
        }
        guard let url = Bundle.module.url(forResource: "ner", withExtension: "model") else {
            throw AnalyzerError("the entities model (ner.model) is missing from the EntitiesAnalyzer resources")
        }
        return url
    }

    public func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        let document = Document(request.article.text)
        let entities = self.entities(in: document, title: request.article.title)
        return AnalyzerOutput(structure: document.structure, entities: entities)
    }

    /// The entities of a document. `title` is the article's title when it is not part of the text.
    public func entities(in document: Document, title: String? = nil) -> [Entity] {
        let mentions = recognize(document)
        return EntityBuilder(document: document, externalTitle: title, lexicon: recognizer.model.lexicon).entities(from: mentions)
    }

    /// Names found in the running text (sentences; not the title line, headings or dateline).
    public func recognize(_ document: Document) -> [RawMention] {
        let sentences = document.sentences
        guard !sentences.isEmpty else { return [] }
        var starts: [Int] = [0]
        var attributes: [WordAttributes] = []
        attributes.reserveCapacity(document.tokens.count)
        for sentence in sentences {
            for token in document.tokens(of: sentence) { attributes.append(WordAttributes(token.text)) }
            starts.append(attributes.count)
        }
        let prepared = recognizer.extractor.prepare(attributes: attributes, sentenceStarts: starts)
        let labels = recognizer.label(prepared)
        var mentions: [RawMention] = []
        for (index, sentence) in sentences.enumerated() {
            let base = starts[index]
            let spans = BILOU.spans(Array(labels[base..<starts[index + 1]]))
            for span in spans {
                let first = sentence.tokens.lowerBound + span.tokens.lowerBound
                let last = sentence.tokens.lowerBound + span.tokens.upperBound
                mentions.append(RawMention(tokens: first..<last, type: span.type, sentence: index))
            }
        }
        return mentions
    }
}

/// A name as the recogniser found it: a run of document tokens and its CoNLL class.
public struct RawMention: Sendable, Hashable {
    public var tokens: Range<Int>
    public var type: NERClass
    /// Index into ``Document/sentences``.
    public var sentence: Int
}
