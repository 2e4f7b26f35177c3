import ArticleModel
import Coordinator
import Foundation
import Testing
import WireProtocol

/// A small article with outputs from four independent analyzers, as they would answer.
enum Fixture {
    static let text = "Iranian Foreign Minister Abbas Araqchi said talks could resume. A senior EU diplomat said Araqchi was open. Trump denied it."

    static var entities: AnalyzerOutput {
        AnalyzerOutput(entities: [
            Entity(id: "E1", type: .person, name: "Abbas Araqchi", aliases: ["Araqchi"], roles: [Role(text: "Foreign Minister", span: Span(8, 24))],
                   mentions: [Mention(span: Span(25, 38), text: "Abbas Araqchi", kind: .name), Mention(span: Span(90, 97), text: "Araqchi", kind: .alias)],
                   salience: 0.9),
            Entity(id: "E2", type: .nationality, name: "Iranian", mentions: [Mention(span: Span(0, 7), text: "Iranian", kind: .demonym)], salience: 0.2,
                   relatedTo: "Iran"),
            Entity(id: "E3", type: .organization, name: "EU", mentions: [Mention(span: Span(73, 75), text: "EU", kind: .name)], salience: 0.2),
            Entity(id: "E4", type: .person, name: "Donald Trump", aliases: ["Trump"],
                   mentions: [Mention(span: Span(108, 113), text: "Trump", kind: .alias)], salience: 0.3),
        ])
    }

    static var quotes: AnalyzerOutput {
        AnalyzerOutput(
            quotes: [
                Quote(id: "Q1", span: Span(44, 62), text: "talks could resume", kind: .indirect,
                      cue: Cue(span: Span(39, 43), text: "said", lemma: "say"), speaker: ActorRef(span: Span(0, 38), text: "Iranian Foreign Minister Abbas Araqchi")),
                Quote(id: "Q2", span: Span(90, 106), text: "Araqchi was open", kind: .indirect,
                      cue: Cue(span: Span(85, 89), text: "said", lemma: "say"), speaker: ActorRef(span: Span(64, 84), text: "A senior EU diplomat")),
            ],
            stances: [
                Stance(id: "S1", holder: ActorRef(text: "Trump"), target: ActorRef(text: "it"), polarity: .oppose, strength: 0.8,
                       cue: Cue(span: Span(114, 120), text: "denied", lemma: "deny"), evidence: Span(108, 124)),
            ],
            sentiment: [
                TargetSentiment(span: Span(25, 38), text: "Abbas Araqchi", polarity: .positive, score: 0.4),
                TargetSentiment(span: Span(90, 97), text: "Araqchi", polarity: .positive, score: 0.6),
                TargetSentiment(span: Span(108, 113), text: "Trump", polarity: .negative, score: -0.5),
                TargetSentiment(span: Span(8, 24), text: "Foreign Minister", polarity: .neutral, score: 0),
            ])
    }

    static var timeline: AnalyzerOutput {
        AnalyzerOutput(timeline: [
            TimelineEvent(id: "V1", trigger: EventTrigger(span: Span(44, 49), text: "talks"),
                          participants: [ActorRef(span: Span(25, 38), text: "Abbas Araqchi"), ActorRef(text: "EU")], ordered: false),
        ])
    }

    static var results: [ServiceResult] {
        [
            ServiceResult(service: "entities", version: "1", status: .ok, ms: 2, attempts: 1, output: entities),
            ServiceResult(service: "stance", version: "1", status: .ok, ms: 3, attempts: 1, output: quotes),
            ServiceResult(service: "timeline", version: "1", status: .ok, ms: 1, attempts: 1, output: timeline),
            ServiceResult(service: "keywords", version: "1", status: .ok, ms: 1, attempts: 1, output: .keywords("talks")),
            ServiceResult(service: "broken", version: "1", status: .failed, ms: 1, attempts: 2, error: "boom"),
        ]
    }
}

/// Every ordering of a collection, for order-independence laws.
func permutations<T>(_ items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index -> [[T]] in
        var rest = items
        let head = rest.remove(at: index)
        return permutations(rest).map { [head] + $0 }
    }
}

@Suite struct MergeLawTests {
    @Test func mergeIsIndependentOfResultOrder() throws {
        let metadata = ArticleMetadata(id: "a1", publishedAt: "2025-06-19")
        let length = Fixture.text.unicodeScalars.count
        let reference = WireJSON.encode(Merger.merge(metadata: metadata, textLength: length, results: Fixture.results))
        let all = permutations(Fixture.results)
        #expect(all.count == 120)
        for order in all {
            #expect(WireJSON.encode(Merger.merge(metadata: metadata, textLength: length, results: order)) == reference)
        }
    }

    @Test func brokerResultIsTheSameForEveryReplyOrderAndDuplicatesChangeNothing() throws {
        let services: [(String, [Section], AnalyzerOutput)] = [
            ("entities", [.entities], Fixture.entities),
            ("stance", [.quotes, .stances, .sentiment], Fixture.quotes),
            ("timeline", [.timeline], Fixture.timeline),
            ("keywords", [.extension], .keywords("talks")),
        ]
        var outputs: Set<[UInt8]> = []
        for order in permutations(Array(services.indices)) {
            var h = BrokerHarness()
            for (name, produces, _) in services { h.ready("w-\(name)", service: name, produces: produces) }
            h.submit(tag: "t", id: "a1", text: Fixture.text)
            let requests = h.takeRequests()
            for index in order {
                let (name, _, output) = services[index]
                let request = requests.first { $0.worker == "w-\(name)" }!
                h.reply("w-\(name)", to: request, output)
                h.reply("w-\(name)", to: request, output)  // duplicate: ignored
            }
            let results = h.takeResults()
            #expect(results.count == 1)
            // Timing differs run to run only through `ms`, which the harness clock keeps at 0 here.
            outputs.insert(results[0].bytes)
        }
        #expect(outputs.count == 1)
    }
}

@Suite struct CrossReferenceTests {
    let analysis = Merger.merge(
        metadata: ArticleMetadata(id: "a1"), textLength: Fixture.text.unicodeScalars.count, results: Fixture.results)

    @Test func speakersLinkByTheHeadOfTheirSpanNotByAnyOverlap() {
        #expect(analysis.quotes?[0].speaker?.entityId == "E1")  // "Iranian Foreign Minister [Abbas Araqchi]"
        #expect(analysis.quotes?[1].speaker?.entityId == nil)  // "A senior [EU] diplomat" is not the EU
    }

    @Test func namesAreComparedWithoutCaseArticlesPossessivesOrExtraSpace() {
        #expect(EntityIndex.normalize("The  Foreign\u{00A0}Ministry\u{2019}s") == "foreign ministry")
        #expect(EntityIndex.normalize("IRAN'S") == "iran")
        #expect(EntityIndex.normalize("the Hague Tribunals'") == "hague tribunals")
        #expect(EntityIndex.normalize(" Theodore ") == "theodore")
        #expect(EntityIndex.normalize("the") == "")
        #expect(EntityIndex.normalize("Ali 's") == "ali")
        #expect(EntityIndex.normalize("") == "")
    }

    @Test func holdersAndParticipantsLinkByName() {
        #expect(analysis.stances?[0].holder.entityId == "E4")  // "Trump": alias of Donald Trump
        #expect(analysis.stances?[0].target.entityId == nil)
        #expect(analysis.timeline?[0].participants.map(\.entityId) == ["E1", "E3"])
    }

    @Test func sentimentIsGroupedPerEntityAndAveraged() throws {
        let sentiment = try #require(analysis.sentiment)
        #expect(sentiment.map(\.entityId) == ["E1", "E4", nil])
        #expect(sentiment[0].name == "Abbas Araqchi")
        #expect(sentiment[0].mentions.count == 2)
        #expect(sentiment[0].score == 0.5)
        #expect(sentiment[0].polarity == .positive)
        #expect(sentiment[1].polarity == .negative)
        #expect(sentiment[2].name == "Foreign Minister")  // no entity: kept, keyed by its text
    }

    @Test func provenanceAndSectionsFromFailedServices() {
        #expect(analysis.provenance.map(\.analyzer) == ["broken", "entities", "keywords", "stance", "timeline"])
        #expect(analysis.provenance[0].status == .failed)
        #expect(analysis.extensions?.keys.sorted() == ["keywords"])
    }

    @Test func withoutAnEntitiesSectionNothingIsLinkedAndStaleIDsAreCleared() {
        var quotes = Fixture.quotes
        quotes.quotes![0].speaker!.entityId = "E9"
        let merged = Merger.merge(
            metadata: ArticleMetadata(id: "a"), textLength: 200,
            results: [ServiceResult(service: "stance", version: "1", status: .ok, ms: 1, attempts: 1, output: quotes)])
        #expect(merged.entities == nil)
        #expect(merged.quotes?.allSatisfy { $0.speaker?.entityId == nil } == true)
        #expect(merged.sentiment?.allSatisfy { $0.entityId == nil } == true)
    }

    @Test func aPlaceInAPostmodifierIsNotTheHeadOfTheSpeaker() {
        let text = "A regional diplomat close to Tehran said so. Secretary of State Marco Rubio said no."
        let index = EntityIndex([
            Entity(id: "E1", type: .location, name: "Tehran", mentions: [Mention(span: Span(29, 35), text: "Tehran", kind: .name)]),
            Entity(id: "E2", type: .person, name: "Marco Rubio", mentions: [Mention(span: Span(64, 75), text: "Marco Rubio", kind: .name)]),
        ])
        func reference(_ start: Int, _ end: Int) -> ActorRef {
            let scalars = Array(text.unicodeScalars)[start..<end]
            return ActorRef(span: Span(start, end), text: String(String.UnicodeScalarView(scalars)))
        }
        #expect(index.link(reference(0, 35), preferring: .actor).entityId == nil)  // head: "diplomat"
        #expect(index.link(reference(45, 75), preferring: .actor).entityId == "E2")  // a capitalised title keeps its "of"
        #expect(index.link(reference(29, 35), preferring: .actor).entityId == "E1")
    }

    @Test func entityPolarityIsTheMajorityOfItsMentionLabels() {
        func group(_ mentions: [(SentimentPolarity, Double)]) -> EntitySentiment? {
            let targets = mentions.enumerated().map { index, mention in
                TargetSentiment(span: Span(index * 10, index * 10 + 5), text: "Ghana", polarity: mention.0, score: mention.1)
            }
            return Merger.merge(
                metadata: ArticleMetadata(id: "a"), textLength: 200,
                results: [ServiceResult(service: "stance", version: "1", status: .ok, ms: 1, attempts: 1, output: AnalyzerOutput(sentiment: targets))]
            ).sentiment?.first
        }
        // A single mention keeps its label even where its score alone would say otherwise.
        #expect(group([(.neutral, -0.26)])?.polarity == .neutral)
        #expect(group([(.negative, -0.2)])?.polarity == .negative)
        #expect(group([(.positive, 0.5), (.negative, -0.6)])?.polarity == .neutral)
        #expect(group([(.negative, -0.5), (.negative, -0.4), (.neutral, 0)])?.polarity == .negative)
        #expect(group([(.negative, -0.9), (.neutral, 0), (.neutral, 0)])?.polarity == .neutral)
    }

    @Test func ambiguousSurnamesDoNotLink() {
        let index = EntityIndex([
            Entity(id: "E1", type: .person, name: "Ali Khamenei"),
            Entity(id: "E2", type: .person, name: "Mojtaba Khamenei"),
            Entity(id: "E3", type: .person, name: "Emmanuel Macron"),
        ])
        #expect(index.link(ActorRef(text: "Khamenei"), preferring: .actor).entityId == nil)
        #expect(index.link(ActorRef(text: "Macron's"), preferring: .actor).entityId == "E3")
        #expect(index.link(ActorRef(text: "President Macron"), preferring: .actor).entityId == "E3")
    }
}
