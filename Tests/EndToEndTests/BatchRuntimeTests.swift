import AnalyzerKit
import AnalyzerRuntime
import ArticleModel
import CoordinatorService
import Foundation
import ServiceLifecycle
import Testing
import WireProtocol
import ZeroMQ

/// Answers with the article id; sleeps 400 ms on an article whose text says "slow".
private struct NapAnalyzer: Analyzer {
    let descriptor = AnalyzerDescriptor(name: "nap", version: "1", produces: [.extension], summary: "sleeps on request")

    func analyze(_ request: AnalysisRequest) async throws -> AnalyzerOutput {
        if request.article.text.contains("slow") { try await Task.sleep(for: .milliseconds(400)) }
        return AnalyzerOutput(extension: .string(request.article.id))
    }
}

/// REPLY messages a worker sent for one batched REQUEST: the article ids of each, and when it came.
private func exchangeBatch(texts: [String], endpoint: String) async throws -> (descriptor: WorkerDescriptor?, replies: [(ids: [String], ms: Double)]) {
    let context = try Context()
    let worker = WorkerRuntime(
        analyzer: NapAnalyzer(), configuration: WorkerConfiguration(endpoint: endpoint, heartbeatMs: 5_000, capacity: 8, batch: 4, context: context))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        let serviceGroup = ServiceGroup(services: [worker], logger: .init(label: "test"))
        group.addTask { try await serviceGroup.run() }
        let result = try await ClientThread.run { () -> (WorkerDescriptor?, [(ids: [String], ms: Double)]) in
            // The coordinator's side, played by hand: READY in, one REQUEST out, REPLYs in.
            let router = try Socket(context, .router)
            try router.bind(endpoint)
            func next(_ timeoutMs: Int) throws -> [[UInt8]]? {
                var items = [PollItem(readable: router)]
                try poll(&items, timeoutMilliseconds: timeoutMs)
                return try router.receive(maxFrames: 1 + WorkerMessage.maxFrames)?.frames
            }
            guard let ready = try next(5_000), case .ready(let descriptor)? = try? WorkerMessage.decode(Array(ready.dropFirst())) else {
                return (nil, [])
            }
            let peer = ready[0]
            let articles = texts.enumerated().map { index, text in
                WorkRequest(
                    id: [UInt8(index + 1)], control: RequestControl(deadlineMs: 5_000, attempt: 1),
                    metadata: WireJSON.encode(ArticleMetadata(id: "a\(index + 1)")), text: Array(text.utf8))
            }
            let start = Date()
            _ = try router.send([peer] + WorkerMessage.request(articles).encoded())
            var replies: [(ids: [String], ms: Double)] = []
            var answered = 0
            while answered < texts.count, Date().timeIntervalSince(start) < 5, let frames = try next(1_000) {
                guard case .reply(let answers)? = try? WorkerMessage.decode(Array(frames.dropFirst())) else { continue }
                let ids = answers.map { answer in
                    (try? JSONDecoder().decode(AnalyzerOutput.self, from: Data(answer.output)))?.extension.flatMap {
                        if case .string(let id) = $0 { id } else { nil }
                    } ?? "?"
                }
                replies.append((ids, Date().timeIntervalSince(start) * 1000))
                answered += answers.count
            }
            return (descriptor, replies)
        }
        await serviceGroup.triggerGracefulShutdown()
        group.cancelAll()
        try? await group.next()
        return result
    }
}

extension EndToEnd {
    @Suite struct BatchRuntimeTests {
        /// The articles of one REQUEST are answered together in one REPLY.
        @Test func aBatchIsAnsweredInOneReply() async throws {
            let (descriptor, replies) = try await exchangeBatch(texts: ["one", "two", "three"], endpoint: "inproc://batch-one-reply")
            #expect(descriptor?.batch == 4 && descriptor?.capacity == 8)
            #expect(replies.map(\.ids) == [["a1", "a2", "a3"]] || replies.map { Set($0.ids) } == [["a1", "a2", "a3"]])
        }

        /// A slow article does not hold back the answers of its batch: they go out as soon as the
        /// socket thread next looks (within the batch hold), the slow one when it is done.
        @Test func aSlowArticleDoesNotHoldItsBatchBack() async throws {
            let (_, replies) = try await exchangeBatch(texts: ["fast", "slow", "fast too"], endpoint: "inproc://batch-slow")
            #expect(replies.count == 2, "\(replies)")
            #expect(Set(replies.first?.ids ?? []) == ["a1", "a3"])
            #expect((replies.first?.ms ?? .infinity) < 300, "the fast answers waited for the slow one: \(replies)")
            #expect(replies.last?.ids == ["a2"])
            #expect((replies.last?.ms ?? 0) >= 400)
        }
    }
}

extension EndToEnd {
    @Suite struct ClientWindowTests {
        /// A client refills its window in bursts of an eighth of it, so that SUBMITs reach the
        /// coordinator together and leave as whole batches; every article is still answered once.
        @Test func theClientRefillsItsWindowInBursts() async throws {
            let context = try Context()
            let endpoint = "inproc://client-window-bursts"
            let articles = (1...24).map { Article(id: "a\($0)", text: "text \($0)") }
            #expect(CoordinatorClient.refillBurst(window: 16) == 2)
            #expect(CoordinatorClient.refillBurst(window: 4) == 1)
            #expect(CoordinatorClient.refillBurst(window: 1000) == 16)

            async let outcomes = ClientThread.run { () -> [Int] in
                let client = try CoordinatorClient(context: context, endpoint: endpoint)
                var answered: [Int] = []
                try client.analyze(articles, window: 16, options: SubmitOptions(deadlineMs: 5_000)) { index, _, outcome in
                    if case .analysis = outcome { answered.append(index) }
                }
                return answered
            }
            // The coordinator's side, played by hand: counts SUBMITs, answers when told.
            let script = try await ClientThread.run { () -> (first: Int, afterOne: Int, afterTwo: Int, total: Int) in
                // inproc allows the client to connect before this binds.
                let router = try Socket(context, .router)
                try router.bind(endpoint)
                var peer: [UInt8] = []
                var unanswered: [[UInt8]] = []
                var total = 0
                /// SUBMITs that arrive within `ms`, or until `expected` have (a loaded machine may
                /// be slow to run the client; waiting longer never turns a wrong count right).
                func collect(_ ms: Int, expected: Int = .max) throws -> Int {
                    var count = 0
                    let end = Date().addingTimeInterval(Double(ms) / 1000)
                    while Date() < end, count < expected {
                        var items = [PollItem(readable: router)]
                        try poll(&items, timeoutMilliseconds: max(1, Int(end.timeIntervalSinceNow * 1000)))
                        while let frames = try router.receive()?.frames {
                            guard case .submit(let tag, _, _, _)? = try? ClientMessage.decode(Array(frames.dropFirst())) else { continue }
                            peer = frames[0]
                            unanswered.append(tag)
                            count += 1
                        }
                    }
                    total += count
                    return count
                }
                func answer() throws {
                    let tag = unanswered.removeFirst()
                    _ = try router.send([peer] + ClientMessage.result(tag: tag, analysis: Array("{}".utf8)).encoded())
                }
                let first = try collect(10_000, expected: 16) + collect(100)
                try answer()
                let afterOne = try collect(300)
                try answer()
                let afterTwo = try collect(10_000, expected: 2) + collect(100)
                while total < articles.count {
                    while !unanswered.isEmpty { try answer() }
                    if try collect(10_000, expected: 1) + collect(50) == 0 { break }
                }
                while !unanswered.isEmpty { try answer() }
                return (first, afterOne, afterTwo, total)
            }
            #expect(script.first == 16, "the first fill is the whole window")
            #expect(script.afterOne == 0, "one free slot of 16 is not yet a burst")
            #expect(script.afterTwo == 2, "two free slots are refilled together")
            #expect(script.total == articles.count)
            #expect(try await outcomes.sorted() == Array(0..<articles.count))
        }
    }
}
