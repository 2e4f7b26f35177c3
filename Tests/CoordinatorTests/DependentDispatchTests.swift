import ArticleModel
import Coordinator
import Foundation
import Testing
import WireProtocol

/// Services that consume other services' sections (`consumes` in READY): ordering, inputs,
/// failed and late producers, the deadline, and what registration refuses.
@Suite struct DependentDispatchTests {
    static let text = "Alexandria police said on Monday."
    static let entities = AnalyzerOutput(
        structure: ArticleStructure(sentences: [Span(0, 33)], tokenCount: 6),
        entities: [
            Entity(id: "E1", type: .location, name: "Alexandria", mentions: [Mention(span: Span(0, 10), text: "Alexandria", kind: .name)], salience: 1)
        ])
    static let places = AnalyzerOutput(places: [
        Place(
            id: "P1", entityId: "E1", kind: .location, text: "Alexandria", mentions: [Span(0, 10)], focus: true,
            reading: PlaceCandidate(
                geonameId: 4314550, name: "Alexandria", featureClass: "P", featureCode: "PPL", countryCode: "US", admin1: "LA",
                latitude: 31.31, longitude: -92.45, population: 47889, confidence: 0.9))
    ])

    /// entities (independent), keywords (independent) and places (consumes entities and structure).
    static func cluster(deadlineMs: Int = 5_000) -> BrokerHarness {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: deadlineMs))
        h.ready("e1", service: "entities", produces: [.entities, .structure])
        h.ready("k1", service: "keywords")
        h.ready("p1", service: "places", produces: [.places], consumes: [.entities, .structure])
        return h
    }

    @Test func aConsumerGetsTheArticleOnlyOnceWhatItConsumesHasArrivedWithItAttached() throws {
        var h = Self.cluster()
        h.submit(tag: "t1", id: "a1", text: Self.text)
        let first = h.takeRequests()
        #expect(Set(first.map(\.worker)) == ["e1", "k1"])  // independent services start at once
        #expect(first.allSatisfy { $0.inputs == nil && !$0.control.inputs })

        h.advance(ms: 40)
        h.reply("k1", to: try #require(first.first { $0.worker == "k1" }), .keywords("police"))
        #expect(h.takeRequests().isEmpty)  // keywords is not what places waits for
        h.reply("e1", to: try #require(first.first { $0.worker == "e1" }), Self.entities)
        let second = h.takeRequests()
        #expect(second.map(\.worker) == ["p1"])
        let request = try #require(second.first)
        #expect(request.control.inputs)
        #expect(request.inputs == Self.entities)  // exactly the consumed sections
        #expect(request.control.deadlineMs == 4_960)  // the article's deadline, not a fresh one
        #expect(h.takeResults().isEmpty)

        h.reply("p1", to: request, Self.places)
        let analysis = try #require(h.takeResults().first?.analysis)
        #expect(analysis.places == Self.places.places)
        #expect(analysis.places?.first?.entityId == "E1")
        #expect(analysis.provenance.map(\.analyzer) == ["entities", "keywords", "places"])
        #expect(analysis.provenance.allSatisfy { $0.status == .ok })
    }

    @Test func onlyTheConsumedSectionsTravel() throws {
        var h = BrokerHarness()
        h.ready("e1", service: "entities", produces: [.entities, .structure])
        h.ready("p1", service: "places", produces: [.places], consumes: [.entities])
        h.submit(tag: "t1", id: "a1", text: Self.text)
        h.reply("e1", to: try #require(h.takeRequests().first), Self.entities)
        let request = try #require(h.takeRequests().first)
        #expect(request.inputs == AnalyzerOutput(entities: Self.entities.entities))
    }

    @Test func whenAProducerFailsItsConsumersAreSkippedAndProvenanceSaysWhy() throws {
        var h = Self.cluster()
        h.submit(tag: "t1", id: "a1", text: Self.text)
        let first = h.takeRequests()
        h.reply("k1", to: try #require(first.first { $0.worker == "k1" }), .keywords("police"))
        let e = try #require(first.first { $0.worker == "e1" })
        h.workerSends("e1", .fail(id: e.id, failure: WorkerFailure(code: "analyzer-error", message: "model not loaded")))
        #expect(h.takeRequests().isEmpty)  // places never sees the article
        let analysis = try #require(h.takeResults().first?.analysis)
        let places = try #require(analysis.provenance.first { $0.analyzer == "places" })
        #expect(places.status == .skipped)
        #expect(places.error == "skipped: entities failed (analyzer-error: model not loaded)")
        #expect(places.attempts == 0)
        #expect(analysis.places == nil)
        #expect(analysis.extensions?["keywords"] != nil)
    }

    @Test func aProducerThatTimesOutSkipsItsConsumersAtTheArticlesDeadline() throws {
        var h = Self.cluster(deadlineMs: 1_000)
        h.submit(tag: "t1", id: "a1", text: Self.text)
        let first = h.takeRequests()
        h.reply("k1", to: try #require(first.first { $0.worker == "k1" }), .keywords("police"))
        h.advance(ms: 999)
        #expect(h.takeResults().isEmpty)
        h.advance(ms: 1)
        let analysis = try #require(h.takeResults().first?.analysis)
        #expect(analysis.provenance.first { $0.analyzer == "entities" }?.status == .timeout)
        let places = try #require(analysis.provenance.first { $0.analyzer == "places" })
        #expect(places.status == .skipped)
        #expect(places.error == "skipped: entities timed out")
        #expect(h.takeRequests().isEmpty)

        // The producer's answer after the deadline changes nothing and sends nothing on.
        h.reply("e1", to: try #require(first.first { $0.worker == "e1" }), Self.entities)
        #expect(h.takeRequests().isEmpty)
        #expect(h.takeResults().isEmpty)
    }

    @Test func aLateProducerLeavesItsConsumerOnlyWhatRemainsOfTheDeadline() throws {
        var h = Self.cluster(deadlineMs: 1_000)
        h.submit(tag: "t1", id: "a1", text: Self.text)
        let first = h.takeRequests()
        h.reply("k1", to: try #require(first.first { $0.worker == "k1" }), .keywords("police"))
        h.advance(ms: 900)
        h.reply("e1", to: try #require(first.first { $0.worker == "e1" }), Self.entities)
        let request = try #require(h.takeRequests().first)
        #expect(request.worker == "p1")
        #expect(request.control.deadlineMs == 100)
        h.advance(ms: 100)
        let analysis = try #require(h.takeResults().first?.analysis)
        #expect(analysis.entities == Self.entities.entities)
        let places = try #require(analysis.provenance.first { $0.analyzer == "places" })
        #expect(places.status == .timeout)
        #expect(places.attempts == 1)
    }

    @Test func theMergedArticleIsTheSameWhateverOrderTheIndependentAnswersCameIn() throws {
        var bytes: [[UInt8]] = []
        for keywordsFirst in [true, false] {
            var h = Self.cluster()
            h.submit(tag: "t1", id: "a1", text: Self.text)
            let first = h.takeRequests()
            let k = try #require(first.first { $0.worker == "k1" }), e = try #require(first.first { $0.worker == "e1" })
            if keywordsFirst { h.reply("k1", to: k, .keywords("police")) }
            h.reply("e1", to: e, Self.entities)
            let p = try #require(h.takeRequests().first)
            h.reply("p1", to: p, Self.places)
            if !keywordsFirst { h.reply("k1", to: k, .keywords("police")) }
            bytes.append(try #require(h.takeResults().first?.bytes))
        }
        #expect(bytes[0] == bytes[1])
    }

    @Test func askingForAConsumerBringsItsProducers() throws {
        var h = Self.cluster()
        h.submit(tag: "t1", id: "a1", text: Self.text, options: SubmitOptions(services: ["places"]))
        #expect(h.takeRequests().map(\.worker) == ["e1"])
    }

    @Test func aProducerWithNoInstanceUpSkipsItsConsumers() throws {
        var h = Self.cluster()
        h.workerSends("e1", .disconnect(reason: "bye"))
        h.submit(tag: "t1", id: "a1", text: Self.text)
        let requests = h.takeRequests()
        #expect(requests.map(\.worker) == ["k1"])
        h.reply("k1", to: try #require(requests.first), .keywords("police"))
        let analysis = try #require(h.takeResults().first?.analysis)
        #expect(analysis.provenance.first { $0.analyzer == "places" }?.error == "skipped: entities failed (no instance of 'entities' was up)")
    }

    @Test func articlesQueuedForARequiredConsumerBeforeItRegisteredWaitForTheirSections() throws {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 5_000, requiredServices: ["places"]))
        h.ready("e1", service: "entities", produces: [.entities, .structure])
        h.submit(tag: "t1", id: "a1", text: Self.text)
        let e = try #require(h.takeRequests().first)
        h.ready("p1", service: "places", produces: [.places], consumes: [.entities, .structure])
        #expect(h.takeRequests().isEmpty)
        h.reply("e1", to: e, Self.entities)
        let request = try #require(h.takeRequests().first)
        #expect(request.worker == "p1")
        #expect(request.inputs == Self.entities)
    }

    @Test func registrationRefusesASectionNoServiceProduces() throws {
        var h = BrokerHarness()
        h.ready("p1", service: "places", produces: [.places], consumes: [.entities])
        let refusals = h.take("p1") { if case .disconnect = $0 { true } else { false } }
        #expect(refusals == [.disconnect(reason: "service 'places' consumes section 'entities', which no registered service produces")])
        #expect(h.broker.liveInstances["places"] == nil)
    }

    @Test func registrationRefusesACycleAndSaysWhichServicesMakeIt() throws {
        var h = BrokerHarness()
        h.ready("t1", service: "timeline", produces: [.timeline])
        h.ready("p1", service: "places", produces: [.places], consumes: [.timeline])
        #expect(h.broker.liveInstances["places"] == 1)
        // The timeline service comes back consuming places: timeline → places → timeline.
        h.workerSends("t1", .disconnect(reason: "upgrading"))
        h.ready("t2", service: "timeline", produces: [.timeline], consumes: [.places])
        let refusals = h.take("t2") { if case .disconnect = $0 { true } else { false } }
        #expect(refusals == [.disconnect(reason: "service 'timeline' would close a cycle of consumers: timeline → places → timeline")])
        #expect(h.broker.liveInstances["timeline"] == 0)
    }

    @Test func aDescriptorThatConsumesWhatItProducesIsRefused() {
        let descriptor = WorkerDescriptor(service: "x", version: "1", produces: [.places], consumes: [.places, .extension])
        #expect(descriptor.validationProblems() == [
            "consumes lists 'extension', which is each plugin's own", "it both produces and consumes places",
        ])
    }

    @Test func statusShowsWhatAServiceConsumes() {
        let h = Self.cluster()
        let status = h.broker.status(at: h.now)
        #expect(status.services.first { $0.name == "places" }?.consumes == ["entities", "structure"])
        #expect(status.services.first { $0.name == "keywords" }?.consumes == nil)
    }
}
