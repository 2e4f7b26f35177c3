public import AnalyzerKit
public import ArticleModel
import TextKit

/// Time expressions normalised to TIMEX3 and the events they date, ordered on a timeline.
///
/// Time expressions are found by a hand-written grammar over tokens (``Grammar``), in the manner
/// of HeidelTime, and resolved against the article's `publishedAt`, else a date in its dateline,
/// else left underspecified (`XXXX-06-13`). Events are verbs and event nouns linked to the time
/// expression that governs them in their clause (``EventExtractor``).
public struct TimelineAnalyzer: Analyzer {
    public let descriptor = AnalyzerDescriptor(
        name: "timeline", version: "0.1.0", produces: [.timexes, .timeline],
        summary: "time expressions (TIMEX3) resolved against the publication date; dated events in time order",
        pureComputation: true)

    public init() {}

    public func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        if let published = request.article.publishedAt, request.publicationTime == nil {
            throw AnalyzerError(
                "publishedAt '\(published.prefix(64))' is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm])")
        }
        let analysis = Self.analyze(
            text: request.article.text, publishedAt: request.publicationTime,
            publishedAtIsExtracted: request.article.metadata.publishedAtIsExtracted)
        return AnalyzerOutput(timexes: analysis.timexes, timeline: analysis.timeline)
    }

    /// The two sections for one text.
    public struct Analysis: Sendable, Hashable {
        public var timexes: [Timex]
        public var timeline: [TimelineEvent]
    }

    /// Analyses `text` with `publishedAt` as the reference time (nil: the dateline's date, if any).
    /// `publishedAtIsExtracted`: the date came from the page, not from the submitter; relative
    /// values then give `extractedPublishedAt` as their anchor.
    public static func analyze(text: String, publishedAt: PublicationTime?, publishedAtIsExtracted: Bool = false) -> Analysis {
        let document = Document(text)
        let pieces = Pieces.make(document)
        let found = timexes(document: document, pieces: pieces, publishedAt: publishedAt, publishedAtIsExtracted: publishedAtIsExtracted)
        let events = EventExtractor(document: document, pieces: pieces, timexes: found).timeline()
        return Analysis(timexes: found.map(\.timex), timeline: events)
    }

    /// Only the time expressions of `text`.
    public static func timexes(in text: String, publishedAt: PublicationTime?) -> [Timex] {
        let document = Document(text)
        return timexes(document: document, pieces: Pieces.make(document), publishedAt: publishedAt).map(\.timex)
    }

    /// A time expression with what the timeline needs to know about it.
    struct Found: Sendable {
        var timex: Timex
        var first: Int
        var end: Int
        var day: CivilDate?
        var unit: TimeUnit?
    }

    static func timexes(document: Document, pieces: [Piece], publishedAt: PublicationTime?, publishedAtIsExtracted: Bool = false) -> [Found] {
        let reference = Self.reference(publishedAt: publishedAt, extracted: publishedAtIsExtracted, dateline: document.dateline)
        var resolver = Resolver(reference: reference)
        let grammar = Grammar(pieces: pieces, caseless: isCaseless(pieces))
        var result: [Found] = []
        for candidate in grammar.candidates() {
            let id = "T\(result.count + 1)"
            let tense = TenseReader.tense(pieces, first: candidate.first, end: candidate.end)
            let resolved = resolver.resolve(candidate, tense: tense, id: id)
            let span = Span(pieces[candidate.first].start, pieces[candidate.end - 1].end)
            var quant: String?
            var freq: String?
            if case .fixed(_, _, let q, let f) = candidate.meaning {
                quant = q
                freq = f
            }
            let timex = Timex(
                id: id, span: span, text: document.buffer[span], type: resolved.type, value: resolved.value,
                mod: candidate.mod.flatMap { $0.isEmpty ? nil : $0 }, anchor: resolved.anchor, quant: quant, freq: freq)
            result.append(Found(timex: timex, first: candidate.first, end: candidate.end, day: resolved.day, unit: resolved.unit))
        }
        return result
    }

    /// `publishedAt`, else the dateline's date, else nothing.
    static func reference(publishedAt: PublicationTime?, extracted: Bool = false, dateline: Dateline?) -> Reference? {
        if let publishedAt, let date = CivilDate(publishedAt.year, publishedAt.month, publishedAt.day) {
            return Reference(
                date: date, hour: publishedAt.hour, minute: publishedAt.minute, source: extracted ? "extractedPublishedAt" : "publishedAt")
        }
        if let text = dateline?.date, let parsed = PublicationTime(iso8601: text),
            let date = CivilDate(parsed.year, parsed.month, parsed.day)
        {
            return Reference(date: date, source: "dateline")
        }
        return nil
    }

    /// Whether the text is (nearly) all capitals, so that capitalisation carries no information.
    static func isCaseless(_ pieces: [Piece]) -> Bool {
        var upper = 0
        var lower = 0
        for piece in pieces where piece.kind == .word {
            if piece.capitalized && piece.text.unicodeScalars.allSatisfy({ !$0.properties.isLowercase }) {
                upper += 1
            } else {
                lower += 1
            }
        }
        return upper >= 4 && upper > lower * 3
    }
}
