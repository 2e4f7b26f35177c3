import ArticleModel
import Coordinator
import Foundation
import Testing
import WireProtocol

@Suite struct DispatchTests {
    @Test func anArticleGoesToOneInstanceOfEveryServiceAndComesBackMerged() throws {
        var h = BrokerHarness()
        h.ready("k1", service: "keywords")
        h.ready("r1", service: "readability")
        h.submit(tag: "t1", id: "a1", text: "Iran said so.")
        let requests = h.takeRequests()
        #expect(Set(requests.map(\.worker)) == ["k1", "r1"])
        #expect(requests.allSatisfy { $0.articleID == "a1" && $0.text == "Iran said so." && $0.control.attempt == 1 })
        #expect(requests.allSatisfy { $0.control.deadlineMs == 5_000 })

        let k = try #require(requests.first { $0.worker == "k1" })
        let r = try #require(requests.first { $0.worker == "r1" })
        h.reply("k1", to: k, .keywords("iran"))
        #expect(h.takeResults().isEmpty)  // still waiting for readability
        h.reply("r1", to: r, .keywords("said"))
        let results = h.takeResults()
        #expect(results.count == 1)
        let analysis = try #require(results.first?.analysis)
        #expect(results.first?.tag == "t1")
        #expect(analysis.article.id == "a1")
        #expect(analysis.article.length == 13)
        #expect(analysis.extensions?["keywords"] == AnalyzerOutput.keywords("iran").extension)
        #expect(analysis.provenance.map(\.analyzer) == ["keywords", "readability"])
        #expect(analysis.provenance.allSatisfy { $0.status == .ok && $0.attempts == 1 && $0.version == "1.0" })
    }

    @Test func loadIsSpreadOverInstancesAndQueuedBeyondCapacity() {
        var h = BrokerHarness()
        h.ready("w1", service: "entities", produces: [.entities])
        h.ready("w2", service: "entities", produces: [.entities])
        for index in 1...4 { h.submit(tag: "t\(index)", id: "a\(index)", text: "text \(index)") }
        let first = h.takeRequests()
        #expect(first.count == 2)
        #expect(Set(first.map(\.worker)) == ["w1", "w2"])
        #expect(first.map(\.articleID) == ["a1", "a2"])

        // The worker that answers first gets the next queued article.
        let fromW2 = first.first { $0.worker == "w2" }!
        h.reply("w2", to: fromW2, AnalyzerOutput(entities: []))
        let next = h.takeRequests()
        #expect(next.map(\.worker) == ["w2"])
        #expect(next.map(\.articleID) == ["a3"])
        #expect(h.takeResults().map(\.tag) == ["t\(fromW2.articleID.dropFirst())"])
    }

    @Test func capacityAboveOneTakesSeveralAtOnce() {
        var h = BrokerHarness()
        h.ready("w1", service: "timeline", produces: [.timexes], capacity: 3)
        for index in 1...5 { h.submit(tag: "t\(index)", id: "a\(index)", text: "x") }
        #expect(h.takeRequests().count == 3)
    }

    @Test func servicesRestrictionAndUnknownService() {
        var h = BrokerHarness()
        h.ready("k1", service: "keywords")
        h.ready("r1", service: "readability")
        h.submit(tag: "t1", id: "a1", text: "x", options: SubmitOptions(services: ["readability"]))
        #expect(h.takeRequests().map(\.worker) == ["r1"])
        h.submit(tag: "t2", id: "a2", text: "x", options: SubmitOptions(services: ["sentiment"]))
        let rejections = h.takeRejections()
        #expect(rejections.map(\.tag) == ["t2"])
        #expect(rejections.first?.rejection.code == "unknown-service")
    }

    @Test func noServiceAtAllAnswersAtOnceWithAnEmptyModel() {
        var h = BrokerHarness()
        h.submit(tag: "t1", id: "a1", text: "")
        let results = h.takeResults()
        #expect(results.count == 1)
        #expect(results.first?.analysis.provenance == [])
        #expect(results.first?.analysis.article.length == 0)
    }

    @Test func aRequiredServiceIsWaitedForUntilAnInstanceRegisters() throws {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 5_000, requiredServices: ["entities"]))
        h.submit(tag: "t1", id: "a1", text: "Iran")
        #expect(h.takeRequests().isEmpty)
        h.advance(ms: 1_000)
        h.ready("w1", service: "entities", produces: [.entities])
        let request = try #require(h.takeRequests().first)
        #expect(request.control.deadlineMs == 4_000)  // what is left of the article's deadline
    }
}

@Suite struct FailureTests {
    @Test func heartbeatsAreSentAndASilentWorkerIsExpiredAndItsWorkRequeued() throws {
        var h = BrokerHarness()
        h.ready("w1", service: "entities", produces: [.entities], heartbeatMs: 100)
        h.ready("w2", service: "entities", produces: [.entities], heartbeatMs: 100)
        h.submit(tag: "t1", id: "a1", text: "x")
        h.submit(tag: "t2", id: "a2", text: "y")
        let first = h.takeRequests()
        #expect(first.count == 2)
        let onW1 = try #require(first.first { $0.worker == "w1" })
        let onW2 = try #require(first.first { $0.worker == "w2" })

        h.advance(ms: 100)
        #expect(h.take("w1") { $0 == .heartbeat }.count == 1)
        #expect(h.take("w2") { $0 == .heartbeat }.count == 1)

        // w2 keeps talking, w1 goes silent; after 3 intervals w1 is gone.
        for _ in 0..<3 {
            h.workerSends("w2", .heartbeat)
            h.advance(ms: 101)
        }
        #expect(h.broker.liveInstances["entities"] == 1)
        #expect(h.take("w1") { if case .disconnect = $0 { true } else { false } }.count == 1)

        // w2 finishes its own article, then gets w1's with attempt 2.
        h.reply("w2", to: onW2, AnalyzerOutput(entities: []))
        let requeued = h.takeRequests()
        #expect(requeued.map(\.articleID) == [onW1.articleID])
        #expect(requeued.first?.worker == "w2")
        #expect(requeued.first?.control.attempt == 2)
        h.reply("w2", to: requeued[0], AnalyzerOutput(entities: []))
        let results = h.takeResults()
        #expect(results.count == 2)
        let requeuedResult = try #require(results.first { $0.analysis.article.id == onW1.articleID })
        #expect(requeuedResult.analysis.provenance.first?.attempts == 2)
        #expect(requeuedResult.analysis.provenance.first?.status == .ok)
    }

    @Test func disconnectAndProcessExitRequeueAtOnce() {
        var h = BrokerHarness()
        h.ready("w1", service: "entities", produces: [.entities], instance: "entities-0")
        h.ready("w2", service: "entities", produces: [.entities], instance: "entities-1")
        h.submit(tag: "t1", id: "a1", text: "x")
        let first = h.takeRequests()
        #expect(first.count == 1)
        h.feed(.instanceExited(first[0].worker == "w1" ? "entities-0" : "entities-1"))
        let second = h.takeRequests()
        #expect(second.count == 1)
        #expect(second[0].worker != first[0].worker)
        h.workerSends(second[0].worker, .disconnect(reason: "bye"))
        #expect(h.broker.liveInstances["entities"] == 0)
        #expect(h.takeRequests().isEmpty)  // nobody left; the article waits for its deadline
    }

    @Test func unreachableWorkerIsDroppedAndItsWorkRequeued() {
        var h = BrokerHarness()
        h.ready("w1", service: "entities", produces: [.entities])
        h.ready("w2", service: "entities", produces: [.entities])
        h.submit(tag: "t1", id: "a1", text: "x")
        let first = h.takeRequests()[0]
        h.feed(.peerUnreachable(BrokerHarness.peer(first.worker)))
        #expect(h.takeRequests().map(\.control.attempt) == [2])
    }

    @Test func aPoisonArticleFailsAfterMaxAttemptsAndNeverLoops() throws {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 60_000, maxAttempts: 3))
        h.ready("k1", service: "keywords")
        h.submit(tag: "t1", id: "poison", text: "x")
        for attempt in 1...3 {
            let request = try #require(h.takeRequests().first)
            #expect(request.control.attempt == attempt)
            h.workerSends(request.worker, .disconnect(reason: "crashed"))  // the article kills every instance
            h.ready("k\(attempt + 1)", service: "keywords")
        }
        #expect(h.takeRequests().isEmpty)
        let result = try #require(h.takeResults().first)
        #expect(result.analysis.provenance.first?.status == .failed)
        #expect(result.analysis.provenance.first?.attempts == 3)
        #expect(result.analysis.provenance.first?.error?.contains("gave up after 3") == true)
        // The next article is served normally.
        h.submit(tag: "t2", id: "fine", text: "y")
        #expect(h.takeRequests().count == 1)
    }

    @Test func deadlineAnswersWithWhatArrived() throws {
        var h = BrokerHarness()
        h.ready("k1", service: "keywords", heartbeatMs: 10_000)
        h.ready("s1", service: "slow", heartbeatMs: 10_000)
        h.submit(tag: "t1", id: "a1", text: "x")
        let requests = h.takeRequests()
        h.reply("k1", to: requests.first { $0.worker == "k1" }!, .keywords("x"))
        h.workerSends("s1", .heartbeat)
        h.advance(ms: 4_999)
        #expect(h.takeResults().isEmpty)
        h.workerSends("s1", .heartbeat)
        h.advance(ms: 1)
        let result = try #require(h.takeResults().first)
        #expect(result.analysis.extensions?["keywords"] != nil)
        #expect(result.analysis.extensions?["slow"] == nil)
        let slow = try #require(result.analysis.provenance.first { $0.analyzer == "slow" })
        #expect(slow.status == .timeout)
        #expect(slow.ms == 5_000)
        #expect(slow.error?.contains("no reply within the deadline") == true, "\(slow.error ?? "")")
    }

    @Test func lateAndDuplicateRepliesAreIgnoredButFreeTheWorker() throws {
        var h = BrokerHarness()
        h.ready("w1", service: "keywords")
        h.submit(tag: "t1", id: "a1", text: "x", options: SubmitOptions(deadlineMs: 100))
        h.submit(tag: "t2", id: "a2", text: "y")
        let first = try #require(h.takeRequests().first)
        #expect(first.articleID == "a1")
        h.workerSends("w1", .heartbeat)
        h.advance(ms: 100)
        #expect(h.takeResults().map(\.tag) == ["t1"])  // timed out
        h.reply("w1", to: first, .keywords("late"))
        #expect(h.takeResults().isEmpty)
        let second = try #require(h.takeRequests().first)  // the late reply freed w1 for a2
        #expect(second.articleID == "a2")
        h.reply("w1", to: second, .keywords("y"))
        h.reply("w1", to: second, .keywords("again"))
        #expect(h.takeResults().map(\.tag) == ["t2"])
    }

    @Test func replyFromAnotherWorkerIsIgnored() throws {
        var h = BrokerHarness()
        h.ready("w1", service: "keywords")
        h.ready("w2", service: "other")
        h.submit(tag: "t1", id: "a1", text: "x", options: SubmitOptions(services: ["keywords"]))
        let request = try #require(h.takeRequests().first)
        h.reply("w2", to: request, .keywords("forged"))
        #expect(h.takeResults().isEmpty)
        h.reply("w1", to: request, .keywords("real"))
        #expect(h.takeResults().first?.analysis.extensions?["keywords"] == AnalyzerOutput.keywords("real").extension)
    }

    @Test func invalidOutputFailsOnlyThatSection() throws {
        var h = BrokerHarness()
        h.ready("e1", service: "entities", produces: [.entities])
        h.ready("k1", service: "keywords")
        h.submit(tag: "t1", id: "a1", text: "Iran")
        for request in h.takeRequests() {
            if request.worker == "e1" {
                let entity = Entity(id: "E1", type: .location, name: "Iran", mentions: [Mention(span: Span(0, 40), text: "Iran", kind: .name)])
                h.reply("e1", to: request, AnalyzerOutput(entities: [entity]))
            } else {
                h.reply("k1", to: request, .keywords("iran"))
            }
        }
        let analysis = try #require(h.takeResults().first?.analysis)
        #expect(analysis.entities == nil)
        #expect(analysis.extensions?["keywords"] != nil)
        let entities = try #require(analysis.provenance.first { $0.analyzer == "entities" })
        #expect(entities.status == .failed)
        #expect(entities.error?.contains("outside the text of 4 scalars") == true)
    }

    @Test func undeclaredSectionsAndGarbageJSONFail() throws {
        var h = BrokerHarness()
        h.ready("k1", service: "keywords")
        h.submit(tag: "t1", id: "a1", text: "x")
        h.submit(tag: "t2", id: "a2", text: "y")
        let first = try #require(h.takeRequests().first)
        h.reply("k1", to: first, AnalyzerOutput(timexes: []))
        let second = try #require(h.takeRequests().first)
        h.reply("k1", to: second, json: "{not json")
        let results = h.takeResults()
        #expect(results.count == 2)
        #expect(results[0].analysis.provenance[0].error?.contains("was not declared") == true)
        #expect(results[1].analysis.provenance[0].error?.contains("invalid output") == true)
    }

    @Test func workerFailIsRecordedNotRetried() throws {
        var h = BrokerHarness()
        h.ready("k1", service: "keywords")
        h.ready("k2", service: "keywords")
        h.submit(tag: "t1", id: "a1", text: "x")
        let request = try #require(h.takeRequests().first)
        h.workerSends(request.worker, .fail(id: request.id, failure: WorkerFailure(code: "analyzer-error", message: "boom")))
        #expect(h.takeRequests().isEmpty)
        let provenance = try #require(h.takeResults().first?.analysis.provenance.first)
        #expect(provenance.status == .failed)
        #expect(provenance.error == "analyzer-error: boom")
    }
}

@Suite struct RegistrationTests {
    @Test func unknownPeersAreToldToRegister() {
        var h = BrokerHarness()
        h.workerSends("ghost", .heartbeat)
        #expect(h.take("ghost") { $0 == .disconnect(reason: "not registered; send READY") }.count == 1)
        h.workerSends("ghost", .disconnect(reason: nil))
        #expect(h.sent.isEmpty)
    }

    @Test func conflictingSectionsAreRefused() {
        var h = BrokerHarness()
        h.ready("e1", service: "entities", produces: [.entities])
        h.ready("x1", service: "other-ner", produces: [.entities, .quotes])
        let refusals = h.take("x1") { if case .disconnect = $0 { true } else { false } }
        #expect(refusals == [.disconnect(reason: "section 'entities' is already produced by service 'entities'")])
        h.ready("e2", service: "entities", produces: [.entities, .quotes])
        #expect(h.take("e2") { if case .disconnect = $0 { true } else { false } }.count == 1)
        #expect(h.broker.liveInstances["entities"] == 1)
        // Extensions never conflict.
        h.ready("k1", service: "keywords")
        h.ready("r1", service: "readability")
        #expect(h.broker.liveInstances["keywords"] == 1 && h.broker.liveInstances["readability"] == 1)
    }

    @Test func malformedMessagesAreDroppedAndAMisbehavingWorkerIsRemoved() {
        var h = BrokerHarness()
        h.ready("w1", service: "keywords")
        h.feed(.message(from: BrokerHarness.peer("w1"), frames: [Array("BYLW01".utf8), [0x42]]))
        #expect(h.broker.liveInstances["keywords"] == 0)
        h.feed(.message(from: BrokerHarness.peer("x"), frames: [[0xFF, 0x00]]))
        h.feed(.message(from: BrokerHarness.peer("x"), frames: []))
        #expect(h.logs.filter { $0.contains("dropped message") }.count == 3)
    }

    @Test func statusListsServicesAndInstances() {
        var h = BrokerHarness(BrokerConfiguration(requiredServices: ["entities"]))
        h.ready("k1", service: "keywords", capacity: 2, instance: "keywords-0")
        h.submit(tag: "t1", id: "a1", text: "x")
        let status = h.broker.status(at: h.now)
        #expect(status.services.map(\.name) == ["entities", "keywords"])
        #expect(status.services[0].required && status.services[0].instances.isEmpty && status.services[0].queued == 1)
        #expect(status.services[1].instances.map(\.instance) == ["keywords-0"])
        #expect(status.services[1].instances[0].inFlight == 1)
        #expect(status.articlesInFlight == 1)
    }
}

@Suite struct SubmissionRejectionTests {
    @Test func tooLargeNamesTheLimit() {
        var h = BrokerHarness(BrokerConfiguration(limits: WireLimits(maxTextBytes: 10)))
        h.submit(tag: "t1", id: "a1", text: String(repeating: "x", count: 11))
        let rejection = h.takeRejections().first?.rejection
        #expect(rejection?.code == "too-large")
        #expect(rejection?.message == "article text is 11 bytes, over the limit of 10 bytes")
    }

    @Test func invalidUTF8AndMetadataAndOptions() {
        var h = BrokerHarness()
        h.submitRaw(tag: "t1", metadata: WireJSON.encode(ArticleMetadata(id: "a")), text: [0x41, 0xC3])
        h.submitRaw(tag: "t2", metadata: Array("[1]".utf8), text: [])
        h.submitRaw(tag: "t3", metadata: WireJSON.encode(ArticleMetadata(id: "a", publishedAt: "2025-02-30")), text: [])
        h.submit(tag: "t4", id: "a", text: "x", options: SubmitOptions(deadlineMs: 0))
        let codes = h.takeRejections().map { "\($0.tag):\($0.rejection.code)" }
        #expect(codes == ["t1:invalid-utf8", "t2:invalid-metadata", "t3:invalid-metadata", "t4:invalid-options"])
    }

    @Test func shutdownRefusesNewArticlesButFinishesOldOnes() throws {
        var h = BrokerHarness()
        h.ready("k1", service: "keywords")
        h.submit(tag: "t1", id: "a1", text: "x")
        let request = try #require(h.takeRequests().first)
        h.feed(.shutdown)
        h.submit(tag: "t2", id: "a2", text: "y")
        #expect(h.takeRejections().map(\.rejection.code) == ["shutting-down"])
        h.reply("k1", to: request, .keywords("x"))
        #expect(h.takeResults().map(\.tag) == ["t1"])
        #expect(h.broker.articlesInFlight == 0)
    }

    @Test func busyBeyondTheInFlightLimit() {
        var h = BrokerHarness(BrokerConfiguration(requiredServices: ["x"], maxArticlesInFlight: 2))
        for index in 1...3 { h.submit(tag: "t\(index)", id: "a\(index)", text: "x") }
        #expect(h.takeRejections().map(\.rejection.code) == ["busy"])
    }
}

@Suite struct TimeTests {
    @Test func nextWakeupTracksDeadlinesAndHeartbeats() {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 300))
        #expect(h.broker.nextWakeup() == nil)
        h.ready("w1", service: "keywords", heartbeatMs: 1000)
        #expect(h.broker.nextWakeup() == h.now.adding(milliseconds: 1000))
        h.submit(tag: "t1", id: "a1", text: "x")
        #expect(h.broker.nextWakeup() == h.now.adding(milliseconds: 300))
    }
}

@Suite struct RefusalTests {
    @Test func anInvalidReadyIsAnsweredWithTheReason() {
        var h = BrokerHarness()
        let bad = #"{"service":"x","version":"1","produces":["extension"],"heartbeatMs":1,"capacity":1}"#
        h.feed(.message(from: BrokerHarness.peer("w"), frames: [Array("BYLW01".utf8), [0x01], Array(bad.utf8)]))
        let refusals = h.take("w") { if case .disconnect = $0 { true } else { false } }
        #expect(refusals.count == 1)
        if case .disconnect(let reason) = refusals.first {
            #expect(reason?.contains("READY refused") == true && reason?.contains("heartbeatMs 1") == true)
        }
    }

    @Test func aDrainingOrOverloadedInstanceHandsTheArticleOn() throws {
        var h = BrokerHarness()
        h.ready("w1", service: "keywords")
        h.ready("w2", service: "keywords")
        h.submit(tag: "t1", id: "a1", text: "x")
        let first = try #require(h.takeRequests().first)
        h.workerSends(first.worker, .fail(id: first.id, failure: WorkerFailure(code: "shutting-down", message: "bye")))
        let second = try #require(h.takeRequests().first)
        #expect(second.worker != first.worker)
        #expect(second.control.attempt == 2)
        h.submit(tag: "t2", id: "a2", text: "y")
        #expect(h.takeRequests().isEmpty)  // the draining instance gets nothing new; the other is busy
    }
}

@Suite struct DownServiceTests {
    @Test func aServiceThatWentDownIsReportedNotWaitedFor() throws {
        var h = BrokerHarness()
        h.ready("k1", service: "keywords")
        h.ready("r1", service: "readability")
        h.workerSends("r1", .disconnect(reason: "bye"))
        h.submit(tag: "t1", id: "a1", text: "x")
        let request = try #require(h.takeRequests().first)
        #expect(request.worker == "k1")
        h.reply("k1", to: request, .keywords("x"))
        let analysis = try #require(h.takeResults().first?.analysis)
        let readability = try #require(analysis.provenance.first { $0.analyzer == "readability" })
        #expect(readability.status == .failed)
        #expect(readability.error == "no instance of 'readability' was up")
        #expect(h.broker.status(at: h.now).services.map(\.name) == ["keywords", "readability"])
    }
}

@Suite struct PoisonIsolationTests {
    /// Articles that shared an instance with a poison article are not blamed for its crashes: after a
    /// shared death each is retried alone, and only deaths while alone count.
    @Test func bystandersOfAPoisonArticleComeThrough() throws {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 60_000, maxAttempts: 2))
        h.ready("w1", service: "chaos", capacity: 4)
        for index in 0..<3 { h.submit(tag: "t\(index)", id: index == 1 ? "poison" : "fine\(index)", text: "x") }
        #expect(h.takeRequests().count == 3)
        h.workerSends("w1", .disconnect(reason: "crashed"))  // dies holding all three: nobody gets a strike
        var generation = 2
        var answered: Set<String> = []
        h.ready("w\(generation)", service: "chaos", capacity: 4)
        for _ in 0..<10 {
            let requests = h.takeRequests()
            #expect(requests.count <= 1, "suspects are retried one at a time")
            guard let request = requests.first else { break }
            if request.articleID == "poison" {
                h.workerSends(request.worker, .disconnect(reason: "crashed again"))
                generation += 1
                h.ready("w\(generation)", service: "chaos", capacity: 4)
            } else {
                h.reply(request.worker, to: request, .keywords("ok"))
                answered.insert(request.articleID)
            }
        }
        #expect(answered == ["fine0", "fine2"])
        let results = Dictionary(uniqueKeysWithValues: h.takeResults().map { ($0.analysis.article.id, $0.analysis.provenance[0]) })
        #expect(results["fine0"]?.status == .ok && results["fine2"]?.status == .ok)
        #expect(results["poison"]?.status == .failed)
        #expect(results["poison"]?.error?.contains("gave up after 2 instances were lost while analysing this article alone") == true)
    }
}

@Suite struct BatchTests {
    /// Articles that arrive together leave together, in REQUESTs of at most the worker's batch.
    @Test func aBurstGoesOutInWholeBatches() {
        var h = BrokerHarness()
        h.ready("w1", service: "entities", produces: [.entities], capacity: 8, batch: 4)
        h.submitBurst((1...10).map { "a\($0)" })
        let messages = h.takeRequestMessages()
        #expect(messages.map { $0.map(\.articleID) } == [["a1", "a2", "a3", "a4"], ["a5", "a6", "a7", "a8"]])
        #expect(messages.joined().allSatisfy { $0.control.attempt == 1 })
        #expect(Set(messages.joined().map(\.id)).count == 8, "every article has its own request id")
    }

    /// An idle worker gets what is queued at once; a busy one gets a partial batch only after the
    /// hold, unless its answers free room for a whole one first.
    @Test func aBusyWorkerWaitsForAWholeBatchOrTheHold() {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 5_000, batchHoldMs: 10))
        h.ready("w1", service: "entities", produces: [.entities], capacity: 8, batch: 4)
        h.submit(tag: "a1", id: "a1", text: "x")
        #expect(h.takeRequestMessages().map(\.count) == [1], "idle: no waiting")
        h.submitBurst(["a2", "a3"])
        #expect(h.takeRequestMessages().isEmpty, "busy, and not a whole batch: held")
        h.advance(ms: 9)
        #expect(h.takeRequestMessages().isEmpty)
        h.submitBurst(["a4", "a5"])
        let whole = h.takeRequestMessages()
        #expect(whole.map { $0.map(\.articleID) } == [["a2", "a3", "a4", "a5"]], "a whole batch goes at once")
        h.submitBurst(["a6"])
        #expect(h.broker.nextWakeup() == h.now.adding(milliseconds: 10), "wakes when the hold ends")
        h.advance(ms: 10)
        #expect(h.takeRequestMessages().map { $0.map(\.articleID) } == [["a6"]], "the hold is over")
    }

    /// A hold ends with its reason: when the held articles time out or the instance goes away, the
    /// broker does not keep waking up for it.
    @Test func aHoldEndsWhenThereIsNothingLeftToHold() {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 50, batchHoldMs: 100))
        h.ready("w1", service: "entities", produces: [.entities], heartbeatMs: 10_000, capacity: 8, batch: 4)
        h.submit(tag: "a1", id: "a1", text: "x")
        h.submitBurst(["a2"])
        #expect(h.takeRequestMessages().map(\.count) == [1])
        #expect(h.broker.nextWakeup() == h.now.adding(milliseconds: 50), "the deadline comes before the hold ends")
        h.advance(ms: 50)  // both articles time out; a2 was still held
        #expect(h.takeResults().count == 2)
        h.advance(ms: 100)
        let next = h.broker.nextWakeup()
        #expect(next.map { $0 > h.now } ?? true, "no wake-up in the past for a hold without articles")


        var g = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 5_000, batchHoldMs: 100))
        g.ready("w1", service: "entities", produces: [.entities], heartbeatMs: 10_000, capacity: 8, batch: 4)
        g.submit(tag: "b1", id: "b1", text: "x")
        g.submitBurst(["b2"])
        #expect(g.takeRequestMessages().map(\.count) == [1])
        g.workerSends("w1", .disconnect(reason: "bye"))  // b1 requeued, no instance left
        g.advance(ms: 150)
        #expect(g.broker.nextWakeup().map { $0 > g.now } ?? true, "no wake-up in the past once the instance is gone")
    }

    /// A REPLY with several answers completes each article; the capacity they free is refilled with
    /// one REQUEST.
    @Test func aReplyOfSeveralAnswersFreesRoomForTheNextBatch() throws {
        var h = BrokerHarness()
        h.ready("w1", service: "entities", produces: [.entities], capacity: 4, batch: 4)
        h.submitBurst((1...8).map { "a\($0)" })
        let first = try #require(h.takeRequestMessages().first)
        #expect(first.count == 4)
        let answers = first.map { WorkReply(id: $0.id, output: WireJSON.encode(AnalyzerOutput(entities: []))) }
        h.workerSends("w1", .reply(answers + [WorkReply(id: [9, 9], output: Array("{}".utf8))]))  // an unknown id is ignored
        #expect(Set(h.takeResults().map(\.tag)) == ["a1", "a2", "a3", "a4"])
        #expect(h.takeRequestMessages().map { $0.map(\.articleID) } == [["a5", "a6", "a7", "a8"]])
    }

    /// Texts are grouped only while together they stay within the text limit.
    @Test func batchesStayWithinTheTextLimit() {
        var h = BrokerHarness(BrokerConfiguration(defaultDeadlineMs: 5_000, limits: WireLimits(maxTextBytes: 100)))
        h.ready("w1", service: "entities", produces: [.entities], capacity: 8, batch: 4)
        h.submitBurst((1...6).map { "a\($0)" }, text: String(repeating: "x", count: 40))
        #expect(h.takeRequestMessages().map { $0.map(\.articleID) } == [["a1", "a2"], ["a3", "a4"]])
        h.advance(ms: 10)
        #expect(h.takeRequestMessages().map { $0.map(\.articleID) } == [["a5", "a6"]])
    }

    /// A worker that dies holding a batch makes every article of it a suspect, retried alone.
    @Test func suspectsFromALostBatchTravelAlone() {
        var h = BrokerHarness()
        h.ready("w1", service: "chaos", capacity: 8, batch: 4)
        h.submitBurst(["a1", "a2", "a3"])
        #expect(h.takeRequestMessages().map(\.count) == [3])
        h.workerSends("w1", .disconnect(reason: "crashed"))
        h.ready("w2", service: "chaos", capacity: 8, batch: 4)
        let retried = h.takeRequestMessages()
        #expect(retried.map(\.count) == [1])
        #expect(retried.first?.first?.control.attempt == 2)
    }
}
