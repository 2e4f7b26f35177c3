import ArticleModel
import Foundation

/// Analyses the report tests build by hand, with spans computed from the text.
enum ReportFixtures {
    /// The scalar span of the `occurrence`-th `part` in `text`.
    static func span(_ part: String, in text: String, occurrence: Int = 1) -> Span {
        let scalars = Array(text.unicodeScalars), wanted = Array(part.unicodeScalars)
        var seen = 0
        for start in 0...(scalars.count - wanted.count) where Array(scalars[start..<(start + wanted.count)]) == wanted {
            seen += 1
            if seen == occurrence { return Span(start, start + wanted.count) }
        }
        fatalError("\(part) not in the text")
    }

    static let text = "GENEVA (Reuters) - Anna Keller said on Tuesday that talks with Iran would resume.\nTalks Back On\n“We are ready,” Keller told reporters. Tehran rejected the offer on June 13.\n"

    /// A small, complete analysis: two people, a place, a quote, a stance, sentiment, timexes.
    static func analysis(id: String = "geneva", published: String? = "2025-06-19", withText: Bool = true) -> ArticleAnalysis {
        let text = Self.text
        var info = ArticleInfo(metadata: ArticleMetadata(id: id, title: "Talks to resume", url: "https://example.com/a", publishedAt: published), length: text.unicodeScalars.count)
        info.dateline = Dateline(span: span("GENEVA (Reuters) -", in: text), place: "GENEVA", source: "Reuters")
        info.headings = [span("Talks Back On", in: text)]
        let keller = Entity(
            id: "E1", type: .person, name: "Anna Keller", aliases: ["Keller"], roles: [Role(text: "minister")],
            mentions: [
                Mention(span: span("Anna Keller", in: text), text: "Anna Keller", kind: .name),
                Mention(span: span("Keller", in: text, occurrence: 2), text: "Keller", kind: .alias),
            ], salience: 0.9)
        let iran = Entity(id: "E2", type: .location, name: "Iran", mentions: [Mention(span: span("Iran", in: text), text: "Iran", kind: .name)], salience: 0.5)
        let tehran = Entity(id: "E3", type: .location, name: "Tehran", mentions: [Mention(span: span("Tehran", in: text), text: "Tehran", kind: .name)], salience: 0.4)
        let quote = Quote(
            id: "Q1", span: span("We are ready,", in: text), text: "We are ready,", kind: .direct,
            cue: Cue(span: span("told", in: text), text: "told", lemma: "tell"),
            speaker: ActorRef(span: span("Keller", in: text, occurrence: 2), text: "Keller", entityId: "E1"))
        let stance = Stance(
            id: "S1", holder: ActorRef(span: span("Tehran", in: text), text: "Tehran", entityId: "E3"),
            target: ActorRef(span: span("the offer", in: text), text: "the offer"), polarity: .oppose, strength: 0.8, negated: false,
            hedged: true, cue: Cue(span: span("rejected", in: text), text: "rejected", lemma: "reject"),
            evidence: span("Tehran rejected the offer on June 13.", in: text))
        let sentiment = [EntitySentiment(entityId: "E1", name: "Anna Keller", polarity: .positive, score: 0.4, mentions: [
            MentionSentiment(span: span("Anna Keller", in: text), polarity: .positive, score: 0.4),
        ])]
        let timexes = [
            Timex(id: "T1", span: span("Tuesday", in: text), text: "Tuesday", type: .date, value: "2025-06-17", anchor: "publishedAt"),
            Timex(id: "T2", span: span("June 13", in: text), text: "June 13", type: .date, value: "2025-06-13", anchor: "publishedAt"),
            Timex(id: "T3", span: span("resume", in: text), text: "resume", type: .date, value: "PRESENT_REF"),
        ]
        let timeline = [TimelineEvent(
            id: "V1", trigger: EventTrigger(span: span("rejected", in: text), text: "rejected"), description: "Tehran rejects the offer",
            time: EventTime(timexId: "T2", value: "2025-06-13", relation: .on), participants: [], ordered: true)]
        let places = [
            Place(
                id: "P1", entityId: "E2", kind: .location, text: "Iran", mentions: [span("Iran", in: text)], focus: true,
                reading: PlaceCandidate(geonameId: 130758, name: "Iran", featureClass: "A", featureCode: "PCLI", countryCode: "IR",
                                        latitude: 32, longitude: 53, population: 81_000_000, confidence: 0.97)),
            Place(
                id: "P2", entityId: "E3", kind: .location, text: "Tehran", mentions: [span("Tehran", in: text)],
                reading: PlaceCandidate(geonameId: 112931, name: "Tehran", featureClass: "P", featureCode: "PPLC", countryCode: "IR", admin1: "26",
                                        latitude: 35.69, longitude: 51.42, population: 7_153_309, confidence: 0.9),
                alternatives: [PlaceCandidate(geonameId: 110336, name: "Tehran", featureClass: "A", featureCode: "ADM1", countryCode: "IR",
                                              latitude: 35.6, longitude: 51.3, population: 12_000_000, confidence: 0.08)]),
            Place(
                id: "P3", kind: .dateline, text: "GENEVA", mentions: [span("GENEVA", in: text)], focus: true,
                reading: PlaceCandidate(geonameId: 2660646, name: "Geneva", featureClass: "P", featureCode: "PPLA", countryCode: "CH", admin1: "GE",
                                        latitude: 46.20222, longitude: 6.14569, population: 183_981, confidence: 0.95)),
        ]
        return ArticleAnalysis(
            article: info, entities: [keller, iran, tehran], quotes: [quote], stances: [stance], sentiment: sentiment, timexes: timexes,
            timeline: timeline, places: places, provenance: [Provenance(analyzer: "entities", version: "1.0.0", status: .ok, ms: 2.5, attempts: 1)],
            text: withText ? text : nil)
    }

    /// A new empty directory under the temporary directory.
    static func directory(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("byline-report-tests-\(name)-\(UUID().uuidString)").path
        return path
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
